//! The findings of the day's reports under a unit.

use fangkong_domain::{Day, UnitCode};
use fangkong_store::truth::QualityReport;

use super::{TruthQuery, may_read_reports, unit_error};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::view;

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
        let root = view::existing_root(tree)?;
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
