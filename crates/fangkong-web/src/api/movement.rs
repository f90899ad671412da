//! `/api/v1/movement`: the level in force for the units under a unit on a
//! day; `/api/v1/passes/verify`: a pass's verdict for today, as the guard's
//! page gives it (the token is the credential).

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::i18n::Lang;
use crate::movement::{LevelShown, MovementBoard, MovementQuery, PassToday, board, pass_today};
use crate::pass_check;

/// The level in force for each unit under a unit on a day (where residents
/// may go, what they may leave for, hours), why, and how many reporting
/// units beneath stand at each level.
#[utoipa::path(get, path = "/api/v1/movement", params(MovementQuery),
    responses((status = 200, body = MovementBoard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_movement(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<MovementQuery>,
) -> Result<Json<MovementBoard>, ApiError> {
    Ok(Json(board(&state, &viewer, &q).await?))
}

/// The verification's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// The pass's token, or its URL.
    pub token: String,
    /// The language of the reason.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// A pass's verdict.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PassVerdict {
    /// Whether the pass holds today.
    pub valid: bool,
    /// The day checked (Asia/Shanghai).
    pub date: String,
    /// Why not (`bad_signature`, `unreadable`, `not_yet`, `expired`,
    /// `revoked`, `unknown`, `level_disallows`, `no_level`).
    pub refusal: Option<String>,
    /// The reason in the reader's language.
    pub reason: Option<String>,
    /// The pass's id, once its signature holds.
    pub id: Option<String>,
    /// Its unit's code.
    pub unit: Option<String>,
    /// The holder's name, masked.
    pub holder: Option<String>,
    /// Its purpose.
    pub purpose: Option<String>,
    /// Its first day.
    pub from: Option<String>,
    /// Its last day.
    pub until: Option<String>,
    /// The level in force for its unit today.
    pub level: Option<LevelShown>,
}

/// Verifies a pass for today: signature, kept and not revoked, its period,
/// and the level in force for its unit allowing its purpose.
#[utoipa::path(get, path = "/api/v1/passes/verify", params(VerifyQuery), security(()),
    responses((status = 200, body = PassVerdict), (status = 422, body = ErrorBody)))]
pub async fn get_pass_verdict(
    State(state): State<AppState>,
    Query(q): Query<VerifyQuery>,
) -> Result<Json<PassVerdict>, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let PassToday {
        day,
        pass,
        result,
        level,
        ..
    } = pass_today(&state, &q.token).await?;
    let pass = pass.as_ref();
    Ok(Json(PassVerdict {
        valid: result.is_ok(),
        date: day.to_string(),
        refusal: result.as_ref().err().map(|r| r.name().to_string()),
        reason: result
            .as_ref()
            .err()
            .map(|r| pass_check::refusal_text(r, lang, level.as_ref())),
        id: pass.map(|p| p.id.clone()),
        unit: pass.map(|p| p.unit.clone()),
        holder: pass.map(|p| p.holder.clone()),
        purpose: pass.map(|p| p.purpose.name().to_string()),
        from: pass.map(|p| p.from.to_string()),
        until: pass.map(|p| p.until.to_string()),
        level: level.as_ref().map(|l| LevelShown::of(l, lang)),
    }))
}

/// The inspections under a unit over a period, newest first: what was not
/// in place, what the unit attested and the inspector did not find (a
/// data-truth finding), the inspector.
#[utoipa::path(get, path = "/api/v1/inspections", params(crate::inspections::InspectionQuery),
    responses((status = 200, body = crate::inspections::InspectionBoard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_inspections(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<crate::inspections::InspectionQuery>,
) -> Result<Json<crate::inspections::InspectionBoard>, ApiError> {
    Ok(Json(crate::inspections::board(&state, &viewer, &q).await?))
}

/// Records an inspection of a reporting unit; a failed one holds the unit's
/// epidemic-free status back until a passing re-inspection (by the rules).
#[utoipa::path(post, path = "/api/v1/inspections", request_body = crate::inspections::InspectionRequest,
    responses((status = 200, body = crate::inspections::InspectionRow), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_inspection(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    headers: axum::http::HeaderMap,
    uri: axum::http::Uri,
    bytes: axum::body::Bytes,
) -> Result<Json<crate::inspections::InspectionRow>, ApiError> {
    crate::auth::check_header_csrf(&state, &viewer, &headers, "/api/v1/inspections").await?;
    let lang = Lang::of_request(&uri, &headers, crate::doors::Face::Api);
    let r: crate::inspections::InspectionRequest = super::json_body(&bytes, "an inspection")?;
    let stored = crate::inspections::record(&state, &viewer, &r, lang).await?;
    let name = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        tree.get(&stored.unit)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    Ok(Json(crate::inspections::row(&stored, name)))
}
