//! `GET /quality`: the findings of the day's reports under a unit.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fangkong_store::truth::QualityReport;

use super::TruthLinks;
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::Messages;
use crate::i18n::truth::{TruthMessages, finding_text};
use crate::pages::{Nav, page_error, render};
use crate::truth::quality::scan;
use crate::truth::{TruthQuery, reads_audit};

#[derive(Template)]
#[template(path = "quality.html")]
struct QualityPage {
    m: Messages,
    t: TruthMessages,
    nav: Option<Nav>,
    switch_query: String,
    links: TruthLinks,
    unit: String,
    day: String,
    report: QualityReport,
    /// Each finding's sentence in the page's language, in the report's order.
    texts: Vec<String>,
    errors: usize,
    lang_code: &'static str,
}

/// `GET /quality`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let report = match scan(&state, &viewer, &q).await {
        Ok(r) => r,
        Err(e) => return page_error(e),
    };
    let errors = report
        .findings
        .iter()
        .filter(|f| f.finding.severity == fangkong_domain::quality::Severity::Error)
        .count();
    let m = lang.messages();
    let texts = report
        .findings
        .iter()
        .map(|f| finding_text(&f.finding, &state.rules.quality, lang))
        .collect();
    render(&QualityPage {
        m,
        t: lang.truth(),
        nav: Nav::of(&viewer, lang),
        switch_query: format!(
            "unit={}&date={}&lang={}",
            report.unit, report.day, m.other_code
        ),
        links: TruthLinks::new(lang, &report.unit, "quality", reads_audit(&viewer)),
        unit: report.unit.to_string(),
        day: report.day.to_string(),
        errors,
        lang_code: m.code,
        texts,
        report,
    })
}
