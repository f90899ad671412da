//! Daily reports in: parsing the one form, from a CSV row or from flags, and the
//! CSV import. Checking and writing is [`super::intake`]'s job; the CSV import,
//! `fangkong report` and the demo all go through it, so every report in the
//! database passed the same rules.

use fangkong_domain::config::RulesConfig;
use fangkong_domain::report::Submission;
pub use fangkong_domain::report::text::{MeasuresText, ReportText};
use fangkong_domain::{DailyReport, Day};
use fangkong_store::{Channel, Store};

use super::intake::ReportIntake;
use super::{CsvInput, Rejected};

/// The columns of the report CSV, in their documented order.
pub const COLUMNS: [&str; 14] = [
    "date",
    "unit_code",
    "new_confirmed",
    "new_suspected",
    "new_close_contacts",
    "new_fever",
    "closed_management",
    "screening",
    "disinfection",
    "supplies",
    "stability",
    "publicity",
    "reporter",
    "remark",
];

/// Parses the text fields into a report (the domain's rules), recording each bad
/// field in `rejected` with its line.
pub fn parse_report(
    text: &ReportText<'_>,
    line: Option<u64>,
    rejected: &mut Rejected,
) -> Option<DailyReport> {
    match text.parse() {
        Ok(report) => Some(report),
        Err(errors) => {
            for (field, message) in errors {
                rejected.add(line, Some(field), message);
            }
            None
        }
    }
}

/// Imports a report CSV: one transaction, every bad row listed.
pub async fn import_reports(
    store: &Store,
    mut input: CsvInput,
    today: Day,
    submission: Submission,
    rules: &RulesConfig,
) -> anyhow::Result<usize> {
    let units = store.units().await?;
    let columns = input.columns(&COLUMNS)?;
    let col: Vec<Option<usize>> = COLUMNS.iter().map(|c| columns.at(c)).collect();
    // Optional: of the new confirmed, those of earlier days (none if absent).
    let backlog_col = columns.at("backlog");
    let mut intake = ReportIntake::begin(
        store,
        &units,
        today,
        submission,
        input.label(),
        Channel::Import,
        &crate::actor::cli_actor(),
    )
    .await?
    .with_rules(rules);
    while let Some(row) = input.next_row(intake.rejected()) {
        let text = ReportText {
            date: row.get(col[0]),
            unit_code: row.get(col[1]),
            counts: [
                row.get(col[2]),
                row.get(col[3]),
                row.get(col[4]),
                row.get(col[5]),
            ],
            measures: MeasuresText::Answers([
                row.get(col[6]),
                row.get(col[7]),
                row.get(col[8]),
                row.get(col[9]),
                row.get(col[10]),
                row.get(col[11]),
            ]),
            reporter: row.get(col[12]),
            remark: row.get(col[13]),
            backlog: row.get(backlog_col),
        };
        if let Some(report) = parse_report(&text, Some(row.line), intake.rejected()) {
            intake.offer(Some(row.line), report).await?;
        }
    }
    intake.finish().await
}
