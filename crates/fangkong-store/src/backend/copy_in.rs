//! PostgreSQL's bulk import of reports: one transaction on PostgreSQL's own
//! driver, the revisions streamed in with `COPY … FROM STDIN` (text format),
//! which the server parses and writes without a statement per row. The checks
//! inside the transaction (the latest revision of each key, the audit lines)
//! are the shared statements, run on the same transaction.

use std::collections::HashMap;
use std::fmt::Write;

use fangkong_domain::Measure;
use fangkong_domain::report::ReportRevision;
use sqlx::Row;
use sqlx::postgres::{PgPool, Postgres};

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

/// Bytes of lines gathered before they are sent in one `COPY` (each `COPY`
/// is a statement with its round trips and its trigger).
const FLUSH_AT: usize = 16 << 20;

/// Keys per lookup of the latest revisions.
const KEYS_PER_LOOKUP: usize = 5_000;

/// An open bulk import on PostgreSQL. Dropped without [`CopyBatch::commit`],
/// everything is rolled back.
pub struct CopyBatch {
    tx: sqlx::Transaction<'static, Postgres>,
    /// Lines not sent yet: sent before anything reads inside the import.
    pending: String,
}

impl CopyBatch {
    /// Begins the import's transaction.
    pub(crate) async fn begin(pool: &PgPool) -> Result<CopyBatch, StoreError> {
        Ok(CopyBatch {
            tx: pool.begin().await?,
            pending: String::new(),
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
        }
        if self.pending.len() >= FLUSH_AT {
            self.flush().await?;
        }
        Ok(())
    }

    /// Sends the gathered lines in one `COPY`.
    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let text = std::mem::take(&mut self.pending);
        let mut copy = self.tx.copy_in_raw(COPY).await?;
        copy.send(text.into_bytes()).await?;
        copy.finish().await?;
        Ok(())
    }

    /// The latest revision of each of `keys` that has one, inside the import.
    pub(crate) async fn latest_for(
        &mut self,
        keys: &[ReportKey],
    ) -> Result<HashMap<ReportKey, ReportRevision>, StoreError> {
        self.flush().await?;
        let mut out = HashMap::new();
        let mut keys = keys.to_vec();
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
            for row in q.build().persistent(false).fetch_all(&mut *self.tx).await? {
                let unit_id: i64 = row.get("unit_id");
                let revision = revision_row!(&row).decode()?;
                keep_latest(&mut out, (unit_id, revision.report.day), revision);
            }
        }
        Ok(out)
    }

    /// Appends audit entries inside the import: they commit with it.
    pub(crate) async fn audit(&mut self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if !entries.is_empty() {
            self.flush().await?;
        }
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
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    /// Commits the import.
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        self.flush().await?;
        self.tx.commit().await?;
        Ok(())
    }
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
