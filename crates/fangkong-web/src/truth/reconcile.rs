//! Reports summed over a unit against its published series.

use fangkong_domain::access::Action;
use fangkong_domain::quality::reconcile::Reconciliation;

use super::TruthQuery;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::view;

/// The comparison for the query, access checked (the figures of the unit).
pub async fn compare(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    q: &TruthQuery,
) -> Result<(fangkong_domain::UnitCode, Reconciliation), ApiError> {
    let code = view::code_param(code)?;
    let (from, to) = q.range(state, 29)?;
    view::authorize(
        state,
        viewer,
        &code,
        Action::ReadFigures,
        "reconcile",
        code.as_str(),
    )
    .await?;
    let kept = state
        .reconciliations
        .get_or(
            (code.clone(), from, to),
            crate::page_cache::Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || fangkong_store::truth::reconciliation(&state.store, &code, from, to).await,
        )
        .await?;
    let mut r = (*kept).clone();
    if q.differences
        .as_deref()
        .is_some_and(|d| d == "1" || d == "true")
    {
        r.days.retain(|d| d.difference.is_some_and(|x| x != 0));
    }
    Ok((code, r))
}
