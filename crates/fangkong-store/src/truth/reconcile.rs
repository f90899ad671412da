//! Reports summed over a subtree against the unit's published series.

use std::collections::BTreeMap;

use fangkong_domain::quality::reconcile::{Reconciliation, reconcile, with_registry};
use fangkong_domain::registry::flow::confirmed_day;
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
    let mut r = reconcile(from, to, &reported, &published);
    // The registry as a third source, when it holds anyone under the unit.
    let units = store.units().await?;
    let tree = units
        .history
        .current_tree()
        .map_err(|e| StoreError::Corrupt(format!("the stored tree is invalid: {}", e[0])))?;
    if let Some(root) = tree.index_of(unit) {
        let mut confirmed: BTreeMap<Day, i64> = BTreeMap::new();
        let mut any = false;
        for (person, code) in store.registry_people().await? {
            if tree
                .index_of(&code)
                .is_some_and(|i| tree.is_within(i, root))
            {
                any = true;
                if let Some(d) = confirmed_day(&person.steps) {
                    *confirmed.entry(d).or_default() += 1;
                }
            }
        }
        if any {
            with_registry(&mut r, &confirmed);
        }
    }
    Ok(r)
}
