//! `fangkong import …`: units, reports, published series, annotations.

use fangkong_domain::report::Submission;
use fangkong_store::Store;

use super::day_arg;
use crate::cli::ImportCommand;
use crate::clock;
use crate::import::{CsvInput, annotations, published, reports, units};

/// Runs one import and prints what it did.
pub async fn run(store: &Store, cmd: ImportCommand) -> anyhow::Result<()> {
    match cmd {
        ImportCommand::Units { file, effective } => {
            let effective = effective.map(|d| day_arg("--effective", &d)).transpose()?;
            let done = units::import_units(store, CsvInput::open(&file)?, effective).await?;
            let added: usize = done.added.values().sum();
            let by_kind: Vec<String> = done.added.iter().map(|(k, n)| format!("{n} {k}")).collect();
            println!(
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
            let submission = match (correct, reason) {
                (true, Some(reason)) => Submission::Correction { reason },
                _ => Submission::New,
            };
            let n =
                reports::import_reports(store, CsvInput::open(&file)?, clock::today(), submission)
                    .await?;
            println!("{}: {n} report revisions recorded", file.display());
        }
        ImportCommand::Published {
            file,
            unit,
            replace,
        } => {
            let done =
                published::import_published(store, CsvInput::open(&file)?, &unit, replace).await?;
            println!(
                "{}: published series of {unit}: {} days added, {} replaced, {} unchanged",
                file.display(),
                done.added,
                done.replaced,
                done.unchanged
            );
        }
        ImportCommand::Annotations { file, replace } => {
            let done =
                annotations::import_annotations(store, CsvInput::open(&file)?, replace).await?;
            println!(
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
