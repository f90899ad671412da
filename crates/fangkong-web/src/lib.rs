//! fangkong's web surface: the axum application over the store and the engine.
//!
//! Pages are rendered on the server (askama templates, Simplified Chinese by
//! default, English with `?lang=en`) with SVG charts built in [`chart`]; the JSON
//! API lives under `/api/v1` with its OpenAPI document at `/api/v1/openapi.json`.
//! Handlers only gather and show: every rule is the domain's.
#![forbid(unsafe_code)]

pub mod api;
pub mod appeal_writer;
pub mod appeals;
pub mod auth;
pub mod chart;
pub mod clock;
mod coherence;
pub mod compliance;
pub mod day_cache;
pub mod day_sums;
pub mod derived_trend;
pub mod dhis2;
pub mod disputes;
pub mod doors;
pub mod download;
pub mod error;
pub mod facilities;
pub mod filing;
pub mod gate;
pub mod glass;
pub mod headline;
pub mod href;
pub mod i18n;
pub mod inspections;
#[cfg(test)]
mod layers;
pub mod limits;
pub mod map;
pub mod map_measure;
pub mod movement;
pub mod names;
pub mod office;
pub mod open311;
pub mod ops;
pub mod page_cache;
pub mod pages;
pub mod paging;
pub mod pass_check;
pub mod people;
pub mod places;
pub mod province;
pub(crate) mod public;
pub mod public_answer;
pub mod registry_change;
pub mod rejections;
pub mod reminders;
pub(crate) mod replica;
pub mod report_input;
pub mod roster_change;
pub mod routes;
pub mod rt_chart;
pub mod shifts;
pub mod staffing;
pub mod staffing_board;
pub mod state;
pub mod telemetry;
pub(crate) mod truth;
pub(crate) mod view;
pub mod warm;
pub mod zones;

use axum::extract::DefaultBodyLimit;
use axum::{Router, middleware};

pub use state::AppState;

/// The whole application: every door of [`routes`], each behind its gate
/// ([`gate`]), and the framework's own answers reworded
/// ([`rejections`]).
pub fn app(state: AppState) -> Router {
    let mut router = Router::new();
    for (door, service) in routes::table() {
        let path = door.path;
        let gate = middleware::from_fn_with_state(
            gate::Gate {
                state: state.clone(),
                door,
            },
            gate::gate,
        );
        // The one place routes are added: each with its door's gate.
        #[allow(clippy::disallowed_methods)]
        {
            router = router.route(path, service.route_layer(gate));
        }
    }
    let body_limit = DefaultBodyLimit::max(state.rules.limits.request_bytes);
    router
        .fallback(rejections::no_door)
        .layer(body_limit)
        .layer(middleware::from_fn(rejections::reword))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            ops::requests::log,
        ))
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
