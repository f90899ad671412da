//! `GET /metrics`: the Prometheus text of [`crate::telemetry::Metrics`].

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::ApiError;

/// `GET /metrics`: for accounts that may read the audit log (a scraper signs
/// in with such an account's bearer token).
pub async fn get_metrics(State(state): State<AppState>) -> Response {
    let (size, idle) = state.store.pool_state();
    state.metrics.pool_connections.set(i64::from(size));
    state.metrics.pool_idle.set(idle as i64);
    match state.metrics.text() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => ApiError::Internal(format!("metrics: {e}")).into_response(),
    }
}
