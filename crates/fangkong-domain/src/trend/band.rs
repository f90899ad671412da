//! `Band`: the order of magnitude of a day's new confirmed cases.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An order-of-magnitude band (SPEC §3), highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 4 digits or more (高位運行期).
    High,
    /// 3 digits (中位運行期).
    Middle,
    /// 2 digits (低位運行期).
    Low,
    /// 1 digit (尾期).
    Tail,
    /// No new case.
    Zero,
}

impl Band {
    /// The band's name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Band::High => "high",
            Band::Middle => "middle",
            Band::Low => "low",
            Band::Tail => "tail",
            Band::Zero => "zero",
        }
    }

    /// The band's Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Band::High => "高位运行期",
            Band::Middle => "中位运行期",
            Band::Low => "低位运行期",
            Band::Tail => "尾期",
            Band::Zero => "零新增",
        }
    }

    /// The band's English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Band::High => "high-level period",
            Band::Middle => "mid-level period",
            Band::Low => "low-level period",
            Band::Tail => "tail period",
            Band::Zero => "no new cases",
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the bands begin and how a period ends: configuration (SPEC §3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhaseRules {
    /// The lowest count in the high band.
    pub high_from: u32,
    /// The lowest count in the middle band.
    pub middle_from: u32,
    /// The lowest count in the low band.
    pub low_from: u32,
    /// Consecutive days in a new band needed to end a period.
    pub confirm_days: u32,
}

impl Default for PhaseRules {
    fn default() -> Self {
        PhaseRules {
            high_from: 1000,
            middle_from: 100,
            low_from: 10,
            confirm_days: 3,
        }
    }
}

impl PhaseRules {
    /// The band of a day's count. A negative net change (a write-off) has no new
    /// cases in it, so it falls in the zero band.
    pub fn band_of(&self, count: i64) -> Band {
        match count {
            c if c >= i64::from(self.high_from) => Band::High,
            c if c >= i64::from(self.middle_from) => Band::Middle,
            c if c >= i64::from(self.low_from) => Band::Low,
            c if c >= 1 => Band::Tail,
            _ => Band::Zero,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bands_follow_the_number_of_digits() {
        let r = PhaseRules::default();
        assert_eq!(r.band_of(13436), Band::High);
        assert_eq!(r.band_of(1000), Band::High);
        assert_eq!(r.band_of(999), Band::Middle);
        assert_eq!(r.band_of(100), Band::Middle);
        assert_eq!(r.band_of(99), Band::Low);
        assert_eq!(r.band_of(10), Band::Low);
        assert_eq!(r.band_of(9), Band::Tail);
        assert_eq!(r.band_of(1), Band::Tail);
        assert_eq!(r.band_of(0), Band::Zero);
        assert_eq!(r.band_of(-20), Band::Zero);
    }

    proptest! {
        #[test]
        fn band_classification_is_monotonic(a in -100i64..100_000, b in -100i64..100_000) {
            let r = PhaseRules::default();
            if a <= b {
                prop_assert!(r.band_of(a) >= r.band_of(b), "more cases never give a lower band");
            }
        }
    }
}
