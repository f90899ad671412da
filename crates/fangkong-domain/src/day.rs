//! The civil day (`Day`) every report, figure and rule is keyed by.
//!
//! Days are Asia/Shanghai civil days. China has observed a fixed UTC+08:00 with no
//! daylight saving since 1991, so the conversion from an instant uses that fixed
//! offset and needs no time-zone database: the result is exact for every date the
//! platform handles, and the core stays free of I/O.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A civil day in Asia/Shanghai, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

/// Why a text is not a day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    /// Occurs when the text is not a real calendar date in the form `YYYY-MM-DD`.
    #[error("'{0}' is not a date in the form YYYY-MM-DD")]
    Malformed(String),
}

/// The offset of Asia/Shanghai, constant since 1991.
const SHANGHAI: Offset = Offset::constant(8);

impl Day {
    /// Parses `YYYY-MM-DD` strictly: four-digit year, two-digit month and day.
    pub fn parse(text: &str) -> Result<Day, DayError> {
        let t = text.trim();
        let b = t.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(DayError::Malformed(text.to_string()));
        }
        Date::from_str(t)
            .map(Day)
            .map_err(|_| DayError::Malformed(text.to_string()))
    }

    /// Builds a day from its parts, if they form a real date.
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Result<Day, DayError> {
        Date::new(year, month, day)
            .map(Day)
            .map_err(|_| DayError::Malformed(format!("{year:04}-{month:02}-{day:02}")))
    }

    /// A day known to be real at compile time (`jiff`'s const constructor
    /// panics on a bad date while compiling, never at run time).
    pub const fn known(year: i16, month: i8, day: i8) -> Day {
        Day(jiff::civil::date(year, month, day))
    }

    /// The Asia/Shanghai civil day in which `instant` falls.
    pub fn in_shanghai(instant: Timestamp) -> Day {
        Day(SHANGHAI.to_datetime(instant).date())
    }

    /// `instant` as RFC 3339 with the Asia/Shanghai offset, to the second
    /// (`2020-04-30T20:15:03+08:00`): what the API and exports write.
    pub fn rfc3339_shanghai(instant: Timestamp) -> String {
        SHANGHAI
            .to_datetime(instant)
            .strftime("%Y-%m-%dT%H:%M:%S+08:00")
            .to_string()
    }

    /// The Asia/Shanghai civil date and time of `instant`, for display.
    pub fn shanghai_time(instant: Timestamp) -> jiff::civil::DateTime {
        SHANGHAI.to_datetime(instant)
    }

    /// The number of days from `start` to `self` (negative when `self` is earlier).
    pub fn offset_from(self, start: Day) -> i32 {
        // Both dates lie in jiff's range, so the difference in days always fits.
        start
            .0
            .until(self.0)
            .map(|span| span.get_days())
            .unwrap_or(0)
    }

    /// The day `n` days after this one (before it when `n` is negative), if it exists.
    pub fn plus_days(self, n: i32) -> Option<Day> {
        self.0.checked_add(n.days()).ok().map(Day)
    }

    /// The following day, if it exists.
    pub fn next(self) -> Option<Day> {
        self.plus_days(1)
    }

    /// The instant at civil `time` on this day in Asia/Shanghai, if it exists.
    pub fn at_shanghai(self, time: jiff::civil::Time) -> Option<Timestamp> {
        SHANGHAI.to_timestamp(self.0.to_datetime(time)).ok()
    }

    /// The underlying civil date.
    pub fn date(self) -> Date {
        self.0
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Day {
    type Err = DayError;
    fn from_str(s: &str) -> Result<Day, DayError> {
        Day::parse(s)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An instant as people write it: RFC 3339, or a civil date and time in
/// Asia/Shanghai (`2020-03-01 10:30`, `2020-03-01T10:30:00`).
pub fn instant(text: &str) -> Result<jiff::Timestamp, String> {
    let text = text.trim();
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let civil: jiff::civil::DateTime = text
        .replacen(' ', "T", 1)
        .parse()
        .map_err(|_| format!("'{text}' is not a time (2020-03-01 10:30, or RFC 3339)"))?;
    Day::from_ymd(civil.year(), civil.month(), civil.day())
        .ok()
        .and_then(|d| d.at_shanghai(civil.time()))
        .ok_or_else(|| format!("'{text}' is not a time in Asia/Shanghai"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_well_formed_day_parses_and_prints_the_same() {
        let d = Day::parse("2020-03-06").expect("valid");
        assert_eq!(d.to_string(), "2020-03-06");
    }

    #[test]
    fn malformed_days_are_rejected() {
        for bad in [
            "2020-3-6",
            "2020/03/06",
            "06-03-2020",
            "2020-02-30",
            "2020-13-01",
            "",
            "20200306",
            "２０２０-03-06",
            "2020-03-06x",
        ] {
            assert!(Day::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn surrounding_spaces_are_tolerated() {
        assert_eq!(
            Day::parse(" 2020-02-29 ").expect("valid").to_string(),
            "2020-02-29"
        );
    }

    #[test]
    fn shanghai_day_starts_at_16_utc() {
        let before: Timestamp = "2020-03-05T15:59:59Z".parse().expect("ts");
        let after: Timestamp = "2020-03-05T16:00:00Z".parse().expect("ts");
        assert_eq!(Day::in_shanghai(before).to_string(), "2020-03-05");
        assert_eq!(Day::in_shanghai(after).to_string(), "2020-03-06");
    }

    #[test]
    fn offsets_count_days_across_month_ends() {
        let a = Day::parse("2020-01-20").expect("valid");
        let b = Day::parse("2020-04-30").expect("valid");
        assert_eq!(b.offset_from(a), 101);
        assert_eq!(a.offset_from(b), -101);
        assert_eq!(a.plus_days(101), Some(b));
    }

    proptest! {
        #[test]
        fn plus_days_and_offset_from_are_inverse(n in -20_000i32..20_000) {
            let start = Day::parse("2020-01-01").expect("valid");
            let later = start.plus_days(n).expect("in range");
            prop_assert_eq!(later.offset_from(start), n);
            prop_assert_eq!(Day::parse(&later.to_string()), Ok(later));
        }
    }
}
