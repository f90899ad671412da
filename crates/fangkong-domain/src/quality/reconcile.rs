//! Reconciliation: the grassroots reports summed over a unit's subtree against the
//! unit's published series, day by day. Differences are listed with their size,
//! never smoothed; a day missing on one side is shown as missing, not as zero.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Day;

/// One day of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayComparison {
    /// The day.
    pub date: Day,
    /// The sum of the latest revisions of the reports below the unit, if any.
    pub reports: Option<i64>,
    /// How many reports that sum is made of.
    pub reporting_units: u32,
    /// The published figure, if any.
    pub published: Option<i64>,
    /// `reports − published`, when both exist.
    pub difference: Option<i64>,
    /// New confirmed cases in the four-categories registry that day (people
    /// identified as, or moved to, confirmed), when the registry is in use.
    pub registry: Option<i64>,
    /// `reports − registry`, when both exist.
    pub registry_difference: Option<i64>,
}

/// What the comparison found over the whole range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ReconciliationSummary {
    /// Days in the range.
    pub days: u32,
    /// Days with both a report sum and a published figure.
    pub compared: u32,
    /// Compared days on which they agree.
    pub agreeing: u32,
    /// Compared days on which they differ.
    pub differing: u32,
    /// Days with a published figure but no report at all.
    pub reports_missing: u32,
    /// Days with reports but no published figure.
    pub published_missing: u32,
    /// The sum of the absolute differences.
    pub total_absolute_difference: i64,
    /// The largest absolute difference and its day.
    pub largest: Option<(Day, i64)>,
    /// Days on which the reports and the registry differ (`None`: the
    /// registry is not in use).
    pub registry_differing: Option<u32>,
    /// The sum of the absolute differences between the reports and the
    /// registry.
    pub registry_total_absolute_difference: Option<i64>,
}

/// The comparison over a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    /// One row per day of the range, in order.
    pub days: Vec<DayComparison>,
    /// The totals.
    pub summary: ReconciliationSummary,
}

/// Adds the registry as a third source: `confirmed` is the registry's new
/// confirmed cases by day (a day absent from it had none: a registry in use is
/// complete by construction). Returns the number of days on which the reports
/// and the registry differ.
pub fn with_registry(r: &mut Reconciliation, confirmed: &BTreeMap<Day, i64>) -> u32 {
    let mut differing = 0;
    let mut total = 0;
    for d in &mut r.days {
        let n = confirmed.get(&d.date).copied().unwrap_or(0);
        d.registry = Some(n);
        d.registry_difference = d.reports.map(|x| x - n);
        differing += u32::from(d.registry_difference.is_some_and(|x| x != 0));
        total += d.registry_difference.map_or(0, i64::abs);
    }
    // The headline counts every source's differences, not only the first pair's.
    r.summary.registry_differing = Some(differing);
    r.summary.registry_total_absolute_difference = Some(total);
    differing
}

/// Compares `reported` (day → (sum, reports)) with `published` (day → figure,
/// `None` where the bulletin gave none) over `from..=to`.
pub fn reconcile(
    from: Day,
    to: Day,
    reported: &BTreeMap<Day, (i64, u32)>,
    published: &BTreeMap<Day, Option<i64>>,
) -> Reconciliation {
    let mut days = Vec::new();
    let mut s = ReconciliationSummary::default();
    let mut day = from;
    while day <= to {
        let (reports, units) = reported
            .get(&day)
            .map_or((None, 0), |&(sum, n)| (Some(sum), n));
        let published = published.get(&day).copied().flatten();
        let difference = reports.zip(published).map(|(r, p)| r - p);
        s.days += 1;
        match (reports, published, difference) {
            (Some(_), Some(_), Some(d)) => {
                s.compared += 1;
                if d == 0 {
                    s.agreeing += 1;
                } else {
                    s.differing += 1;
                    s.total_absolute_difference += d.abs();
                    if s.largest.is_none_or(|(_, l)| d.abs() > l.abs()) {
                        s.largest = Some((day, d));
                    }
                }
            }
            (None, Some(_), _) => s.reports_missing += 1,
            (Some(_), None, _) => s.published_missing += 1,
            _ => {}
        }
        days.push(DayComparison {
            date: day,
            reports,
            reporting_units: units,
            published,
            difference,
            registry: None,
            registry_difference: None,
        });
        match day.next() {
            Some(n) => day = n,
            None => break,
        }
    }
    Reconciliation { days, summary: s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::day;

    #[test]
    fn differences_are_listed_with_their_size_and_missing_is_not_zero() {
        let reported = BTreeMap::from([
            (day(0), (10, 3)),
            (day(1), (7, 3)),
            (day(2), (0, 3)),
            (day(4), (5, 2)),
        ]);
        let published = BTreeMap::from([
            (day(0), Some(10)),
            (day(1), Some(9)),
            (day(2), Some(0)),
            (day(3), Some(4)),
            (day(4), None),
        ]);
        let r = reconcile(day(0), day(5), &reported, &published);
        assert_eq!(r.days.len(), 6);
        assert_eq!(r.days[1].difference, Some(-2));
        assert_eq!(r.days[2].difference, Some(0), "0 against 0 agrees");
        assert_eq!(r.days[3].reports, None, "no report: missing, not 0");
        assert_eq!(r.days[3].difference, None);
        assert_eq!(r.days[4].published, None);
        assert_eq!(r.days[5].reports, None);
        let s = r.summary;
        assert_eq!((s.compared, s.agreeing, s.differing), (3, 2, 1));
        assert_eq!((s.reports_missing, s.published_missing), (1, 1));
        assert_eq!(s.total_absolute_difference, 2);
        assert_eq!(s.largest, Some((day(1), -2)));
    }

    proptest::proptest! {
        #[test]
        fn the_summary_adds_up_to_the_rows(
            rows in proptest::collection::vec(
                (proptest::option::of(0i64..50), proptest::option::of(-5i64..50)),
                0..40,
            ),
        ) {
            let mut reported = BTreeMap::new();
            let mut published = BTreeMap::new();
            for (k, (r, p)) in rows.iter().enumerate() {
                if let Some(r) = r {
                    reported.insert(day(k as i32), (*r, 1));
                }
                published.insert(day(k as i32), *p);
            }
            let last = day(rows.len() as i32 - 1);
            let r = reconcile(day(0), last, &reported, &published);
            let s = r.summary;
            proptest::prop_assert_eq!(s.days as usize, rows.len());
            proptest::prop_assert_eq!(s.compared, s.agreeing + s.differing);
            proptest::prop_assert!(s.compared + s.reports_missing + s.published_missing <= s.days);
            let total: i64 = r.days.iter().filter_map(|d| d.difference).map(i64::abs).sum();
            proptest::prop_assert_eq!(s.total_absolute_difference, total);
            for d in &r.days {
                // A difference exists exactly when both sides do: missing is never 0.
                proptest::prop_assert_eq!(d.difference.is_some(), d.reports.is_some() && d.published.is_some());
            }
        }
    }

    #[test]
    fn the_registry_is_a_third_source_and_its_quiet_days_are_zero() {
        let reported = BTreeMap::from([(day(0), (3, 2)), (day(1), (1, 2))]);
        let mut r = reconcile(day(0), day(2), &reported, &BTreeMap::new());
        let differing = with_registry(&mut r, &BTreeMap::from([(day(0), 3)]));
        assert_eq!(differing, 1);
        assert_eq!(r.summary.registry_differing, Some(1), "in the headline too");
        assert_eq!(r.days[0].registry_difference, Some(0));
        assert_eq!(
            r.days[1].registry,
            Some(0),
            "no confirmation in the registry that day"
        );
        assert_eq!(r.days[1].registry_difference, Some(1));
        assert_eq!(
            r.days[2].registry_difference, None,
            "no report: nothing to compare"
        );
    }

    #[test]
    fn an_empty_range_has_no_rows() {
        let r = reconcile(day(3), day(1), &BTreeMap::new(), &BTreeMap::new());
        assert!(r.days.is_empty());
        assert_eq!(r.summary.days, 0);
    }
}
