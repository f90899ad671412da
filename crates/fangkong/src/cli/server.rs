//! Running fangkong: `serve`, `demo`, `backup`, `copy`.

use std::path::PathBuf;

use clap::Args;

/// Where to write a backup.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new file (refused if it exists).
    pub file: PathBuf,
}

/// Where to serve.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "FANGKONG_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The day taken as today (YYYY-MM-DD), for replaying a past season; default:
    /// the database's `clock_day` setting (the demo sets its last day), else the
    /// current Asia/Shanghai day.
    #[arg(long, env = "FANGKONG_TODAY", value_name = "DATE")]
    pub today: Option<String>,
    /// Send cookies without the `Secure` attribute: only for a plain-HTTP
    /// deployment reached by another name than localhost (browsers accept secure
    /// cookies from http://localhost and http://127.0.0.1).
    #[arg(long)]
    pub insecure_cookies: bool,
    /// How often, in seconds, to derive again in the background the pages
    /// people asked for lately once a write made them stale, so the next
    /// reader does not wait for it (a reconciliation, the day's follow-ups, a
    /// unit's trend…); 0 turns it off.
    #[arg(
        long,
        env = "FANGKONG_WARM_EVERY",
        value_name = "SECONDS",
        default_value_t = 10
    )]
    pub warm_every: u64,
    /// How often, in seconds, to look for reports past their deadline and
    /// remind whoever is on duty (once per report), and to send what waits
    /// in the outbox; 0 turns it off.
    #[arg(
        long,
        env = "FANGKONG_REMIND_EVERY",
        value_name = "SECONDS",
        default_value_t = 60
    )]
    pub remind_every: u64,
    /// Serve readers from a read-only copy of the database: `--db` names a
    /// PostgreSQL hot standby streaming from the primary. Nothing is written
    /// (no migration, no demo, no reminders); every change at every door,
    /// and every read that writes first (an HTTP Basic password, an export of
    /// personal data, breaking the glass), is refused with 503 in the door's
    /// format, for the load balancer to send to the primary's servers; new
    /// reports are looked for every 250 ms. Sessions opened on the primary's
    /// servers are valid here (docs/deploy.md).
    #[arg(long, env = "FANGKONG_REPLICA")]
    pub replica: bool,
    /// Where reminders are sent.
    #[command(flatten)]
    pub senders: super::SenderArgs,
}

/// How to build the demo.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The seed of the synthetic parts: the same seed gives the same database.
    #[arg(long, default_value_t = 2020)]
    pub seed: u64,
    /// Replace the database file if it already holds data.
    #[arg(long)]
    pub force: bool,
}

/// Which store to copy into which.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The store copied from (default: `--db`): a SQLite file or a postgres:// URL.
    #[arg(long, value_name = "FILE|URL", value_parser = super::parse_location)]
    pub from: Option<fangkong_store::Location>,
    /// The store copied into, which must be empty (a PostgreSQL database is
    /// created if the server does not have it; a SQLite file if missing).
    #[arg(long, value_name = "FILE|URL", value_parser = super::parse_location)]
    pub to: fangkong_store::Location,
}
