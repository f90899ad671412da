//! Data truth: `quality`, `reconcile`, `completeness`, `burden`, `audit`.

use clap::Args;

use crate::output::Format;

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
