//! Failed logins against the rule of `[access.logins]`: counted per name and
//! per client address in the database (so a restart forgets nothing); a name
//! that failed too often is locked, an address that failed too often is only
//! slowed (see [`fangkong_domain::access::logins`]).

use fangkong_domain::access::logins::LoginVerdict;
use jiff::Timestamp;

use crate::AppState;
use crate::error::ApiError;

fn name_key(name: &str) -> String {
    format!("name:{}", name.trim().to_lowercase())
}

fn addr_key(address: &str) -> String {
    format!("addr:{address}")
}

/// Waits as long as the address must, or refuses a locked name (429 with the
/// seconds left).
pub async fn before_login(state: &AppState, name: &str, address: &str) -> Result<(), ApiError> {
    let (name, addr) = (name_key(name), addr_key(address));
    let seen = state
        .store
        .login_failures(&[&name, &addr], Timestamp::now())
        .await?;
    match state
        .rules
        .access
        .logins
        .verdict(seen.get(&name).copied(), seen.get(&addr).copied())
    {
        LoginVerdict::Open => Ok(()),
        LoginVerdict::Slowed(wait) => {
            tokio::time::sleep(wait).await;
            Ok(())
        }
        LoginVerdict::Locked(seconds) => Err(ApiError::RateLimited(seconds)),
    }
}

/// Counts a failed login for the name and the address.
pub async fn failed(state: &AppState, name: &str, address: &str) -> Result<(), ApiError> {
    let window = state.rules.access.logins.window_seconds();
    state
        .store
        .record_login_failure(
            &[&name_key(name), &addr_key(address)],
            Timestamp::now(),
            window,
        )
        .await?;
    Ok(())
}

/// Forgets the failures of a name that signed in.
pub async fn succeeded(state: &AppState, name: &str) -> Result<(), ApiError> {
    state.store.clear_login_failures(&name_key(name)).await?;
    Ok(())
}
