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

    /// Every revision filed for the days `from..=to`, with its provenance.
    pub async fn forms(&self, from: Day, to: Day) -> Result<Vec<StoredForm>, StoreError> {
        let rows = sqlx::query(
            "SELECT unit_id, day, revision, channel, opened_at, recorded_at, fields_changed \
             FROM report_revisions WHERE day >= $1 AND day <= $2",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let channel: &str = r.get("channel");
                Ok(StoredForm {
                    unit_id: r.get("unit_id"),
                    day: decode_day(r.get("day"))?,
                    revision: decode_count(r.get("revision"), "revision")?,
                    channel: Channel::from_name(channel)
                        .ok_or_else(|| StoreError::Corrupt(format!("channel {channel:?}")))?,
                    opened_at: r
                        .get::<Option<&str>, _>("opened_at")
                        .map(decode_timestamp)
                        .transpose()?,
                    recorded_at: decode_timestamp(r.get("recorded_at"))?,
                    fields_changed: r
                        .get::<Option<i64>, _>("fields_changed")
                        .map(|n| decode_count(n, "fields_changed"))
                        .transpose()?,
                })
            })
            .collect()
    }
}
