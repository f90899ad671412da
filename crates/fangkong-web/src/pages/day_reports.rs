//! A unit's day of reports: the latest revision of each report from the
//! reporting units beneath it, read for those units only (not the whole
//! city's day), for its page (50 a page) and as a file to take away
//! (`GET /units/{code}/reports.csv|.xlsx?date=`).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use fangkong_domain::Day;
use fangkong_domain::access::Action;
use fangkong_domain::report::Measure;
use fangkong_domain::report::ReportRevision;
use fangkong_domain::unit::{UnitIndex, UnitTree};

use crate::AppState;
use crate::auth::Viewer;
use crate::download::Sheet;
use crate::error::ApiError;
use crate::i18n::workbook::Cell;
use crate::pages::page_error;
use crate::view::{self, PageQuery};

/// The latest revision of each report of `day` beneath `unit`, by unit code.
pub async fn under(
    state: &AppState,
    loaded: &fangkong_store::Loaded,
    unit: UnitIndex,
    day: Day,
) -> Result<Vec<ReportRevision>, ApiError> {
    let tree = loaded.engine.tree();
    let leaves: Vec<i64> = tree
        .subtree(unit)
        .into_iter()
        .filter(|&i| tree.is_reporting(i))
        .filter_map(|i| loaded.units.ids.get(&tree.unit(i).code).copied())
        .collect();
    let mut reports: Vec<ReportRevision> = state
        .store
        .latest_reports_of(&leaves, day, day)
        .await?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    reports.sort_by(|a, b| a.report.unit.cmp(&b.report.unit));
    Ok(reports)
}

/// `GET /units/{code}/reports.csv`.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    download(&state, &viewer, &code, &q, Sheet::Csv).await
}

/// `GET /units/{code}/reports.xlsx`.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    download(&state, &viewer, &code, &q, Sheet::Xlsx).await
}

/// The day's reports beneath the unit as `sheet`: each count and each
/// measure a column of its own, names beside codes.
async fn download(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    q: &PageQuery,
    sheet: Sheet,
) -> Response {
    match rows(state, viewer, code, q).await {
        Ok((name, columns, rows)) => {
            let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
            sheet.write(&name, &columns, &rows)
        }
        Err(e) => page_error(e),
    }
}

/// A file's name, columns and rows.
type Table = (String, Vec<String>, Vec<Vec<Cell>>);

async fn rows(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    q: &PageQuery,
) -> Result<Table, ApiError> {
    let day = view::day_param(state, q.date.as_deref())?;
    let code = view::code_param(code)?;
    view::authorize(
        state,
        viewer,
        &code,
        Action::ReadReports,
        "reports",
        code.as_str(),
    )
    .await?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let unit = view::unit_in(tree, &code)?;
    let reports = under(state, &loaded, unit, day).await?;
    let mut columns: Vec<String> = [
        "date",
        "unit",
        "name",
        "revision",
        "new_confirmed",
        "new_suspected",
        "new_close_contacts",
        "new_fever",
    ]
    .map(String::from)
    .to_vec();
    columns.extend(Measure::ALL.map(|m| m.field().to_string()));
    columns.extend(["reporter", "reason"].map(String::from));
    let rows = reports
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(day.to_string()),
                Cell::Text(r.report.unit.to_string()),
                Cell::Text(name_of(tree, &r.report.unit)),
                Cell::Number(f64::from(r.revision)),
                Cell::Number(f64::from(r.report.new_confirmed.get())),
                Cell::Number(f64::from(r.report.new_suspected.get())),
                Cell::Number(f64::from(r.report.new_close_contacts.get())),
                Cell::Number(f64::from(r.report.new_fever.get())),
            ];
            row.extend(
                Measure::ALL.map(|m| Cell::Number(f64::from(u8::from(r.report.measures.get(m))))),
            );
            row.push(Cell::Text(r.report.reporter.clone()));
            row.push(r.reason.clone().map_or(Cell::Missing, Cell::Text));
            row
        })
        .collect();
    Ok((format!("reports-{code}-{day}"), columns, rows))
}

/// A unit's name in the tree (empty for one not in it).
pub fn name_of(tree: &UnitTree, code: &fangkong_domain::UnitCode) -> String {
    tree.index_of(code)
        .map(|i| tree.unit(i).name.clone())
        .unwrap_or_default()
}
