//! The outbox: messages to people (a reminder that a report is late), written
//! to the database first, so that none is lost and none is written twice for
//! the same thing (its key), then sent by whichever sender is configured.

use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;

use crate::codec::{decode_code, decode_day, decode_timestamp, encode_timestamp};
use crate::{Store, StoreError};

/// Tries before a message is given up (it stays in the outbox, unsent, with
/// its last error, for a person to read).
pub const MAX_ATTEMPTS: u32 = 10;

/// A message to be written to the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// What makes it one of a kind: a second message with the same key is
    /// never written (e.g. `late:420102002003-01:2020-04-29`).
    pub key: String,
    /// What kind of message (`report_late`).
    pub kind: String,
    /// The person it goes to, by roster id.
    pub person_id: String,
    /// The unit it is about.
    pub unit: UnitCode,
    /// The day it is about.
    pub day: Day,
    /// Its subject line.
    pub subject: String,
    /// Its text.
    pub body: String,
}

/// A message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    /// Its key in the outbox.
    pub id: i64,
    /// What makes it one of a kind.
    pub key: String,
    /// What kind of message.
    pub kind: String,
    /// The person it goes to, by roster id (none if they left the roster).
    pub person_id: Option<String>,
    /// Their name.
    pub name: Option<String>,
    /// Their phone.
    pub phone: Option<String>,
    /// Their email address.
    pub email: Option<String>,
    /// The account they sign in with.
    pub account: Option<String>,
    /// The unit it is about.
    pub unit: Option<UnitCode>,
    /// The day it is about.
    pub day: Option<Day>,
    /// Its subject line.
    pub subject: String,
    /// Its text.
    pub body: String,
    /// When it was written.
    pub created_at: Timestamp,
    /// When a sender took it, if one has.
    pub sent_at: Option<Timestamp>,
    /// Which sender took it.
    pub sent_by: Option<String>,
    /// Tries so far.
    pub attempts: u32,
    /// Why the last try failed.
    pub last_error: Option<String>,
}

impl Store {
    /// Writes each of `messages` whose key is new, in one transaction;
    /// returns how many were new.
    pub async fn enqueue(
        &self,
        messages: &[NewMessage],
        at: Timestamp,
    ) -> Result<usize, StoreError> {
        let at_text = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        let mut new = 0;
        for m in messages {
            let written = sqlx::query(
                "INSERT INTO outbox (dedup_key, kind, staff_id, unit_id, day, subject, body, created_at) \
                 SELECT $1, $2, s.id, u.id, $5, $6, $7, $8 FROM staff s, units u \
                 WHERE s.person_id = $3 AND u.code = $4 \
                 ON CONFLICT (dedup_key) DO NOTHING",
            )
            .bind(&m.key)
            .bind(&m.kind)
            .bind(&m.person_id)
            .bind(m.unit.as_str())
            .bind(m.day.to_string())
            .bind(&m.subject)
            .bind(&m.body)
            .bind(&at_text)
            .execute(&mut *tx)
            .await?;
            new += written.rows_affected() as usize;
        }
        tx.commit().await?;
        Ok(new)
    }

    /// The messages no sender has taken yet, oldest first, at most `limit`.
    pub async fn unsent(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        self.outbox_where(
            &format!("o.sent_at IS NULL AND o.attempts < {MAX_ATTEMPTS}"),
            None,
            limit,
        )
        .await
    }

    /// The messages to the person signed in as `account`, newest first.
    pub async fn messages_for(
        &self,
        account: &str,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        self.outbox_where("s.account = $1", Some(account), limit)
            .await
    }

    /// Every message, newest first, at most `limit`.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        self.outbox_where("1 = 1", None, limit).await
    }

    /// Records that `sender` took message `id` at `at`.
    pub async fn mark_sent(&self, id: i64, sender: &str, at: Timestamp) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, sent_by = $2, attempts = attempts + 1, last_error = NULL \
             WHERE id = $3 AND sent_at IS NULL",
        )
        .bind(encode_timestamp(at))
        .bind(sender)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records that a try to send message `id` failed, and why (it stays
    /// unsent, to be tried again).
    pub async fn mark_failed(&self, id: i64, error: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2")
            .bind(error)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn outbox_where(
        &self,
        condition: &str,
        value: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let order = if condition.starts_with("o.sent_at") {
            "o.id"
        } else {
            "o.id DESC"
        };
        let placeholder = if value.is_some() { "$2" } else { "$1" };
        let text = format!(
            "SELECT o.id, o.dedup_key, o.kind, s.person_id, s.name, s.phone, s.email, s.account, u.code, o.day, o.subject, \
             o.body, o.created_at, o.sent_at, o.sent_by, o.attempts, o.last_error \
             FROM outbox o LEFT JOIN staff s ON s.id = o.staff_id LEFT JOIN units u ON u.id = o.unit_id \
             WHERE {condition} ORDER BY {order} LIMIT {placeholder}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
        if let Some(v) = value {
            q = q.bind(v.to_string());
        }
        q.bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let code: Option<String> = r.get("code");
                let day: Option<String> = r.get("day");
                let sent: Option<String> = r.get("sent_at");
                let attempts: i64 = r.get("attempts");
                Ok(OutboxMessage {
                    id: r.get("id"),
                    key: r.get("dedup_key"),
                    kind: r.get("kind"),
                    person_id: r.get("person_id"),
                    name: r.get("name"),
                    phone: r.get("phone"),
                    email: r.get("email"),
                    account: r.get("account"),
                    unit: code.as_deref().map(decode_code).transpose()?,
                    day: day.as_deref().map(decode_day).transpose()?,
                    subject: r.get("subject"),
                    body: r.get("body"),
                    created_at: decode_timestamp(r.get("created_at"))?,
                    sent_at: sent.as_deref().map(decode_timestamp).transpose()?,
                    sent_by: r.get("sent_by"),
                    attempts: u32::try_from(attempts).unwrap_or(0),
                    last_error: r.get("last_error"),
                })
            })
            .collect()
    }
}
