//! Changing the registry through the API (and the bulk form of the pages): new
//! people and new steps in one all-or-nothing change, checked by the store as a
//! CSV import is, every problem named by its JSON path; and the export of
//! personal data, a permission of its own, audited.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fangkong_domain::UnitCode;
use fangkong_domain::access::Action;
use fangkong_store::{AuditEntry, Outcome, PersonInput, StepInput};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::{Caller, check_header_csrf};
use crate::error::{ApiError, ErrorBody};
use crate::registry_change::{RegistryReceipt, apply};
use crate::view;

/// A change to the registry: people to add and steps to record (a bulk status
/// change is a list of steps). Every field is text, as in the CSV files.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RegistryRequest {
    /// People: `ref`, `resident_id`, `name`, `phone`, `birth_date`, `address`,
    /// `unit_code`, `category`, `identified_on`, `last_exposure`, `team`.
    #[schema(value_type = Vec<Object>)]
    pub people: Vec<PersonInput>,
    /// Steps: `ref`, `date`, `step`, `category`, `place`, `exit`, `facility`, `bed`.
    #[schema(value_type = Vec<Object>)]
    pub steps: Vec<StepInput>,
}

/// Adds people and records steps, all or nothing: medical staff and community
/// workers, for people living inside their scope.
#[utoipa::path(post, path = "/api/v1/registry", request_body = RegistryRequest,
    security(("bearer" = [])),
    responses((status = 201, body = RegistryReceipt), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_registry(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<RegistryReceipt>), ApiError> {
    check_header_csrf(&state, &viewer, &headers, "/api/v1/registry").await?;
    let request: RegistryRequest =
        serde_json::from_slice(&body).map_err(|e| ApiError::Invalid {
            field: "body",
            message: format!("not a registry change: {e}"),
        })?;
    let receipt = apply(&state, &viewer, &request.people, &request.steps).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// The export's query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// The unit whose people to export (default: the account's scope).
    pub unit: Option<String>,
}

/// Everyone in the registry living under a unit, with their personal data, as
/// CSV: only for accounts granted the export of personal data, inside their
/// scope. Every export is in the audit log with how many people it held.
#[utoipa::path(get, path = "/api/v1/registry/export", params(ExportQuery),
    responses((status = 200, description = "CSV: ref,name,resident_id,phone,address,unit_code", content_type = "text/csv"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let unit = match q.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(text) => view::code_param(text)?,
        None => viewer.principal().scope,
    };
    view::authorize(
        &state,
        &viewer,
        &unit,
        Action::ExportPersonalData,
        "registry.export",
        unit.as_str(),
    )
    .await?;
    let codes: Vec<UnitCode> = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let at = view::unit_in(tree, &unit)?;
        tree.subtree(at)
            .into_iter()
            .map(|i| tree.unit(i).code.clone())
            .collect()
    };
    let people = state.store.people_in(&codes).await?;
    let mut csv = String::from("ref,name,resident_id,phone,address,unit_code\n");
    for p in &people {
        let fields = [
            p.reference.as_str(),
            p.name.as_str(),
            p.resident_id.as_deref().unwrap_or(""),
            p.phone.as_deref().unwrap_or(""),
            p.address.as_deref().unwrap_or(""),
            p.unit.as_str(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push('\n');
    }
    let entry = AuditEntry::new(
        state.clock.now(),
        Some(viewer.name()),
        "registry.export",
        Outcome::Done,
    )
    .on(unit.as_str())
    .values(None, Some(format!("{} people", people.len())));
    state.store.audit(&entry).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        csv,
    )
        .into_response())
}

/// A CSV field, quoted when it must be.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
