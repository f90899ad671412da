//! `ReportGrid`: one byte per reporting unit and day, dense, indexed by
//! `slot * days + offset`. Missing stays distinct from zero.

use crate::report::MeasuresInPlace;
use crate::unit::{UnitIndex, UnitTree};
use crate::{DailyReport, Day};

/// What a reporting unit's report of one day says, as far as certification goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell(u8);

const REPORTED: u8 = 1;
const EVENT: u8 = 2;

impl Cell {
    /// No report.
    pub const MISSING: Cell = Cell(0);

    /// A report: whether it has an event (confirmed, suspected or close contact) and
    /// which measures it attests.
    pub fn reported(event: bool, measures: MeasuresInPlace) -> Cell {
        Cell(REPORTED | if event { EVENT } else { 0 } | (measures.bits() << 2))
    }

    /// The cell of a report. Fever alone is not an event (SPEC §4).
    pub fn of(report: &DailyReport) -> Cell {
        let event = report.new_confirmed.get() > 0
            || report.new_suspected.get() > 0
            || report.new_close_contacts.get() > 0;
        Cell::reported(event, report.measures)
    }

    /// Whether there is a report.
    pub fn is_reported(self) -> bool {
        self.0 & REPORTED != 0
    }

    /// Whether the report has an event.
    pub fn has_event(self) -> bool {
        self.0 & EVENT != 0
    }

    /// Reported, and no event: a day that counts towards zero occurrence.
    pub fn is_clean(self) -> bool {
        self.0 & (REPORTED | EVENT) == REPORTED
    }

    /// The measures the report attests (none when missing).
    pub fn measures(self) -> MeasuresInPlace {
        MeasuresInPlace::from_bits(self.0 >> 2)
    }
}

/// Reports of every reporting unit of one tree over a span of days.
#[derive(Debug, Clone)]
pub struct ReportGrid {
    start: Day,
    days: usize,
    /// The slot of each tree index; `u32::MAX` for units that do not report.
    slot_of: Vec<u32>,
    /// The tree index of each slot.
    leaves: Vec<UnitIndex>,
    cells: Vec<Cell>,
}

impl ReportGrid {
    /// An empty grid (every report missing) for the reporting units of `tree`, from
    /// `start` for `days` days.
    pub fn new(tree: &UnitTree, start: Day, days: usize) -> ReportGrid {
        let mut slot_of = vec![u32::MAX; tree.len()];
        let mut leaves = Vec::new();
        for i in 0..tree.len() as UnitIndex {
            if tree.is_reporting(i) {
                slot_of[i as usize] = leaves.len() as u32;
                leaves.push(i);
            }
        }
        let cells = vec![Cell::MISSING; leaves.len() * days];
        ReportGrid {
            start,
            days,
            slot_of,
            leaves,
            cells,
        }
    }

    /// The first day.
    pub fn start(&self) -> Day {
        self.start
    }

    /// The number of days.
    pub fn days(&self) -> usize {
        self.days
    }

    /// The last day, if the grid has any day.
    pub fn end(&self) -> Option<Day> {
        self.days
            .checked_sub(1)
            .and_then(|d| self.start.plus_days(d as i32))
    }

    /// The offset of `day`, if it lies in the grid.
    pub fn offset(&self, day: Day) -> Option<usize> {
        let k = day.offset_from(self.start);
        (k >= 0 && (k as usize) < self.days).then_some(k as usize)
    }

    /// The day at `offset`.
    pub fn day(&self, offset: usize) -> Day {
        self.start.plus_days(offset as i32).unwrap_or(self.start)
    }

    /// The slot of a tree index, if it is a reporting unit.
    pub fn slot(&self, unit: UnitIndex) -> Option<usize> {
        match self.slot_of.get(unit as usize) {
            Some(&s) if s != u32::MAX => Some(s as usize),
            _ => None,
        }
    }

    /// The number of reporting units.
    pub fn slots(&self) -> usize {
        self.leaves.len()
    }

    /// The tree index of a slot.
    pub fn leaf(&self, slot: usize) -> UnitIndex {
        self.leaves[slot]
    }

    /// The cell of a slot and offset.
    pub fn get(&self, slot: usize, offset: usize) -> Cell {
        self.cells[slot * self.days + offset]
    }

    /// One slot's cells, day by day.
    pub fn row(&self, slot: usize) -> &[Cell] {
        &self.cells[slot * self.days..(slot + 1) * self.days]
    }

    /// Records a cell; returns false if the unit does not report or the day is outside.
    pub fn set(&mut self, unit: UnitIndex, day: Day, cell: Cell) -> bool {
        match (self.slot(unit), self.offset(day)) {
            (Some(s), Some(k)) => {
                self.cells[s * self.days + k] = cell;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Measure;

    #[test]
    fn cells_keep_missing_event_and_measures_apart() {
        assert!(!Cell::MISSING.is_reported());
        assert!(!Cell::MISSING.is_clean());
        let clean = Cell::reported(false, MeasuresInPlace::ALL);
        assert!(clean.is_clean() && clean.measures().all_in_place());
        let event = Cell::reported(true, MeasuresInPlace::ALL.with(Measure::Supplies, false));
        assert!(event.is_reported() && event.has_event() && !event.is_clean());
        assert_eq!(event.measures().missing(), [Measure::Supplies]);
    }
}
