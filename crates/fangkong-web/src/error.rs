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
    /// Occurs when the platform fails: 500, with a generic body (the detail goes to
    /// the server's error output, never to the client).
    #[error("internal error")]
    Internal(String),
}

/// The JSON body of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code: `invalid`, `not_found` or `internal`.
    pub code: &'static str,
    /// A message for people.
    pub message: String,
    /// The parameter at fault, for `invalid`.
    pub field: Option<&'static str>,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
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
            },
            ApiError::NotFound(m) => ErrorBody {
                code: "not_found",
                message: m.clone(),
                field: None,
            },
            ApiError::Internal(_) => ErrorBody {
                code: "internal",
                message: "internal error".into(),
                field: None,
            },
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
            eprintln!("error: {detail}");
        }
        (self.status(), Json(self.body())).into_response()
    }
}
