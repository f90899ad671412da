//! `TreeKeys`: from a unit's database key to its index in one day's tree.

use crate::StoredUnits;
use fangkong_domain::unit::{UnitIndex, UnitTree};

/// Database keys are small dense integers, so a vector maps them to tree indexes
/// without hashing: the lookup runs once per stored report.
pub struct TreeKeys(Vec<UnitIndex>);

impl TreeKeys {
    /// The map for `tree`; units not in it map to nothing.
    pub fn new(units: &StoredUnits, tree: &UnitTree) -> TreeKeys {
        let max_id = units.ids.values().copied().max().unwrap_or(0).max(0) as usize;
        let mut index = vec![UnitIndex::MAX; max_id + 1];
        for (code, &id) in &units.ids {
            if let (Some(i), Ok(slot)) = (tree.index_of(code), usize::try_from(id)) {
                index[slot] = i;
            }
        }
        TreeKeys(index)
    }

    /// The tree index of a database key, if that unit is in the tree.
    pub fn get(&self, id: i64) -> Option<UnitIndex> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.0.get(i))
            .copied()
            .filter(|&i| i != UnitIndex::MAX)
    }
}
