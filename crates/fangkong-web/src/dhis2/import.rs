//! `POST /api/dataValueSets`: a DHIS2 data value set (JSON, XML or CSV, by
//! `Content-Type`) filed as daily reports, all or none. The same access rule
//! and the same checks as a report filed through the form or `/api/v1`; the
//! answer is DHIS2's import summary (409 with every conflict when nothing was
//! imported).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use fangkong_domain::access::ActionKind;
use fangkong_domain::exchange::dhis2::{
    Assembler, Collected, DataValue, Place, ValueProblem, ValueSink,
};
use fangkong_domain::exchange::dhis2_ids::{Directory, Resolving, SCHEME_KEYS, Schemes};
use fangkong_domain::exchange::dhis2_strategy::{Decision, Strategy, decide};
use fangkong_domain::report::Submission;
use fangkong_domain::{DailyReport, Day};
use fangkong_exchange::dhis2::Format;
use fangkong_store::{Channel, Filing, Provenance};
use jiff::Timestamp;

use super::message::{Conflict, ImportCount, ImportSummary, WebMessage, error};
use crate::AppState;
use crate::auth::{Caller, Viewer, authorize_units};
use crate::doors::Face;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::report_input::{Checked, NotFiled, check};

/// The import's options: DHIS2's query parameters, which the document's own
/// attributes override.
#[derive(Debug, Clone)]
struct Options {
    schemes: Schemes,
    dry_run: bool,
    strategy: Strategy,
    complete_date: Option<String>,
}

impl Options {
    /// Reads `dryRun`, `importStrategy` (or `strategy`) and `completeDate`
    /// from `pairs`, starting from `self`.
    fn read<'a>(
        mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Options, ApiError> {
        for (key, value) in pairs {
            match key {
                "dryRun" => {
                    self.dry_run = match value.trim().to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(ApiError::Invalid {
                                field: "dryRun",
                                message: format!("'{value}' is not true or false"),
                            });
                        }
                    }
                }
                "importStrategy" | "strategy" => {
                    self.strategy = Strategy::parse(value).map_err(|message| ApiError::Invalid {
                        field: "importStrategy",
                        message,
                    })?
                }
                "completeDate" => self.complete_date = Some(value.to_string()),
                _ => {}
            }
        }
        Ok(self)
    }
}

/// Numbers the values of a document in order, so that each conflict names the
/// indexes DHIS2's tools expect beside the place people read.
struct Numbering<S> {
    inner: S,
    seen: HashMap<Place, usize>,
}

impl<S: ValueSink> Numbering<S> {
    fn note(&mut self, place: &str) {
        let next = self.seen.len();
        self.seen
            .entry(value_place(place).to_string())
            .or_insert(next);
    }
}

impl<S: ValueSink> ValueSink for Numbering<S> {
    fn value(&mut self, place: Place, value: DataValue) {
        self.note(&place);
        self.inner.value(place, value);
    }
    fn problem(&mut self, problem: ValueProblem) {
        if is_value_problem(&problem) {
            self.note(&problem.place);
        }
        self.inner.problem(problem);
    }
    fn envelope(&mut self, key: &str, value: &str) {
        self.inner.envelope(key, value);
    }
}

/// A value's place without the field a problem adds (`$.dataValues[3].value`).
fn value_place(place: &str) -> &str {
    match place.find("].") {
        Some(i) if place.starts_with('$') => &place[..=i],
        _ => place,
    }
}

/// Whether a problem makes the document unreadable (its syntax, its header,
/// a scheme fangkong does not have): a 400, not a conflict.
fn is_document_problem(p: &ValueProblem) -> bool {
    matches!(
        p.field,
        "json" | "xml" | "csv" | "header" | "dataValueSet" | "dataValues"
    ) || SCHEME_KEYS.contains(&p.field)
}

/// Whether a problem is about one value (its place is numbered); an unknown
/// data set is a conflict of the whole set.
fn is_value_problem(p: &ValueProblem) -> bool {
    !is_document_problem(p) && p.field != "dataSet"
}

/// DHIS2's error code for a problem with `field`.
fn error_code(field: &str) -> &'static str {
    match field {
        "dataSet" => "E7600",
        "orgUnit" | "unit" => "E7612",
        "dataElement" => "E7610",
        "period" | "date" => "E7611",
        "categoryOptionCombo" => "E7613",
        "attributeOptionCombo" => "E7615",
        "completeDate" => "E7643",
        _ => "E7619",
    }
}

/// DHIS2's name of a report field: counts are their data elements.
fn dhis2_property(field: &str) -> String {
    use fangkong_domain::exchange::dhis2::COUNT_ELEMENTS;
    use fangkong_domain::report::daily::COUNT_FIELDS;
    if let Some(k) = COUNT_FIELDS.iter().position(|f| *f == field) {
        return COUNT_ELEMENTS[k].to_string();
    }
    match field {
        "unit" | "unit_code" => "orgUnit".into(),
        "date" => "period".into(),
        other => other.into(),
    }
}

/// A report read from the document, with the positions of its values.
struct Carried {
    report: DailyReport,
    indexes: Vec<usize>,
    place: Place,
}

/// `POST /api/dataValueSets`.
pub async fn post_data_value_sets(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    uri: Uri,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = Lang::of_request(&uri, &headers, Face::Dhis2);
    match import(&state, &viewer, &params, &headers, &body, lang).await {
        Ok(summary) => WebMessage::import(summary).into_response(),
        Err(e) => error(e),
    }
}

async fn import(
    state: &AppState,
    viewer: &Viewer,
    params: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    lang: Lang,
) -> Result<ImportSummary, ApiError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let format = Format::of_media_type(media).ok_or_else(|| ApiError::Rejected {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        message: format!(
            "Content-Type '{media}' is not a data value set: send application/json, application/xml or application/csv"
        ),
    })?;
    let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let schemes = Schemes::from_params(Schemes::default(), pairs()).map_err(|(_, message)| {
        ApiError::Invalid {
            field: "idScheme",
            message,
        }
    })?;
    let options = Options {
        schemes,
        dry_run: false,
        strategy: Strategy::default(),
        complete_date: None,
    }
    .read(pairs())?;
    let directory = {
        let loaded = state.engine.read().await;
        Directory::new(&loaded.units.history)
    };
    let mut numbering = Numbering {
        inner: Resolving::new(&directory, options.schemes, Collected::default()),
        seen: HashMap::new(),
    };
    fangkong_exchange::dhis2::read(format, body, &mut numbering);
    let seen = numbering.seen;
    let (collected, _, envelope) = numbering.inner.finish();
    // The document's own attributes override the query's, as in DHIS2.
    let options = options.read(envelope.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let (document, values): (Vec<_>, Vec<_>) = collected
        .problems
        .into_iter()
        .partition(is_document_problem);
    if !document.is_empty() {
        let said: Vec<String> = document
            .iter()
            .map(|p| format!("{}: {}: {}", p.place, p.field, p.message))
            .collect();
        return Err(ApiError::Rejected {
            status: StatusCode::BAD_REQUEST,
            message: said.join("; "),
        });
    }
    // The access rule first: every unit the document names, before its values
    // are checked.
    authorize_units(
        state,
        viewer,
        ActionKind::FileReport,
        collected.values.iter().map(|(_, v)| v.org_unit.as_str()),
    )
    .await?;
    let index_of = |place: &str| seen.get(value_place(place)).copied();
    let mut conflicts: Vec<Conflict> = values
        .iter()
        .map(|p| Conflict {
            object: value_place(&p.place).to_string(),
            property: p.field.to_string(),
            value: format!("{}: {}", p.place, p.message),
            error_code: error_code(p.field),
            indexes: index_of(&p.place).into_iter().collect(),
        })
        .collect();
    let total = seen.len();
    let (carried, assembly) = assemble(collected.values, viewer.name(), &index_of);
    conflicts.extend(assembly.iter().map(|p| Conflict {
        object: value_place(&p.place).to_string(),
        property: p.field.to_string(),
        value: format!("{}: {}", p.place, p.message),
        error_code: if p.message.contains("lacks") {
            "E7618"
        } else {
            error_code(p.field)
        },
        indexes: index_of(&p.place).into_iter().collect(),
    }));
    let complete_at = match options.complete_date.as_deref().map(complete_instant) {
        None => None,
        Some(Ok(at)) if at <= state.clock.now() => Some(at),
        Some(Ok(_)) => {
            conflicts.push(Conflict {
                object: "completeDate".into(),
                property: "completeDate".into(),
                value: "completeDate is in the future".into(),
                error_code: "E7643",
                indexes: Vec::new(),
            });
            None
        }
        Some(Err(message)) => {
            conflicts.push(Conflict {
                object: "completeDate".into(),
                property: "completeDate".into(),
                value: message,
                error_code: "E7643",
                indexes: Vec::new(),
            });
            None
        }
    };
    let stored = stored_reports(state, &carried).await?;
    let mut count = ImportCount::default();
    let mut filings = Vec::new();
    for c in &carried {
        let Checked {
            unit_id, errors, ..
        } = match check(state, viewer, &c.report, lang).await {
            Ok(checked) => checked,
            Err(NotFiled::Refused(e)) => return Err(e),
            Err(other) => return Err(other.into_api()),
        };
        for (field, message) in &errors {
            conflicts.push(Conflict {
                object: format!("{} {}", c.report.unit, c.report.day),
                property: dhis2_property(field),
                value: format!("{}: {message}", c.place),
                error_code: error_code(field),
                indexes: c.indexes.clone(),
            });
        }
        let Some(unit_id) = unit_id.filter(|_| errors.is_empty()) else {
            continue;
        };
        let before = stored.get(&(unit_id, c.report.day));
        let submission = match decide(options.strategy, before, &c.report) {
            Decision::Create => {
                count.imported += 10;
                Submission::New
            }
            Decision::Correct { updated } => {
                count.updated += updated;
                count.ignored += 10 - updated;
                Submission::Correction {
                    reason: format!("DHIS2 data value set from {}", viewer.name()),
                }
            }
            Decision::Unchanged => {
                count.ignored += 10;
                continue;
            }
            Decision::Refuse(why) => {
                conflicts.push(Conflict {
                    object: format!("{} {}", c.report.unit, c.report.day),
                    property: "importStrategy".into(),
                    value: format!("{}: {why}", c.place),
                    error_code: "E7642",
                    indexes: c.indexes.clone(),
                });
                continue;
            }
        };
        let recorded_at = match (&submission, complete_at) {
            // completeDate says when a new report was complete; a correction is now.
            (Submission::New, Some(at)) => Some(at),
            _ => None,
        };
        filings.push(Filing {
            unit_id,
            report: c.report.clone(),
            submission,
            submission_id: None,
            actor: viewer.name().to_string(),
            provenance: Provenance {
                channel: Channel::Api,
                recorded_at,
                opened_at: None,
                fields_changed: None,
            },
        });
    }
    let complete = options
        .complete_date
        .clone()
        .unwrap_or_else(|| "false".into());
    if !conflicts.is_empty() {
        return Ok(summary("ERROR", refused(total), conflicts, complete));
    }
    if options.dry_run || filings.is_empty() {
        return Ok(summary("SUCCESS", count, conflicts, complete));
    }
    let together = state.filer.file_together(filings).await?;
    if !together.committed {
        // Another report for one of these units and days was filed meanwhile.
        let conflict = Conflict {
            object: "dataValues".into(),
            property: "importStrategy".into(),
            value: "a report of this set was filed by someone else meanwhile; nothing was imported, send it again".into(),
            error_code: "E7642",
            indexes: Vec::new(),
        };
        return Ok(summary("ERROR", refused(total), vec![conflict], complete));
    }
    Ok(summary("SUCCESS", count, conflicts, complete))
}

/// Every value refused: all ignored.
fn refused(total: usize) -> ImportCount {
    ImportCount {
        ignored: total as u32,
        ..ImportCount::default()
    }
}

fn summary(
    status: &'static str,
    count: ImportCount,
    conflicts: Vec<Conflict>,
    complete: String,
) -> ImportSummary {
    let description = match status {
        "ERROR" => format!("{} conflicts; nothing was imported", conflicts.len()),
        _ => format!(
            "{} values imported, {} updated, {} ignored",
            count.imported, count.updated, count.ignored
        ),
    };
    ImportSummary {
        response_type: "ImportSummary",
        status,
        description,
        import_count: count,
        conflicts,
        data_set_complete: complete,
    }
}

/// The reports the values make, each with the indexes of its values; and the
/// problems of assembling them.
fn assemble(
    values: Vec<(Place, DataValue)>,
    fallback_reporter: &str,
    index_of: &dyn Fn(&str) -> Option<usize>,
) -> (Vec<Carried>, Vec<ValueProblem>) {
    let mut assembler = Assembler::new(fallback_reporter);
    let mut indexes: HashMap<(String, String), (Place, Vec<usize>)> = HashMap::new();
    let mut out = Vec::new();
    for (place, v) in values {
        let key = (v.org_unit.clone(), v.period.clone());
        let entry = indexes
            .entry(key.clone())
            .or_insert_with(|| (place.clone(), Vec::new()));
        entry.1.extend(index_of(&place));
        if let Some(report) = assembler.push(place, v)
            && let Some((place, indexes)) = indexes.remove(&key)
        {
            out.push(Carried {
                report,
                indexes,
                place,
            });
        }
    }
    (out, assembler.finish())
}

/// The stored latest report of each unit and day the set carries.
async fn stored_reports(
    state: &AppState,
    carried: &[Carried],
) -> Result<HashMap<(i64, Day), DailyReport>, ApiError> {
    let (Some(from), Some(to)) = (
        carried.iter().map(|c| c.report.day).min(),
        carried.iter().map(|c| c.report.day).max(),
    ) else {
        return Ok(HashMap::new());
    };
    let mut ids: Vec<i64> = {
        let loaded = state.engine.read().await;
        carried
            .iter()
            .filter_map(|c| loaded.units.ids.get(&c.report.unit).copied())
            .collect()
    };
    ids.sort_unstable();
    ids.dedup();
    Ok(state
        .store
        .latest_reports_of(&ids, from, to)
        .await?
        .into_iter()
        .map(|(id, revision)| ((id, revision.report.day), revision.report))
        .collect())
}

/// DHIS2's completeDate as an instant: a date (its start in Asia/Shanghai) or
/// a date and time.
fn complete_instant(text: &str) -> Result<Timestamp, String> {
    if let Ok(day) = Day::parse(text.trim()) {
        return day
            .at_shanghai(jiff::civil::Time::midnight())
            .ok_or_else(|| format!("completeDate '{text}' is out of range"));
    }
    fangkong_domain::day::instant(text).map_err(|m| format!("completeDate: {m}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_s_place_leads_to_its_value() {
        assert_eq!(value_place("$.dataValues[3].orgUnit"), "$.dataValues[3]");
        assert_eq!(value_place("$.dataValues[3]"), "$.dataValues[3]");
        assert_eq!(value_place("line 7"), "line 7");
    }

    #[test]
    fn options_read_dhis2_s_names_and_refuse_others() {
        let base = Options {
            schemes: Schemes::default(),
            dry_run: false,
            strategy: Strategy::default(),
            complete_date: None,
        };
        let o = base
            .clone()
            .read([
                ("dryRun", "true"),
                ("importStrategy", "CREATE"),
                ("completeDate", "2020-03-07"),
            ])
            .expect("valid");
        assert!(o.dry_run);
        assert_eq!(o.strategy, Strategy::Create);
        assert_eq!(o.complete_date.as_deref(), Some("2020-03-07"));
        assert!(base.clone().read([("dryRun", "maybe")]).is_err());
        assert!(base.read([("strategy", "MERGE")]).is_err());
    }

    #[test]
    fn complete_dates_read_as_dhis2_writes_them() {
        let day = complete_instant("2020-03-07").expect("date");
        assert_eq!(Day::in_shanghai(day).to_string(), "2020-03-07");
        assert!(complete_instant("2020-03-07T10:00:00.000").is_ok());
        assert!(complete_instant("yesterday").is_err());
    }
}
