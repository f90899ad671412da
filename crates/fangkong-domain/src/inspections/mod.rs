//! Open and unannounced inspections (明察暗访) against what units attest.
//!
//! Every reporting unit attests the six measures daily, and certification
//! takes it at its word. An inspection plan drawn at random, leaning towards
//! risk but leaving no unit safe from a visit, checks that word; inspectors
//! are drawn at random too, never for a unit they belong to or inspected last
//! time (双随机); the results are published (一公开). A finding that contradicts
//! the day's attestation is a data-truth finding, and by policy a failed
//! inspection holds the unit's epidemic-free status back until a passing one.

pub mod finding;
pub mod plan;
pub mod rules;

pub use finding::{Hold, InspectionOutcome, contradicted, holds};
pub use plan::{Candidate, Drawn, Inspector, Pick, Plan, Risk, assign_inspectors, plan};
pub use rules::{InspectionRules, RiskWeights};
