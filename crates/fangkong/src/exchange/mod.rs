//! File formats for exchange with other systems.

pub mod dhis2_csv;
pub mod dhis2_json;

use fangkong_domain::exchange::dhis2::{DataValue, Place, ValueProblem};

/// Where a reader hands what it reads, value by value, so that a season-sized
/// file is read in constant memory.
pub trait ValueSink {
    /// One value, with where it was read.
    fn value(&mut self, place: Place, value: DataValue);
    /// A problem with the file or one of its values.
    fn problem(&mut self, problem: ValueProblem);
}

/// Collects everything in memory (small files, tests).
#[derive(Debug, Default)]
pub struct Collected {
    /// The values, in file order.
    pub values: Vec<(Place, DataValue)>,
    /// The problems, in file order.
    pub problems: Vec<ValueProblem>,
}

impl ValueSink for Collected {
    fn value(&mut self, place: Place, value: DataValue) {
        self.values.push((place, value));
    }
    fn problem(&mut self, problem: ValueProblem) {
        self.problems.push(problem);
    }
}
