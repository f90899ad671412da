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
    // The tree is read once, for the reports' sum and the registry's column.
    let units = store.units().await?;
    let tree = series::current_tree(&units)?;
    let (whole, ids) = series::reporting_ids_in(&units, &tree, unit)?;
    let reported = series::sums_of(store, whole, &ids).await?;
    let published: BTreeMap<Day, Option<i64>> = store
        .published_series(unit)
        .await?
        .into_iter()
        .map(|d| (d.day, d.new_confirmed))
        .collect();
    let mut r = reconcile(from, to, &reported, &published);
    // The registry as a third source, when it holds anyone under the unit.
    if let Some(root) = tree.index_of(unit) {
        let within = |code: &UnitCode| tree.index_of(code).is_some_and(|i| tree.is_within(i, root));
        // The column shows when anyone under the unit is registered; only the
        // people ever confirmed are read with their steps.
        if store.registry_units().await?.iter().any(within) {
            let mut confirmed: BTreeMap<Day, i64> = BTreeMap::new();
            for (person, code) in store.registry_people_ever_confirmed().await? {
                if within(&code)
                    && let Some(d) = confirmed_day(&person.steps)
                {
                    *confirmed.entry(d).or_default() += 1;
                }
            }
            with_registry(&mut r, &confirmed);
        }
    }
    Ok(r)
}
