//! Facilities and their beds.

use fangkong_domain::registry::Place;
use fangkong_domain::registry::facility::Facility;
use jiff::Timestamp;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::encode_timestamp;
use crate::{Store, StoreError};

/// A facility as stored: its unit by code (the caller places it in a tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFacility {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: Place,
    /// The unit it stands in.
    pub unit: fangkong_domain::UnitCode,
    /// Beds: ordinary, severe, critical.
    pub beds: [u32; 3],
}

impl StoredFacility {
    /// The domain's facility, placed in `tree` (if its unit is there).
    pub fn in_tree(&self, tree: &fangkong_domain::UnitTree) -> Option<Facility> {
        Some(Facility {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            unit: tree.index_of(&self.unit)?,
            beds: self.beds,
        })
    }
}

/// Beds in use per day, by facility and bed kind.
pub type Occupancy = Vec<(
    fangkong_domain::Day,
    std::collections::HashMap<(String, fangkong_domain::registry::facility::Bed), u32>,
)>;

impl Store {
    /// The facilities, and their beds in use on each day from `from` to `to`.
    pub async fn occupancy(
        &self,
        from: fangkong_domain::Day,
        to: fangkong_domain::Day,
    ) -> Result<(Vec<StoredFacility>, Occupancy), StoreError> {
        let facilities = self.facilities().await?;
        let stays: Vec<_> = self
            .stored_stays()
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        Ok((
            facilities,
            fangkong_domain::registry::facility::occupancy_by_day(&stays, from, to),
        ))
    }

    /// Adds facilities (new codes) or changes their beds, in one transaction and
    /// one audit line per facility.
    pub async fn put_facilities(
        &self,
        facilities: &[(StoredFacility, i64)],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for (f, unit_id) in facilities {
            let old: Option<(i64, i64, i64)> = sqlx::query_as(
                "SELECT beds_ordinary, beds_severe, beds_critical FROM facilities WHERE code = $1",
            )
            .bind(&f.code)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO facilities (code, name, kind, unit_id, beds_ordinary, beds_severe, beds_critical, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 kind = excluded.kind, unit_id = excluded.unit_id, beds_ordinary = excluded.beds_ordinary, \
                 beds_severe = excluded.beds_severe, beds_critical = excluded.beds_critical, recorded_at = excluded.recorded_at",
            )
            .bind(&f.code)
            .bind(&f.name)
            .bind(f.kind.name())
            .bind(unit_id)
            .bind(i64::from(f.beds[0]))
            .bind(i64::from(f.beds[1]))
            .bind(i64::from(f.beds[2]))
            .bind(encode_timestamp(at))
            .execute(&mut *tx)
            .await?;
            audit::append(
                &mut tx,
                &AuditEntry::new(at, Some(actor), "facility.put", Outcome::Done)
                    .on(f.code.clone())
                    .values(
                        old.map(|(a, b, c)| format!("beds {a}/{b}/{c}")),
                        Some(format!(
                            "{} {} beds {}/{}/{}",
                            f.name,
                            f.kind.name(),
                            f.beds[0],
                            f.beds[1],
                            f.beds[2]
                        )),
                    ),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every facility.
    pub async fn facilities(&self) -> Result<Vec<StoredFacility>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.code, f.name, f.kind, u.code AS unit, f.beds_ordinary, f.beds_severe, f.beds_critical \
             FROM facilities f JOIN units u ON u.id = f.unit_id ORDER BY f.code",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.get("kind");
                let bed = |c: &str| crate::codec::decode_count(r.get(c), c);
                Ok(StoredFacility {
                    code: r.get("code"),
                    name: r.get("name"),
                    kind: Place::parse(&kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("facility kind {kind:?}")))?,
                    unit: crate::codec::decode_code(r.get("unit"))?,
                    beds: [
                        bed("beds_ordinary")?,
                        bed("beds_severe")?,
                        bed("beds_critical")?,
                    ],
                })
            })
            .collect()
    }
}
