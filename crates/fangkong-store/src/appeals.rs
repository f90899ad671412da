//! Appeals as stored: taken in (classified, routed and grouped with their
//! duplicates by the caller, in one transaction with one audit line), their
//! changes appended, a category a person sets kept apart from the model's, and
//! read back with their whole life.

use std::collections::HashMap;

use fangkong_domain::UnitCode;
use fangkong_domain::appeals::lifecycle::{Change, Event};
use fangkong_domain::appeals::{Category, Urgency};
use jiff::Timestamp;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_day, decode_timestamp, encode_timestamp};
use crate::sql::Sql;
use crate::{Store, StoreError};

/// An appeal to take in, already classified and routed.
#[derive(Debug, Clone)]
pub struct NewAppeal {
    /// The source's reference (unique).
    pub reference: String,
    /// `hotline`, `message_board`, `api` or `import`.
    pub channel: &'static str,
    /// When it was received.
    pub received_at: Timestamp,
    /// The text, as received.
    pub text: String,
    /// The caller's name, if given (personal data).
    pub caller_name: Option<String>,
    /// The caller's phone, if given (personal data).
    pub caller_phone: Option<String>,
    /// The address, if given.
    pub address: Option<String>,
    /// The unit it was routed to, or none (the queue).
    pub unit: Option<UnitCode>,
    /// The category.
    pub category: Category,
    /// Whether a person chose it (the caller, an operator), not the model.
    pub category_by_person: bool,
    /// How sure the classifier was of the category, in permille (none when a
    /// person chose it).
    pub confidence: Option<u16>,
    /// The urgency.
    pub urgency: Urgency,
    /// The index, in the same batch, of the first appeal of its duplicates'
    /// group, or the reference of a stored one.
    pub duplicate_of: Option<DuplicateOf>,
    /// The public post it was taken in from, if it came from online.
    pub post: Option<PublicPost>,
}

/// A public post taken in as an appeal (网上民声).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPost {
    /// The feed it came from (`weibo`, a forum's name…).
    pub feed: String,
    /// Its id in the feed.
    pub id: String,
    /// The author's public handle.
    pub author: Option<String>,
}

/// Which appeal another duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateOf {
    /// One of the same batch, by index.
    Batch(usize),
    /// A stored one, by reference.
    Stored(String),
}

/// What the duplicate rules compare of a stored appeal.
#[derive(Debug, Clone)]
pub struct StoredKey {
    /// The database key (appeals are numbered as they are written).
    pub id: i64,
    /// The reference.
    pub reference: String,
    /// When it was received.
    pub received_at: Timestamp,
    /// The caller's phone.
    pub phone: Option<String>,
    /// The address.
    pub address: Option<String>,
    /// The text.
    pub text: String,
    /// The first appeal of its group, if it repeats one.
    pub duplicate_of: Option<String>,
}

/// A stored appeal with its life.
#[derive(Debug, Clone)]
pub struct StoredAppeal {
    /// The database key.
    pub id: i64,
    /// The reference.
    pub reference: String,
    /// The channel.
    pub channel: String,
    /// When received.
    pub received_at: Timestamp,
    /// The text.
    pub text: String,
    /// The caller's name (personal data).
    pub caller_name: Option<String>,
    /// The caller's phone (personal data).
    pub caller_phone: Option<String>,
    /// The address.
    pub address: Option<String>,
    /// The unit routed to, if any.
    pub unit: Option<UnitCode>,
    /// The category.
    pub category: Category,
    /// Whether a person set the category (else the model).
    pub category_by_person: bool,
    /// How sure the classifier was of the category, in permille (none when a
    /// person chose it).
    pub confidence: Option<u16>,
    /// The feed it was taken in from, if it came from online (网上民声).
    pub feed: Option<String>,
    /// The urgency.
    pub urgency: Urgency,
    /// The reference of the first appeal of its duplicates' group, if not itself.
    pub duplicate_of: Option<String>,
    /// Its changes, in order.
    pub changes: Vec<Change>,
    /// How many change rows are stored (a closure written before ratings were
    /// their own step reads as two changes): what a new change must follow.
    pub stored_changes: usize,
}

impl StoredAppeal {
    /// Its changes up to `now`, and what they add up to then.
    pub fn as_of(
        &self,
        now: Timestamp,
        deadlines: &fangkong_domain::appeals::deadline::Deadlines,
    ) -> Result<
        (Vec<Change>, fangkong_domain::appeals::summary::Summary),
        fangkong_domain::appeals::lifecycle::LifecycleError,
    > {
        let past: Vec<Change> = self
            .changes
            .iter()
            .filter(|c| c.at <= now)
            .cloned()
            .collect();
        let summary = fangkong_domain::appeals::summary::summary(
            self.received_at,
            self.category,
            self.urgency,
            self.unit.is_some(),
            &past,
            deadlines,
            now,
        )?;
        Ok((past, summary))
    }
}

fn decode_category(text: &str) -> Result<Category, StoreError> {
    Category::parse(text).ok_or_else(|| StoreError::Corrupt(format!("appeal category {text:?}")))
}

impl Store {
    /// Takes in appeals: one transaction, one audit line (how many, never who).
    pub async fn add_appeals(
        &self,
        appeals: &[NewAppeal],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        self.add_appeals_by(appeals, at, &[(actor.to_string(), appeals.len())])
            .await
    }

    /// Takes in appeals from several accounts at once: one transaction, one
    /// audit line per account (`by`: each account and how many of the appeals,
    /// in order, are its).
    pub async fn add_appeals_by(
        &self,
        appeals: &[NewAppeal],
        at: Timestamp,
        by: &[(String, usize)],
    ) -> Result<(), StoreError> {
        let recorded = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        let mut ids: Vec<i64> = Vec::with_capacity(appeals.len());
        for a in appeals {
            let duplicate_of: Option<i64> = match &a.duplicate_of {
                None => None,
                Some(DuplicateOf::Batch(i)) => ids.get(*i).copied(),
                Some(DuplicateOf::Stored(r)) => {
                    sqlx::query_scalar("SELECT id FROM appeals WHERE ref = $1")
                        .bind(r)
                        .fetch_optional(&mut *tx)
                        .await?
                }
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO appeals (ref, channel, received_at, text, caller_name, caller_phone, address, \
                 unit_id, category, category_by, urgency, duplicate_of, recorded_at, confidence) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM units WHERE code = $8), $9, $13, $10, $11, $12, $14) \
                 RETURNING id",
            )
            .bind(&a.reference)
            .bind(a.channel)
            .bind(encode_timestamp(a.received_at))
            .bind(&a.text)
            .bind(&a.caller_name)
            .bind(&a.caller_phone)
            .bind(&a.address)
            .bind(a.unit.as_ref().map(UnitCode::as_str))
            .bind(a.category.name())
            .bind(a.urgency.name())
            .bind(duplicate_of)
            .bind(&recorded)
            .bind(if a.category_by_person { "person" } else { "model" })
            .bind(a.confidence.map(i64::from))
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("appeal {} is already recorded", a.reference))
                }
                other => other,
            })?;
            if let Some(p) = &a.post {
                sqlx::query(
                    "INSERT INTO appeal_posts (appeal_id, feed, post_id, author) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(&p.feed)
                .bind(&p.id)
                .bind(&p.author)
                .execute(&mut *tx)
                .await?;
            }
            ids.push(id);
        }
        for (actor, count) in by {
            audit::append(
                &mut tx,
                &AuditEntry::new(at, Some(actor), "appeals.add", Outcome::Done)
                    .values(None, Some(format!("{count} appeals"))),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Appends a change to an appeal (the caller has checked it follows).
    pub async fn add_appeal_change(
        &self,
        reference: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        self.add_appeal_changes(&[(reference.to_string(), change.clone())])
            .await
    }

    /// Appends changes to appeals, in order, in one transaction (the caller has
    /// checked each follows).
    pub async fn add_appeal_changes(&self, changes: &[(String, Change)]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for (reference, change) in changes {
            append_change(&mut tx, reference, change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets an appeal's category by hand, audited with the old and new
    /// categories and the reason.
    pub async fn recategorise_appeal(
        &self,
        reference: &str,
        category: Category,
        reason: &str,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let old: Option<String> = sqlx::query_scalar("SELECT category FROM appeals WHERE ref = $1")
            .bind(reference)
            .fetch_optional(&mut *tx)
            .await?;
        let old = old.ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE appeals SET category = $1, category_by = 'person' WHERE ref = $2")
            .bind(category.name())
            .bind(reference)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "appeals.recategorise", Outcome::Done)
                .on(format!("appeal {reference}"))
                .values(Some(old), Some(category.name().to_string()))
                .because(Some(reason.to_string())),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Which of `references` are already stored.
    pub async fn stored_references(
        &self,
        references: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut out = std::collections::HashSet::new();
        for chunk in references.chunks(500) {
            let mut q = crate::sql::Sql::new("SELECT ref FROM appeals WHERE ref IN (");
            let mut list = q.separated(", ");
            for r in chunk {
                list.push_bind(r.clone());
            }
            q.push(")");
            for r in q.build(self.backend()).fetch_all(self.pool()).await? {
                out.insert(r.get::<String, _>("ref"));
            }
        }
        Ok(out)
    }

    /// Appeals received from `since` on (all with `None`), with their changes,
    /// oldest first.
    pub async fn appeals(&self, since: Option<Timestamp>) -> Result<Vec<StoredAppeal>, StoreError> {
        self.fetch_appeals(
            "$1 IS NULL OR a.received_at >= $1",
            since.map(encode_timestamp),
        )
        .await
    }

    /// The appeals that pass `condition` (over `a`, with `$1` bound to `bind`).
    async fn fetch_appeals(
        &self,
        condition: &'static str,
        bind: Option<String>,
    ) -> Result<Vec<StoredAppeal>, StoreError> {
        let sql = format!(
            "SELECT a.id, a.ref, a.channel, a.received_at, a.text, a.caller_name, a.caller_phone, a.address, \
             u.code, a.category, a.category_by, a.urgency, a.confidence, d.ref AS duplicate_ref, p.feed \
             FROM appeals a LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN appeals d ON d.id = a.duplicate_of \
             LEFT JOIN appeal_posts p ON p.appeal_id = a.id \
             WHERE {condition} ORDER BY a.received_at, a.id"
        );
        // `condition` is one of this file's constants; values are bound.
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(bind)
            .fetch_all(self.pool())
            .await?;
        let mut out: Vec<StoredAppeal> = Vec::with_capacity(rows.len());
        let mut at: HashMap<i64, usize> = HashMap::new();
        for r in rows {
            let id: i64 = r.get("id");
            at.insert(id, out.len());
            let unit: Option<String> = r.get("code");
            out.push(StoredAppeal {
                id,
                reference: r.get("ref"),
                channel: r.get("channel"),
                received_at: decode_timestamp(r.get("received_at"))?,
                text: r.get("text"),
                caller_name: r.get("caller_name"),
                caller_phone: r.get("caller_phone"),
                address: r.get("address"),
                unit: unit.as_deref().map(decode_code).transpose()?,
                category: decode_category(r.get("category"))?,
                category_by_person: r.get::<String, _>("category_by") == "person",
                confidence: r
                    .get::<Option<i64>, _>("confidence")
                    .and_then(|c| u16::try_from(c).ok()),
                feed: r.get("feed"),
                urgency: Urgency::parse(r.get("urgency")).ok_or_else(|| {
                    StoreError::Corrupt(format!("appeal urgency {:?}", r.get::<&str, _>("urgency")))
                })?,
                duplicate_of: r.get("duplicate_ref"),
                changes: Vec::new(),
                stored_changes: 0,
            });
        }
        for chunk in out.iter().map(|a| a.id).collect::<Vec<_>>().chunks(500) {
            let mut q = Sql::new(
                "SELECT appeal_id, at, actor, event, unit_code, promised, satisfaction, note \
                 FROM appeal_changes WHERE appeal_id IN (",
            );
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(") ORDER BY appeal_id, id");
            for r in q.build(self.backend()).fetch_all(self.pool()).await? {
                let Some(&k) = at.get(&r.get::<i64, _>("appeal_id")) else {
                    continue;
                };
                let event = match r.get::<&str, _>("event") {
                    "assigned" => Event::Assigned {
                        unit: decode_code(r.get::<Option<&str>, _>("unit_code").unwrap_or(""))?,
                    },
                    "started" => Event::Started,
                    "answered" => Event::Answered {
                        promised: r
                            .get::<Option<&str>, _>("promised")
                            .map(decode_day)
                            .transpose()?,
                    },
                    "closed" => Event::Closed,
                    "rated" => Event::Rated {
                        satisfaction: r
                            .get::<Option<i64>, _>("satisfaction")
                            .and_then(|s| u8::try_from(s).ok())
                            .ok_or_else(|| {
                                StoreError::Corrupt("a rating without its satisfaction".into())
                            })?,
                    },
                    "reopened" => Event::Reopened,
                    other => return Err(StoreError::Corrupt(format!("appeal event {other:?}"))),
                };
                let change = Change {
                    at: decode_timestamp(r.get("at"))?,
                    actor: r.get("actor"),
                    event,
                    note: r.get("note"),
                };
                // A closure written before ratings were their own step.
                let older_rating = match (&change.event, r.get::<Option<i64>, _>("satisfaction")) {
                    (Event::Closed, Some(s)) => u8::try_from(s).ok().map(|satisfaction| Change {
                        event: Event::Rated { satisfaction },
                        note: String::new(),
                        ..change.clone()
                    }),
                    _ => None,
                };
                out[k].stored_changes += 1;
                out[k].changes.push(change);
                out[k].changes.extend(older_rating);
            }
        }
        Ok(out)
    }

    /// What the duplicate rules compare of the appeals received from `since`
    /// on (all with `None`) and written after key `after`, oldest first: no
    /// lives, no categories. In the order written (a catch-up reads only the
    /// end of the table).
    pub async fn appeal_keys(
        &self,
        since: Option<Timestamp>,
        after: i64,
    ) -> Result<Vec<StoredKey>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, a.ref, a.received_at, a.caller_phone, a.address, a.text, d.ref AS duplicate_ref \
             FROM appeals a LEFT JOIN appeals d ON d.id = a.duplicate_of \
             WHERE ($1 IS NULL OR a.received_at >= $1) AND a.id > $2 ORDER BY a.id",
        )
        .bind(since.map(encode_timestamp))
        .bind(after)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(StoredKey {
                    id: r.get("id"),
                    reference: r.get("ref"),
                    received_at: decode_timestamp(r.get("received_at"))?,
                    phone: r.get("caller_phone"),
                    address: r.get("address"),
                    text: r.get("text"),
                    duplicate_of: r.get("duplicate_ref"),
                })
            })
            .collect()
    }

    /// The references of the group of duplicates `reference` is in (its
    /// first and every appeal that repeats it), oldest first; `reference`
    /// itself left out.
    pub async fn appeal_group(&self, reference: &str) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "WITH head AS (SELECT COALESCE(duplicate_of, id) AS id FROM appeals WHERE ref = $1) \
             SELECT a.ref FROM appeals a, head \
             WHERE (a.id = head.id OR a.duplicate_of = head.id) AND a.ref <> $1 \
             ORDER BY a.received_at, a.id",
        )
        .bind(reference)
        .fetch_all(self.pool())
        .await?)
    }

    /// The appeal with this reference, with its changes.
    /// A reference read out or typed in groups (`572 403 1969`) is found too.
    pub async fn appeal(&self, reference: &str) -> Result<Option<StoredAppeal>, StoreError> {
        let reference = fangkong_domain::appeals::reference::normalise(reference);
        if !crate::codec::storable(&reference) {
            return Ok(None);
        }
        Ok(self
            .fetch_appeals("a.ref = $1", Some(reference))
            .await?
            .into_iter()
            .next())
    }

    /// A new numeric appeal reference that no stored appeal has (a billion
    /// references: a clash is rare, and drawn again).
    pub async fn fresh_appeal_reference(&self) -> Result<String, StoreError> {
        for _ in 0..8 {
            let reference = crate::secret::new_appeal_reference()?;
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM appeals WHERE ref = $1")
                .bind(&reference)
                .fetch_optional(&self.pool)
                .await?;
            if taken.is_none() {
                return Ok(reference);
            }
        }
        Err(StoreError::Corrupt(
            "no free appeal reference in eight draws".into(),
        ))
    }
}

/// Appends one change inside a transaction.
pub(crate) async fn append_change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    reference: &str,
    change: &Change,
) -> Result<(), StoreError> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM appeals WHERE ref = $1")
        .bind(reference)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (unit, promised, satisfaction) = match &change.event {
        Event::Assigned { unit } => (Some(unit.to_string()), None, None),
        Event::Answered { promised } => (None, promised.map(|d| d.to_string()), None),
        Event::Rated { satisfaction } => (None, None, Some(i64::from(*satisfaction))),
        Event::Started | Event::Closed | Event::Reopened => (None, None, None),
    };
    sqlx::query(
            "INSERT INTO appeal_changes (appeal_id, at, actor, event, unit_code, promised, satisfaction, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(encode_timestamp(change.at))
        .bind(&change.actor)
        .bind(change.event.name())
        .bind(unit)
        .bind(promised)
        .bind(satisfaction)
        .bind(&change.note)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_closure_stored_with_its_rating_reads_as_a_closure_then_a_rating() {
        let store = Store::open_in_memory().await.expect("store");
        let at = Timestamp::from_second(1_583_020_800).expect("instant");
        let appeal = NewAppeal {
            reference: "h1".into(),
            channel: "hotline",
            received_at: at,
            text: "家里没有菜了".into(),
            caller_name: None,
            caller_phone: None,
            address: None,
            unit: None,
            category: Category::Supplies,
            category_by_person: false,
            confidence: Some(900),
            urgency: Urgency::Normal,
            duplicate_of: None,
            post: None,
        };
        store.add_appeals(&[appeal], at, "test").await.expect("add");
        // As written before ratings were their own step (migration 0011 keeps
        // such rows as they were).
        for (k, event, note) in [(1, "answered", "已答复"), (2, "closed", "")] {
            sqlx::query(
                "INSERT INTO appeal_changes (appeal_id, at, actor, event, satisfaction, note) \
                 SELECT id, $1, 'hotline', $2, CASE WHEN $2 = 'closed' THEN 4 END, $3 FROM appeals WHERE ref = 'h1'",
            )
            .bind(encode_timestamp(at.checked_add(jiff::SignedDuration::from_hours(k)).expect("t")))
            .bind(event)
            .bind(note)
            .execute(store.pool())
            .await
            .expect("raw row");
        }
        let read = store.appeal("h1").await.expect("read").expect("h1");
        let events: Vec<&str> = read.changes.iter().map(|c| c.event.name()).collect();
        assert_eq!(events, ["answered", "closed", "rated"]);
        assert_eq!(read.changes[2].event, Event::Rated { satisfaction: 4 });
        assert_eq!(read.stored_changes, 2, "two rows, three changes");
        let e = sqlx::query("DELETE FROM appeal_changes")
            .execute(store.pool())
            .await
            .expect_err("append-only");
        assert!(e.to_string().contains("never deleted"), "{e}");
    }
}
