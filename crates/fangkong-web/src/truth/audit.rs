//! The append-only audit log, filtered and paged. Reading it is a permission of
//! its own; there is no route that changes it.

use fangkong_domain::Day;
use fangkong_domain::access::Action;
use fangkong_store::{AuditEntry, AuditFilter, Outcome};
use jiff::civil::Time;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Viewer, refuse};
use crate::error::ApiError;
use crate::i18n::Lang;

/// The audit log's filters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this actor.
    pub actor: Option<String>,
    /// Only actions starting with this (e.g. `report.`, `login`, `access.`).
    pub action: Option<String>,
    /// Only targets starting with this (e.g. a unit code).
    pub target: Option<String>,
    /// Only `done` or `denied`.
    pub outcome: Option<String>,
    /// Only entries on or after this day (Asia/Shanghai).
    pub since: Option<String>,
    /// Only entries on or before this day.
    pub until: Option<String>,
    /// Only entries older than this id (the next page).
    pub before: Option<String>,
    /// At most this many (default 100, at most 1,000).
    pub limit: Option<String>,
    /// The page's language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

impl AuditQuery {
    /// The store's filter, or a 422 naming the parameter at fault.
    pub fn filter(&self) -> Result<AuditFilter, ApiError> {
        let text = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        let day = |field: &'static str, s: &Option<String>, after: i32| -> Result<_, ApiError> {
            match text(s) {
                None => Ok(None),
                Some(d) => {
                    let day = Day::parse(&d).map_err(|e| ApiError::Invalid {
                        field,
                        message: e.to_string(),
                    })?;
                    Ok(day
                        .plus_days(after)
                        .and_then(|d| d.at_shanghai(Time::midnight())))
                }
            }
        };
        let outcome = match text(&self.outcome).as_deref() {
            None => None,
            Some("done") => Some(Outcome::Done),
            Some("denied") => Some(Outcome::Denied),
            Some(other) => {
                return Err(ApiError::Invalid {
                    field: "outcome",
                    message: format!("'{other}' is not done or denied"),
                });
            }
        };
        let number = |field: &'static str, s: &Option<String>| -> Result<Option<i64>, ApiError> {
            text(s)
                .map(|t| {
                    t.trim().parse::<i64>().map_err(|_| ApiError::Invalid {
                        field,
                        message: format!("'{t}' is not a whole number"),
                    })
                })
                .transpose()
        };
        let limit = number("limit", &self.limit)?;
        if limit.is_some_and(|l| !(1..=1_000).contains(&l)) {
            return Err(ApiError::Invalid {
                field: "limit",
                message: "must be from 1 to 1,000".into(),
            });
        }
        Ok(AuditFilter {
            actor: text(&self.actor),
            action: text(&self.action),
            target: text(&self.target),
            outcome,
            since: day("since", &self.since, 0)?,
            until: day("until", &self.until, 1)?,
            before_id: number("before", &self.before)?,
            limit: Some(limit.map_or(PAGE, |l| l as u32)),
        })
    }
}

/// The entries for the query, if `viewer` may read the log (a refusal is itself
/// audited).
pub async fn entries(
    state: &AppState,
    viewer: &Viewer,
    q: &AuditQuery,
) -> Result<Vec<AuditEntry>, ApiError> {
    let filter = q.filter()?;
    let decision = {
        let loaded = state.engine.read().await;
        viewer.principal().may(
            Action::ReadAudit(crate::view::root(loaded.engine.tree())),
            loaded.engine.tree(),
        )
    };
    if let Err(denied) = decision {
        return Err(refuse(state, viewer, "audit", "audit_log", denied).await);
    }
    Ok(state.store.audit_entries(&filter).await?)
}

/// Entries per page.
pub const PAGE: u32 = 100;
