//! The data-truth API: the same derivations as the pages, as JSON, with the same
//! access checks (the page handlers' gathering functions are reused as they are).

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::truth::audit::AuditQuery;
use crate::truth::{TruthQuery, audit, burden, completeness, quality, reconcile};

/// A derived document: its fields are described in the docs of the matching
/// `fangkong` command (`quality`, `reconcile`, `completeness`, `burden`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct Derived(Value);

fn derived(v: impl Serialize) -> Result<Json<Derived>, ApiError> {
    serde_json::to_value(v)
        .map(|v| Json(Derived(v)))
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// The data-quality findings of a day's reports under a unit: configured
/// validation rules, outliers (modified z-score), copied reports.
#[utoipa::path(get, path = "/api/v1/quality", params(TruthQuery),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_quality(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<TruthQuery>,
) -> Result<Json<Derived>, ApiError> {
    derived(quality::scan(&state, &viewer, &q).await?)
}

/// Reports summed over a unit's subtree against its published series, day by day.
#[utoipa::path(get, path = "/api/v1/reconcile/{code}", params(("code" = String, Path, description = "The unit's code"), TruthQuery),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_reconcile(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(code): Path<String>,
    Query(q): Query<TruthQuery>,
) -> Result<Json<Derived>, ApiError> {
    let (code, r) = reconcile::compare(&state, &viewer, &code, &q).await?;
    derived(serde_json::json!({"unit": code.as_str(), "summary": r.summary, "days": r.days}))
}

/// Expected, received and on-time reports of a day per level, and the units not
/// yet reported with who answers for them.
#[utoipa::path(get, path = "/api/v1/completeness", params(TruthQuery),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_completeness(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<TruthQuery>,
) -> Result<Json<Derived>, ApiError> {
    derived(completeness::count(&state, &viewer, &q).await?)
}

/// The grassroots' burden by level over a range of days.
#[utoipa::path(get, path = "/api/v1/burden", params(TruthQuery),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_burden(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<TruthQuery>,
) -> Result<Json<Derived>, ApiError> {
    derived(burden::measure(&state, &viewer, &q).await?)
}

/// One audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryBody {
    /// Its number (entries are numbered in order).
    pub id: i64,
    /// When: RFC 3339 with the Asia/Shanghai offset.
    pub at: String,
    /// Who (an account, `cli:<user>`, `demo`), or null for the anonymous public.
    pub actor: Option<String>,
    /// What, e.g. `report.correct`, `login.failed`, `access.report`.
    pub action: String,
    /// On what, e.g. `420102002003-01 2020-03-06 r2`.
    pub target: Option<String>,
    /// The value before.
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// `done` or `denied`.
    pub outcome: String,
}

/// The append-only audit log, newest first, filtered. There is no method that
/// changes it.
#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery),
    responses((status = 200, body = [AuditEntryBody]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_audit(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntryBody>>, ApiError> {
    let list = audit::entries(&state, &viewer, &q).await?;
    Ok(Json(
        list.into_iter()
            .map(|e| AuditEntryBody {
                id: e.id,
                at: fangkong_domain::Day::rfc3339_shanghai(e.at),
                actor: e.actor,
                action: e.action,
                target: e.target,
                old_value: e.old_value,
                new_value: e.new_value,
                reason: e.reason,
                outcome: e.outcome.name().to_string(),
            })
            .collect(),
    ))
}

/// The public figures (信息公開): the published series, the trend's phases and the
/// epidemic-free communities and villages by district. No login; cacheable
/// (`Cache-Control`, `ETag`).
#[utoipa::path(get, path = "/api/v1/public", params(crate::public::PublicQuery), security(()),
    responses((status = 200, body = crate::public_answer::PublicFigures), (status = 304, description = "not modified (If-None-Match)"), (status = 422, body = ErrorBody)))]
pub async fn get_public(
    state: State<AppState>,
    headers: axum::http::HeaderMap,
    q: Query<crate::public::PublicQuery>,
) -> axum::response::Response {
    crate::public::json(state, headers, q).await
}
