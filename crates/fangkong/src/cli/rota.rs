//! `fangkong rota …`: duty rotas for the people who work in communities and
//! villages.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::output::Format;

/// What `rota` does.
#[derive(Debug, Subcommand)]
pub enum RotaCommand {
    /// Plan who is on duty in each community and village, day by day: each
    /// A/B pair (a sent-down cadre with a community cadre, paired by rule) has
    /// one post on duty each day, alternating; at least `min_on_duty` people
    /// are on duty in every unit (made up from the volunteers and others
    /// outside the pairs, fewest duties first); nobody more than
    /// `max_consecutive_days` days running (the `[rota]` rules); days away
    /// respected. Where the people are not enough, each gap is named on
    /// standard error with its reason, and no rule is broken to hide it.
    /// Prints `date,unit_code,pair,post,person_id,name,role`.
    Plan(RotaPlanArgs),
    /// Check a plan (one `rota plan` wrote, perhaps adjusted by hand) against
    /// the `[rota]` rules and the roster: each pair one post on duty a day,
    /// the minimum on duty in every unit, nobody over the days running, nobody
    /// on duty on a day away or in another unit. Prints each breach; exits 1
    /// if there is one.
    Check(RotaCheckArgs),
    /// Keep a plan (one `rota plan` wrote, adjusted by hand) as the rota of
    /// its units and days, after checking it as `rota check` does: refused
    /// whole if it breaks a rule. The days and units it does not cover are
    /// left as they were.
    Keep {
        /// The plan: `date,unit_code,pair,post,person_id[,name,role]`.
        #[arg(long, value_name = "FILE")]
        plan: PathBuf,
    },
    /// Write the kept rota as calendars, one iCalendar file per person
    /// (`PERSON_ID.ics`, RFC 5545, an all-day event per day on duty), for
    /// their phone's calendar.
    Calendars {
        /// Only the people of the communities and villages under this unit.
        #[arg(long, value_name = "CODE")]
        under: Option<String>,
        /// The first day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// How many days.
        #[arg(long, default_value_t = 28, value_parser = clap::value_parser!(u32).range(1..=366))]
        days: u32,
        /// The folder the files are written to (made if missing).
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
    },
}

/// What `rota check` checks.
#[derive(Debug, Args)]
pub struct RotaCheckArgs {
    /// A roster file instead of the stored roster (as for `rota plan`).
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// The plan: `date,unit_code,pair,post,person_id[,name,role]`.
    #[arg(long, value_name = "FILE")]
    pub plan: PathBuf,
}

/// What `rota plan` plans.
#[derive(Debug, Args)]
pub struct RotaPlanArgs {
    /// A roster file instead of the stored roster (`fangkong staff import`),
    /// CSV or Excel: `person_id,name,kind,unit_code[,away]`, kind one of
    /// community_cadre, sent_down_cadre, volunteer, property_staff; `away`
    /// days and ranges separated by `;` (2020-02-12;2020-02-20..2020-02-24).
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// The first day planned (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// How many days.
    #[arg(long, default_value_t = 28, value_parser = clap::value_parser!(u32).range(1..=366))]
    pub days: u32,
    /// Only the communities and villages under this unit.
    #[arg(long, value_name = "CODE")]
    pub under: Option<String>,
    /// A plan kept from before (as this command writes it, perhaps adjusted
    /// by hand): its days before --from are printed unchanged and carried on
    /// from (days running, each pair's alternation, shares so far); its days
    /// from --from on are planned again.
    #[arg(long, value_name = "FILE")]
    pub kept: Option<PathBuf>,
    /// Keep the plan as the rota (what the completeness page, reminders and
    /// "my shifts" read): the kept days before --from are carried on from
    /// (unless --kept names a file) and left as they were; the days planned
    /// replace what was kept for them.
    #[arg(long)]
    pub keep: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}
