//! `fangkong reports`: the latest revision of every report in a span of days.

use std::collections::HashSet;

use fangkong_domain::{Measure, UnitCode};
use fangkong_store::Store;

use super::{day_arg, scope};
use crate::cli::ReportsArgs;
use crate::import::reports::COLUMNS;
use crate::output::{Cell, RowSink};

/// Prints reports ordered by day, then unit code, one day at a time so that a
/// season's listing streams instead of filling memory.
pub async fn run(store: &Store, args: ReportsArgs) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    // The report CSV's own columns, the revision and the backlog (an optional
    // column of the import): the output can be re-imported.
    let columns: Vec<&'static str> = COLUMNS
        .iter()
        .copied()
        .chain(["revision", "backlog"])
        .collect();
    let mut sink = RowSink::new(
        args.format,
        &columns,
        std::io::BufWriter::new(stdout.lock()),
    )?;
    let Some((first, last)) = store.report_span().await? else {
        return sink.finish();
    };
    let from = args
        .from
        .as_deref()
        .map(|d| day_arg("--from", d))
        .transpose()?
        .unwrap_or(first)
        .max(first);
    let to = args
        .to
        .as_deref()
        .map(|d| day_arg("--to", d))
        .transpose()?
        .unwrap_or(last)
        .min(last);
    let within: Option<HashSet<UnitCode>> = match args.under.as_deref() {
        None => None,
        Some(_) => {
            let history = store.units().await?.history;
            let tree = history
                .current_tree()
                .map_err(|e| anyhow::anyhow!("the stored tree is invalid: {}", e[0]))?;
            let units = scope(&tree, args.under.as_deref(), "")?;
            Some(
                units
                    .into_iter()
                    .map(|i| tree.unit(i).code.clone())
                    .collect(),
            )
        }
    };
    let mut day = from;
    while day <= to {
        let mut revisions: Vec<_> = store
            .latest_reports(day, day)
            .await?
            .into_values()
            .filter(|r| {
                within
                    .as_ref()
                    .is_none_or(|set| set.contains(&r.report.unit))
            })
            .collect();
        revisions.sort_by(|a, b| a.report.unit.cmp(&b.report.unit));
        for rev in revisions {
            let r = rev.report;
            let mut row: Vec<Cell> = vec![r.day.to_string().into(), r.unit.as_str().into()];
            row.extend(r.counts().map(|c| c.get().into()));
            row.extend(Measure::ALL.map(|m| i64::from(r.measures.get(m)).into()));
            row.push(r.reporter.into());
            row.push(r.remark.into());
            row.push(rev.revision.into());
            row.push(r.backlog.get().into());
            sink.push(row)?;
        }
        let Some(next) = day.next() else { break };
        day = next;
    }
    sink.finish()
}
