//! Accounts and tokens: `user`.

use clap::Subcommand;

use crate::output::Format;

/// What to do with accounts.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is the first line of standard input (at least
    /// 10 characters), so it never appears in the shell history or the process list:
    /// `printf '%s\n' "$PASSWORD" | fangkong user add wangfang --role community_worker --scope 420102002003`.
    Add {
        /// The login name (letters, digits, '.', '_' or '-').
        username: String,
        /// command_centre, district, subdistrict, community_worker, hotline_operator,
        /// medical or administrator.
        #[arg(long)]
        role: String,
        /// The code of the unit whose subtree the account covers (the city for the
        /// command centre, a community for a community worker).
        #[arg(long)]
        scope: String,
        /// The name shown on pages (default: the username).
        #[arg(long)]
        name: Option<String>,
    },
    /// List every account.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Disable an account: it can no longer sign in, and its sessions and tokens
    /// end at once. The account and its audit trail stay.
    Disable {
        /// The login name.
        username: String,
    },
    /// Grant an account the export of personal data (`GET /api/v1/registry/export`),
    /// a permission apart from its role, inside its scope; or withdraw it. Both
    /// are audited, and so is every export.
    GrantExport {
        /// The login name.
        username: String,
        /// Withdraw the grant instead.
        #[arg(long)]
        withdraw: bool,
    },
    /// Issue a bearer token for a machine client acting as this account; printed
    /// once, stored only as a hash. Send it as `Authorization: Bearer TOKEN`.
    /// `fangkong user token revoke TOKEN` ends one token at once, and
    /// `fangkong user token revoke --all USERNAME` every token of an account.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Token {
        /// Revoke tokens instead of issuing one.
        #[command(subcommand)]
        revoke: Option<TokenCommand>,
        /// The login name.
        #[arg(required = true)]
        username: Option<String>,
        /// Days until it expires.
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// What the token is for.
        #[arg(long, default_value = "api client")]
        label: String,
    },
}

/// What to do with tokens already issued.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// End a token at once: give the token itself, or `--all USERNAME` for
    /// every token of an account (its sessions stay; `user disable` ends
    /// those). Audited.
    Revoke {
        /// The token to end.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        token: Option<String>,
        /// End every token of this account instead.
        #[arg(long, value_name = "USERNAME")]
        all: Option<String>,
    },
}
