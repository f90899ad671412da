//! Reading CSV input and rejecting it whole: every import is one transaction, and
//! a rejected file is reported with every bad line and field (up to a limit).

pub mod annotations;
pub mod case_addresses;
pub mod csv_input;
pub mod fast_hash;
pub mod intake;
pub mod published;
pub mod registry;
pub mod reports;
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
}

impl Rejected {
    /// An empty list of problems for the input named `source` (a file path, or `report`).
    pub fn new(source: impl Into<String>) -> Rejected {
        Rejected {
            source: source.into(),
            errors: Vec::new(),
            total: 0,
            places: Vec::new(),
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
                    format!("{}, row {line}", self.source)
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
}
