//! `ResidentId`: the 18-character resident identity number (居民身份证号码,
//! GB 11643-1999): a 6-digit address code, the birth date `YYYYMMDD`, a 3-digit
//! sequence and an ISO 7064 MOD 11-2 check character (0–9 or X).

use std::fmt;

use jiff::civil::Date;

/// A resident ID whose shape, birth date and check character are valid.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId(String);

/// Why a text is not a resident ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResidentIdError {
    /// Occurs when the text is not 17 digits and a digit or X.
    #[error("a resident ID is 18 characters: 17 digits and a digit or X")]
    Shape,
    /// Occurs when characters 7–14 are not a real date.
    #[error("characters 7–14 of a resident ID are the birth date, and {0} is not a date")]
    BirthDate(String),
    /// Occurs when the last character does not match the other 17.
    #[error("the check character should be {expected}, not {found}: a digit is mistyped")]
    Check {
        /// The check character the 17 digits give.
        expected: char,
        /// The one written.
        found: char,
    },
}

/// The ISO 7064 MOD 11-2 weights of the 17 digits (2^(17−i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum mod 11.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of 17 digits.
pub fn check_character(digits: &[u8; 17]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

impl ResidentId {
    /// Parses an ID, accepting a lowercase x and surrounding spaces.
    pub fn parse(text: &str) -> Result<ResidentId, ResidentIdError> {
        let t = text.trim().to_ascii_uppercase();
        let b = t.as_bytes();
        if b.len() != 18
            || !b[..17].iter().all(u8::is_ascii_digit)
            || !(b[17].is_ascii_digit() || b[17] == b'X')
        {
            return Err(ResidentIdError::Shape);
        }
        let birth = &t[6..14];
        let date = (|| {
            let y: i16 = birth[..4].parse().ok()?;
            let m: i8 = birth[4..6].parse().ok()?;
            let d: i8 = birth[6..].parse().ok()?;
            Date::new(y, m, d).ok()
        })();
        if date.is_none() || !(1880..=2100).contains(&date.map_or(0, |d| d.year())) {
            return Err(ResidentIdError::BirthDate(birth.to_string()));
        }
        let mut digits = [0u8; 17];
        digits.copy_from_slice(&b[..17]);
        let expected = check_character(&digits);
        let found = char::from(b[17]);
        if expected != found {
            return Err(ResidentIdError::Check { expected, found });
        }
        Ok(ResidentId(t))
    }

    /// The full ID (for the roles that may see it).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date the ID carries.
    pub fn birth_date(&self) -> Option<Date> {
        let b = &self.0[6..14];
        Date::new(
            b[..4].parse().ok()?,
            b[4..6].parse().ok()?,
            b[6..].parse().ok()?,
        )
        .ok()
    }

    /// The ID as other roles see it: the first four and last four characters
    /// (`4201**********1234`).
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }
}

// The full number never reaches a log through `{:?}`.
impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 17 digits and their check character.
    fn with_check(first17: &str) -> String {
        let mut d = [0u8; 17];
        d.copy_from_slice(first17.as_bytes());
        format!("{first17}{}", check_character(&d))
    }

    #[test]
    fn the_standard_example_passes_and_a_mistyped_digit_does_not() {
        // The example of GB 11643-1999: 11010519491231002X.
        let id = ResidentId::parse("11010519491231002x").expect("valid");
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(
            id.birth_date().map(|d| d.to_string()).as_deref(),
            Some("1949-12-31")
        );
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(
            ResidentId::parse("11010519491231003X"),
            Err(ResidentIdError::Check {
                expected: '8',
                found: 'X'
            })
        );
        assert!(
            !format!("{id:?}").contains("19491231"),
            "no full ID in debug output"
        );
    }

    #[test]
    fn shape_and_birth_date_are_checked() {
        for bad in [
            "",
            "1101051949123100",
            "11010519491231002Y",
            "1101051949123100XX",
            "ABCDEF19491231002X",
        ] {
            assert_eq!(ResidentId::parse(bad), Err(ResidentIdError::Shape), "{bad}");
        }
        let feb30 = with_check("42010219900230123");
        assert_eq!(
            ResidentId::parse(&feb30),
            Err(ResidentIdError::BirthDate("19900230".into()))
        );
    }

    proptest! {
        #[test]
        fn any_one_changed_digit_is_caught(
            area in 110000u32..660000, y in 1900i16..2020, m in 1i8..=12, d in 1i8..=28,
            seq in 0u32..1000, pos in 0usize..17, delta in 1u8..10,
        ) {
            let first = format!("{area:06}{y:04}{m:02}{d:02}{seq:03}");
            let id = with_check(&first);
            prop_assert!(ResidentId::parse(&id).is_ok());
            let mut bytes = id.clone().into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).expect("ascii");
            // MOD 11-2 detects every single-digit substitution (a changed birth
            // date may also be refused as a date).
            prop_assert!(ResidentId::parse(&changed).is_err(), "{changed}");
        }
    }
}
