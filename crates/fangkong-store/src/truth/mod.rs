//! Data truth (SPEC §9): the stored rows each data-quality figure needs, handed to
//! the domain's rules. Each function reads, derives and returns; none writes.

mod burden;
mod completeness;
mod quality;
mod reconcile;

use fangkong_domain::unit::{UnitIndex, UnitTree};
use fangkong_domain::{Day, UnitCode};

pub use burden::{BurdenReport, UnitBurden};
pub use completeness::{Completeness, MissingReport};
pub use quality::QualityReport;
pub use reconcile::reconciliation;

use crate::{StoreError, StoredUnits};

/// The tree of `day` and the index of `code` in it.
pub(crate) fn tree_and_root(
    units: &StoredUnits,
    code: &UnitCode,
    day: Day,
) -> Result<(UnitTree, UnitIndex), StoreError> {
    let tree = units.history.tree_on(day).map_err(|e| {
        StoreError::Corrupt(format!(
            "the stored tree of {day} is invalid: {}",
            e.first().map(ToString::to_string).unwrap_or_default()
        ))
    })?;
    let root = tree.index_of(code).ok_or(StoreError::NotFound)?;
    Ok((tree, root))
}

/// Unit keys → their index in `tree`.
pub(crate) fn index_by_id(
    units: &StoredUnits,
    tree: &UnitTree,
) -> std::collections::HashMap<i64, UnitIndex> {
    units
        .ids
        .iter()
        .filter_map(|(code, id)| tree.index_of(code).map(|i| (*id, i)))
        .collect()
}
