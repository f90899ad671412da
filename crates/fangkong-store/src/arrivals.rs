//! When reports arrived and how they were filled in: the raw material of the
//! timeliness and burden figures.

use std::collections::HashMap;

use fangkong_domain::Day;
use jiff::Timestamp;
use sqlx::Row;

use crate::codec::{decode_count, decode_day, decode_timestamp};
use crate::provenance::Channel;
use crate::{Store, StoreError};

/// One filled-in form: a stored revision's provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredForm {
    /// The unit's database key.
    pub unit_id: i64,
    /// The report's day.
    pub day: Day,
    /// The revision number.
    pub revision: u32,
    /// How it came in.
    pub channel: Channel,
    /// When the form was opened, if known.
    pub opened_at: Option<Timestamp>,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// Fields changed from the pre-filled form, if known.
    pub fields_changed: Option<u32>,
}

impl Store {
    /// When each unit's first revision for `day` was recorded, by unit key.
    pub async fn first_recorded(&self, day: Day) -> Result<HashMap<i64, Timestamp>, StoreError> {
        let rows = sqlx::query(
            "SELECT unit_id, recorded_at FROM report_revisions WHERE day = $1 AND revision = 1",
        )
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.get("unit_id"), decode_timestamp(r.get("recorded_at"))?)))
            .collect()
    }

    /// Every revision filed for the days `from..=to`, with its provenance. Each
    /// day's revisions come packed in one JSON array (a row per revision would
    /// cost more in crossing from SQLite's thread than in reading).
    pub async fn forms(&self, from: Day, to: Day) -> Result<Vec<StoredForm>, StoreError> {
        use futures_util::TryStreamExt;
        /// unit, revision, channel, opened_at, recorded_at, fields_changed.
        type Packed = (i64, i64, String, Option<String>, String, Option<i64>);
        let sql = format!(
            "SELECT day, {} AS forms \
             FROM report_revisions WHERE day >= $1 AND day <= $2 GROUP BY day ORDER BY day",
            self.backend()
                .json_rows("unit_id, revision, channel, opened_at, recorded_at, fields_changed")
        );
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch(self.pool());
        let mut out = Vec::new();
        while let Some(row) = rows.try_next().await? {
            let day = decode_day(row.get("day"))?;
            let packed: Vec<Packed> = serde_json::from_str(row.get("forms"))
                .map_err(|e| StoreError::Corrupt(format!("forms of {day}: {e}")))?;
            for (unit_id, revision, channel, opened_at, recorded_at, fields_changed) in packed {
                out.push(StoredForm {
                    unit_id,
                    day,
                    revision: decode_count(revision, "revision")?,
                    channel: Channel::from_name(&channel)
                        .ok_or_else(|| StoreError::Corrupt(format!("channel {channel:?}")))?,
                    opened_at: opened_at.as_deref().map(decode_timestamp).transpose()?,
                    recorded_at: decode_timestamp(&recorded_at)?,
                    fields_changed: fields_changed
                        .map(|n| decode_count(n, "fields_changed"))
                        .transpose()?,
                });
            }
        }
        Ok(out)
    }
}
