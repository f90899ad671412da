//! Failed logins, per key (`name:…`, `addr:…`), kept across restarts; what
//! they allow is the domain's rule ([`fangkong_domain::access::logins`]).

use std::collections::HashMap;

use fangkong_domain::access::logins::Failures;
use jiff::Timestamp;
use sqlx::Row;

use crate::codec::{decode_timestamp, encode_timestamp};
use crate::{Store, StoreError};

impl Store {
    /// The failures counted under each of `keys` at `now` (keys without any
    /// are absent).
    pub async fn login_failures(
        &self,
        keys: &[&str],
        now: Timestamp,
    ) -> Result<HashMap<String, Failures>, StoreError> {
        let mut out = HashMap::new();
        for key in keys {
            let row = sqlx::query("SELECT failures, since FROM login_failures WHERE key = $1")
                .bind(*key)
                .fetch_optional(self.pool())
                .await?;
            if let Some(r) = row {
                let since = decode_timestamp(r.get("since"))?;
                let age = now.duration_since(since).as_secs().max(0);
                out.insert(
                    key.to_string(),
                    Failures {
                        count: u32::try_from(r.get::<i64, _>("failures")).unwrap_or(u32::MAX),
                        age_seconds: u64::try_from(age).unwrap_or(0),
                    },
                );
            }
        }
        Ok(out)
    }

    /// Counts one more failure under each of `keys` at `now`; a count whose
    /// first failure is `window_seconds` old or more starts again.
    pub async fn record_login_failure(
        &self,
        keys: &[&str],
        now: Timestamp,
        window_seconds: u64,
    ) -> Result<(), StoreError> {
        let stale = now
            .checked_sub(jiff::SignedDuration::from_secs(
                i64::try_from(window_seconds).unwrap_or(i64::MAX),
            ))
            .unwrap_or(now);
        let mut tx = self.begin_write().await?;
        for key in keys {
            sqlx::query(
                "INSERT INTO login_failures (key, failures, since) VALUES ($1, 1, $2) \
                 ON CONFLICT (key) DO UPDATE SET \
                   failures = CASE WHEN login_failures.since <= $3 THEN 1 ELSE login_failures.failures + 1 END, \
                   since = CASE WHEN login_failures.since <= $3 THEN excluded.since ELSE login_failures.since END",
            )
            .bind(*key)
            .bind(encode_timestamp(now))
            .bind(encode_timestamp(stale))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets the failures counted under `key` (a name that signed in).
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn failures_are_counted_kept_and_started_again_after_the_window() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("l.db");
        let t0: Timestamp = "2020-03-01T00:00:00Z".parse().expect("t");
        {
            let store = Store::open(&path).await.expect("store");
            for _ in 0..3 {
                store
                    .record_login_failure(&["name:wang", "addr:1.2.3.4"], t0, 900)
                    .await
                    .expect("record");
            }
        }
        // Another process (a restart) reads the same counts.
        let store = Store::open(&path).await.expect("store");
        let t1 = t0
            .checked_add(jiff::SignedDuration::from_secs(60))
            .expect("t");
        let seen = store
            .login_failures(&["name:wang", "name:li"], t1)
            .await
            .expect("read");
        assert_eq!(
            seen.get("name:wang"),
            Some(&Failures {
                count: 3,
                age_seconds: 60
            })
        );
        assert!(!seen.contains_key("name:li"));
        let late = t0
            .checked_add(jiff::SignedDuration::from_secs(901))
            .expect("t");
        store
            .record_login_failure(&["name:wang"], late, 900)
            .await
            .expect("record");
        let seen = store
            .login_failures(&["name:wang"], late)
            .await
            .expect("read");
        assert_eq!(seen["name:wang"].count, 1, "a new window");
        store
            .clear_login_failures("name:wang")
            .await
            .expect("clear");
        assert!(
            store
                .login_failures(&["name:wang"], late)
                .await
                .expect("read")
                .is_empty()
        );
    }
}
