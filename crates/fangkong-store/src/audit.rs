//! The audit log: every change and every refused attempt, appended and never
//! rewritten (the database's triggers refuse UPDATE and DELETE).

use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::codec::{decode_timestamp, encode_timestamp};
use crate::sql::Sql;
use crate::{Store, StoreError};

/// Whether the audited attempt happened or was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The change was made.
    Done,
    /// The attempt was refused.
    Denied,
}

impl Outcome {
    /// The stored name.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Denied => "denied",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its position in the log.
    pub id: i64,
    /// When.
    pub at: Timestamp,
    /// Who (a username), or `None` for an anonymous request.
    pub actor: Option<String>,
    /// What, as a dotted name: `report.file`, `report.correct`, `account.add`,
    /// `account.disable`, `login`, `access`.
    pub action: String,
    /// On what: a unit code and day, a username, a path.
    pub target: Option<String>,
    /// The value before, where there was one.
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
    /// Why (a correction's reason, a refusal's reason).
    pub reason: Option<String>,
    /// Done or denied.
    pub outcome: Outcome,
}

impl AuditEntry {
    /// A new entry of `actor` doing `action`; its `id` is given when it is appended.
    pub fn new(
        at: Timestamp,
        actor: Option<&str>,
        action: impl Into<String>,
        outcome: Outcome,
    ) -> AuditEntry {
        AuditEntry {
            id: 0,
            at,
            actor: actor.map(str::to_string),
            action: action.into(),
            target: None,
            old_value: None,
            new_value: None,
            reason: None,
            outcome,
        }
    }

    /// What the action was on.
    pub fn on(mut self, target: impl Into<String>) -> AuditEntry {
        self.target = Some(target.into());
        self
    }

    /// The values before and after.
    pub fn values(mut self, old: Option<String>, new: Option<String>) -> AuditEntry {
        self.old_value = old;
        self.new_value = new;
        self
    }

    /// Why.
    pub fn because(mut self, reason: Option<String>) -> AuditEntry {
        self.reason = reason;
        self
    }
}

/// What to read back from the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this actor.
    pub actor: Option<String>,
    /// Only actions starting with this name.
    pub action: Option<String>,
    /// Only this outcome.
    pub outcome: Option<Outcome>,
    /// Only entries whose target starts with this (a unit code, `CODE DAY`, a user).
    pub target: Option<String>,
    /// Only entries at or after this instant.
    pub since: Option<Timestamp>,
    /// Only entries before this instant.
    pub until: Option<Timestamp>,
    /// Only entries older than this id (the next page).
    pub before_id: Option<i64>,
    /// At most this many, newest first (default 200, at most 5,000).
    pub limit: Option<u32>,
}

/// The statement that appends an entry: at, actor, action, target, old and new
/// values, reason, outcome.
pub(crate) const APPEND: &str = "INSERT INTO audit_log \
    (at, actor, action, target, old_value, new_value, reason, outcome) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Writes one entry on `conn` (inside the caller's transaction, when there is one,
/// so that a change and its audit line are committed together).
pub(crate) async fn append(conn: &mut AnyConnection, e: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query(APPEND)
        .bind(encode_timestamp(e.at))
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.target)
        .bind(&e.old_value)
        .bind(&e.new_value)
        .bind(&e.reason)
        .bind(e.outcome.name())
        .execute(conn)
        .await?;
    Ok(())
}

/// Writes `entries` in order on `conn`, in as few statements as the bound
/// values allow.
pub(crate) async fn append_all(
    conn: &mut AnyConnection,
    entries: &[AuditEntry],
) -> Result<(), StoreError> {
    for chunk in entries.chunks(1_000) {
        let mut q = Sql::new(
            "INSERT INTO audit_log (at, actor, action, target, old_value, new_value, reason, outcome) ",
        );
        q.push_values(chunk, |mut b, e| {
            b.push_bind(encode_timestamp(e.at))
                .push_bind(e.actor.clone())
                .push_bind(e.action.clone())
                .push_bind(e.target.clone())
                .push_bind(e.old_value.clone())
                .push_bind(e.new_value.clone())
                .push_bind(e.reason.clone())
                .push_bind(e.outcome.name());
        });
        q.build(crate::Backend::of(conn))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn decode(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    let outcome = match row.get::<&str, _>("outcome") {
        "done" => Outcome::Done,
        "denied" => Outcome::Denied,
        other => return Err(StoreError::Corrupt(format!("audit outcome {other:?}"))),
    };
    Ok(AuditEntry {
        id: row.get("id"),
        at: decode_timestamp(row.get("at"))?,
        actor: row.get("actor"),
        action: row.get("action"),
        target: row.get("target"),
        old_value: row.get("old_value"),
        new_value: row.get("new_value"),
        reason: row.get("reason"),
        outcome,
    })
}

impl Store {
    /// Appends one entry on its own.
    pub async fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        append(&mut conn, entry).await
    }

    /// Reads the log, newest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let texts = [&filter.actor, &filter.action, &filter.target];
        if !texts
            .into_iter()
            .flatten()
            .all(|t| crate::codec::storable(t))
        {
            return Ok(Vec::new());
        }
        let mut q = Sql::new("SELECT * FROM audit_log WHERE 1 = 1");
        if let Some(actor) = &filter.actor {
            q.push(" AND actor = ").push_bind(actor.clone());
        }
        if let Some(action) = &filter.action {
            q.push(" AND substr(action, 1, length(")
                .push_bind(action.clone())
                .push(")) = ")
                .push_bind(action.clone());
        }
        if let Some(outcome) = filter.outcome {
            q.push(" AND outcome = ").push_bind(outcome.name());
        }
        if let Some(target) = &filter.target {
            q.push(" AND substr(target, 1, length(")
                .push_bind(target.clone())
                .push(")) = ")
                .push_bind(target.clone());
        }
        if let Some(since) = filter.since {
            q.push(" AND at >= ").push_bind(encode_timestamp(since));
        }
        if let Some(until) = filter.until {
            q.push(" AND at < ").push_bind(encode_timestamp(until));
        }
        if let Some(before) = filter.before_id {
            q.push(" AND id < ").push_bind(before);
        }
        q.push(" ORDER BY id DESC LIMIT ")
            .push_bind(i64::from(filter.limit.unwrap_or(200).min(5_000)));
        let rows = q.build(self.backend()).fetch_all(self.pool()).await?;
        rows.iter().map(decode).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, outcome: Outcome) -> AuditEntry {
        AuditEntry::new(Timestamp::UNIX_EPOCH, Some("王芳"), action, outcome)
            .on("420102001001")
            .values(None, Some("1".into()))
    }

    #[tokio::test]
    async fn the_log_is_append_only_even_for_raw_sql() {
        let store = Store::open_in_memory().await.expect("store");
        store
            .audit(&entry("report.file", Outcome::Done))
            .await
            .expect("append");
        store
            .audit(&entry("access", Outcome::Denied))
            .await
            .expect("append");
        for sql in [
            "UPDATE audit_log SET reason = 'rewritten'",
            "DELETE FROM audit_log",
        ] {
            let e = sqlx::query(sql).execute(store.pool()).await.expect_err(sql);
            assert!(e.to_string().contains("append-only"), "{e}");
        }
        let all = store
            .audit_entries(&AuditFilter::default())
            .await
            .expect("read");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].action, "access", "newest first");
        let denied = store
            .audit_entries(&AuditFilter {
                outcome: Some(Outcome::Denied),
                ..AuditFilter::default()
            })
            .await
            .expect("read");
        assert_eq!(denied.len(), 1);
        let reports = store
            .audit_entries(&AuditFilter {
                action: Some("report.".into()),
                ..AuditFilter::default()
            })
            .await
            .expect("read");
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].action, "report.file");
    }
}
