//! Working on an appeal through the web: a step of its life or a category set
//! by hand, by an account that may handle the appeal where it is. Shared by the
//! appeal's page and the JSON API.

use fangkong_domain::access::Action;
use fangkong_domain::appeals::Category;
use fangkong_domain::appeals::lifecycle::{Change, Event, Status, current_unit};
use fangkong_domain::limits::TextKind;
use fangkong_domain::{Day, UnitCode};
use fangkong_store::AppealChangeError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::view::unit_named;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;

/// One step in an appeal's life.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ChangeRequest {
    /// `assigned`, `started`, `answered`, `closed`, `rated` or `reopened`.
    pub event: String,
    /// The unit it is assigned to (`assigned`).
    pub unit: Option<String>,
    /// What was answered, or why it is reopened (required for both).
    pub note: String,
    /// The day promised (`answered`, optional: promise only what can be done).
    pub promised: Option<String>,
    /// The caller's satisfaction, 1 to 5 (`rated`).
    pub satisfaction: Option<u8>,
}

/// Where the appeal stood and stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeReceipt {
    /// The appeal.
    pub reference: String,
    /// Before the change.
    pub from: String,
    /// After it.
    pub to: String,
}

/// A category set by hand.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CategoryRequest {
    /// The category.
    pub category: String,
    /// Why (kept in the audit log with the old and new categories).
    pub reason: String,
}

fn given(x: &Option<String>) -> Option<&str> {
    x.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks that `viewer` may handle appeal `reference` where it is now;
/// returns the account's scope index and the tree.
async fn may_handle(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<fangkong_store::StoredAppeal, ApiError> {
    let appeal = state
        .store
        .appeal(reference)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no appeal {reference}")))?;
    let decision = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let with = super::view::access_unit(
            tree,
            current_unit(&appeal.changes, appeal.unit.as_ref()).and_then(|c| tree.index_of(c)),
        );
        viewer.principal().may(Action::HandleAppeals(with), tree)
    };
    match decision {
        Ok(()) => Ok(appeal),
        Err(d) => Err(crate::auth::refuse(state, viewer, "appeals.handle", reference, d).await),
    }
}

/// Records one step of appeal `reference` as `viewer`. An assignment goes to a
/// unit inside the account's scope, or up the tree above it (sent back).
pub async fn change(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    r: &ChangeRequest,
) -> Result<ChangeReceipt, ApiError> {
    may_handle(state, viewer, reference).await?;
    let unit: Option<UnitCode> = match given(&r.unit) {
        None => None,
        Some(code) => {
            let (target, refused) = {
                let loaded = state.engine.read().await;
                let tree = loaded.engine.tree();
                let target = unit_named(tree, "unit", code)?;
                let principal = viewer.principal();
                let at = tree
                    .index_of(&target)
                    .unwrap_or_else(|| crate::view::root(tree));
                let up = tree
                    .index_of(&principal.scope)
                    .is_some_and(|scope| tree.is_within(scope, at));
                let refused = if up {
                    None
                } else {
                    principal.may(Action::HandleAppeals(at), tree).err()
                };
                (target, refused)
            };
            if let Some(d) = refused {
                return Err(
                    crate::auth::refuse(state, viewer, "appeals.assign", reference, d).await,
                );
            }
            Some(target)
        }
    };
    let promised = given(&r.promised)
        .map(|p| {
            Day::parse(p).map_err(|e| ApiError::Invalid {
                field: "promised",
                message: e.to_string(),
            })
        })
        .transpose()?;
    let event = Event::from_parts(r.event.trim(), unit, promised, r.satisfaction).map_err(|e| {
        ApiError::Invalid {
            field: "event",
            message: e.to_string(),
        }
    })?;
    let change = Change {
        at: super::now(state),
        actor: viewer.name().to_string(),
        event,
        note: crate::limits::checked(state, "note", TextKind::Note, &r.note)?,
    };
    let (from, to): (Status, Status) = state
        .store
        .change_appeal(reference, &change)
        .await
        .map_err(|e| match e {
            AppealChangeError::NotFound(_) => ApiError::NotFound(e.to_string()),
            AppealChangeError::UnknownUnit(_) => ApiError::Invalid {
                field: "unit",
                message: e.to_string(),
            },
            AppealChangeError::Lifecycle(_) => ApiError::Invalid {
                field: "event",
                message: e.to_string(),
            },
            AppealChangeError::Changed(_) => ApiError::Conflict {
                field: "event",
                message: e.to_string(),
            },
            AppealChangeError::Store(s) => s.into(),
        })?;
    Ok(ChangeReceipt {
        reference: reference.to_string(),
        from: from.name().into(),
        to: to.name().into(),
    })
}

/// Sets the category of appeal `reference` by hand as `viewer`, audited.
pub async fn recategorise(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    r: &CategoryRequest,
) -> Result<(), ApiError> {
    may_handle(state, viewer, reference).await?;
    let category = Category::parse(&r.category).ok_or_else(|| ApiError::Invalid {
        field: "category",
        message: format!("'{}' is not a category", r.category.trim()),
    })?;
    if r.reason.trim().is_empty() {
        return Err(ApiError::Invalid {
            field: "reason",
            message: "say why the category changes".into(),
        });
    }
    let reason = crate::limits::checked(state, "reason", TextKind::Note, &r.reason)?;
    state
        .store
        .recategorise_appeal(
            reference,
            category,
            &reason,
            state.clock.now(),
            viewer.name(),
        )
        .await?;
    Ok(())
}
