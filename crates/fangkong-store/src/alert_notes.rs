//! What people did about an alert: acknowledged it, handed it to someone,
//! closed it with a note.

use std::collections::HashMap;

use fangkong_domain::Day;
use fangkong_domain::alerts::AlertState;
use jiff::Timestamp;
use sqlx::Row;

use crate::codec::encode_timestamp;
use crate::{Store, StoreError};

/// What the notes on an alert come to: its state, the latest note and who
/// wrote it, and whom it was last handed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertNote {
    /// Its state after the latest note.
    pub state: AlertState,
    /// The latest note.
    pub note: String,
    /// Who wrote it.
    pub actor: String,
    /// The account it was last handed to, if it ever was.
    pub assignee: Option<String>,
}

impl Store {
    /// Records that an alert was acknowledged, handed to `assignee`, or closed.
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
        assignee: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO alert_notes (day, kind, key, state, note, actor, at, assignee) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(day.to_string())
        .bind(kind)
        .bind(key)
        .bind(state.name())
        .bind(note)
        .bind(actor)
        .bind(encode_timestamp(at))
        .bind(assignee)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// What the notes on each alert of `day` come to, by (kind, key).
    pub async fn alert_notes(
        &self,
        day: Day,
    ) -> Result<HashMap<(String, String), AlertNote>, StoreError> {
        let mut out = HashMap::new();
        for r in sqlx::query(
            "SELECT kind, key, state, note, actor, assignee FROM alert_notes WHERE day = $1 ORDER BY id",
        )
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?
        {
            let state = match r.get::<&str, _>("state") {
                "closed" => AlertState::Closed,
                _ => AlertState::Acknowledged,
            };
            let key = (r.get("kind"), r.get("key"));
            // A later note that hands it to nobody keeps the earlier hand.
            let assignee: Option<String> = r.get("assignee");
            let earlier = out
                .get(&key)
                .and_then(|n: &AlertNote| n.assignee.clone());
            out.insert(
                key,
                AlertNote {
                    state,
                    note: r.get("note"),
                    actor: r.get("actor"),
                    assignee: assignee.or(earlier),
                },
            );
        }
        Ok(out)
    }
}
