//! The counts behind the dashboard's office figures: the appeals past their
//! deadline and the high alerts still open that an account sees, on a day and
//! the day before. Each costs a pass over every appeal or alert rule, so the
//! counts are kept per role, scope and day until a filing or a write moves
//! them ([`crate::page_cache`]).

use fangkong_domain::Day;
use fangkong_domain::access::{Action, Principal};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::headline::OfficeCounts;
use crate::page_cache::Follows;

/// The counts of `viewer` on `day`, kept or counted.
pub async fn counts(state: &AppState, viewer: &Viewer, day: Day) -> Result<OfficeCounts, ApiError> {
    let principal = viewer.principal();
    let minute =
        (day >= state.clock.today()).then(|| crate::appeals::now(state).as_second().div_euclid(60));
    let key = (
        principal.role,
        principal.scope.clone(),
        day,
        state.pending_from(),
        minute,
    );
    let kept = state
        .office
        .get_or(
            key,
            Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || count(state, viewer, &principal, day).await,
        )
        .await?;
    Ok((*kept).clone())
}

/// Counts what `principal` sees on `day` and the day before.
async fn count(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    day: Day,
) -> Result<OfficeCounts, ApiError> {
    let reads_appeals = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        tree.index_of(&principal.scope)
            .is_some_and(|at| principal.may(Action::ReadAppeals(at), tree).is_ok())
    };
    let overdue = if reads_appeals {
        let at = |d: Day| async move {
            let moment = crate::appeals::moment(state, d);
            let (seen, _) = crate::appeals::view::visible_appeals(state, viewer, moment).await?;
            Ok::<_, ApiError>(
                seen.iter()
                    .filter(|v| v.appeal.duplicate_of.is_none() && v.summary.late_by.is_some())
                    .count(),
            )
        };
        let now = at(day).await?;
        let before = match day.plus_days(-1) {
            Some(d) => at(d).await?,
            None => 0,
        };
        Some((now, before))
    } else {
        None
    };
    let high = crate::appeals::alerts::open_high(state, principal, day).await?;
    let high_before = match day.plus_days(-1) {
        // The day before the data has no alerts to count: no change shown.
        Some(d) if state.status_on(d).await.is_some() => {
            Some(crate::appeals::alerts::open_high(state, principal, d).await?)
        }
        _ => None,
    };
    Ok(OfficeCounts {
        overdue,
        high_alerts: (high, high_before),
    })
}
