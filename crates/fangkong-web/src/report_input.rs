//! One report from the web (the form or the JSON API): parsed field by field,
//! authorized, checked by the domain's rules against the tree of its day, and
//! filed. Both surfaces go through here, so a report is accepted or refused for
//! the same reasons wherever it comes from.

use crate::i18n::errors as say;
use fangkong_domain::access::{Action, ActionKind};
use fangkong_domain::quality::{Finding, Severity};
use fangkong_domain::report::text::{MeasuresText, ReportText};
use fangkong_domain::report::{ReportingStatus, RevisionError, Submission};
use fangkong_domain::{DailyReport, Measure};
use fangkong_domain::{Day, MeasuresInPlace, UnitCode};
use fangkong_store::{Channel, Filed, Filing, Provenance};
use jiff::Timestamp;

use crate::AppState;
use crate::auth::{Viewer, refuse};
use crate::error::ApiError;

/// A report's fields as the client sent them.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    /// The unit code.
    pub unit: String,
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The four counts in form order, as text.
    pub counts: [String; 4],
    /// The six measures.
    pub measures: MeasuresInPlace,
    /// Who reports.
    pub reporter: String,
    /// A remark (empty: none).
    pub remark: String,
    /// Of the new confirmed, those of earlier days (empty: none marked).
    pub backlog: String,
    /// A correction's reason (empty: a new report).
    pub reason: String,
    /// The client's key for this submission.
    pub submission_id: Option<String>,
    /// Where it comes from (the form, the API).
    pub channel: Channel,
    /// The form only: when the server rendered it (RFC 3339), carried in the page.
    pub opened_at: String,
    /// The form only: the values it was pre-filled with (see [`Prefill`]).
    pub prefill: String,
    /// The language the refusals are said in.
    pub lang: crate::i18n::Lang,
}

/// The values a form was pre-filled with, carried in the page so that the fields
/// the reporter changed can be counted (the burden figures): the four counts, the
/// measures' bits and the remark, written `c,c,c,c,bits;remark`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefill {
    /// The four counts.
    pub counts: [u32; 4],
    /// The six measures.
    pub measures: MeasuresInPlace,
    /// The remark.
    pub remark: String,
}

impl Prefill {
    /// The text carried in the page.
    pub fn encode(&self) -> String {
        format!(
            "{},{},{},{},{};{}",
            self.counts[0],
            self.counts[1],
            self.counts[2],
            self.counts[3],
            self.measures.bits(),
            self.remark
        )
    }

    /// Reads the text back; `None` if it is not one (a stale or altered page).
    pub fn decode(text: &str) -> Option<Prefill> {
        let (numbers, remark) = text.split_once(';')?;
        let n: Vec<u32> = numbers
            .split(',')
            .map(|x| x.parse().ok())
            .collect::<Option<_>>()?;
        let [a, b, c, d, bits] = n.as_slice() else {
            return None;
        };
        Some(Prefill {
            counts: [*a, *b, *c, *d],
            measures: MeasuresInPlace::from_bits(u8::try_from(*bits).ok()?),
            remark: remark.to_string(),
        })
    }

    /// How many of the report's fields differ from these values.
    pub fn fields_changed(&self, report: &DailyReport) -> u32 {
        let counts = report
            .counts()
            .iter()
            .zip(self.counts)
            .filter(|(c, p)| c.get() != *p)
            .count();
        let measures = Measure::ALL
            .iter()
            .filter(|m| report.measures.get(**m) != self.measures.get(**m))
            .count();
        let remark = usize::from(report.remark.as_deref().unwrap_or("") != self.remark.trim());
        (counts + measures + remark) as u32
    }
}

/// Why a report was not filed.
#[derive(Debug)]
pub enum NotFiled {
    /// Fields at fault, each with its message, in form order.
    Fields(Vec<(&'static str, String)>),
    /// The unit and day already have a report, and this is not a correction.
    Duplicate {
        /// The field that would make it one (`reason`).
        field: &'static str,
        /// What is stored.
        message: String,
    },
    /// Refused as a whole (not signed in, forbidden, unknown unit, failure).
    Refused(ApiError),
}

impl From<ApiError> for NotFiled {
    fn from(e: ApiError) -> Self {
        NotFiled::Refused(e)
    }
}

impl NotFiled {
    /// As an API error: the first field at fault.
    pub fn into_api(self) -> ApiError {
        match self {
            NotFiled::Refused(e) => e,
            NotFiled::Duplicate { field, message } => ApiError::Conflict { field, message },
            NotFiled::Fields(fields) => match fields.into_iter().next() {
                Some((field, message)) => ApiError::Invalid { field, message },
                None => ApiError::Internal("a report refused without a reason".into()),
            },
        }
    }

    /// Every field at fault, for a form to show beside each.
    pub fn into_fields(self) -> Result<Vec<(&'static str, String)>, ApiError> {
        match self {
            NotFiled::Refused(e) => Err(e),
            NotFiled::Duplicate { field, message } => Ok(vec![(field, message)]),
            NotFiled::Fields(fields) => Ok(fields),
        }
    }
}

/// What a filed report became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The unit.
    pub unit: UnitCode,
    /// The day.
    pub day: Day,
    /// The revision it is (or was, for a repeated submission).
    pub revision: u32,
    /// Whether this submission had been recorded before.
    pub repeated: bool,
    /// What the configured validation rules flag without refusing.
    pub warnings: Vec<Finding>,
}

/// Parses, authorizes, checks and files one report.
pub async fn file(
    state: &AppState,
    viewer: &Viewer,
    input: ReportInput,
) -> Result<Receipt, NotFiled> {
    // The unit first: nothing of a report for a unit outside the scope is read.
    crate::auth::authorize_units(state, viewer, ActionKind::FileReport, [input.unit.as_str()])
        .await?;
    // A count left empty is unknown, never zero (SPEC §2): it is refused. The
    // form starts every count at 0; a worker who clears one says "I don't know".
    let counts = input.counts.each_ref().map(String::as_str);
    let text = ReportText {
        date: &input.date,
        unit_code: &input.unit,
        counts,
        measures: MeasuresText::Given(input.measures),
        reporter: &input.reporter,
        remark: &input.remark,
        backlog: &input.backlog,
    };
    let lang = input.lang;
    let report = text.parse_typed().map_err(|errors| {
        NotFiled::Fields(
            errors
                .into_iter()
                .map(|(f, p)| (web_field(f), say::field_problem(&p, lang)))
                .collect(),
        )
    })?;
    let (unit, day) = (report.unit.clone(), report.day);
    let Checked {
        unit_id,
        mut errors,
        warnings,
    } = check(state, viewer, &report, lang).await?;
    if let Err(e) = state.rules.limits.note(&input.reason) {
        errors.push(("reason", say::limit(&e, lang)));
    }
    let unit_id = match unit_id {
        Some(id) if errors.is_empty() => id,
        _ => return Err(NotFiled::Fields(errors)),
    };
    let submission = if input.reason.trim().is_empty() {
        Submission::New
    } else {
        Submission::Correction {
            reason: fangkong_domain::limits::normalise(input.reason.trim()),
        }
    };
    let provenance = Provenance {
        channel: input.channel,
        recorded_at: None,
        opened_at: opened_at(&input.opened_at, state.clock.now()),
        fields_changed: Prefill::decode(&input.prefill).map(|p| p.fields_changed(&report)),
    };
    let filed = state
        .filer
        .file(Filing {
            provenance,
            unit_id,
            report,
            submission,
            submission_id: input.submission_id.filter(|s| !s.trim().is_empty()),
            actor: viewer.name().to_string(),
        })
        .await?;
    match filed {
        Filed::Recorded { revision } => Ok(Receipt {
            unit,
            day,
            revision,
            repeated: false,
            warnings,
        }),
        Filed::Repeated { revision } => Ok(Receipt {
            unit,
            day,
            revision,
            repeated: true,
            warnings,
        }),
        // Every revision rule is about the correction's reason: a duplicate needs one,
        // the others have one that does not apply.
        Filed::Refused(e @ RevisionError::Duplicate { .. }) => Err(NotFiled::Duplicate {
            field: "reason",
            message: say::revision(&e, lang),
        }),
        Filed::Refused(e) => Err(NotFiled::Fields(vec![("reason", say::revision(&e, lang))])),
    }
}

/// What the rules say of one parsed report, whoever sent it.
pub struct Checked {
    /// The unit's database key (`None`: no such unit).
    pub unit_id: Option<i64>,
    /// The fields at fault, each with its message, in form order.
    pub errors: Vec<(&'static str, String)>,
    /// What the configured validation rules flag without refusing.
    pub warnings: Vec<Finding>,
}

/// Asks the access rule whether `viewer` may file this report (a refusal is
/// audited and returned), then checks it by the domain's rules against the
/// tree of its day and the configured validation rules.
pub async fn check(
    state: &AppState,
    viewer: &Viewer,
    report: &DailyReport,
    lang: crate::i18n::Lang,
) -> Result<Checked, NotFiled> {
    let (unit, day) = (&report.unit, report.day);
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let mut warnings = Vec::new();
    let loaded = state.engine.read().await;
    let history = &loaded.units.history;
    let same_tree = history.epoch_of(day) == history.epoch_of(state.last_day);
    let built;
    let tree = if same_tree {
        loaded.engine.tree()
    } else {
        built = history.tree_on(day).map_err(|e| {
            ApiError::Internal(format!("the stored tree of {day} is invalid: {}", e[0]))
        })?;
        &built
    };
    if let Some(index) = tree.index_of(unit) {
        let decision = viewer.principal().may(Action::FileReport(index), tree);
        if let Err(denied) = decision {
            drop(loaded);
            return Err(
                refuse(state, viewer, "report", &format!("{unit} {day}"), denied)
                    .await
                    .into(),
            );
        }
    }
    let status = ReportingStatus::of(tree, unit, history.latest(unit).is_some());
    for e in report.check(state.clock.today(), &status, &state.rules.limits) {
        errors.push((web_field(e.field()), say::report(&e, lang)));
    }
    if let ReportingStatus::Reporting { population } = status {
        for finding in state.rules.quality.on_filing(report, population) {
            match finding.severity {
                Severity::Error => errors.push((
                    state
                        .rules
                        .quality
                        .field_of(&finding.rule)
                        .unwrap_or("unit"),
                    format!("{}: {}", finding.rule, finding.message),
                )),
                Severity::Warning => warnings.push(finding),
            }
        }
    }
    Ok(Checked {
        unit_id: loaded.units.ids.get(unit).copied(),
        errors,
        warnings,
    })
}

/// When the form was opened, if the page says so plausibly: not in the future,
/// and not more than a day ago (a page left open overnight says nothing about the
/// time it takes to fill in).
fn opened_at(text: &str, now: Timestamp) -> Option<Timestamp> {
    let at: Timestamp = text.trim().parse().ok()?;
    let age = now.as_second() - at.as_second();
    (0..=86_400).contains(&age).then_some(at)
}

/// The web's name of a domain field: the unit is `unit` in the form and the API
/// (`unit_code` is the CSV column).
fn web_field(field: &'static str) -> &'static str {
    match field {
        "unit_code" => "unit",
        f => f,
    }
}
