//! `ApiError`: every failure of a request, with a stable code, the field at fault
//! and the HTTP status it maps to.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A request that could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Occurs when a parameter is not valid: 422 with the field named.
    #[error("{field}: {message}")]
    Invalid {
        /// The query parameter or path segment at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Occurs when the unit or resource does not exist: 404.
    #[error("{0}")]
    NotFound(String),
    /// Occurs when the request carries no valid session or bearer token: 401.
    #[error("{0}")]
    Unauthenticated(String),
    /// Occurs when the account may not do this (wrong role or outside its scope):
    /// 403. The attempt is in the audit log.
    #[error("{0}")]
    Forbidden(String),
    /// Occurs when a state-changing request through a session lacks the session's
    /// CSRF token: 403.
    #[error(
        "the form is stale or did not come from fangkong (CSRF token missing or wrong); reload the page and try again"
    )]
    Csrf,
    /// Occurs when an account asks for something more often than its share
    /// (breaking the glass): 429, with the seconds to wait.
    #[error("{message}")]
    Throttled {
        /// What the share is.
        message: String,
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Occurs when a request's body is larger than the door takes: 413.
    #[error("{0}")]
    TooLarge(String),
    /// Occurs when a request cannot be read at all (a malformed query string,
    /// a body of the wrong type, a method the door does not take): 400, 405
    /// or 415 as the framework found it, in the API's format.
    #[error("{message}")]
    Rejected {
        /// The status the framework gave.
        status: StatusCode,
        /// What is wrong.
        message: String,
    },
    /// Occurs after too many failed logins: 429, with the seconds to wait.
    #[error("too many failed logins; try again in {0} s")]
    RateLimited(u64),
    /// Occurs when the request conflicts with stored data (a report already filed,
    /// a username taken): 409 with the field at fault.
    #[error("{field}: {message}")]
    Conflict {
        /// The field at fault.
        field: &'static str,
        /// What conflicts.
        message: String,
    },
    /// Occurs when a change with many items is refused: 422 with every problem
    /// named by its JSON path; nothing was written.
    #[error("{message}")]
    Refused {
        /// A summary.
        message: String,
        /// Every problem.
        problems: Vec<Problem>,
    },
    /// Occurs when a request would write to a server that reads from a
    /// replica of the database: 503 (the primary's servers take writes).
    #[error("{0}")]
    ReadOnly(String),
    /// Occurs when the platform fails: 500, with a generic body (the detail goes to
    /// the server's error output, never to the client).
    #[error("internal error")]
    Internal(String),
}

/// The JSON body of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code: `invalid`, `not_found`, `unauthenticated`, `forbidden`,
    /// `csrf`, `rate_limited`, `conflict`, `too_large`, `bad_request`,
    /// `method_not_allowed`, `unsupported_media_type`, `read_only` or
    /// `internal`.
    pub code: &'static str,
    /// A message for people.
    pub message: String,
    /// The parameter at fault, for `invalid`.
    pub field: Option<&'static str>,
    /// Every problem of a refused change (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// One problem of a refused change.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Where: a JSON path such as `$.people[2].resident_id`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Invalid { .. } | ApiError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::Csrf => StatusCode::FORBIDDEN,
            ApiError::RateLimited(_) | ApiError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Rejected { status, .. } => *status,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::ReadOnly(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        match self {
            ApiError::Invalid { field, message } => ErrorBody {
                code: "invalid",
                message: message.clone(),
                field: Some(field),
                problems: Vec::new(),
            },
            ApiError::Refused { message, problems } => ErrorBody {
                code: "invalid",
                message: message.clone(),
                field: None,
                problems: problems.clone(),
            },
            ApiError::NotFound(m) => ErrorBody {
                code: "not_found",
                message: m.clone(),
                field: None,
                problems: Vec::new(),
            },
            ApiError::Conflict { field, message } => ErrorBody {
                code: "conflict",
                message: message.clone(),
                field: Some(field),
                problems: Vec::new(),
            },
            other => ErrorBody {
                code: match other {
                    ApiError::Unauthenticated(_) => "unauthenticated",
                    ApiError::Forbidden(_) => "forbidden",
                    ApiError::Csrf => "csrf",
                    ApiError::RateLimited(_) | ApiError::Throttled { .. } => "rate_limited",
                    ApiError::TooLarge(_) => "too_large",
                    ApiError::ReadOnly(_) => "read_only",
                    ApiError::Rejected { status, .. } => match status.as_u16() {
                        404 => "not_found",
                        405 => "method_not_allowed",
                        415 => "unsupported_media_type",
                        _ => "bad_request",
                    },
                    _ => "internal",
                },
                message: if matches!(other, ApiError::Internal(_)) {
                    "internal error".into()
                } else {
                    other.to_string()
                },
                field: None,
                problems: Vec::new(),
            },
        }
    }
}

impl ApiError {
    /// The 422 of a filter or choice given a value it does not take, worded
    /// in `lang` (`filter-invalid`): a misspelt filter is named, never an
    /// empty answer.
    pub fn invalid_value(field: &'static str, value: &str, lang: crate::i18n::Lang) -> ApiError {
        ApiError::Invalid {
            field,
            message: crate::i18n::catalogue::format(
                lang,
                "filter-invalid",
                &[("field", field.into()), ("value", value.into())],
            ),
        }
    }
}

impl From<fangkong_store::StoreError> for ApiError {
    fn from(e: fangkong_store::StoreError) -> Self {
        match e {
            fangkong_store::StoreError::NotFound => ApiError::NotFound("not found".into()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(detail = %detail, "internal error");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        let wait = match self {
            ApiError::RateLimited(secs) => Some(secs),
            ApiError::Throttled { retry_after, .. } => Some(retry_after),
            _ => None,
        };
        if let Some(secs) = wait {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}
