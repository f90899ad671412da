//! fangkong's storage layer: the schema, its migrations and every query.
//!
//! The embedded default is one SQLite file in WAL mode with `synchronous = FULL`, so
//! a write that was acknowledged survives a crash or a power cut. SQL is written in
//! the subset SQLite and PostgreSQL share, with `$n` placeholders, so the PostgreSQL
//! backend can run the same statements on the same schema. The store converts rows
//! to domain types and back; it holds no rules of its own.
#![forbid(unsafe_code)]

mod accounts;
mod address_events;
mod alert_notes;
mod alerts;
mod appeal_life;
mod appeals;
mod appeals_intake;
mod arrivals;
mod audit;
mod backup;
mod codec;
mod compliance;
mod disputes;
mod engine;
mod error;
mod facilities;
mod filing;
mod followup;
mod keys;
mod logins;
mod people;
mod provenance;
mod published;
mod registry;
mod registry_change;
mod registry_figures;
mod reports;
mod secret;
pub mod series;
mod sessions;
mod settings;
pub mod truth;
mod units;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use accounts::{Account, NewAccount};
pub use alert_notes::AlertNote;
pub use alerts::{AlertNoteError, RaisedAlert, Why, WhyValue};
pub use appeal_life::AppealChangeError;
pub use appeals::{DuplicateOf, NewAppeal, StoredAppeal};
pub use appeals_intake::{AppealInput, DUPLICATE_WINDOW, Outcome as IntakeOutcome, TakenIn};
pub use arrivals::StoredForm;
pub use audit::{AuditEntry, AuditFilter, Outcome};
pub use backup::TableCounts;
pub use codec::{decode_timestamp, encode_timestamp};
pub use compliance::{ComplianceReport, Gap, UnitCompliance};
pub use disputes::{DisputeStepError, NewDispute, Party, StoredDispute};
pub use engine::{Loaded, load_engine};
pub use error::StoreError;
pub use facilities::StoredFacility;
pub use filing::{Filed, Filing, Together, revision_entry};
pub use followup::{FollowUps, OpenFollowUp};
pub use keys::TreeKeys;
pub use people::{PeopleSearch, PersonRow};
pub use provenance::{Channel, Provenance};
pub use registry::{Match, NewPerson, NewStep, StoredPerson};
pub use registry_change::{FlowOf, Item, PersonInput, Refusal, RegistryChange, StepInput};
pub use registry_figures::LiveFigures;
pub use reports::{NewRevision, ReportBatch, ReportCell, ReportKey, StoredTotals};
pub use secret::{new_appeal_reference, new_reference, random_token, token_hash as sha256_hex};
pub use sessions::{NewSession, Session};
pub use units::StoredUnits;

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// How long a connection waits for another's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl Store {
    /// Opens (creating if needed) the SQLite database at `path` and brings its schema
    /// up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on power loss.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // 64 MiB of page cache per connection (the default is 2 MiB): a season's
            // import touches index pages all over the file, and a small cache spills
            // dirty pages to the WAL again and again inside one transaction.
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            .busy_timeout(BUSY_TIMEOUT);
        Self::connect(options, 4).await
    }

    /// Opens a private in-memory database (one connection, so every statement sees
    /// the same data). For tests and benchmarks.
    pub async fn open_in_memory() -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        Self::connect(options, 1).await
    }

    async fn connect(options: SqliteConnectOptions, max: u32) -> Result<Store, StoreError> {
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Store { pool })
    }

    /// The connection pool, for the store's own query modules.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The pool's open connections and how many of them are idle (`/metrics`).
    pub fn pool_state(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// Whether the database takes a write now (`/readyz`): a write
    /// transaction is begun and rolled back, waiting at most a second for the
    /// write lock (a writer may hold it that long in a busy moment).
    pub async fn can_write(&self) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA busy_timeout = 1000")
            .execute(&mut *conn)
            .await?;
        let tried = async {
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
            sqlx::query("ROLLBACK").execute(&mut *conn).await
        }
        .await;
        // Back to the pool's wait.
        let restore = format!("PRAGMA busy_timeout = {}", BUSY_TIMEOUT.as_millis());
        sqlx::query(sqlx::AssertSqlSafe(restore))
            .execute(&mut *conn)
            .await?;
        tried?;
        Ok(())
    }

    /// Closes every connection, checkpointing the write-ahead log.
    pub async fn close(self) {
        self.pool.close().await;
    }
}
