//! Excel and OpenDocument workbooks as input: the first sheet read into rows of
//! text, the same columns as the CSV formats. A number typed as a number or as
//! text reads the same (`3` and `3.0` are `3`); a date typed as an Excel date
//! reads as `YYYY-MM-DD`; an empty cell is empty (a missing count is refused,
//! never read as zero).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

/// Whether `path` names a workbook rather than CSV text, by its extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "ods"
        )
    })
}

/// The first sheet of a workbook: its name and its rows, each a list of cell
/// texts, row 1 first (blank rows kept, so a row's index + 1 is its number in
/// the spreadsheet).
pub fn first_sheet(path: &Path) -> Result<(String, Vec<Vec<String>>), String> {
    let mut book = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| "the workbook has no sheet".to_string())?;
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    // A used range that does not start at A1 keeps its place in the sheet.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); left as usize];
        cells.extend(row.iter().map(cell_text));
        rows.push(cells);
    }
    Ok((name, rows))
}

/// A cell as the CSV formats would have it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, sec, _) = d.to_ymd_hms_milli();
            if (h, mi, sec) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{sec:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // An error cell (#DIV/0!, #N/A) is not a value: its text is refused by
        // the field it stands in.
        Data::Error(e) => format!("#{e:?}"),
    }
}
