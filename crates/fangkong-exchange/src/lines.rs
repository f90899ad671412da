//! Physical line numbers of a file read as CSV, whatever its line endings
//! (LF, CR LF, mixed) and with quoted fields holding newlines: every line
//! feed the reader passes is noted by its byte offset, and a record's line is
//! one more than the line feeds before its first byte. (The csv crate's own
//! count runs one line short on CR LF files.)

use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// Notes the byte offset of every line feed read through it.
pub struct CountingReader<R> {
    inner: R,
    offset: u64,
    feeds: Arc<Mutex<VecDeque<u64>>>,
}

/// Turns a byte offset into a line number, for offsets that only grow.
#[derive(Clone)]
pub struct LineCounter {
    feeds: Arc<Mutex<VecDeque<u64>>>,
    before: u64,
}

/// A reader that counts, and the counter that reads its counts.
pub fn counting<R: Read>(inner: R) -> (CountingReader<R>, LineCounter) {
    let feeds = Arc::new(Mutex::new(VecDeque::new()));
    (
        CountingReader {
            inner,
            offset: 0,
            feeds: Arc::clone(&feeds),
        },
        LineCounter { feeds, before: 0 },
    )
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut feeds) = self.feeds.lock() {
            for (i, b) in buf[..n].iter().enumerate() {
                if *b == b'\n' {
                    feeds.push_back(self.offset + i as u64);
                }
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl LineCounter {
    /// The 1-based line on which byte `offset` stands; offsets asked must
    /// not go back.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        if let Ok(mut feeds) = self.feeds.lock() {
            // A CR LF record starts, for the csv crate, on its LF: that line
            // feed ends the line before.
            while feeds.front().is_some_and(|&f| f <= offset) {
                feeds.pop_front();
                self.before += 1;
            }
        }
        self.before + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<u64> {
        let (reader, mut counter) = counting(text.as_bytes());
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(reader);
        let mut out = Vec::new();
        for r in csv.records() {
            let r = r.expect("record");
            out.push(counter.line_at(r.position().expect("position").byte()));
        }
        out
    }

    #[test]
    fn lines_count_the_same_whatever_the_endings() {
        assert_eq!(lines_of("h\na\nb\nc\n"), [2, 3, 4]);
        assert_eq!(lines_of("h\r\na\r\nb\r\nc\r\n"), [2, 3, 4]);
        assert_eq!(lines_of("h\r\na\nb\r\nc"), [2, 3, 4]);
    }

    #[test]
    fn a_quoted_newline_moves_the_next_record_down() {
        assert_eq!(lines_of("h,x\na,\"one\r\ntwo\"\r\nb,y\r\n"), [2, 4]);
    }
}
