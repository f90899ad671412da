//! `fangkong import …`: units, reports, published series, annotations.

use fangkong_store::Store;

use super::day_arg;
use crate::cli::ImportCommand;
use crate::clock;
use crate::import::{CsvInput, annotations, case_addresses, published, reports, units};

/// Runs one import and prints what it did.
pub async fn run(
    store: &Store,
    cmd: ImportCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = crate::derive::rules::load(rules_path)?;
    match cmd {
        ImportCommand::Units { file, effective } => {
            let effective = effective.map(|d| day_arg("--effective", &d)).transpose()?;
            let done = units::import_units(store, CsvInput::open(&file, &rules.limits)?, effective)
                .await?;
            let added: usize = done.added.values().sum();
            let by_kind: Vec<String> = done.added.iter().map(|(k, n)| format!("{n} {k}")).collect();
            crate::out!(
                "{}: {added} units added{}, {} already stored unchanged",
                file.display(),
                if by_kind.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", by_kind.join(", "))
                },
                done.unchanged
            );
        }
        ImportCommand::Reports {
            file,
            correct,
            reason,
        } => {
            let submission = super::submission(correct, reason, &rules.limits)?;
            let n = reports::import_reports(
                store,
                CsvInput::open(&file, &rules.limits)?,
                clock::today(),
                submission,
                &rules,
            )
            .await?;
            crate::out!("{}: {n} report revisions recorded", file.display());
        }
        ImportCommand::Published {
            file,
            unit,
            replace,
            filter,
        } => {
            let mut filters = Vec::new();
            for f in &filter {
                let (column, value) = f.split_once('=').ok_or_else(|| {
                    super::rejected_arg("--filter", format!("'{f}' is not COLUMN=VALUE"))
                })?;
                filters.push((column.trim().to_string(), value.trim().to_string()));
            }
            let done = published::import_published(
                store,
                CsvInput::open(&file, &rules.limits)?,
                &unit,
                replace,
                &filters,
            )
            .await?;
            crate::out!(
                "{}: published series of {unit}: {} days added, {} replaced, {} unchanged",
                file.display(),
                done.added,
                done.replaced,
                done.unchanged
            );
        }
        ImportCommand::CaseAddresses {
            file,
            city,
            city_code,
        } => {
            let done = case_addresses::import_case_addresses(
                store,
                CsvInput::open(&file, &rules.limits)?,
                &city,
                &city_code,
            )
            .await?;
            crate::out!(
                "{}: {} rows; {} new districts, {} new compounds; {} compound-days of events recorded",
                file.display(),
                done.rows,
                done.districts,
                done.compounds,
                done.events
            );
            if !done.skipped_lines.is_empty() {
                let lines: Vec<String> = done.skipped_lines.iter().map(u64::to_string).collect();
                crate::out!(
                    "skipped {} entries that are only separators, not addresses (lines {})",
                    lines.len(),
                    lines.join(", ")
                );
            }
        }
        ImportCommand::Annotations { file, replace } => {
            let done = annotations::import_annotations(
                store,
                CsvInput::open(&file, &rules.limits)?,
                replace,
            )
            .await?;
            crate::out!(
                "{}: {} annotations added, {} replaced, {} unchanged",
                file.display(),
                done.added,
                done.replaced,
                done.unchanged
            );
        }
    }
    Ok(())
}
