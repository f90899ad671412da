//! Derived figures: `status`, `explain`, `events`, `phases`, `rt`, `zones`.

use clap::Args;

use crate::output::Format;

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
