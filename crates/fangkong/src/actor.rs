//! Who the audit log names for changes made from the command line: `cli:` and the
//! operating-system user, since the command line has no login of its own (whoever
//! can run it can open the database file).

/// The audit log's actor for this process.
pub fn cli_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}
