//! People of the registry as a viewer may see them: the search and one
//! person's timeline, masked by role, shared by the page and the JSON API.

use fangkong_domain::UnitCode;
use fangkong_domain::access::Action;
use fangkong_domain::registry::flow::situation_on;
use fangkong_domain::registry::{ResidentId, mask};
use fangkong_store::PeopleSearch;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;
use crate::glass::GlassQuery;
use crate::view;

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
    /// Whether name, resident ID and phone are masked.
    pub masked: bool,
    /// Every step, in order.
    pub steps: Vec<TimelineStep>,
}

/// The people `viewer` may see matching `text` (the search of the API and the
/// page): by index, in the account's subtree only.
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
    let principal = viewer.principal();
    let (units, personal_role) = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let scope = view::unit_in(tree, &principal.scope)?;
        let units: Option<Vec<UnitCode>> = tree.parent(scope).map(|_| {
            tree.subtree(scope)
                .into_iter()
                .map(|i| tree.unit(i).code.clone())
                .collect()
        });
        let personal = principal.may(Action::ReadPersonalData(scope), tree).is_ok();
        (units, personal)
    };
    let rows = state
        .store
        .find_people(PeopleSearch {
            text: &text,
            personal: personal_role,
            units: units.as_deref(),
            limit: 100,
        })
        .await?;
    let refs: Vec<String> = rows.iter().map(|p| p.reference.clone()).collect();
    let flows = state.store.flows_of(&refs).await?;
    let today = state.clock.today();
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            let i = tree.index_of(&p.unit)?;
            principal.may(Action::ReadRegistry(i), tree).ok()?;
            let personal = principal.may(Action::ReadPersonalData(i), tree).is_ok();
            let s = flows
                .get(&p.reference)
                .and_then(|f| situation_on(&f.steps, today).ok().flatten());
            Some(PersonSummary {
                name: if personal {
                    p.name
                } else {
                    mask::name(&p.name)
                },
                reference: p.reference,
                unit: p.unit.to_string(),
                category: s.map(|s| s.category.name().to_string()),
                left: s.is_some_and(|s| !s.is_open()),
            })
        })
        .collect())
}

/// One person's timeline as `viewer` may see it (the API's and the page's);
/// the gate has checked that the account reads the registry where the person
/// lives.
pub async fn timeline_of(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    reference: &str,
    ask: &GlassQuery,
) -> Result<Timeline, ApiError> {
    let p = state
        .store
        .person(reference)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no person {reference}")))?;
    let code = p.unit.clone();
    view::authorize(
        state,
        viewer,
        &code,
        Action::ReadRegistry,
        "person",
        reference,
    )
    .await?;
    let personal = crate::glass::unmasked(state, viewer, reference, &code, ask).await?;
    let flow = state
        .store
        .flows_of(std::slice::from_ref(&p.reference))
        .await?
        .remove(&p.reference)
        .ok_or_else(|| ApiError::NotFound(format!("no person {reference}")))?;
    let steps = flow
        .steps
        .iter()
        .zip(&flow.facilities)
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
        masked: !personal,
        steps,
    })
}
