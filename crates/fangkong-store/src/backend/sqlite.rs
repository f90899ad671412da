//! SQLite: one file in WAL mode with `synchronous = FULL`, so that a write that
//! was acknowledged survives a crash or a power cut.

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::StoreError;

/// How long a connection waits for another's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Set on every connection as it opens. 64 MiB of page cache per connection
/// (the default is 2 MiB): a season's import touches index pages all over the
/// file, and a small cache spills dirty pages to the WAL again and again inside
/// one transaction. FULL, not NORMAL: in WAL mode NORMAL can lose the last
/// commits on power loss.
const PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
    PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = memory; \
    PRAGMA busy_timeout = 10000;";

/// Opens (creating if needed) the database file at `path`.
pub(super) async fn open(path: &Path) -> Result<AnyPool, StoreError> {
    // An absolute path, so that the URL sqlx's `Any` driver is given cannot
    // read a relative path's first folder as a host name.
    let path = std::path::absolute(path)
        .map_err(|e| StoreError::Corrupt(format!("{}: {e}", path.display())))?;
    let url = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .to_url_lossy();
    connect(AnyConnectOptions::from_url(&url)?, 4, PRAGMAS).await
}

/// Removes the database file and its write-ahead log.
pub(super) fn erase(path: &Path) -> Result<(), StoreError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::Corrupt(format!("{}: {e}", path.display()))),
        }
    }
    Ok(())
}

/// A private in-memory database: one connection, so every statement sees the
/// same data.
pub(super) async fn open_in_memory() -> Result<AnyPool, StoreError> {
    let options: AnyConnectOptions = "sqlite::memory:".parse()?;
    connect(options, 1, "PRAGMA foreign_keys = ON;").await
}

async fn connect(
    options: AnyConnectOptions,
    max: u32,
    pragmas: &'static str,
) -> Result<AnyPool, StoreError> {
    let pool = AnyPoolOptions::new()
        .max_connections(max)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                conn.execute(pragmas).await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// A write transaction begun and rolled back, waiting at most a second for the
/// write lock (a writer may hold it that long in a busy moment).
pub(super) async fn can_write(pool: &AnyPool) -> Result<(), StoreError> {
    let mut conn = pool.acquire().await?;
    conn.execute("PRAGMA busy_timeout = 1000").await?;
    let tried = async {
        conn.execute("BEGIN IMMEDIATE").await?;
        conn.execute("ROLLBACK").await
    }
    .await;
    // Back to the pool's wait.
    let restore = format!("PRAGMA busy_timeout = {}", BUSY_TIMEOUT.as_millis());
    conn.execute(sqlx::AssertSqlSafe(restore)).await?;
    tried?;
    Ok(())
}
