//! Inspections (明察暗访): the inspector roster, each inspection's findings as
//! recorded with what the unit attested that day, and the holds they put on
//! certification.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fangkong_domain::inspections::{Hold, InspectionOutcome, contradicted, holds};
use fangkong_domain::report::{Measure, MeasuresInPlace};
use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_day, decode_timestamp, encode_timestamp, flag};
use crate::{Store, StoreError};

/// An inspector as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspector {
    /// The inspector's code on the roster (stable, e.g. `JA-I01`).
    pub code: String,
    /// Their name.
    pub name: String,
    /// The unit they belong to (never inspected by them), if any.
    pub unit: Option<UnitCode>,
    /// The account they sign in with, if any.
    pub account: Option<String>,
}

/// An inspector on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredInspector {
    /// The database key.
    pub id: i64,
    /// The roster code.
    pub code: String,
    /// The name.
    pub name: String,
    /// The unit they belong to.
    pub unit: Option<UnitCode>,
    /// The account they sign in with.
    pub account: Option<String>,
}

/// A photo kept with a finding (EXIF already stripped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The image.
    pub bytes: Vec<u8>,
    /// Its media type.
    pub media_type: String,
}

/// An inspection to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    /// The unit inspected (a reporting unit).
    pub unit: UnitCode,
    /// The day (Asia/Shanghai) of the visit.
    pub day: Day,
    /// When the inspector was there.
    pub at: Timestamp,
    /// The inspector's roster code.
    pub inspector: Option<String>,
    /// An open inspection (明查) rather than an unannounced one (暗访).
    pub announced: bool,
    /// The measures found in place.
    pub found: MeasuresInPlace,
    /// What the inspector noted.
    pub note: String,
    /// A photo, if taken.
    pub photo: Option<Photo>,
}

/// An inspection as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredInspection {
    /// Its key.
    pub id: i64,
    /// The unit.
    pub unit: UnitCode,
    /// The day.
    pub day: Day,
    /// When.
    pub at: Timestamp,
    /// The inspector's roster code and name.
    pub inspector: Option<(String, String)>,
    /// Open (明查) rather than unannounced (暗访).
    pub announced: bool,
    /// The measures found in place.
    #[serde(serialize_with = "serialize_measures")]
    pub found: MeasuresInPlace,
    /// Passed or failed.
    pub outcome: InspectionOutcome,
    /// What the unit's report of that day attested, when the finding was
    /// recorded (`None`: it had not reported).
    #[serde(serialize_with = "serialize_attested")]
    pub attested: Option<MeasuresInPlace>,
    /// Measures attested but not found: data-truth findings.
    pub contradicted: Vec<Measure>,
    /// The note.
    pub note: String,
    /// Whether a photo is kept.
    pub has_photo: bool,
    /// Who recorded it.
    pub recorded_by: String,
}

fn serialize_measures<S: serde::Serializer>(m: &MeasuresInPlace, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(6))?;
    for measure in Measure::ALL {
        map.serialize_entry(measure.field(), &m.get(measure))?;
    }
    map.end()
}

fn serialize_attested<S: serde::Serializer>(
    m: &Option<MeasuresInPlace>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => serialize_measures(m, s),
        None => s.serialize_none(),
    }
}

/// A unit's last inspection, for the next plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastInspection {
    /// Its day.
    pub day: Day,
    /// Whether it passed.
    pub passed: bool,
    /// Its inspector's key.
    pub inspector_id: Option<i64>,
}

const INSPECTION_COLUMNS: &str = "i.id, u.code, i.day, i.at, n.code AS inspector_code, \
     n.name AS inspector_name, i.announced, i.found, i.passed, i.attested, i.contradicted, \
     i.note, CASE WHEN i.photo IS NULL THEN 0 ELSE 1 END AS has_photo, i.recorded_by";

fn measures_of(bits: i64) -> MeasuresInPlace {
    MeasuresInPlace::from_bits(u8::try_from(bits & 0x3F).unwrap_or(0))
}

fn decode_inspection(r: &sqlx::any::AnyRow) -> Result<StoredInspection, StoreError> {
    let code: Option<String> = r.get("inspector_code");
    let name: Option<String> = r.get("inspector_name");
    let attested: Option<i64> = r.get("attested");
    let found = measures_of(r.get("found"));
    Ok(StoredInspection {
        id: r.get("id"),
        unit: decode_code(r.get("code"))?,
        day: decode_day(r.get("day"))?,
        at: decode_timestamp(r.get("at"))?,
        inspector: code.zip(name),
        announced: flag(r, "announced"),
        found,
        outcome: if flag(r, "passed") {
            InspectionOutcome::Passed
        } else {
            InspectionOutcome::Failed
        },
        attested: attested.map(measures_of),
        contradicted: set_in(measures_of(r.get("contradicted"))),
        note: r.get("note"),
        has_photo: flag(r, "has_photo"),
        recorded_by: r.get("recorded_by"),
    })
}

/// The measures set in a mask (the contradicted column: set means contradicted).
fn set_in(mask: MeasuresInPlace) -> Vec<Measure> {
    Measure::ALL.into_iter().filter(|&m| mask.get(m)).collect()
}

impl Store {
    /// Adds or updates inspectors by roster code, all or nothing; a unit not
    /// in the tree refuses the whole list, naming the inspector.
    pub async fn put_inspectors(
        &self,
        inspectors: &[NewInspector],
        at: Timestamp,
        actor: &str,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let at_text = encode_timestamp(at);
        for i in inspectors {
            let unit_id: Option<i64> = match &i.unit {
                None => None,
                Some(code) => Some(
                    sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
                        .bind(code.as_str())
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or_else(|| {
                            StoreError::Conflict(format!(
                                "inspector {}: unit {code} is not in the tree",
                                i.code
                            ))
                        })?,
                ),
            };
            sqlx::query(
                "INSERT INTO inspectors (code, name, unit_id, account, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id, \
                 account = excluded.account",
            )
            .bind(&i.code)
            .bind(&i.name)
            .bind(unit_id)
            .bind(i.account.as_deref())
            .bind(&at_text)
            .execute(&mut *tx)
            .await?;
        }
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "inspectors.put", Outcome::Done)
                .values(None, Some(format!("{} inspectors", inspectors.len()))),
        )
        .await?;
        tx.commit().await?;
        Ok(inspectors.len())
    }

    /// The inspector roster, by code.
    pub async fn inspectors(&self) -> Result<Vec<StoredInspector>, StoreError> {
        sqlx::query(
            "SELECT n.id, n.code, n.name, u.code AS unit_code, n.account FROM inspectors n \
             LEFT JOIN units u ON u.id = n.unit_id ORDER BY n.code",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let unit: Option<String> = r.get("unit_code");
            Ok(StoredInspector {
                id: r.get("id"),
                code: r.get("code"),
                name: r.get("name"),
                unit: unit.map(|u| decode_code(&u)).transpose()?,
                account: r.get("account"),
            })
        })
        .collect()
    }

    /// Records inspections in one transaction, each with what its unit's
    /// latest report of the day attested at this moment; one audit entry per
    /// inspection (unit, outcome and contradictions; no names). Returns the
    /// stored inspections.
    pub async fn record_inspections(
        &self,
        inspections: &[NewInspection],
        at: Timestamp,
        actor: &str,
    ) -> Result<Vec<StoredInspection>, StoreError> {
        let mut tx = self.begin_write().await?;
        let at_text = encode_timestamp(at);
        let mut ids = Vec::with_capacity(inspections.len());
        for (n, i) in inspections.iter().enumerate() {
            let line = n + 1;
            let unit_id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
                .bind(i.unit.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| {
                    StoreError::Conflict(format!(
                        "inspection {line}: unit {} is not in the tree",
                        i.unit
                    ))
                })?;
            let inspector_id: Option<i64> = match &i.inspector {
                None => None,
                Some(code) => Some(
                    sqlx::query_scalar("SELECT id FROM inspectors WHERE code = $1")
                        .bind(code)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or_else(|| {
                            StoreError::Conflict(format!(
                                "inspection {line}: inspector {code} is not on the roster"
                            ))
                        })?,
                ),
            };
            let attested: Option<MeasuresInPlace> = sqlx::query(
                "SELECT closed_management, screening, disinfection, supplies, stability, publicity \
                 FROM report_revisions WHERE unit_id = $1 AND day = $2 ORDER BY revision DESC LIMIT 1",
            )
            .bind(unit_id)
            .bind(i.day.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| {
                Measure::ALL
                    .into_iter()
                    .fold(MeasuresInPlace::NONE, |m, x| m.with(x, flag(&r, x.field())))
            });
            let passed = InspectionOutcome::of(i.found) == InspectionOutcome::Passed;
            let against = contradicted(attested, i.found);
            let against_bits = against
                .iter()
                .fold(MeasuresInPlace::NONE, |m, &x| m.with(x, true));
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO inspections (unit_id, day, at, inspector_id, announced, found, passed, attested, \
                 contradicted, note, photo, photo_type, recorded_at, recorded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(unit_id)
            .bind(i.day.to_string())
            .bind(encode_timestamp(i.at))
            .bind(inspector_id)
            .bind(i64::from(i.announced))
            .bind(i64::from(i.found.bits()))
            .bind(i64::from(passed))
            .bind(attested.map(|m| i64::from(m.bits())))
            .bind(i64::from(against_bits.bits()))
            .bind(&i.note)
            .bind(i.photo.as_ref().map(|p| STANDARD.encode(&p.bytes)))
            .bind(i.photo.as_ref().map(|p| p.media_type.clone()))
            .bind(&at_text)
            .bind(actor)
            .fetch_one(&mut *tx)
            .await?;
            let outcome = if passed { "passed" } else { "failed" };
            let detail = if against.is_empty() {
                outcome.to_string()
            } else {
                let list: Vec<&str> = against.iter().map(|m| m.field()).collect();
                format!("{outcome}; attested but not found: {}", list.join(", "))
            };
            audit::append(
                &mut tx,
                &AuditEntry::new(at, Some(actor), "inspection.record", Outcome::Done)
                    .on(format!("unit {} on {}", i.unit, i.day))
                    .values(None, Some(detail)),
            )
            .await?;
            ids.push(id);
        }
        tx.commit().await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.inspection(id).await?.ok_or(StoreError::NotFound)?);
        }
        Ok(out)
    }

    /// One inspection.
    pub async fn inspection(&self, id: i64) -> Result<Option<StoredInspection>, StoreError> {
        let sql = format!(
            "SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN units u ON u.id = i.unit_id \
             LEFT JOIN inspectors n ON n.id = i.inspector_id WHERE i.id = $1"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(decode_inspection)
            .transpose()
    }

    /// Every inspection from `from` through `through`, newest first.
    pub async fn inspections(
        &self,
        from: Day,
        through: Day,
    ) -> Result<Vec<StoredInspection>, StoreError> {
        let sql = format!(
            "SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN units u ON u.id = i.unit_id \
             LEFT JOIN inspectors n ON n.id = i.inspector_id WHERE i.day >= $1 AND i.day <= $2 \
             ORDER BY i.day DESC, i.at DESC, i.id DESC"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from.to_string())
            .bind(through.to_string())
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(decode_inspection)
            .collect()
    }

    /// The photo kept with an inspection, if any.
    pub async fn inspection_photo(&self, id: i64) -> Result<Option<Photo>, StoreError> {
        let row = sqlx::query("SELECT photo, photo_type FROM inspections WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let photo: Option<String> = row.get("photo");
        let media_type: Option<String> = row.get("photo_type");
        match (photo, media_type) {
            (Some(p), Some(t)) => Ok(Some(Photo {
                bytes: STANDARD
                    .decode(p)
                    .map_err(|e| StoreError::Corrupt(format!("inspection photo {id}: {e}")))?,
                media_type: t,
            })),
            _ => Ok(None),
        }
    }

    /// The holds failed inspections put on units (by unit key), in order,
    /// from the inspections recorded by `as_of` (all, if `None`).
    pub async fn inspection_holds(
        &self,
        as_of: Option<Timestamp>,
    ) -> Result<Vec<Hold<i64>>, StoreError> {
        let rows = sqlx::query(
            "SELECT unit_id, day, passed, recorded_at FROM inspections ORDER BY unit_id, day, at, id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut list = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(t) = as_of
                && decode_timestamp(r.get("recorded_at"))? > t
            {
                continue;
            }
            list.push((
                r.get::<i64, _>("unit_id"),
                decode_day(r.get("day"))?,
                flag(r, "passed"),
            ));
        }
        Ok(holds(list))
    }

    /// Each unit's last inspection on or before `day`, by unit key.
    pub async fn last_inspections(
        &self,
        day: Day,
    ) -> Result<HashMap<i64, LastInspection>, StoreError> {
        let rows = sqlx::query(
            "SELECT unit_id, day, passed, inspector_id FROM inspections WHERE day <= $1 \
             ORDER BY unit_id, day, at, id",
        )
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?;
        let mut out = HashMap::new();
        for r in &rows {
            out.insert(
                r.get::<i64, _>("unit_id"),
                LastInspection {
                    day: decode_day(r.get("day"))?,
                    passed: flag(r, "passed"),
                    inspector_id: r.get("inspector_id"),
                },
            );
        }
        Ok(out)
    }
}

impl Store {
    /// The inspections of `day` that failed, each an alert about its unit:
    /// high where the day's report attested what the inspector did not find.
    pub(crate) async fn inspection_alerts(
        &self,
        loaded: &crate::Loaded,
        day: Day,
        raised: &mut Vec<crate::alerts::RaisedAlert>,
    ) -> Result<(), StoreError> {
        use crate::alerts::{Why, WhyValue, about_unit};
        use fangkong_domain::alerts::{AlertKind, Severity};
        let tree = loaded.engine.tree();
        for i in self.inspections(day, day).await? {
            if i.outcome == InspectionOutcome::Passed {
                continue;
            }
            let Some(unit) = tree.get(&i.unit) else {
                continue;
            };
            let missing: Vec<&'static str> = i.found.missing().iter().map(|m| m.field()).collect();
            let mut alert = about_unit(
                AlertKind::InspectionFailed,
                if i.contradicted.is_empty() {
                    Severity::Medium
                } else {
                    Severity::High
                },
                unit,
                Why::new(
                    if i.contradicted.is_empty() {
                        "alert-inspection-failed"
                    } else {
                        "alert-inspection-contradicts"
                    },
                    vec![
                        ("unit", WhyValue::Name(unit.name.clone())),
                        ("measures", WhyValue::Measures(missing)),
                    ],
                ),
            );
            // One alert per inspection: a unit visited twice in a day fails twice.
            alert.key = format!("{}.{}", i.unit, i.id);
            raised.push(alert);
        }
        Ok(())
    }
}
