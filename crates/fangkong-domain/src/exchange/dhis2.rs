//! The daily report as DHIS2 data values (SPEC §10), and back.
//!
//! Mapping (documented in docs/dhis2.md): one data value per count and per
//! measure; the org unit is our unit code and the data element a fixed code (the
//! DHIS2 side uses the CODE id scheme); the period is the day, `yyyyMMdd` (DHIS2's
//! daily period type); counts are integers and measures BOOLEAN `true`/`false`;
//! `storedBy` carries the reporter and the comment of `FK_NEW_CONFIRMED` the
//! remark. Zeros are written out: a reported zero is not a missing value, so the
//! DHIS2 data elements must store zero values.

use std::collections::BTreeMap;

use crate::report::daily::COUNT_FIELDS;
use crate::{Count, DailyReport, Day, Measure, MeasuresInPlace, UnitCode};

/// The data set code reports are exported under.
pub const DATA_SET: &str = "FK_DAILY_REPORT";

/// The data element codes of the four counts, in `COUNT_FIELDS` order.
pub const COUNT_ELEMENTS: [&str; 4] = [
    "FK_NEW_CONFIRMED",
    "FK_NEW_SUSPECTED",
    "FK_NEW_CLOSE_CONTACTS",
    "FK_NEW_FEVER",
];

/// The data element code of a measure.
pub fn measure_element(m: Measure) -> String {
    format!("FK_IN_PLACE_{}", m.field().to_ascii_uppercase())
}

/// The identifiers DHIS2 uses for the default category option combination: any of
/// these (or none) is accepted, anything else is a disaggregation we do not have.
pub const DEFAULT_COMBOS: [&str; 3] = ["", "default", "HllvX50cXC0"];

/// One DHIS2 data value, as read from or written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataValue {
    /// The data element (code).
    pub data_element: String,
    /// The period, `yyyyMMdd` for a day.
    pub period: String,
    /// The org unit (code).
    pub org_unit: String,
    /// The category option combination (empty: default).
    pub category_option_combo: String,
    /// The attribute option combination (empty: default).
    pub attribute_option_combo: String,
    /// The value, always text in DHIS2.
    pub value: Option<String>,
    /// Who stored it.
    pub stored_by: Option<String>,
    /// A comment.
    pub comment: Option<String>,
    /// A soft delete.
    pub deleted: bool,
}

/// The daily period of a day: `yyyyMMdd`.
pub fn period_of(day: Day) -> String {
    day.to_string().replace('-', "")
}

/// The day of a daily period, or `None` for any other period type.
pub fn day_of(period: &str) -> Option<Day> {
    let p = period.trim();
    if p.len() != 8 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Day::parse(&format!("{}-{}-{}", &p[..4], &p[4..6], &p[6..])).ok()
}

/// A report as its ten data values.
pub fn to_values(r: &DailyReport) -> Vec<DataValue> {
    let base = DataValue {
        period: period_of(r.day),
        org_unit: r.unit.as_str().to_string(),
        stored_by: Some(r.reporter.clone()),
        ..DataValue::default()
    };
    let mut out = Vec::with_capacity(10);
    for (i, c) in r.counts().iter().enumerate() {
        out.push(DataValue {
            data_element: COUNT_ELEMENTS[i].into(),
            value: Some(c.get().to_string()),
            comment: if i == 0 { r.remark.clone() } else { None },
            ..base.clone()
        });
    }
    for m in Measure::ALL {
        out.push(DataValue {
            data_element: measure_element(m),
            value: Some(r.measures.get(m).to_string()),
            ..base.clone()
        });
    }
    out
}

/// Where a value was read: a line of a CSV file or a JSON path.
pub type Place = String;

/// A problem with one value: where, which field, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueProblem {
    /// Where the value was read.
    pub place: Place,
    /// The field at fault.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Reads DHIS2's BOOLEAN literals.
pub fn parse_boolean(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "True" | "TRUE" | "t" | "T" | "1" => Some(true),
        "false" | "False" | "FALSE" | "f" | "F" | "0" => Some(false),
        _ => None,
    }
}

/// Rebuilds daily reports from data values: every (org unit, period) must carry
/// each of the ten data elements exactly once. Every problem is returned, each
/// naming where the value was read; `fallback_reporter` stands in where no value
/// says who stored it.
pub fn to_reports(
    values: &[(Place, DataValue)],
    fallback_reporter: &str,
) -> Result<Vec<DailyReport>, Vec<ValueProblem>> {
    let mut problems = Vec::new();
    let mut problem = |place: &Place, field: &'static str, message: String| {
        problems.push(ValueProblem {
            place: place.clone(),
            field,
            message,
        })
    };
    let elements: Vec<String> = COUNT_ELEMENTS
        .iter()
        .map(|s| s.to_string())
        .chain(Measure::ALL.into_iter().map(measure_element))
        .collect();
    // (org unit, day) → element index → (place, value)
    type Slots<'a> = BTreeMap<(UnitCode, Day), [Option<&'a (Place, DataValue)>; 10]>;
    let mut slots: Slots = BTreeMap::new();
    for item in values {
        let (place, v) = item;
        let Some(k) = elements.iter().position(|e| *e == v.data_element.trim()) else {
            problem(
                place,
                "dataElement",
                format!(
                    "unknown data element '{}' (expected one of {})",
                    v.data_element,
                    elements.join(", ")
                ),
            );
            continue;
        };
        let unit = match UnitCode::parse(&v.org_unit) {
            Ok(u) => u,
            Err(e) => {
                problem(place, "orgUnit", e.to_string());
                continue;
            }
        };
        let Some(day) = day_of(&v.period) else {
            problem(
                place,
                "period",
                format!(
                    "'{}' is not a daily period yyyyMMdd (reports are daily)",
                    v.period
                ),
            );
            continue;
        };
        for (field, combo) in [
            ("categoryOptionCombo", &v.category_option_combo),
            ("attributeOptionCombo", &v.attribute_option_combo),
        ] {
            if !DEFAULT_COMBOS.contains(&combo.trim()) {
                problem(
                    place,
                    field,
                    format!(
                        "'{combo}' is not the default combination (reports have no disaggregation)"
                    ),
                );
            }
        }
        if v.deleted {
            problem(
                place,
                "deleted",
                "a deleted value cannot be imported: reports are corrected, never deleted".into(),
            );
        }
        let slot = slots.entry((unit, day)).or_insert([None; 10]);
        match slot[k] {
            Some((first, _)) => problem(
                place,
                "dataElement",
                format!(
                    "{} for {} {} appears twice (first at {first})",
                    v.data_element, v.org_unit, v.period
                ),
            ),
            None => slot[k] = Some(item),
        }
    }
    let mut reports = Vec::with_capacity(slots.len());
    for ((unit, day), slot) in slots {
        let missing: Vec<&str> = elements
            .iter()
            .zip(&slot)
            .filter(|(_, s)| s.is_none())
            .map(|(e, _)| e.as_str())
            .collect();
        if !missing.is_empty() {
            let place = slot
                .iter()
                .flatten()
                .next()
                .map(|(p, _)| p.clone())
                .unwrap_or_default();
            problem(
                &place,
                "dataElement",
                format!(
                    "{unit} {} lacks {} (a missing value is never taken as zero)",
                    period_of(day),
                    missing.join(", ")
                ),
            );
            continue;
        }
        let mut counts = [Count::ZERO; 4];
        let mut measures = MeasuresInPlace::NONE;
        let mut ok = true;
        for (k, (place, v)) in slot.iter().flatten().enumerate() {
            let text = v.value.as_deref().unwrap_or("").trim();
            if k < 4 {
                match Count::parse(text) {
                    Ok(c) => counts[k] = c,
                    Err(e) => {
                        ok = false;
                        problem(place, "value", format!("{}: {e}", COUNT_FIELDS[k]));
                    }
                }
            } else {
                match parse_boolean(text) {
                    Some(b) => measures = measures.with(Measure::ALL[k - 4], b),
                    None => {
                        ok = false;
                        problem(
                            place,
                            "value",
                            format!("'{text}' is not a BOOLEAN (true/false)"),
                        );
                    }
                }
            }
        }
        if !ok {
            continue;
        }
        let first = slot[0].map(|(_, v)| v);
        let reporter = slot
            .iter()
            .flatten()
            .find_map(|(_, v)| v.stored_by.clone().filter(|s| !s.trim().is_empty()))
            .unwrap_or_else(|| fallback_reporter.to_string());
        reports.push(DailyReport {
            day,
            unit,
            new_confirmed: counts[0],
            new_suspected: counts[1],
            new_close_contacts: counts[2],
            new_fever: counts[3],
            measures,
            reporter,
            remark: first
                .and_then(|v| v.comment.clone())
                .filter(|c| !c.trim().is_empty()),
        });
    }
    if problems.is_empty() {
        Ok(reports)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::report_on;
    use proptest::prelude::*;

    fn placed(values: Vec<DataValue>) -> Vec<(Place, DataValue)> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("dataValues[{i}]"), v))
            .collect()
    }

    #[test]
    fn a_report_is_ten_values_and_comes_back_unchanged() {
        let mut r = report_on(3, [2, 1, 7, 0]);
        r.remark = Some("新增病例已转运".into());
        r.measures = r.measures.with(Measure::Supplies, false);
        let values = to_values(&r);
        assert_eq!(values.len(), 10);
        assert_eq!(values[0].period, "20200204");
        assert_eq!(values[0].data_element, "FK_NEW_CONFIRMED");
        assert_eq!(values[0].comment.as_deref(), Some("新增病例已转运"));
        assert_eq!(
            values[3].value.as_deref(),
            Some("0"),
            "zero is written, not left out"
        );
        assert_eq!(values[7].data_element, "FK_IN_PLACE_SUPPLIES");
        assert_eq!(values[7].value.as_deref(), Some("false"));
        assert_eq!(to_reports(&placed(values), "x"), Ok(vec![r]));
    }

    #[test]
    fn every_problem_names_its_place_and_field() {
        let r = report_on(0, [1, 0, 0, 0]);
        let mut values = to_values(&r);
        values[1].value = Some("-3".into());
        values[5].value = Some("yes".into());
        values[9].category_option_combo = "Prlt0C1RF0s".into();
        let mut extra = values[2].clone();
        extra.data_element = "FK_NEW_DEAD".into();
        values.push(extra);
        let dup = values[0].clone();
        values.push(dup);
        let problems = to_reports(&placed(values), "x").expect_err("bad values");
        let got: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.place.as_str(), p.field))
            .collect();
        assert!(
            got.contains(&("dataValues[9]", "categoryOptionCombo")),
            "{problems:?}"
        );
        assert!(
            got.contains(&("dataValues[10]", "dataElement")),
            "{problems:?}"
        );
        assert!(
            got.contains(&("dataValues[11]", "dataElement")),
            "{problems:?}"
        );
        assert!(got.contains(&("dataValues[1]", "value")), "{problems:?}");
        assert!(got.contains(&("dataValues[5]", "value")), "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("first at dataValues[0]")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_report_missing_an_element_is_refused_not_zero_filled() {
        let mut values = to_values(&report_on(0, [0, 0, 0, 0]));
        values.remove(2);
        let problems = to_reports(&placed(values), "x").expect_err("incomplete");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("FK_NEW_CLOSE_CONTACTS"),
            "{problems:?}"
        );
        assert!(problems[0].message.contains("never taken as zero"));
    }

    #[test]
    fn only_daily_periods_and_dhis2_boolean_literals_are_read() {
        assert_eq!(
            day_of("20200306").map(|d| d.to_string()).as_deref(),
            Some("2020-03-06")
        );
        for bad in ["202003", "2020W10", "2020Q1", "20200230", "2020030x", ""] {
            assert_eq!(day_of(bad), None, "{bad}");
        }
        for t in ["true", "True", "TRUE", "t", "T", "1"] {
            assert_eq!(parse_boolean(t), Some(true), "{t}");
        }
        for f in ["false", "False", "FALSE", "f", "F", "0"] {
            assert_eq!(parse_boolean(f), Some(false), "{f}");
        }
        assert_eq!(parse_boolean("test"), None);
    }

    proptest! {
        #[test]
        fn any_report_round_trips(
            counts in proptest::array::uniform4(0u32..100_000),
            bits in 0u8..64,
            k in 0i32..3000,
            remark in proptest::option::of("[a-z\u{4e00}-\u{4e20} ,;]{1,20}"),
        ) {
            let mut r = report_on(k, counts);
            r.measures = MeasuresInPlace::from_bits(bits);
            r.remark = remark.filter(|s| !s.trim().is_empty());
            prop_assert_eq!(to_reports(&placed(to_values(&r)), "x"), Ok(vec![r]));
        }
    }
}
