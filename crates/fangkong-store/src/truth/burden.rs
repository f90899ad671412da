//! The grassroots' load over a range of days under one unit.

use fangkong_domain::quality::burden::{FormFilled, LevelBurden, by_level, per_unit_day};
use fangkong_domain::{Day, UnitCode};
use serde::Serialize;

use super::{index_by_id, tree_and_root};
use crate::{Store, StoreError};

/// The load by level, and the units that filled the most forms.
#[derive(Debug, Clone, Serialize)]
pub struct BurdenReport {
    /// The unit.
    pub unit: UnitCode,
    /// The first day.
    pub from: Day,
    /// The last day.
    pub to: Day,
    /// By level, the reporting units first.
    pub levels: Vec<LevelBurden>,
    /// The reporting units with more than one form on a day (corrections), most
    /// forms first (at most 100).
    pub heaviest: Vec<UnitBurden>,
}

/// One reporting unit's load over the range.
#[derive(Debug, Clone, Serialize)]
pub struct UnitBurden {
    /// The unit's code.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Days with a form.
    pub days: u32,
    /// Forms filled.
    pub forms: u32,
    /// Fields changed from the pre-fill, where known.
    pub fields_changed: Option<u32>,
}

impl Store {
    /// The burden of the days `from..=to` under `unit` (on the tree of `to`).
    pub async fn burden(
        &self,
        unit: &UnitCode,
        from: Day,
        to: Day,
    ) -> Result<BurdenReport, StoreError> {
        let units = self.units().await?;
        let (tree, root) = tree_and_root(&units, unit, to)?;
        let by_id = index_by_id(&units, &tree);
        let forms: Vec<FormFilled> = self
            .forms(from, to)
            .await?
            .into_iter()
            .filter_map(|f| {
                let i = *by_id.get(&f.unit_id)?;
                tree.is_within(i, root).then_some(FormFilled {
                    unit: i,
                    day: f.day,
                    opened_at: f.opened_at,
                    recorded_at: f.recorded_at,
                    fields_changed: f.fields_changed,
                })
            })
            .collect();
        let levels = by_level(&tree, root, &forms);
        let mut per_unit: std::collections::BTreeMap<u32, UnitBurden> = Default::default();
        for d in per_unit_day(&forms) {
            let row = per_unit.entry(d.unit).or_insert_with(|| UnitBurden {
                code: tree.unit(d.unit).code.clone(),
                name: tree.unit(d.unit).name.clone(),
                days: 0,
                forms: 0,
                fields_changed: None,
            });
            row.days += 1;
            row.forms += d.forms;
            if let Some(c) = d.fields_changed {
                row.fields_changed = Some(row.fields_changed.unwrap_or(0) + c);
            }
        }
        let mut heaviest: Vec<UnitBurden> = per_unit
            .into_values()
            .filter(|u| u.forms > u.days)
            .collect();
        heaviest.sort_by(|a, b| {
            (b.forms - b.days)
                .cmp(&(a.forms - a.days))
                .then(a.code.cmp(&b.code))
        });
        heaviest.truncate(100);
        Ok(BurdenReport {
            unit: unit.clone(),
            from,
            to,
            levels,
            heaviest,
        })
    }
}
