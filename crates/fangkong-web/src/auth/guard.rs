//! Refusals and CSRF: every refused attempt goes to the audit log with who, what
//! and why, and then to the client as a 403.

use fangkong_domain::UnitCode;
use fangkong_domain::access::{ActionKind, Denied};
use fangkong_store::{AuditEntry, Outcome};

use super::Viewer;
use super::cookies::same_secret;
use crate::AppState;
use crate::error::ApiError;

/// Audits a refusal of `viewer` trying `what` on `target`, and returns the 403.
pub async fn refuse(
    state: &AppState,
    viewer: &Viewer,
    what: &str,
    target: &str,
    denied: Denied,
) -> ApiError {
    audit_denial(
        state,
        viewer,
        &format!("access.{what}"),
        target,
        denied.to_string(),
    )
    .await;
    ApiError::Forbidden(denied.to_string())
}

/// Asks the access rule about every unit a request's body names, before
/// anything else of the body is validated: the first refusal is audited and
/// returned as a 403. A code that does not parse or names no unit says
/// nothing about any unit, so it is left to validation to name.
pub async fn authorize_units<'a>(
    state: &AppState,
    viewer: &Viewer,
    kind: ActionKind,
    codes: impl IntoIterator<Item = &'a str>,
) -> Result<(), ApiError> {
    let principal = viewer.principal();
    let refusal = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let mut seen = std::collections::HashSet::new();
        codes
            .into_iter()
            .filter_map(|text| UnitCode::parse(text).ok())
            .filter(|code| seen.insert(code.clone()))
            .filter_map(|code| Some((tree.index_of(&code)?, code)))
            .find_map(|(i, code)| principal.may(kind.on(i), tree).err().map(|d| (code, d)))
    };
    match refusal {
        None => Ok(()),
        Some((code, denied)) => {
            Err(refuse(state, viewer, kind.name(), code.as_str(), denied).await)
        }
    }
}

/// Checks the CSRF token of a state-changing request made through a session.
/// Bearer-token requests carry no cookies and need none.
pub async fn check_csrf(
    state: &AppState,
    viewer: &Viewer,
    sent: Option<&str>,
    target: &str,
) -> Result<(), ApiError> {
    let Some(expected) = &viewer.csrf else {
        return Ok(());
    };
    if sent.is_some_and(|s| same_secret(s, expected)) {
        return Ok(());
    }
    audit_denial(
        state,
        viewer,
        "access.csrf",
        target,
        "CSRF token missing or wrong".into(),
    )
    .await;
    Err(ApiError::Csrf)
}

/// Checks the CSRF token a posted form carries in its `csrf` field.
pub async fn check_form_csrf(
    state: &AppState,
    viewer: &Viewer,
    fields: &std::collections::HashMap<String, String>,
    target: &str,
) -> Result<(), ApiError> {
    check_csrf(
        state,
        viewer,
        fields.get("csrf").map(String::as_str),
        target,
    )
    .await
}

/// Checks the CSRF token a script sends in its `X-CSRF-Token` header (API
/// calls made from a signed-in page; bearer tokens need none).
pub async fn check_header_csrf(
    state: &AppState,
    viewer: &Viewer,
    headers: &axum::http::HeaderMap,
    target: &str,
) -> Result<(), ApiError> {
    let sent = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    check_csrf(state, viewer, sent, target).await
}

/// Appends a refused attempt to the audit log. The refusal stands either way; a
/// failure to record it is reported on the server's error output, and so is
/// every refusal on a replica (which takes no write).
async fn audit_denial(
    state: &AppState,
    viewer: &Viewer,
    action: &str,
    target: &str,
    reason: String,
) {
    if state.store.is_replica() {
        // A replica takes no write: the refusal goes to the process's log
        // (the account's key, never its name), not to the audit log.
        tracing::warn!(
            account = viewer.account.id,
            action,
            "refused on a replica (not in the audit log)"
        );
        return;
    }
    let entry = AuditEntry::new(
        state.clock.now(),
        Some(viewer.name()),
        action,
        Outcome::Denied,
    )
    .on(target)
    .because(Some(reason));
    if let Err(e) = state.store.audit(&entry).await {
        tracing::error!(error = %e, "could not audit a refused attempt");
    }
}
