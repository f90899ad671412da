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
use crate::i18n::truth::{TruthMessages, finding_text};
use crate::pages::{Nav, page_error, render, view};
use fangkong_domain::{Day, UnitCode};

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

/// The scan for the query, access checked.
pub async fn scan(
    state: &AppState,
    viewer: &Viewer,
    q: &TruthQuery,
) -> Result<QualityReport, ApiError> {
    let unit = q.unit_or_scope(viewer)?;
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    may_read_reports(state, viewer, &unit, "quality").await?;
    let mut report = within(state, &unit, day).await?;
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

/// The scan of `unit` on `day`: the whole tree's scan of the day (computed once
/// and kept until the next report is filed), narrowed to the unit's subtree. A
/// unit's neighbours are its neighbours whoever asks, so the findings are those
/// of the whole scan.
async fn within(state: &AppState, unit: &UnitCode, day: Day) -> Result<QualityReport, ApiError> {
    let root = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let root = tree
            .roots()
            .next()
            .ok_or_else(|| ApiError::NotFound("the tree is empty".into()))?;
        tree.unit(root).code.clone()
    };
    let whole = match state.quality.get(day) {
        Some(hit) => hit,
        None => {
            let generation = state.quality.generation();
            let scan = state
                .store
                .quality_scan(&state.rules.quality, &root, day)
                .await
                .map_err(unit_error(&root))?;
            state.quality.put(day, scan, generation)
        }
    };
    if *unit == root {
        return Ok((*whole).clone());
    }
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let at = view::unit_in(tree, unit)?;
    let inside = |code: &UnitCode| tree.index_of(code).is_some_and(|i| tree.is_within(i, at));
    let reported: Vec<UnitCode> = whole
        .reported
        .iter()
        .filter(|c| inside(c))
        .cloned()
        .collect();
    Ok(QualityReport {
        unit: unit.clone(),
        day,
        reports: reported.len(),
        findings: whole
            .findings
            .iter()
            .filter(|f| inside(&f.finding.unit))
            .cloned()
            .collect(),
        reported,
    })
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
