//! `fangkong import`: units, reports, published series, annotations, case addresses, workbooks.

use std::path::PathBuf;

use clap::Subcommand;

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
