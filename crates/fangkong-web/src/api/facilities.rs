//! `GET /api/v1/facilities`: the facility board as JSON.

use axum::Json;
use axum::extract::{Query, State};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::facilities::{FacilityBoard, board};
use crate::view::DateQuery;

/// The facility board on a day: beds by kind in use and free, with each
/// facility's beds in use over the 14 days up to it. Every signed-in role reads
/// it (it holds no personal data).
#[utoipa::path(get, path = "/api/v1/facilities", params(DateQuery),
    responses((status = 200, body = FacilityBoard), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_facilities(
    State(state): State<AppState>,
    Caller(_viewer): Caller,
    Query(q): Query<DateQuery>,
) -> Result<Json<FacilityBoard>, ApiError> {
    Ok(Json(board(&state, q.date.as_deref()).await?))
}
