//! `/glass`: who broke the glass among the accounts under a unit, for the
//! offices and administrators who supervise them.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::glass::{GlassLog, GlassLogQuery, log};
use crate::i18n::Messages;

#[derive(Template)]
#[template(path = "glass_log.html")]
struct GlassLogPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    log: GlassLog,
}

/// `GET /glass`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<GlassLogQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let log = match log(&state, &viewer, q.unit.as_deref()).await {
        Ok(l) => l,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&GlassLogPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}&unit={}", m.other_code, log.unit),
        log,
    })
}
