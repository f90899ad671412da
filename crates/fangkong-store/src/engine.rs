//! Loading the certification engine for a day: the tree of that day, and every
//! report (latest revision, or as recorded at an instant) in a dense grid, and
//! the holds of failed inspections where the rules say they hold. The
//! store gathers; the domain computes.

use crate::{Store, StoreError, StoredUnits};
use fangkong_domain::Day;
use fangkong_domain::certify::CertificationRules;
use fangkong_domain::certify::{Cell, Engine, ReportGrid};
use fangkong_domain::inspections::Hold;
use fangkong_domain::report::MeasuresInPlace;
use jiff::Timestamp;

use crate::keys::TreeKeys;

/// An engine and what it was loaded from.
pub struct Loaded {
    /// The engine.
    pub engine: Engine,
    /// The stored units (for names and history).
    pub units: StoredUnits,
}

/// Loads the engine over the tree of `tree_day`, with a grid from the first report
/// (or `from`, if earlier) to `to`.
pub async fn load_engine(
    store: &Store,
    rules: &CertificationRules,
    tree_day: Day,
    from: Day,
    to: Day,
    as_of: Option<Timestamp>,
) -> Result<Loaded, StoreError> {
    let units = store.units().await?;
    let tree = units.history.tree_on(tree_day).map_err(|e| {
        StoreError::Corrupt(format!(
            "the stored tree of {tree_day} is invalid: {}",
            e[0]
        ))
    })?;
    let window = rules.window_days as i32;
    let earliest = from.plus_days(-window).unwrap_or(from);
    // From the first report: days before it are not "missing", there was no
    // reporting yet, and the reason says so ("reports begin on …").
    let start = match store.report_span().await? {
        Some((first, _)) if first <= from => first,
        _ => earliest,
    };
    let days = (to.offset_from(start) + 1).max(1) as usize;
    let mut grid = ReportGrid::new(&tree, start, days);

    let keys = TreeKeys::new(&units, &tree);
    store
        .for_each_report_cell(as_of, |c| {
            if let Some(unit) = keys.get(c.unit_id) {
                grid.set(
                    unit,
                    c.day,
                    Cell::reported(c.event, MeasuresInPlace::from_bits(c.measures)),
                );
            }
        })
        .await?;
    let mut engine = Engine::new(tree, grid, rules.clone());
    if rules.inspection_holds {
        let holds = store.inspection_holds(as_of).await?;
        engine.set_holds(holds.into_iter().filter_map(|h| {
            keys.get(h.unit).map(|unit| Hold {
                unit,
                from: h.from,
                until: h.until,
            })
        }));
    }
    Ok(Loaded { engine, units })
}
