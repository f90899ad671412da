//! Who did what, as people read it: an account's name (王芳), not its
//! username (`wangfang`). The audit log alone shows usernames, as recorded.

use std::collections::HashMap;

use crate::AppState;
use crate::error::ApiError;

/// Every account's name by username (the name left out where none is set).
pub async fn by_username(state: &AppState) -> Result<HashMap<String, String>, ApiError> {
    Ok(of_accounts(&state.store.accounts().await?))
}

/// The names of `accounts` by username (the name left out where none is set),
/// for a caller that holds the accounts already.
pub fn of_accounts(accounts: &[fangkong_store::Account]) -> HashMap<String, String> {
    accounts
        .iter()
        .filter(|a| !a.display_name.trim().is_empty())
        .map(|a| (a.username.as_str().to_string(), a.display_name.clone()))
        .collect()
}

/// The name of `username`, or the username itself if no account has a name.
pub fn of<'a>(names: &'a HashMap<String, String>, username: &'a str) -> &'a str {
    names.get(username).map_or(username, String::as_str)
}
