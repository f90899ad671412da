//! One more step in an appeal's life, however it arrives (the command line,
//! a page, the API): checked against the whole life by the domain's rules, and
//! appended only if nobody added a change meanwhile.

use fangkong_domain::UnitCode;
use fangkong_domain::appeals::lifecycle::{Change, Event, LifecycleError, Status, after, status};

use crate::appeals::append_change;
use crate::{Store, StoreError};

/// Why a change was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum AppealChangeError {
    /// Occurs when no appeal has the reference.
    #[error("no appeal {0}")]
    NotFound(String),
    /// Occurs when an assignment names a unit the tree does not have.
    #[error("no unit {0}")]
    UnknownUnit(UnitCode),
    /// Occurs when the change does not follow from the appeal's life.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// Occurs when another change was recorded between reading and writing.
    #[error("appeal {0} was changed meanwhile: look again, then retry")]
    Changed(String),
    /// Occurs when the database fails.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Checks `change` against the life of appeal `reference` and appends it;
    /// returns where the appeal stood before and stands after.
    pub async fn change_appeal(
        &self,
        reference: &str,
        change: &Change,
    ) -> Result<(Status, Status), AppealChangeError> {
        let appeal = self
            .appeal(reference)
            .await?
            .ok_or_else(|| AppealChangeError::NotFound(reference.to_string()))?;
        let routed = appeal.unit.is_some();
        let before = status(routed, &appeal.changes).map_err(|e| {
            StoreError::Corrupt(format!("the stored life of appeal {reference}: {e}"))
        })?;
        let now = after(routed, &appeal.changes, change)?;
        if let Event::Assigned { unit } = &change.event
            && !self.units().await?.ids.contains_key(unit)
        {
            return Err(AppealChangeError::UnknownUnit(unit.clone()));
        }
        let mut tx = self.begin_write().await.map_err(StoreError::from)?;
        // Read inside the transaction: in WAL mode a writer that slipped in
        // since makes this transaction's write fail rather than interleave.
        let stored: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM appeal_changes WHERE appeal_id = $1")
                .bind(appeal.id)
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        if stored as usize != appeal.stored_changes {
            return Err(AppealChangeError::Changed(reference.to_string()));
        }
        append_change(&mut tx, reference, change).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok((before, now))
    }
}
