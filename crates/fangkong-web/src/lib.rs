//! fangkong's web surface: the axum application over the store and the engine.
//!
//! Pages are rendered on the server (askama templates, Simplified Chinese by
//! default, English with `?lang=en`) with SVG charts built in [`chart`]; the JSON
//! API lives under `/api/v1` with its OpenAPI document at `/api/v1/openapi.json`.
//! Handlers only gather and show: every rule is the domain's.
#![forbid(unsafe_code)]

pub mod api;
pub mod appeals;
pub mod auth;
pub mod chart;
pub mod day_cache;
pub mod disputes;
pub mod error;
pub mod filing;
pub mod i18n;
pub mod open311;
pub mod pages;
pub mod report_input;
pub mod rt_chart;
pub mod state;

use axum::Router;

pub use state::AppState;

/// The whole application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .merge(open311::router())
        .with_state(state)
}

/// Serves the application on `listener` until the process ends (with each
/// client's address known, for the login rate limit).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
}
