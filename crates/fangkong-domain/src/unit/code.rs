//! `UnitCode`: the stable code of a unit, kept exactly as given.

use std::fmt;

use serde::Serialize;

/// A unit's stable code: the 12-digit national division code where one exists
/// (`420102000000` for Jiang'an district), or any code a user gives. Kept exactly:
/// never reinterpreted as a number, so leading zeros and length survive.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct UnitCode(String);

/// Why a text is not a unit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitCodeError {
    /// Occurs when the code is empty.
    #[error("the unit code is empty")]
    Empty,
    /// Occurs when the code is longer than [`UnitCode::MAX_LEN`] characters.
    #[error("the unit code '{0}' is longer than 64 characters")]
    TooLong(String),
    /// Occurs when the code holds anything but ASCII letters, digits and `-`
    /// (white space, a control character, a path separator).
    #[error("the unit code '{0}' may hold only letters, digits and '-'")]
    BadCharacter(String),
}

impl UnitCode {
    /// The longest code accepted, in characters.
    pub const MAX_LEN: usize = 64;

    /// Validates a code. Surrounding spaces are trimmed; inner spaces are refused.
    pub fn parse(text: &str) -> Result<UnitCode, UnitCodeError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(UnitCodeError::Empty);
        }
        if t.chars().count() > Self::MAX_LEN {
            return Err(UnitCodeError::TooLong(t.to_string()));
        }
        // Letters, digits and '-' only: a code is a key in paths, files and
        // URLs, never a place for `../` or a control character.
        if !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(UnitCodeError::BadCharacter(t.escape_debug().to_string()));
        }
        Ok(UnitCode(t.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_codes_keep_their_leading_digits_and_length() {
        let c = UnitCode::parse("420102000000").expect("valid");
        assert_eq!(c.as_str(), "420102000000");
        assert_eq!(UnitCode::parse("007").expect("valid").as_str(), "007");
    }

    #[test]
    fn empty_spaced_and_overlong_codes_are_rejected() {
        assert_eq!(UnitCode::parse("  "), Err(UnitCodeError::Empty));
        assert!(matches!(
            UnitCode::parse("42 01"),
            Err(UnitCodeError::BadCharacter(_))
        ));
        // See: issue 15 (a unit code `../../etc/passwd` was accepted).
        for bad in ["../../etc/passwd", "上海市", "a/b", "K1\u{0}", "K_1", "K.1"] {
            assert!(
                matches!(UnitCode::parse(bad), Err(UnitCodeError::BadCharacter(_))),
                "{bad}"
            );
        }
        assert!(UnitCode::parse("420102002003-01").is_ok());
        assert!(matches!(
            UnitCode::parse(&"9".repeat(65)),
            Err(UnitCodeError::TooLong(_))
        ));
    }
}
