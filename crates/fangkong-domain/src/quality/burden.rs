//! The grassroots' burden: how many forms each unit filled in a day (the goal is
//! one), how many fields were changed from their pre-filled values, and how long
//! the form took from opening to submitting.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

use super::outlier::median;
use crate::Day;
use crate::unit::{UnitIndex, UnitTree};

/// One filled-in form: a revision of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormFilled {
    /// The reporting unit.
    pub unit: UnitIndex,
    /// The report's day.
    pub day: Day,
    /// When the form was opened, if it came through the web form.
    pub opened_at: Option<Timestamp>,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// How many fields differ from the pre-filled form, if known.
    pub fields_changed: Option<u32>,
}

impl FormFilled {
    /// Seconds from opening to submitting, when the form's opening is known.
    pub fn seconds_to_submit(&self) -> Option<f64> {
        let opened = self.opened_at?;
        let span = self.recorded_at.as_millisecond() - opened.as_millisecond();
        (span >= 0).then(|| span as f64 / 1000.0)
    }
}

/// The load on one level of the tree over a range of days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelBurden {
    /// `reporting` for the reporting units, else the level's name.
    pub level: &'static str,
    /// Units at the level that filled at least one form.
    pub units: u32,
    /// Unit-days with at least one form.
    pub unit_days: u32,
    /// Forms filled (first reports and corrections).
    pub forms: u32,
    /// `forms / unit_days` for the reporting units; for a level above, the forms
    /// filled under one of its units in a day (the load a higher office sees).
    pub forms_per_unit_day: f64,
    /// Unit-days with more than one form (each a correction).
    pub days_with_corrections: u32,
    /// The mean number of fields changed from their pre-filled values, over the
    /// forms where it is known.
    pub mean_fields_changed: Option<f64>,
    /// The median seconds from opening the form to submitting it, where known.
    pub median_seconds_to_submit: Option<f64>,
    /// How many forms those two figures rest on.
    pub timed_forms: u32,
}

/// One unit's load on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitDayBurden {
    /// The reporting unit.
    pub unit: UnitIndex,
    /// The day.
    pub day: Day,
    /// Forms filled.
    pub forms: u32,
    /// Fields changed from their pre-filled values, summed over the forms that say.
    pub fields_changed: Option<u32>,
    /// The median seconds from opening to submitting, where known.
    pub median_seconds_to_submit: Option<f64>,
}

/// Each reporting unit's load per day, in unit then day order.
pub fn per_unit_day(forms: &[FormFilled]) -> Vec<UnitDayBurden> {
    let mut groups: BTreeMap<(UnitIndex, Day), Vec<&FormFilled>> = BTreeMap::new();
    for f in forms {
        groups.entry((f.unit, f.day)).or_default().push(f);
    }
    groups
        .into_iter()
        .map(|((unit, day), fs)| {
            let changed: Vec<u32> = fs.iter().filter_map(|f| f.fields_changed).collect();
            let mut secs: Vec<f64> = fs.iter().filter_map(|f| f.seconds_to_submit()).collect();
            UnitDayBurden {
                unit,
                day,
                forms: fs.len() as u32,
                fields_changed: (!changed.is_empty()).then(|| changed.iter().sum()),
                median_seconds_to_submit: (!secs.is_empty()).then(|| median(&mut secs)),
            }
        })
        .collect()
}

/// The load by level under `root`: the reporting units, then each level above.
pub fn by_level(tree: &UnitTree, root: UnitIndex, forms: &[FormFilled]) -> Vec<LevelBurden> {
    // Bucket 5 is the reporting units; 0..=4 the levels of UnitKind::level.
    let mut buckets: Vec<Bucket> = (0..6).map(|_| Bucket::default()).collect();
    for f in forms {
        if !tree.is_within(f.unit, root) {
            continue;
        }
        buckets[5].add(f.unit, f);
        let mut at = tree.parent(f.unit);
        while let Some(u) = at {
            if let Some(level) = tree.unit(u).kind.level() {
                buckets[usize::from(level)].add(u, f);
            }
            if u == root {
                break;
            }
            at = tree.parent(u);
        }
    }
    let mut out = Vec::new();
    for (i, b) in buckets.into_iter().enumerate().rev() {
        if b.forms.is_empty() {
            continue;
        }
        let level = if i == 5 {
            "reporting"
        } else {
            super::completeness::LEVEL_NAMES[i]
        };
        out.push(b.finish(level));
    }
    out
}

#[derive(Default)]
struct Bucket {
    forms: Vec<(UnitIndex, Day, Option<u32>, Option<f64>)>,
}

impl Bucket {
    fn add(&mut self, unit: UnitIndex, f: &FormFilled) {
        self.forms
            .push((unit, f.day, f.fields_changed, f.seconds_to_submit()));
    }

    fn finish(self, level: &'static str) -> LevelBurden {
        let mut per_day: BTreeMap<(UnitIndex, Day), u32> = BTreeMap::new();
        for (u, d, _, _) in &self.forms {
            *per_day.entry((*u, *d)).or_default() += 1;
        }
        let units = per_day
            .keys()
            .map(|(u, _)| *u)
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u32;
        let changed: Vec<u32> = self.forms.iter().filter_map(|f| f.2).collect();
        let mut secs: Vec<f64> = self.forms.iter().filter_map(|f| f.3).collect();
        let forms = self.forms.len() as u32;
        let unit_days = per_day.len() as u32;
        LevelBurden {
            level,
            units,
            unit_days,
            forms,
            forms_per_unit_day: f64::from(forms) / f64::from(unit_days.max(1)),
            days_with_corrections: if level == "reporting" {
                per_day.values().filter(|&&n| n > 1).count() as u32
            } else {
                0
            },
            mean_fields_changed: (!changed.is_empty())
                .then(|| f64::from(changed.iter().sum::<u32>()) / changed.len() as f64),
            timed_forms: secs.len() as u32,
            median_seconds_to_submit: (!secs.is_empty()).then(|| median(&mut secs)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::day;
    use crate::unit::tree::tests::small_city;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    fn form(unit: UnitIndex, k: i32, secs: Option<i64>, changed: Option<u32>) -> FormFilled {
        let recorded_at = ts("2020-02-01T12:00:00Z");
        FormFilled {
            unit,
            day: day(k),
            opened_at: secs
                .map(|s| Timestamp::from_second(recorded_at.as_second() - s).expect("ts")),
            recorded_at,
            fields_changed: changed,
        }
    }

    #[test]
    fn one_form_a_day_is_the_goal_and_corrections_show() {
        let tree = UnitTree::build(small_city()).expect("tree");
        let k1 = tree
            .index_of(&crate::UnitCode::parse("K1").expect("code"))
            .expect("K1");
        let v = tree
            .index_of(&crate::UnitCode::parse("V").expect("code"))
            .expect("V");
        let forms = [
            form(k1, 0, Some(40), Some(2)),
            form(k1, 0, Some(80), Some(1)), // a correction the same day
            form(k1, 1, Some(30), Some(0)),
            form(v, 0, None, None), // imported: no timing
        ];
        let rows = by_level(&tree, 0, &forms);
        let leaves = &rows[0];
        assert_eq!(leaves.level, "reporting");
        assert_eq!((leaves.units, leaves.unit_days, leaves.forms), (2, 3, 4));
        assert!((leaves.forms_per_unit_day - 4.0 / 3.0).abs() < 1e-9);
        assert_eq!(leaves.days_with_corrections, 1);
        assert_eq!(leaves.mean_fields_changed, Some(1.0));
        assert_eq!(leaves.median_seconds_to_submit, Some(40.0));
        assert_eq!(leaves.timed_forms, 3);
        let city = rows.last().expect("city");
        assert_eq!((city.level, city.units, city.unit_days), ("city", 1, 2));
        let per = per_unit_day(&forms);
        assert_eq!(per.len(), 3);
        let k1_first = per
            .iter()
            .find(|r| r.unit == k1 && r.day == day(0))
            .expect("K1 on day 0");
        assert_eq!(k1_first.forms, 2);
        assert_eq!(k1_first.fields_changed, Some(3));
        assert_eq!(k1_first.median_seconds_to_submit, Some(60.0));
    }

    #[test]
    fn a_clock_running_backwards_gives_no_time_rather_than_a_negative_one() {
        let mut f = form(0, 0, Some(10), None);
        f.opened_at = Some(ts("2020-02-02T00:00:00Z"));
        assert_eq!(f.seconds_to_submit(), None);
    }
}
