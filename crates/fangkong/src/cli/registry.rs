//! The four-categories registry: `registry`, `compliance`, `followup`, `facilities`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::output::Format;

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
