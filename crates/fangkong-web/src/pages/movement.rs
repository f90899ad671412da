//! `GET /movement`: what each unit's status allows its residents on a day
//! (逐步放宽), unit by unit, with why; and the same as CSV and Excel.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use crate::AppState;
use crate::auth::Viewer;
use crate::download::Sheet;
use crate::i18n::Messages;
use crate::i18n::workbook::Cell;
use crate::movement::{MovementBoard, MovementQuery, board};
use crate::pages::{Nav, page_error, render};

#[derive(Template)]
#[template(path = "movement.html")]
struct MovementPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    b: MovementBoard,
    query: String,
}

/// `GET /movement`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<MovementQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let b = match board(&state, &viewer, &q).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let query = format!("unit={}&date={}", b.unit, b.date);
    render(&MovementPage {
        switch_query: format!("{query}&lang={}", m.other_code),
        nav: Nav::of(&viewer, lang),
        query,
        m,
        b,
    })
}

/// `GET /movement.csv`.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<MovementQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Csv).await
}

/// `GET /movement.xlsx`.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<MovementQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Xlsx).await
}

/// One row per unit: its level, why, and the reporting units beneath at
/// each level (their names in files, as the CLI writes them).
async fn download(state: &AppState, viewer: &Viewer, q: &MovementQuery, sheet: Sheet) -> Response {
    let b = match board(state, viewer, q).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let mut columns = vec!["date", "code", "name", "kind", "level", "why"];
    columns.extend(b.levels.iter().map(|l| l.name.as_str()));
    let rows: Vec<Vec<Cell>> = b
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(b.date.clone()),
                Cell::Text(r.code.clone()),
                Cell::Text(r.name.clone()),
                Cell::Text(r.kind.clone()),
                Cell::Text(r.level.as_ref().map(|l| l.name.clone()).unwrap_or_default()),
                Cell::Text(r.why.clone().unwrap_or_default()),
            ];
            row.extend(r.counts.iter().map(|&n| Cell::Number(n as f64)));
            row
        })
        .collect();
    sheet.write(&format!("movement-{}-{}", b.unit, b.date), &columns, &rows)
}
