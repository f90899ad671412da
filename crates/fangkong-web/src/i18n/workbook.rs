//! Tables as Excel workbooks, for the pages' downloads: a header row of the
//! columns' Chinese headings with their codes (`新增确诊（new_confirmed）`,
//! which an import reads back by code), frozen; numbers as numbers, missing
//! values as empty cells.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::Lang;
use super::catalogue::{has, text};

/// The Chinese heading of column `code`, if the catalogue has one.
pub fn label(code: &str) -> Option<&'static str> {
    let id = format!("column-{code}");
    has(Lang::Zh, &id).then(|| text(Lang::Zh, &id))
}

/// The heading of column `code` in a workbook.
pub fn heading(code: &str) -> String {
    match label(code) {
        Some(zh) => format!("{zh}（{code}）"),
        None => code.to_string(),
    }
}

/// One cell of a downloaded table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Missing: an empty cell, never a zero.
    Missing,
}

/// `rows` under `headers`, as the bytes of an .xlsx file.
pub fn workbook(headers: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        let c = c as u16;
        let heading = heading(h);
        sheet.write_string_with_format(0, c, &heading, &bold)?;
        sheet.set_column_width(c, (heading.chars().count() * 2).clamp(10, 40) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Missing => {}
            }
        }
    }
    book.save_to_buffer()
}
