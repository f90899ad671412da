//! The command line: every command, flag and its `--help` text, a file per
//! group of commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use fangkong_store::Location;

use crate::output::Format;

mod accounts;
mod appeals;
mod figures;
mod import;
mod inspections;
mod registry;
mod reminders;
mod reports;
mod rota;
mod server;
mod staff;
mod truth;
mod units;

pub use accounts::*;
pub use appeals::*;
pub use figures::*;
pub use import::*;
pub use inspections::*;
pub use registry::*;
pub use reminders::*;
pub use reports::*;
pub use rota::*;
pub use server::*;
pub use staff::*;
pub use truth::*;
pub use units::*;

/// fangkong (防控): the data platform of a city's epidemic command centre.
///
/// The grassroots report once, and everything else is derived. Each residential
/// compound or village files one short daily report; fangkong keeps the tree of
/// administrative units, validates every report, keeps every correction, and derives
/// the tables a higher office would otherwise ask for again.
///
/// Start with `fangkong demo` (the real Wuhan divisions and published series, with a
/// synthetic season of grassroots reports), then try `fangkong status --date
/// 2020-03-06`, `fangkong explain 420102002003 --date 2020-03-06` and `fangkong
/// phases 420100000000`.
///
/// Exit codes: 0 success, 1 platform failure, 2 usage error, 3 input rejected (nothing
/// was written).
#[derive(Debug, Parser)]
#[command(name = "fangkong", version, max_term_width = 100)]
pub struct Cli {
    /// The database: a SQLite file (created if missing), or a PostgreSQL
    /// database as `postgres://user@host:port/name` (which must exist; its
    /// schema is made on first use).
    #[arg(
        long,
        global = true,
        env = "FANGKONG_DB",
        default_value = "fangkong.db",
        value_parser = parse_location,
        value_name = "FILE|URL"
    )]
    pub db: Location,

    /// A rules file (TOML) replacing the built-in `config/rules.toml`: the 14-day
    /// window, the measures policy, phase bands and zone tiers.
    #[arg(long, global = true, env = "FANGKONG_RULES", value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// How log lines are written to standard error: `text` for people, `json`
    /// (one object a line) for a log collector. Which lines: `FANGKONG_LOG`
    /// (`info`, `warn`, `fangkong::request=info`…; default `info` for `serve`,
    /// `warn` otherwise). Logs never carry personal data.
    #[arg(
        long,
        global = true,
        env = "FANGKONG_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// A line of text each.
    Text,
    /// A JSON object each.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import units, reports, published series, annotations or case-address lists
    /// from CSV (all or nothing).
    #[command(subcommand)]
    Import(ImportCommand),
    /// File one daily report (or a correction) from flags.
    Report(ReportArgs),
    /// List units, in tree order.
    Units(UnitsArgs),
    /// Show or change one unit: add, rename, move, set population, retire, delete.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// List daily reports (their latest revisions), by day and unit.
    Reports(ReportsArgs),
    /// Every revision of one unit's report for one day: who, when, what changed, why.
    History(HistoryArgs),
    /// A unit's published series (the official figures, apart from the reports).
    Published(PublishedArgs),
    /// Annotations on published series (definition changes, revisions).
    Annotations(AnnotationsArgs),
    /// Epidemic-free units on a day: counts and shares by kind, or one row per unit.
    Status(StatusArgs),
    /// Why one unit is or is not epidemic-free on a day, down to the reporting units
    /// that hold it back, and the measures that apply to it.
    Explain(ExplainArgs),
    /// Units that gained or lost the epidemic-free status, day by day.
    Events(EventsArgs),
    /// Trend phases of a unit's daily new confirmed cases: periods by order of
    /// magnitude, milestones, annotations.
    Phases(PhasesArgs),
    /// Citizen appeals: classify and route them (`appeals classify FILE`), and
    /// how well the classifier does on the labelled evaluation sample
    /// (`appeals evaluate`).
    #[command(subcommand)]
    Appeals(AppealsCommand),
    /// The disputes register (矛盾纠纷): record a dispute of a unit with its
    /// parties (`disputes add`), its mediation steps to an outcome (`disputes
    /// step`), and the register (`disputes list`, parties masked).
    #[command(subcommand)]
    Disputes(DisputesCommand),
    /// Early warnings of a day, each with a severity and why: cases again after a
    /// quiet spell, an epidemic-free unit losing its status, a reporting unit gone
    /// silent, appeals surging in a district or a category (`[alerts]` in the
    /// rules file), someone on the kept rota worn out, a community or village
    /// short of staff for its residents (`[rota]`).
    Alerts {
        /// The day (default: today, or the demo's replayed day).
        #[arg(long)]
        date: Option<String>,
        /// Acknowledge the alert KIND:KEY of the day (KEY: the unit's code, or
        /// the category's name for a category's surge), e.g.
        /// `resurgence:420102002003-01`.
        #[arg(long, value_name = "KIND:KEY", conflicts_with = "close")]
        acknowledge: Option<String>,
        /// Close an acknowledged alert KIND:KEY of the day, with --note.
        #[arg(long, value_name = "KIND:KEY", conflicts_with = "assign")]
        close: Option<String>,
        /// Hand the alert KIND:KEY of the day to the account --to (one that
        /// may handle alerts at its unit); an open alert is acknowledged so.
        #[arg(
            long,
            value_name = "KIND:KEY",
            requires = "to",
            conflicts_with = "acknowledge"
        )]
        assign: Option<String>,
        /// The account to hand an alert to (with --assign).
        #[arg(long, value_name = "USERNAME")]
        to: Option<String>,
        /// What was done (required to close).
        #[arg(long, default_value = "")]
        note: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Where a unit's epidemic is heading: the reproduction number Rt over
    /// sliding windows by the method of Cori et al. (2013), as the R package
    /// EpiEstim computes it (parametric serial interval, gamma prior of mean 5
    /// and sd 5; windows whose posterior rests on fewer cases than a CV of 0.3
    /// needs are flagged), with the doubling or halving time of each window
    /// from a log-linear fit. The series is the one the phases use, with the
    /// annotated parts left out.
    Rt(RtArgs),
    /// Zone tiers by days since the last event (e.g. Shanghai 2022: sealed,
    /// controlled, precaution), counted per unit under --under.
    Zones(ZonesArgs),
    /// Duty rotas of the people who work in communities and villages (A/B
    /// posts, the minimum on duty, days running, days away).
    #[command(subcommand)]
    Rota(RotaCommand),
    /// The roster of the people who work in communities and villages
    /// (community cadres, sent-down cadres, volunteers, property staff).
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Care for the people who work: rest, protective equipment, insurance,
    /// recognition, hardship help, professional posts; summed per district.
    #[command(subcommand)]
    Care(CareCommand),
    /// Reminders to whoever is on duty where a report is late: written to the
    /// outbox once per report, then sent (webhook, email) if configured.
    #[command(subcommand)]
    Reminders(RemindersCommand),
    /// Open and unannounced inspections (明察暗访): draw a plan, record what
    /// inspectors found, list them, keep the inspector roster.
    #[command(subcommand)]
    Inspections(InspectionsCommand),
    /// What each unit's status allows its residents on a day (逐步放宽): the
    /// level in force (where they may go, what they may leave for, hours) and
    /// why, from `[movement]` in the rules.
    Movement(MovementArgs),
    /// Passes (出入证) that follow a unit's status: issue (QR code), verify,
    /// revoke, list; the keys that sign them.
    #[command(subcommand)]
    Pass(PassCommand),
    /// Data quality of one day's reports: the configured validation rules, outliers
    /// against each unit's own history (modified z-score) and copied reports (the
    /// same report day after day while the neighbours' change).
    Quality(QualityArgs),
    /// Reports summed over a unit's subtree against its published series, day by
    /// day: every difference listed with its size, missing shown as missing.
    Reconcile(ReconcileArgs),
    /// Completeness and timeliness of one day: expected, received and on-time
    /// reports per level, or the units still missing (and who answers for them).
    Completeness(CompletenessArgs),
    /// The grassroots' burden: forms per unit and day (the goal is one), fields
    /// changed from the pre-filled form, median time from opening to submitting.
    Burden(BurdenArgs),
    /// Read the audit log (append-only: nothing can erase or rewrite it), newest
    /// first, filtered by actor, action, target and time.
    Audit(AuditArgs),
    /// The four-categories registry (confirmed, suspected, fever, close contacts):
    /// import people and their dated steps.
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// The four "alls" (四应四尽) per unit on a day, from the registry: admitted,
    /// treated, tested and isolated, each a ratio from 0 to 1, empty where nobody
    /// is concerned; `--gaps` lists the people not yet covered, oldest first
    /// (names masked).
    Compliance(ComplianceArgs),
    /// Designated hospitals, shelter hospitals and isolation sites: their beds,
    /// and the board of beds in use and free on a day.
    #[command(subcommand)]
    Facilities(FacilitiesCommand),
    /// Close-contact follow-up: the day's list (due, overdue, releasable), check-ins
    /// and extensions.
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// Exchange with DHIS2: export reports as a data value set, or import one.
    #[command(subcommand)]
    Dhis2(Dhis2Command),
    /// Accounts: add (password read from standard input), list, disable, and issue
    /// bearer tokens for machine clients. Each account has a role and a scope (the
    /// unit whose subtree it is responsible for).
    #[command(subcommand)]
    User(UserCommand),
    /// Serve the web interface and the JSON API. On an empty database, builds the
    /// Wuhan demo first.
    Serve(ServeArgs),
    /// Write a consistent copy of the database to FILE while it serves (SQLite's
    /// `VACUUM INTO`: the database as of one moment, writers not stopped), then
    /// check the copy (integrity, every table's rows). To restore, serve the copy:
    /// `fangkong --db FILE serve`.
    Backup(BackupArgs),
    /// Copy everything a store holds into an empty one, SQLite to PostgreSQL or
    /// back: units with their history, report revisions, audit, accounts and
    /// sessions, appeals, disputes, the registry. Keys are kept; the copy is one
    /// transaction (all or nothing) and is verified by every table's row count
    /// and checksum on both sides, e.g.
    /// `fangkong copy --from fangkong.db --to postgres://postgres@127.0.0.1/fangkong`.
    Copy(CopyArgs),
    /// Print the JSON API's OpenAPI 3.1 document (the one served at
    /// /api/v1/openapi.json), to validate it or generate a client from it, e.g.
    /// `fangkong openapi > openapi.json && openapi-python-client generate --path openapi.json`.
    Openapi,
    /// Build the Wuhan demo database: real divisions and published series, with
    /// synthetic compounds and a synthetic season of daily reports.
    Demo(DemoArgs),
}

/// Reads `--db`: a `postgres://` URL, else a SQLite path.
pub(crate) fn parse_location(text: &str) -> Result<Location, String> {
    if text.trim().is_empty() {
        return Err("an empty database name".into());
    }
    Ok(Location::parse(text))
}
