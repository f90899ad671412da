//! The command line: every command, flag and its `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Format;

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
    /// The SQLite database file (created if missing).
    #[arg(
        long,
        global = true,
        env = "FANGKONG_DB",
        default_value = "fangkong.db"
    )]
    pub db: PathBuf,

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
    /// rules file).
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
        #[arg(long, value_name = "KIND:KEY")]
        close: Option<String>,
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
    /// Print the JSON API's OpenAPI 3.1 document (the one served at
    /// /api/v1/openapi.json), to validate it or generate a client from it, e.g.
    /// `fangkong openapi > openapi.json && openapi-python-client generate --path openapi.json`.
    Openapi,
    /// Build the Wuhan demo database: real divisions and published series, with
    /// synthetic compounds and a synthetic season of daily reports.
    Demo(DemoArgs),
}

/// What to import.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Units from CSV: the platform's own `code,name,kind,parent_code,population`, or
    /// the national division file (`code,…,unit_type,name,parent_code,…`) as it is.
    ///
    /// Kinds: city, district, subdistrict, town, township, special_zone, community,
    /// village, other, compound, special_place. In the division file, `special` means
    /// a special zone at subdistrict level. Re-importing the same file changes nothing;
    /// a unit whose name, kind or parent differs from the stored one is refused (use
    /// `fangkong unit rename|move`, which keep history).
    Units {
        /// The CSV file.
        file: PathBuf,
        /// The day the new units take effect (default: since before any record).
        #[arg(long, value_name = "DATE")]
        effective: Option<String>,
    },
    /// Daily reports from CSV with the columns
    /// `date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,
    /// closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark`.
    ///
    /// Yes/no columns accept 1/0, true/false, yes/no and 是/否. One bad row and nothing
    /// is imported; every bad row is listed with its line and field.
    Reports {
        /// The CSV file.
        file: PathBuf,
        /// Every row corrects an existing report (a new revision; the old one stays).
        #[arg(long, requires = "reason")]
        correct: bool,
        /// Why the corrected reports were wrong (required with --correct).
        #[arg(long, requires = "correct")]
        reason: Option<String>,
    },
    /// A unit's published daily series from CSV (`date` plus any of `new_confirmed`,
    /// `new_suspected`, `new_dead`, `new_cured`; other columns are ignored). A blank is
    /// missing, not zero; negative net changes (write-offs) are kept.
    Published {
        /// The CSV file, e.g. wuhan-daily.csv.
        file: PathBuf,
        /// The unit the series belongs to, e.g. 420100000000 for Wuhan.
        #[arg(long)]
        unit: String,
        /// Overwrite days already stored with different figures.
        #[arg(long)]
        replace: bool,
        /// Only rows whose COLUMN equals VALUE (repeatable), to take one unit and one
        /// source from a long file such as hubei-cities-daily.csv
        /// (`--filter admin_code=420200 --filter source=dxy`).
        #[arg(long, value_name = "COLUMN=VALUE")]
        filter: Vec<String>,
    },
    /// A published case-address list (`date,district,address`; other columns are
    /// ignored), e.g. Shanghai 2022's daily lists: creates the city and its
    /// districts by name and one compound per distinct normalised address in a
    /// district (directly under the district: the lists name no community), and
    /// records each listed day as an event of that compound.
    CaseAddresses {
        /// The CSV file.
        file: PathBuf,
        /// The city's name, e.g. 上海市.
        #[arg(long)]
        city: String,
        /// The city's code (letters, digits and '-'), e.g. 310000000000, the
        /// national division code; its districts' and compounds' codes start
        /// with it.
        #[arg(long)]
        city_code: String,
    },
    /// Annotations from CSV: `date,unit_code,kind,excluded_from_trend,note` with kind
    /// `definition_change` or `revision`.
    Annotations {
        /// The CSV file.
        file: PathBuf,
        /// Overwrite annotations already stored with different text.
        #[arg(long)]
        replace: bool,
    },
}

/// The daily report's fields as flags.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The reporting unit's code.
    #[arg(long)]
    pub unit: String,
    /// The day reported (YYYY-MM-DD, Asia/Shanghai).
    #[arg(long)]
    pub date: String,
    /// New confirmed cases.
    #[arg(long, allow_hyphen_values = true)]
    pub confirmed: String,
    /// New suspected cases.
    #[arg(long, allow_hyphen_values = true)]
    pub suspected: String,
    /// New close contacts.
    #[arg(long, allow_hyphen_values = true)]
    pub close_contacts: String,
    /// New fever patients not yet ruled out.
    #[arg(long, allow_hyphen_values = true)]
    pub fever: String,
    /// The measures in place: `all`, `none`, or a comma list of closed_management,
    /// screening, disinfection, supplies, stability, publicity.
    #[arg(long, value_name = "LIST")]
    pub in_place: String,
    /// Who reports.
    #[arg(long)]
    pub reporter: String,
    /// An optional remark.
    #[arg(long)]
    pub remark: Option<String>,
    /// Of the new confirmed, how many are cases of earlier days counted now (a
    /// revision, a backlog): kept in the figures, left out of the trend.
    #[arg(long, value_name = "N")]
    pub backlog: Option<String>,
    /// This corrects the existing report (a new revision; the old one stays readable).
    #[arg(long, requires = "reason")]
    pub correct: bool,
    /// Why the existing report was wrong (required with --correct).
    #[arg(long, requires = "correct")]
    pub reason: Option<String>,
}

/// Which units to list.
#[derive(Debug, Args)]
pub struct UnitsArgs {
    /// Only this unit and the units under it.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// Only units of this kind.
    #[arg(long)]
    pub kind: Option<String>,
    /// The tree as it stood on this day (default: as it stands now).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One unit.
#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Every version of a unit, oldest first.
    Show {
        /// The unit's code.
        code: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a unit.
    Add {
        /// The new unit's code.
        code: String,
        /// Its name.
        #[arg(long)]
        name: String,
        /// Its kind (city, district, …, compound, special_place).
        #[arg(long)]
        kind: String,
        /// The parent's code.
        #[arg(long)]
        parent: Option<String>,
        /// Its resident population.
        #[arg(long)]
        population: Option<u32>,
        /// The first day it exists (default: since before any record).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
    },
    /// Rename a unit from a day on; the old name stays in its history.
    Rename {
        /// The unit's code.
        code: String,
        /// The new name.
        name: String,
        /// When the change takes effect, and why.
        #[command(flatten)]
        when: ChangeWhen,
    },
    /// Move a unit under another parent from a day on.
    Move {
        /// The unit's code.
        code: String,
        /// The new parent's code.
        parent: String,
        /// When the change takes effect, and why.
        #[command(flatten)]
        when: ChangeWhen,
    },
    /// Set a unit's population (a number, or `unknown`) from a day on.
    Population {
        /// The unit's code.
        code: String,
        /// The population, or `unknown`.
        population: String,
        /// When the change takes effect, and why.
        #[command(flatten)]
        when: ChangeWhen,
    },
    /// Retire a unit from a day on; its reports stay and stay readable.
    Retire {
        /// The unit's code.
        code: String,
        /// When the change takes effect, and why.
        #[command(flatten)]
        when: ChangeWhen,
    },
    /// Delete a unit entered by mistake. Refused if any report, figure or unit refers
    /// to it: retire it instead.
    Delete {
        /// The unit's code.
        code: String,
    },
}

/// When a unit change takes effect, and why.
#[derive(Debug, Args)]
pub struct ChangeWhen {
    /// The first day the change holds (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Why the change is made.
    #[arg(long)]
    pub reason: Option<String>,
}

/// What `status` shows.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The day (YYYY-MM-DD).
    #[arg(long)]
    pub date: String,
    /// One row per unit (code, kind, epidemic_free, zero_days, earliest_free, reason)
    /// instead of the counts by kind.
    #[arg(long)]
    pub units: bool,
    /// With --units: only this unit and the units under it.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// With --units: only units of this kind.
    #[arg(long)]
    pub kind: Option<String>,
    /// Answer with what was recorded at this instant (RFC 3339, e.g.
    /// 2020-03-06T20:00:00+08:00): corrections made later are ignored.
    #[arg(long, value_name = "TIMESTAMP")]
    pub as_recorded_at: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `explain` explains.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The unit's code.
    pub code: String,
    /// The day (YYYY-MM-DD).
    #[arg(long)]
    pub date: String,
    /// Answer with what was recorded at this instant (RFC 3339).
    #[arg(long, value_name = "TIMESTAMP")]
    pub as_recorded_at: Option<String>,
    /// Output format of the list of reporting units holding it back.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which days `events` covers.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// The first day (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// The last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: String,
    /// Only this unit and the units under it.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// Answer with what was recorded at this instant (RFC 3339).
    #[arg(long, value_name = "TIMESTAMP")]
    pub as_recorded_at: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which series `phases` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeriesSource {
    /// The unit's published series (a health commission's figures).
    Published,
    /// The sum of the grassroots reports beneath the unit.
    Reports,
}

/// What `phases` classifies.
#[derive(Debug, Args)]
pub struct PhasesArgs {
    /// The unit's code.
    pub code: String,
    /// The series: published figures (the default where the unit has them) or the
    /// sum of reports.
    #[arg(long, value_enum)]
    pub source: Option<SeriesSource>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The `appeals` commands.
#[derive(Debug, Subcommand)]
pub enum AppealsCommand {
    /// Classifies and routes the appeals of a CSV file with the columns `id,text`
    /// (and optionally `city,area`, the caller's own address fields). Prints
    /// `id,category,confidence,urgency,urgent_because,district,unit_code,unit_name`:
    /// the category (stranded, transport, supplies, medical, housing,
    /// mental_health, complaint, other) from a naive Bayes model over words and
    /// word pairs trained on the project's labelled sample; the urgency by rule;
    /// and the Wuhan district and unit the text names (empty: unrouted, to the
    /// queue). With --explain, the words that decided each category.
    Classify {
        /// The CSV file.
        file: PathBuf,
        /// Show the words that weighed most for each decision.
        #[arg(long)]
        explain: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Takes in appeals from CSV (`ref,received_at,channel,text`, and optionally
    /// `phone,name,address,city,area`, and a person's own `unit`, `category`
    /// and `urgency` (urgent or normal), which win over the platform's;
    /// channel: hotline, message_board, api,
    /// import). Each is classified, given an urgency, routed, and grouped with
    /// its duplicates (the same caller, address or nearly the same text within
    /// seven days, stored ones included). All or nothing; every bad row named.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Records a change in an appeal's life: assigned (with --unit), started,
    /// answered (with --note, and --promise DAY for a promise), closed, rated
    /// (the caller's satisfaction when called back after closure, with
    /// --satisfaction 1-5, once per closure), reopened (with --note).
    Change {
        /// The appeal's reference.
        reference: String,
        /// assigned, started, answered, closed, rated or reopened.
        #[arg(value_parser = ["assigned", "started", "answered", "closed", "rated", "reopened"])]
        event: String,
        /// The unit it is assigned to (assigned).
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// What was answered, or why it is reopened.
        #[arg(long, default_value = "")]
        note: String,
        /// The day promised (answered).
        #[arg(long, value_name = "DAY")]
        promise: Option<String>,
        /// The caller's satisfaction, 1 to 5 (rated).
        #[arg(long)]
        satisfaction: Option<u8>,
        /// When it happened (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Sets an appeal's category by hand (the model's is kept apart), audited
    /// with the reason.
    Recategorise {
        /// The appeal's reference.
        reference: String,
        /// The category.
        #[arg(long)]
        category: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// The appeals (first of each group of duplicates), with where each stands,
    /// its deadline, lateness and escalation, and its promise.
    List {
        /// Only open appeals (not closed).
        #[arg(long)]
        open: bool,
        /// Only overdue ones (not answered by their deadline).
        #[arg(long)]
        overdue: bool,
        /// The moment to measure at (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Figures per category: appeals, duplicates, open, overdue, median and 90th
    /// percentile of the time to the first answer, promises kept, broken and
    /// pending, mean satisfaction.
    Stats {
        /// The moment to measure at (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Precision and recall per category on the labelled evaluation sample
    /// (texts kept apart from training: a fifth of the Teddy Cup set and the
    /// project's own evaluation texts).
    Evaluate {
        /// Also measure routing on a CSV of real appeals (`id,city,area,text`):
        /// where the caller's own `city` field names one Wuhan district, that
        /// district is the answer, and the router sees only `area` and `text`.
        #[arg(long, value_name = "FILE")]
        routing: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// What `rt` estimates.
#[derive(Debug, Args)]
pub struct RtArgs {
    /// The unit's code.
    pub code: String,
    /// The serial interval's mean, in days (Nishiura et al. 2020: 4.7).
    #[arg(long, default_value_t = 4.7)]
    pub si_mean: f64,
    /// The serial interval's standard deviation, in days (Nishiura et al. 2020: 2.9).
    #[arg(long, default_value_t = 2.9)]
    pub si_sd: f64,
    /// Days per sliding window (the first starts on the series' second day).
    #[arg(long, default_value_t = 7)]
    pub window: usize,
    /// The series: published figures (the default where the unit has them) or
    /// the sum of reports.
    #[arg(long, value_enum)]
    pub source: Option<SeriesSource>,
    /// Output format (CSV columns: window_start,window_end,mean,median,q025,
    /// q975,sd,cases,too_few_cases,missing_data,growth_rate,doubling_time,
    /// doubling_low,doubling_high; a negative doubling time is a halving time).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `zones` counts.
#[derive(Debug, Args)]
pub struct ZonesArgs {
    /// The day (YYYY-MM-DD); with --to, the first day of a series.
    #[arg(long)]
    pub date: String,
    /// The last day of a series, one block of rows per day.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The tier policy, by name in the rules file (built in: shanghai-2022).
    #[arg(long, default_value = "shanghai-2022")]
    pub policy: String,
    /// Count under each child of this unit (default: the only root of the tree).
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which reports to list.
#[derive(Debug, Args)]
pub struct ReportsArgs {
    /// Only reports from this unit and the units under it.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// The first day (default: the first day with a report).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day (default: the last day with a report).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which report's history.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The reporting unit's code.
    pub code: String,
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which published series.
#[derive(Debug, Args)]
pub struct PublishedArgs {
    /// The unit's code.
    pub code: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which annotations.
#[derive(Debug, Args)]
pub struct AnnotationsArgs {
    /// Only this unit's annotations.
    #[arg(long)]
    pub unit: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

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
}

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

/// `fangkong disputes …`.
#[derive(Debug, Subcommand)]
pub enum DisputesCommand {
    /// Records a dispute: where, what kind, how likely to escalate, what
    /// happened, and the parties.
    Add {
        /// The unit where it arose (a compound, village, community…).
        #[arg(long, value_name = "CODE")]
        unit: String,
        /// neighbours, family, property, tenancy, labour, measures or other.
        #[arg(long)]
        kind: String,
        /// high (could turn violent or draw a crowd), medium or low.
        #[arg(long, default_value = "low")]
        risk: String,
        /// What happened.
        #[arg(long)]
        summary: String,
        /// A party: `NAME[,PHONE[,SIDE]]` (SIDE: complainant, respondent…);
        /// repeat for each.
        #[arg(long = "party", value_name = "NAME,PHONE,SIDE")]
        parties: Vec<String>,
        /// Its reference (default: one is made).
        #[arg(long = "ref")]
        reference: Option<String>,
        /// When it was reported (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Records a mediation step: mediated, agreed, referred (with --to),
    /// withdrawn or reopened, each with --note saying what was done or agreed.
    Step {
        /// The dispute's reference.
        reference: String,
        /// The step.
        #[arg(value_parser = ["mediated", "agreed", "referred", "withdrawn", "reopened"])]
        step: String,
        /// What was done or agreed.
        #[arg(long)]
        note: String,
        /// Whom it is referred to (referred).
        #[arg(long)]
        to: Option<String>,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// The register: every dispute under a unit with where it stands, its
    /// steps and outcome; parties masked.
    List {
        /// Only under this unit.
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Only those still open (open or being mediated).
        #[arg(long)]
        open: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
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

/// What `quality` scans.
#[derive(Debug, Args)]
pub struct QualityArgs {
    /// The unit to scan under (default: the whole tree).
    pub code: Option<String>,
    /// The day (default: today, or the demo's replayed day).
    #[arg(long)]
    pub date: Option<String>,
    /// Only errors or only warnings.
    #[arg(long, value_parser = ["error", "warning"])]
    pub severity: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `reconcile` compares.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// The unit whose published series is compared, e.g. 420100000000.
    pub code: String,
    /// The first day.
    #[arg(long)]
    pub from: String,
    /// The last day.
    #[arg(long)]
    pub to: String,
    /// Only the days that differ.
    #[arg(long)]
    pub differences: bool,
    /// Output format; the CSV has the columns
    /// date,reports,published,difference,reporting_units.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which part of the completeness answer to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletenessView {
    /// Expected, received and on time per level.
    Levels,
    /// The reporting units with no report, and who answers for each.
    Missing,
    /// The reporting units whose report came after the deadline.
    Late,
}

/// What `completeness` counts.
#[derive(Debug, Args)]
pub struct CompletenessArgs {
    /// The unit to count under (default: the whole tree).
    pub code: Option<String>,
    /// The day (default: today, or the demo's replayed day).
    #[arg(long)]
    pub date: Option<String>,
    /// What to list.
    #[arg(long, value_enum, default_value_t = CompletenessView::Levels)]
    pub show: CompletenessView,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `burden` measures.
#[derive(Debug, Args)]
pub struct BurdenArgs {
    /// The unit to measure under (default: the whole tree).
    pub code: Option<String>,
    /// The first day (default: 13 days before --to).
    #[arg(long)]
    pub from: Option<String>,
    /// The last day (default: today, or the demo's replayed day).
    #[arg(long)]
    pub to: Option<String>,
    /// List the reporting units with more than one form on a day instead.
    #[arg(long)]
    pub units: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `audit` reads.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only this actor (an account name, `cli:<os user>`, `demo`).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only actions starting with this, e.g. `report.` or `login`.
    #[arg(long)]
    pub action: Option<String>,
    /// Only entries whose target starts with this, e.g. a unit code.
    #[arg(long)]
    pub target: Option<String>,
    /// Only refused attempts (`denied`) or only changes (`done`).
    #[arg(long, value_parser = ["done", "denied"])]
    pub outcome: Option<String>,
    /// Only entries at or after this day (Asia/Shanghai).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only entries up to and including this day.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// At most this many entries.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// DHIS2 data value sets.
#[derive(Debug, Subcommand)]
pub enum Dhis2Command {
    /// Write the reports of the reporting units under CODE as a DHIS2 data value
    /// set: one value per count and measure, period YYYYMMDD, org unit = our code
    /// (the mapping is in docs/dhis2.md).
    Export {
        /// The unit under which to export (default: the whole tree).
        code: Option<String>,
        /// The first day.
        #[arg(long)]
        from: String,
        /// The last day.
        #[arg(long)]
        to: String,
        /// `json` (the dataValues array), `xml` (DXF 2) or `csv` (DHIS2's
        /// column header).
        #[arg(long, value_parser = ["json", "xml", "csv"], default_value = "json")]
        format: String,
        /// How units, data elements and the data set are named: `CODE` (unit
        /// codes, `FK_…` element codes), `UID` (stable 11-character DHIS2 UIDs)
        /// or `NAME`.
        #[arg(long, value_name = "SCHEME", default_value = "CODE")]
        id_scheme: String,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Read a DHIS2 data value set (JSON, XML or CSV, by extension or
    /// --format) and file its values as daily reports, all or nothing; every bad
    /// value is named with its line or JSON path. Identifiers are read as the
    /// file declares (idScheme, orgUnitIdScheme…) or --id-scheme says; without
    /// either, a UID or a code.
    Import {
        /// The file.
        file: PathBuf,
        /// `json`, `xml` or `csv` (default: from the file's extension).
        #[arg(long, value_parser = ["json", "xml", "csv"])]
        format: Option<String>,
        /// `UID`, `CODE` or `NAME` for every identifier (the file's own
        /// declarations take precedence, as in DHIS2).
        #[arg(long, value_name = "SCHEME")]
        id_scheme: Option<String>,
    },
}

/// The registry's commands.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// People from CSV (`ref,resident_id,name,phone,birth_date,address,unit_code,
    /// category,identified_on`) and, with --steps, their later dated steps
    /// (`ref,date,step,category,place,exit`; steps: identified, recategorised,
    /// sampled, moved, treatment_started, left; places: home, home_isolation,
    /// isolation_site, shelter_hospital, designated_hospital; exits: discharged,
    /// released, died).
    ///
    /// All or nothing. The resident ID's check character is verified. A person
    /// already registered (same resident ID, or same name, phone and birth date) is
    /// refused with the stored reference, never added twice; every flow must hold
    /// (treatment only in hospital, nothing after leaving, dates in order).
    Import {
        /// The people file.
        people: PathBuf,
        /// The steps file.
        #[arg(long)]
        steps: Option<PathBuf>,
    },
    /// Records that may be one person entered twice (the same name and the same
    /// birth date or phone), to check and merge.
    Duplicates {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Merges record OTHER into KEEP (one person entered twice): OTHER's steps
    /// join KEEP's flow (which must still hold), its follow-up and check-ins move,
    /// missing particulars are filled in; OTHER stays readable, marked merged.
    /// Audited with the reason; never done silently.
    Merge {
        /// The record kept.
        keep: String,
        /// The record merged into it.
        other: String,
        /// Why they are one person (required).
        #[arg(long)]
        reason: String,
    },
    /// One person's timeline: every dated step, with the facility and bed of
    /// each move (`date,step,category,place,exit,facility,bed`). The name is
    /// masked.
    Show {
        /// The person's reference.
        reference: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// What `compliance` computes.
#[derive(Debug, Args)]
pub struct ComplianceArgs {
    /// The day (default: today, or the demo's replayed day).
    #[arg(long)]
    pub date: Option<String>,
    /// Only this unit and the units under it (default: the whole tree).
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// List the people not yet covered instead, oldest first (names masked).
    #[arg(long)]
    pub gaps: bool,
    /// Count home isolation as isolation (where the policy allows it).
    #[arg(long)]
    pub home_isolation_counts: bool,
    /// Show the confirmed cases' stock and flow instead: new (the increment),
    /// active (the stock), recovered, died, cure rate, case-fatality rate.
    #[arg(long, conflicts_with = "gaps")]
    pub cases: bool,
    /// Output format; the CSV has the columns
    /// code,name,kind,people,admitted,treated,tested,isolated.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Follow-up commands.
#[derive(Debug, Subcommand)]
pub enum FollowupCommand {
    /// The follow-ups open on a day, under a unit: today's check-in due, the
    /// overdue days, whether the release day has come, whether the person was
    /// seen unwell (names masked).
    List {
        /// The day (default: today, or the demo's replayed day).
        #[arg(long)]
        date: Option<String>,
        /// Only people living under this unit.
        #[arg(long, value_name = "CODE")]
        under: Option<String>,
        /// Only those with overdue check-ins.
        #[arg(long)]
        overdue: bool,
        /// Only those this team follows up.
        #[arg(long)]
        team: Option<String>,
        /// One line per team and unit (open, overdue people, overdue days)
        /// instead of one per person.
        #[arg(long)]
        by_team: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Records a day's check-in: seen_well, seen_unwell, missed, not_attempted.
    Checkin {
        /// The person's reference.
        reference: String,
        /// The day.
        #[arg(long)]
        date: String,
        /// How it went.
        #[arg(long, value_parser = ["seen_well", "seen_unwell", "missed", "not_attempted"])]
        state: String,
    },
    /// Assigns a contact's follow-up to a team (an empty name: to none), audited.
    Assign {
        /// The person's reference.
        reference: String,
        /// The team's name.
        #[arg(long)]
        team: String,
    },
    /// Moves the release day later, with a reason.
    Extend {
        /// The person's reference.
        reference: String,
        /// The new release day.
        #[arg(long)]
        to: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
}

/// Facility commands.
#[derive(Debug, Subcommand)]
pub enum FacilitiesCommand {
    /// Facilities from CSV (`code,name,kind,unit_code,beds_ordinary,beds_severe,
    /// beds_critical`; kind: designated_hospital, shelter_hospital,
    /// isolation_site). A stored code takes the new beds; every change audited.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// The board: beds in use and free by kind, per facility, on a day.
    Board {
        /// The day (default: today, or the demo's replayed day).
        #[arg(long)]
        date: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Occupancy per day: beds in use by kind, in all and free, per facility
    /// and day (`date,code,ordinary_used,severe_used,critical_used,used,beds,free`).
    Occupancy {
        /// The first day (default: 13 days before --to).
        #[arg(long)]
        from: Option<String>,
        /// The last day (default: today, or the demo's replayed day).
        #[arg(long)]
        to: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}
