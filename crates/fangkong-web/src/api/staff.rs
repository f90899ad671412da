//! `GET /api/v1/staffing` and `GET /api/v1/rota`: the people who work in a
//! unit's communities and villages, as JSON, masked by role as the pages are.

use axum::Json;
use axum::extract::{Query, State};
use fangkong_domain::access::Action;
use fangkong_domain::registry::mask;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::staffing::{StaffingQuery, board};
use crate::staffing_board::StaffingBoard;
use crate::view;

/// The staffing of a unit on a day: each community and village with its
/// people per 1,000 residents against the minimum (the shortest first, the
/// unknown last), the districts summed, who is worn out, care summed per
/// area, and the roster where the unit is a community, village or
/// subdistrict. Names and phones are masked for the roles that do not see
/// personal data.
#[utoipa::path(get, path = "/api/v1/staffing", params(StaffingQuery),
    responses((status = 200, body = StaffingBoard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_staffing(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<StaffingQuery>,
) -> Result<Json<StaffingBoard>, ApiError> {
    Ok(Json((*board(&state, &viewer, &q).await?).clone()))
}

/// The rota's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RotaQuery {
    /// The unit whose communities and villages are shown (default: the
    /// account's scope).
    pub unit: Option<String>,
    /// The first day (default: the last day with data).
    pub from: Option<String>,
    /// How many days (1 to 62, default 7).
    pub days: Option<u32>,
}

/// One person on duty on one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DutyRow {
    /// The day.
    pub date: String,
    /// The community or village.
    pub unit_code: String,
    /// The A/B pair, if on one of its posts.
    pub pair: Option<String>,
    /// `A` or `B`, if on a pair's post.
    pub post: Option<String>,
    /// Roster id.
    pub person_id: String,
    /// Name (masked for the roles that do not see personal data).
    pub name: String,
    /// Phone (masked likewise).
    pub phone: Option<String>,
}

/// The kept rota of a unit's communities and villages over some days: one
/// row per person on duty per day, as `rota plan` prints it.
#[utoipa::path(get, path = "/api/v1/rota", params(RotaQuery),
    responses((status = 200, body = [DutyRow]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_rota(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<RotaQuery>,
) -> Result<Json<Vec<DutyRow>>, ApiError> {
    let unit = view::unit_or_scope(q.unit.as_deref(), &viewer)?;
    view::authorize(
        &state,
        &viewer,
        &unit,
        Action::ReadRoster,
        "rota",
        unit.as_str(),
    )
    .await?;
    let from = view::day_param(&state, q.from.as_deref())?;
    let days = q.days.unwrap_or(7);
    if !(1..=62).contains(&days) {
        return Err(ApiError::Invalid {
            field: "days",
            message: format!("{days} is not between 1 and 62"),
        });
    }
    let through = from.plus_days(days as i32 - 1).unwrap_or(from);
    // One read of the roster: the kept duties' people are indexes into it.
    let roster = state.store.roster().await?;
    let staff: Vec<_> = roster.iter().map(|r| r.staff.clone()).collect();
    let duties = state.store.kept_rota(&staff, from, through).await?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let at = view::unit_in(tree, &unit)?;
    let principal = viewer.principal();
    Ok(Json(
        duties
            .iter()
            .filter_map(|d| {
                let i = tree.index_of(&d.unit).filter(|&i| tree.is_within(i, at))?;
                let r = roster.get(d.person)?;
                let open = principal.may(Action::ReadPersonalData(i), tree).is_ok();
                Some(DutyRow {
                    date: d.day.to_string(),
                    unit_code: d.unit.to_string(),
                    pair: d.pair.clone(),
                    post: d.post.map(|p| p.name().to_string()),
                    person_id: r.staff.id.clone(),
                    name: if open {
                        r.staff.name.clone()
                    } else {
                        mask::name(&r.staff.name)
                    },
                    phone: r
                        .profile
                        .phone
                        .as_deref()
                        .map(|p| if open { p.to_string() } else { mask::phone(p) }),
                })
            })
            .collect(),
    ))
}
