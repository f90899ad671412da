//! `GET /completeness`: expected, received and on-time reports of a day, and the
//! units not yet reported with who answers for them.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fangkong_store::truth::Completeness;

use super::TruthLinks;
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::Messages;
use crate::i18n::truth::{TruthMessages, level_name};
use crate::pages::{Nav, page_error, render};
use crate::truth::completeness::count;
use crate::truth::{TruthQuery, reads_audit};

#[derive(Template)]
#[template(path = "completeness.html")]
struct CompletenessPage {
    m: Messages,
    t: TruthMessages,
    nav: Option<Nav>,
    switch_query: String,
    links: TruthLinks,
    unit: String,
    day: String,
    due: String,
    levels: Vec<(&'static str, u32, u32, u32, u32, String)>,
    c: Completeness,
}

/// `GET /completeness`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let c = match count(&state, &viewer, &q).await {
        Ok(c) => c,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let levels = c
        .levels
        .iter()
        .map(|l| {
            (
                level_name(l.level, lang),
                l.expected,
                l.received,
                l.on_time,
                l.missing,
                format!(
                    "{:.1}%",
                    100.0 * f64::from(l.received) / f64::from(l.expected.max(1))
                ),
            )
        })
        .collect();
    render(&CompletenessPage {
        m,
        t: lang.truth(),
        nav: Nav::of(&viewer, lang),
        switch_query: format!("unit={}&date={}&lang={}", c.unit, c.day, m.other_code),
        links: TruthLinks::new(lang, &c.unit, "completeness", reads_audit(&viewer)),
        unit: c.unit.to_string(),
        day: c.day.to_string(),
        due: c
            .due
            .map(|d| {
                fangkong_domain::Day::shanghai_time(d)
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default(),
        levels,
        c,
    })
}

/// The columns of the units not reported (or late), to take away: a list to
/// call down, with who answers for each.
const COLUMNS: [&str; 10] = [
    "date",
    "unit_code",
    "name",
    "parent",
    "status",
    "on_duty",
    "on_duty_phone",
    "responsible",
    "responsible_name",
    "arrived_at",
];

/// The rows of [`COLUMNS`]: the units with no report (pending before the
/// deadline, missing after it), then the late ones.
fn rows(c: &Completeness) -> Vec<Vec<crate::i18n::workbook::Cell>> {
    use crate::i18n::workbook::Cell;
    let text = |s: &str| Cell::Text(s.to_string());
    let maybe = |s: Option<&str>| s.map_or(Cell::Missing, |s| Cell::Text(s.to_string()));
    let absent = if c.pending { "pending" } else { "missing" };
    c.missing
        .iter()
        .map(|r| (r, absent))
        .chain(c.late.iter().map(|r| (r, "late")))
        .map(|(r, status)| {
            vec![
                Cell::Text(c.day.to_string()),
                Cell::Text(r.code.to_string()),
                text(&r.name),
                text(&r.parent),
                text(status),
                // Who is on post that day (the kept rota), phones as the
                // reader's role may see them (masked before); none where no
                // rota is kept.
                maybe(r.on_duty_names().as_deref()),
                maybe(r.on_duty_phones(str::to_string).as_deref()),
                maybe(r.responsible.as_deref()),
                maybe(r.responsible_name.as_deref()),
                r.recorded_at.map_or(Cell::Missing, |a| {
                    Cell::Text(
                        fangkong_domain::Day::shanghai_time(a)
                            .strftime("%Y-%m-%d %H:%M")
                            .to_string(),
                    )
                }),
            ]
        })
        .collect()
}

/// `GET /completeness.csv`: the units not reported and the late ones.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    download(&state, &viewer, &q, crate::download::csv).await
}

/// `GET /completeness.xlsx`: the same as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    download(&state, &viewer, &q, crate::download::xlsx).await
}

/// The list `q` asks for, written by `write`.
async fn download(
    state: &AppState,
    viewer: &Viewer,
    q: &TruthQuery,
    write: fn(&str, &[&str], &[Vec<crate::i18n::workbook::Cell>]) -> Response,
) -> Response {
    match count(state, viewer, q).await {
        Ok(c) => write(
            &format!("unreported-{}-{}", c.unit, c.day),
            &COLUMNS,
            &rows(&c),
        ),
        Err(e) => page_error(e),
    }
}
