//! `CertificationRules`: the configurable parts of SPEC §4.

use serde::Deserialize;

/// How strict certification is. SPEC §4 makes both numbers configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CertificationRules {
    /// Consecutive clean days needed (疫情零發生): 14, one incubation period.
    pub window_days: u32,
    /// How old the measures checklist may be: 0 means each reporting unit's report
    /// of the day itself must attest all six measures; k allows the latest report
    /// within the last k days.
    pub measures_max_age_days: u32,
    /// Whether failed inspections hold units back (`[inspections]
    /// revoke_on_failure`, copied here when the rules are read, so that
    /// whoever loads the engine honours it).
    #[serde(skip)]
    pub inspection_holds: bool,
}

impl Default for CertificationRules {
    fn default() -> Self {
        CertificationRules {
            window_days: 14,
            measures_max_age_days: 0,
            inspection_holds: true,
        }
    }
}
