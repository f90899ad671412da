//! The grassroots' load by level over a range of days.

use fangkong_store::truth::BurdenReport;

use super::{TruthQuery, may_read_reports, unit_error};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;

/// The burden for the query, access checked.
pub async fn measure(
    state: &AppState,
    viewer: &Viewer,
    q: &TruthQuery,
) -> Result<BurdenReport, ApiError> {
    let unit = q.unit_or_scope(viewer)?;
    let (from, to) = q.range(state, 13)?;
    may_read_reports(state, viewer, &unit, "burden").await?;
    let kept = state
        .burdens
        .get_or(
            (unit.clone(), from, to),
            crate::page_cache::Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || {
                state
                    .store
                    .burden(&unit, from, to)
                    .await
                    .map_err(unit_error(&unit))
            },
        )
        .await?;
    Ok((*kept).clone())
}
