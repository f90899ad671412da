//! PostgreSQL: a server the store shares with other processes.

use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};

use crate::StoreError;

/// Connections per process: the server's default allows 100 in all, and a
/// fangkong process is one of several clients.
const MAX_CONNECTIONS: u32 = 16;

/// Connects to the database at `url`, creating it first if the server does
/// not have it (as a SQLite file is created), and brings its schema up to date.
pub(super) async fn open(url: &str) -> Result<AnyPool, StoreError> {
    let options: AnyConnectOptions = url.parse()?;
    let pool = match pool(&options).await {
        Err(e) if is_missing_database(&e) => {
            create_database(&options).await?;
            pool(&options).await?
        }
        other => other?,
    };
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(pool)
}

/// Opens a pool on a read-only copy of a database (a hot standby): nothing
/// is created or migrated (a standby takes no write); the copy's schema must
/// be the one this build migrates to, else the server would read columns
/// that are not there.
pub(super) async fn open_replica(url: &str) -> Result<AnyPool, StoreError> {
    let options: AnyConnectOptions = url.parse()?;
    let pool = pool(&options).await?;
    let migrator = sqlx::migrate!("./migrations/postgres");
    let wanted = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&pool)
            .await
            .map_err(|e| {
                StoreError::Conflict(format!(
                    "the replica holds no fangkong schema (migrate the primary first): {e}"
                ))
            })?;
    if applied != Some(wanted) {
        return Err(StoreError::Conflict(format!(
            "the replica's schema is at migration {}, this build needs {wanted}: \
             run the new build on the primary first",
            applied.unwrap_or(0)
        )));
    }
    Ok(pool)
}

/// The server answers a read (a replica's readiness).
pub(super) async fn can_read(pool: &AnyPool) -> Result<(), StoreError> {
    let _: i32 = sqlx::query_scalar("SELECT 1").fetch_one(pool).await?;
    Ok(())
}

async fn pool(options: &AnyConnectOptions) -> Result<AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.clone())
        .await
}

/// The server's answer when the URL names a database it does not have.
fn is_missing_database(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("3D000"))
}

/// Creates the database `options` names, through the server's maintenance
/// database `postgres`. Another process creating it at the same moment is not
/// an error.
async fn create_database(options: &AnyConnectOptions) -> Result<(), StoreError> {
    let name = options
        .database_url
        .path()
        .trim_start_matches('/')
        .to_string();
    if name.is_empty() {
        return Err(StoreError::Corrupt(
            "the PostgreSQL URL names no database".into(),
        ));
    }
    let mut maintenance = options.clone();
    maintenance.database_url.set_path("/postgres");
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect_with(maintenance)
        .await?;
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    let created = sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {quoted}")))
        .execute(&pool)
        .await;
    pool.close().await;
    match created {
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("42P04") => Ok(()),
        other => {
            other?;
            Ok(())
        }
    }
}

/// Drops every table of the current schema and fangkong's functions, in
/// one transaction.
pub(super) async fn erase(url: &str) -> Result<(), StoreError> {
    let options: AnyConnectOptions = url.parse()?;
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let mut tx = pool.begin().await?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT quote_ident(table_name)::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut *tx)
    .await?;
    if !tables.is_empty() {
        let sql = format!("DROP TABLE {} CASCADE", tables.join(", "));
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    // Every trigger function the migrations made (each named fangkong_…,
    // none with arguments), found rather than listed: a list missed the one
    // a later migration added, and the migrations then failed on it.
    let functions: Vec<String> = sqlx::query_scalar(
        "SELECT quote_ident(p.proname)::text FROM pg_proc p \
         JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = current_schema() AND p.proname LIKE 'fangkong\\_%'",
    )
    .fetch_all(&mut *tx)
    .await?;
    for function in functions {
        let sql = format!("DROP FUNCTION IF EXISTS {function}() CASCADE");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    pool.close().await;
    Ok(())
}

/// The server is a primary (not a standby in recovery) and takes writes.
pub(super) async fn can_write(pool: &AnyPool) -> Result<(), StoreError> {
    let read_only: bool = sqlx::query_scalar(
        "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'",
    )
    .fetch_one(pool)
    .await?;
    if read_only {
        Err(StoreError::Conflict(
            "the database is read-only (a standby)".into(),
        ))
    } else {
        Ok(())
    }
}

/// The channel every commit that adds report revisions notifies.
const REPORTS_CHANNEL: &str = "fangkong_reports";

/// Notices of new report revisions, from other processes and this one.
pub struct ReportNotices {
    listener: sqlx::postgres::PgListener,
}

impl ReportNotices {
    /// Listens on the database at `url`.
    pub(super) async fn listen(url: &str) -> Result<ReportNotices, StoreError> {
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen(REPORTS_CHANNEL).await?;
        Ok(ReportNotices { listener })
    }

    /// Waits for the next notice, at most `wait`; true if one came. A lost
    /// connection is made again (notices sent meanwhile are lost, which is
    /// why the caller also looks for new revisions when none came).
    pub async fn next(&mut self, wait: Duration) -> Result<bool, StoreError> {
        match tokio::time::timeout(wait, self.listener.recv()).await {
            Ok(Ok(_)) => Ok(true),
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Ok(false),
        }
    }

    /// Forgets the notices already received: one look at the new revisions
    /// answers them all.
    pub fn drain(&mut self) {
        while self.listener.next_buffered().is_some() {}
    }
}
