//! PostgreSQL: a server the store shares with other processes.

use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};

use crate::StoreError;

/// Connections per process: the server's default allows 100 in all, and a
/// fangkong process is one of several clients.
const MAX_CONNECTIONS: u32 = 16;

/// Connects to the database at `url` and brings its schema up to date.
pub(super) async fn open(url: &str) -> Result<AnyPool, StoreError> {
    let options: AnyConnectOptions = url.parse()?;
    let pool = AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(pool)
}

/// Drops every table of the current schema and the schema's function, in
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
    sqlx::query("DROP FUNCTION IF EXISTS fangkong_append_only() CASCADE")
        .execute(&mut *tx)
        .await?;
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
