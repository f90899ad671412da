//! `GET /quality`: the findings of the day's reports under a unit.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fangkong_store::truth::QualityReport;

use super::{TruthLinks, TruthQuery, may_read_reports, reads_audit, unit_error};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Messages;
use crate::i18n::truth::TruthMessages;
use crate::pages::{Nav, page_error, render};

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
    errors: usize,
    lang_code: &'static str,
}

/// The scan for the query, access checked.
pub async fn scan(
    state: &AppState,
    viewer: &Viewer,
    q: &TruthQuery,
) -> Result<QualityReport, ApiError> {
    let unit = q.unit_or_scope(viewer)?;
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    may_read_reports(state, viewer, &unit, "quality").await?;
    let mut report = state
        .store
        .quality_scan(&state.rules.quality, &unit, day)
        .await
        .map_err(unit_error(&unit))?;
    match q.severity.as_deref().filter(|s| !s.is_empty()) {
        None => {}
        Some(s @ ("error" | "warning")) => {
            report.findings.retain(|f| f.finding.severity.name() == s)
        }
        Some(other) => {
            return Err(ApiError::Invalid {
                field: "severity",
                message: format!("'{other}' is not error or warning"),
            });
        }
    }
    Ok(report)
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
        report,
    })
}
