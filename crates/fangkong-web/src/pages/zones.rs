//! `GET /zones`: how many compounds under each unit stand in each zone tier
//! on a day, on the map where the units have boundaries (Wuhan's or
//! Shanghai's districts), with the same figures as a table and a download.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use crate::AppState;
use crate::auth::Viewer;
use crate::download::Sheet;
use crate::i18n::Messages;
use crate::i18n::workbook::Cell;
use crate::map::MapView;
use crate::pages::{Nav, page_error, render};
use crate::zones::{ZoneBoard, ZoneQuery, board, map, policy_name, tier_name};

#[derive(Template)]
#[template(path = "zones.html")]
struct ZonesPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    b: ZoneBoard,
    tiers: Vec<String>,
    /// Each policy: its name in files, in the reader's language, and whether
    /// it is the one shown.
    policies: Vec<(String, String, bool)>,
    map: Option<MapView>,
    query: String,
}

/// `GET /zones`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ZoneQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let b = match board(&state, &viewer, &q).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let query = format!(
        "unit={}&date={}&policy={}",
        b.unit,
        b.date,
        crate::href::percent_encode(b.policy.as_deref().unwrap_or_default())
    );
    render(&ZonesPage {
        switch_query: format!("{query}&lang={}", m.other_code),
        nav: Nav::of(&viewer, lang),
        tiers: b.tiers.iter().map(|t| tier_name(lang, t)).collect(),
        map: map(&b, lang),
        policies: b
            .policies
            .iter()
            .map(|p| {
                (
                    p.clone(),
                    policy_name(lang, p),
                    b.policy.as_ref() == Some(p),
                )
            })
            .collect(),
        query,
        m,
        b,
    })
}

/// `GET /zones.csv`.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ZoneQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Csv).await
}

/// `GET /zones.xlsx`.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ZoneQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Xlsx).await
}

/// The board's table as `sheet`: one row per unit, a column per tier (their
/// names in files, as the CLI writes them).
async fn download(state: &AppState, viewer: &Viewer, q: &ZoneQuery, sheet: Sheet) -> Response {
    let b = match board(state, viewer, q).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let mut columns = vec!["date", "code", "name"];
    columns.extend(b.tiers.iter().map(String::as_str));
    columns.push("units");
    let rows: Vec<Vec<Cell>> = b
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(b.date.clone()),
                Cell::Text(r.code.clone()),
                Cell::Text(r.name.clone()),
            ];
            row.extend(r.counts.iter().map(|&n| Cell::Number(n as f64)));
            row.push(Cell::Number(r.total as f64));
            row
        })
        .collect();
    sheet.write(&format!("zones-{}-{}", b.unit, b.date), &columns, &rows)
}
