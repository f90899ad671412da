//! Who may do what, where (SPEC §10): roles, each scoped to a subtree of the
//! unit tree, and the one function that decides every request. The surfaces ask
//! [`Principal::may`] before acting; nothing else grants access.

mod password;
mod role;
mod rules;
mod username;

pub use password::{Password, PasswordError};
pub use role::{Role, RoleError};
pub use rules::{Action, Denied, Principal};
pub use username::{Username, UsernameError};
