//! `fangkong staff …` and `fangkong care …`: the roster of the people who
//! work in communities and villages, and what is done for them.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::output::Format;

/// What `staff` does.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Import a roster, CSV or Excel, all or nothing, every bad line and
    /// field named: `person_id,name,kind,unit_code` and optionally `away`
    /// (days and ranges separated by `;`), `phone`, `email`, `affiliation`
    /// (a sent-down cadre's home agency, a volunteer's type), `skills` (`;`
    /// between them), `account` (the username they sign in with),
    /// `left_on` and `pair` (an A/B pair made by hand: a label exactly two
    /// people of the unit share; without it pairs are formed by rule). A person already on the roster takes the new details; a new
    /// unit opens a posting from --on. Each change is in the audit log
    /// (without names or phones).
    Import {
        /// The roster file.
        file: PathBuf,
        /// The day the roster holds from, for the postings (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Add one person to the roster.
    Add(StaffFields),
    /// Change what the roster says of one person (only the fields given);
    /// a new --unit closes their posting on --on and opens one there.
    Change(StaffFields),
    /// A person leaves the roster on --on: no duty from that day, their
    /// posting closed; their history stays.
    Leave {
        /// Their roster id.
        person_id: String,
        /// The first day they no longer work (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// The roster: each person with their kind, unit, affiliation, skills,
    /// days away and phone (masked: the roster is read by offices that call
    /// through the community).
    List {
        /// Only the people under this unit.
        #[arg(long, value_name = "CODE")]
        under: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Where one person worked, when: each posting with its first and last day.
    History {
        /// Their roster id.
        person_id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// One person's details, as `staff add` takes them all and `staff change`
/// takes the ones to change.
#[derive(Debug, Args)]
pub struct StaffFields {
    /// Their roster id.
    pub person_id: String,
    /// Their name.
    #[arg(long)]
    pub name: Option<String>,
    /// community_cadre, sent_down_cadre, volunteer or property_staff.
    #[arg(long)]
    pub kind: Option<String>,
    /// The community or village they work in.
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,
    /// Their phone.
    #[arg(long)]
    pub phone: Option<String>,
    /// Their email address (reminders by email).
    #[arg(long)]
    pub email: Option<String>,
    /// Their home agency, volunteer type or company.
    #[arg(long)]
    pub affiliation: Option<String>,
    /// Their skills, separated by `;`.
    #[arg(long)]
    pub skills: Option<String>,
    /// The username they sign in with.
    #[arg(long)]
    pub account: Option<String>,
    /// An A/B pair made by hand: a label shared with one other person of the
    /// unit (`-` to unpair and leave it to the rule).
    #[arg(long)]
    pub pair: Option<String>,
    /// Their days away (replacing those kept): days and ranges separated by `;`.
    #[arg(long)]
    pub away: Option<String>,
    /// The day the change holds from (default today).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
}

/// What `care` does.
#[derive(Debug, Subcommand)]
pub enum CareCommand {
    /// Record care, CSV or Excel, all or nothing: `person_id,date,kind`
    /// and optionally `amount` and `note`; kind one of rest (amount: days),
    /// protective_equipment (sets), insurance, recognition, hardship_help
    /// (yuan), professional_post.
    Import {
        /// The file.
        file: PathBuf,
    },
    /// Care summed per district (or per unit under --under): records and
    /// people of each kind, amounts added up.
    Summary(CareSummaryArgs),
}

/// What `care summary` sums.
#[derive(Debug, Args)]
pub struct CareSummaryArgs {
    /// Sum per child of this unit (default: per district of the whole tree).
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// The first day (default: the first record).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day (default: today).
    #[arg(long, value_name = "DATE")]
    pub through: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}
