//! Daily reports in: parsing the one form (from a CSV row or from flags), checking
//! it against the tree of its day and the revisions already stored, and writing it
//! in one transaction. The CSV import and `fangkong report` share this path, and so
//! does the demo: every report in the database passed the same rules.

use std::collections::HashMap;

use fangkong_domain::report::{
    ReportLimits, ReportingStatus, Submission, next_revision, parse_answer,
};
use fangkong_domain::unit::TreeCalendar;
use fangkong_domain::{Count, DailyReport, Day, Measure, MeasuresInPlace, UnitCode};
use fangkong_store::{NewRevision, ReportBatch, ReportKey, Store, StoredUnits};
use jiff::Timestamp;

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

/// Rows checked against stored revisions in one query, and written in one statement.
const CHUNK: usize = 1_000;

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

/// Checks reports and writes them as revisions inside one transaction.
pub struct ReportIntake<'a> {
    units: &'a StoredUnits,
    calendar: TreeCalendar<'a>,
    today: Day,
    limits: ReportLimits,
    submission: Submission,
    stored_span: Option<(Day, Day)>,
    first_line: HashMap<ReportKey, Option<u64>>,
    pending: Vec<(Option<u64>, i64, DailyReport)>,
    batch: ReportBatch,
    rejected: Rejected,
}

impl<'a> ReportIntake<'a> {
    /// Opens the transaction. `source` names the input in messages.
    pub async fn begin(
        store: &Store,
        units: &'a StoredUnits,
        today: Day,
        submission: Submission,
        source: &str,
    ) -> anyhow::Result<ReportIntake<'a>> {
        Ok(ReportIntake {
            units,
            calendar: TreeCalendar::new(&units.history),
            today,
            limits: ReportLimits::default(),
            submission,
            stored_span: store.report_span().await?,
            first_line: HashMap::new(),
            pending: Vec::with_capacity(CHUNK),
            batch: store.begin_reports(Timestamp::now()).await?,
            rejected: Rejected::new(source),
        })
    }

    /// The problems found so far, to add parse errors to.
    pub fn rejected(&mut self) -> &mut Rejected {
        &mut self.rejected
    }

    /// Checks one parsed report against the rules and queues it.
    pub async fn offer(&mut self, line: Option<u64>, report: DailyReport) -> anyhow::Result<()> {
        let known = self.calendar.knows(&report.unit);
        let status = match self.calendar.tree_on(report.day) {
            Ok(tree) => ReportingStatus::of(tree, &report.unit, known),
            Err(errors) => anyhow::bail!(
                "the stored unit tree of {} is invalid: {}",
                report.day,
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
        let errors = report.check(self.today, &status, &self.limits);
        for e in &errors {
            self.rejected.add(line, Some(e.field()), e.to_string());
        }
        let Some(&unit_id) = self.units.ids.get(&report.unit) else {
            return Ok(());
        };
        if !errors.is_empty() {
            return Ok(());
        }
        if let Some(first) = self.first_line.insert((unit_id, report.day), line) {
            let at = first
                .map(|l| format!(" (first on line {l})"))
                .unwrap_or_default();
            self.rejected.add(
                line,
                Some("unit_code"),
                format!("unit {} appears twice for {}{at}", report.unit, report.day),
            );
            return Ok(());
        }
        self.pending.push((line, unit_id, report));
        if self.pending.len() >= CHUNK {
            self.flush().await?;
        }
        Ok(())
    }

    /// Decides revisions for the queued reports and writes them if all is well so far.
    async fn flush(&mut self) -> anyhow::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        // Only days inside the stored span can collide with a stored report.
        let keys: Vec<ReportKey> = pending
            .iter()
            .filter(|(_, _, r)| {
                self.stored_span
                    .is_some_and(|(a, b)| a <= r.day && r.day <= b)
            })
            .map(|(_, id, r)| (*id, r.day))
            .collect();
        let latest = if keys.is_empty() {
            HashMap::new()
        } else {
            self.batch.latest_for(&keys).await?
        };
        let mut rows = Vec::with_capacity(pending.len());
        for (line, unit_id, report) in pending {
            let before = latest
                .get(&(unit_id, report.day))
                .map(|r| (r.revision, &r.report));
            match next_revision(before, &report, &self.submission) {
                Ok(revision) => rows.push(NewRevision {
                    unit_id,
                    revision,
                    reason: match &self.submission {
                        Submission::New => None,
                        Submission::Correction { reason } => Some(reason.trim().to_string()),
                    },
                    report,
                }),
                Err(e) => self.rejected.add(line, Some("unit_code"), e.to_string()),
            }
        }
        if self.rejected.is_empty() {
            self.batch.insert(&rows).await?;
        }
        Ok(())
    }

    /// Commits everything if no problem was found; otherwise rolls everything back
    /// and returns the rejection. Returns how many revisions were written.
    pub async fn finish(mut self) -> anyhow::Result<usize> {
        self.flush().await?;
        if !self.rejected.is_empty() {
            return Err(self.rejected.into());
        }
        Ok(self.batch.commit().await?)
    }
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
