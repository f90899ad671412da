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
    let (probe, ready, not_ready) = if state.store.is_replica() {
        (
            state.store.can_read().await,
            "ready (replica)\n",
            "not ready: the replica answers no read\n",
        )
    } else {
        (
            state.store.can_write().await,
            "ready\n",
            "not ready: the database takes no write\n",
        )
    };
    match probe {
        Ok(()) => (StatusCode::OK, ready).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "{}", not_ready.trim_end());
            (StatusCode::SERVICE_UNAVAILABLE, not_ready).into_response()
        }
    }
}
