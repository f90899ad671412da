//! DHIS2's answers: the web message (`httpStatus`, `httpStatusCode`, `status`,
//! `message`) around an `ImportSummary` (`status`, `importCount`, `conflicts`
//! with `object`, `property`, `value`, `errorCode`, `indexes`), shaped as
//! DHIS2 writes them so that DHIS2's own tools read them.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::ApiError;

/// DHIS2's web message.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebMessage {
    /// The status's reason phrase (`OK`, `Conflict`…).
    pub http_status: &'static str,
    /// The HTTP status code.
    pub http_status_code: u16,
    /// `OK`, `WARNING` or `ERROR`.
    pub status: &'static str,
    /// What happened, for people.
    pub message: String,
    /// The import summary of a POST.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ImportSummary>,
}

/// How many data values were imported, updated, ignored and deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportCount {
    /// New values.
    pub imported: u32,
    /// Values that changed a stored one.
    pub updated: u32,
    /// Values left as they were (unchanged, or refused).
    pub ignored: u32,
    /// Values deleted (never: reports are corrected, not deleted).
    pub deleted: u32,
}

/// One conflict: what, which property, why, and which values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// The identifier at fault (an org unit, a data element, a period…).
    pub object: String,
    /// The property at fault (`orgUnit`, `dataElement`, `value`…).
    pub property: String,
    /// What is wrong, with where it was read (a JSON path or a line).
    pub value: String,
    /// DHIS2's error code for this kind of conflict.
    pub error_code: &'static str,
    /// The positions, from 0, of the values concerned in the document.
    pub indexes: Vec<usize>,
}

/// DHIS2's import summary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Always `ImportSummary`.
    pub response_type: &'static str,
    /// `SUCCESS`, `WARNING` or `ERROR`.
    pub status: &'static str,
    /// What happened, in a sentence.
    pub description: String,
    /// The counts.
    pub import_count: ImportCount,
    /// Every conflict.
    pub conflicts: Vec<Conflict>,
    /// The completeDate registered, or `false`.
    pub data_set_complete: String,
}

/// The reason phrase of a status.
fn reason(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

impl WebMessage {
    /// A message without an import summary.
    pub fn plain(status: StatusCode, message: String) -> WebMessage {
        WebMessage {
            http_status: reason(status),
            http_status_code: status.as_u16(),
            status: if status.is_success() { "OK" } else { "ERROR" },
            message,
            response: None,
        }
    }

    /// The answer to an import: 200 if it imported (or would, on a dry run),
    /// 409 with every conflict if it did not.
    pub fn import(summary: ImportSummary) -> WebMessage {
        let status = if summary.status == "ERROR" {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        };
        WebMessage {
            http_status: reason(status),
            http_status_code: status.as_u16(),
            status: if status.is_success() { "OK" } else { "ERROR" },
            message: if status.is_success() {
                "Import was successful.".into()
            } else {
                "One or more conflicts encountered, please check import summary.".into()
            },
            response: Some(summary),
        }
    }
}

impl IntoResponse for WebMessage {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.http_status_code)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let unauthorized = status == StatusCode::UNAUTHORIZED;
        let mut response = (status, Json(self)).into_response();
        if unauthorized {
            // DHIS2's clients answer a Basic challenge with their credentials.
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Basic realm=\"fangkong\""),
            );
        }
        response
    }
}

/// Any error at a DHIS2 door, as DHIS2's web message.
pub fn error(e: ApiError) -> Response {
    if let ApiError::Internal(detail) = &e {
        tracing::error!(detail = %detail, "internal error");
    }
    let status = e.status();
    let message = match &e {
        ApiError::Internal(_) => "internal error".to_string(),
        ApiError::Invalid { field, message } => format!("{field}: {message}"),
        other => other.to_string(),
    };
    WebMessage::plain(status, message).into_response()
}
