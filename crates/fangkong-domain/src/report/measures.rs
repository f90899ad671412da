//! The six measures in place (六到位) and the yes/no answers that attest them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the six measures a reporting unit attests each day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Closed management (封閉管理).
    ClosedManagement,
    /// Door-to-door screening (排查摸底).
    Screening,
    /// Sanitation and disinfection (衛生消殺).
    Disinfection,
    /// Living supplies (生活保障).
    Supplies,
    /// Order and stability (維護穩定).
    Stability,
    /// Publicity and mobilisation (宣傳發動).
    Publicity,
}

impl Measure {
    /// The six measures in the order of the report form.
    pub const ALL: [Measure; 6] = [
        Measure::ClosedManagement,
        Measure::Screening,
        Measure::Disinfection,
        Measure::Supplies,
        Measure::Stability,
        Measure::Publicity,
    ];

    /// The field name used in files, flags and the API.
    pub fn field(self) -> &'static str {
        match self {
            Measure::ClosedManagement => "closed_management",
            Measure::Screening => "screening",
            Measure::Disinfection => "disinfection",
            Measure::Supplies => "supplies",
            Measure::Stability => "stability",
            Measure::Publicity => "publicity",
        }
    }

    /// The measure's Simplified Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Measure::ClosedManagement => "封闭管理",
            Measure::Screening => "排查摸底",
            Measure::Disinfection => "卫生消杀",
            Measure::Supplies => "生活保障",
            Measure::Stability => "维护稳定",
            Measure::Publicity => "宣传发动",
        }
    }

    /// Finds a measure by its field name.
    pub fn from_field(name: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.field() == name.trim())
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field())
    }
}

/// Which of the six measures a report attests as in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MeasuresInPlace(u8);

impl MeasuresInPlace {
    /// All six measures in place.
    pub const ALL: MeasuresInPlace = MeasuresInPlace(0b11_1111);
    /// No measure in place.
    pub const NONE: MeasuresInPlace = MeasuresInPlace(0);

    /// Whether `measure` is in place.
    pub fn get(self, measure: Measure) -> bool {
        self.0 & measure.bit() != 0
    }

    /// Returns a copy with `measure` set as given.
    pub fn with(self, measure: Measure, in_place: bool) -> MeasuresInPlace {
        if in_place {
            MeasuresInPlace(self.0 | measure.bit())
        } else {
            MeasuresInPlace(self.0 & !measure.bit())
        }
    }

    /// Whether all six are in place (防控全到位 for one reporting unit).
    pub fn all_in_place(self) -> bool {
        self == MeasuresInPlace::ALL
    }

    /// The measures not in place, in form order.
    pub fn missing(self) -> Vec<Measure> {
        Measure::ALL.into_iter().filter(|m| !self.get(*m)).collect()
    }

    /// The six answers as a bit set (bit `i` is `Measure::ALL[i]`), for compact storage.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Rebuilds the set from [`MeasuresInPlace::bits`]; bits above the sixth are ignored.
    pub fn from_bits(bits: u8) -> MeasuresInPlace {
        MeasuresInPlace(bits & MeasuresInPlace::ALL.0)
    }
}

impl Serialize for MeasuresInPlace {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(6))?;
        for m in Measure::ALL {
            map.serialize_entry(m.field(), &self.get(m))?;
        }
        map.end()
    }
}

/// Why a text is not a yes/no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a yes/no answer (use 1/0, true/false, yes/no or 是/否)")]
pub struct AnswerError(pub String);

/// Parses a yes/no answer: `1`/`0`, `true`/`false`, `yes`/`no` (any case) or `是`/`否`.
pub fn parse_answer(text: &str) -> Result<bool, AnswerError> {
    let t = text.trim();
    const YES: [&str; 4] = ["1", "true", "yes", "是"];
    const NO: [&str; 4] = ["0", "false", "no", "否"];
    if YES.iter().any(|y| y.eq_ignore_ascii_case(t)) {
        Ok(true)
    } else if NO.iter().any(|n| n.eq_ignore_ascii_case(t)) {
        Ok(false)
    } else {
        Err(AnswerError(t.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_spelling_of_yes_and_no_parses() {
        for yes in ["1", "true", "TRUE", "yes", "Yes", "是", " 是 "] {
            assert_eq!(parse_answer(yes), Ok(true), "{yes}");
        }
        for no in ["0", "false", "No", "否"] {
            assert_eq!(parse_answer(no), Ok(false), "{no}");
        }
        for bad in ["", "y", "2", "对", "maybe"] {
            assert!(parse_answer(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn missing_measures_are_listed_in_form_order() {
        let m = MeasuresInPlace::ALL
            .with(Measure::Publicity, false)
            .with(Measure::Screening, false);
        assert_eq!(m.missing(), [Measure::Screening, Measure::Publicity]);
        assert!(!m.all_in_place());
        assert_eq!(MeasuresInPlace::from_bits(m.bits()), m);
        assert!(MeasuresInPlace::from_bits(0xFF).all_in_place());
    }

    #[test]
    fn field_names_round_trip() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_field(m.field()), Some(m));
        }
        assert_eq!(Measure::from_field("masks"), None);
    }
}
