//! People in the registry through the API: search, and one person's timeline.
//! Names, resident IDs and phones come in full only to the roles that need them
//! (medical staff, community workers) inside their scope; others get them masked,
//! and may search by reference only (a search by name or ID would confirm what
//! the mask hides).

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::glass::GlassQuery;
use crate::people::{PersonSummary, Timeline, find, timeline_of};

/// A search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// A reference prefix; for the roles that see personal data, also a name
    /// prefix, a full resident ID or a full phone number.
    pub q: Option<String>,
}

/// People in the registry under the account's scope matching a search (at most
/// 100).
#[utoipa::path(get, path = "/api/v1/people", params(PeopleQuery),
    responses((status = 200, body = [PersonSummary]), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<PeopleQuery>,
) -> Result<Json<Vec<PersonSummary>>, ApiError> {
    Ok(Json(
        find(&state, &viewer, q.q.as_deref().unwrap_or("")).await?,
    ))
}

/// One person's timeline: every step with its day, place and facility. Masked
/// unless the role reads personal data there; an office may unmask the person
/// by giving a purpose and a reason (break the glass: audited, counted per hour).
#[utoipa::path(get, path = "/api/v1/people/{reference}", params(("reference" = String, Path, description = "The person's reference"), GlassQuery),
    responses((status = 200, body = Timeline), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(reference): Path<String>,
    Query(q): Query<GlassQuery>,
) -> Result<Json<Timeline>, ApiError> {
    Ok(Json(timeline_of(&state, &viewer, &reference, &q).await?))
}
