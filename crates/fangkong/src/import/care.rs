//! Care records in: `person_id,date,kind[,amount,note]`, read whole or
//! refused whole, every bad line and field named.

use fangkong_domain::Day;
use fangkong_domain::rota::{CareKind, CareRecord, Staff};

use super::{CsvInput, Rejected};

/// The care file's columns; `amount` and `note` may be left out.
pub const COLUMNS: [&str; 3] = ["person_id", "date", "kind"];

/// Reads care records for the people of `staff`.
pub fn read_care(mut input: CsvInput, staff: &[Staff]) -> Result<Vec<CareRecord>, Rejected> {
    let columns = input.columns(&COLUMNS)?;
    let col: Vec<Option<usize>> = COLUMNS.iter().map(|c| columns.at(c)).collect();
    let (amount_col, note_col) = (columns.at("amount"), columns.at("note"));
    let mut rejected = Rejected::new(input.label());
    let mut records = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let person = row.get(col[0]).trim().to_string();
        if !staff.iter().any(|s| s.id == person) {
            rejected.add(
                line,
                Some("person_id"),
                format!("'{person}' is not on the roster"),
            );
        }
        let day = Day::parse(row.get(col[1]).trim())
            .map_err(|e| rejected.add(line, Some("date"), e.to_string()))
            .ok();
        let kind_text = row.get(col[2]).trim();
        let kind = CareKind::parse(kind_text);
        if kind.is_none() {
            rejected.add(
                line,
                Some("kind"),
                format!(
                    "'{kind_text}' is not one of {}",
                    CareKind::ALL.map(CareKind::name).join(", ")
                ),
            );
        }
        let amount = match row.get(amount_col).trim() {
            "" => Some(None),
            t => match t.parse::<u32>() {
                Ok(n) => Some(Some(n)),
                Err(_) => {
                    rejected.add(
                        line,
                        Some("amount"),
                        format!("'{t}' is not a whole number (empty if none)"),
                    );
                    None
                }
            },
        };
        if let (Some(day), Some(kind), Some(amount)) = (day, kind, amount) {
            records.push(CareRecord {
                person,
                day,
                kind,
                amount,
                note: row.get(note_col).trim().to_string(),
            });
        }
    }
    rejected.into_result()?;
    Ok(records)
}
