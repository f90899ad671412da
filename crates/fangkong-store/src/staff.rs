//! The roster: the people who work in communities and villages and the days
//! each is away, written whole per import and read whole for planning rotas.

use std::collections::{BTreeSet, HashMap};

use fangkong_domain::rota::{Staff, StaffKind};
use jiff::Timestamp;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_day, encode_timestamp};
use crate::{Store, StoreError};

/// What writing a roster did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StaffWritten {
    /// People not on the roster before.
    pub added: usize,
    /// People whose name, kind, unit or days away changed.
    pub changed: usize,
    /// People as they were.
    pub unchanged: usize,
}

impl Store {
    /// Writes `staff` (each person's unit key beside them) in one
    /// transaction: a person already on the roster (by `person_id`) takes the
    /// new name, kind, unit and days away. Each addition or change is in the
    /// audit log, without the person's name.
    pub async fn put_staff(
        &self,
        staff: &[(Staff, i64)],
        at: Timestamp,
        actor: &str,
    ) -> Result<StaffWritten, StoreError> {
        let stored: HashMap<String, Staff> = self
            .staff()
            .await?
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect();
        let at_text = encode_timestamp(at);
        let mut written = StaffWritten::default();
        let mut tx = self.begin_write().await?;
        for (s, unit_id) in staff {
            let before = stored.get(&s.id);
            if before == Some(s) {
                written.unchanged += 1;
                continue;
            }
            let id: i64 = sqlx::query(
                "INSERT INTO staff (person_id, name, kind, unit_id, recorded_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (person_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                 unit_id = excluded.unit_id, recorded_at = excluded.recorded_at RETURNING id",
            )
            .bind(&s.id)
            .bind(&s.name)
            .bind(s.kind.name())
            .bind(unit_id)
            .bind(&at_text)
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
            let describe =
                |s: &Staff| format!("{} {} {} days away", s.kind.name(), s.unit, s.away.len());
            audit::append(
                &mut tx,
                &AuditEntry::new(at, Some(actor), "staff.put", Outcome::Done)
                    .on(s.id.clone())
                    .values(before.map(describe), Some(describe(s))),
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

    /// Every person on the roster with their days away, by `person_id`.
    pub async fn staff(&self) -> Result<Vec<Staff>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.id, s.person_id, s.name, s.kind, u.code AS unit \
             FROM staff s JOIN units u ON u.id = s.unit_id ORDER BY s.person_id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut away: HashMap<i64, BTreeSet<fangkong_domain::Day>> = HashMap::new();
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
                Ok(Staff {
                    id: r.get("person_id"),
                    name: r.get("name"),
                    kind: StaffKind::parse(&kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("staff kind {kind:?}")))?,
                    unit: decode_code(r.get("unit"))?,
                    away: away.remove(&key).unwrap_or_default(),
                })
            })
            .collect()
    }
}
