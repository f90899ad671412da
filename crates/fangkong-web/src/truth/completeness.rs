//! Expected, received and on-time reports of a day, and the units not yet
//! reported with who answers for them.

use fangkong_domain::access::Action;
use fangkong_domain::registry::mask;
use fangkong_store::truth::Completeness;

use super::{TruthQuery, may_read_reports, unit_error};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;

/// Completeness for the query, access checked.
pub async fn count(
    state: &AppState,
    viewer: &Viewer,
    q: &TruthQuery,
) -> Result<Completeness, ApiError> {
    let unit = q.unit_or_scope(viewer)?;
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    may_read_reports(state, viewer, &unit, "completeness").await?;
    // The answer depends on the time only through whether the day's reports
    // are due yet: that is part of the key.
    let pending = day >= state.pending_from();
    let kept = state
        .completeness
        .get_or(
            (unit.clone(), day, pending),
            crate::page_cache::Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || {
                state
                    .store
                    .completeness(&state.rules.quality.deadline, &unit, day, state.clock.now())
                    .await
                    .map_err(unit_error(&unit))
            },
        )
        .await?;
    let mut c = (*kept).clone();
    // The phones of the people on duty, masked for the roles that do not see
    // personal data in the unit (every door reads completeness from here).
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let principal = viewer.principal();
    for row in c.missing.iter_mut().chain(c.late.iter_mut()) {
        let personal = tree
            .index_of(&row.code)
            .is_some_and(|i| principal.may(Action::ReadPersonalData(i), tree).is_ok());
        if !personal {
            for d in &mut row.on_duty {
                d.phone = d.phone.as_deref().map(mask::phone);
                d.account = None;
            }
        }
    }
    Ok(c)
}
