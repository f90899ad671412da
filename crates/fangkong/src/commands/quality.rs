//! `fangkong quality`: the data-quality findings of one day.

use fangkong_domain::quality::Severity;
use fangkong_store::Store;

use super::{date_or_today, unit_or_root};
use crate::cli::QualityArgs;
use crate::derive::rules;
use crate::output::{Format, Table};

/// Runs `quality`.
pub async fn run(
    store: &Store,
    args: QualityArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let code = unit_or_root(store, args.code.as_deref()).await?;
    let day = date_or_today(store, args.date.as_deref()).await?;
    let mut report = store.quality_scan(&rules.quality, &code, day).await?;
    if let Some(s) = &args.severity {
        report
            .findings
            .retain(|f| f.finding.severity.name() == s.as_str());
    }
    if args.format == Format::Json {
        crate::out!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let mut table = Table::new(&[
        "severity", "rule", "unit", "name", "parent", "date", "message",
    ]);
    for f in &report.findings {
        table.push(vec![
            f.finding.severity.name().into(),
            f.finding.rule.clone().into(),
            f.finding.unit.to_string().into(),
            f.name.clone().into(),
            f.parent.clone().into(),
            f.finding.day.to_string().into(),
            f.finding.message.clone().into(),
        ]);
    }
    if args.format == Format::Table {
        let errors = report
            .findings
            .iter()
            .filter(|f| f.finding.severity == Severity::Error)
            .count();
        crate::out!(
            "{code} on {day}: {} reports scanned; {errors} errors, {} warnings",
            report.reports,
            report.findings.len() - errors
        );
    }
    table.print(args.format)
}
