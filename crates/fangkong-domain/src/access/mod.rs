//! Who may do what, where (SPEC §10): roles, each scoped to a subtree of the
//! unit tree, and the one function that decides every request. The surfaces ask
//! [`Principal::may`] before acting; nothing else grants access.

pub mod glass;
pub mod logins;
mod password;
mod role;
mod rules;
pub mod start;
mod username;

pub use password::{Password, PasswordError};
pub use role::{Role, RoleError};
pub use rules::{Action, ActionKind, Denied, Principal};
pub use start::Start;
pub use username::{Username, UsernameError};

/// The `[access]` section of the rules: how often the glass may be broken,
/// how failed logins are slowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccessRules {
    /// Unmasking one person by an office (`[access.break_glass]`).
    pub break_glass: glass::GlassRules,
    /// Failed logins (`[access.logins]`).
    pub logins: logins::LoginRules,
}
