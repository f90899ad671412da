//! `GET /api/v1/compliance`: the four "alls" as JSON.

use axum::Json;
use axum::extract::{Query, State};

use crate::AppState;
use crate::auth::Caller;
use crate::compliance::{ComplianceResponse, compliance_for};
use crate::error::{ApiError, ErrorBody};
use crate::truth::TruthQuery;

/// The four "alls" for a unit and the units under it on a day, from the
/// four-categories registry, with the people not yet covered.
#[utoipa::path(get, path = "/api/v1/compliance", params(TruthQuery),
    responses((status = 200, body = ComplianceResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_compliance(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<TruthQuery>,
) -> Result<Json<ComplianceResponse>, ApiError> {
    Ok(Json(compliance_for(&state, &viewer, &q).await?))
}
