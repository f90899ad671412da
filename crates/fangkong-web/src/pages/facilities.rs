//! `/facilities` and `GET /api/v1/facilities`: the facility board (beds in use
//! and free by kind on a day, per facility) and each facility's occupancy over
//! the fortnight before it, so admission is planned against real capacity.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::facilities::{FacilityBoard, board};
use crate::i18n::Messages;
use crate::truth::TruthQuery;

#[derive(Template)]
#[template(path = "facilities.html")]
struct FacilitiesPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    b: FacilityBoard,
}

/// `GET /facilities`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let b = match board(&state, q.date.as_deref()).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&FacilitiesPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("date={}&lang={}", b.date, m.other_code),
        b,
    })
}
