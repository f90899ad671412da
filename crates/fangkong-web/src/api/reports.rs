//! `/api/v1/reports`: filing and correcting reports, and reading a unit's
//! revisions, for the form's machine twin (bearer tokens) and scripts.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use fangkong_domain::access::Action;
use fangkong_domain::access::ActionKind;
use fangkong_domain::{Day, Measure, MeasuresInPlace};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::{Caller, check_header_csrf};
use crate::error::{ApiError, ErrorBody};
use crate::report_input::{ReportInput, file};
use crate::view;

/// A report to file or correct. The four counts are required (a count left
/// out is unknown, never zero: the report is refused); `in_place` lists the
/// measures in place (absent ones are not in place).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // documents the body, which is read field by field
pub struct ReportRequest {
    /// The reporting unit's code.
    unit: String,
    /// The day, YYYY-MM-DD (Asia/Shanghai civil day).
    date: String,
    /// New confirmed cases.
    new_confirmed: u32,
    /// New suspected cases.
    new_suspected: u32,
    /// New close contacts.
    new_close_contacts: u32,
    /// New fever patients.
    new_fever: u32,
    /// The measures in place: closed_management, screening, disinfection,
    /// supplies, stability, publicity.
    in_place: Vec<String>,
    /// Who reports.
    reporter: String,
    /// A remark.
    remark: Option<String>,
    /// Of `new_confirmed`, the cases of earlier days counted now (a revision,
    /// a backlog): kept in the figures, left out of the trend. Default none.
    backlog: Option<u32>,
    /// For a correction: why the earlier figures were wrong.
    correction_reason: Option<String>,
    /// A key chosen by the client: the same key sent again is recorded once.
    submission_id: Option<String>,
}

/// What a filed report became.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportReceipt {
    /// The unit.
    pub unit: String,
    /// The day.
    pub date: String,
    /// The revision (1 for a first report).
    pub revision: u32,
    /// `recorded`, or `repeated` when this submission id was recorded before.
    pub status: &'static str,
    /// What the configured validation rules flag without refusing the report.
    pub warnings: Vec<Warning>,
}

/// A validation rule's warning on a filed report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Warning {
    /// The rule's name.
    pub rule: String,
    /// What it found, with the values.
    pub message: String,
}

/// One revision of a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionBody {
    /// 1, 2, …
    pub revision: u32,
    /// When it was recorded: RFC 3339 with the Asia/Shanghai offset.
    pub recorded_at: String,
    /// New confirmed.
    pub new_confirmed: u32,
    /// New suspected.
    pub new_suspected: u32,
    /// New close contacts.
    pub new_close_contacts: u32,
    /// New fever patients.
    pub new_fever: u32,
    /// The measures in place.
    pub in_place: Vec<String>,
    /// Who reported.
    pub reporter: String,
    /// The remark.
    pub remark: Option<String>,
    /// Why it corrects the previous revision.
    pub reason: Option<String>,
}

fn field_text(
    body: &Map<String, Value>,
    field: &'static str,
    required: bool,
) -> Result<String, ApiError> {
    match body.get(field) {
        Some(Value::String(s)) => Ok(s.clone()),
        None | Some(Value::Null) if !required => Ok(String::new()),
        None | Some(Value::Null) => Err(ApiError::Invalid {
            field,
            message: "is required".into(),
        }),
        Some(other) => Err(ApiError::Invalid {
            field,
            message: format!("must be a string, not {other}"),
        }),
    }
}

/// The body as JSON, or a 422 naming it.
fn read_json(bytes: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::Invalid {
        field: "body",
        message: format!("not JSON: {e}"),
    })
}

/// Reads the JSON body field by field, so that every error names its field.
fn parse_body(value: Value) -> Result<ReportInput, ApiError> {
    let Value::Object(body) = value else {
        return Err(ApiError::Invalid {
            field: "body",
            message: "must be a JSON object".into(),
        });
    };
    const KNOWN: [&str; 12] = [
        "unit",
        "date",
        "new_confirmed",
        "new_suspected",
        "new_close_contacts",
        "new_fever",
        "in_place",
        "reporter",
        "remark",
        "correction_reason",
        "submission_id",
        "backlog",
    ];
    if let Some(unknown) = body.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(ApiError::Invalid {
            field: "body",
            message: format!(
                "unknown field {unknown:?}; the fields are {}",
                KNOWN.join(", ")
            ),
        });
    }
    let mut counts: [String; 4] = Default::default();
    for (i, field) in fangkong_domain::report::daily::COUNT_FIELDS
        .into_iter()
        .enumerate()
    {
        counts[i] = match body.get(field) {
            // Absent is unknown, never zero: left empty, refused by the parser.
            None | Some(Value::Null) => String::new(),
            Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v <= u64::from(u32::MAX)) => {
                n.to_string()
            }
            Some(other) => {
                return Err(ApiError::Invalid {
                    field,
                    message: format!("must be a whole number from 0, not {other}"),
                });
            }
        };
    }
    let mut measures = MeasuresInPlace::NONE;
    match body.get("in_place") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let m = item.as_str().and_then(Measure::from_field).ok_or_else(|| {
                    ApiError::Invalid {
                        field: "in_place",
                        message: format!(
                            "{item} is not a measure; the measures are {}",
                            Measure::ALL.map(|m| m.field()).join(", ")
                        ),
                    }
                })?;
                measures = measures.with(m, true);
            }
        }
        Some(other) => {
            return Err(ApiError::Invalid {
                field: "in_place",
                message: format!("must be a list of measure names, not {other}"),
            });
        }
    }
    Ok(ReportInput {
        unit: field_text(&body, "unit", true)?,
        date: field_text(&body, "date", true)?,
        counts,
        measures,
        reporter: field_text(&body, "reporter", true)?,
        remark: field_text(&body, "remark", false)?,
        backlog: match body.get("backlog") {
            None | Some(Value::Null) => String::new(),
            Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v <= u64::from(u32::MAX)) => {
                n.to_string()
            }
            Some(other) => {
                return Err(ApiError::Invalid {
                    field: "backlog",
                    message: format!("must be a whole number from 0, not {other}"),
                });
            }
        },
        reason: field_text(&body, "correction_reason", false)?,
        submission_id: Some(field_text(&body, "submission_id", false)?).filter(|s| !s.is_empty()),
        channel: fangkong_store::Channel::Api,
        opened_at: String::new(),
        prefill: String::new(),
        // The API's refusals are for the programs that call it, in English
        // beside their field's JSON path.
        lang: crate::i18n::Lang::En,
    })
}

/// Files a report, or corrects one (with `correction_reason`). Through a session,
/// the `X-CSRF-Token` header must carry the session's token; bearer tokens need none.
#[utoipa::path(post, path = "/api/v1/reports", request_body = ReportRequest,
    security(("bearer" = [])),
    responses((status = 201, body = ReportReceipt), (status = 200, description = "a repeated submission id: already recorded", body = ReportReceipt),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_report(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<ReportReceipt>), ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/reports").await?;
    let value = read_json(&body)?;
    // The unit first: nothing else of a report for a unit outside the scope
    // is checked.
    if let Some(unit) = value.get("unit").and_then(Value::as_str) {
        crate::auth::authorize_units(&state, &viewer, ActionKind::FileReport, [unit]).await?;
    }
    let input = parse_body(value)?;
    let receipt = file(&state, &viewer, input)
        .await
        .map_err(|e| e.into_api())?;
    let status = if receipt.repeated {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(ReportReceipt {
            unit: receipt.unit.to_string(),
            date: receipt.day.to_string(),
            revision: receipt.revision,
            status: if receipt.repeated {
                "repeated"
            } else {
                "recorded"
            },
            warnings: receipt
                .warnings
                .into_iter()
                .map(|w| Warning {
                    rule: w.rule,
                    message: w.message,
                })
                .collect(),
        }),
    ))
}

/// Every revision of a unit's report for a day, oldest first.
#[utoipa::path(get, path = "/api/v1/reports/{code}/{date}",
    params(("code" = String, Path, description = "The reporting unit's code"), ("date" = String, Path, description = "The day, YYYY-MM-DD")),
    security(("bearer" = [])),
    responses((status = 200, body = [RevisionBody]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_revisions(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path((code, date)): Path<(String, String)>,
) -> Result<Json<Vec<RevisionBody>>, ApiError> {
    let code = view::code_param(&code)?;
    let day = Day::parse(&date).map_err(|e| ApiError::Invalid {
        field: "date",
        message: e.to_string(),
    })?;
    view::authorize(
        &state,
        &viewer,
        &code,
        Action::ReadReports,
        "reports",
        &format!("{code} {day}"),
    )
    .await?;
    let history = state.store.report_history(&code, day).await?;
    Ok(Json(
        history
            .into_iter()
            .map(|r| RevisionBody {
                revision: r.revision,
                recorded_at: fangkong_domain::Day::rfc3339_shanghai(r.recorded_at),
                new_confirmed: r.report.new_confirmed.get(),
                new_suspected: r.report.new_suspected.get(),
                new_close_contacts: r.report.new_close_contacts.get(),
                new_fever: r.report.new_fever.get(),
                in_place: Measure::ALL
                    .into_iter()
                    .filter(|m| r.report.measures.get(*m))
                    .map(|m| m.field().to_string())
                    .collect(),
                reporter: r.report.reporter,
                remark: r.report.remark,
                reason: r.reason,
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(body: &str) -> &'static str {
        match read_json(body.as_bytes()).and_then(parse_body) {
            Err(ApiError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn every_body_error_names_its_field() {
        assert_eq!(field_of("nonsense"), "body");
        assert_eq!(field_of("[]"), "body");
        assert_eq!(field_of(r#"{"date":"2020-03-01","reporter":"x"}"#), "unit");
        assert_eq!(
            field_of(r#"{"unit":"K1","date":"2020-03-01","reporter":"x","new_fever":-1}"#),
            "new_fever"
        );
        assert_eq!(
            field_of(r#"{"unit":"K1","date":"2020-03-01","reporter":"x","new_fever":1.5}"#),
            "new_fever"
        );
        assert_eq!(
            field_of(r#"{"unit":"K1","date":"2020-03-01","reporter":"x","in_place":["magic"]}"#),
            "in_place"
        );
        assert_eq!(
            field_of(r#"{"unit":"K1","date":"2020-03-01","reporter":"x","colour":"red"}"#),
            "body"
        );
        assert_eq!(
            field_of(r#"{"unit":1,"date":"2020-03-01","reporter":"x"}"#),
            "unit"
        );
    }

    #[test]
    fn a_full_body_parses() {
        let input = read_json(
            br#"{"unit":"K1","date":"2020-03-01","new_confirmed":2,"in_place":["screening","supplies"],"reporter":"wang","correction_reason":"typo"}"#,
        )
        .and_then(parse_body)
        .expect("valid");
        assert_eq!(input.counts[0], "2");
        assert_eq!(
            input.counts[3], "",
            "absent: unknown, left for the parser to refuse"
        );
        assert!(input.measures.get(Measure::Screening) && !input.measures.get(Measure::Publicity));
        assert_eq!(input.reason, "typo");
    }
}
