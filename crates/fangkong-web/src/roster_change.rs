//! Changes to the roster made on the staffing page: someone sent where staff
//! are short (a volunteer to a community that needs one), from a day on; the
//! move closes their posting where they were and opens one there.

use fangkong_domain::access::ActionKind;
use fangkong_domain::{UnitCode, UnitKind};
use fangkong_store::StaffWritten;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::view;

/// Someone to send to another community or village.
#[derive(Debug, Clone)]
pub struct MoveRequest {
    /// Their roster id.
    pub person_id: String,
    /// The community or village they go to.
    pub unit: String,
    /// The first day there (default: today).
    pub on: Option<String>,
}

/// Sends `r.person_id` to `r.unit` as `viewer`: the roster may be changed
/// both where the person is and where they go (asked before anything else
/// is read or checked), the unit must be a community or village, the day a
/// day. Audited by the store, without names.
pub async fn move_person(
    state: &AppState,
    viewer: &Viewer,
    r: &MoveRequest,
) -> Result<StaffWritten, ApiError> {
    let target = r.unit.trim();
    crate::auth::authorize_units(state, viewer, ActionKind::ManageRoster, [target]).await?;
    let roster = state.store.roster().await?;
    let Some(mut person) = roster
        .into_iter()
        .find(|p| p.staff.id == r.person_id.trim())
    else {
        return Err(ApiError::Invalid {
            field: "person_id",
            message: format!("{} is not on the roster", r.person_id.trim()),
        });
    };
    crate::auth::authorize_units(
        state,
        viewer,
        ActionKind::ManageRoster,
        [person.staff.unit.as_str()],
    )
    .await?;
    let code = UnitCode::parse(target).map_err(|e| ApiError::Invalid {
        field: "unit",
        message: e.to_string(),
    })?;
    let on = match r.on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => state.clock.today(),
        Some(text) => fangkong_domain::Day::parse(text).map_err(|e| ApiError::Invalid {
            field: "on",
            message: e.to_string(),
        })?,
    };
    let unit_id = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let at = view::unit_in(tree, &code)?;
        if !matches!(tree.unit(at).kind, UnitKind::Community | UnitKind::Village) {
            return Err(ApiError::Invalid {
                field: "unit",
                message: format!(
                    "{code} is a {}: people are rostered in a community or village",
                    tree.unit(at).kind
                ),
            });
        }
        loaded.units.ids.get(&code).copied()
    };
    let Some(unit_id) = unit_id else {
        return Err(ApiError::NotFound(format!("unit {code}")));
    };
    person.staff.unit = code;
    Ok(state
        .store
        .put_staff(&[(person, unit_id)], on, state.clock.now(), viewer.name())
        .await?)
}
