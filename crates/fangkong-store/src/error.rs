//! `StoreError`: what can go wrong below the domain.

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Occurs when a requested row does not exist.
    #[error("not found")]
    NotFound,
    /// Occurs when a write breaks a uniqueness or reference constraint, e.g.
    /// deleting a unit that reports refer to.
    #[error("refused by the database: {0}")]
    Conflict(String),
    /// Occurs when a stored value no longer parses as its domain type.
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// Occurs when migrations fail.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Occurs when the backend in use cannot do what was asked.
    #[error("not supported on this database: {0}")]
    Unsupported(&'static str),
    /// Occurs when the task that carries out a bulk import stops before it
    /// finishes (the import is rolled back).
    #[error("the import stopped: {0}")]
    Interrupted(String),
    /// Any other database failure.
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            // SQLite reports some foreign-key failures with a generic constraint code.
            sqlx::Error::Database(db)
                if db.is_unique_violation()
                    || db.is_foreign_key_violation()
                    || db.message().contains("FOREIGN KEY constraint failed") =>
            {
                StoreError::Conflict(db.message().to_string())
            }
            other => StoreError::Database(other),
        }
    }
}
