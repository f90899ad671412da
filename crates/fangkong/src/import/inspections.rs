//! Inspections and the inspector roster in: read whole or refused whole,
//! every bad line and field named.

use std::path::Path;

use fangkong_domain::UnitCode;
use fangkong_domain::report::measures::parse_answer;
use fangkong_domain::report::{Measure, MeasuresInPlace};
use fangkong_domain::{Day, UnitTree};
use fangkong_store::{NewInspection, NewInspector, Photo};

use super::{CsvInput, Rejected};

/// The inspections file's required columns (then the six measures).
pub const COLUMNS: [&str; 3] = ["unit_code", "date", "inspector"];

/// What reading inspections needs to know.
pub struct InspectionContext<'a> {
    /// The tree of the days read (units must be reporting units in it).
    pub tree: &'a UnitTree,
    /// The inspectors' roster codes, each with the unit they belong to.
    pub inspectors: &'a [(String, Option<UnitCode>)],
    /// The folder photos are read relative to.
    pub folder: &'a Path,
    /// The largest photo accepted, in bytes.
    pub photo_max_bytes: usize,
}

/// Reads inspections.
pub fn read_inspections(
    mut input: CsvInput,
    context: &InspectionContext<'_>,
) -> Result<Vec<NewInspection>, Rejected> {
    let mut required: Vec<&str> = COLUMNS.to_vec();
    required.extend(Measure::ALL.iter().map(|m| m.field()));
    let columns = input.columns(&required)?;
    let col = |name: &str| columns.at(name);
    let (time_col, announced_col, note_col, photo_col) =
        (col("time"), col("announced"), col("note"), col("photo"));
    let measure_cols: Vec<(Measure, Option<usize>)> =
        Measure::ALL.iter().map(|&m| (m, col(m.field()))).collect();
    let mut rejected = Rejected::new(input.label());
    let mut out = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let code_text = row.get(col("unit_code")).trim();
        let unit = match UnitCode::parse(code_text) {
            Ok(code) => {
                match context.tree.index_of(&code) {
                    Some(i) if context.tree.is_reporting(i) => Some(code),
                    Some(_) => {
                        rejected.add(line, Some("unit_code"), format!("{code} is not a reporting unit (a compound, village or special place)"));
                        None
                    }
                    None => {
                        rejected.add(
                            line,
                            Some("unit_code"),
                            format!("{code} is not in the tree"),
                        );
                        None
                    }
                }
            }
            Err(e) => {
                rejected.add(line, Some("unit_code"), e.to_string());
                None
            }
        };
        let day = Day::parse(row.get(col("date")).trim())
            .map_err(|e| rejected.add(line, Some("date"), e.to_string()))
            .ok();
        let inspector = row.get(col("inspector")).trim().to_string();
        match context.inspectors.iter().find(|(c, _)| *c == inspector) {
            None => rejected.add(
                line,
                Some("inspector"),
                format!("'{inspector}' is not on the inspector roster"),
            ),
            // Never for a unit they belong to, nor any unit under it.
            Some((_, Some(home))) => {
                let tree = context.tree;
                if let (Some(h), Some(u)) = (
                    tree.index_of(home),
                    unit.as_ref().and_then(|c| tree.index_of(c)),
                ) && tree.is_within(u, h)
                {
                    rejected.add(
                        line,
                        Some("inspector"),
                        format!(
                            "'{inspector}' belongs to {home} and may not inspect a unit under it"
                        ),
                    );
                }
            }
            Some((_, None)) => {}
        }
        let mut found = MeasuresInPlace::NONE;
        let mut measures_ok = true;
        for &(m, c) in &measure_cols {
            match parse_answer(row.get(c)) {
                Ok(yes) => found = found.with(m, yes),
                Err(e) => {
                    measures_ok = false;
                    rejected.add(
                        line,
                        Some(m.field()),
                        format!("'{}' is not yes or no (是/否, 1/0)", e.0),
                    );
                }
            }
        }
        let time = match row.get(time_col).trim() {
            "" => Some(jiff::civil::time(10, 0, 0, 0)),
            t => match jiff::civil::Time::strptime("%H:%M", t) {
                Ok(t) => Some(t),
                Err(_) => {
                    rejected.add(
                        line,
                        Some("time"),
                        format!("'{t}' is not a time such as 09:30"),
                    );
                    None
                }
            },
        };
        let announced = match row.get(announced_col).trim() {
            "" => Some(false),
            t => parse_answer(t)
                .map_err(|e| {
                    rejected.add(
                        line,
                        Some("announced"),
                        format!("'{}' is not yes or no", e.0),
                    )
                })
                .ok(),
        };
        let photo = match row.get(photo_col).trim() {
            "" => Some(None),
            name => read_photo(&context.folder.join(name), context.photo_max_bytes)
                .map(Some)
                .map_err(|e| rejected.add(line, Some("photo"), format!("{name}: {e}")))
                .ok(),
        };
        if let (Some(unit), Some(day), Some(time), Some(announced), Some(photo), true) =
            (unit, day, time, announced, photo, measures_ok)
        {
            let Some(at) = day.at_shanghai(time) else {
                rejected.add(line, Some("time"), "not an instant in Asia/Shanghai");
                continue;
            };
            out.push(NewInspection {
                unit,
                day,
                at,
                inspector: Some(inspector),
                announced,
                found,
                note: row.get(note_col).trim().to_string(),
                photo,
            });
        }
    }
    rejected.into_result()?;
    Ok(out)
}

/// A photo file, size-checked, with its EXIF (and location) removed.
pub fn read_photo(path: &Path, max_bytes: usize) -> Result<Photo, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    clean_photo(&bytes, max_bytes)
}

/// Photo bytes, size-checked, with their EXIF (and location) removed.
pub fn clean_photo(bytes: &[u8], max_bytes: usize) -> Result<Photo, String> {
    if bytes.len() > max_bytes {
        return Err(format!(
            "{} bytes, more than the {max_bytes} a photo may have",
            bytes.len()
        ));
    }
    let clean = fangkong_exchange::photo::strip_exif(bytes).map_err(|e| e.to_string())?;
    Ok(Photo {
        bytes: clean.bytes,
        media_type: clean.media_type.to_string(),
    })
}

/// Reads the inspector roster: `code,name[,unit_code,account]`.
pub fn read_inspectors(
    mut input: CsvInput,
    tree: &UnitTree,
) -> Result<Vec<NewInspector>, Rejected> {
    let columns = input.columns(&["code", "name"])?;
    let (code_col, name_col, unit_col, account_col) = (
        columns.at("code"),
        columns.at("name"),
        columns.at("unit_code"),
        columns.at("account"),
    );
    let mut rejected = Rejected::new(input.label());
    let mut out: Vec<NewInspector> = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let code = row.get(code_col).trim().to_string();
        let name = row.get(name_col).trim().to_string();
        if code.is_empty() {
            rejected.add(line, Some("code"), "empty");
        } else if out.iter().any(|i| i.code == code) {
            rejected.add(line, Some("code"), format!("'{code}' appears twice"));
        }
        if name.is_empty() {
            rejected.add(line, Some("name"), "empty");
        }
        let unit = match row.get(unit_col).trim() {
            "" => Some(None),
            t => match UnitCode::parse(t) {
                Ok(c) if tree.index_of(&c).is_some() => Some(Some(c)),
                Ok(c) => {
                    rejected.add(line, Some("unit_code"), format!("{c} is not in the tree"));
                    None
                }
                Err(e) => {
                    rejected.add(line, Some("unit_code"), e.to_string());
                    None
                }
            },
        };
        let account = Some(row.get(account_col).trim())
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        if let (Some(unit), false) = (unit, code.is_empty() || name.is_empty()) {
            out.push(NewInspector {
                code,
                name,
                unit,
                account,
            });
        }
    }
    rejected.into_result()?;
    Ok(out)
}
