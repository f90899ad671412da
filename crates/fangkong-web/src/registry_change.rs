//! A change to the registry (people added, steps recorded), checked and
//! written as a viewer, all or nothing: the JSON API's and the bulk form's.

use fangkong_domain::UnitCode;
use fangkong_domain::access::{Action, ActionKind};
use fangkong_store::{Item, PersonInput, StepInput};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};
use crate::view;

/// What a change added.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryReceipt {
    /// New people.
    pub people: usize,
    /// Steps recorded, identifications included.
    pub steps: usize,
    /// Follow-ups started.
    pub followups: usize,
}

/// Checks and writes a change as `viewer` (the API's and the bulk form's).
pub async fn apply(
    state: &AppState,
    viewer: &Viewer,
    people: &[PersonInput],
    steps: &[StepInput],
) -> Result<RegistryReceipt, ApiError> {
    if people.is_empty() && steps.is_empty() {
        return Err(ApiError::Invalid {
            field: "body",
            message: "nothing to change: give people or steps".into(),
        });
    }
    state
        .rules
        .limits
        .batch("people and steps", people.len() + steps.len())
        .map_err(|e| ApiError::Invalid {
            field: "body",
            message: format!("{e}; import a file for more"),
        })?;
    // Every person the change touches must live inside the writer's scope,
    // asked before anything of the change is checked (a refusal says nothing
    // about the people it names).
    let refs: Vec<&str> = steps.iter().map(|s| s.reference.trim()).collect();
    let homes = state.store.units_of_people(&refs).await?;
    let codes = people
        .iter()
        .map(|p| p.unit_code.trim())
        .chain(homes.values().map(UnitCode::as_str));
    crate::auth::authorize_units(state, viewer, ActionKind::UpdateRegistry, codes).await?;
    let path = |item: Item| match item {
        Item::Person(i) => format!("$.people[{i}]"),
        Item::Step(i) => format!("$.steps[{i}]"),
        Item::Flow => "$.steps".to_string(),
    };
    let change = state
        .store
        .read_registry_change(
            people,
            steps,
            state.clock.today(),
            state.rules.registry.follow_up(),
            &state.rules.limits,
            path,
        )
        .await?;
    let change = match change {
        Ok(change) => change,
        Err(refusals) => {
            let problems: Vec<Problem> = refusals
                .into_iter()
                .map(|r| Problem {
                    path: format!("{}.{}", path(r.item), r.field),
                    message: r.message,
                })
                .collect();
            return Err(ApiError::Refused {
                message: format!("{} problems; nothing was written", problems.len()),
                problems,
            });
        }
    };
    // The checked change, once more: it may name units the texts did not
    // (a person added and stepped in one change).
    let mut units: Vec<&UnitCode> = change.units.values().collect();
    units.sort();
    units.dedup();
    for code in units {
        view::authorize(
            state,
            viewer,
            code,
            Action::UpdateRegistry,
            "registry",
            code.as_str(),
        )
        .await?;
    }
    state
        .store
        .registry_add_with_teams(
            &change.people,
            &change.steps,
            &change.followups,
            &change.teams,
            state.clock.now(),
            viewer.name(),
        )
        .await?;
    Ok(RegistryReceipt {
        people: change.people.len(),
        steps: change.steps.len(),
        followups: change.followups.len(),
    })
}
