//! The roster: the people who work in communities and villages, how to reach
//! them, the days each is away, and where each worked when (postings).

use std::collections::{BTreeSet, HashMap};

use fangkong_domain::rota::{Profile, Rostered, Staff, StaffKind};
use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_day, encode_timestamp};
use crate::{Store, StoreError};

/// What writing a roster did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StaffWritten {
    /// People not on the roster before.
    pub added: usize,
    /// People whose name, kind, unit, contact, days away or leaving changed.
    pub changed: usize,
    /// People as they were.
    pub unchanged: usize,
}

/// Where a person worked, from one day until another (or still).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Posting {
    /// The community or village.
    pub unit: UnitCode,
    /// The first day there.
    pub from: Day,
    /// The first day no longer there (none: still there).
    pub until: Option<Day>,
}

/// Each roster id's staff key and unit key, read inside `tx` (the writes
/// that refer to people by roster id: the rota, care).
pub(crate) async fn staff_keys(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
) -> Result<HashMap<String, (i64, i64)>, StoreError> {
    Ok(sqlx::query("SELECT person_id, id, unit_id FROM staff")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| (r.get("person_id"), (r.get("id"), r.get("unit_id"))))
        .collect())
}

impl Store {
    /// Writes `staff` (each person's unit key beside them) in one
    /// transaction, as of the day `on`: a person already on the roster (by
    /// `person_id`) takes the new details; a new unit closes their posting
    /// on `on` and opens one there, and leaving closes it on the day left.
    /// Each addition or change is in the audit log, without names or phones.
    pub async fn put_staff(
        &self,
        staff: &[(Rostered, i64)],
        on: Day,
        at: Timestamp,
        actor: &str,
    ) -> Result<StaffWritten, StoreError> {
        let stored: HashMap<String, Rostered> = self
            .roster()
            .await?
            .into_iter()
            .map(|s| (s.staff.id.clone(), s))
            .collect();
        let at_text = encode_timestamp(at);
        let mut written = StaffWritten::default();
        let mut tx = self.begin_write().await?;
        for (r, unit_id) in staff {
            let s = &r.staff;
            let before = stored.get(&s.id);
            if before == Some(r) {
                written.unchanged += 1;
                continue;
            }
            let id: i64 = sqlx::query(
                "INSERT INTO staff (person_id, name, kind, unit_id, recorded_at, phone, affiliation, skills, account, left_on, email, pair_label) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (person_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                 unit_id = excluded.unit_id, recorded_at = excluded.recorded_at, phone = excluded.phone, \
                 affiliation = excluded.affiliation, skills = excluded.skills, account = excluded.account, \
                 left_on = excluded.left_on, email = excluded.email, pair_label = excluded.pair_label RETURNING id",
            )
            .bind(&s.id)
            .bind(&s.name)
            .bind(s.kind.name())
            .bind(unit_id)
            .bind(&at_text)
            .bind(r.profile.phone.clone())
            .bind(r.profile.affiliation.clone())
            .bind(r.profile.skills.join(";"))
            .bind(r.profile.account.clone())
            .bind(s.left_on.map(|d| d.to_string()))
            .bind(r.profile.email.clone())
            .bind(s.pair.clone())
            .fetch_one(&mut *tx)
            .await?
            .get("id");
            sqlx::query("DELETE FROM staff_away WHERE staff_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for day in &s.away {
                sqlx::query("INSERT INTO staff_away (staff_id, day) VALUES ($1, $2)")
                    .bind(id)
                    .bind(day.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            let moved = before.is_none_or(|b| b.staff.unit != s.unit);
            if moved {
                sqlx::query(
                    "UPDATE staff_postings SET until_day = $1 WHERE staff_id = $2 AND until_day IS NULL",
                )
                .bind(on.to_string())
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO staff_postings (staff_id, unit_id, from_day, until_day) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(unit_id)
                .bind(on.to_string())
                .bind(s.left_on.map(|d| d.to_string()))
                .execute(&mut *tx)
                .await?;
            } else if let Some(left) = s.left_on {
                sqlx::query(
                    "UPDATE staff_postings SET until_day = $1 WHERE staff_id = $2 AND until_day IS NULL",
                )
                .bind(left.to_string())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            let describe = |r: &Rostered| {
                let s = &r.staff;
                format!(
                    "{} {} {} days away{}",
                    s.kind.name(),
                    s.unit,
                    s.away.len(),
                    s.left_on
                        .map(|d| format!(", left on {d}"))
                        .unwrap_or_default()
                )
            };
            audit::append(
                &mut tx,
                &AuditEntry::new(at, Some(actor), "staff.put", Outcome::Done)
                    .on(s.id.clone())
                    .values(before.map(describe), Some(describe(r))),
            )
            .await?;
            if before.is_some() {
                written.changed += 1;
            } else {
                written.added += 1;
            }
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Every person on the roster with what planning needs, by `person_id`.
    pub async fn staff(&self) -> Result<Vec<Staff>, StoreError> {
        Ok(self.roster().await?.into_iter().map(|r| r.staff).collect())
    }

    /// Every person on the roster in full, by `person_id`.
    pub async fn roster(&self) -> Result<Vec<Rostered>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.id, s.person_id, s.name, s.kind, u.code AS unit, s.phone, s.affiliation, \
             s.skills, s.account, s.left_on, s.email, s.pair_label \
             FROM staff s JOIN units u ON u.id = s.unit_id ORDER BY s.person_id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut away: HashMap<i64, BTreeSet<Day>> = HashMap::new();
        for r in sqlx::query("SELECT staff_id, day FROM staff_away")
            .fetch_all(self.pool())
            .await?
        {
            away.entry(r.get("staff_id"))
                .or_default()
                .insert(decode_day(r.get("day"))?);
        }
        rows.iter()
            .map(|r| {
                let kind: String = r.get("kind");
                let key: i64 = r.get("id");
                let skills: String = r.get("skills");
                let left: Option<String> = r.get("left_on");
                Ok(Rostered {
                    staff: Staff {
                        id: r.get("person_id"),
                        name: r.get("name"),
                        kind: StaffKind::parse(&kind)
                            .ok_or_else(|| StoreError::Corrupt(format!("staff kind {kind:?}")))?,
                        unit: decode_code(r.get("unit"))?,
                        away: away.remove(&key).unwrap_or_default(),
                        left_on: left.as_deref().map(decode_day).transpose()?,
                        pair: r.get("pair_label"),
                    },
                    profile: Profile {
                        phone: r.get("phone"),
                        email: r.get("email"),
                        affiliation: r.get("affiliation"),
                        skills: skills
                            .split(';')
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect(),
                        account: r.get("account"),
                    },
                })
            })
            .collect()
    }

    /// Where the person `person_id` worked, oldest first.
    pub async fn postings(&self, person_id: &str) -> Result<Vec<Posting>, StoreError> {
        sqlx::query(
            "SELECT u.code, p.from_day, p.until_day FROM staff_postings p \
             JOIN staff s ON s.id = p.staff_id JOIN units u ON u.id = p.unit_id \
             WHERE s.person_id = $1 ORDER BY p.from_day, p.id",
        )
        .bind(person_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let until: Option<String> = r.get("until_day");
            Ok(Posting {
                unit: decode_code(r.get("code"))?,
                from: decode_day(r.get("from_day"))?,
                until: until.as_deref().map(decode_day).transpose()?,
            })
        })
        .collect()
    }
}
