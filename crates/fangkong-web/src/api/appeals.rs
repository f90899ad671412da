//! Appeals and alerts through the JSON API: taking appeals in (many at once,
//! all or nothing, each problem named by its JSON path), a unit's queue and
//! dashboard, one appeal with why it was classified and routed as it was, a
//! step of its life or a category set by hand; the day's alerts, acknowledged
//! and closed.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::appeals::alerts::{AlertBoard, AlertNoteRequest, AlertQuery};
use crate::appeals::board::AppealBoard;
use crate::appeals::explain::{Explanation, explain};
use crate::appeals::intake::{IntakeReceipt, IntakeRequest};
use crate::appeals::queue::{AppealsQuery, Queue};
use crate::appeals::view::AppealView;
use crate::appeals::work::{CategoryRequest, ChangeReceipt, ChangeRequest};
use crate::auth::{Caller, check_header_csrf};
use crate::error::{ApiError, ErrorBody};
use crate::i18n::Lang;
use crate::truth::TruthQuery;

/// Takes appeals in: classified, given an urgency, routed to a unit and
/// grouped with their duplicates, all or nothing. Hotline operators only.
#[utoipa::path(post, path = "/api/v1/appeals", request_body = IntakeRequest,
    security(("bearer" = [])),
    responses((status = 201, body = IntakeReceipt), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_appeals(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<(StatusCode, Json<IntakeReceipt>), ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/appeals").await?;
    let request: IntakeRequest =
        super::json_body(&bytes, "a list of appeals ({\"appeals\": [...]})")?;
    let at = crate::appeals::now(&state);
    let done = crate::appeals::intake::take_in(&state, &viewer, &request.appeals, at, |i| {
        format!("$.appeals[{i}]")
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(crate::appeals::intake::receipt(done)),
    ))
}

/// A unit's queue: the appeals with it and under it, the most pressing first.
#[utoipa::path(get, path = "/api/v1/appeals", params(AppealsQuery),
    responses((status = 200, body = Queue), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_queue(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<AppealsQuery>,
) -> Result<Json<Queue>, ApiError> {
    Ok(Json(
        crate::appeals::queue::queue(&state, &viewer, &q).await?,
    ))
}

/// A unit's appeals dashboard on a day: figures, categories, what is rising
/// in the units under it, the longest overdue.
#[utoipa::path(get, path = "/api/v1/appeals/dashboard", params(AppealsQuery),
    responses((status = 200, body = AppealBoard), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_dashboard(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<AppealsQuery>,
) -> Result<Json<AppealBoard>, ApiError> {
    Ok(Json(
        crate::appeals::board::dashboard(&state, &viewer, &q, crate::i18n::Lang::En).await?,
    ))
}

/// An appeal with why it is where it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppealDetail {
    /// The appeal.
    pub appeal: AppealView,
    /// The model's reasons.
    pub explanation: Explanation,
}

/// One appeal, its life and why it was classified and routed as it was.
#[utoipa::path(get, path = "/api/v1/appeals/{reference}",
    params(("reference" = String, Path, description = "The appeal's reference")),
    responses((status = 200, body = AppealDetail), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_appeal(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(reference): Path<String>,
) -> Result<Json<AppealDetail>, ApiError> {
    let now = crate::appeals::moment(&state, state.clock.today());
    let (v, tree) = crate::appeals::view::one(&state, &viewer, &reference, now).await?;
    let router = state.appeal_router().await;
    let explanation = explain(&router, &v.appeal.text, v.appeal.address.as_deref());
    let mut appeal = AppealView::of(&v, &tree).with_triage(state.rules.appeals.triage_below);
    appeal.name_actors(&state).await?;
    Ok(Json(AppealDetail {
        appeal,
        explanation,
    }))
}

/// Records a step of an appeal's life, checked against its whole life.
#[utoipa::path(post, path = "/api/v1/appeals/{reference}/changes", request_body = ChangeRequest,
    params(("reference" = String, Path, description = "The appeal's reference")),
    responses((status = 201, body = ChangeReceipt), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_change(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(reference): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<(StatusCode, Json<ChangeReceipt>), ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/appeals").await?;
    let r: ChangeRequest = super::json_body(&bytes, "a change ({\"event\": ...})")?;
    let receipt = crate::appeals::work::change(&state, &viewer, &reference, &r).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// Sets an appeal's category by hand (the model's is kept apart), audited.
#[utoipa::path(post, path = "/api/v1/appeals/{reference}/category", request_body = CategoryRequest,
    params(("reference" = String, Path, description = "The appeal's reference")),
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_category(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(reference): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/appeals").await?;
    let r: CategoryRequest =
        super::json_body(&bytes, "a category ({\"category\": ..., \"reason\": ...})")?;
    crate::appeals::work::recategorise(&state, &viewer, &reference, &r).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The day's alerts the account may see, counted per level and state, then
/// filtered, most serious first.
#[utoipa::path(get, path = "/api/v1/alerts", params(AlertQuery),
    responses((status = 200, body = AlertBoard), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_alerts(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Query(q): Query<AlertQuery>,
) -> Result<Json<AlertBoard>, ApiError> {
    let lang = Lang::of_request(&uri, &headers, crate::doors::Face::Api);
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    let filter = q.filter(lang)?;
    Ok(Json(
        crate::appeals::alerts::board(&state, &viewer, day, filter).await?,
    ))
}

/// Acknowledges an alert, hands it to an account that may handle it
/// (`assigned`, with `assignee`), or closes an acknowledged one with a note.
#[utoipa::path(post, path = "/api/v1/alerts/{kind}/{key}", request_body = AlertNoteRequest,
    params(("kind" = String, Path, description = "The alert's kind"),
        ("key" = String, Path, description = "The alert's key (a unit's code, a category)")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_alert(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path((kind, key)): Path<(String, String)>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/alerts").await?;
    let lang = Lang::of_request(&uri, &headers, crate::doors::Face::Api);
    let r: AlertNoteRequest =
        super::json_body(&bytes, "an alert note ({\"state\": ..., \"note\": ...})")?;
    let day = TruthQuery::day("date", r.date.as_deref(), state.clock.today())?;
    crate::appeals::alerts::note(&state, &viewer, day, &kind, &key, &r, lang).await?;
    Ok(StatusCode::NO_CONTENT)
}
