//! `fangkong backup FILE`: a consistent copy of the database while it serves,
//! checked before it is called a backup.

use std::path::Path;

use anyhow::Context;
use fangkong_store::{Backend, Location, Store};

use super::rejected_arg;

/// Writes the backup, opens it, checks it and says what it holds.
pub async fn run(store: &Store, db: &Location, file: &Path) -> anyhow::Result<()> {
    if store.backend() == Backend::Postgres {
        return Err(rejected_arg(
            "--db",
            "a PostgreSQL database is backed up by the server's own tools: \
             pg_basebackup with WAL archiving (docs/deploy.md)"
                .into(),
        )
        .into());
    }
    if file.exists() {
        return Err(rejected_arg(
            "FILE",
            format!(
                "{} exists: a backup is written to a new file",
                file.display()
            ),
        )
        .into());
    }
    store
        .backup_to(file)
        .await
        .with_context(|| format!("writing the backup {}", file.display()))?;
    let copy = Store::open(file)
        .await
        .with_context(|| format!("opening the backup {}", file.display()))?;
    let checked = async {
        copy.integrity_check().await?;
        copy.table_counts().await
    }
    .await;
    copy.close().await;
    let counts = match checked {
        Ok(c) => c,
        Err(e) => {
            // A copy that fails its check is not a backup: it is removed.
            let _ = std::fs::remove_file(file);
            return Err(anyhow::anyhow!(
                "the backup failed its check ({e}); it was removed"
            ));
        }
    };
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let rows: i64 = counts.iter().map(|(_, n)| n).sum();
    let of = |table: &str| {
        counts
            .iter()
            .find(|(t, _)| t == table)
            .map_or(0, |(_, n)| *n)
    };
    crate::out!(
        "backed up {} to {}: {:.1} MB, {} tables, {rows} rows ({} units, {} report revisions, {} audit entries); integrity checked",
        db,
        file.display(),
        size as f64 / 1e6,
        counts.len(),
        of("units"),
        of("report_revisions"),
        of("audit_log")
    );
    Ok(())
}
