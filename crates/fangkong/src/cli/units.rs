//! The unit tree: `units` and `unit` (add, rename, move, retire).

use clap::{Args, Subcommand};

use crate::output::Format;

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
