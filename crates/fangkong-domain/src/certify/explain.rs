//! `Explanation`: the full reasoning for one unit on one day, down to every
//! reporting unit that holds it back.

use serde::Serialize;

use super::{Engine, Holdback, UnitStatus};
use crate::Day;
use crate::unit::UnitIndex;

/// One reporting unit that keeps a unit from being epidemic-free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldBack {
    /// The reporting unit (tree index).
    pub leaf: UnitIndex,
    /// Its own run of clean days ending on the day.
    pub zero_days: u32,
    /// What holds it back: its latest event or missing report in the window, or the
    /// measures of its report.
    pub holdback: Holdback,
}

/// Why a unit is or is not epidemic-free on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The unit.
    pub unit: UnitIndex,
    /// The day.
    pub day: Day,
    /// The window in force.
    pub window_days: u32,
    /// How many reporting units lie beneath (the unit itself if it reports).
    pub reporting_units: usize,
    /// The unit's status.
    pub status: UnitStatus,
    /// Every reporting unit beneath that holds it back, shortest run first.
    pub held_back: Vec<HeldBack>,
}

impl Engine {
    /// Explains one unit's status on `day` once every report is due, or
    /// `None` if the day is outside the grid.
    pub fn explain(&self, unit: UnitIndex, day: Day) -> Option<Explanation> {
        self.explain_as_of(unit, day, None)
    }

    /// Explains one unit's status on `day` when the reports of `pending_from`
    /// on are not yet due (those not in yet are named as pending).
    pub fn explain_as_of(
        &self,
        unit: UnitIndex,
        day: Day,
        pending_from: Option<Day>,
    ) -> Option<Explanation> {
        let offset = self.grid().offset(day)?;
        let status = self.status_as_of(day, pending_from)?.units[unit as usize].clone();
        let pending = pending_from.and_then(|d| {
            if d <= self.grid().start() {
                Some(0)
            } else {
                self.grid().offset(d)
            }
        });
        let n = self.rules().window_days;
        let mut held_back = Vec::new();
        let mut reporting_units = 0;
        for leaf in self.tree().subtree(unit) {
            let Some(slot) = self.grid().slot(leaf) else {
                continue;
            };
            reporting_units += 1;
            let run = self.run(slot, offset);
            let holdback = if run < n {
                Some(self.leaf_break(leaf, slot, offset, run, pending))
            } else {
                let in_place = self.leaf_measures(slot, offset);
                (!in_place.all_in_place()).then_some(Holdback::Measures { leaf, in_place })
            };
            if let Some(holdback) = holdback {
                held_back.push(HeldBack {
                    leaf,
                    zero_days: run,
                    holdback,
                });
            }
        }
        held_back.sort_by_key(|h| (h.zero_days, h.leaf));
        Some(Explanation {
            unit,
            day,
            window_days: n,
            reporting_units,
            status,
            held_back,
        })
    }

    /// What ended a reporting unit's run of `run` days at `offset` (a missing
    /// report of a day from `pending` on is one not yet due).
    pub(crate) fn leaf_break(
        &self,
        leaf: UnitIndex,
        slot: usize,
        offset: usize,
        run: u32,
        pending: Option<usize>,
    ) -> Holdback {
        match offset.checked_sub(run as usize) {
            None => Holdback::ShortHistory {
                since: self.grid().start(),
            },
            Some(k) => {
                let day = self.grid().day(k);
                if self.grid().get(slot, k).is_reported() {
                    Holdback::Event { leaf, day }
                } else if pending.is_some_and(|p| k >= p) {
                    Holdback::NotYetDue { leaf, day }
                } else {
                    Holdback::MissingReport { leaf, day }
                }
            }
        }
    }
}
