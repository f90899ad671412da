//! Reading CSV input and rejecting it whole: every import is one transaction, and
//! a rejected file is reported with every bad line and field (up to a limit).

pub mod annotations;
pub mod care;
pub mod case_addresses;
pub mod csv_input;
pub mod fast_hash;
pub mod inspections;
pub mod intake;
pub mod published;
pub mod registry;
pub mod reports;
pub mod roster;
pub mod sheet;
pub mod units;

use std::fmt;

pub use csv_input::CsvInput;

/// How many problems a rejection lists before it only counts the rest.
pub const MAX_LISTED: usize = 100;

/// One problem in the input: where it is, which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The 1-based line in the file (the header is line 1); `None` for flags.
    pub line: Option<u64>,
    /// The column or flag at fault, if one is.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// How a workbook's source names its sheet: `reports.xlsx, sheet 报告`.
pub const SHEET_MARK: &str = ", sheet ";

/// Input that was refused as a whole: nothing was written.
#[derive(Debug)]
pub struct Rejected {
    source: String,
    errors: Vec<RowError>,
    total: usize,
    /// For input that is not lines (JSON): the name of each "line" n, at n − 1.
    places: Vec<String>,
    /// For a workbook: the column codes of its header, in sheet order, so that
    /// a field is also named by its column letter.
    columns: Vec<String>,
}

impl Rejected {
    /// An empty list of problems for the input named `source` (a file path, or `report`).
    pub fn new(source: impl Into<String>) -> Rejected {
        Rejected {
            source: source.into(),
            errors: Vec::new(),
            total: 0,
            places: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// Names fields by their column in a workbook's sheet too (`column C`),
    /// given the header's column codes in order; kept once set.
    pub fn name_columns(&mut self, codes: impl IntoIterator<Item = String>) {
        if self.columns.is_empty() {
            self.columns = codes.into_iter().collect();
        }
    }

    /// Says each field by the name the input format gives it (DHIS2's
    /// `orgUnit` for `unit_code`, its data element for a count).
    pub fn rename_fields(&mut self, names: &[(&str, &str)]) {
        for e in &mut self.errors {
            if let Some(f) = &e.field
                && let Some((_, to)) = names.iter().find(|(from, _)| from == f)
            {
                e.field = Some((*to).to_string());
            }
        }
    }

    /// Names line n by `places[n − 1]` (a JSON path) in messages.
    pub fn name_places(&mut self, places: Vec<String>) {
        self.places = places;
    }

    /// Records a problem.
    pub fn add(&mut self, line: Option<u64>, field: Option<&str>, message: impl Into<String>) {
        self.total += 1;
        if self.errors.len() < MAX_LISTED {
            self.errors.push(RowError {
                line,
                field: field.map(str::to_string),
                message: message.into(),
            });
        }
    }

    /// Whether a problem was recorded on `line` (`None`: the single report from flags).
    pub fn is_line(&self, line: Option<u64>) -> bool {
        self.errors.iter().any(|e| e.line == line)
    }

    /// Takes in another list of problems about the same input, keeping line order.
    pub fn merge(&mut self, other: Rejected) {
        self.total += other.total;
        self.errors.extend(other.errors);
        self.errors.sort_by_key(|e| e.line);
        self.errors.truncate(MAX_LISTED);
    }

    /// Whether any problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// `Ok(())` if nothing was recorded, else the rejection itself.
    pub fn into_result(self) -> Result<(), Rejected> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "error: {} rejected: {} problem{}; nothing was written",
            self.source,
            self.total,
            if self.total == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            let place = e
                .line
                .and_then(|l| usize::try_from(l).ok()?.checked_sub(1))
                .and_then(|i| self.places.get(i));
            let at = match (place, e.line) {
                (Some(place), _) => format!("{} {place}", self.source),
                // A workbook's rows are rows of its sheet, not lines.
                (None, Some(line)) if self.source.contains(SHEET_MARK) => {
                    let column = e
                        .field
                        .as_ref()
                        .and_then(|f| self.columns.iter().position(|c| c == f))
                        .map(|i| format!(", column {}", column_letters(i)))
                        .unwrap_or_default();
                    format!("{}, row {line}{column}", self.source)
                }
                (None, Some(line)) => format!("{}:{line}", self.source),
                (None, None) => self.source.clone(),
            };
            match &e.field {
                Some(field) => writeln!(f, "  {at}: field {field}: {}", e.message)?,
                None => writeln!(f, "  {at}: {}", e.message)?,
            }
        }
        if self.total > self.errors.len() {
            writeln!(f, "  … and {} more", self.total - self.errors.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

/// A spreadsheet's name of the column at `index` from 0: A … Z, AA, AB …
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_names_file_line_and_field_and_counts_what_it_does_not_list() {
        let mut r = Rejected::new("reports.csv");
        for line in 0..(MAX_LISTED as u64 + 5) {
            r.add(Some(line + 2), Some("new_confirmed"), "'-1' is negative");
        }
        let text = r.to_string();
        assert!(
            text.starts_with("error: reports.csv rejected: 105 problems; nothing was written\n")
        );
        assert!(text.contains("  reports.csv:2: field new_confirmed: '-1' is negative\n"));
        assert!(text.ends_with("  … and 5 more\n"));
    }

    #[test]
    fn a_workbook_s_field_is_named_by_row_and_column_letter() {
        let mut r = Rejected::new(format!("reports.xlsx{SHEET_MARK}报告"));
        r.name_columns(["date", "unit_code", "new_confirmed"].map(String::from));
        r.add(Some(3), Some("new_confirmed"), "'-1' is negative");
        r.add(Some(4), Some("remark"), "too long");
        let text = r.to_string();
        assert!(
            text.contains("  reports.xlsx, sheet 报告, row 3, column C: field new_confirmed: '-1' is negative\n"),
            "{text}"
        );
        assert!(
            text.contains("  reports.xlsx, sheet 报告, row 4: field remark"),
            "{text}"
        );
        assert_eq!(
            [0, 25, 26, 27, 51, 52, 701, 702].map(column_letters),
            ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }
}
