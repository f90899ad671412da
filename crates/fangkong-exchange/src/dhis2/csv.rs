//! DHIS2 data value sets as CSV. Written with the exact header DHIS2 2.44 exports
//! (`dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,
//! storedby,lastupdated,comment,followup,deleted`), which both DHIS2's by-name and
//! older by-position readers accept. Read by header name, case-insensitively, with
//! the old abbreviations; a file without a header row is read by position. Every
//! problem is named by its line.

use std::io::{Read, Write};

use fangkong_domain::exchange::dhis2::{DataValue, ValueProblem, ValueSink};

/// The header DHIS2 2.44 exports, in its order.
pub const HEADER: [&str; 11] = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
];

/// The column of each field by position when there is no header (older DHIS2).
const POSITIONS: [usize; 9] = [0, 1, 2, 3, 4, 5, 6, 8, 10];

/// Names a column may carry for each field, in the order of `POSITIONS`.
const NAMES: [&[&str]; 9] = [
    &["dataelement", "de"],
    &["period", "pe"],
    &["orgunit", "ou"],
    &["categoryoptioncombo", "catoptcombo", "coc"],
    &["attributeoptioncombo", "attroptcombo", "aoc"],
    &["value"],
    &["storedby", "strby"],
    &["comment", "cmt"],
    &["deleted"],
];

/// Reads a CSV data value set from `reader`, handing each value to `sink`;
/// problems name their line.
pub fn read(reader: impl Read, sink: &mut impl ValueSink) {
    let (reader, mut lines) = crate::lines::counting(reader);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut records = reader.records();
    let mut columns: [Option<usize>; 9] = POSITIONS.map(Some);
    let mut first_data: Option<csv::StringRecord> = None;
    match records.next() {
        None => {}
        Some(Err(e)) => return sink.problem(csv_problem(&e, &mut lines)),
        Some(Ok(first)) => {
            let lower: Vec<String> = first.iter().map(|h| h.trim().to_lowercase()).collect();
            let is_header = lower
                .iter()
                .any(|h| NAMES[0].contains(&h.as_str()) || h == "period");
            if is_header {
                for (k, names) in NAMES.iter().enumerate() {
                    columns[k] = lower.iter().position(|h| names.contains(&h.as_str()));
                }
                let mut missing = false;
                for (k, field) in [
                    (0, "dataelement"),
                    (1, "period"),
                    (2, "orgunit"),
                    (5, "value"),
                ] {
                    if columns[k].is_none() {
                        missing = true;
                        sink.problem(ValueProblem {
                            place: "line 1".into(),
                            field: "header",
                            message: format!("the header has no {field} column"),
                        });
                    }
                }
                if missing {
                    return;
                }
            } else {
                first_data = Some(first);
            }
        }
    }
    for row in first_data.into_iter().map(Ok).chain(records) {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                sink.problem(csv_problem(&e, &mut lines));
                continue;
            }
        };
        let line = lines.line_at(row.position().map_or(0, |p| p.byte()));
        let place = format!("line {line}");
        let get = |k: usize| -> String {
            columns[k]
                .and_then(|c| row.get(c))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let optional = |k: usize| Some(get(k)).filter(|s| !s.is_empty());
        let dv = DataValue {
            data_element: get(0),
            period: get(1),
            org_unit: get(2),
            category_option_combo: get(3),
            attribute_option_combo: get(4),
            value: optional(5),
            stored_by: optional(6),
            comment: optional(7),
            deleted: get(8).eq_ignore_ascii_case("true"),
        };
        let mut ok = true;
        for (field, v) in [
            ("dataelement", &dv.data_element),
            ("period", &dv.period),
            ("orgunit", &dv.org_unit),
        ] {
            if v.is_empty() {
                ok = false;
                sink.problem(ValueProblem {
                    place: place.clone(),
                    field,
                    message: "is empty".into(),
                });
            }
        }
        if ok {
            sink.value(place, dv);
        }
    }
}

fn csv_problem(e: &csv::Error, lines: &mut crate::lines::LineCounter) -> ValueProblem {
    ValueProblem {
        place: e.position().map_or_else(
            || "the file".to_string(),
            |p| format!("line {}", lines.line_at(p.byte())),
        ),
        field: "csv",
        message: e.to_string(),
    }
}

/// Writes values as CSV with DHIS2's export header.
pub struct Writer<W: Write> {
    out: csv::Writer<W>,
    written: usize,
}

impl<W: Write> Writer<W> {
    /// Starts the file with its header.
    pub fn new(out: W) -> csv::Result<Writer<W>> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(HEADER)?;
        Ok(Writer { out, written: 0 })
    }

    /// Writes one value.
    pub fn push(&mut self, v: &DataValue) -> csv::Result<()> {
        self.out.write_record([
            v.data_element.as_str(),
            &v.period,
            &v.org_unit,
            &v.category_option_combo,
            &v.attribute_option_combo,
            v.value.as_deref().unwrap_or(""),
            v.stored_by.as_deref().unwrap_or(""),
            "",
            v.comment.as_deref().unwrap_or(""),
            "false",
            "false",
        ])?;
        self.written += 1;
        Ok(())
    }

    /// Flushes; returns how many values were written.
    pub fn finish(mut self) -> std::io::Result<usize> {
        self.out.flush()?;
        Ok(self.written)
    }
}
