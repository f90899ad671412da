//! The alert board (SPEC §8) on the web: the day's alerts an account may see
//! (about units whose figures it reads; a category's surge is the city's), and
//! acknowledging or closing one, for the accounts that handle alerts there.

use fangkong_domain::Day;
use fangkong_domain::access::Action;
use fangkong_domain::alerts::AlertState;
use fangkong_store::{AlertNoteError, RaisedAlert};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;

/// One alert as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    /// `resurgence`, `lost_status`, `silence`, `appeal_surge` or `special_place`.
    pub kind: String,
    /// `high` or `medium`.
    pub severity: String,
    /// What it is about within its kind (a unit's code, a category's name):
    /// with the kind, what acknowledging or closing it names.
    pub key: String,
    /// The unit, when about one.
    pub unit: Option<String>,
    /// The unit's or category's name.
    pub name: String,
    /// Why, with the figures behind it.
    pub why: String,
    /// The same in Chinese.
    pub why_zh: String,
    /// `open`, `acknowledged` or `closed`.
    pub state: String,
    /// The latest note.
    pub note: Option<String>,
    /// Who wrote it.
    pub noted_by: Option<String>,
    /// Whether the account may acknowledge or close it.
    pub may_handle: bool,
}

/// The alerts of a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertBoard {
    /// The day.
    pub date: String,
    /// Most serious first.
    pub alerts: Vec<AlertView>,
}

/// Acknowledging or closing an alert.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AlertNoteRequest {
    /// `acknowledged` or `closed`.
    pub state: String,
    /// What was done (required to close).
    pub note: String,
    /// The alert's day (default: today).
    pub date: Option<String>,
}

/// The index an alert answers to: its unit, else the root.
fn unit_of(tree: &fangkong_domain::UnitTree, r: &RaisedAlert) -> Option<u32> {
    match &r.unit {
        None => Some(crate::view::root(tree)),
        Some(code) => fangkong_domain::UnitCode::parse(code)
            .ok()
            .and_then(|c| tree.index_of(&c)),
    }
}

/// The alerts of `day` that `viewer` may see.
pub async fn board(state: &AppState, viewer: &Viewer, day: Day) -> Result<AlertBoard, ApiError> {
    let loaded = state.engine.read().await;
    // The whole tree's alerts of the day, kept until the reports, the appeals
    // or the notes move (or the day's reports fall due); this viewer's part
    // is picked out below.
    let pending_from = state.pending_from();
    let raised = state
        .alerts
        .get_or(
            (day, pending_from),
            crate::page_cache::Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || {
                state
                    .store
                    .alerts_on(&loaded, &state.rules.alerts, day, Some(pending_from))
                    .await
            },
        )
        .await?;
    let tree = loaded.engine.tree();
    let principal = viewer.principal();
    let alerts = raised
        .iter()
        .cloned()
        .filter_map(|r| {
            let at = unit_of(tree, &r)?;
            principal.may(Action::ReadFigures(at), tree).ok()?;
            Some(AlertView {
                state: r.state_name().into(),
                may_handle: principal.may(Action::HandleAlerts(at), tree).is_ok(),
                kind: r.kind.name().into(),
                severity: r.severity.name().into(),
                key: r.key,
                unit: r.unit,
                name: r.name,
                why: crate::i18n::alerts::why(&r.why, crate::i18n::Lang::En),
                why_zh: crate::i18n::alerts::why(&r.why, crate::i18n::Lang::Zh),
                note: r.note,
                noted_by: r.noted_by,
            })
        })
        .collect();
    Ok(AlertBoard {
        date: day.to_string(),
        alerts,
    })
}

/// Acknowledges or closes alert `kind:key` of `day` as `viewer`.
pub async fn note(
    state: &AppState,
    viewer: &Viewer,
    day: Day,
    kind: &str,
    key: &str,
    r: &AlertNoteRequest,
) -> Result<(), ApiError> {
    let loaded = state.engine.read().await;
    let raised = state
        .store
        .alerts_on(
            &loaded,
            &state.rules.alerts,
            day,
            Some(state.pending_from()),
        )
        .await?;
    let tree = loaded.engine.tree();
    let alert = raised
        .iter()
        .find(|r| r.kind.name() == kind && r.key == key)
        .ok_or_else(|| ApiError::NotFound(format!("no alert {kind}:{key} on {day}")))?;
    let at = unit_of(tree, alert)
        .ok_or_else(|| ApiError::NotFound(format!("no alert {kind}:{key} on {day}")))?;
    if let Err(d) = viewer.principal().may(Action::HandleAlerts(at), tree) {
        drop(loaded);
        return Err(
            crate::auth::refuse(state, viewer, "alerts", &format!("{kind}:{key}"), d).await,
        );
    }
    drop(loaded);
    // What to do with it is checked only once the account may handle it.
    let wanted = match r.state.trim() {
        "acknowledged" => AlertState::Acknowledged,
        "closed" => AlertState::Closed,
        other => {
            return Err(ApiError::Invalid {
                field: "state",
                message: format!("'{other}' is not acknowledged or closed"),
            });
        }
    };
    let note = crate::limits::checked(
        state,
        "note",
        fangkong_domain::limits::TextKind::Note,
        &r.note,
    )?;
    state
        .store
        .note_raised_alert(day, alert, wanted, &note, viewer.name(), state.clock.now())
        .await
        .map_err(|e| match e {
            AlertNoteError::NotRaised { .. } => ApiError::NotFound(e.to_string()),
            AlertNoteError::Refused(m) => ApiError::Invalid {
                field: "state",
                message: m.into(),
            },
            AlertNoteError::Store(s) => s.into(),
        })
}
