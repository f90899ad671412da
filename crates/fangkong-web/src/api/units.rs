//! Finding a unit by name through the API: what the pages' unit fields
//! suggest as a person types (保成 → 保成社区 420102002003), only among the
//! units whose figures the account reads.

use axum::Json;
use axum::extract::{Query, State};
use fangkong_domain::access::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};

/// The most units one search answers.
const LIMIT: usize = 20;

/// What to look for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct UnitSearch {
    /// Part of a unit's name, or the start of its code (nothing: no unit).
    pub q: String,
}

/// A unit found.
#[derive(Debug, Serialize, ToSchema)]
pub struct FoundUnit {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its kind (`district`, `community`, …).
    pub kind: String,
    /// The names of the units above it, nearest last (江岸区 · 大智街道).
    pub path: String,
}

/// The units found, closest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct FoundUnits {
    /// At most twenty.
    pub units: Vec<FoundUnit>,
}

/// Units whose name holds the text (or whose code begins with it), closest
/// first, among those the account reads.
#[utoipa::path(get, path = "/api/v1/units", params(UnitSearch),
    responses((status = 200, body = FoundUnits), (status = 401, body = ErrorBody)))]
pub async fn get_units(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<UnitSearch>,
) -> Result<Json<FoundUnits>, ApiError> {
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let principal = viewer.principal();
    let found = fangkong_domain::unit::search::find(tree, &q.q, LIMIT, |i| {
        principal.may(Action::ReadFigures(i), tree).is_ok()
    });
    let units = found
        .into_iter()
        .map(|i| {
            let u = tree.unit(i);
            let mut above = Vec::new();
            let mut at = tree.parent(i);
            while let Some(p) = at {
                above.push(tree.unit(p).name.clone());
                at = tree.parent(p);
            }
            above.reverse();
            FoundUnit {
                code: u.code.to_string(),
                name: u.name.clone(),
                kind: u.kind.name().to_string(),
                path: above.join(" · "),
            }
        })
        .collect();
    Ok(Json(FoundUnits { units }))
}
