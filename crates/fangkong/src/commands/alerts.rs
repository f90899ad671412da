//! `fangkong alerts`: the early warnings of a day (SPEC §8), each with its
//! severity and why: cases again in a reporting unit after a quiet spell, an
//! epidemic-free unit that lost the status, a reporting unit gone silent, and
//! appeals surging in a district or a category.

use std::collections::{BTreeMap, HashMap};

use fangkong_domain::Day;
use fangkong_domain::alerts::{AlertKind, Severity, resurgence, silent, surge};
use fangkong_domain::appeals::Category;
use fangkong_domain::unit::{UnitIndex, UnitKind, UnitTree};
use fangkong_store::Store;

use super::date_or_today;
use super::status::day_before;
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

/// The district a unit stands in (itself, if it is one).
fn district_of(tree: &UnitTree, mut i: UnitIndex) -> Option<UnitIndex> {
    loop {
        if tree.unit(i).kind == UnitKind::District {
            return Some(i);
        }
        i = tree.parent(i)?;
    }
}

/// Runs `alerts`.
pub async fn run(
    store: &Store,
    date: Option<&str>,
    format: Format,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let ar = rules.alerts;
    let day = date_or_today(store, date).await?;
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
            .and_then(|i| district_of(&tree, i))
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
    let mut table = Table::new(&["kind", "severity", "unit", "name", "why"]);
    for r in raised {
        table.push(vec![
            r.kind.name().into(),
            r.severity.name().into(),
            r.code.into(),
            r.name.into(),
            r.why.into(),
        ]);
    }
    if format == Format::Table {
        crate::out!("alerts on {day}");
    }
    table.print(format)
}
