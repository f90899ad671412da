//! Units and their dated versions.

use std::collections::HashMap;

use fangkong_domain::unit::{UnitHistory, UnitVersion};
use fangkong_domain::{UnitCode, UnitKind};
use jiff::Timestamp;
use sqlx::{Any, Row, Transaction};

use crate::Backend;
use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_count, decode_day, encode_timestamp};
use crate::sql::Sql;
use crate::{Store, StoreError};

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters.
const CHUNK: usize = 1_000;

/// Every stored unit: the domain's history, plus the database key of each code.
#[derive(Debug, Clone, Default)]
pub struct StoredUnits {
    /// Every version of every unit.
    pub history: UnitHistory,
    /// The database key of each unit code.
    pub ids: HashMap<UnitCode, i64>,
}

impl Store {
    /// Loads every unit and every version.
    pub async fn units(&self) -> Result<StoredUnits, StoreError> {
        let mut out = StoredUnits::default();
        for row in sqlx::query("SELECT id, code FROM units")
            .fetch_all(&self.pool)
            .await?
        {
            out.ids.insert(decode_code(row.get("code"))?, row.get("id"));
        }
        let rows = sqlx::query(
            "SELECT u.code, v.valid_from, v.name, v.kind, v.parent_code, v.population, v.retired, v.reason, v.from_address_list
             FROM unit_versions v JOIN units u ON u.id = v.unit_id",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            let valid_from: Option<String> = row.get("valid_from");
            let parent: Option<String> = row.get("parent_code");
            let population: Option<i64> = row.get("population");
            let kind: String = row.get("kind");
            let version = UnitVersion {
                valid_from: valid_from.as_deref().map(decode_day).transpose()?,
                name: row.get("name"),
                kind: UnitKind::parse(&kind).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                parent: parent.as_deref().map(decode_code).transpose()?,
                population: population
                    .map(|p| decode_count(p, "population"))
                    .transpose()?,
                retired: crate::codec::flag(&row, "retired"),
                reason: row.get("reason"),
                from_address_list: crate::codec::flag(&row, "from_address_list"),
            };
            out.history.push(decode_code(row.get("code"))?, version);
        }
        Ok(out)
    }

    /// Adds new units with their first versions, all in one transaction.
    /// `actor` is recorded in the audit log with what was added.
    pub async fn add_units(
        &self,
        units: &[(UnitCode, UnitVersion)],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        Self::insert_units(&mut tx, units, &encode_timestamp(at)).await?;
        if let Some(entry) = units_added_entry(units, at, actor) {
            audit::append(&mut tx, &entry).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Inserts units and their first versions inside an open transaction.
    pub(crate) async fn insert_units(
        tx: &mut Transaction<'static, Any>,
        units: &[(UnitCode, UnitVersion)],
        at: &str,
    ) -> Result<(), StoreError> {
        if units.is_empty() {
            return Ok(());
        }
        for chunk in units.chunks(CHUNK) {
            let mut q = Sql::new("INSERT INTO units (code, created_at) ");
            q.push_values(chunk, |mut b, (code, _)| {
                b.push_bind(code.as_str().to_string())
                    .push_bind(at.to_string());
            });
            q.build(Backend::of(tx)).execute(&mut **tx).await?;
        }
        let ids: HashMap<String, i64> = sqlx::query("SELECT id, code FROM units")
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .map(|r| (r.get("code"), r.get("id")))
            .collect();
        for chunk in units.chunks(CHUNK) {
            let mut q = Sql::new(
                "INSERT INTO unit_versions (unit_id, valid_from, name, kind, parent_code, population, retired, reason, recorded_at, from_address_list) ",
            );
            q.push_values(chunk, |mut b, (code, v)| {
                b.push_bind(ids.get(code.as_str()).copied())
                    .push_bind(v.valid_from.map(|d| d.to_string()))
                    .push_bind(v.name.clone())
                    .push_bind(v.kind.name())
                    .push_bind(v.parent.as_ref().map(|p| p.as_str().to_string()))
                    .push_bind(v.population.map(i64::from))
                    .push_bind(i64::from(v.retired))
                    .push_bind(v.reason.clone())
                    .push_bind(at.to_string())
                    .push_bind(i64::from(v.from_address_list));
            });
            q.build(Backend::of(tx)).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Appends a version to an existing unit.
    /// `actor` is recorded in the audit log with the old and new versions.
    pub async fn add_unit_version(
        &self,
        code: &UnitCode,
        version: &UnitVersion,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query_scalar(
            "SELECT v.name || ' ' || v.kind || ' under ' || coalesce(v.parent_code, '-') || \
             ' population ' || coalesce(CAST(v.population AS TEXT), '-') || CASE WHEN v.retired = 1 THEN ' retired' ELSE '' END \
             FROM unit_versions v JOIN units u ON u.id = v.unit_id WHERE u.code = $1 \
             ORDER BY v.id DESC LIMIT 1",
        )
        .bind(code.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let done = sqlx::query(
            "INSERT INTO unit_versions (unit_id, valid_from, name, kind, parent_code, population, retired, reason, recorded_at, from_address_list)
             SELECT id, $1, $2, $3, $4, $5, $6, $7, $8, $10 FROM units WHERE code = $9",
        )
        .bind(version.valid_from.map(|d| d.to_string()))
        .bind(&version.name)
        .bind(version.kind.name())
        .bind(version.parent.as_ref().map(|p| p.as_str()))
        .bind(version.population.map(i64::from))
        .bind(i64::from(version.retired))
        .bind(&version.reason)
        .bind(encode_timestamp(at))
        .bind(code.as_str())
        .bind(i64::from(version.from_address_list))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "unit.change", Outcome::Done)
                .on(code.as_str())
                .values(before, Some(version_summary(version)))
                .because(version.reason.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a unit that nothing refers to. A unit with reports, published figures
    /// or annotations is refused with [`StoreError::Conflict`]: retire it instead.
    pub async fn delete_unit(
        &self,
        code: &UnitCode,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query("SELECT id FROM units WHERE code = $1")
            .bind(code.as_str())
            .fetch_one(&mut *tx)
            .await?
            .get("id");
        sqlx::query("DELETE FROM unit_versions WHERE unit_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM units WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "unit.delete", Outcome::Done).on(code.as_str()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A unit version in one line, for the audit log.
fn version_summary(v: &UnitVersion) -> String {
    format!(
        "{} {} under {} population {}{}{}",
        v.name,
        v.kind.name(),
        v.parent.as_ref().map_or("-", |p| p.as_str()),
        v.population.map_or("-".to_string(), |p| p.to_string()),
        if v.retired { " retired" } else { "" },
        v.valid_from
            .map(|d| format!(" from {d}"))
            .unwrap_or_default()
    )
}

/// The audit entry for units added in bulk (one entry: an import of 7,000 units is
/// one change) or one at a time (the unit itself).
pub(crate) fn units_added_entry(
    units: &[(UnitCode, UnitVersion)],
    at: Timestamp,
    actor: &str,
) -> Option<AuditEntry> {
    let entry = AuditEntry::new(at, Some(actor), "units.add", Outcome::Done);
    match units {
        [] => None,
        [(code, v)] => Some(
            entry
                .on(code.as_str())
                .values(None, Some(version_summary(v))),
        ),
        [(first, _), .., (last, _)] => Some(
            entry
                .on(format!("{first}..{last}"))
                .values(None, Some(format!("{} units", units.len()))),
        ),
    }
}
