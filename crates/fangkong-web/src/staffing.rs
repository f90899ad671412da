//! The staffing board as the pages and the API ask for it: access checked
//! (the roster of the unit), derived from the store once per unit, day,
//! language and masking until the data changes ([`crate::staffing_board`]).

use std::sync::Arc;

use fangkong_domain::Day;
use fangkong_domain::access::Action;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::page_cache::Follows;
use crate::staffing_board::{BoardInput, StaffingBoard, derive};
use crate::view;

/// The staffing board's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffingQuery {
    /// The unit (default: the account's scope).
    pub unit: Option<String>,
    /// The day (default: the last day with data).
    pub date: Option<String>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// The board for the query, access checked.
pub async fn board(
    state: &AppState,
    viewer: &Viewer,
    q: &StaffingQuery,
) -> Result<Arc<StaffingBoard>, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let unit = view::unit_or_scope(q.unit.as_deref(), viewer)?;
    view::authorize(
        state,
        viewer,
        &unit,
        Action::ReadRoster,
        "staffing",
        unit.as_str(),
    )
    .await?;
    let day = view::day_param(state, q.date.as_deref())?;
    // Reading the roster reaches the unit's subtree only, and so does reading
    // personal data: a reader sees all of the board's people unmasked or none.
    let personal = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let at = view::unit_in(tree, &unit)?;
        viewer
            .principal()
            .may(Action::ReadPersonalData(at), tree)
            .is_ok()
    };
    state
        .staffing
        .get_or(
            (unit.clone(), day, lang, personal),
            Follows::Data,
            &state.reports_generation,
            &state.store,
            async || {
                let store = &state.store;
                let roster = store.roster().await?;
                let staff: Vec<_> = roster.iter().map(|r| r.staff.clone()).collect();
                let rules = &state.rules.rota;
                let back = rules.rest_window_days.max(rules.max_consecutive_days + 1) as i32;
                let duties = store
                    .kept_rota(&staff, day.plus_days(-back).unwrap_or(day), day)
                    .await?;
                let care = store
                    .care(Day::parse("2000-01-01").unwrap_or(day), day)
                    .await?;
                let loaded = state.engine.read().await;
                let tree = loaded.engine.tree();
                let at = view::unit_in(tree, &unit)?;
                Ok::<_, ApiError>(derive(&BoardInput {
                    tree,
                    at,
                    roster: &roster,
                    duties: &duties,
                    care: &care,
                    rules,
                    day,
                    lang,
                    personal,
                }))
            },
        )
        .await
}
