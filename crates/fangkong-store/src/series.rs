//! Daily series for the trend: a unit's published figures, or the sum of the
//! grassroots reports beneath it.

use std::collections::BTreeMap;

use sqlx::{QueryBuilder, Row, Sqlite};

use crate::codec::{decode_count, decode_day};
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
    let sums = reported_sums(store, unit).await?;
    let (Some(&first), Some(&last)) = (sums.keys().next(), sums.keys().next_back()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut day = first;
    while day <= last {
        out.push((day, sums.get(&day).map(|&(sum, _)| sum)));
        let Some(next) = day.next() else { break };
        day = next;
    }
    Ok(out)
}

/// For each day with any report below `unit`: the sum of new confirmed cases over
/// the latest revisions, and how many reports it is made of.
pub async fn reported_sums(
    store: &Store,
    unit: &UnitCode,
) -> Result<BTreeMap<Day, (i64, u32)>, StoreError> {
    let units = store.units().await?;
    let tree = units
        .history
        .current_tree()
        .map_err(|e| StoreError::Corrupt(format!("the stored tree is invalid: {}", e[0])))?;
    let root = tree.index_of(unit).ok_or(StoreError::NotFound)?;
    let ids: Vec<i64> = tree
        .subtree(root)
        .into_iter()
        .filter(|&i| tree.is_reporting(i))
        .filter_map(|i| units.ids.get(&tree.unit(i).code).copied())
        .collect();
    // SQLite sums each day over the latest revisions: at most one row per day comes
    // back, whatever the size of the subtree.
    let mut sums: BTreeMap<Day, (i64, u32)> = BTreeMap::new();
    for chunk in ids.chunks(30_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT r.day, SUM(r.new_confirmed) AS confirmed, COUNT(*) AS reports \
             FROM report_revisions r WHERE r.unit_id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(
            ") AND NOT EXISTS (SELECT 1 FROM report_revisions x WHERE x.day = r.day \
             AND x.unit_id = r.unit_id AND x.revision > r.revision) GROUP BY r.day",
        );
        for row in q.build().fetch_all(store.pool()).await? {
            let day = decode_day(row.get("day"))?;
            let entry = sums.entry(day).or_default();
            entry.0 += row.get::<i64, _>("confirmed");
            entry.1 += decode_count(row.get("reports"), "reports")?;
        }
    }
    Ok(sums)
}
