//! `fangkong alerts`: the early warnings of a day (SPEC §8), each with its
//! severity and why: cases again in a reporting unit after a quiet spell, an
//! epidemic-free unit that lost the status, a reporting unit gone silent, and
//! appeals surging in a district or a category.

use std::collections::{BTreeMap, HashMap};

use fangkong_domain::Day;
use fangkong_domain::alerts::{
    AlertKind, AlertState, Severity, may_become, resurgence, silent, surge,
};
use fangkong_domain::appeals::Category;
use fangkong_domain::unit::{UnitIndex, UnitKind};
use fangkong_store::Store;

use super::status::day_before;
use super::{date_or_today, rejected_arg};
use crate::derive::rules;
use crate::output::{Format, Table};

/// One alert, as printed.
struct Raised {
    kind: AlertKind,
    severity: Severity,
    code: String,
    name: String,
    why: String,
}

/// What `alerts` is asked.
pub struct Request<'a> {
    /// The day.
    pub date: Option<&'a str>,
    /// An alert to acknowledge, `kind:key`.
    pub acknowledge: Option<&'a str>,
    /// An alert to close, `kind:key`.
    pub close: Option<&'a str>,
    /// What was done.
    pub note: &'a str,
    /// The output format.
    pub format: Format,
}

/// Runs `alerts`.
pub async fn run(
    store: &Store,
    request: Request<'_>,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let ar = rules.alerts;
    let day = date_or_today(store, request.date).await?;
    let format = request.format;
    let mut raised: Vec<Raised> = Vec::new();

    // Lost status: the engine over yesterday and today.
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, day, day_before(day), day, None)
            .await?;
    let engine = &loaded.engine;
    let tree = engine.tree().clone();
    if let (Some(before), Some(now)) = (engine.status_on(day_before(day)), engine.status_on(day)) {
        for i in 0..tree.len() {
            let (was, is) = (before.units[i].epidemic_free, now.units[i].epidemic_free);
            if was && !is {
                let u = tree.unit(i as UnitIndex);
                raised.push(Raised {
                    kind: AlertKind::LostStatus,
                    severity: if matches!(u.kind, UnitKind::Compound | UnitKind::Village) {
                        Severity::Medium
                    } else {
                        Severity::High
                    },
                    code: u.code.to_string(),
                    name: u.name.clone(),
                    why: format!(
                        "{} was epidemic-free on {} and is not on {day}",
                        u.name,
                        day_before(day)
                    ),
                });
            }
        }
    }

    // Resurgence and silence: the reporting units' own reports.
    let span = ar.quiet_days.max(ar.silent_days + 1) as i32;
    let from = day.plus_days(-span).unwrap_or(day);
    let days = (day.offset_from(from) + 1) as usize;
    let mut confirmed: HashMap<String, Vec<Option<i64>>> = HashMap::new();
    for r in store
        .latest_reports(from, day)
        .await?
        .into_values()
        .map(|r| r.report)
    {
        let row = confirmed
            .entry(r.unit.to_string())
            .or_insert_with(|| vec![None; days]);
        row[r.day.offset_from(from) as usize] = Some(i64::from(r.new_confirmed.get()));
    }
    for i in 0..tree.len() as UnitIndex {
        if !tree.is_reporting(i) {
            continue;
        }
        let u = tree.unit(i);
        let Some(row) = confirmed.get(u.code.as_str()) else {
            continue;
        };
        if let Some(cases) = resurgence(row, ar.quiet_days) {
            raised.push(Raised {
                kind: AlertKind::Resurgence,
                severity: Severity::High,
                code: u.code.to_string(),
                name: u.name.clone(),
                why: format!(
                    "{cases} new confirmed on {day} after {} days without a case",
                    ar.quiet_days
                ),
            });
        }
        let reported: Vec<bool> = row.iter().map(Option::is_some).collect();
        if silent(&reported, ar.silent_days) {
            raised.push(Raised {
                kind: AlertKind::Silence,
                severity: Severity::Medium,
                code: u.code.to_string(),
                name: u.name.clone(),
                why: format!(
                    "no report for the last {} days, after reporting before",
                    ar.silent_days
                ),
            });
        }
    }

    // Appeal surges: per district and per category, day by day.
    let base = day.plus_days(-(ar.baseline_days as i32)).unwrap_or(day);
    let since = base.at_shanghai(jiff::civil::time(0, 0, 0, 0));
    let appeals = store.appeals(since).await?;
    let width = (day.offset_from(base) + 1) as usize;
    let mut by_district: BTreeMap<UnitIndex, Vec<u32>> = BTreeMap::new();
    let mut by_category: BTreeMap<Category, Vec<u32>> = BTreeMap::new();
    for a in appeals.iter().filter(|a| a.duplicate_of.is_none()) {
        let d = Day::in_shanghai(a.received_at);
        if d < base || d > day {
            continue;
        }
        let k = d.offset_from(base) as usize;
        by_category
            .entry(a.category)
            .or_insert_with(|| vec![0; width])[k] += 1;
        if let Some(district) = a
            .unit
            .as_ref()
            .and_then(|c| tree.index_of(c))
            .and_then(|i| tree.ancestor_of_kind(i, UnitKind::District))
        {
            by_district
                .entry(district)
                .or_insert_with(|| vec![0; width])[k] += 1;
        }
    }
    let mut surges = |code: String, name: String, what: String, counts: &[u32]| {
        let Some((&today, history)) = counts.split_last() else {
            return;
        };
        if let Some(s) = surge(history, today, ar.surge_deviations, ar.surge_minimum) {
            raised.push(Raised {
                kind: AlertKind::AppealSurge,
                severity: Severity::Medium,
                code,
                name,
                why: format!(
                    "{today} {what} on {day}, against a median of {:.0} over the {} days before (threshold {:.1})",
                    s.median, ar.baseline_days, s.threshold
                ),
            });
        }
    };
    for (d, counts) in &by_district {
        let u = tree.unit(*d);
        surges(u.code.to_string(), u.name.clone(), "appeals".into(), counts);
    }
    for (c, counts) in &by_category {
        surges(
            String::new(),
            c.label_zh().into(),
            format!("{} appeals", c.name()),
            counts,
        );
    }

    raised.sort_by(|a, b| (a.severity, a.kind, &a.code).cmp(&(b.severity, b.kind, &b.code)));
    let key_of = |r: &Raised| {
        if r.code.is_empty() {
            r.name.clone()
        } else {
            r.code.clone()
        }
    };
    let notes = store.alert_notes(day).await?;
    // Acknowledging or closing one of the day's alerts.
    let wanted = match (request.acknowledge, request.close) {
        (Some(k), _) => Some((k, AlertState::Acknowledged, "--acknowledge")),
        (_, Some(k)) => Some((k, AlertState::Closed, "--close")),
        _ => None,
    };
    if let Some((target, state, flag)) = wanted {
        let (kind, key) = target.split_once(':').ok_or_else(|| {
            rejected_arg(
                flag,
                format!("'{target}' is not KIND:KEY (e.g. resurgence:420102002003-01)"),
            )
        })?;
        if !raised
            .iter()
            .any(|r| r.kind.name() == kind && key_of(r) == key)
        {
            return Err(rejected_arg(flag, format!("no alert {kind}:{key} on {day}")).into());
        }
        let current = notes.get(&(kind.to_string(), key.to_string())).map(|n| n.0);
        may_become(current, state, request.note).map_err(|e| rejected_arg(flag, e.into()))?;
        store
            .add_alert_note(
                day,
                kind,
                key,
                state,
                request.note.trim(),
                jiff::Timestamp::now(),
                &crate::actor::cli_actor(),
            )
            .await?;
        crate::out!("{kind}:{key} on {day} is {}", state.name());
        return Ok(());
    }
    let mut table = Table::new(&["kind", "severity", "unit", "name", "why", "state", "note"]);
    for r in raised {
        let note = notes.get(&(r.kind.name().to_string(), key_of(&r)));
        table.push(vec![
            r.kind.name().into(),
            r.severity.name().into(),
            r.code.into(),
            r.name.into(),
            r.why.into(),
            note.map_or("open", |n| n.0.name()).into(),
            note.map(|n| n.1.clone()).into(),
        ]);
    }
    if format == Format::Table {
        crate::out!("alerts on {day}");
    }
    table.print(format)
}
