//! `GET /reconcile/{code}`: reports summed over a unit against its published series.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use fangkong_domain::quality::reconcile::Reconciliation;

use super::TruthLinks;
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::Messages;
use crate::i18n::truth::TruthMessages;
use crate::pages::{Nav, page_error, render};
use crate::truth::reconcile::compare;
use crate::truth::{TruthQuery, reads_audit};

#[derive(Template)]
#[template(path = "reconcile.html")]
struct ReconcilePage {
    m: Messages,
    t: TruthMessages,
    nav: Option<Nav>,
    switch_query: String,
    links: TruthLinks,
    unit: String,
    name: String,
    from: String,
    to: String,
    differences: bool,
    /// Whether the registry is a source here (it holds people under the unit).
    has_registry: bool,
    r: Reconciliation,
}

/// `GET /reconcile/{code}`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<TruthQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let (code, r) = match compare(&state, &viewer, &code, &q).await {
        Ok(x) => x,
        Err(e) => return page_error(e),
    };
    let name = {
        let loaded = state.engine.read().await;
        loaded
            .engine
            .tree()
            .get(&code)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let m = lang.messages();
    let (from, to) = (
        r.days
            .first()
            .map(|d| d.date.to_string())
            .or(q.from.clone())
            .unwrap_or_default(),
        r.days
            .last()
            .map(|d| d.date.to_string())
            .or(q.to.clone())
            .unwrap_or_default(),
    );
    render(&ReconcilePage {
        m,
        t: lang.truth(),
        nav: Nav::of(&viewer, lang),
        switch_query: format!("from={from}&to={to}&lang={}", m.other_code),
        links: TruthLinks::new(lang, &code, "reconcile", reads_audit(&viewer)),
        unit: code.to_string(),
        name,
        differences: q
            .differences
            .as_deref()
            .is_some_and(|d| d == "1" || d == "true"),
        has_registry: r.days.iter().any(|d| d.registry.is_some()),
        from,
        to,
        r,
    })
}
