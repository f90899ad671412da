//! Daily series for the trend: a unit's published figures, or the sum of the
//! grassroots reports beneath it.

use std::collections::{BTreeMap, HashSet};

use crate::{Store, StoreError};
use fangkong_domain::{Day, UnitCode};

/// A unit's published new confirmed cases, day by day.
pub async fn published_confirmed(
    store: &Store,
    unit: &UnitCode,
) -> Result<Vec<(Day, Option<i64>)>, StoreError> {
    Ok(store
        .published_series(unit)
        .await?
        .into_iter()
        .map(|d| (d.day, d.new_confirmed))
        .collect())
}

/// The sum of new confirmed cases over the reporting units beneath `unit` (latest
/// revisions), from the first to the last day with any report. A day with no report
/// at all below the unit is missing, not zero.
pub async fn reported_confirmed(
    store: &Store,
    unit: &UnitCode,
) -> Result<Vec<(Day, Option<i64>)>, StoreError> {
    let units = store.units().await?;
    let tree = units
        .history
        .current_tree()
        .map_err(|e| StoreError::Corrupt(format!("the stored tree is invalid: {}", e[0])))?;
    let root = tree.index_of(unit).ok_or(StoreError::NotFound)?;
    let within: HashSet<i64> = tree
        .subtree(root)
        .into_iter()
        .filter_map(|i| units.ids.get(&tree.unit(i).code).copied())
        .collect();
    let mut sums: BTreeMap<Day, i64> = BTreeMap::new();
    let mut latest: Option<(i64, Day, i64)> = None;
    store
        .for_each_report_confirmed(|unit_id, day, confirmed| {
            if !within.contains(&unit_id) {
                return;
            }
            // Revisions of one unit and day arrive in order: only the last counts.
            if let Some((u, d, c)) = latest
                && (u != unit_id || d != day)
            {
                *sums.entry(d).or_default() += c;
            }
            latest = Some((unit_id, day, confirmed));
        })
        .await?;
    if let Some((_, d, c)) = latest {
        *sums.entry(d).or_default() += c;
    }
    let (Some(&first), Some(&last)) = (sums.keys().next(), sums.keys().next_back()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut day = first;
    while day <= last {
        out.push((day, sums.get(&day).copied()));
        let Some(next) = day.next() else { break };
        day = next;
    }
    Ok(out)
}
