//! `InspectionRules`: the `[inspections]` section of the rules.

use serde::Deserialize;

/// How much each sign of risk adds to a unit's chance of a visit (its weight
/// starts at 1, so no unit's chance is ever zero).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RiskWeights {
    /// Per day with a new case, suspect or close contact in the look-back.
    pub event_day: f64,
    /// Per data-truth finding (copied or outlying report) in the look-back.
    pub finding: f64,
    /// Per appeal complaining about the unit in the look-back.
    pub complaint: f64,
    /// If the unit lost its epidemic-free status in the look-back.
    pub lost_status: f64,
    /// Per 30 days since its last inspection (or since it was never inspected,
    /// counted as `never_inspected_days`).
    pub per_30_days_uninspected: f64,
    /// If its last inspection failed.
    pub failed_last: f64,
}

impl Default for RiskWeights {
    fn default() -> Self {
        RiskWeights {
            event_day: 3.0,
            finding: 2.0,
            complaint: 1.0,
            lost_status: 2.0,
            per_30_days_uninspected: 0.5,
            failed_last: 3.0,
        }
    }
}

/// The `[inspections]` section.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InspectionRules {
    /// Days looked back for events, findings, complaints and lost statuses.
    pub lookback_days: u32,
    /// The share of each plan drawn uniformly, whatever the risk (0 to 1).
    pub uniform_share: f64,
    /// A unit inspected is not drawn again within this many days, unless it failed.
    pub min_interval_days: u32,
    /// Days counted for a unit never inspected.
    pub never_inspected_days: u32,
    /// Whether a failed inspection removes the unit's epidemic-free status
    /// from its day until a passing re-inspection.
    pub revoke_on_failure: bool,
    /// The largest photo kept with a finding, in bytes.
    pub photo_max_bytes: usize,
    /// The longest a pass may run, in days.
    pub pass_max_days: u32,
    /// The weights of risk.
    pub weights: RiskWeights,
}

impl Default for InspectionRules {
    fn default() -> Self {
        InspectionRules {
            lookback_days: 14,
            uniform_share: 0.3,
            min_interval_days: 14,
            never_inspected_days: 60,
            revoke_on_failure: true,
            photo_max_bytes: 2 * 1024 * 1024,
            pass_max_days: 14,
            weights: RiskWeights::default(),
        }
    }
}

/// Why an `[inspections]` section cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InspectionRulesError {
    /// The uniform share is outside 0..=1.
    #[error("inspections.uniform_share must lie between 0 and 1 (got {0})")]
    UniformShare(f64),
    /// A weight is negative or not a number.
    #[error("inspections.weights.{0} must be 0 or more")]
    Weight(&'static str),
}

impl InspectionRules {
    /// Checks the shares and weights.
    pub fn check(&self) -> Result<(), InspectionRulesError> {
        if !(0.0..=1.0).contains(&self.uniform_share) {
            return Err(InspectionRulesError::UniformShare(self.uniform_share));
        }
        let w = &self.weights;
        for (name, v) in [
            ("event_day", w.event_day),
            ("finding", w.finding),
            ("complaint", w.complaint),
            ("lost_status", w.lost_status),
            ("per_30_days_uninspected", w.per_30_days_uninspected),
            ("failed_last", w.failed_last),
        ] {
            if !(v >= 0.0 && v.is_finite()) {
                return Err(InspectionRulesError::Weight(name));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_hold() {
        assert_eq!(InspectionRules::default().check(), Ok(()));
    }

    #[test]
    fn a_share_above_one_or_a_negative_weight_is_refused() {
        let mut r = InspectionRules {
            uniform_share: 1.5,
            ..InspectionRules::default()
        };
        assert_eq!(r.check(), Err(InspectionRulesError::UniformShare(1.5)));
        r.uniform_share = 0.2;
        r.weights.complaint = -1.0;
        assert_eq!(r.check(), Err(InspectionRulesError::Weight("complaint")));
        r.weights.complaint = f64::NAN;
        assert_eq!(r.check(), Err(InspectionRulesError::Weight("complaint")));
    }
}
