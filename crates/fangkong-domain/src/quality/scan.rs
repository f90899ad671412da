//! The quality scan: every rule over every report of one day under a unit, with
//! the history the rules need.

use std::collections::HashMap;

use super::copies::Series;
use super::{Facts, Finding, QualityRules};
use crate::Day;
use crate::unit::{UnitIndex, UnitTree};

/// The findings on `day`'s reports under `root`. `series` holds each reporting
/// unit's reports (latest revisions) from `day − outliers.window_days` to `day`,
/// by the unit's index in `tree`. Errors come first, then by rule and unit.
pub fn scan(
    rules: &QualityRules,
    tree: &UnitTree,
    root: UnitIndex,
    day: Day,
    series: &HashMap<UnitIndex, Series>,
) -> Vec<Finding> {
    let empty = Series::new();
    let yesterday = day.plus_days(-1);
    let window_start = day.plus_days(-(rules.outliers.window_days as i32));
    let mut out = Vec::new();
    for i in tree.subtree(root) {
        if !tree.is_reporting(i) {
            continue;
        }
        let Some(own) = series.get(&i) else { continue };
        let Some(report) = own.get(&day) else {
            continue;
        };
        let facts = Facts {
            report,
            population: tree.unit(i).population,
            yesterday: yesterday.and_then(|y| own.get(&y).copied()),
        };
        out.extend(rules.rules.iter().filter_map(|r| r.evaluate(&facts)));
        if let (Some(from), Some(to)) = (window_start, yesterday) {
            let history: Vec<_> = own.range(from..=to).map(|(_, r)| *r).collect();
            out.extend(rules.outliers.check(report, &history));
        }
        let neighbours: Vec<&Series> = tree
            .parent(i)
            .map(|p| tree.children(p))
            .unwrap_or_default()
            .iter()
            .filter(|&&s| s != i && tree.is_reporting(s))
            .map(|s| series.get(s).unwrap_or(&empty))
            .collect();
        out.extend(rules.copies.check(own, &neighbours, day));
    }
    out.sort_by(|a, b| (a.severity, &a.rule, &a.unit).cmp(&(b.severity, &b.rule, &b.unit)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::{day, report_on};
    use crate::quality::{Expression, Operator, Severity, ValidationRule};
    use crate::unit::tree::tests::small_city;
    use crate::{DailyReport, UnitCode};

    #[test]
    fn a_day_is_scanned_with_every_kind_of_rule() {
        let tree = UnitTree::build(small_city()).expect("tree");
        let idx = |c: &str| {
            tree.index_of(&UnitCode::parse(c).expect("code"))
                .expect("unit")
        };
        let (k1, k2) = (idx("K1"), idx("K2"));
        let at = |unit: &str, k: i32, c: [u32; 4]| DailyReport {
            unit: UnitCode::parse(unit).expect("code"),
            ..report_on(k, c)
        };
        // K1 copies the same report for 20 days; K2 beside it changes daily and
        // has a burst of fever patients on the last day.
        let k1_reports: Vec<DailyReport> = (0..20).map(|k| at("K1", k, [0, 1, 2, 0])).collect();
        let k2_reports: Vec<DailyReport> = (0..20)
            .map(|k| {
                at(
                    "K2",
                    k,
                    [0, (k % 2) as u32, 0, if k == 19 { 30 } else { 0 }],
                )
            })
            .collect();
        let series = HashMap::from([
            (k1, k1_reports.iter().map(|r| (r.day, r)).collect()),
            (k2, k2_reports.iter().map(|r| (r.day, r)).collect()),
        ]);
        let rules = QualityRules {
            rules: vec![ValidationRule {
                name: "fever_cap".into(),
                description: String::new(),
                left: Expression::parse("new_fever").expect("left"),
                operator: Operator::LessOrEqual,
                right: Expression::parse("20").expect("right"),
                missing: Default::default(),
                severity: Severity::Error,
            }],
            ..Default::default()
        };
        let found = scan(&rules, &tree, 0, day(19), &series);
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.rule.as_str(), f.unit.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("fever_cap", "K2"),
                ("copied_report", "K1"),
                ("outlier", "K2")
            ],
            "{found:#?}"
        );
        assert!(
            scan(&rules, &tree, 0, day(25), &series).is_empty(),
            "no reports that day"
        );
    }
}
