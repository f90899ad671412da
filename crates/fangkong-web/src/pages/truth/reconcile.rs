//! `GET /reconcile/{code}`: reports summed over a unit against its published series.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use fangkong_domain::quality::reconcile::Reconciliation;

use super::TruthLinks;
use crate::AppState;
use crate::auth::Viewer;
use crate::download::Sheet;
use crate::i18n::Messages;
use crate::i18n::truth::TruthMessages;
use crate::i18n::workbook::Cell;
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

/// `GET /reconcile.csv?unit=CODE`: the comparison's days as CSV.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Csv).await
}

/// `GET /reconcile.xlsx?unit=CODE`: the same as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Xlsx).await
}

/// The days of the comparison `q` asks for as `sheet`: a side without a
/// figure is an empty cell, never a zero.
async fn download(state: &AppState, viewer: &Viewer, q: &TruthQuery, sheet: Sheet) -> Response {
    let code = match q.unit_or_scope(viewer) {
        Ok(c) => c,
        Err(e) => return page_error(e),
    };
    let (code, r) = match compare(state, viewer, code.as_str(), q).await {
        Ok(x) => x,
        Err(e) => return page_error(e),
    };
    let n = |x: Option<i64>| x.map_or(Cell::Missing, |v| Cell::Number(v as f64));
    let rows: Vec<Vec<Cell>> = r
        .days
        .iter()
        .map(|d| {
            vec![
                Cell::Text(d.date.to_string()),
                n(d.reports),
                Cell::Number(f64::from(d.reporting_units)),
                n(d.published),
                n(d.difference),
                n(d.registry),
                n(d.registry_difference),
            ]
        })
        .collect();
    let name = match (r.days.first(), r.days.last()) {
        (Some(a), Some(b)) => format!("reconcile-{code}-{}-{}", a.date, b.date),
        _ => format!("reconcile-{code}"),
    };
    sheet.write(
        &name,
        &[
            "date",
            "reports",
            "reporting_units",
            "published",
            "difference",
            "registry",
            "registry_difference",
        ],
        &rows,
    )
}
