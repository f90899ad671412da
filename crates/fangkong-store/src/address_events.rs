//! Case-address lists: the compounds they name and the days they were listed.

use std::collections::HashMap;

use fangkong_domain::unit::{UnitIndex, UnitVersion};
use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;
use sqlx::Row;

use crate::Backend;
use crate::codec::{decode_day, encode_timestamp};
use crate::sql::Sql;
use crate::{Store, StoreError, TreeKeys};

const CHUNK: usize = 1_000;

impl Store {
    /// Adds the new units of an address list and records its events (compound,
    /// day, entries), all in one transaction. An event already stored for the same
    /// compound and day takes the new count.
    pub async fn import_address_list(
        &self,
        units: &[(UnitCode, UnitVersion)],
        events: &[(UnitCode, Day, u32)],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let at_text = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        Self::insert_units(&mut tx, units, &at_text).await?;
        if let Some(entry) = crate::units::units_added_entry(units, at, actor) {
            crate::audit::append(&mut tx, &entry).await?;
        }
        let ids: HashMap<String, i64> = sqlx::query("SELECT id, code FROM units")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|r| (r.get("code"), r.get("id")))
            .collect();
        for chunk in events.chunks(CHUNK) {
            let mut q =
                Sql::new("INSERT INTO address_events (unit_id, day, entries, recorded_at) ");
            q.push_values(chunk, |mut b, (code, day, entries)| {
                b.push_bind(ids.get(code.as_str()).copied())
                    .push_bind(day.to_string())
                    .push_bind(i64::from(*entries))
                    .push_bind(at_text.clone());
            });
            q.push(" ON CONFLICT (day, unit_id) DO UPDATE SET entries = excluded.entries, recorded_at = excluded.recorded_at");
            q.build(Backend::of(&tx)).execute(&mut *tx).await?;
        }
        crate::audit::append(
            &mut tx,
            &crate::AuditEntry::new(
                at,
                Some(actor),
                "address_events.import",
                crate::Outcome::Done,
            )
            .values(None, Some(format!("{} events", events.len()))),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every stored address event as (unit key, day, entries).
    pub async fn address_events(&self) -> Result<Vec<(i64, Day, u32)>, StoreError> {
        let rows =
            sqlx::query("SELECT unit_id, day, entries FROM address_events ORDER BY day, unit_id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                let entries: i64 = r.get("entries");
                Ok((
                    r.get("unit_id"),
                    decode_day(r.get("day"))?,
                    entries.max(0) as u32,
                ))
            })
            .collect()
    }

    /// The days each unit of a tree (`len` units, by tree index) was named on
    /// a case-address list, sorted and distinct.
    pub async fn listed_days(
        &self,
        keys: &TreeKeys,
        len: usize,
    ) -> Result<Vec<Vec<Day>>, StoreError> {
        let mut listed: Vec<Vec<Day>> = vec![Vec::new(); len];
        for (id, day, _) in self.address_events().await? {
            if let Some(days) = keys.get(id).and_then(|i| listed.get_mut(i as usize)) {
                days.push(day);
            }
        }
        for days in &mut listed {
            days.sort();
            days.dedup();
        }
        Ok(listed)
    }

    /// The days with an event of each unit of a tree, by tree index (`len`
    /// units), sorted and distinct: the days a case-address list named it and
    /// the days its latest report revision counts a new case or contact. What
    /// zone tiers count from.
    pub async fn event_days(
        &self,
        keys: &TreeKeys,
        len: usize,
    ) -> Result<Vec<Vec<Day>>, StoreError> {
        let mut events = self.listed_days(keys, len).await?;
        // Cells come revision by revision: the last of a unit's day is what
        // the day says, so a corrected report drops the event it withdrew.
        let mut latest: HashMap<(UnitIndex, Day), bool> = HashMap::new();
        self.for_each_report_cell(None, |c| {
            if let Some(i) = keys.get(c.unit_id) {
                latest.insert((i, c.day), c.event);
            }
        })
        .await?;
        for ((i, day), event) in latest {
            if event && let Some(days) = events.get_mut(i as usize) {
                days.push(day);
            }
        }
        for days in &mut events {
            days.sort();
            days.dedup();
        }
        Ok(events)
    }
}
