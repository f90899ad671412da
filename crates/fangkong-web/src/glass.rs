//! Breaking the glass, shared by the person page and the API: deciding whether
//! an office may unmask one person (the access rule, a reason of substance,
//! the hourly share), recording it, and the log its supervisors read.

use fangkong_domain::UnitCode;
use fangkong_domain::access::glass::{GlassReason, within_rate};
use fangkong_domain::access::{Action, ActionKind};
use fangkong_store::{AuditEntry, AuditFilter, Outcome};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::view;

/// The audit log's name for one unmasking.
pub const AUDIT_ACTION: &str = "person.break_glass";

/// A request to unmask: a purpose from the list and the asker's words.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GlassQuery {
    /// `transfer`, `investigation`, `treatment` or `record_check`; with
    /// `reason`, asks to unmask the person (offices only, audited).
    pub purpose: Option<String>,
    /// Which case this is, in the asker's own words.
    pub reason: Option<String>,
}

impl GlassQuery {
    /// Whether anything was asked.
    pub fn asked(&self) -> bool {
        [&self.purpose, &self.reason]
            .into_iter()
            .any(|v| v.as_deref().is_some_and(|t| !t.trim().is_empty()))
    }
}

/// Whether `viewer` sees person `reference`, living in `unit`, unmasked: by
/// the role (medical staff, community workers) or by breaking the glass
/// with a reason (the offices, inside their scope, within the hourly share),
/// which is audited.
pub async fn unmasked(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    unit: &UnitCode,
    ask: &GlassQuery,
) -> Result<bool, ApiError> {
    let principal = viewer.principal();
    let (personal, glass) = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let at = view::unit_in(tree, unit)?;
        (
            principal.may(Action::ReadPersonalData(at), tree).is_ok(),
            principal.may(Action::BreakTheGlass(at), tree),
        )
    };
    if personal || !ask.asked() {
        return Ok(personal);
    }
    let target = format!("person {reference} ({unit})");
    if let Err(denied) = glass {
        return Err(crate::auth::refuse(
            state,
            viewer,
            ActionKind::BreakTheGlass.name(),
            &target,
            denied,
        )
        .await);
    }
    let rules = &state.rules.access.break_glass;
    let reason = GlassReason::parse(
        ask.purpose.as_deref().unwrap_or(""),
        ask.reason.as_deref().unwrap_or(""),
        rules,
    )
    .map_err(|e| ApiError::Invalid {
        field: e.field(),
        message: e.to_string(),
    })?;
    let now = state.clock.now();
    let used = state
        .store
        .audit_entries(&AuditFilter {
            actor: Some(viewer.name().to_string()),
            action: Some(AUDIT_ACTION.into()),
            outcome: Some(Outcome::Done),
            since: now.checked_sub(SignedDuration::from_hours(1)).ok(),
            limit: Some(rules.per_hour.saturating_add(1)),
            ..AuditFilter::default()
        })
        .await?
        .len();
    if let Err(e) = within_rate(u32::try_from(used).unwrap_or(u32::MAX), rules) {
        let entry = AuditEntry::new(now, Some(viewer.name()), AUDIT_ACTION, Outcome::Denied)
            .on(target)
            .because(Some(e.to_string()));
        state.store.audit(&entry).await?;
        return Err(ApiError::Throttled {
            message: e.to_string(),
            retry_after: 3600,
        });
    }
    let entry = AuditEntry::new(now, Some(viewer.name()), AUDIT_ACTION, Outcome::Done)
        .on(target)
        .because(Some(reason.audit_text()));
    state.store.audit(&entry).await?;
    Ok(true)
}

/// The query of the log.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GlassLogQuery {
    /// The unit whose accounts' unmaskings to list (default: the account's scope).
    pub unit: Option<String>,
    /// The language of the page.
    #[param(value_type = Option<String>)]
    pub lang: Option<crate::i18n::Lang>,
}

/// Who broke the glass among the accounts under a unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct GlassLog {
    /// The unit.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The unmaskings (and refused attempts), newest first.
    pub reads: Vec<GlassRead>,
}

/// One unmasking.
#[derive(Debug, Serialize, ToSchema)]
pub struct GlassRead {
    /// When (Asia/Shanghai).
    pub at: String,
    /// The account.
    pub account: String,
    /// Its name.
    pub account_name: String,
    /// Its role.
    pub role: String,
    /// Its scope.
    pub scope: String,
    /// The person and where they live.
    pub target: String,
    /// The purpose and the words given (or why it was refused).
    pub reason: String,
    /// Whether it was refused (over the hourly share).
    pub refused: bool,
}

/// The unmaskings by accounts whose scope lies under `unit` (the gate has
/// checked that `viewer` supervises `unit`).
pub async fn log(
    state: &AppState,
    viewer: &Viewer,
    unit: Option<&str>,
) -> Result<GlassLog, ApiError> {
    let code = match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => view::code_param(u)?,
        None => viewer.account.scope.clone(),
    };
    let entries = state
        .store
        .audit_entries(&AuditFilter {
            action: Some(AUDIT_ACTION.into()),
            limit: Some(5000),
            ..AuditFilter::default()
        })
        .await?;
    let accounts = state.store.accounts().await?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let at = view::unit_in(tree, &code)?;
    let under: std::collections::HashMap<&str, &fangkong_store::Account> = accounts
        .iter()
        .filter(|a| {
            tree.index_of(&a.scope)
                .is_some_and(|s| tree.is_within(s, at))
        })
        .map(|a| (a.username.as_str(), a))
        .collect();
    let reads = entries
        .into_iter()
        .filter_map(|e| {
            let account = under.get(e.actor.as_deref()?)?;
            Some(GlassRead {
                at: crate::appeals::view::shanghai(e.at),
                account: account.username.as_str().to_string(),
                account_name: account.display_name.clone(),
                role: account.role.name().to_string(),
                scope: account.scope.to_string(),
                target: e.target.unwrap_or_default(),
                reason: e.reason.unwrap_or_default(),
                refused: e.outcome == Outcome::Denied,
            })
        })
        .collect();
    Ok(GlassLog {
        unit: code.to_string(),
        unit_name: tree.unit(at).name.clone(),
        reads,
    })
}
