//! `fangkong history`: every revision of one report, with what each one changed.

use fangkong_store::Store;

use super::{code_arg, day_arg};
use crate::cli::HistoryArgs;
use crate::output::{Cell, Table};

/// Prints the revisions oldest first.
pub async fn run(store: &Store, args: HistoryArgs) -> anyhow::Result<()> {
    let code = code_arg("CODE", &args.code)?;
    let day = day_arg("DATE", &args.date)?;
    let revisions = store.report_history(&code, day).await?;
    if revisions.is_empty() {
        anyhow::bail!("no report from {code} for {day} (a missing report is not a zero)");
    }
    let mut table = Table::new(&[
        "revision",
        "recorded_at",
        "reporter",
        "reason",
        "new_confirmed",
        "new_suspected",
        "new_close_contacts",
        "new_fever",
        "measures_not_in_place",
        "remark",
        "changes",
    ]);
    let mut previous = None;
    for rev in &revisions {
        let r = &rev.report;
        let changes = previous
            .map(|old| {
                r.changes_from(old)
                    .iter()
                    .map(|c| format!("{}: {} -> {}", c.field, c.old, c.new))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        table.push(vec![
            rev.revision.into(),
            rev.recorded_at.to_string().into(),
            r.reporter.as_str().into(),
            rev.reason.clone().into(),
            r.new_confirmed.get().into(),
            r.new_suspected.get().into(),
            r.new_close_contacts.get().into(),
            r.new_fever.get().into(),
            r.measures
                .missing()
                .iter()
                .map(|m| m.field())
                .collect::<Vec<_>>()
                .join(",")
                .into(),
            Cell::from(r.remark.clone()),
            changes.into(),
        ]);
        previous = Some(r);
    }
    table.print(args.format)
}
