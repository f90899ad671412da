//! `fangkong inspections …`, `fangkong movement` and `fangkong pass …`:
//! unannounced inspections against what units attest, what each unit's
//! status allows its residents, and the passes that follow it.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::output::Format;

/// What `inspections` does.
#[derive(Debug, Subcommand)]
pub enum InspectionsCommand {
    /// Draw an inspection plan for --date (双随机): --count reporting units,
    /// each with probability rising with its risk (days with events, copied
    /// or outlying reports, complaints in appeals, a lost status, days since
    /// its last inspection, a failed last inspection) plus a uniform share
    /// (`[inspections] uniform_share`) so no unit is ever safe from a visit;
    /// a unit inspected within `min_interval_days` rests unless it failed.
    /// An inspector is drawn for each from the roster, never one who belongs
    /// to the unit or inspected it last. The same --seed draws the same plan;
    /// without one a fresh seed is drawn and printed (publish it with the
    /// plan after the visits, so anyone can redraw it).
    Plan(PlanArgs),
    /// Record inspections, CSV or Excel, all or nothing, every bad line and
    /// field named: `unit_code,date,inspector` and the six measures
    /// (`closed_management,screening,disinfection,supplies,stability,publicity`,
    /// each 是/否, yes/no, 1/0), optionally `time` (HH:MM, Asia/Shanghai),
    /// `announced` (yes for 明查, default no: 暗访), `note` and `photo` (a
    /// JPEG or PNG file, relative to the file; EXIF and its location are
    /// removed). A measure attested in that day's report and not found is a
    /// data-truth finding; a failed inspection holds the unit's
    /// epidemic-free status back until a passing one (`revoke_on_failure`).
    Record {
        /// The inspections file.
        file: PathBuf,
    },
    /// Inspections from --from to --to (default the last 30 days), newest
    /// first: outcome, what was attested and not found, the inspector.
    List(InspectionListArgs),
    /// The inspector roster.
    #[command(subcommand)]
    Inspectors(InspectorsCommand),
}

/// `inspections plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The day of the visits.
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// How many units to visit.
    #[arg(long)]
    pub count: usize,
    /// Draw only among the reporting units under this unit.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// The seed: the same seed draws the same plan.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `inspections list`.
#[derive(Debug, Args)]
pub struct InspectionListArgs {
    /// The first day (default 30 days before --to).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day (default today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only the units under this unit.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `inspections inspectors` does.
#[derive(Debug, Subcommand)]
pub enum InspectorsCommand {
    /// Import the roster, CSV or Excel, all or nothing: `code,name` and
    /// optionally `unit_code` (the unit they belong to, which they never
    /// inspect, nor anything under it) and `account` (the username they
    /// sign in with). An inspector already on the roster takes the new details.
    Import {
        /// The roster file.
        file: PathBuf,
    },
    /// The roster.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// `movement`.
#[derive(Debug, Args)]
pub struct MovementArgs {
    /// The day (default today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Only the units under this unit.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `pass` does.
#[derive(Debug, Subcommand)]
pub enum PassCommand {
    /// Issue a pass to a person of a unit (a compound, village, community or
    /// special place) for a purpose and --days days from --from, only where
    /// the unit's level that day allows the purpose; write its QR code (a
    /// URL `{--base}/pass/{token}`) as a PNG to --out and print the URL. The
    /// token is a COSE_Sign1 message signed with Ed25519 (a key is made on
    /// first use); it carries the pass's id, unit, period and purpose, and
    /// the holder's name masked.
    Issue(IssueArgs),
    /// Verify a pass (its token or its URL) on --date (default today): exit
    /// 0 when it is valid, 3 otherwise, saying why (bad signature, expired,
    /// revoked, the unit not at a level that allows it that day).
    Verify {
        /// The token or the URL.
        token: String,
        /// The day (default today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Revoke a pass from --on (default today), with a reason.
    Revoke {
        /// The pass's id.
        id: String,
        /// The first day it no longer holds.
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// The passes issued (holders masked), under --under.
    List {
        /// Only the units under this unit.
        #[arg(long, value_name = "CODE")]
        under: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The signing keys: list them, rotate (a new key signs from now on; the
    /// old ones still verify what they signed), or print the public keys
    /// for offline verification (JSON: kid → base64 Ed25519 public key).
    Keys {
        /// What to do.
        #[arg(value_enum, default_value_t = KeysAction::List)]
        action: KeysAction,
    },
}

/// `pass keys` actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeysAction {
    /// List the keys.
    List,
    /// Make a new key the signing one.
    Rotate,
    /// Print the public keys as JSON.
    Public,
}

/// `pass issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The holder's unit.
    #[arg(long, value_name = "CODE")]
    pub unit: String,
    /// The holder's name (kept in full; the token carries it masked).
    #[arg(long)]
    pub holder: String,
    /// The first day (default today).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Days it runs.
    #[arg(long, default_value_t = 7)]
    pub days: i64,
    /// essential, work or farm.
    #[arg(long, default_value = "essential")]
    pub purpose: String,
    /// Where to write the QR code (PNG).
    #[arg(long, value_name = "FILE.png")]
    pub out: Option<PathBuf>,
    /// The public address of the server the guard's phone opens.
    #[arg(
        long,
        env = "FANGKONG_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base: String,
}
