//! Daily reports: revisions written in bulk inside one transaction, and read back
//! as the latest revision or as the full history of a unit's day.

use std::collections::{HashMap, HashSet};

use fangkong_domain::report::ReportRevision;
use fangkong_domain::{Count, DailyReport, Day, Measure, MeasuresInPlace, UnitCode};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::Backend;
use crate::codec::{decode_code, decode_count, decode_day, decode_timestamp, encode_timestamp};
use crate::provenance::Provenance;
use crate::sql::Sql;
use crate::{AuditEntry, Store, StoreError};

/// Rows per multi-row INSERT: 18 columns × 1,000 rows stays under SQLite's bound
/// parameter limit, and measured here it is ~50× faster than a row at a time.
const CHUNK: usize = 1_000;

/// A unit (by database key) and a day: the identity of a report across revisions.
pub type ReportKey = (i64, Day);

/// A revision ready to be written.
#[derive(Debug, Clone)]
pub struct NewRevision {
    /// The unit's database key.
    pub unit_id: i64,
    /// The revision number decided by the domain.
    pub revision: u32,
    /// The report.
    pub report: DailyReport,
    /// Why it corrects the previous revision (corrections only).
    pub reason: Option<String>,
    /// How it came in.
    pub provenance: Provenance,
}

/// An open write transaction for reports. Dropping it without
/// [`ReportBatch::commit`] rolls everything back: an import is all or nothing.
pub struct ReportBatch {
    tx: BatchTx,
    recorded_at: String,
    written: usize,
}

/// Where a batch writes: a transaction of the shared statements, or, on
/// PostgreSQL, one on its own driver that writes with `COPY`.
enum BatchTx {
    Shared(Transaction<'static, Any>),
    Copy(crate::backend::CopyBatch),
}

/// How much the database holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredTotals {
    /// Units ever recorded.
    pub units: i64,
    /// Unit and day pairs with a report.
    pub reports: i64,
    /// Report revisions, corrections included.
    pub revisions: i64,
    /// Days of published figures.
    pub published_days: i64,
    /// Annotations.
    pub annotations: i64,
}

impl ReportBatch {
    /// Writes revisions, in chunks. Nothing is visible to others until commit.
    /// Takes the rows by value so their text moves into the statement uncopied.
    pub async fn insert(&mut self, rows: Vec<NewRevision>) -> Result<(), StoreError> {
        let tx = match &mut self.tx {
            BatchTx::Copy(copy) => {
                self.written += rows.len();
                return copy.insert(rows, &self.recorded_at).await;
            }
            BatchTx::Shared(tx) => tx,
        };
        let mut rows = rows.into_iter().peekable();
        // Consecutive rows are mostly of one day: format each day once.
        let mut day_text: Option<(Day, String)> = None;
        while rows.peek().is_some() {
            let chunk: Vec<NewRevision> = rows.by_ref().take(CHUNK).collect();
            let n = chunk.len();
            let mut q = Sql::new(
                "INSERT INTO report_revisions (unit_id, day, revision, new_confirmed, new_suspected, \
                 new_close_contacts, new_fever, closed_management, screening, disinfection, supplies, \
                 stability, publicity, reporter, remark, recorded_at, reason, channel, opened_at, \
                 fields_changed, backlog) ",
            );
            q.push_values(chunk, |mut b, row| {
                let r = row.report;
                let day = match &day_text {
                    Some((d, text)) if *d == r.day => text.clone(),
                    _ => {
                        let text = r.day.to_string();
                        day_text = Some((r.day, text.clone()));
                        text
                    }
                };
                b.push_bind(row.unit_id)
                    .push_bind(day)
                    .push_bind(i64::from(row.revision));
                for c in r.counts() {
                    b.push_bind(i64::from(c.get()));
                }
                for m in Measure::ALL {
                    b.push_bind(i64::from(r.measures.get(m)));
                }
                let backlog = i64::from(r.backlog.get());
                b.push_bind(r.reporter)
                    .push_bind(r.remark)
                    .push_bind(
                        row.provenance
                            .recorded_at
                            .map(encode_timestamp)
                            .unwrap_or_else(|| self.recorded_at.clone()),
                    )
                    .push_bind(row.reason)
                    .push_bind(row.provenance.channel.name())
                    .push_bind(row.provenance.opened_at.map(encode_timestamp))
                    .push_bind(row.provenance.fields_changed.map(i64::from))
                    .push_bind(backlog);
            });
            q.build(Backend::of(tx)).execute(&mut **tx).await?;
            self.written += n;
        }
        Ok(())
    }

    /// The latest revision of each of `keys` that has one, read inside this
    /// transaction so that the decision and the write see the same data.
    pub async fn latest_for(
        &mut self,
        keys: &[ReportKey],
    ) -> Result<HashMap<ReportKey, ReportRevision>, StoreError> {
        let tx = match &mut self.tx {
            BatchTx::Copy(copy) => return copy.latest_for(keys).await,
            BatchTx::Shared(tx) => tx,
        };
        latest_revisions(tx, keys).await
    }

    /// Appends audit entries inside this transaction: they commit with the reports.
    pub async fn audit(&mut self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        match &mut self.tx {
            BatchTx::Copy(copy) => copy.audit(entries).await,
            BatchTx::Shared(tx) => {
                for e in entries {
                    crate::audit::append(tx, e).await?;
                }
                Ok(())
            }
        }
    }

    /// Makes every written revision durable at once; returns how many there were.
    pub async fn commit(self) -> Result<usize, StoreError> {
        match self.tx {
            BatchTx::Copy(copy) => copy.commit().await?,
            BatchTx::Shared(tx) => tx.commit().await?,
        }
        Ok(self.written)
    }
}

/// The latest stored revision of each of `keys` that has one, read on `conn`
/// (inside the caller's transaction).
pub(crate) async fn latest_revisions(
    conn: &mut sqlx::AnyConnection,
    keys: &[ReportKey],
) -> Result<HashMap<ReportKey, ReportRevision>, StoreError> {
    let [head, unit_to, day_from, day_to, and_keys] = revisions_of_keys();
    let mut out = HashMap::with_capacity(keys.len());
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    for chunk in keys.chunks(CHUNK) {
        let (lo, hi) = unit_bounds(chunk);
        let (first, last) = day_bounds(chunk);
        let mut q = Sql::new(head.clone());
        q.push_bind(lo).push(&unit_to).push_bind(hi);
        q.push(&day_from)
            .push_bind(first)
            .push(&day_to)
            .push_bind(last);
        q.push(&and_keys);
        q.push_values(chunk, |mut b, (unit_id, day)| {
            b.push_bind(day.to_string()).push_bind(*unit_id);
        });
        q.push(")");
        let query = q.build(Backend::of(conn)).planned_each_time();
        for row in query.fetch_all(&mut *conn).await? {
            let revision = decode_revision(&row)?;
            keep_latest(
                &mut out,
                (row.get("unit_id"), revision.report.day),
                revision,
            );
        }
    }
    Ok(out)
}

/// The statement reading every revision of given (day, unit) keys: bound in
/// order the lowest and highest unit key and the first and last day (after
/// each of the first four parts), then the `VALUES` list of `(day, unit_id)`
/// pairs, then `)`. The caller keeps the latest of each key ([`keep_latest`]).
///
/// Why this shape: where reports are partitioned by unit (docs/scale.md), the
/// unit range lets the planner read only the partitions the keys fall in (a
/// province's file touches one), and the day range lets it read one day's
/// index where the keys are one day of many units (an import's chunk); a
/// correlated `MAX(revision)` would probe every partition for every key. The
/// unit's code is looked up per revision found, not joined: with a national
/// tree (726,000 units) the join was planned as a scan of every unit for
/// each list of keys.
pub(crate) fn revisions_of_keys() -> [String; 5] {
    let columns = REVISION_COLUMNS.replacen(
        "u.code",
        "(SELECT u.code FROM units u WHERE u.id = r.unit_id) AS code",
        1,
    );
    [
        format!("SELECT r.unit_id, {columns} FROM report_revisions r WHERE r.unit_id >= "),
        " AND r.unit_id <= ".into(),
        " AND r.day >= ".into(),
        " AND r.day <= ".into(),
        " AND (r.day, r.unit_id) IN (".into(),
    ]
}

/// Bounds on the unit keys of sorted `keys` for [`revisions_of_keys`]: the
/// lowest and highest where the keys are dense (an import's chunk: a few
/// units over many days, read as one short range of one partition); no bound
/// where they are spread (a filing group across a country, where a range from
/// the first to the last unit would read every report between them).
pub(crate) fn unit_bounds(keys: &[ReportKey]) -> (i64, i64) {
    match (keys.first(), keys.last()) {
        (Some((lo, _)), Some((hi, _))) if hi.saturating_sub(*lo) < keys.len() as i64 => (*lo, *hi),
        _ => (i64::MIN, i64::MAX),
    }
}

/// The first and last day of `keys`, as stored text (an empty range for none).
pub(crate) fn day_bounds(keys: &[ReportKey]) -> (String, String) {
    let first = keys.iter().map(|(_, d)| *d).min();
    let last = keys.iter().map(|(_, d)| *d).max();
    match (first, last) {
        (Some(a), Some(b)) => (a.to_string(), b.to_string()),
        _ => ("9999-12-31".into(), "0000-01-01".into()),
    }
}

/// Keeps `revision` of `key` in `latest` unless a later one is there.
pub(crate) fn keep_latest(
    latest: &mut HashMap<ReportKey, ReportRevision>,
    key: ReportKey,
    revision: ReportRevision,
) {
    match latest.get(&key) {
        Some(kept) if kept.revision >= revision.revision => {}
        _ => {
            latest.insert(key, revision);
        }
    }
}

pub(crate) const REVISION_COLUMNS: &str = "u.code, r.day, r.revision, r.new_confirmed, r.new_suspected, \
     r.new_close_contacts, r.new_fever, r.closed_management, r.screening, r.disinfection, \
     r.supplies, r.stability, r.publicity, r.reporter, r.remark, r.recorded_at, r.reason, r.backlog";

/// A revision's columns ([`REVISION_COLUMNS`]) as read, before checking.
pub(crate) struct RevisionRow {
    pub(crate) code: String,
    pub(crate) day: String,
    pub(crate) revision: i64,
    /// New confirmed, suspected, close contacts, fever.
    pub(crate) counts: [i64; 4],
    /// The six measures in [`Measure::ALL`] order, 0 or 1.
    pub(crate) measures: [i64; 6],
    pub(crate) reporter: String,
    pub(crate) remark: Option<String>,
    pub(crate) recorded_at: String,
    pub(crate) reason: Option<String>,
    pub(crate) backlog: i64,
}

/// Reads a [`RevisionRow`] from a row of either driver (the `Any` rows of
/// shared statements, PostgreSQL's own in its bulk import).
macro_rules! revision_row {
    ($row:expr) => {{
        let row = $row;
        crate::reports::RevisionRow {
            code: row.get("code"),
            day: row.get("day"),
            revision: row.get("revision"),
            counts: [
                row.get("new_confirmed"),
                row.get("new_suspected"),
                row.get("new_close_contacts"),
                row.get("new_fever"),
            ],
            measures: fangkong_domain::Measure::ALL.map(|m| row.get::<i64, _>(m.field())),
            reporter: row.get("reporter"),
            remark: row.get("remark"),
            recorded_at: row.get("recorded_at"),
            reason: row.get("reason"),
            backlog: row.get("backlog"),
        }
    }};
}
pub(crate) use revision_row;

pub(crate) fn decode_revision(row: &AnyRow) -> Result<ReportRevision, StoreError> {
    revision_row!(row).decode()
}

impl RevisionRow {
    /// The revision, every value checked.
    pub(crate) fn decode(self) -> Result<ReportRevision, StoreError> {
        let [c, s, k, f] = self.counts;
        let count = |n: i64, name: &str| -> Result<Count, StoreError> {
            Ok(Count::new(decode_count(n, name)?))
        };
        let mut measures = MeasuresInPlace::NONE;
        for (m, on) in Measure::ALL.into_iter().zip(self.measures) {
            measures = measures.with(m, on != 0);
        }
        let report = DailyReport {
            day: decode_day(&self.day)?,
            unit: decode_code(&self.code)?,
            new_confirmed: count(c, "new_confirmed")?,
            new_suspected: count(s, "new_suspected")?,
            new_close_contacts: count(k, "new_close_contacts")?,
            new_fever: count(f, "new_fever")?,
            measures,
            reporter: self.reporter,
            remark: self.remark,
            backlog: count(self.backlog, "backlog")?,
        };
        Ok(ReportRevision {
            revision: decode_count(self.revision, "revision")?,
            report,
            recorded_at: decode_timestamp(&self.recorded_at)?,
            reason: self.reason,
        })
    }
}

impl Store {
    /// Opens a write transaction for reports recorded at `at`.
    pub async fn begin_reports(&self, at: Timestamp) -> Result<ReportBatch, StoreError> {
        let tx = match &self.bulk {
            Some(pool) => BatchTx::Copy(crate::backend::CopyBatch::begin(pool).await?),
            None => BatchTx::Shared(self.begin_write().await?),
        };
        Ok(ReportBatch {
            tx,
            recorded_at: encode_timestamp(at),
            written: 0,
        })
    }

    /// The latest revision of every report from `from` to `to`, by unit key, for
    /// reading many days at once: SQLite packs each day's reports into one JSON
    /// array, since a row crossing from SQLite's thread to ours costs more than
    /// the row itself (29 days of Wuhan, 262,000 reports, in 29 rows). The reports'
    /// unit codes are taken from `codes`; reports of other units are skipped.
    pub async fn latest_reports_packed(
        &self,
        from: Day,
        to: Day,
        codes: &HashMap<i64, UnitCode>,
    ) -> Result<Vec<(i64, DailyReport)>, StoreError> {
        use futures_util::TryStreamExt;
        /// One report as packed: unit, revision, four counts, measure bits,
        /// reporter, remark, backlog.
        type Packed = (
            i64,
            u32,
            u32,
            u32,
            u32,
            u32,
            u8,
            String,
            Option<String>,
            u32,
        );
        let sql = format!(
            "SELECT day, {} AS reports \
             FROM report_revisions WHERE day >= $1 AND day <= $2 GROUP BY day ORDER BY day",
            self.backend.json_rows(
                "unit_id, revision, new_confirmed, new_suspected, new_close_contacts, new_fever, \
                 closed_management + 2 * screening + 4 * disinfection + 8 * supplies \
                 + 16 * stability + 32 * publicity, reporter, remark, backlog"
            )
        );
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch(&self.pool);
        let mut out = Vec::new();
        while let Some(row) = rows.try_next().await? {
            let day = decode_day(row.get("day"))?;
            let packed: Vec<Packed> = serde_json::from_str(row.get("reports"))
                .map_err(|e| StoreError::Corrupt(format!("reports of {day}: {e}")))?;
            // The latest revision of each unit's report of the day.
            let mut latest: HashMap<i64, Packed> = HashMap::with_capacity(packed.len());
            for p in packed {
                if codes.contains_key(&p.0) && latest.get(&p.0).is_none_or(|q| q.1 < p.1) {
                    latest.insert(p.0, p);
                }
            }
            for (id, (_, _, a, b, c, d, bits, reporter, remark, backlog)) in latest {
                let Some(code) = codes.get(&id) else { continue };
                out.push((
                    id,
                    DailyReport {
                        day,
                        unit: code.clone(),
                        new_confirmed: Count::new(a),
                        new_suspected: Count::new(b),
                        new_close_contacts: Count::new(c),
                        new_fever: Count::new(d),
                        measures: MeasuresInPlace::from_bits(bits),
                        reporter,
                        remark,
                        backlog: Count::new(backlog),
                    },
                ));
            }
        }
        Ok(out)
    }

    /// The new confirmed cases of the latest revision of every report from
    /// `from` to `to`, by day and unit key (packed by day, as
    /// [`Store::latest_reports_packed`]).
    pub async fn confirmed_counts(
        &self,
        from: Day,
        to: Day,
    ) -> Result<Vec<(Day, HashMap<i64, u32>)>, StoreError> {
        let sql = format!(
            "SELECT day, {} AS reports \
             FROM report_revisions WHERE day >= $1 AND day <= $2 GROUP BY day ORDER BY day",
            self.backend.json_rows("unit_id, revision, new_confirmed")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let day = decode_day(row.get("day"))?;
            let packed: Vec<(i64, u32, u32)> = serde_json::from_str(row.get("reports"))
                .map_err(|e| StoreError::Corrupt(format!("reports of {day}: {e}")))?;
            let mut latest: HashMap<i64, (u32, u32)> = HashMap::with_capacity(packed.len());
            for (unit, revision, confirmed) in packed {
                if latest.get(&unit).is_none_or(|l| l.0 < revision) {
                    latest.insert(unit, (revision, confirmed));
                }
            }
            out.push((day, latest.into_iter().map(|(u, (_, c))| (u, c)).collect()));
        }
        Ok(out)
    }

    /// The key of the last report revision written (0: none yet).
    pub async fn last_revision_key(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM report_revisions")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Every report revision written after the one keyed `after`, in the order
    /// written, with its key: what another process filed since this one last
    /// looked.
    pub async fn revisions_after(
        &self,
        after: i64,
    ) -> Result<Vec<(i64, ReportRevision)>, StoreError> {
        let sql = format!(
            "SELECT r.id, {REVISION_COLUMNS} FROM report_revisions r JOIN units u ON u.id = r.unit_id \
             WHERE r.id > $1 ORDER BY r.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.get("id"), decode_revision(row)?)))
            .collect()
    }

    /// The report revisions with these keys that exist now (those of `keys`
    /// still uncommitted or rolled back are absent), with their keys.
    pub async fn revisions_keyed(
        &self,
        keys: &[i64],
    ) -> Result<Vec<(i64, ReportRevision)>, StoreError> {
        let mut out = Vec::new();
        for chunk in keys.chunks(CHUNK) {
            let mut q = Sql::new(format!(
                "SELECT r.id, {REVISION_COLUMNS} FROM report_revisions r \
                 JOIN units u ON u.id = r.unit_id WHERE r.id IN ("
            ));
            let mut list = q.separated(", ");
            for key in chunk {
                list.push_bind(*key);
            }
            q.push(") ORDER BY r.id");
            for row in q.build(self.backend).fetch_all(&self.pool).await? {
                out.push((row.get("id"), decode_revision(&row)?));
            }
        }
        Ok(out)
    }

    /// The latest revision of each report of the units `ids` between `from` and
    /// `to` inclusive (in chunks, so any number of units fits SQLite's limits).
    pub async fn latest_reports_of(
        &self,
        ids: &[i64],
        from: Day,
        to: Day,
    ) -> Result<Vec<(i64, ReportRevision)>, StoreError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(30_000) {
            let mut q = Sql::new(format!(
                "SELECT r.unit_id, {REVISION_COLUMNS} FROM report_revisions r JOIN units u ON u.id = r.unit_id \
                 WHERE r.day >= "
            ));
            q.push_bind(from.to_string())
                .push(" AND r.day <= ")
                .push_bind(to.to_string())
                .push(" AND r.unit_id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(
                ") AND r.revision = (SELECT MAX(x.revision) FROM report_revisions x \
                 WHERE x.unit_id = r.unit_id AND x.day = r.day)",
            );
            for row in q.build(self.backend).fetch_all(&self.pool).await? {
                out.push((row.get("unit_id"), decode_revision(&row)?));
            }
        }
        Ok(out)
    }

    /// The latest revision of every report between `from` and `to` inclusive.
    pub async fn latest_reports(
        &self,
        from: Day,
        to: Day,
    ) -> Result<HashMap<ReportKey, ReportRevision>, StoreError> {
        let sql = format!(
            "SELECT r.unit_id, {REVISION_COLUMNS} FROM report_revisions r JOIN units u ON u.id = r.unit_id
             WHERE r.day >= $1 AND r.day <= $2 AND r.revision =
               (SELECT MAX(x.revision) FROM report_revisions x WHERE x.unit_id = r.unit_id AND x.day = r.day)"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut out = HashMap::with_capacity(rows.len());
        for row in rows {
            let revision = decode_revision(&row)?;
            keep_latest(
                &mut out,
                (row.get("unit_id"), revision.report.day),
                revision,
            );
        }
        Ok(out)
    }

    /// Every revision of one unit's report for one day, oldest first.
    pub async fn report_history(
        &self,
        unit: &UnitCode,
        day: Day,
    ) -> Result<Vec<ReportRevision>, StoreError> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM report_revisions r JOIN units u ON u.id = r.unit_id
             WHERE u.code = $1 AND r.day = $2 ORDER BY r.revision"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(unit.as_str())
            .bind(day.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(decode_revision)
            .collect()
    }

    /// How much the database holds.
    pub async fn totals(&self) -> Result<StoredTotals, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM units) AS units,
                    (SELECT COUNT(*) FROM report_revisions WHERE revision = 1) AS reports,
                    (SELECT COUNT(*) FROM report_revisions) AS revisions,
                    (SELECT COUNT(*) FROM published_figures) AS published_days,
                    (SELECT COUNT(*) FROM annotations) AS annotations",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(StoredTotals {
            units: row.get("units"),
            reports: row.get("reports"),
            revisions: row.get("revisions"),
            published_days: row.get("published_days"),
            annotations: row.get("annotations"),
        })
    }

    /// The keys of the units that have at least one stored report: an import
    /// checks a row against the store only if its unit is one of them and its
    /// day within [`Store::report_span`] (a province's first file into a
    /// national store checks nothing, rather than 2.3 million keys).
    pub async fn units_with_reports(&self) -> Result<HashSet<i64>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT unit_id FROM report_revisions")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| r.get::<i64, _>("unit_id")).collect())
    }

    /// The first and last day with any report, if there are reports.
    pub async fn report_span(&self) -> Result<Option<(Day, Day)>, StoreError> {
        let row = sqlx::query("SELECT MIN(day) AS first, MAX(day) AS last FROM report_revisions")
            .fetch_one(&self.pool)
            .await?;
        let first: Option<String> = row.get("first");
        let last: Option<String> = row.get("last");
        match (first, last) {
            (Some(f), Some(l)) => Ok(Some((decode_day(&f)?, decode_day(&l)?))),
            _ => Ok(None),
        }
    }
}

/// One report as the certification engine sees it: unit key, day, whether it has
/// an event (confirmed, suspected or close contact; fever does not count), and the
/// measures it attests as a bit set (bit i is `Measure::ALL[i]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportCell {
    /// The unit's database key.
    pub unit_id: i64,
    /// The day.
    pub day: Day,
    /// Whether the report has an event.
    pub event: bool,
    /// The six measures as bits.
    pub measures: u8,
}

/// A revision's cell as SQL: 1 (reported) + 2 (an event) + 4 × the six
/// measures as bits.
pub(crate) const CELL: &str = "(1 + CASE WHEN new_confirmed + new_suspected + new_close_contacts > 0 \
     THEN 2 ELSE 0 END + 4 * (closed_management + 2 * screening + 4 * disinfection \
     + 8 * supplies + 16 * stability + 32 * publicity))";

impl Store {
    /// Streams the reports' cells so that a consumer keeping the last one per
    /// unit and day keeps its latest revision: on SQLite once per unit and
    /// day, in day order; on PostgreSQL in the table's order, a unit's day
    /// again at each higher revision (`backend/copy_out.rs`). With `as_of`,
    /// only revisions recorded at or before that instant are seen: what the
    /// platform knew then.
    pub async fn for_each_report_cell(
        &self,
        as_of: Option<Timestamp>,
        mut f: impl FnMut(ReportCell),
    ) -> Result<(), StoreError> {
        use futures_util::TryStreamExt;
        // One row per day, its reports packed as `unit.revision.cell` by SQLite: a
        // row crosses from SQLite's thread to ours with a context switch, and 102
        // rows load in a third of the time of 922,000. The cell is 1 (reported)
        // + 2 (an event) + 4 × the six measures as bits.
        if let Some(bulk) = &self.bulk {
            return crate::backend::report_cells(bulk, as_of, f).await;
        }
        let sql = format!(
            "SELECT day, {} AS cells \
             FROM report_revisions WHERE $1 IS NULL OR recorded_at <= $1 \
             GROUP BY day ORDER BY day",
            self.backend.joined(
                &format!("unit_id || '.' || revision || '.' || {CELL}"),
                "','"
            )
        );
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(as_of.map(encode_timestamp))
            .fetch(&self.pool);
        let mut latest: HashMap<i64, (i64, i64)> = HashMap::new();
        while let Some(row) = rows.try_next().await? {
            let day = decode_day(row.get("day"))?;
            let cells: &str = row.get("cells");
            latest.clear();
            for entry in cells.split(',') {
                let mut parts = entry.split('.').map(str::parse::<i64>);
                let (Some(Ok(unit_id)), Some(Ok(revision)), Some(Ok(cell))) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return Err(StoreError::Corrupt(format!(
                        "report cell '{entry}' on {day}"
                    )));
                };
                // group_concat has no order: keep each unit's highest revision.
                let slot = latest.entry(unit_id).or_insert((revision, cell));
                if revision > slot.0 {
                    *slot = (revision, cell);
                }
            }
            for (&unit_id, &(_, cell)) in &latest {
                f(ReportCell {
                    unit_id,
                    day,
                    event: cell & 2 != 0,
                    measures: (cell >> 2) as u8,
                });
            }
        }
        Ok(())
    }
}

impl Store {
    /// The epidemic-free units of one day computed the straightforward way, in one
    /// SQL query (a recursive subtree closure, a count of clean days per reporting
    /// unit, measures of the day). Not used to answer users: it is the reference the
    /// engine is checked against on real data, and the baseline its speed is
    /// compared with. Considers the current tree (units with dated versions are
    /// taken at their latest version) and the latest revision of each report.
    pub async fn epidemic_free_by_sql(
        &self,
        day: Day,
        window_days: u32,
    ) -> Result<Vec<(String, bool)>, StoreError> {
        let first = day.plus_days(1 - window_days as i32).unwrap_or(day);
        // MATERIALIZED: each part is computed once, not once per row that uses it.
        let rows = sqlx::query(
            "WITH RECURSIVE
              cur AS MATERIALIZED (
                SELECT u.id, u.code, v.parent_code FROM units u JOIN unit_versions v ON v.unit_id = u.id
                WHERE v.retired = 0 AND NOT EXISTS (
                  SELECT 1 FROM unit_versions w WHERE w.unit_id = v.unit_id
                    AND COALESCE(w.valid_from, '') > COALESCE(v.valid_from, ''))
              ),
              latest AS MATERIALIZED (
                SELECT r.unit_id, r.day, r.new_confirmed + r.new_suspected + r.new_close_contacts AS events,
                       CASE WHEN r.closed_management = 1 AND r.screening = 1 AND r.disinfection = 1
                            AND r.supplies = 1 AND r.stability = 1 AND r.publicity = 1 THEN 1 ELSE 0 END AS measures
                FROM report_revisions r
                WHERE r.day >= $1 AND r.day <= $2 AND NOT EXISTS (
                  SELECT 1 FROM report_revisions x WHERE x.day = r.day AND x.unit_id = r.unit_id AND x.revision > r.revision)
              ),
              leaf_ok AS MATERIALIZED (
                SELECT l.code,
                  CASE WHEN COALESCE(SUM(CASE WHEN r.events = 0 THEN 1 ELSE 0 END), 0) = $3
                        AND COALESCE(MAX(CASE WHEN r.day = $2 AND r.measures = 1 THEN 1 ELSE 0 END), 0) = 1
                       THEN 1 ELSE 0 END AS ok
                FROM cur l LEFT JOIN latest r ON r.unit_id = l.id
                WHERE NOT EXISTS (SELECT 1 FROM cur k WHERE k.parent_code = l.code)
                GROUP BY l.code
              ),
              anc(unit_code, leaf_code) AS (
                SELECT code, code FROM leaf_ok
                UNION ALL
                SELECT c.parent_code, a.leaf_code FROM anc a JOIN cur c ON c.code = a.unit_code
                WHERE c.parent_code IN (SELECT code FROM cur)
              )
             SELECT a.unit_code AS code, MIN(o.ok) AS free FROM anc a JOIN leaf_ok o ON o.code = a.leaf_code
             GROUP BY a.unit_code ORDER BY a.unit_code",
        )
        .bind(first.to_string())
        .bind(day.to_string())
        .bind(i64::from(window_days))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("code"), crate::codec::flag(r, "free")))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("day")
    }

    #[test]
    fn dense_keys_are_bounded_and_spread_keys_are_not() {
        let a = day("2020-02-01");
        let b = day("2020-02-02");
        let dense = [(7, a), (7, b), (8, a), (8, b)];
        assert_eq!(unit_bounds(&dense), (7, 8));
        let spread = [(7, a), (700_000, a)];
        assert_eq!(unit_bounds(&spread), (i64::MIN, i64::MAX));
        assert_eq!(unit_bounds(&[]), (i64::MIN, i64::MAX));
        assert_eq!(unit_bounds(&[(5, a)]), (5, 5));
    }

    #[test]
    fn day_bounds_span_the_keys_and_none_is_empty() {
        let keys = [(9, day("2020-02-03")), (1, day("2020-01-20"))];
        assert_eq!(
            day_bounds(&keys),
            ("2020-01-20".to_string(), "2020-02-03".to_string())
        );
        let (first, last) = day_bounds(&[]);
        assert!(first > last);
    }
}
