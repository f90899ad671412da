//! `GET /audit`: the append-only audit log, filtered and paged. Reading it is a
//! permission of its own; there is no route that changes it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fangkong_domain::Day;
use fangkong_domain::access::Action;
use fangkong_store::{AuditEntry, AuditFilter, Outcome};
use jiff::civil::Time;
use serde::Deserialize;

use super::TruthLinks;
use crate::AppState;
use crate::auth::login::percent_encode;
use crate::auth::{Viewer, refuse};
use crate::error::ApiError;
use crate::i18n::truth::TruthMessages;
use crate::i18n::{Lang, Messages};
use crate::pages::{Nav, page_error, render};

/// Entries per page.
const PAGE: u32 = 100;

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
            Action::ReadAudit(crate::appeals::view::root(loaded.engine.tree())),
            loaded.engine.tree(),
        )
    };
    if let Err(denied) = decision {
        return Err(refuse(state, viewer, "audit", "audit_log", denied).await);
    }
    Ok(state.store.audit_entries(&filter).await?)
}

/// One entry, formatted for the page.
pub struct EntryRow {
    id: i64,
    at: String,
    actor: String,
    action: String,
    /// The action in the page's language.
    action_label: String,
    target: String,
    old_value: String,
    new_value: String,
    reason: String,
    denied: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    m: Messages,
    t: TruthMessages,
    nav: Option<Nav>,
    switch_query: String,
    links: TruthLinks,
    q_actor: String,
    q_action: String,
    q_target: String,
    q_outcome: String,
    q_since: String,
    q_until: String,
    rows: Vec<EntryRow>,
    older: Option<String>,
}

/// `GET /audit`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let list = match entries(&state, &viewer, &q).await {
        Ok(l) => l,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let limit = q
        .limit
        .as_deref()
        .and_then(|l| l.trim().parse::<usize>().ok())
        .unwrap_or(PAGE as usize);
    let field = |s: &Option<String>| s.clone().unwrap_or_default();
    let older = (list.len() == limit).then(|| {
        let last = list.last().map_or(0, |e| e.id);
        format!(
            "/audit?actor={}&action={}&target={}&outcome={}&since={}&until={}&before={last}&limit={limit}&lang={}",
            percent_encode(&field(&q.actor)),
            percent_encode(&field(&q.action)),
            percent_encode(&field(&q.target)),
            percent_encode(&field(&q.outcome)),
            percent_encode(&field(&q.since)),
            percent_encode(&field(&q.until)),
            m.code
        )
    });
    let rows = list
        .into_iter()
        .map(|e| EntryRow {
            id: e.id,
            at: Day::shanghai_time(e.at)
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string(),
            actor: e.actor.unwrap_or_else(|| "-".into()),
            action_label: crate::i18n::access::audit_action(&e.action, lang),
            action: e.action,
            target: e.target.unwrap_or_default(),
            old_value: e.old_value.unwrap_or_default(),
            new_value: e.new_value.unwrap_or_default(),
            reason: crate::i18n::access::audit_reason(&e.reason.unwrap_or_default(), lang),
            denied: e.outcome == Outcome::Denied,
        })
        .collect();
    let scope = viewer.account.scope.clone();
    render(&AuditPage {
        m,
        t: lang.truth(),
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        links: TruthLinks::new(lang, &scope, "audit", true),
        q_actor: field(&q.actor),
        q_action: field(&q.action),
        q_target: field(&q.target),
        q_outcome: field(&q.outcome),
        q_since: field(&q.since),
        q_until: field(&q.until),
        rows,
        older,
    })
}
