//! The two databases a store runs on, and the only place where their SQL
//! differs. Every other module writes statements in the subset SQLite and
//! PostgreSQL share (`$n` placeholders, BIGINT and TEXT values) and runs them
//! through sqlx's `Any` driver; what cannot be shared (connecting, the schema's
//! migrations, aggregation into JSON, the readiness probe, backups) is asked
//! of the backend here.

mod copy_in;
mod copy_out;
mod postgres;
mod sqlite;

pub use copy_in::CopyBatch;
pub(crate) use copy_out::report_cells;
pub use postgres::ReportNotices;

use std::fmt;
use std::path::PathBuf;

use sqlx::AnyPool;

use crate::StoreError;

/// Which database engine holds the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file (or a private in-memory database), embedded.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// What a column holds, as both backends store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    /// BIGINT (SQLite INTEGER).
    Integer,
    /// DOUBLE PRECISION (SQLite REAL).
    Real,
    /// TEXT.
    Text,
}

/// Where a store lives, as the user names it: a `postgres://` (or
/// `postgresql://`) URL, else a SQLite file path.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Location {
    /// Reads `--db` or `FANGKONG_DB`.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            Location::Sqlite(PathBuf::from(
                text.strip_prefix("sqlite://").unwrap_or(text),
            ))
        }
    }

    /// The backend this location is on.
    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Shown without a password, should the URL carry one.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => match url.split_once('@') {
                Some((before, after)) => match before.rsplit_once(':') {
                    Some((user, _)) if user.contains("//") && !user.ends_with('/') => {
                        write!(f, "{user}:***@{after}")
                    }
                    _ => write!(f, "{url}"),
                },
                None => write!(f, "{url}"),
            },
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

/// Opens a pool on `location` and brings its schema up to date.
pub(crate) async fn open(location: &Location) -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    match location {
        Location::Sqlite(path) => sqlite::open(path).await,
        Location::Postgres(url) => postgres::open(url).await,
    }
}

/// Opens a pool on a read-only copy of the database at `location` (a
/// PostgreSQL hot standby), without migrating it.
pub(crate) async fn open_replica(location: &Location) -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    match location {
        Location::Sqlite(_) => Err(StoreError::Unsupported(
            "a replica is a PostgreSQL hot standby; a SQLite file has none",
        )),
        Location::Postgres(url) => postgres::open_replica(url).await,
    }
}

/// Removes everything the store holds at `location`, schema included, so that
/// the next open starts afresh: the SQLite file and its journals, or every
/// table of the PostgreSQL database's schema.
pub(crate) async fn erase(location: &Location) -> Result<(), StoreError> {
    sqlx::any::install_default_drivers();
    match location {
        Location::Sqlite(path) => sqlite::erase(path),
        Location::Postgres(url) => postgres::erase(url).await,
    }
}

/// Notices of new report revisions on `location`: PostgreSQL only (a SQLite
/// file is served by one process).
pub(crate) async fn report_notices(
    location: &Location,
) -> Result<Option<ReportNotices>, StoreError> {
    match location {
        Location::Sqlite(_) => Ok(None),
        Location::Postgres(url) => Ok(Some(ReportNotices::listen(url).await?)),
    }
}

/// A pool on PostgreSQL's own driver for bulk imports (`COPY`), connected on
/// first use; none on SQLite.
pub(crate) fn bulk_pool(location: &Location) -> Result<Option<sqlx::PgPool>, StoreError> {
    match location {
        Location::Sqlite(_) => Ok(None),
        Location::Postgres(url) => Ok(Some(
            sqlx::postgres::PgPoolOptions::new()
                .max_connections(2)
                .connect_lazy(url)?,
        )),
    }
}

/// A private in-memory SQLite database.
pub(crate) async fn open_in_memory() -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    sqlite::open_in_memory().await
}

impl Backend {
    /// The backend a connection (or a transaction, through its connection) is on.
    pub(crate) fn of(conn: &sqlx::AnyConnection) -> Backend {
        if conn.backend_name() == "PostgreSQL" {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// An aggregate packing the rows of a group into one JSON array of arrays
    /// of `columns` (comma-separated expressions), as text.
    pub(crate) fn json_rows(self, columns: &str) -> String {
        match self {
            Backend::Sqlite => format!("json_group_array(json_array({columns}))"),
            Backend::Postgres => format!("json_agg(json_build_array({columns}))::text"),
        }
    }

    /// An aggregate joining the text `expr` of a group's rows with `separator`
    /// (a SQL string literal).
    pub(crate) fn joined(self, expr: &str, separator: &str) -> String {
        match self {
            Backend::Sqlite => format!("group_concat({expr}, {separator})"),
            Backend::Postgres => format!("string_agg({expr}, {separator})"),
        }
    }

    /// Whether the database takes a write now: SQLite's write lock, within a
    /// second, or a PostgreSQL server that is a primary and not read-only.
    pub(crate) async fn can_write(self, pool: &AnyPool) -> Result<(), StoreError> {
        match self {
            Backend::Sqlite => sqlite::can_write(pool).await,
            Backend::Postgres => postgres::can_write(pool).await,
        }
    }

    /// Whether the database answers a read now (a replica's readiness).
    pub(crate) async fn can_read(self, pool: &AnyPool) -> Result<(), StoreError> {
        match self {
            Backend::Sqlite => {
                let _: i64 = sqlx::query_scalar("SELECT 1").fetch_one(pool).await?;
                Ok(())
            }
            Backend::Postgres => postgres::can_read(pool).await,
        }
    }

    /// The statement that begins a transaction that will write.
    pub(crate) fn begin_write(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// The statement that begins a read-only transaction seeing one snapshot
    /// of the whole database, however long it reads.
    pub(crate) fn snapshot(self) -> &'static str {
        match self {
            // A read transaction in WAL mode sees the database as of its first read.
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }

    /// The columns of `table`, in order, with the kind of value each holds.
    pub(crate) async fn columns(
        self,
        pool: &AnyPool,
        table: &str,
    ) -> Result<Vec<(String, ColumnKind)>, StoreError> {
        let rows: Vec<(String, String)> = match self {
            Backend::Sqlite => {
                sqlx::query_as("SELECT name, type FROM pragma_table_info($1) ORDER BY cid")
                    .bind(table)
                    .fetch_all(pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::query_as(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                )
                .bind(table)
                .fetch_all(pool)
                .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|(name, ty)| {
                let ty = ty.to_ascii_lowercase();
                let kind = if ty.contains("int") {
                    ColumnKind::Integer
                } else if ty.contains("real") || ty.contains("double") || ty.contains("float") {
                    ColumnKind::Real
                } else {
                    ColumnKind::Text
                };
                (name, kind)
            })
            .collect())
    }

    /// Moves each key sequence of `tables` past the largest key copied in, so
    /// that the next row added gets a fresh key (SQLite takes the largest key
    /// plus one by itself).
    pub(crate) async fn after_copy(
        self,
        conn: &mut sqlx::AnyConnection,
        tables: &[&str],
    ) -> Result<(), StoreError> {
        if self == Backend::Sqlite {
            return Ok(());
        }
        for table in tables {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)::text"
            );
            let _: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// The names of the schema's tables (migration bookkeeping left out), in order.
    pub(crate) async fn tables(self, pool: &AnyPool) -> Result<Vec<String>, StoreError> {
        let sql = match self {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> '_sqlx_migrations' ORDER BY table_name COLLATE \"C\""
            }
        };
        Ok(sqlx::query_scalar(sql).fetch_all(pool).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_a_url_or_a_path_and_shows_no_password() {
        let pg = Location::parse("postgres://fk:secret@db.example:5432/fangkong");
        assert_eq!(pg.backend(), Backend::Postgres);
        assert_eq!(pg.to_string(), "postgres://fk:***@db.example:5432/fangkong");
        let plain = Location::parse("postgresql://fk@db.example/fangkong");
        assert_eq!(plain.to_string(), "postgresql://fk@db.example/fangkong");
        let file = Location::parse("sqlite://data/fangkong.db");
        assert_eq!(file, Location::Sqlite(PathBuf::from("data/fangkong.db")));
        assert_eq!(Location::parse("my.db").backend(), Backend::Sqlite);
    }
}
