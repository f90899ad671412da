//! `fangkong explain`: the full reasoning for one unit on one day.

use fangkong_domain::certify::Holdback;
use fangkong_store::Store;

use super::status::{as_of_arg, reason_text};
use super::{code_arg, day_arg, rejected_arg};
use crate::cli::ExplainArgs;
use crate::derive::rules;
use crate::output::{Format, Table};

/// Runs `explain`.
pub async fn run(
    store: &Store,
    args: ExplainArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let code = code_arg("CODE", &args.code)?;
    let day = day_arg("--date", &args.date)?;
    let as_of = as_of_arg(args.as_recorded_at.as_deref())?;
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, day, day, day, as_of).await?;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let unit = tree
        .index_of(&code)
        .ok_or_else(|| rejected_arg("CODE", format!("unit {code} is not in the tree on {day}")))?;
    let pending = super::status::pending_from(store, &rules, as_of).await?;
    let Some(x) = engine.explain_as_of(unit, day, Some(pending)) else {
        anyhow::bail!("{day} is outside the loaded reports");
    };
    let record = tree.unit(unit);
    let n = x.window_days;
    let s = &x.status;
    if args.format == Format::Table {
        crate::out!(
            "{} {} ({}) on {day}{}",
            record.code,
            record.name,
            record.kind,
            as_of
                .map(|t| format!(", as recorded at {t}"))
                .unwrap_or_default()
        );
        if s.epidemic_free {
            crate::out!(
                "  epidemic-free: yes — {} consecutive clean days (≥ {n}) across {} reporting unit(s), all six measures in place",
                s.zero_days,
                x.reporting_units
            );
        } else if s.pending {
            crate::out!(
                "  epidemic-free: pending — {}; clean otherwise, it is epidemic-free if those reports come in clean with all six measures",
                reason_text(tree, s, n)
            );
        } else {
            crate::out!("  epidemic-free: no — {}", reason_text(tree, s, n));
            crate::out!(
                "  zero occurrence: {} of {n} days across {} reporting unit(s)",
                s.zero_days,
                x.reporting_units
            );
            crate::out!(
                "  measures fully in place: {}",
                if s.measures_ok { "yes" } else { "no" }
            );
            crate::out!(
                "  earliest it can qualify, if every report from now on is zero with all measures: {}",
                s.earliest_free
            );
        }
        if let Some(p) = rules.policy_for(record.kind) {
            crate::out!(
                "  policy for a {}: {}",
                record.kind,
                if s.epidemic_free {
                    &p.epidemic_free
                } else {
                    &p.not_free
                }
            );
        }
        if x.held_back.is_empty() {
            return Ok(());
        }
        crate::out!(
            "  held back by {} reporting unit(s), shortest run first:",
            x.held_back.len()
        );
    }
    let mut table = Table::new(&[
        "code",
        "name",
        "kind",
        "zero_days",
        "cause",
        "day",
        "detail",
    ]);
    for h in &x.held_back {
        let leaf = tree.unit(h.leaf);
        let (cause, when, detail) = match h.holdback {
            Holdback::Event { day: d, .. } => {
                let detail = store
                    .report_history(&leaf.code, d)
                    .await?
                    .last()
                    .map(|r| {
                        format!(
                            "{} confirmed, {} suspected, {} close contacts",
                            r.report.new_confirmed,
                            r.report.new_suspected,
                            r.report.new_close_contacts
                        )
                    })
                    .unwrap_or_default();
                ("event", Some(d), detail)
            }
            Holdback::MissingReport { day: d, .. } => {
                ("missing_report", Some(d), "unknown is not zero".to_string())
            }
            Holdback::NotYetDue { day: d, .. } => (
                "pending",
                Some(d),
                rules
                    .quality
                    .deadline
                    .due(d)
                    .map(|t| {
                        format!(
                            "not in yet; due by {}",
                            fangkong_domain::Day::shanghai_time(t).strftime("%Y-%m-%d %H:%M")
                        )
                    })
                    .unwrap_or_default(),
            ),
            Holdback::ShortHistory { since } => (
                "short_history",
                Some(since),
                "reports begin here".to_string(),
            ),
            Holdback::Inspection { day: d, .. } => (
                "inspection",
                Some(d),
                "an inspection found measures not in place; held until a passing re-inspection"
                    .to_string(),
            ),
            Holdback::Measures { in_place, .. } => (
                "measures",
                Some(day),
                in_place
                    .missing()
                    .iter()
                    .map(|m| m.field())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        };
        table.push(vec![
            leaf.code.as_str().into(),
            leaf.name.as_str().into(),
            leaf.kind.name().into(),
            h.zero_days.into(),
            cause.into(),
            when.map(|d| d.to_string()).into(),
            detail.into(),
        ]);
    }
    table.print(args.format)
}
