//! The disputes register through the JSON API: read a unit's register, record
//! a dispute, record a mediation step.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::{Caller, check_header_csrf};
use crate::disputes::{DisputeReceipt, DisputeRegister, DisputeRequest, DisputeStepRequest};
use crate::error::{ApiError, ErrorBody};

/// Which register.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// The unit (default: the account's scope).
    pub unit: Option<String>,
}

/// Where a dispute stands after a step.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepReceipt {
    /// The dispute.
    pub reference: String,
    /// `open`, `mediating`, `resolved`, `referred` or `withdrawn`.
    pub status: String,
}

/// The disputes under a unit, open and riskiest first; parties masked unless
/// the account reads personal data there.
#[utoipa::path(get, path = "/api/v1/disputes", params(RegisterQuery),
    responses((status = 200, body = DisputeRegister), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_disputes(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<RegisterQuery>,
) -> Result<Json<DisputeRegister>, ApiError> {
    Ok(Json(
        crate::disputes::register(&state, &viewer, q.unit.as_deref()).await?,
    ))
}

/// Records a dispute with its parties: community workers and the offices,
/// inside their scope.
#[utoipa::path(post, path = "/api/v1/disputes", request_body = DisputeRequest,
    responses((status = 201, body = DisputeReceipt), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_dispute(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<(StatusCode, Json<DisputeReceipt>), ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/disputes").await?;
    let r: DisputeRequest = super::json_body(&bytes, "a dispute")?;
    let receipt = crate::disputes::record(&state, &viewer, &r).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// Records a mediation step, checked against the dispute's steps.
#[utoipa::path(post, path = "/api/v1/disputes/{reference}/steps", request_body = DisputeStepRequest,
    params(("reference" = String, Path, description = "The dispute's reference")),
    responses((status = 201, body = StepReceipt), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_step(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(reference): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<(StatusCode, Json<StepReceipt>), ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/disputes").await?;
    let r: DisputeStepRequest = super::json_body(&bytes, "a step")?;
    let status = crate::disputes::step(&state, &viewer, &reference, &r).await?;
    Ok((StatusCode::CREATED, Json(StepReceipt { reference, status })))
}
