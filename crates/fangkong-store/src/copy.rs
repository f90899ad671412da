//! `Store::copy_into`: everything one store holds (units with their history,
//! report revisions, audit, accounts, sessions, appeals, registry…) copied into
//! an empty store, SQLite to PostgreSQL or back. Keys are kept, so every
//! reference holds; the copy is one transaction, so it is all or nothing; and
//! it is verified afterwards by the row count and a checksum of every table on
//! both sides.

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Backend;
use crate::backend::ColumnKind;
use crate::sql::Sql;
use crate::{Store, StoreError};

/// Every table, in an order its references allow, with the columns that order
/// its rows and the column (if any) that refers to its own table: that one is
/// set once the whole table is in, since a row may point at a later one.
const TABLES: [(&str, &str, Option<&str>); 34] = [
    ("units", "id", None),
    ("unit_versions", "id", None),
    ("report_revisions", "id", None),
    ("published_figures", "unit_id, day", None),
    ("annotations", "id", None),
    ("address_events", "day, unit_id", None),
    ("users", "id", None),
    ("sessions", "token_hash", None),
    ("api_tokens", "token_hash", None),
    ("audit_log", "id", None),
    ("settings", "key", None),
    ("persons", "id", Some("merged_into")),
    ("facilities", "id", None),
    ("person_steps", "id", None),
    ("followups", "person_id", None),
    ("checkins", "id", None),
    ("appeals", "id", Some("duplicate_of")),
    ("appeal_changes", "id", None),
    ("appeal_posts", "appeal_id", None),
    ("alert_notes", "id", None),
    ("disputes", "id", None),
    ("dispute_parties", "id", None),
    ("dispute_steps", "id", None),
    ("login_failures", "key", None),
    ("staff", "id", None),
    ("staff_away", "staff_id, day", None),
    ("staff_postings", "id", None),
    ("duties", "day, staff_id", None),
    ("care_records", "id", None),
    ("outbox", "id", None),
    ("inspectors", "id", None),
    ("inspections", "id", None),
    ("signing_keys", "kid", None),
    ("passes", "issued_at, id", None),
];

/// Bound values per INSERT: under SQLite's limit of 32,766 (PostgreSQL's is 65,535).
const VALUES_PER_INSERT: usize = 30_000;

/// One table as copied: its rows and the checksum of their contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDigest {
    /// The table.
    pub table: String,
    /// Its rows.
    pub rows: u64,
    /// SHA-256 of every row's values in key order, in hex.
    pub sha256: String,
}

/// A value read from one backend, to be written to the other.
enum Cell {
    Null(ColumnKind),
    Integer(i64),
    Real(f64),
    Text(String),
}

impl Cell {
    fn read(row: &AnyRow, i: usize, kind: ColumnKind) -> Result<Cell, sqlx::Error> {
        Ok(match kind {
            ColumnKind::Integer => row
                .try_get::<Option<i64>, _>(i)?
                .map_or(Cell::Null(kind), Cell::Integer),
            ColumnKind::Real => row
                .try_get::<Option<f64>, _>(i)?
                .map_or(Cell::Null(kind), Cell::Real),
            ColumnKind::Text => row
                .try_get::<Option<String>, _>(i)?
                .map_or(Cell::Null(kind), Cell::Text),
        })
    }

    fn bind(self, sql: &mut crate::sql::Separated<'_>) {
        match self {
            Cell::Null(ColumnKind::Integer) => sql.push_bind(None::<i64>),
            Cell::Null(ColumnKind::Real) => sql.push_bind(None::<f64>),
            Cell::Null(ColumnKind::Text) => sql.push_bind(None::<String>),
            Cell::Integer(v) => sql.push_bind(v),
            Cell::Real(v) => sql.push_bind(v),
            Cell::Text(v) => sql.push_bind(v),
        };
    }

    /// Feeds the value, tagged by kind, into a checksum.
    fn digest(&self, hash: &mut Sha256) {
        match self {
            Cell::Null(_) => hash.update([0]),
            Cell::Integer(v) => {
                hash.update([1]);
                hash.update(v.to_le_bytes());
            }
            Cell::Real(v) => {
                hash.update([2]);
                hash.update(v.to_bits().to_le_bytes());
            }
            Cell::Text(v) => {
                hash.update([3]);
                hash.update((v.len() as u64).to_le_bytes());
                hash.update(v.as_bytes());
            }
        }
    }
}

impl Store {
    /// Copies everything this store holds into `target`, which must hold
    /// nothing, in one transaction there; `progress` is told each table's name
    /// and the rows copied so far. Returns the digest of every table, which
    /// [`Store::digests`] on `target` must then match.
    pub async fn copy_into(
        &self,
        target: &Store,
        mut progress: impl FnMut(&str, u64),
    ) -> Result<Vec<TableDigest>, StoreError> {
        self.check_tables().await?;
        for (table, rows) in target.table_counts().await? {
            if rows > 0 && table != crate::data_version::TABLE {
                return Err(StoreError::Conflict(format!(
                    "the target already holds data ({table}: {rows} rows); copy into an empty database"
                )));
            }
        }
        // One snapshot of the source for every table.
        let mut source = self.pool.begin_with(self.backend.snapshot()).await?;
        let mut tx = target.begin_write().await?;
        let mut digests = Vec::with_capacity(TABLES.len());
        for (table, key, self_reference) in TABLES {
            let columns = self.backend.columns(&self.pool, table).await?;
            let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
            let per_insert = (VALUES_PER_INSERT / names.len().max(1)).max(1);
            let select = format!("SELECT {} FROM {table} ORDER BY {key}", names.join(", "));
            let insert = format!("INSERT INTO {table} ({}) ", names.join(", "));
            let pointer = self_reference.and_then(|c| names.iter().position(|n| *n == c));
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(select)).fetch(&mut *source);
            let mut hash = Sha256::new();
            let mut batch: Vec<Vec<Cell>> = Vec::with_capacity(per_insert);
            let mut pointers: Vec<(i64, i64)> = Vec::new();
            let mut copied = 0_u64;
            while let Some(row) = rows.try_next().await? {
                let mut cells = Vec::with_capacity(columns.len());
                for (i, (_, kind)) in columns.iter().enumerate() {
                    let cell = Cell::read(&row, i, *kind)?;
                    cell.digest(&mut hash);
                    cells.push(cell);
                }
                if let Some(p) = pointer {
                    if let (Cell::Integer(id), Cell::Integer(to)) = (&cells[0], &cells[p]) {
                        pointers.push((*id, *to));
                    }
                    cells[p] = Cell::Null(ColumnKind::Integer);
                }
                batch.push(cells);
                if batch.len() == per_insert {
                    copied += batch.len() as u64;
                    write(&mut tx, &insert, std::mem::take(&mut batch)).await?;
                    progress(table, copied);
                }
            }
            drop(rows);
            copied += batch.len() as u64;
            write(&mut tx, &insert, batch).await?;
            if let Some(column) = self_reference {
                let update = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
                for (id, to) in pointers {
                    sqlx::query(sqlx::AssertSqlSafe(update.clone()))
                        .bind(to)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            progress(table, copied);
            digests.push(TableDigest {
                table: table.to_string(),
                rows: copied,
                sha256: hex(&hash.finalize()),
            });
        }
        let keyed: Vec<&str> = TABLES
            .iter()
            .filter(|(_, key, _)| *key == "id")
            .map(|(t, _, _)| *t)
            .collect();
        target.backend.after_copy(&mut tx, &keyed).await?;
        tx.commit().await?;
        source.rollback().await?;
        Ok(digests)
    }

    /// The digest of every table: its rows and the checksum of their values
    /// in key order, as [`Store::copy_into`] computes them.
    pub async fn digests(&self) -> Result<Vec<TableDigest>, StoreError> {
        self.check_tables().await?;
        let mut out = Vec::with_capacity(TABLES.len());
        for (table, key, _) in TABLES {
            let columns = self.backend.columns(&self.pool, table).await?;
            let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
            let select = format!("SELECT {} FROM {table} ORDER BY {key}", names.join(", "));
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(select)).fetch(&self.pool);
            let mut hash = Sha256::new();
            let mut count = 0_u64;
            while let Some(row) = rows.try_next().await? {
                for (i, (_, kind)) in columns.iter().enumerate() {
                    Cell::read(&row, i, *kind)?.digest(&mut hash);
                }
                count += 1;
            }
            out.push(TableDigest {
                table: table.to_string(),
                rows: count,
                sha256: hex(&hash.finalize()),
            });
        }
        Ok(out)
    }

    /// The schema holds exactly the tables the copy knows: a table added by a
    /// later migration and not listed here would otherwise be left behind.
    async fn check_tables(&self) -> Result<(), StoreError> {
        let mut known: Vec<&str> = TABLES.iter().map(|(t, _, _)| *t).collect();
        known.sort_unstable();
        let mut found = self.backend.tables(&self.pool).await?;
        // Cache bookkeeping, not data (crate::data_version): each store keeps its own.
        found.retain(|t| t != crate::data_version::TABLE);
        found.sort_unstable();
        if found != known {
            return Err(StoreError::Corrupt(format!(
                "the schema's tables {found:?} are not the ones the copy knows {known:?}"
            )));
        }
        Ok(())
    }
}

/// Inserts `rows` (all of one table) in one statement.
async fn write(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    insert: &str,
    rows: Vec<Vec<Cell>>,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = Sql::new(insert);
    q.push_values(rows, |mut b, cells| {
        for cell in cells {
            cell.bind(&mut b);
        }
    });
    q.build(Backend::of(tx)).execute(&mut **tx).await?;
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
