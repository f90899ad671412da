//! Filing, listing and exchanging reports: `report`, `reports`, `history`, `published`, `annotations`, `dhis2`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::output::Format;

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
