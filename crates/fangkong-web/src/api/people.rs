//! People in the registry through the API: search, and one person's timeline.
//! Names, resident IDs and phones come in full only to the roles that need them
//! (medical staff, community workers) inside their scope; others get them masked,
//! and may search by reference only (a search by name or ID would confirm what
//! the mask hides).

use axum::Json;
use axum::extract::{Path, Query, State};
use fangkong_domain::access::Action;
use fangkong_domain::registry::flow::situation_on;
use fangkong_domain::registry::{ResidentId, mask};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::view;

/// A search.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PeopleQuery {
    /// A reference prefix; for the roles that see personal data, also a name
    /// prefix, a full resident ID or a full phone number.
    pub q: Option<String>,
}

/// One person in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonSummary {
    /// The reference.
    pub reference: String,
    /// The name (masked unless the role needs it).
    pub name: String,
    /// Where the person lives.
    pub unit: String,
    /// The category today.
    pub category: Option<String>,
    /// Whether the person has left the registry (discharged, released, died).
    pub left: bool,
}

/// One step of a timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineStep {
    /// The day.
    pub date: String,
    /// `identified`, `recategorised`, `sampled`, `moved`, `treatment_started`, `left`.
    pub step: String,
    /// The category (identified, recategorised).
    pub category: Option<String>,
    /// The place (moved).
    pub place: Option<String>,
    /// The exit (left).
    pub exit: Option<String>,
    /// The facility (moved into one).
    pub facility: Option<String>,
}

/// One person's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct Timeline {
    /// The reference.
    pub reference: String,
    /// The name (masked unless the role needs it).
    pub name: String,
    /// The resident ID (masked unless the role needs it), if known.
    pub resident_id: Option<String>,
    /// The phone (masked unless the role needs it), if known.
    pub phone: Option<String>,
    /// Where the person lives.
    pub unit: String,
    /// Every step, in order.
    pub steps: Vec<TimelineStep>,
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

/// The people `viewer` may see matching `text` (the search of the API and the page).
pub async fn find(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    text: &str,
) -> Result<Vec<PersonSummary>, ApiError> {
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(ApiError::Invalid {
            field: "q",
            message: "say what to look for".into(),
        });
    }
    let people = state.store.registry_people().await?;
    let today = state.clock.today();
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let principal = viewer.principal();
    let as_id = ResidentId::parse(&text).ok();
    let mut out = Vec::new();
    for (p, code) in people {
        let Some(i) = tree.index_of(&code) else {
            continue;
        };
        if principal.may(Action::ReadReports(i), tree).is_err() {
            continue;
        }
        let personal = principal.may(Action::ReadPersonalData(i), tree).is_ok();
        let hit = p.reference.starts_with(&text)
            || (personal
                && (p.name.starts_with(&text)
                    || p.phone.as_deref() == Some(text.as_str())
                    || (as_id.is_some()
                        && p.resident_id.as_deref() == as_id.as_ref().map(ResidentId::as_str))));
        if !hit {
            continue;
        }
        let s = situation_on(&p.steps, today).ok().flatten();
        out.push(PersonSummary {
            reference: p.reference,
            name: if personal {
                p.name
            } else {
                mask::name(&p.name)
            },
            unit: code.to_string(),
            category: s.map(|s| s.category.name().to_string()),
            left: s.is_some_and(|s| !s.is_open()),
        });
        if out.len() == 100 {
            break;
        }
    }
    Ok(out)
}

/// One person's timeline: every step with its day, place and facility.
#[utoipa::path(get, path = "/api/v1/people/{reference}", params(("reference" = String, Path, description = "The person's reference")),
    responses((status = 200, body = Timeline), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(reference): Path<String>,
) -> Result<Json<Timeline>, ApiError> {
    Ok(Json(timeline_of(&state, &viewer, &reference).await?))
}

/// One person's timeline as `viewer` may see it (the API's and the page's).
pub async fn timeline_of(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    reference: &str,
) -> Result<Timeline, ApiError> {
    let reference = reference.to_string();
    let people = state.store.registry_people().await?;
    let (p, code) = people
        .into_iter()
        .find(|(p, _)| p.reference == reference)
        .ok_or_else(|| ApiError::NotFound(format!("no person {reference}")))?;
    view::authorize(
        state,
        viewer,
        &code,
        Action::ReadReports,
        "person",
        &reference,
    )
    .await?;
    let personal = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        tree.index_of(&code).is_some_and(|i| {
            viewer
                .principal()
                .may(Action::ReadPersonalData(i), tree)
                .is_ok()
        })
    };
    let steps = p
        .steps
        .iter()
        .zip(&p.facilities)
        .map(|(s, f)| {
            let (c, pl, e) = s.step.parts();
            TimelineStep {
                date: s.day.to_string(),
                step: s.step.name().to_string(),
                category: c.map(|c| c.name().to_string()),
                place: pl.map(|p| p.name().to_string()),
                exit: e.map(|e| e.name().to_string()),
                facility: f.as_ref().map(|(f, _)| f.clone()),
            }
        })
        .collect();
    let id = p
        .resident_id
        .as_deref()
        .and_then(|t| ResidentId::parse(t).ok());
    Ok(Timeline {
        reference: p.reference,
        name: if personal {
            p.name.clone()
        } else {
            mask::name(&p.name)
        },
        resident_id: id.map(|id| {
            if personal {
                id.as_str().to_string()
            } else {
                id.masked()
            }
        }),
        phone: p
            .phone
            .map(|ph| if personal { ph } else { mask::phone(&ph) }),
        unit: code.to_string(),
        steps,
    })
}
