//! Epidemic-free certification (無疫情, SPEC §4), computed over dense arrays.
//!
//! A unit is epidemic-free on day D when, for at least N consecutive days ending on
//! D (N = 14 by default), every reporting unit in its subtree reported and none
//! reported a new confirmed case, suspected case or close contact (fever alone does
//! not count), and every reporting unit in its subtree has all six measures in
//! place in its report for D. A missing report breaks the run: unknown is not zero.
//!
//! The [`ReportGrid`] holds one byte per reporting unit and day; the [`Engine`]
//! keeps each leaf's run of clean days and rolls runs up the tree as minima, so a
//! date's status for every unit costs one pass over the tree.

pub mod engine;
pub mod explain;
pub mod grid;
pub mod rules;

pub use engine::{Engine, Holdback, StatusOn, UnitStatus};
pub use explain::{Explanation, HeldBack};
pub use grid::{Cell, ReportGrid};
pub use rules::CertificationRules;
