//! What people did about an alert: acknowledged it, closed it with a note.

use std::collections::HashMap;

use fangkong_domain::Day;
use fangkong_domain::alerts::AlertState;
use jiff::Timestamp;
use sqlx::Row;

use crate::codec::encode_timestamp;
use crate::{Store, StoreError};

/// The latest note on an alert: its state, the note, who.
pub type AlertNote = (AlertState, String, String);

impl Store {
    /// Records that an alert was acknowledged or closed.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_alert_note(
        &self,
        day: Day,
        kind: &str,
        key: &str,
        state: AlertState,
        note: &str,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO alert_notes (day, kind, key, state, note, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(day.to_string())
        .bind(kind)
        .bind(key)
        .bind(state.name())
        .bind(note)
        .bind(actor)
        .bind(encode_timestamp(at))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The latest note on each alert of `day`, by (kind, key).
    pub async fn alert_notes(
        &self,
        day: Day,
    ) -> Result<HashMap<(String, String), AlertNote>, StoreError> {
        let mut out = HashMap::new();
        for r in sqlx::query(
            "SELECT kind, key, state, note, actor FROM alert_notes WHERE day = $1 ORDER BY id",
        )
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?
        {
            let state = match r.get::<&str, _>("state") {
                "closed" => AlertState::Closed,
                _ => AlertState::Acknowledged,
            };
            out.insert(
                (r.get("kind"), r.get("key")),
                (state, r.get("note"), r.get("actor")),
            );
        }
        Ok(out)
    }
}
