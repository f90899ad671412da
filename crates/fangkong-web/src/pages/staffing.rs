//! `GET /staffing`: the staffing board (people per 1,000 residents, the
//! shortest first, who is worn out, care, the roster) and its table to take
//! away (`.csv`, `.xlsx`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use crate::AppState;
use crate::auth::Viewer;
use crate::download::Sheet;
use crate::i18n::Messages;
use crate::i18n::workbook::Cell;
use crate::pages::{Nav, page_error, render};
use crate::staffing::{StaffingQuery, board};
use crate::staffing_board::StaffingBoard;

#[derive(Template)]
#[template(path = "staffing.html")]
struct StaffingPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    explain: String,
    query: String,
    b: std::sync::Arc<StaffingBoard>,
    /// Whether the viewer may send people between the units shown, and the
    /// session's CSRF token for that form.
    may_move: bool,
    csrf: String,
    /// The person just sent, to say so.
    moved: Option<String>,
}

/// The page's query beside the board's: who was just sent.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Moved {
    /// The person just sent.
    pub moved: Option<String>,
}

/// `GET /staffing`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<StaffingQuery>,
    Query(done): Query<Moved>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let b = match board(&state, &viewer, &q).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let query = format!("unit={}&date={}", b.unit, b.date);
    let may_move = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        fangkong_domain::UnitCode::parse(&b.unit)
            .ok()
            .and_then(|c| tree.index_of(&c))
            .is_some_and(|i| {
                viewer
                    .principal()
                    .may(fangkong_domain::access::Action::ManageRoster(i), tree)
                    .is_ok()
            })
    };
    render(&StaffingPage {
        may_move: may_move && viewer.csrf.is_some(),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        moved: done.moved.filter(|p| !p.is_empty()),
        switch_query: format!("{query}&lang={}", m.other_code),
        nav: Nav::of(&viewer, lang),
        explain: crate::i18n::catalogue::format(
            lang,
            "staffing-explain",
            &[("min", format!("{:.1}", b.min_per_thousand).into())],
        ),
        query,
        m,
        b,
    })
}

/// `GET /staffing.csv`: the communities and villages, the shortest first.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<StaffingQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Csv).await
}

/// `GET /staffing.xlsx`: the same as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<StaffingQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Xlsx).await
}

const COLUMNS: [&str; 9] = [
    "date",
    "unit_code",
    "name",
    "people",
    "on_duty",
    "residents",
    "per_thousand",
    "needed",
    "short_by",
];

async fn download(state: &AppState, viewer: &Viewer, q: &StaffingQuery, sheet: Sheet) -> Response {
    let b = match board(state, viewer, q).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let rows: Vec<Vec<Cell>> = b
        .units
        .iter()
        .map(|r| {
            vec![
                Cell::Text(b.date.clone()),
                Cell::Text(r.code.clone()),
                Cell::Text(r.name.clone()),
                Cell::Number(f64::from(r.people)),
                Cell::Number(f64::from(r.on_duty)),
                r.residents
                    .map_or(Cell::Missing, |n| Cell::Number(f64::from(n))),
                r.per_thousand.map_or(Cell::Missing, Cell::Number),
                r.needed
                    .map_or(Cell::Missing, |n| Cell::Number(f64::from(n))),
                r.short_by
                    .map_or(Cell::Missing, |n| Cell::Number(f64::from(n))),
            ]
        })
        .collect();
    sheet.write(&format!("staffing-{}-{}", b.unit, b.date), &COLUMNS, &rows)
}

/// `POST /staffing/move`: someone sent to a community or village from the
/// staffing page, then back to the page of the unit shown.
pub async fn move_person(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Form(fields): axum::extract::Form<std::collections::HashMap<String, String>>,
) -> Response {
    use axum::response::IntoResponse;
    if let Err(e) = crate::auth::check_form_csrf(&state, &viewer, &fields, "/staffing").await {
        return page_error(e);
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let r = crate::roster_change::MoveRequest {
        person_id: get("person_id"),
        unit: get("unit"),
        on: Some(get("on")),
    };
    match crate::roster_change::move_person(&state, &viewer, &r).await {
        Ok(_) => axum::response::Redirect::to(&format!(
            "/staffing?unit={}&date={}&moved={}&lang={}",
            crate::href::percent_encode(&get("back")),
            crate::href::percent_encode(&get("date")),
            crate::href::percent_encode(r.person_id.trim()),
            crate::href::percent_encode(fields.get("lang").map_or("zh", String::as_str)),
        ))
        .into_response(),
        Err(e) => page_error(e),
    }
}
