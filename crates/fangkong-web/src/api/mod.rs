//! The JSON API under `/api/v1`, described by an OpenAPI document generated from
//! these handlers and types (`/api/v1/openapi.json`).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fangkong_domain::access::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub(crate) mod appeals;
pub(crate) mod compliance;
pub(crate) mod disputes;
pub(crate) mod facilities;
pub(crate) mod glass;
pub(crate) mod movement;
pub(crate) mod people;
pub(crate) mod registry;
pub(crate) mod reports;
pub(crate) mod rt;
pub(crate) mod staff;
pub(crate) mod truth;
pub(crate) mod units;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::i18n::Lang;
use crate::view::{self, DateQuery};

/// Reads a JSON request body, naming what it should have been when it is not.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::Invalid {
        field: "body",
        message: format!("not {what}: {e}"),
    })
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "fangkong API",
        description = "The data platform of a city's epidemic command centre"
    ),
    paths(
        get_status,
        units::get_units,
        get_unit,
        get_phases,
        rt::get_rt,
        reports::post_report,
        reports::get_revisions,
        truth::get_quality,
        truth::get_reconcile,
        truth::get_completeness,
        truth::get_burden,
        truth::get_audit,
        truth::get_public,
        compliance::get_compliance,
        people::search,
        people::timeline,
        registry::post_registry,
        registry::export,
        glass::get_glass,
        facilities::get_facilities,
        appeals::post_appeals,
        appeals::get_queue,
        appeals::get_dashboard,
        appeals::get_appeal,
        appeals::post_change,
        appeals::post_category,
        appeals::get_alerts,
        appeals::post_alert,
        disputes::get_disputes,
        disputes::post_dispute,
        disputes::post_step,
        staff::get_staffing,
        staff::get_rota,
        movement::get_movement,
        movement::get_pass_verdict,
        movement::get_inspections,
        movement::post_inspection
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []), ("session" = [])),
    components(schemas(
        reports::ReportRequest,
        reports::ReportReceipt,
        reports::RevisionBody,
        reports::Warning,
        truth::AuditEntryBody,
        crate::public_answer::PublicFigures,
        crate::compliance::ComplianceResponse,
        crate::compliance::ComplianceRow,
        crate::compliance::GapRow,
        crate::people::PersonSummary,
        crate::people::Timeline,
        crate::people::TimelineStep,
        registry::RegistryRequest,
        crate::facilities::FacilityBoard,
        crate::facilities::FacilityRow,
        crate::registry_change::RegistryReceipt,
        crate::glass::GlassLog,
        crate::glass::GlassRead,
        crate::error::Problem,
        crate::public_answer::PublicDay,
        crate::public_answer::PublicPhase,
        crate::public_answer::PublicDistrict,
        crate::public_answer::PublicInspection,
        crate::public_answer::PublicUnit,
        StatusResponse,
        KindFigures,
        UnitResponse,
        UnitSummary,
        PhasesResponse,
        rt::RtResponse,
        rt::RtRow,
        PeriodBody,
        MilestoneBody,
        ErrorBody,
        crate::appeals::intake::IntakeRequest,
        crate::appeals::intake::AppealRequest,
        crate::appeals::intake::IntakeReceipt,
        crate::appeals::intake::IntakeOutcome,
        crate::appeals::queue::Queue,
        crate::appeals::board::AppealBoard,
        crate::appeals::board::TallyView,
        crate::appeals::board::CategoryRow,
        crate::appeals::board::RisingRow,
        crate::appeals::board::QueueRow,
        crate::appeals::view::AppealView,
        crate::appeals::view::ChangeView,
        crate::appeals::work::ChangeRequest,
        crate::appeals::work::ChangeReceipt,
        crate::appeals::work::CategoryRequest,
        crate::appeals::alerts::AlertBoard,
        crate::appeals::alerts::AlertView,
        crate::appeals::alerts::AlertNoteRequest,
        appeals::AppealDetail,
        crate::appeals::explain::Explanation,
        crate::appeals::explain::FeatureWeight,
        disputes::StepReceipt,
        staff::DutyRow,
        movement::PassVerdict,
        crate::inspections::InspectionBoard,
        crate::inspections::InspectionRow,
        crate::inspections::InspectionRequest,
        crate::movement::MovementBoard,
        crate::movement::MovementRow,
        crate::movement::LevelShown,
        crate::staffing_board::StaffingBoard,
        crate::staffing_board::StaffingRow,
        crate::staffing_board::TiredRow,
        crate::staffing_board::RosterRow,
        crate::staffing_board::CareRow,
        crate::disputes::DisputeRegister,
        crate::disputes::DisputeView,
        crate::disputes::PartyBody,
        crate::disputes::StepView,
        crate::disputes::DisputeRequest,
        crate::disputes::DisputeReceipt,
        crate::disputes::DisputeStepRequest
    ))
)]
pub struct ApiDoc;

/// Declares the two ways to sign a request: a bearer token (`fangkong user token`)
/// or the browser's session cookie.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("fk_session"))),
        );
    }
}

/// Epidemic-free figures of one kind of unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct KindFigures {
    /// The kind (`community`, `village`, `compound`, …).
    pub kind: String,
    /// Units of the kind.
    pub units: usize,
    /// Epidemic-free units of the kind.
    pub epidemic_free: usize,
    /// Units of the kind waiting only for reports not yet due.
    pub pending: usize,
}

/// The dashboard's figures for one day.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusResponse {
    /// The day.
    pub date: String,
    /// Figures per kind.
    pub kinds: Vec<KindFigures>,
    /// Units that gained the status that day.
    pub gained: usize,
    /// Units that lost it.
    pub lost: usize,
    /// Reports received for the day.
    pub reports_received: usize,
    /// Reporting units expected to report.
    pub reports_expected: usize,
}

/// One unit's certification on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitSummary {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Whether it is epidemic-free.
    pub epidemic_free: bool,
    /// Whether it waits only for reports not yet due (then not epidemic-free,
    /// nor lost: pending).
    pub pending: bool,
    /// Consecutive clean days ending on the day.
    pub zero_days: u32,
    /// The earliest day it can qualify.
    pub earliest_free: String,
    /// Why it is not epidemic-free (empty when it is).
    pub reason: String,
}

/// A unit and the units directly under it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitResponse {
    /// The day.
    pub date: String,
    /// The unit.
    pub unit: UnitSummary,
    /// The units directly under it.
    pub children: Vec<UnitSummary>,
}

/// Epidemic-free counts by kind, events and completeness for one day.
#[utoipa::path(get, path = "/api/v1/status", params(DateQuery),
    responses((status = 200, body = StatusResponse), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn get_status(
    State(state): State<AppState>,
    Caller(_viewer): Caller,
    Query(q): Query<DateQuery>,
) -> Result<Response, ApiError> {
    // The city's figures: every account reads them (they are the totals its own
    // subtree feeds into).
    let day = view::day_param(&state, q.date.as_deref())?;
    // A day whose reports are not yet all due changes with the clock: not cached.
    let settled = day < state.pending_from();
    if settled && let Some(json) = state.status_json.get(day) {
        return Ok(json_response(&json));
    }
    let generation = state.status_json.generation();
    let (on, before) = view::day_and_before(&state, day, Lang::En).await?;
    let loaded = state.engine.read().await;
    let (kinds, received, expected, gained, lost, _) =
        view::dashboard_figures(&loaded.engine, &on, before.as_deref(), Lang::En)?;
    let body = StatusResponse {
        date: day.to_string(),
        kinds: kinds
            .into_iter()
            .map(|k| KindFigures {
                kind: k.kind.to_string(),
                units: k.total,
                epidemic_free: k.free,
                pending: k.pending,
            })
            .collect(),
        gained,
        lost,
        reports_received: received,
        reports_expected: expected,
    };
    let json = serde_json::to_string(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    // The figures of a settled day change only with new reports: encode them once.
    if !settled {
        return Ok(json_response(&json));
    }
    Ok(json_response(&state.status_json.put(day, json, generation)))
}

fn json_response(json: &str) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        json.to_string(),
    )
        .into_response()
}

/// One unit's status and its children's, for one day.
#[utoipa::path(get, path = "/api/v1/units/{code}", params(("code" = String, Path, description = "The unit's code"), DateQuery),
    responses((status = 200, body = UnitResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn get_unit(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Result<Json<UnitResponse>, ApiError> {
    let day = view::day_param(&state, q.date.as_deref())?;
    let code = view::code_param(&code)?;
    view::authorize(
        &state,
        &viewer,
        &code,
        Action::ReadFigures,
        "unit",
        code.as_str(),
    )
    .await?;
    let on = view::status_on(&state, day, Lang::En).await?;
    let loaded = state.engine.read().await;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let unit = view::unit_in(tree, &code)?;
    let readable = view::readable_children(&viewer.principal(), tree, unit);
    let summary = |rows: Vec<view::UnitRow>| -> Vec<UnitSummary> {
        rows.into_iter()
            .map(|r| UnitSummary {
                code: r.code,
                name: r.name,
                kind: r.kind.to_string(),
                epidemic_free: r.free,
                pending: r.pending,
                zero_days: r.zero_days,
                earliest_free: r.earliest,
                reason: r.reason,
            })
            .collect()
    };
    let mut own = summary(view::unit_rows(engine, &on, &[unit], &state, Lang::En)?);
    let children = summary(view::unit_rows(engine, &on, &readable, &state, Lang::En)?);
    let unit = own
        .pop()
        .ok_or_else(|| ApiError::Internal("no row for the unit".into()))?;
    Ok(Json(UnitResponse {
        date: day.to_string(),
        unit,
        children,
    }))
}

/// Which series `/phases` reads.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SourceQuery {
    /// `published` (the default where the unit has a published series) or `reports`.
    pub source: Option<String>,
}

/// A run of days in one order-of-magnitude band.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodBody {
    /// `high`, `middle`, `low`, `tail` or `zero`.
    pub band: String,
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
    /// Days from start to end.
    pub days: u32,
    /// Days with an annotation (definition change or revision) in the period.
    pub annotated_days: Vec<String>,
}

/// The first day of a lower band after the peak.
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneBody {
    /// The band entered.
    pub band: String,
    /// The day.
    pub day: String,
    /// The figure that day.
    pub value: i64,
}

/// A unit's trend phases.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhasesResponse {
    /// The unit's code.
    pub unit: String,
    /// `published` or `reports`.
    pub source: String,
    /// Periods in date order.
    pub periods: Vec<PeriodBody>,
    /// Milestones after the peak.
    pub milestones: Vec<MilestoneBody>,
}

/// A unit's trend phases: periods by order of magnitude and milestones.
#[utoipa::path(get, path = "/api/v1/phases/{code}", params(("code" = String, Path, description = "The unit's code"), SourceQuery),
    responses((status = 200, body = PhasesResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn get_phases(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(code): Path<String>,
    Query(q): Query<SourceQuery>,
) -> Result<Json<PhasesResponse>, ApiError> {
    let code = view::code_param(&code)?;
    view::authorize(
        &state,
        &viewer,
        &code,
        Action::ReadFigures,
        "phases",
        code.as_str(),
    )
    .await?;
    let (source, series, annotations) = view::series_of(&state, &code, q.source.as_deref()).await?;
    let p = fangkong_domain::trend::phases(&series, &annotations, &state.rules.phases);
    Ok(Json(PhasesResponse {
        unit: code.to_string(),
        source: source.to_string(),
        periods: p
            .periods
            .iter()
            .map(|x| PeriodBody {
                band: x.band.name().to_string(),
                start: x.start.to_string(),
                end: x.end.to_string(),
                days: x.days,
                annotated_days: x.annotations.iter().map(|a| a.day.to_string()).collect(),
            })
            .collect(),
        milestones: p
            .milestones
            .iter()
            .map(|m| MilestoneBody {
                band: m.band.name().to_string(),
                day: m.day.to_string(),
                value: m.value,
            })
            .collect(),
    }))
}

/// The OpenAPI document.
/// The OpenAPI document as pretty JSON (what `fangkong openapi` prints).
pub fn openapi_json() -> Result<String, serde_json::Error> {
    ApiDoc::openapi().to_pretty_json()
}

pub(crate) async fn get_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
