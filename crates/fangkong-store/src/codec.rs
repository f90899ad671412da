//! Conversions between stored text and domain values (days, instants, codes).

use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;

use crate::StoreError;

/// Writes an instant as fixed-width UTC text (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), so
/// that text order is time order and "as recorded at" is a plain comparison.
pub fn encode_timestamp(ts: Timestamp) -> String {
    use std::fmt::Write;
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    if !(0..=9999).contains(&dt.year()) {
        return ts.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    }
    // Written by hand: a season's import formats two per report, and this is
    // several times cheaper than a general strftime.
    let mut s = String::with_capacity(27);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.subsec_nanosecond() / 1_000
    );
    s
}

/// Reads an instant written by [`encode_timestamp`] (or any RFC 3339 text).
pub fn decode_timestamp(text: &str) -> Result<Timestamp, StoreError> {
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("timestamp '{text}': {e}")))
}

pub(crate) fn decode_day(text: &str) -> Result<Day, StoreError> {
    Day::parse(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn decode_code(text: &str) -> Result<UnitCode, StoreError> {
    UnitCode::parse(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn decode_count(n: i64, what: &str) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{what} {n} out of range")))
}

/// Reads a 0/1 flag column (both backends store flags as integers, so that
/// arithmetic on them reads the same everywhere).
pub(crate) fn flag(row: &sqlx::any::AnyRow, column: &str) -> bool {
    use sqlx::Row;
    row.get::<i64, _>(column) != 0
}

/// Whether text can be stored at all: PostgreSQL's text holds no NUL
/// character (and input limits refuse control characters on SQLite too), so a
/// key with one matches nothing on either backend, and is looked up nowhere.
pub(crate) fn storable(text: &str) -> bool {
    !text.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_fixed_width_and_round_trip() {
        let a: Timestamp = "2020-03-06T01:02:03Z".parse().expect("ts");
        let b: Timestamp = "2020-03-06T01:02:03.5Z".parse().expect("ts");
        assert_eq!(encode_timestamp(a), "2020-03-06T01:02:03.000000Z");
        assert_eq!(encode_timestamp(b), "2020-03-06T01:02:03.500000Z");
        assert!(encode_timestamp(a) < encode_timestamp(b));
        assert_eq!(decode_timestamp(&encode_timestamp(b)).expect("ts"), b);
    }
}
