//! The rules file's limits as the web surface answers them: a text checked
//! and normalised, or a 422 naming its field. The limits themselves are the
//! domain's ([`fangkong_domain::limits`]), shared with every other channel.

use fangkong_domain::limits::{TextKind, normalise};

use crate::AppState;
use crate::error::ApiError;

/// `text` trimmed and normalised, if it keeps within its kind's limit.
pub fn checked(
    state: &AppState,
    field: &'static str,
    kind: TextKind,
    text: &str,
) -> Result<String, ApiError> {
    let text = normalise(text.trim());
    state
        .rules
        .limits
        .check(kind, &text)
        .map_err(|e| ApiError::Invalid {
            field,
            message: e.to_string(),
        })?;
    Ok(text)
}
