//! The two databases a store runs on, and the only place where their SQL
//! differs. Every other module writes statements in the subset SQLite and
//! PostgreSQL share (`$n` placeholders, BIGINT and TEXT values) and runs them
//! through sqlx's `Any` driver; what cannot be shared (connecting, the schema's
//! migrations, aggregation into JSON, the readiness probe, backups) is asked
//! of the backend here.

mod postgres;
mod sqlite;

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

/// A private in-memory SQLite database.
pub(crate) async fn open_in_memory() -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    sqlite::open_in_memory().await
}

impl Backend {
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
