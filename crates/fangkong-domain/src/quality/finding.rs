//! `Finding`: one thing a quality rule found in one unit's report of one day.

use serde::{Deserialize, Serialize};

use crate::{Day, UnitCode};

/// Whether a finding blocks the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The report is refused.
    Error,
    /// The report is kept and flagged for a second look.
    Warning,
}

impl Severity {
    /// The name used in files and output.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding: the rule, the unit, the day, the values, and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's name (a configured rule's name, or `outlier`, `copied_report`).
    pub rule: String,
    /// Error or warning.
    pub severity: Severity,
    /// The reporting unit.
    pub unit: UnitCode,
    /// The report's day.
    pub day: Day,
    /// What was found, in a sentence (English; the surfaces translate the rule).
    pub message: String,
    /// The values behind it, by name.
    pub values: Vec<(String, String)>,
}
