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
mod backend;
mod backup;
mod care;
mod codec;
mod compliance;
mod copy;
mod data_version;
mod disputes;
mod engine;
mod error;
mod facilities;
mod filing;
mod followup;
mod inspections;
mod keys;
mod logins;
mod outbox;
mod passes;
mod people;
mod provenance;
mod published;
mod registry;
mod registry_change;
mod registry_figures;
mod reports;
mod rota;
mod secret;
pub mod series;
mod sessions;
mod settings;
mod sql;
mod staff;
mod staff_alerts;
pub mod truth;
mod units;

use std::path::Path;

use sqlx::AnyPool;

pub use accounts::{Account, NewAccount};
pub use alert_notes::AlertNote;
pub use alerts::{AlertNoteError, RaisedAlert, Why, WhyValue};
pub use appeal_life::AppealChangeError;
pub use appeals::{DuplicateOf, NewAppeal, PublicPost, StoredAppeal};
pub use appeals_intake::{AppealInput, DUPLICATE_WINDOW, Outcome as IntakeOutcome, TakenIn};
pub use arrivals::StoredForm;
pub use audit::{AuditEntry, AuditFilter, Outcome};
pub use backend::{Backend, Location, ReportNotices};
pub use backup::TableCounts;
pub use codec::{decode_timestamp, encode_timestamp};
pub use compliance::{ComplianceReport, Gap, UnitCompliance};
pub use copy::TableDigest;
pub use disputes::{DisputeStepError, NewDispute, Party, StoredDispute};
pub use engine::{Loaded, load_engine};
pub use error::StoreError;
pub use facilities::{Occupancy, StoredFacility};
pub use filing::{Filed, Filing, Together, revision_entry};
pub use followup::{FollowUps, OpenFollowUp};
pub use inspections::{
    LastInspection, NewInspection, NewInspector, Photo, StoredInspection, StoredInspector,
};
pub use keys::TreeKeys;
pub use outbox::{NewMessage, OutboxMessage};
pub use passes::{SigningKey, StoredPass};
pub use people::{PeopleSearch, PersonRow};
pub use provenance::{Channel, Provenance};
pub use registry::{Match, NewPerson, NewStep, StoredPerson};
pub use registry_change::{FlowOf, Item, PersonInput, Refusal, RegistryChange, StepInput};
pub use registry_figures::LiveFigures;
pub use reports::{NewRevision, ReportBatch, ReportCell, ReportKey, StoredTotals};
pub use rota::OnDuty;
pub use secret::{
    new_appeal_reference, new_reference, random_secret, random_token, token_hash as sha256_hex,
};
pub use sessions::{NewSession, Session};
pub use staff::{Posting, StaffWritten};
pub use units::StoredUnits;

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Where it is (none: a private in-memory database).
    location: Option<std::sync::Arc<Location>>,
    /// PostgreSQL's own driver, for `COPY` (bulk imports, the engine's load).
    bulk: Option<sqlx::PgPool>,
    /// A read-only copy of the database (a hot standby): it takes no write.
    replica: bool,
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path` and brings its schema
    /// up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Self::connect(&Location::Sqlite(path.to_path_buf())).await
    }

    /// Opens the store at `location` (a SQLite file, or a PostgreSQL database
    /// that must exist) and brings its schema up to date.
    pub async fn connect(location: &Location) -> Result<Store, StoreError> {
        Store::at(location, backend::open(location).await?, false)
    }

    /// Opens a read-only copy of the database at `location`: a PostgreSQL hot
    /// standby streaming from the primary, for servers that answer readers.
    /// Nothing is created or migrated; the copy's schema must be this build's.
    pub async fn connect_replica(location: &Location) -> Result<Store, StoreError> {
        Store::at(location, backend::open_replica(location).await?, true)
    }

    /// The store on `pool` at `location`, with PostgreSQL's own driver beside
    /// it (imports write with `COPY … FROM`; the engine's load, a standby's
    /// too, reads with `COPY … TO`).
    fn at(location: &Location, pool: AnyPool, replica: bool) -> Result<Store, StoreError> {
        Ok(Store {
            pool,
            backend: location.backend(),
            location: Some(std::sync::Arc::new(location.clone())),
            bulk: backend::bulk_pool(location)?,
            replica,
        })
    }

    /// Where the store is (none: a private in-memory database).
    pub fn location(&self) -> Option<&Location> {
        self.location.as_deref()
    }

    /// Whether this is a read-only copy ([`Store::connect_replica`]).
    pub fn is_replica(&self) -> bool {
        self.replica
    }

    /// Erases the store at `location` (every table, schema included), so that
    /// the next [`Store::connect`] starts an empty store.
    pub async fn erase(location: &Location) -> Result<(), StoreError> {
        backend::erase(location).await
    }

    /// Opens a private in-memory SQLite database (one connection, so every
    /// statement sees the same data). For tests and benchmarks.
    pub async fn open_in_memory() -> Result<Store, StoreError> {
        Ok(Store {
            pool: backend::open_in_memory().await?,
            backend: Backend::Sqlite,
            location: None,
            bulk: None,
            replica: false,
        })
    }

    /// The connection pool, for the store's own query modules.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`), waiting its turn: a transaction that
    /// read first and asked for the lock later would be refused at once while
    /// another writer (or a failed one not yet rolled back) holds it.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        self.pool.begin_with(self.backend.begin_write()).await
    }

    /// The database engine this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Notices of report revisions committed by any process on this database,
    /// this one included: on PostgreSQL only (none on SQLite, which one
    /// process serves).
    pub async fn report_notices(&self) -> Result<Option<ReportNotices>, StoreError> {
        match &self.location {
            Some(location) => backend::report_notices(location).await,
            None => Ok(None),
        }
    }

    /// The pool's open connections and how many of them are idle (`/metrics`).
    pub fn pool_state(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// Whether the database answers a read now (a replica's `/readyz`).
    pub async fn can_read(&self) -> Result<(), StoreError> {
        self.backend.can_read(&self.pool).await
    }

    /// Whether the database takes a write now (`/readyz`).
    pub async fn can_write(&self) -> Result<(), StoreError> {
        self.backend.can_write(&self.pool).await
    }

    /// Closes every connection (on SQLite, checkpointing the write-ahead log).
    pub async fn close(self) {
        self.pool.close().await;
    }
}
