//! `fangkong status`: epidemic-free units on a day, by kind or unit by unit.

use fangkong_domain::certify::{Holdback, UnitStatus};
use fangkong_domain::unit::UnitTree;
use fangkong_domain::{Day, UnitKind};
use fangkong_store::Store;
use jiff::Timestamp;

use super::{day_arg, rejected_arg, scope};
use crate::cli::StatusArgs;
use crate::derive::rules;
use crate::output::{Cell, Table};

/// Parses `--as-recorded-at`.
pub(crate) fn as_of_arg(text: Option<&str>) -> anyhow::Result<Option<Timestamp>> {
    text.map(|t| {
        t.parse::<Timestamp>().map_err(|e| {
            rejected_arg(
                "--as-recorded-at",
                format!("'{t}' is not an RFC 3339 instant such as 2020-03-06T20:00:00+08:00 ({e})"),
            )
            .into()
        })
    })
    .transpose()
}

/// Says in words why a unit is not epidemic-free.
pub(crate) fn reason_text(tree: &UnitTree, status: &UnitStatus, window: u32) -> String {
    let name = |i| {
        let u = tree.unit(i);
        format!("{} {}", u.code, u.name)
    };
    match status.holdback {
        None => String::new(),
        Some(Holdback::Event { leaf, day }) => format!(
            "new case or contact on {day} in {} ({} of {window} clean days)",
            name(leaf),
            status.zero_days
        ),
        Some(Holdback::MissingReport { leaf, day }) => format!(
            "no report from {} on {day}: unknown is not zero ({} of {window} clean days)",
            name(leaf),
            status.zero_days
        ),
        Some(Holdback::NotYetDue { leaf, day }) => {
            format!("pending: {}'s report for {day} is not yet due", name(leaf))
        }
        Some(Holdback::ShortHistory { since }) => format!(
            "reports begin on {since}: only {} of {window} clean days so far",
            status.zero_days
        ),
        Some(Holdback::Inspection { leaf, day }) => format!(
            "an inspection of {} on {day} found measures not in place; held until a passing re-inspection",
            name(leaf)
        ),
        Some(Holdback::Measures { leaf, in_place }) => format!(
            "measures not in place in {}: {}",
            name(leaf),
            in_place
                .missing()
                .iter()
                .map(|m| m.field())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Runs `status`.
pub async fn run(
    store: &Store,
    args: StatusArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let day = day_arg("--date", &args.date)?;
    let as_of = as_of_arg(args.as_recorded_at.as_deref())?;
    let kind = args
        .kind
        .as_deref()
        .map(|k| UnitKind::parse(k).map_err(|e| rejected_arg("--kind", e.to_string())))
        .transpose()?;
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, day, day, day, as_of).await?;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let pending = pending_from(store, &rules, as_of).await?;
    let Some(on) = engine.status_as_of(day, Some(pending)) else {
        anyhow::bail!("{day} is outside the loaded reports");
    };
    if !args.units {
        let mut table = Table::new(&["kind", "epidemic_free", "units", "percent", "pending"]);
        for k in UnitKind::ALL {
            let (mut total, mut free, mut waiting) = (0i64, 0i64, 0i64);
            for (i, s) in on.units.iter().enumerate() {
                if tree.unit(i as u32).kind == k {
                    total += 1;
                    free += i64::from(s.epidemic_free);
                    waiting += i64::from(s.pending);
                }
            }
            if total > 0 {
                table.push(vec![
                    k.name().into(),
                    free.into(),
                    total.into(),
                    Cell::Decimal(100.0 * free as f64 / total as f64),
                    waiting.into(),
                ]);
            }
        }
        return table.print(args.format);
    }
    let order = scope(tree, args.under.as_deref(), &format!(" on {day}"))?;
    let mut table = Table::new(&[
        "code",
        "name",
        "kind",
        "epidemic_free",
        "zero_days",
        "earliest_free",
        "reason",
    ]);
    let window = rules.certification.window_days;
    for i in order {
        let unit = tree.unit(i);
        if kind.is_some_and(|k| k != unit.kind) {
            continue;
        }
        let s = &on.units[i as usize];
        table.push(vec![
            unit.code.as_str().into(),
            unit.name.as_str().into(),
            unit.kind.name().into(),
            free_cell(s),
            s.zero_days.into(),
            s.earliest_free.to_string().into(),
            reason_text(tree, s, window).into(),
        ]);
    }
    table.print(args.format)
}

/// The first day whose reports are not yet due: at `as_of` when the command
/// asks for the figures as recorded then, else now on the database's clock.
pub(crate) async fn pending_from(
    store: &Store,
    rules: &fangkong_domain::config::RulesConfig,
    as_of: Option<Timestamp>,
) -> anyhow::Result<Day> {
    match as_of {
        Some(t) => Ok(rules.quality.deadline.pending_from(t)),
        None => crate::clock::pending_from(store, &rules.quality.deadline).await,
    }
}

/// Whether a unit is free, not free or pending, as `status --units` writes it.
pub(crate) fn free_cell(s: &UnitStatus) -> Cell {
    if s.pending {
        "pending".into()
    } else {
        Cell::Bool(s.epidemic_free)
    }
}

/// The day before, for commands that compare consecutive days.
pub(crate) fn day_before(day: Day) -> Day {
    day.plus_days(-1).unwrap_or(day)
}
