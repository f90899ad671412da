//! The daily report as DHIS2 data values (SPEC §10), and back.
//!
//! Mapping (documented in docs/dhis2.md): one data value per count and per
//! measure; the org unit is our unit code and the data element a fixed code (the
//! DHIS2 side uses the CODE id scheme); the period is the day, `yyyyMMdd` (DHIS2's
//! daily period type); counts are integers and measures BOOLEAN `true`/`false`;
//! `storedBy` carries the reporter and the comment of `FK_NEW_CONFIRMED` the
//! remark. Zeros are written out: a reported zero is not a missing value, so the
//! DHIS2 data elements must store zero values.

use std::collections::{HashMap, HashSet};

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

/// Where a reader hands what it reads, value by value, so that a season-sized
/// file is read in constant memory.
pub trait ValueSink {
    /// One value, with where it was read.
    fn value(&mut self, place: Place, value: DataValue);
    /// A problem with the file or one of its values.
    fn problem(&mut self, problem: ValueProblem);
    /// One attribute of the document's envelope (`dataSet`, `completeDate`,
    /// an id scheme…), as text, in document order.
    fn envelope(&mut self, _key: &str, _value: &str) {}
}

/// Collects everything in memory (small files, tests).
#[derive(Debug, Default)]
pub struct Collected {
    /// The values, in file order.
    pub values: Vec<(Place, DataValue)>,
    /// The problems, in file order.
    pub problems: Vec<ValueProblem>,
}

impl ValueSink for Collected {
    fn value(&mut self, place: Place, value: DataValue) {
        self.values.push((place, value));
    }
    fn problem(&mut self, problem: ValueProblem) {
        self.problems.push(problem);
    }
}

/// Reads DHIS2's BOOLEAN literals.
pub fn parse_boolean(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "True" | "TRUE" | "t" | "T" | "1" => Some(true),
        "false" | "False" | "FALSE" | "f" | "F" | "0" => Some(false),
        _ => None,
    }
}

/// The ten data element codes, counts first, in the order of a report's values.
pub fn elements() -> [String; 10] {
    let mut out: [String; 10] = Default::default();
    for (i, e) in COUNT_ELEMENTS.iter().enumerate() {
        out[i] = (*e).to_string();
    }
    for (i, m) in Measure::ALL.into_iter().enumerate() {
        out[4 + i] = measure_element(m);
    }
    out
}

/// One value read: where, what, and its parsed number (a count, or 0/1 for a
/// measure), or `None` when it was refused (the problem is already recorded).
type Read = (Place, DataValue, Option<u32>);

/// The values read so far of one (org unit, day).
type Slot = [Option<Read>; 10];

/// Assembles daily reports from data values arriving one at a time, in any order:
/// a report is handed out as soon as its tenth value arrives, so a season in
/// report order is read in the memory of a few reports. Problems are kept, each
/// naming where its value was read.
pub struct Assembler {
    elements: [String; 10],
    open: HashMap<(UnitCode, Day), Slot>,
    /// The reports handed out (a value for one of them again is a duplicate).
    done: HashSet<(UnitCode, Day)>,
    problems: Vec<ValueProblem>,
    fallback_reporter: String,
}

impl Assembler {
    /// `fallback_reporter` stands in where no value says who stored it.
    pub fn new(fallback_reporter: &str) -> Assembler {
        Assembler {
            elements: elements(),
            open: HashMap::new(),
            done: HashSet::new(),
            problems: Vec::new(),
            fallback_reporter: fallback_reporter.to_string(),
        }
    }

    /// The problems found so far.
    pub fn problems(&self) -> &[ValueProblem] {
        &self.problems
    }

    fn problem(&mut self, place: &str, field: &'static str, message: String) {
        self.problems.push(ValueProblem {
            place: place.to_string(),
            field,
            message,
        });
    }

    /// Takes one value; returns the report it completes, if it does.
    pub fn push(&mut self, place: Place, v: DataValue) -> Option<DailyReport> {
        let Some(k) = self
            .elements
            .iter()
            .position(|e| *e == v.data_element.trim())
        else {
            let known = self.elements.join(", ");
            self.problem(
                &place,
                "dataElement",
                format!(
                    "unknown data element '{}' (expected one of {known})",
                    v.data_element
                ),
            );
            return None;
        };
        let unit = match UnitCode::parse(&v.org_unit) {
            Ok(u) => u,
            Err(e) => {
                self.problem(&place, "orgUnit", e.to_string());
                return None;
            }
        };
        let Some(day) = day_of(&v.period) else {
            self.problem(
                &place,
                "period",
                format!(
                    "'{}' is not a daily period yyyyMMdd (reports are daily)",
                    v.period
                ),
            );
            return None;
        };
        let mut ok = true;
        for (field, combo) in [
            ("categoryOptionCombo", &v.category_option_combo),
            ("attributeOptionCombo", &v.attribute_option_combo),
        ] {
            if !DEFAULT_COMBOS.contains(&combo.trim()) {
                ok = false;
                self.problem(
                    &place,
                    field,
                    format!(
                        "'{combo}' is not the default combination (reports have no disaggregation)"
                    ),
                );
            }
        }
        if v.deleted {
            ok = false;
            self.problem(
                &place,
                "deleted",
                "a deleted value cannot be imported: reports are corrected, never deleted".into(),
            );
        }
        let key = (unit, day);
        if self.done.contains(&key) {
            self.problem(
                &place,
                "dataElement",
                format!(
                    "{} for {} {} appears twice (that report was already complete)",
                    v.data_element, v.org_unit, v.period
                ),
            );
            return None;
        }
        let parsed = if ok { self.parse(&place, k, &v) } else { None };
        let slot = self.open.entry(key.clone()).or_default();
        if let Some((first, _, _)) = &slot[k] {
            let first = first.clone();
            self.problem(
                &place,
                "dataElement",
                format!(
                    "{} for {} {} appears twice (first at {first})",
                    v.data_element, v.org_unit, v.period
                ),
            );
            return None;
        }
        // A refused value still fills its slot, so the report is not also said to
        // lack it; the report is then not handed out.
        slot[k] = Some((place, v, parsed));
        if slot.iter().any(Option::is_none) {
            return None;
        }
        let slot = self.open.remove(&key)?;
        self.done.insert(key.clone());
        build(key, slot, &self.fallback_reporter)
    }

    /// Parses the value of element `k`: a count, or a BOOLEAN for a measure.
    fn parse(&mut self, place: &str, k: usize, v: &DataValue) -> Option<u32> {
        let text = v.value.as_deref().unwrap_or("").trim();
        if k < 4 {
            match Count::parse(text) {
                Ok(c) => Some(c.get()),
                Err(e) => {
                    self.problem(place, "value", format!("{}: {e}", COUNT_FIELDS[k]));
                    None
                }
            }
        } else {
            match parse_boolean(text) {
                Some(b) => Some(u32::from(b)),
                None => {
                    self.problem(
                        place,
                        "value",
                        format!("'{text}' is not a BOOLEAN (true/false)"),
                    );
                    None
                }
            }
        }
    }

    /// Ends the input: every report still missing values is a problem (a missing
    /// value is never taken as zero). Returns every problem, in the order found.
    pub fn finish(mut self) -> Vec<ValueProblem> {
        let mut open: Vec<((UnitCode, Day), Slot)> = self.open.drain().collect();
        open.sort_by(|a, b| a.0.cmp(&b.0));
        for ((unit, day), slot) in open {
            let missing: Vec<&str> = self
                .elements
                .iter()
                .zip(&slot)
                .filter(|(_, s)| s.is_none())
                .map(|(e, _)| e.as_str())
                .collect();
            let place = slot
                .iter()
                .flatten()
                .next()
                .map(|(p, _, _)| p.clone())
                .unwrap_or_default();
            let message = format!(
                "{unit} {} lacks {} (a missing value is never taken as zero)",
                period_of(day),
                missing.join(", ")
            );
            self.problems.push(ValueProblem {
                place,
                field: "dataElement",
                message,
            });
        }
        self.problems
    }
}

/// The report of a full slot, unless one of its values was refused.
fn build((unit, day): (UnitCode, Day), slot: Slot, fallback_reporter: &str) -> Option<DailyReport> {
    let mut counts = [Count::ZERO; 4];
    let mut measures = MeasuresInPlace::NONE;
    for (k, read) in slot.iter().enumerate() {
        let n = read.as_ref()?.2?;
        if k < 4 {
            counts[k] = Count::new(n);
        } else {
            measures = measures.with(Measure::ALL[k - 4], n == 1);
        }
    }
    let reporter = slot
        .iter()
        .flatten()
        .find_map(|(_, v, _)| v.stored_by.clone().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| fallback_reporter.to_string());
    let remark = slot[0]
        .as_ref()
        .and_then(|(_, v, _)| v.comment.clone())
        .filter(|c| !c.trim().is_empty());
    Some(DailyReport {
        day,
        unit,
        new_confirmed: counts[0],
        new_suspected: counts[1],
        new_close_contacts: counts[2],
        new_fever: counts[3],
        measures,
        reporter,
        remark,
        backlog: Count::ZERO,
    })
}

/// Rebuilds daily reports from data values: every (org unit, period) must carry
/// each of the ten data elements exactly once. Every problem is returned, each
/// naming where the value was read.
pub fn to_reports(
    values: &[(Place, DataValue)],
    fallback_reporter: &str,
) -> Result<Vec<DailyReport>, Vec<ValueProblem>> {
    let mut assembler = Assembler::new(fallback_reporter);
    let mut reports: Vec<DailyReport> = values
        .iter()
        .filter_map(|(place, v)| assembler.push(place.clone(), v.clone()))
        .collect();
    let problems = assembler.finish();
    if problems.is_empty() {
        reports.sort_by(|a, b| (&a.unit, a.day).cmp(&(&b.unit, b.day)));
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
                .any(|p| p.place == "dataValues[11]" && p.message.contains("appears twice")),
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
