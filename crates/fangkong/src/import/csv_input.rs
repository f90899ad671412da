//! `CsvInput`: a CSV file (or embedded bytes) with its header checked, read row by
//! row with line numbers and a progress bar on long files.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use fangkong_domain::limits::Limits;

use super::Rejected;
use fangkong_exchange::lines::{LineCounter, counting};

/// A CSV source being read, or a workbook's first sheet read as one.
pub struct CsvInput {
    label: String,
    reader: csv::Reader<Box<dyn Read>>,
    /// A workbook's first sheet, row 1 first, and the next row to read.
    sheet: Option<(Vec<csv::StringRecord>, usize)>,
    progress: ProgressBar,
    /// Reused for every row: one allocation for the whole file, not one per row.
    record: csv::StringRecord,
    /// The header's names, to name a field in a message.
    headers: Vec<String>,
    /// The most bytes one field may hold (the rules file's `[limits]`).
    field_bytes: usize,
    /// Physical line numbers, whatever the line endings.
    lines: LineCounter,
}

/// The positions of the columns a format needs, by name.
#[derive(Debug, Clone)]
pub struct Columns {
    index: HashMap<String, usize>,
}

impl Columns {
    /// The position of a column known to be present (checked by [`CsvInput::columns`]).
    pub fn at(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Whether the header has the column.
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }
}

/// One data row with its line number.
pub struct CsvRow<'a> {
    /// The 1-based line where the row starts.
    pub line: u64,
    record: &'a csv::StringRecord,
}

impl CsvRow<'_> {
    /// The value of a column, `""` if the row is short or the column absent.
    pub fn get(&self, column: Option<usize>) -> &str {
        column.and_then(|i| self.record.get(i)).unwrap_or("")
    }
}

impl CsvInput {
    /// Opens a file, with a progress bar over its bytes (drawn only on a
    /// terminal), read within `limits` (a field's bytes).
    /// A workbook (`.xlsx`, `.xls`, `.ods`) is read from its first sheet, with
    /// the same columns; its rows are named by their numbers in the sheet.
    pub fn open(path: &Path, limits: &Limits) -> anyhow::Result<CsvInput> {
        if super::sheet::is_workbook(path) {
            let (name, rows) = super::sheet::first_sheet(path)
                .map_err(|e| anyhow::anyhow!("cannot read the workbook {}: {e}", path.display()))?;
            let label = format!("{}{}{name}", path.display(), super::SHEET_MARK);
            let mut input =
                CsvInput::build(label, Box::new(std::io::empty()), ProgressBar::hidden())
                    .with_limits(limits);
            let records = rows.into_iter().map(csv::StringRecord::from).collect();
            input.sheet = Some((records, 0));
            return Ok(input);
        }
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let progress = ProgressBar::new(size);
        progress.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        progress.set_message(format!("reading {}", path.display()));
        let reader: Box<dyn Read> = Box::new(progress.wrap_read(file));
        Ok(CsvInput::build(path.display().to_string(), reader, progress).with_limits(limits))
    }

    /// Reads CSV text already in memory (the demo's embedded files).
    pub fn from_bytes(label: &str, bytes: &'static [u8]) -> CsvInput {
        CsvInput::build(label.to_string(), Box::new(bytes), ProgressBar::hidden())
    }

    /// Reads CSV text owned in memory (tests, generated input).
    pub fn from_vec(label: &str, bytes: Vec<u8>) -> CsvInput {
        CsvInput::build(
            label.to_string(),
            Box::new(std::io::Cursor::new(bytes)),
            ProgressBar::hidden(),
        )
    }

    fn build(label: String, reader: Box<dyn Read>, progress: ProgressBar) -> CsvInput {
        let (reader, lines) = counting(reader);
        let reader: Box<dyn Read> = Box::new(reader);
        let reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::None)
            .from_reader(reader);
        CsvInput {
            label,
            reader,
            sheet: None,
            progress,
            record: csv::StringRecord::new(),
            headers: Vec::new(),
            field_bytes: Limits::default().field_bytes,
            lines,
        }
    }

    /// Reads with these limits instead of the defaults (a field's bytes).
    pub fn with_limits(mut self, limits: &Limits) -> CsvInput {
        self.field_bytes = limits.field_bytes;
        self
    }

    /// The name used in messages: the file path.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Checks the header: every `required` column must be present. Returns the
    /// position of every column in the header.
    pub fn columns(&mut self, required: &[&str]) -> Result<Columns, Rejected> {
        let mut rejected = Rejected::new(self.label.clone());
        let headers = match &mut self.sheet {
            Some((rows, next)) => match rows.first() {
                Some(h) => {
                    *next = 1;
                    h.clone()
                }
                None => {
                    rejected.add(Some(1), None, "the sheet is empty: no header row");
                    return Err(rejected);
                }
            },
            None => match self.reader.headers() {
                Ok(h) => h.clone(),
                Err(e) => {
                    rejected.add(Some(1), None, format!("cannot read the header: {e}"));
                    return Err(rejected);
                }
            },
        };
        let index: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = h.trim_start_matches('\u{feff}').trim();
                // A heading exported with its Chinese label (`新增确诊（new_confirmed）`)
                // is found by its code.
                (crate::columns::code_of(h).to_string(), i)
            })
            .collect();
        for name in required {
            if !index.contains_key(*name) {
                rejected.add(
                    Some(1),
                    Some(name),
                    format!(
                        "missing column '{name}' (the header has: {})",
                        headers.iter().collect::<Vec<_>>().join(",")
                    ),
                );
            }
        }
        rejected.into_result()?;
        self.headers = headers.iter().map(str::to_string).collect();
        Ok(Columns { index })
    }

    /// The next data row; a row that cannot be read at all (bad UTF-8) is recorded in
    /// `rejected` and skipped.
    pub fn next_row(&mut self, rejected: &mut Rejected) -> Option<CsvRow<'_>> {
        if let Some((rows, next)) = &mut self.sheet {
            rejected.name_columns(
                self.headers
                    .iter()
                    .map(|h| crate::columns::code_of(h.trim()).to_string()),
            );
            while let Some(row) = rows.get(*next) {
                *next += 1;
                if row.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let line = *next as u64;
                if let Some(i) = row.iter().position(|f| f.len() > self.field_bytes) {
                    let name = self.headers.get(i).map(String::as_str);
                    rejected.add(
                        Some(line),
                        name,
                        format!(
                            "{} bytes; a cell holds at most {}",
                            row.get(i).map_or(0, str::len),
                            self.field_bytes
                        ),
                    );
                    continue;
                }
                self.record = row.clone();
                return Some(CsvRow {
                    line,
                    record: &self.record,
                });
            }
            return None;
        }
        let line = loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => {
                    self.progress.finish_and_clear();
                    return None;
                }
                Ok(true) => {
                    if self.record.iter().all(|f| f.trim().is_empty()) {
                        continue; // blank lines carry nothing
                    }
                    let byte = self.record.position().map_or(0, |p| p.byte());
                    let line = self.lines.line_at(byte);
                    if let Some(i) = self.record.iter().position(|f| f.len() > self.field_bytes) {
                        let name = self.headers.get(i).map(String::as_str);
                        rejected.add(
                            Some(line),
                            name,
                            format!(
                                "{} bytes; a field holds at most {} (a missing quote?)",
                                self.record.get(i).map_or(0, str::len),
                                self.field_bytes
                            ),
                        );
                        continue;
                    }
                    break line;
                }
                Err(e) => {
                    let line = e.position().map(|p| self.lines.line_at(p.byte()));
                    rejected.add(line, None, format!("unreadable row: {e}"));
                    if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                        self.progress.finish_and_clear();
                        return None;
                    }
                }
            }
        };
        Some(CsvRow {
            line,
            record: &self.record,
        })
    }
}
