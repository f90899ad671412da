//! `/healthz` (the process answers) and `/readyz` (the process can write to
//! its database: a load balancer sends no traffic to a node that cannot; a
//! server on a replica is ready while the replica answers).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// `GET /healthz`: 200 while the process answers.
pub async fn get_healthz() -> Response {
    (StatusCode::OK, "ok\n").into_response()
}

/// `GET /readyz`: 200 if the database takes a write now, 503 otherwise; on
/// a server that reads from a replica, 200 if the replica answers a read.
pub async fn get_readyz(State(state): State<AppState>) -> Response {
    if state.store.is_replica() {
        return match state.store.can_read().await {
            Ok(()) => (StatusCode::OK, "ready (replica)\n").into_response(),
            Err(e) => {
                tracing::warn!(error = %e, "not ready: the replica answers no read");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "not ready: the replica answers no read\n",
                )
                    .into_response()
            }
        };
    }
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
