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
