//! Backups of a SQLite store while it serves: `VACUUM INTO` writes the
//! database as of one moment (one read transaction) into a new file, without
//! stopping writers, and the copy is checked before it is called a backup.

use std::path::Path;

use sqlx::Row;

use crate::{Store, StoreError};

/// What a backup holds: the row count of every table, by name.
pub type TableCounts = Vec<(String, i64)>;

impl Store {
    /// Writes a consistent copy of the whole database to `path`, which must
    /// not exist yet; readers and writers go on meanwhile.
    pub async fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if self.backend != crate::Backend::Sqlite {
            return Err(StoreError::Unsupported(
                "a PostgreSQL store is backed up with pg_basebackup and WAL archiving (docs/deploy.md)",
            ));
        }
        let target = path.to_str().ok_or_else(|| {
            StoreError::Corrupt(format!("{} is not a UTF-8 path", path.display()))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// SQLite's own check of every page and index: `Ok` if it finds nothing.
    pub async fn integrity_check(&self) -> Result<(), StoreError> {
        if self.backend != crate::Backend::Sqlite {
            return Ok(());
        }
        let found: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        if found == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::Corrupt(found.join("; ")))
        }
    }

    /// The row count of every table, by name.
    pub async fn table_counts(&self) -> Result<TableCounts, StoreError> {
        let names = self.backend.tables(&self.pool).await?;
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            // The names come from the schema itself, quoted as identifiers.
            let sql = format!(
                "SELECT COUNT(*) AS n FROM \"{}\"",
                name.replace('"', "\"\"")
            );
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_one(&self.pool)
                .await?;
            out.push((name, row.get("n")));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_backup_taken_while_a_write_is_open_holds_what_was_committed() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("live.db"))
            .await
            .expect("store");
        store
            .set_setting("clock_day", "2020-03-01", jiff::Timestamp::now(), None)
            .await
            .expect("setting");
        // A writer in the middle of a transaction: the backup does not wait
        // for it and does not see it.
        let mut open = store.pool.begin().await.expect("begin");
        sqlx::query("UPDATE settings SET value = '2020-03-02'")
            .execute(&mut *open)
            .await
            .expect("update");
        let copy = dir.path().join("copy.db");
        store.backup_to(&copy).await.expect("backup");
        open.commit().await.expect("commit");
        let restored = Store::open(&copy).await.expect("restored");
        restored.integrity_check().await.expect("intact");
        assert_eq!(
            restored
                .setting("clock_day")
                .await
                .expect("read")
                .as_deref(),
            Some("2020-03-01")
        );
        let counts = restored.table_counts().await.expect("counts");
        assert!(
            counts.iter().any(|(t, n)| t == "settings" && *n == 1),
            "{counts:?}"
        );
        assert!(
            store.backup_to(&copy).await.is_err(),
            "an existing file is not overwritten"
        );
    }
}
