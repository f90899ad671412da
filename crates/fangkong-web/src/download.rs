//! A page's table as a file to take away: CSV (UTF-8, one header row) or an
//! Excel workbook, the same columns and rows either way. A missing value is an
//! empty cell, never a zero; a text that a spreadsheet would run as a formula
//! is written as text.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::i18n::workbook::{Cell, workbook};

/// The kind of file a table is taken away as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// CSV, UTF-8.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl Sheet {
    /// The table as a download named `name` with this kind's extension.
    pub fn write(self, name: &str, columns: &[&str], rows: &[Vec<Cell>]) -> Response {
        match self {
            Sheet::Csv => csv(name, columns, rows),
            Sheet::Xlsx => xlsx(name, columns, rows),
        }
    }
}

/// The table as CSV text.
pub fn csv_text(columns: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = columns.join(",");
    out.push('\n');
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => field(&inert(s)),
                Cell::Number(x) => format!("{x}"),
                Cell::Missing => String::new(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The table as a CSV download named `name.csv`.
pub fn csv(name: &str, columns: &[&str], rows: &[Vec<Cell>]) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        csv_text(columns, rows),
    )
        .into_response()
}

/// The table as an Excel download named `name.xlsx`.
pub fn xlsx(name: &str, columns: &[&str], rows: &[Vec<Cell>]) -> Response {
    match workbook(columns, rows) {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.xlsx\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => ApiError::Internal(e.to_string()).into_response(),
    }
}

/// A CSV field, quoted when it has to be.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A text a spreadsheet opens as text: one that begins as a formula would
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe,
/// since notes and names come from people and a CSV is opened in Excel.
fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_they_must_be_and_missing_is_empty() {
        let rows = vec![vec![
            Cell::Text("江岸区, 汉口".into()),
            Cell::Text("说 \"是\"".into()),
            Cell::Number(3.0),
            Cell::Missing,
        ]];
        assert_eq!(
            csv_text(&["a", "b", "c", "d"], &rows),
            "a,b,c,d\n\"江岸区, 汉口\",\"说 \"\"是\"\"\",3,\n"
        );
    }

    #[test]
    fn a_text_that_looks_like_a_formula_stays_text() {
        let rows = vec![vec![
            Cell::Text("=HYPERLINK(\"x\")".into()),
            Cell::Text("-1".into()),
            Cell::Text("a=b".into()),
        ]];
        assert_eq!(
            csv_text(&["a", "b", "c"], &rows),
            "a,b,c\n\"'=HYPERLINK(\"\"x\"\")\",'-1,a=b\n"
        );
    }
}
