//! Daily reports in: parsing the one form, from a CSV row or from flags, and the
//! CSV import. Checking and writing is [`super::intake`]'s job; the CSV import,
//! `fangkong report` and the demo all go through it, so every report in the
//! database passed the same rules.

use fangkong_domain::report::{Submission, parse_answer};
use fangkong_domain::{Count, DailyReport, Day, Measure, MeasuresInPlace, UnitCode};
use fangkong_store::Store;

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

/// The report's fields as text, before any parsing.
pub struct ReportText<'a> {
    /// `date`.
    pub date: &'a str,
    /// `unit_code`.
    pub unit_code: &'a str,
    /// The four counts in form order.
    pub counts: [&'a str; 4],
    /// The six measures, already parsed (flags) or as text (CSV).
    pub measures: MeasuresText<'a>,
    /// `reporter`.
    pub reporter: &'a str,
    /// `remark` (empty: none).
    pub remark: &'a str,
}

/// The six measures as the input gives them.
pub enum MeasuresText<'a> {
    /// One yes/no text per measure, in form order (CSV columns).
    Answers([&'a str; 6]),
    /// A list of the measures in place: `all`, `none` or comma-separated names (flags).
    List(&'a str),
}

/// Parses the text fields into a report, recording each bad field in `rejected`.
pub fn parse_report(
    text: &ReportText<'_>,
    line: Option<u64>,
    rejected: &mut Rejected,
) -> Option<DailyReport> {
    let mut ok = true;
    let mut fail = |field: &str, msg: String| {
        rejected.add(line, Some(field), msg);
        ok = false;
    };
    let day = Day::parse(text.date)
        .map_err(|e| fail("date", e.to_string()))
        .ok();
    let unit = UnitCode::parse(text.unit_code)
        .map_err(|e| fail("unit_code", e.to_string()))
        .ok();
    let mut counts = [Count::ZERO; 4];
    for (i, (field, value)) in fangkong_domain::report::daily::COUNT_FIELDS
        .into_iter()
        .zip(text.counts)
        .enumerate()
    {
        match Count::parse(value) {
            Ok(c) => counts[i] = c,
            Err(e) => fail(field, e.to_string()),
        }
    }
    let mut measures = MeasuresInPlace::NONE;
    match &text.measures {
        MeasuresText::Answers(answers) => {
            for (m, answer) in Measure::ALL.into_iter().zip(answers) {
                match parse_answer(answer) {
                    Ok(yes) => measures = measures.with(m, yes),
                    Err(e) => fail(m.field(), e.to_string()),
                }
            }
        }
        MeasuresText::List(list) => match parse_measure_list(list) {
            Ok(m) => measures = m,
            Err(msg) => fail("in_place", msg),
        },
    }
    let remark = Some(text.remark.trim())
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    let report = DailyReport {
        day: day?,
        unit: unit?,
        new_confirmed: counts[0],
        new_suspected: counts[1],
        new_close_contacts: counts[2],
        new_fever: counts[3],
        measures,
        reporter: text.reporter.trim().to_string(),
        remark,
    };
    ok.then_some(report)
}

/// Parses `all`, `none` or a comma list of measure names.
pub fn parse_measure_list(list: &str) -> Result<MeasuresInPlace, String> {
    match list.trim() {
        "all" => return Ok(MeasuresInPlace::ALL),
        "none" => return Ok(MeasuresInPlace::NONE),
        _ => {}
    }
    let mut set = MeasuresInPlace::NONE;
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let m = Measure::from_field(name).ok_or_else(|| {
            format!(
                "'{name}' is not a measure (use all, none, or a list of: {})",
                Measure::ALL.map(Measure::field).join(", ")
            )
        })?;
        set = set.with(m, true);
    }
    Ok(set)
}

/// Imports a report CSV: one transaction, every bad row listed.
pub async fn import_reports(
    store: &Store,
    mut input: CsvInput,
    today: Day,
    submission: Submission,
) -> anyhow::Result<usize> {
    let units = store.units().await?;
    let columns = input.columns(&COLUMNS)?;
    let col: Vec<Option<usize>> = COLUMNS.iter().map(|c| columns.at(c)).collect();
    let mut intake = ReportIntake::begin(store, &units, today, submission, input.label()).await?;
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
        };
        if let Some(report) = parse_report(&text, Some(row.line), intake.rejected()) {
            intake.offer(Some(row.line), report).await?;
        }
    }
    intake.finish().await
}
