//! Reports summed over a subtree against the unit's published series.

use std::collections::BTreeMap;

use fangkong_domain::quality::reconcile::{Reconciliation, reconcile};
use fangkong_domain::{Day, UnitCode};

use crate::{Store, StoreError, series};

/// The day-by-day comparison of `unit`'s reports and published figures.
pub async fn reconciliation(
    store: &Store,
    unit: &UnitCode,
    from: Day,
    to: Day,
) -> Result<Reconciliation, StoreError> {
    let reported = series::reported_sums(store, unit).await?;
    let published: BTreeMap<Day, Option<i64>> = store
        .published_series(unit)
        .await?
        .into_iter()
        .map(|d| (d.day, d.new_confirmed))
        .collect();
    Ok(reconcile(from, to, &reported, &published))
}
