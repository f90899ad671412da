//! PostgreSQL's engine load: every report revision's cell streamed out with
//! `COPY (SELECT …) TO STDOUT (FORMAT binary)` on PostgreSQL's own driver.
//! The server neither aggregates nor formats (a `string_agg` per day was most
//! of a country's load, 70 million revisions) and the client reads integers
//! as they come, with no text to split.
//!
//! The rows come in the table's order, not per key: a unit's day is handed on
//! at its first revision and again at each higher one that follows, never at
//! a lower one after a higher. The last cell handed on for a unit and day is
//! therefore its latest revision, which is what the caller keeps.

use std::collections::HashMap;

use fangkong_domain::Day;
use futures_util::TryStreamExt;
use jiff::Timestamp;
use sqlx::postgres::{PgPool, PgPoolCopyExt};

use crate::StoreError;
use crate::codec::{decode_day, encode_timestamp};
use crate::reports::{CELL, ReportCell};

/// The signature that opens a binary `COPY` (then flags and an extension).
const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// Fields per row: unit, day, revision, cell.
const FIELDS: i16 = 4;

/// Streams the cell of every revision recorded at or before `as_of` (all
/// without it) to `f`, as the module says.
pub(crate) async fn report_cells(
    pool: &PgPool,
    as_of: Option<Timestamp>,
    mut f: impl FnMut(ReportCell),
) -> Result<(), StoreError> {
    let filter = match as_of {
        None => String::new(),
        Some(at) => {
            // `COPY` takes no parameters: the instant is written in, and it is
            // our own encoding, checked to hold nothing but its characters.
            let text = encode_timestamp(at);
            if !text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b":.+-".contains(&b))
            {
                return Err(StoreError::Corrupt(format!("an instant as {text}")));
            }
            format!(" WHERE recorded_at <= '{text}'")
        }
    };
    let sql = format!(
        "COPY (SELECT unit_id, day, revision, {CELL} FROM report_revisions{filter}) \
         TO STDOUT (FORMAT binary)"
    );
    let mut chunks = pool.copy_out_raw(&sql).await?;
    let mut rows = Rows::default();
    // The highest revision above the first handed on, per corrected unit and day.
    let mut corrected: HashMap<(i64, Day), i64> = HashMap::new();
    let mut last_day: Option<([u8; 10], Day)> = None;
    let mut hand_on = |row: Row<'_>| -> Result<(), StoreError> {
        let day = match &last_day {
            Some((text, day)) if row.day == text.as_slice() => *day,
            _ => {
                let text = std::str::from_utf8(row.day)
                    .map_err(|_| StoreError::Corrupt("a report's day is not text".into()))?;
                let day = decode_day(text)?;
                if let Ok(fixed) = <[u8; 10]>::try_from(row.day) {
                    last_day = Some((fixed, day));
                }
                day
            }
        };
        let key = (row.unit_id, day);
        if corrected
            .get(&key)
            .is_some_and(|&highest| row.revision <= highest)
        {
            return Ok(());
        }
        if row.revision > 1 {
            corrected.insert(key, row.revision);
        }
        f(ReportCell {
            unit_id: row.unit_id,
            day,
            event: row.cell & 2 != 0,
            measures: (row.cell >> 2) as u8,
        });
        Ok(())
    };
    while let Some(chunk) = chunks.try_next().await? {
        rows.read(&chunk, &mut hand_on)?;
    }
    rows.finish()
}

/// One row as read: its day's text is borrowed from the stream.
struct Row<'a> {
    unit_id: i64,
    day: &'a [u8],
    revision: i64,
    cell: i64,
}

/// A reader of `COPY`'s binary format over chunks that may cut a row.
#[derive(Default)]
struct Rows {
    /// Bytes of a row cut by the end of a chunk.
    carry: Vec<u8>,
    /// The header is read.
    started: bool,
    /// The trailer is read.
    ended: bool,
}

impl Rows {
    /// Reads every whole row of `chunk` (after what was carried) into `each`.
    fn read(
        &mut self,
        chunk: &[u8],
        each: &mut impl FnMut(Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if self.carry.is_empty() {
            let used = self.read_from(chunk, each)?;
            self.carry.extend_from_slice(&chunk[used..]);
        } else {
            let mut bytes = std::mem::take(&mut self.carry);
            bytes.extend_from_slice(chunk);
            let used = self.read_from(&bytes, each)?;
            bytes.drain(..used);
            self.carry = bytes;
        }
        Ok(())
    }

    /// Reads whole rows from the start of `bytes`; how many bytes they took.
    fn read_from(
        &mut self,
        bytes: &[u8],
        each: &mut impl FnMut(Row<'_>) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        let mut at = 0;
        if !self.started {
            let Some(len) = header_len(bytes)? else {
                return Ok(0);
            };
            at = len;
            self.started = true;
        }
        while !self.ended {
            let rest = &bytes[at..];
            let Some(count) = int(rest, 0, 2).map(|v| v as i16) else {
                break;
            };
            if count == -1 {
                self.ended = true;
                at += 2;
                break;
            }
            if count != FIELDS {
                return Err(corrupt(format!("a row of {count} fields")));
            }
            let mut p = 2;
            let mut fields: [&[u8]; 4] = [&[]; 4];
            let mut whole = true;
            for field in &mut fields {
                let Some(len) = int(rest, p, 4).map(|v| v as i32) else {
                    whole = false;
                    break;
                };
                let len = usize::try_from(len).map_err(|_| corrupt("an empty field".into()))?;
                let Some(value) = rest.get(p + 4..p + 4 + len) else {
                    whole = false;
                    break;
                };
                *field = value;
                p += 4 + len;
            }
            if !whole {
                break;
            }
            let number = |v: &[u8]| -> Result<i64, StoreError> {
                <[u8; 8]>::try_from(v)
                    .map(i64::from_be_bytes)
                    .map_err(|_| corrupt(format!("an integer of {} bytes", v.len())))
            };
            each(Row {
                unit_id: number(fields[0])?,
                day: fields[1],
                revision: number(fields[2])?,
                cell: number(fields[3])?,
            })?;
            at += p;
        }
        Ok(at)
    }

    /// Checks that the stream ended where a stream ends.
    fn finish(self) -> Result<(), StoreError> {
        if self.ended && self.carry.is_empty() {
            Ok(())
        } else {
            Err(corrupt("the stream of reports ended early".into()))
        }
    }
}

/// The length of the header at the start of `bytes` (none: not all here).
fn header_len(bytes: &[u8]) -> Result<Option<usize>, StoreError> {
    let fixed = SIGNATURE.len() + 8;
    if bytes.len() < fixed {
        return Ok(None);
    }
    if &bytes[..SIGNATURE.len()] != SIGNATURE {
        return Err(corrupt("not a binary COPY stream".into()));
    }
    let extension = int(bytes, SIGNATURE.len() + 4, 4).unwrap_or(0) as usize;
    Ok((bytes.len() >= fixed + extension).then_some(fixed + extension))
}

/// The big-endian integer of `width` bytes at `at`, if they are all there.
fn int(bytes: &[u8], at: usize, width: usize) -> Option<i64> {
    let b = bytes.get(at..at + width)?;
    Some(match width {
        2 => i64::from(i16::from_be_bytes([b[0], b[1]])),
        _ => i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]])),
    })
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(format!("reading the reports: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binary stream of `rows` (unit, day, revision, cell).
    fn stream(rows: &[(i64, &str, i64, i64)]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend_from_slice(&[0; 8]);
        for (unit, day, revision, cell) in rows {
            out.extend_from_slice(&FIELDS.to_be_bytes());
            out.extend_from_slice(&8i32.to_be_bytes());
            out.extend_from_slice(&unit.to_be_bytes());
            out.extend_from_slice(&(day.len() as i32).to_be_bytes());
            out.extend_from_slice(day.as_bytes());
            for n in [*revision, *cell] {
                out.extend_from_slice(&8i32.to_be_bytes());
                out.extend_from_slice(&n.to_be_bytes());
            }
        }
        out.extend_from_slice(&(-1i16).to_be_bytes());
        out
    }

    fn read_in_chunks(
        bytes: &[u8],
        size: usize,
    ) -> Result<Vec<(i64, String, i64, i64)>, StoreError> {
        let mut rows = Rows::default();
        let mut got = Vec::new();
        for chunk in bytes.chunks(size) {
            rows.read(chunk, &mut |r: Row<'_>| {
                got.push((
                    r.unit_id,
                    String::from_utf8_lossy(r.day).into_owned(),
                    r.revision,
                    r.cell,
                ));
                Ok(())
            })?;
        }
        rows.finish()?;
        Ok(got)
    }

    #[test]
    fn rows_cut_anywhere_by_chunks_are_read_whole_and_once() {
        let rows = [
            (7, "2020-03-01", 1, 5),
            (8, "2020-03-01", 2, 3),
            (7, "2020-03-02", 1, 1),
        ];
        let bytes = stream(&rows);
        for size in [1, 2, 3, 7, 19, 20, 64, bytes.len()] {
            let got = read_in_chunks(&bytes, size).expect("read");
            let want: Vec<_> = rows
                .iter()
                .map(|(u, d, r, c)| (*u, d.to_string(), *r, *c))
                .collect();
            assert_eq!(got, want, "chunks of {size}");
        }
    }

    #[test]
    fn a_stream_cut_short_or_not_binary_is_refused() {
        let bytes = stream(&[(7, "2020-03-01", 1, 5)]);
        assert!(read_in_chunks(&bytes[..bytes.len() - 2], 8).is_err());
        let mut other = bytes.clone();
        other[0] = b'X';
        assert!(read_in_chunks(&other, 8).is_err());
    }
}
