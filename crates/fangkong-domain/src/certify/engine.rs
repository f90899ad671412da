//! `Engine`: the status of every unit on any day, from the report grid.
//!
//! Each reporting unit keeps its run of clean days ending on each day (a `u16` per
//! cell, computed once). A unit's zero-occurrence run on day D is the minimum of the
//! runs of the reporting units beneath it, so one post-order pass over the tree
//! answers a date for every unit. A new or corrected report changes one leaf's runs
//! from its day forward, until they settle, and the ancestors along one path.

use serde::Serialize;

use super::{Cell, CertificationRules, ReportGrid};
use crate::Day;
use crate::inspections::Hold;
use crate::report::MeasuresInPlace;
use crate::unit::{UnitIndex, UnitTree};

/// Why a unit is not epidemic-free: the first condition that fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Holdback {
    /// A reporting unit had a new confirmed case, suspected case or close contact.
    Event {
        /// The reporting unit (tree index).
        leaf: UnitIndex,
        /// The day of its latest event within the window.
        day: Day,
    },
    /// A reporting unit did not report: unknown is not zero.
    MissingReport {
        /// The reporting unit.
        leaf: UnitIndex,
        /// The latest day it did not report.
        day: Day,
    },
    /// A reporting unit has not reported yet for a day whose report is not
    /// yet due: pending, neither missing nor zero.
    NotYetDue {
        /// The reporting unit.
        leaf: UnitIndex,
        /// The day whose report it owes.
        day: Day,
    },
    /// The reports do not go back far enough to make the window.
    ShortHistory {
        /// The first day with data.
        since: Day,
    },
    /// An inspection found a reporting unit's measures not in place, and no
    /// passing re-inspection has followed (`[inspections] revoke_on_failure`).
    Inspection {
        /// The reporting unit.
        leaf: UnitIndex,
        /// The day of the failed inspection.
        day: Day,
    },
    /// A reporting unit's report of the day does not attest all six measures.
    Measures {
        /// The reporting unit.
        leaf: UnitIndex,
        /// The measures it attests.
        in_place: MeasuresInPlace,
    },
}

/// One unit's certification on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitStatus {
    /// Consecutive days ending on the day on which every reporting unit below
    /// reported with no event (0 when the day itself fails).
    pub zero_days: u32,
    /// Whether every reporting unit below attests all six measures.
    pub measures_ok: bool,
    /// Both standards hold.
    pub epidemic_free: bool,
    /// Not epidemic-free only because reports not yet due have not come in:
    /// were they clean with every measure in place, it would be. Pending is
    /// neither free nor a loss of the status.
    pub pending: bool,
    /// The first day on or after the day on which the unit would qualify if every
    /// later report were zero with all measures in place.
    pub earliest_free: Day,
    /// The first condition that fails, if any.
    pub holdback: Option<Holdback>,
    /// The reporting unit with the shortest run (the one that sets `zero_days`).
    pub shortest_leaf: UnitIndex,
    /// The first reporting unit below whose measures are not all in place.
    pub measures_leaf: Option<UnitIndex>,
    /// The first reporting unit below held back by a failed inspection, and
    /// the day it failed.
    pub held: Option<(UnitIndex, Day)>,
}

/// Every unit's status on one day, indexed by tree index.
#[derive(Debug, Clone)]
pub struct StatusOn {
    /// The day.
    pub day: Day,
    /// The first day whose reports were not yet due when this was computed
    /// (`None`: every report was due).
    pub pending_from: Option<Day>,
    /// One status per unit of the tree.
    pub units: Vec<UnitStatus>,
}

/// The certification engine over one tree and one grid.
#[derive(Debug, Clone)]
pub struct Engine {
    tree: UnitTree,
    rules: CertificationRules,
    grid: ReportGrid,
    runs: Vec<u16>,
    post_order: Vec<UnitIndex>,
    /// Failed inspections holding reporting units back, by grid slot.
    holds: std::collections::HashMap<usize, Vec<HeldSpan>>,
}

/// A span of grid offsets in which a failed inspection holds a slot back.
#[derive(Debug, Clone, Copy)]
struct HeldSpan {
    from: usize,
    until: usize,
    failed_on: Day,
}

impl Engine {
    /// Builds the engine, computing every leaf's runs once.
    pub fn new(tree: UnitTree, grid: ReportGrid, rules: CertificationRules) -> Engine {
        let mut post_order = tree.preorder();
        post_order.reverse();
        let mut engine = Engine {
            runs: vec![0; grid.slots() * grid.days()],
            tree,
            rules,
            grid,
            post_order,
            holds: Default::default(),
        };
        for slot in 0..engine.grid.slots() {
            engine.compute_runs(slot);
        }
        engine
    }

    /// The tree the engine certifies.
    pub fn tree(&self) -> &UnitTree {
        &self.tree
    }

    /// The reports it certifies from.
    pub fn grid(&self) -> &ReportGrid {
        &self.grid
    }

    /// The rules in force.
    pub fn rules(&self) -> &CertificationRules {
        &self.rules
    }

    /// Computes one leaf's runs over every day.
    fn compute_runs(&mut self, slot: usize) {
        let days = self.grid.days();
        let mut run: u16 = 0;
        for k in 0..days {
            run = if self.grid.get(slot, k).is_clean() {
                run.saturating_add(1)
            } else {
                0
            };
            self.runs[slot * days + k] = run;
        }
    }

    /// Recomputes one leaf's runs from `from` on, stopping once they settle.
    /// Returns the last offset whose run changed.
    fn recompute_runs(&mut self, slot: usize, from: usize) -> usize {
        let days = self.grid.days();
        let base = slot * days;
        let mut last_changed = from;
        for k in from..days {
            let before = if k == 0 { 0 } else { self.runs[base + k - 1] };
            let run = if self.grid.get(slot, k).is_clean() {
                before.saturating_add(1)
            } else {
                0
            };
            if k > from && self.runs[base + k] == run {
                break; // every later run is unchanged too
            }
            self.runs[base + k] = run;
            last_changed = k;
        }
        last_changed
    }

    /// Records a new or corrected report (or its absence) for a reporting unit.
    /// Returns false if the unit does not report or the day lies outside the grid.
    pub fn apply(&mut self, unit: UnitIndex, day: Day, cell: Cell) -> bool {
        if !self.grid.set(unit, day, cell) {
            return false;
        }
        if let (Some(slot), Some(k)) = (self.grid.slot(unit), self.grid.offset(day)) {
            self.recompute_runs(slot, k);
        }
        true
    }

    /// Replaces the holds of failed inspections (see
    /// [`crate::inspections::holds`]): a held reporting unit's measures count
    /// as not in place from the failing day until the passing re-inspection.
    /// Holds on units that do not report, or wholly outside the grid, are
    /// ignored.
    pub fn set_holds(&mut self, holds: impl IntoIterator<Item = Hold<UnitIndex>>) {
        self.holds.clear();
        let days = self.grid.days();
        let start = self.grid.start();
        for h in holds {
            let Some(slot) = self.grid.slot(h.unit) else {
                continue;
            };
            let from = usize::try_from(h.from.offset_from(start)).unwrap_or(0);
            let until = h
                .until
                .map(|u| usize::try_from(u.offset_from(start)).unwrap_or(0).min(days))
                .unwrap_or(days);
            if from < until {
                self.holds.entry(slot).or_default().push(HeldSpan {
                    from,
                    until,
                    failed_on: h.from,
                });
            }
        }
    }

    /// The day of the failed inspection holding a slot back at `offset`, if any.
    pub fn held(&self, slot: usize, offset: usize) -> Option<Day> {
        self.holds
            .get(&slot)?
            .iter()
            .find(|h| (h.from..h.until).contains(&offset))
            .map(|h| h.failed_on)
    }

    /// The run of clean days of a reporting unit ending at `offset`.
    pub fn run(&self, slot: usize, offset: usize) -> u32 {
        u32::from(self.runs[slot * self.grid.days() + offset])
    }

    /// The measures a reporting unit attests for the day at `offset`, under the
    /// freshness rule: its latest report within `measures_max_age_days`.
    pub fn leaf_measures(&self, slot: usize, offset: usize) -> MeasuresInPlace {
        let oldest = offset.saturating_sub(self.rules.measures_max_age_days as usize);
        (oldest..=offset)
            .rev()
            .map(|k| self.grid.get(slot, k))
            .find(|c| c.is_reported())
            .map(Cell::measures)
            .unwrap_or(MeasuresInPlace::NONE)
    }

    /// The status of every unit on `day` once every report is due, or `None`
    /// if the day is outside the grid.
    pub fn status_on(&self, day: Day) -> Option<StatusOn> {
        self.status_as_of(day, None)
    }

    /// The status of every unit on `day` at a moment when the reports of
    /// `pending_from` and the days after are not yet due: a reporting unit
    /// that has not reported for one of them is pending, not missing.
    pub fn status_as_of(&self, day: Day, pending_from: Option<Day>) -> Option<StatusOn> {
        let offset = self.grid.offset(day)?;
        let pending = self.pending_offset(pending_from);
        let mut units: Vec<UnitStatus> = Vec::with_capacity(self.tree.len());
        // Filled in post-order; placeholders first so children can be read by index.
        units.resize(
            self.tree.len(),
            UnitStatus {
                zero_days: 0,
                measures_ok: false,
                epidemic_free: false,
                pending: false,
                earliest_free: day,
                holdback: None,
                shortest_leaf: 0,
                measures_leaf: None,
                held: None,
            },
        );
        let mut hopes = vec![Hope::default(); self.tree.len()];
        for &u in &self.post_order {
            let (status, hope) = self.compute(u, offset, pending, &units, &hopes);
            units[u as usize] = status;
            hopes[u as usize] = hope;
        }
        Some(StatusOn {
            day,
            pending_from,
            units,
        })
    }

    /// The grid offset from which reports are not yet due, if any day of the
    /// grid is.
    fn pending_offset(&self, pending_from: Option<Day>) -> Option<usize> {
        let from = pending_from?;
        if from <= self.grid.start() {
            return Some(0);
        }
        self.grid.offset(from)
    }

    /// Updates `status` after reports of `unit` changed: recomputes the unit and its
    /// ancestors only.
    pub fn refresh(&self, status: &mut StatusOn, unit: UnitIndex) {
        if status.pending_from.is_some() {
            // What a unit may hope for depends on every leaf beneath: recompute.
            if let Some(fresh) = self.status_as_of(status.day, status.pending_from) {
                *status = fresh;
            }
            return;
        }
        let Some(offset) = self.grid.offset(status.day) else {
            return;
        };
        let none = vec![Hope::default(); self.tree.len()];
        let mut cur = Some(unit);
        while let Some(u) = cur {
            let (s, _) = self.compute(u, offset, None, &status.units, &none);
            status.units[u as usize] = s;
            cur = self.tree.parent(u);
        }
    }

    /// A reporting unit's run and measures at `offset` were every report not
    /// yet due (from `pending`) to come in clean with every measure in place.
    fn leaf_hope(&self, slot: usize, offset: usize, pending: usize) -> Hope {
        let mut run = 0u32;
        let mut k = offset;
        loop {
            let cell = self.grid.get(slot, k);
            if k < pending {
                run += self.run(slot, k);
                break;
            }
            if cell.is_reported() && !cell.is_clean() {
                break;
            }
            run += 1;
            if k == 0 {
                break;
            }
            k -= 1;
        }
        let today = self.grid.get(slot, offset);
        let measures_ok = if offset >= pending && !today.is_reported() {
            true
        } else {
            self.leaf_measures(slot, offset).all_in_place()
        } && self.held(slot, offset).is_none();
        Hope {
            zero_days: run,
            measures_ok,
        }
    }

    /// One unit's status from its children's (already computed) statuses, and
    /// what it may hope for if the reports not yet due (from `pending`) come in
    /// clean.
    fn compute(
        &self,
        u: UnitIndex,
        offset: usize,
        pending: Option<usize>,
        units: &[UnitStatus],
        hopes: &[Hope],
    ) -> (UnitStatus, Hope) {
        let n = self.rules.window_days;
        let hope = match (pending, self.grid.slot(u)) {
            (None, _) => Hope::default(),
            (Some(p), Some(slot)) => self.leaf_hope(slot, offset, p),
            (Some(_), None) => self
                .tree
                .children(u)
                .iter()
                .map(|&c| hopes[c as usize])
                .fold(
                    Hope {
                        zero_days: u32::MAX,
                        measures_ok: true,
                    },
                    |a, b| Hope {
                        zero_days: a.zero_days.min(b.zero_days),
                        measures_ok: a.measures_ok && b.measures_ok,
                    },
                ),
        };
        let (zero_days, shortest_leaf, measures_leaf) = match self.grid.slot(u) {
            Some(slot) => {
                let measures_ok = self.leaf_measures(slot, offset).all_in_place()
                    && self.held(slot, offset).is_none();
                (self.run(slot, offset), u, (!measures_ok).then_some(u))
            }
            None => {
                // Among children with the same shortest run, one that is not
                // merely pending names the cause: a case today outranks a
                // report of today not yet due.
                let mut best = (u32::MAX, true, u);
                let mut failing = None;
                for &c in self.tree.children(u) {
                    let cs = &units[c as usize];
                    if (cs.zero_days, cs.pending) < (best.0, best.1) {
                        best = (cs.zero_days, cs.pending, cs.shortest_leaf);
                    }
                    if failing.is_none() {
                        failing = cs.measures_leaf;
                    }
                }
                (best.0, best.2, failing)
            }
        };
        let held = match self.grid.slot(u) {
            Some(slot) => self.held(slot, offset).map(|d| (u, d)),
            None => self
                .tree
                .children(u)
                .iter()
                .find_map(|&c| units[c as usize].held),
        };
        let measures_ok = measures_leaf.is_none();
        let epidemic_free = zero_days >= n && measures_ok;
        let is_pending = pending.is_some()
            && !epidemic_free
            && hope.zero_days >= n
            && hope.zero_days != u32::MAX
            && hope.measures_ok;
        let day = self.grid.day(offset);
        let run_break = (zero_days < n).then(|| match self.grid.slot(shortest_leaf) {
            Some(slot) => self.leaf_break(shortest_leaf, slot, offset, zero_days, pending),
            None => Holdback::ShortHistory {
                since: self.grid.start(),
            },
        });
        let holdback = match (run_break, held) {
            // A failed inspection outranks a report not yet due: it, not the
            // clock, holds the unit back.
            (None | Some(Holdback::NotYetDue { .. }), Some((leaf, day))) => {
                Some(Holdback::Inspection { leaf, day })
            }
            (Some(b), _) => Some(b),
            (None, None) => measures_leaf.map(|leaf| Holdback::Measures {
                leaf,
                in_place: self
                    .grid
                    .slot(leaf)
                    .map(|s| self.leaf_measures(s, offset))
                    .unwrap_or(MeasuresInPlace::NONE),
            }),
        };
        // A pending unit qualifies on the day itself if what it awaits is clean.
        let wait = if epidemic_free || is_pending {
            0
        } else {
            n.saturating_sub(zero_days).max(1)
        };
        (
            UnitStatus {
                zero_days,
                measures_ok,
                epidemic_free,
                pending: is_pending,
                earliest_free: day.plus_days(wait as i32).unwrap_or(day),
                holdback,
                shortest_leaf,
                measures_leaf,
                held,
            },
            hope,
        )
    }
}

/// What a unit's run and measures would be were every report not yet due to
/// come in clean with every measure in place.
#[derive(Debug, Clone, Copy, Default)]
struct Hope {
    zero_days: u32,
    measures_ok: bool,
}

#[cfg(test)]
mod tests;
