//! Who broke the glass: the unmaskings by the accounts under a unit, for the
//! offices and administrators above them.

use axum::Json;
use axum::extract::{Query, State};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::glass::{GlassLog, GlassLogQuery, log};

/// The unmaskings of people by the accounts whose scope lies under a unit,
/// newest first, with the purpose and words each gave.
#[utoipa::path(get, path = "/api/v1/glass", params(GlassLogQuery),
    responses((status = 200, body = GlassLog), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_glass(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<GlassLogQuery>,
) -> Result<Json<GlassLog>, ApiError> {
    Ok(Json(log(&state, &viewer, q.unit.as_deref()).await?))
}
