//! Output of reporting commands as an aligned table, CSV or JSON (`--format`).

use std::io::{self, Write};

use clap::ValueEnum;
use serde_json::{Map, Value};

/// How a reporting command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
    /// An Excel workbook (.xlsx) with one sheet: a header row of Chinese
    /// labels with the column's code in brackets (which the import reads back),
    /// frozen; numbers as numbers, missing values as empty cells. Redirect it
    /// to a file: `--format xlsx > reports.xlsx`.
    Xlsx,
}

/// One value in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// Yes or no.
    Bool(bool),
    /// A decimal number, printed with one decimal.
    Decimal(f64),
    /// A ratio from 0 to 1, printed with four decimals.
    Ratio(f64),
    /// An estimate printed with six decimals in text, in full in JSON (Rt, to
    /// compare with other software).
    Estimate(f64),
    /// No value (missing, not zero).
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}
impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Int(i64::from(n))
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(o: Option<T>) -> Cell {
        o.map(Into::into).unwrap_or(Cell::Empty)
    }
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Decimal(x) => format!("{x:.1}"),
            Cell::Ratio(x) => format!("{x:.4}"),
            Cell::Estimate(x) => format!("{x:.6}"),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Int(n) => Value::from(*n),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Decimal(x) => serde_json::Number::from_f64((x * 10.0).round() / 10.0)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Cell::Ratio(x) => serde_json::Number::from_f64((x * 10_000.0).round() / 10_000.0)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Cell::Estimate(x) => serde_json::Number::from_f64(*x)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Cell::Empty => Value::Null,
        }
    }
}

/// Rows under named columns.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(headers: &[&'static str]) -> Table {
        Table {
            headers: headers.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Appends a row; it must have one cell per column.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }

    /// Prints the table to standard output in `format`.
    pub fn print(&self, format: Format) -> anyhow::Result<()> {
        not_to_a_terminal(format)?;
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        self.write(format, &mut out)?;
        out.flush()?;
        Ok(())
    }

    /// Writes the table in `format`.
    pub fn write(&self, format: Format, out: &mut impl Write) -> anyhow::Result<()> {
        match format {
            Format::Xlsx => out.write_all(&self.workbook()?)?,
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&self.headers)?;
                for row in &self.rows {
                    w.write_record(row.iter().map(Cell::text))?;
                }
                w.flush()?;
            }
            Format::Json => {
                let items: Vec<Value> = self
                    .rows
                    .iter()
                    .map(|row| {
                        let map: Map<String, Value> = self
                            .headers
                            .iter()
                            .zip(row)
                            .map(|(h, c)| (h.to_string(), c.json()))
                            .collect();
                        Value::Object(map)
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &items)?;
                writeln!(out)?;
            }
            Format::Table => {
                let texts: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|r| r.iter().map(Cell::text).collect())
                    .collect();
                let mut widths: Vec<usize> =
                    self.headers.iter().map(|h| display_width(h)).collect();
                for row in &texts {
                    for (w, t) in widths.iter_mut().zip(row) {
                        *w = (*w).max(display_width(t));
                    }
                }
                let line = |cells: &mut dyn Iterator<Item = &str>,
                            out: &mut dyn Write|
                 -> io::Result<()> {
                    let mut s = String::new();
                    for (i, c) in cells.enumerate() {
                        if i > 0 {
                            s.push_str("  ");
                        }
                        s.push_str(c);
                        s.extend(std::iter::repeat_n(' ', widths[i] - display_width(c)));
                    }
                    writeln!(out, "{}", s.trim_end())
                };
                line(&mut self.headers.iter().copied(), out)?;
                for row in &texts {
                    line(&mut row.iter().map(String::as_str), out)?;
                }
            }
        }
        Ok(())
    }
}

impl Table {
    /// The table as an .xlsx workbook (the pages' downloads write the same).
    fn workbook(&self) -> anyhow::Result<Vec<u8>> {
        use fangkong_web::i18n::workbook::{Cell as Out, workbook};
        let rows: Vec<Vec<Out>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Cell::Empty => Out::Missing,
                        Cell::Int(n) => Out::Number(*n as f64),
                        Cell::Decimal(x) | Cell::Ratio(x) | Cell::Estimate(x) => Out::Number(*x),
                        other => Out::Text(other.text()),
                    })
                    .collect()
            })
            .collect();
        Ok(workbook(&self.headers, &rows)?)
    }
}

/// Rows written as they come: CSV and JSON go straight out, so listing a season of
/// reports takes the memory of one row, not of the whole listing; an aligned table
/// must see every row first, so it is kept until [`RowSink::finish`].
pub enum RowSink<W: Write> {
    /// CSV, row by row.
    Csv(Box<csv::Writer<W>>),
    /// A JSON array, object by object.
    Json {
        /// The column names.
        headers: Vec<&'static str>,
        /// Where the JSON goes.
        out: W,
        /// How many objects were written.
        written: usize,
    },
    /// An aligned table, written at the end.
    Table(Table, W),
    /// A workbook, written at the end.
    Xlsx(Table, W),
}

impl<W: Write> RowSink<W> {
    /// Starts output with these columns.
    pub fn new(format: Format, headers: &[&'static str], mut out: W) -> anyhow::Result<RowSink<W>> {
        not_to_a_terminal(format)?;
        Ok(match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(headers)?;
                RowSink::Csv(Box::new(w))
            }
            Format::Json => {
                out.write_all(b"[")?;
                RowSink::Json {
                    headers: headers.to_vec(),
                    out,
                    written: 0,
                }
            }
            Format::Table => RowSink::Table(Table::new(headers), out),
            Format::Xlsx => RowSink::Xlsx(Table::new(headers), out),
        })
    }

    /// Writes one row.
    pub fn push(&mut self, row: Vec<Cell>) -> anyhow::Result<()> {
        match self {
            RowSink::Csv(w) => w.write_record(row.iter().map(Cell::text))?,
            RowSink::Json {
                headers,
                out,
                written,
            } => {
                let map: Map<String, Value> = headers
                    .iter()
                    .zip(&row)
                    .map(|(h, c)| (h.to_string(), c.json()))
                    .collect();
                out.write_all(if *written == 0 { b"\n  " } else { b",\n  " })?;
                serde_json::to_writer(&mut *out, &Value::Object(map))?;
                *written += 1;
            }
            RowSink::Table(t, _) | RowSink::Xlsx(t, _) => t.push(row),
        }
        Ok(())
    }

    /// Ends the output.
    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            RowSink::Csv(mut w) => w.flush()?,
            RowSink::Json {
                mut out, written, ..
            } => {
                out.write_all(if written == 0 { b"]\n" } else { b"\n]\n" })?;
                out.flush()?;
            }
            RowSink::Table(t, mut out) => {
                t.write(Format::Table, &mut out)?;
                out.flush()?;
            }
            RowSink::Xlsx(t, mut out) => {
                t.write(Format::Xlsx, &mut out)?;
                out.flush()?;
            }
        }
        Ok(())
    }
}

/// A workbook is bytes for a file, not text for a terminal.
fn not_to_a_terminal(format: Format) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if format == Format::Xlsx && io::stdout().is_terminal() {
        anyhow::bail!(
            "--format xlsx writes a workbook: redirect it to a file, e.g. `> table.xlsx`"
        );
    }
    Ok(())
}

/// The width of text in a terminal: East Asian wide characters take two columns.
pub fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// `println!` that returns an error instead of panicking when standard output is
/// closed (`fangkong … | head`); main treats a broken pipe as success.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["code", "name", "population", "reporting"]);
        t.push(vec![
            "420102".into(),
            "江岸区".into(),
            Cell::Empty,
            false.into(),
        ]);
        t.push(vec![
            "K1".into(),
            "a, b".into(),
            1200i64.into(),
            true.into(),
        ]);
        t
    }

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        sample().write(format, &mut out).expect("write");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn tables_align_chinese_names_by_display_width() {
        let text = render(Format::Table);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "code    name    population  reporting");
        assert_eq!(lines[1], "420102  江岸区              false");
        assert_eq!(lines[2], "K1      a, b    1200        true");
    }

    #[test]
    fn csv_quotes_commas_and_leaves_missing_values_empty() {
        assert_eq!(
            render(Format::Csv),
            "code,name,population,reporting\n420102,江岸区,,false\nK1,\"a, b\",1200,true\n"
        );
    }

    #[test]
    fn a_row_sink_writes_the_same_as_a_table_in_every_format() {
        for format in [Format::Csv, Format::Json, Format::Table] {
            let mut out = Vec::new();
            let mut sink = RowSink::new(
                format,
                &["code", "name", "population", "reporting"],
                &mut out,
            )
            .expect("sink");
            sink.push(vec![
                "420102".into(),
                "江岸区".into(),
                Cell::Empty,
                false.into(),
            ])
            .expect("row");
            sink.push(vec![
                "K1".into(),
                "a, b".into(),
                1200i64.into(),
                true.into(),
            ])
            .expect("row");
            sink.finish().expect("finish");
            let text = String::from_utf8(out).expect("utf8");
            if format == Format::Json {
                let a: Value = serde_json::from_str(&text).expect("json");
                let b: Value = serde_json::from_str(&render(format)).expect("json");
                assert_eq!(a, b);
            } else {
                assert_eq!(text, render(format));
            }
        }
        let mut out = Vec::new();
        RowSink::new(Format::Json, &["a"], &mut out)
            .expect("sink")
            .finish()
            .expect("finish");
        assert_eq!(
            serde_json::from_slice::<Value>(&out).expect("json"),
            Value::Array(vec![])
        );
    }

    #[test]
    fn json_keeps_types_and_null_for_missing() {
        let v: Value = serde_json::from_str(&render(Format::Json)).expect("json");
        assert_eq!(v[0]["population"], Value::Null);
        assert_eq!(v[1]["population"], Value::from(1200));
        assert_eq!(v[1]["reporting"], Value::Bool(true));
    }
}
