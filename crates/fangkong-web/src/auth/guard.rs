//! Refusals and CSRF: every refused attempt goes to the audit log with who, what
//! and why, and then to the client as a 403.

use fangkong_domain::access::Denied;
use fangkong_store::{AuditEntry, Outcome};
use jiff::Timestamp;

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
    let entry = AuditEntry {
        id: 0,
        at: Timestamp::now(),
        actor: Some(viewer.name().to_string()),
        action: format!("access.{what}"),
        target: Some(target.to_string()),
        old_value: None,
        new_value: None,
        reason: Some(denied.to_string()),
        outcome: Outcome::Denied,
    };
    if let Err(e) = state.store.audit(&entry).await {
        // The refusal stands either way; the failure to record it is reported.
        eprintln!("error: could not audit a refused attempt: {e}");
    }
    ApiError::Forbidden(denied.to_string())
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
    let entry = AuditEntry {
        id: 0,
        at: Timestamp::now(),
        actor: Some(viewer.name().to_string()),
        action: "access.csrf".into(),
        target: Some(target.to_string()),
        old_value: None,
        new_value: None,
        reason: Some("CSRF token missing or wrong".into()),
        outcome: Outcome::Denied,
    };
    if let Err(e) = state.store.audit(&entry).await {
        eprintln!("error: could not audit a refused attempt: {e}");
    }
    Err(ApiError::Csrf)
}
