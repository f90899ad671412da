//! PostgreSQL's bulk import of reports: one transaction on PostgreSQL's own
//! driver, the revisions streamed in with `COPY … FROM STDIN` (text format),
//! which the server parses and writes without a statement per row. The checks
//! inside the transaction (the latest revision of each key, the audit lines)
//! are the shared statements, run on the same transaction.
//!
//! A copier task owns the transaction and keeps one `COPY` open for as long as
//! lines keep coming, so the server writes while the client parses the next
//! rows (on two cores, the import takes about as long as the slower of the
//! two, not their sum). A read inside the import closes the open `COPY` first.

use std::collections::HashMap;
use std::fmt::Write;

use fangkong_domain::Measure;
use fangkong_domain::report::ReportRevision;
use sqlx::Row;
use sqlx::postgres::{PgPool, Postgres};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::codec::encode_timestamp;
use crate::reports::{
    ReportKey, day_bounds, keep_latest, revision_row, revisions_of_keys, unit_bounds,
};
use crate::{AuditEntry, NewRevision, StoreError};

/// The columns a revision is copied into, in the order each line gives them.
const COPY: &str = "COPY report_revisions (unit_id, day, revision, new_confirmed, new_suspected, \
    new_close_contacts, new_fever, closed_management, screening, disinfection, supplies, \
    stability, publicity, reporter, remark, recorded_at, reason, channel, opened_at, \
    fields_changed, backlog) FROM STDIN";

/// Memory for the import's transaction table (this transaction only).
const TRANSITION_MEMORY: &str = "SET LOCAL work_mem = '512MB'";

/// Bytes of lines gathered before they go to the copier: small enough that the
/// server starts at once, large enough that sending costs little.
const SEND_AT: usize = 256 << 10;

/// Sends of lines queued for the copier before the parser waits for it.
const QUEUED_SENDS: usize = 8;

/// Keys per lookup of the latest revisions.
const KEYS_PER_LOOKUP: usize = 5_000;

/// The latest revision of each key, as the copier answers a lookup.
type Latest = HashMap<ReportKey, ReportRevision>;

/// What the import asks of its copier, in order.
enum Order {
    /// Lines of `COPY`'s text format, to stream into the open `COPY`.
    Lines(Vec<u8>),
    /// The latest revision of each of these keys, inside the import.
    Latest(Vec<ReportKey>, oneshot::Sender<Result<Latest, StoreError>>),
    /// Audit lines, committed with the import.
    Audit(Vec<AuditEntry>, oneshot::Sender<Result<(), StoreError>>),
    /// Close the open `COPY` and commit.
    Commit(oneshot::Sender<Result<(), StoreError>>),
}

/// An open bulk import on PostgreSQL. Dropped without [`CopyBatch::commit`],
/// everything is rolled back.
pub struct CopyBatch {
    orders: mpsc::Sender<Order>,
    /// The copier; taken when its failure is read.
    copier: Option<JoinHandle<Result<(), StoreError>>>,
    /// Lines not handed to the copier yet.
    pending: String,
}

impl CopyBatch {
    /// Begins the import's transaction, owned by its copier task.
    pub(crate) async fn begin(pool: &PgPool) -> Result<CopyBatch, StoreError> {
        let mut tx = pool.begin().await?;
        // The unit check reads the import's rows as a transition table, kept
        // in memory up to work_mem: at the default 4 MB a season's rows spill
        // to a temporary file and are read back.
        sqlx::query(TRANSITION_MEMORY).execute(&mut *tx).await?;
        let (orders, from_import) = mpsc::channel(QUEUED_SENDS);
        Ok(CopyBatch {
            orders,
            copier: Some(tokio::spawn(copier(tx, from_import))),
            pending: String::with_capacity(SEND_AT + (4 << 10)),
        })
    }

    /// Streams `rows` into the table; `recorded_at` for those that bring no time.
    pub(crate) async fn insert(
        &mut self,
        rows: Vec<NewRevision>,
        recorded_at: &str,
    ) -> Result<(), StoreError> {
        for row in rows {
            line(&mut self.pending, row, recorded_at);
            if self.pending.len() >= SEND_AT {
                self.send_lines().await?;
            }
        }
        Ok(())
    }

    /// Hands the gathered lines to the copier.
    async fn send_lines(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let text = std::mem::replace(
            &mut self.pending,
            String::with_capacity(SEND_AT + (4 << 10)),
        );
        self.order(Order::Lines(text.into_bytes())).await
    }

    /// Sends an order; if the copier has stopped, its error.
    async fn order(&mut self, order: Order) -> Result<(), StoreError> {
        if self.orders.send(order).await.is_ok() {
            return Ok(());
        }
        Err(self.failure().await)
    }

    /// Why the copier stopped.
    async fn failure(&mut self) -> StoreError {
        let Some(copier) = self.copier.take() else {
            return StoreError::Interrupted("the import's copier stopped earlier".into());
        };
        match copier.await {
            Ok(Err(e)) => e,
            Ok(Ok(())) => StoreError::Interrupted("the import's copier stopped early".into()),
            Err(e) => StoreError::Interrupted(format!("the import's copier failed: {e}")),
        }
    }

    /// Sends an order that answers, and waits for its answer.
    async fn ask<T>(
        &mut self,
        order: impl FnOnce(oneshot::Sender<Result<T, StoreError>>) -> Order,
    ) -> Result<T, StoreError> {
        self.send_lines().await?;
        let (reply, answer) = oneshot::channel();
        self.order(order(reply)).await?;
        match answer.await {
            Ok(result) => result,
            Err(_) => Err(self.failure().await),
        }
    }

    /// The latest revision of each of `keys` that has one, inside the import.
    pub(crate) async fn latest_for(&mut self, keys: &[ReportKey]) -> Result<Latest, StoreError> {
        let keys = keys.to_vec();
        self.ask(|reply| Order::Latest(keys, reply)).await
    }

    /// Appends audit entries inside the import: they commit with it.
    pub(crate) async fn audit(&mut self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let entries = entries.to_vec();
        self.ask(|reply| Order::Audit(entries, reply)).await
    }

    /// Commits the import.
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        self.ask(Order::Commit).await?;
        if let Some(copier) = self.copier.take() {
            copier.await.map_err(|e| {
                StoreError::Interrupted(format!("the import's copier failed: {e}"))
            })??;
        }
        Ok(())
    }
}

/// The copier: owns the import's transaction and carries out its orders in
/// turn. Its input closed without a commit, it returns and the transaction
/// rolls back.
async fn copier(
    mut tx: sqlx::Transaction<'static, Postgres>,
    mut orders: mpsc::Receiver<Order>,
) -> Result<(), StoreError> {
    let mut next = orders.recv().await;
    while let Some(order) = next.take() {
        match order {
            Order::Lines(first) => {
                let mut copy = tx.copy_in_raw(COPY).await?;
                copy.send(first).await?;
                // Stream every following batch of lines into the same `COPY`.
                loop {
                    match orders.recv().await {
                        Some(Order::Lines(more)) => {
                            copy.send(more).await?;
                        }
                        Some(other) => {
                            copy.finish().await?;
                            next = Some(other);
                            break;
                        }
                        None => {
                            copy.abort("the import was abandoned").await?;
                            return Ok(());
                        }
                    }
                }
                continue;
            }
            Order::Latest(keys, reply) => {
                let _ = reply.send(latest_for(&mut tx, keys).await);
            }
            Order::Audit(entries, reply) => {
                let _ = reply.send(audit(&mut tx, &entries).await);
            }
            Order::Commit(reply) => {
                let _ = reply.send(tx.commit().await.map_err(StoreError::from));
                return Ok(());
            }
        }
        next = orders.recv().await;
    }
    Ok(())
}

/// The latest revision of each of `keys` that has one, inside the import.
async fn latest_for(
    tx: &mut sqlx::Transaction<'static, Postgres>,
    mut keys: Vec<ReportKey>,
) -> Result<Latest, StoreError> {
    let mut out = HashMap::new();
    keys.sort_unstable();
    for chunk in keys.chunks(KEYS_PER_LOOKUP) {
        let [head, unit_to, day_from, day_to, and_keys] = revisions_of_keys();
        let (lo, hi) = unit_bounds(chunk);
        let (first, last) = day_bounds(chunk);
        let mut q = sqlx::QueryBuilder::<Postgres>::new(head);
        q.push_bind(lo).push(unit_to).push_bind(hi);
        q.push(day_from)
            .push_bind(first)
            .push(day_to)
            .push_bind(last);
        q.push(and_keys);
        q.push_values(chunk, |mut b, (unit_id, day)| {
            b.push_bind(day.to_string()).push_bind(*unit_id);
        });
        q.push(")");
        // Planned for its bounds each time (a prepared plan made once
        // for any bounds reads the whole partition per lookup).
        for row in q.build().persistent(false).fetch_all(&mut **tx).await? {
            let unit_id: i64 = row.get("unit_id");
            let revision = revision_row!(&row).decode()?;
            keep_latest(&mut out, (unit_id, revision.report.day), revision);
        }
    }
    Ok(out)
}

/// Appends audit entries on the import's transaction.
async fn audit(
    tx: &mut sqlx::Transaction<'static, Postgres>,
    entries: &[AuditEntry],
) -> Result<(), StoreError> {
    for e in entries {
        sqlx::query(crate::audit::APPEND)
            .bind(encode_timestamp(e.at))
            .bind(&e.actor)
            .bind(&e.action)
            .bind(&e.target)
            .bind(&e.old_value)
            .bind(&e.new_value)
            .bind(&e.reason)
            .bind(e.outcome.name())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One revision as a line of `COPY`'s text format: tab-separated, `\N` for
/// none, backslash, tab and line breaks escaped.
fn line(out: &mut String, row: NewRevision, recorded_at: &str) {
    let r = row.report;
    let _ = write!(out, "{}\t{}\t{}", row.unit_id, r.day, row.revision);
    for c in r.counts() {
        let _ = write!(out, "\t{}", c.get());
    }
    for m in Measure::ALL {
        out.push_str(if r.measures.get(m) { "\t1" } else { "\t0" });
    }
    out.push('\t');
    text(out, Some(&r.reporter));
    out.push('\t');
    text(out, r.remark.as_deref());
    out.push('\t');
    match row.provenance.recorded_at {
        Some(at) => out.push_str(&encode_timestamp(at)),
        None => out.push_str(recorded_at),
    }
    out.push('\t');
    text(out, row.reason.as_deref());
    out.push('\t');
    out.push_str(row.provenance.channel.name());
    out.push('\t');
    text(
        out,
        row.provenance.opened_at.map(encode_timestamp).as_deref(),
    );
    match row.provenance.fields_changed {
        Some(n) => {
            let _ = write!(out, "\t{n}");
        }
        None => out.push_str("\t\\N"),
    }
    let _ = writeln!(out, "\t{}", r.backlog.get());
}

fn text(out: &mut String, value: Option<&str>) {
    let Some(value) = value else {
        out.push_str("\\N");
        return;
    };
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_copy_reads_it() {
        let mut out = String::new();
        text(&mut out, Some("a\\b\tc\nd\re 王芳"));
        out.push('|');
        text(&mut out, None);
        assert_eq!(out, "a\\\\b\\tc\\nd\\re 王芳|\\N");
    }
}
