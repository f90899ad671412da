//! Care records: what was done for the people who work (rest, equipment,
//! insurance, recognition, hardship help, professional posts), kept once.

use fangkong_domain::Day;
use fangkong_domain::rota::{CareKind, CareRecord};
use jiff::Timestamp;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_day, encode_timestamp};
use crate::{Store, StoreError};

impl Store {
    /// Adds `records` in one transaction; every person must be on the roster.
    /// One audit entry says how many, without names.
    pub async fn put_care(
        &self,
        records: &[CareRecord],
        at: Timestamp,
        actor: &str,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let keys = crate::staff::staff_keys(&mut tx).await?;
        let at_text = encode_timestamp(at);
        for r in records {
            let (id, _) = keys.get(&r.person).ok_or_else(|| {
                StoreError::Conflict(format!("{} is not on the roster", r.person))
            })?;
            sqlx::query(
                "INSERT INTO care_records (staff_id, day, kind, amount, note, recorded_at, recorded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(r.day.to_string())
            .bind(r.kind.name())
            .bind(r.amount.map(i64::from))
            .bind(&r.note)
            .bind(&at_text)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
        }
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "care.add", Outcome::Done)
                .values(None, Some(format!("{} care records", records.len()))),
        )
        .await?;
        tx.commit().await?;
        Ok(records.len())
    }

    /// Every care record from `from` through `through`, by day then person.
    pub async fn care(&self, from: Day, through: Day) -> Result<Vec<CareRecord>, StoreError> {
        sqlx::query(
            "SELECT s.person_id, c.day, c.kind, c.amount, c.note FROM care_records c \
             JOIN staff s ON s.id = c.staff_id WHERE c.day >= $1 AND c.day <= $2 \
             ORDER BY c.day, s.person_id, c.id",
        )
        .bind(from.to_string())
        .bind(through.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.get("kind");
            let amount: Option<i64> = r.get("amount");
            Ok(CareRecord {
                person: r.get("person_id"),
                day: decode_day(r.get("day"))?,
                kind: CareKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("care kind {kind:?}")))?,
                amount: amount.map(|a| u32::try_from(a).unwrap_or(u32::MAX)),
                note: r.get("note"),
            })
        })
        .collect()
    }
}
