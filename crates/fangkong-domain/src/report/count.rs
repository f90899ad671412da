//! `Count`: a number of people in a report, never negative.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A count of people (new confirmed, new suspected, …): a whole number, never negative.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Count(u32);

/// Why a text is not a count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    /// Occurs when the value is empty: a missing figure is not a zero.
    #[error("is empty (a missing figure is not zero; write 0 if there were none)")]
    Empty,
    /// Occurs when the value is below zero.
    #[error("'{0}' is negative")]
    Negative(String),
    /// Occurs when the value is not a whole number (a fraction, a word, a symbol).
    #[error("'{0}' is not a whole number")]
    NotWholeNumber(String),
    /// Occurs when the value does not fit in a count at all.
    #[error("'{0}' is too large")]
    TooLarge(String),
}

impl Count {
    /// Zero people.
    pub const ZERO: Count = Count(0);

    /// Wraps a number.
    pub const fn new(n: u32) -> Count {
        Count(n)
    }

    /// Parses a whole, non-negative decimal number; surrounding spaces are allowed.
    pub fn parse(text: &str) -> Result<Count, CountError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(CountError::Empty);
        }
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CountError::NotWholeNumber(t.to_string()));
        }
        if negative && digits.bytes().any(|b| b != b'0') {
            return Err(CountError::Negative(t.to_string()));
        }
        digits
            .parse::<u32>()
            .map(Count)
            .map_err(|_| CountError::TooLarge(t.to_string()))
    }

    /// The number.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_reject_negatives_fractions_words_and_blanks() {
        assert_eq!(Count::parse("-1"), Err(CountError::Negative("-1".into())));
        assert!(matches!(
            Count::parse("1.5"),
            Err(CountError::NotWholeNumber(_))
        ));
        assert!(matches!(
            Count::parse("three"),
            Err(CountError::NotWholeNumber(_))
        ));
        assert!(matches!(
            Count::parse("1e3"),
            Err(CountError::NotWholeNumber(_))
        ));
        assert_eq!(Count::parse(""), Err(CountError::Empty));
        assert!(matches!(
            Count::parse("99999999999"),
            Err(CountError::TooLarge(_))
        ));
    }

    #[test]
    fn zero_is_a_count_like_any_other() {
        assert_eq!(Count::parse("0"), Ok(Count::ZERO));
        assert_eq!(Count::parse("-0"), Ok(Count::ZERO));
        assert_eq!(Count::parse(" 12 "), Ok(Count::new(12)));
    }

    proptest! {
        #[test]
        fn every_u32_round_trips_through_text(n: u32) {
            prop_assert_eq!(Count::parse(&n.to_string()), Ok(Count::new(n)));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC*") {
            let _ = Count::parse(&text);
        }
    }
}
