//! `/healthz` (the process answers) and `/readyz` (the process can write to
//! its database: a load balancer sends no traffic to a node that cannot).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// `GET /healthz`: 200 while the process answers.
pub async fn get_healthz() -> Response {
    (StatusCode::OK, "ok\n").into_response()
}

/// `GET /readyz`: 200 if the database takes a write now, 503 otherwise.
pub async fn get_readyz(State(state): State<AppState>) -> Response {
    match state.store.can_write().await {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database takes no write");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: the database takes no write\n",
            )
                .into_response()
        }
    }
}
