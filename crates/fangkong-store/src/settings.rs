//! Deployment settings: a few named values, each change audited.

use jiff::Timestamp;

use crate::audit::{self, AuditEntry, Outcome};
use crate::{Store, StoreError};

impl Store {
    /// The value of setting `key`, if set.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Sets `key` to `value`, with the old and new values in the audit log.
    pub async fn set_setting(
        &self,
        key: &str,
        value: &str,
        at: Timestamp,
        actor: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let old: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new(at, actor, "setting.set", Outcome::Done)
            .on(key)
            .values(old, Some(value.to_string()));
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
