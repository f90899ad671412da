//! `fangkong copy --from A --to B`: everything one store holds, copied into an
//! empty one and verified table by table.

use anyhow::Context;
use fangkong_store::{Location, Store};
use indicatif::{ProgressBar, ProgressStyle};

use super::rejected_arg;

/// Copies, verifies and says what moved.
pub async fn run(from: &Location, to: &Location) -> anyhow::Result<()> {
    if from == to {
        return Err(rejected_arg("--to", format!("{to} is the store copied from")).into());
    }
    let source = Store::connect(from)
        .await
        .with_context(|| format!("opening {from}"))?;
    let target = Store::connect(to)
        .await
        .with_context(|| format!("opening {to}"))?;
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let copied = source
        .copy_into(&target, |table, rows| {
            bar.set_message(format!("{table}: {rows} rows"));
            bar.tick();
        })
        .await;
    bar.finish_and_clear();
    let copied = match copied {
        Ok(c) => c,
        Err(fangkong_store::StoreError::Conflict(why)) => {
            return Err(rejected_arg("--to", why).into());
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("copying into {to}"))),
    };
    let landed = target
        .digests()
        .await
        .with_context(|| format!("verifying {to}"))?;
    source.close().await;
    target.close().await;
    let differing: Vec<String> = copied
        .iter()
        .zip(&landed)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{} ({} rows copied, {} found)", a.table, a.rows, b.rows))
        .collect();
    if !differing.is_empty() || copied.len() != landed.len() {
        anyhow::bail!(
            "the copy in {to} does not match {from}: {}",
            differing.join(", ")
        );
    }
    let rows: u64 = copied.iter().map(|d| d.rows).sum();
    let of = |table: &str| {
        copied
            .iter()
            .find(|d| d.table == table)
            .map_or(0, |d| d.rows)
    };
    crate::out!(
        "copied {from} to {to}: {} tables, {rows} rows ({} units, {} report revisions, {} audit entries); every table's row count and SHA-256 checksum verified",
        copied.len(),
        of("units"),
        of("report_revisions"),
        of("audit_log")
    );
    Ok(())
}
