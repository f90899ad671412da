//! Published series and annotations: the official figures a unit's health
//! commission printed, and the notes on days that are not epidemic growth.

use fangkong_domain::published::AnnotationKind;
use fangkong_domain::{Annotation, PublishedDay, UnitCode};
use jiff::Timestamp;
use sqlx::Row;

use std::collections::HashMap;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_count, decode_day, encode_timestamp};
use crate::sql::Sql;
use crate::{Store, StoreError};

const CHUNK: usize = 1_000;

impl Store {
    /// A unit's published series, in date order.
    pub async fn published_series(&self, unit: &UnitCode) -> Result<Vec<PublishedDay>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.day, p.new_confirmed, p.new_suspected, p.new_dead, p.new_cured,
                    p.cum_confirmed, p.cum_dead, p.cum_cured
             FROM published_figures p JOIN units u ON u.id = p.unit_id
             WHERE u.code = $1 ORDER BY p.day",
        )
        .bind(unit.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PublishedDay::of_figures(
                    decode_day(row.get("day"))?,
                    PublishedDay::FIGURES.map(|f| row.get(f)),
                ))
            })
            .collect()
    }

    /// Writes days of a unit's published series in one transaction; a day already
    /// stored takes the new figures (the caller decides whether that is allowed).
    pub async fn put_published(
        &self,
        unit_id: i64,
        days: &[PublishedDay],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let when = at;
        let at = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        // Figures replaced in place keep their old values in the audit log.
        let stored: HashMap<String, [Option<i64>; 7]> = sqlx::query(
            "SELECT day, new_confirmed, new_suspected, new_dead, new_cured, cum_confirmed, cum_dead, cum_cured \
             FROM published_figures WHERE unit_id = $1",
        )
        .bind(unit_id)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.get("day"),
                PublishedDay::FIGURES.map(|f| r.get(f)),
            )
        })
        .collect();
        let mut added = 0usize;
        for d in days {
            let new = d.figures();
            match stored.get(&d.day.to_string()) {
                None => added += 1,
                Some(old) if *old != new => {
                    audit::append(
                        &mut tx,
                        &AuditEntry::new(when, Some(actor), "published.change", Outcome::Done)
                            .on(format!("unit#{unit_id} {}", d.day))
                            .values(Some(figures(old)), Some(figures(&new))),
                    )
                    .await?;
                }
                Some(_) => {}
            }
        }
        if added > 0 {
            audit::append(
                &mut tx,
                &AuditEntry::new(when, Some(actor), "published.add", Outcome::Done)
                    .on(format!("unit#{unit_id}"))
                    .values(None, Some(format!("{added} days"))),
            )
            .await?;
        }
        for chunk in days.chunks(CHUNK) {
            let mut q = Sql::new(
                "INSERT INTO published_figures (unit_id, day, new_confirmed, new_suspected, new_dead, new_cured, \
                 cum_confirmed, cum_dead, cum_cured, recorded_at) ",
            );
            q.push_values(chunk, |mut b, d| {
                b.push_bind(unit_id)
                    .push_bind(d.day.to_string())
                    .push_bind(d.new_confirmed)
                    .push_bind(d.new_suspected)
                    .push_bind(d.new_dead)
                    .push_bind(d.new_cured)
                    .push_bind(d.cum_confirmed)
                    .push_bind(d.cum_dead)
                    .push_bind(d.cum_cured)
                    .push_bind(at.clone());
            });
            q.push(
                " ON CONFLICT (unit_id, day) DO UPDATE SET new_confirmed = excluded.new_confirmed, \
                 new_suspected = excluded.new_suspected, new_dead = excluded.new_dead, \
                 new_cured = excluded.new_cured, cum_confirmed = excluded.cum_confirmed, \
                 cum_dead = excluded.cum_dead, cum_cured = excluded.cum_cured, \
                 recorded_at = excluded.recorded_at",
            );
            q.build(self.backend()).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every annotation, or those of one unit, in date order.
    pub async fn annotations(
        &self,
        unit: Option<&UnitCode>,
    ) -> Result<Vec<Annotation>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.code, a.day, a.kind, a.excluded_from_trend, a.note
             FROM annotations a JOIN units u ON u.id = a.unit_id
             WHERE $1 IS NULL OR u.code = $1 ORDER BY a.day, u.code, a.kind",
        )
        .bind(unit.map(UnitCode::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.get("kind");
                let excluded: Option<i64> = row.get("excluded_from_trend");
                Ok(Annotation {
                    day: decode_day(row.get("day"))?,
                    unit: decode_code(row.get("code"))?,
                    kind: AnnotationKind::parse(&kind)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    excluded_from_trend: excluded
                        .map(|n| decode_count(n, "excluded_from_trend"))
                        .transpose()?,
                    note: row.get("note"),
                })
            })
            .collect()
    }

    /// Writes annotations in one transaction; one already stored for the same unit,
    /// day and kind takes the new text and figure.
    pub async fn put_annotations(
        &self,
        rows: &[(i64, Annotation)],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let when = at;
        let at = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        if !rows.is_empty() {
            audit::append(
                &mut tx,
                &AuditEntry::new(when, Some(actor), "annotations.put", Outcome::Done).values(
                    None,
                    Some(
                        rows.iter()
                            .map(|(_, a)| format!("{} {}", a.day, a.kind.name()))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ),
            )
            .await?;
        }
        for chunk in rows.chunks(CHUNK) {
            let mut q = Sql::new(
                "INSERT INTO annotations (unit_id, day, kind, excluded_from_trend, note, recorded_at) ",
            );
            q.push_values(chunk, |mut b, (unit_id, a)| {
                b.push_bind(*unit_id)
                    .push_bind(a.day.to_string())
                    .push_bind(a.kind.name())
                    .push_bind(a.excluded_from_trend.map(i64::from))
                    .push_bind(a.note.clone())
                    .push_bind(at.clone());
            });
            q.push(
                " ON CONFLICT (unit_id, day, kind) DO UPDATE SET excluded_from_trend = \
                 excluded.excluded_from_trend, note = excluded.note, recorded_at = excluded.recorded_at",
            );
            q.build(self.backend()).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Figures as the audit log keeps them: `name=value`, `missing` for a blank.
fn figures(f: &[Option<i64>; 7]) -> String {
    PublishedDay::FIGURES
        .iter()
        .zip(f)
        .map(|(name, x)| {
            format!(
                "{name}={}",
                x.map_or("missing".to_string(), |n| n.to_string())
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}
