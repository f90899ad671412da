//! Copied reports: a formalism signal. A unit that files the very same figures,
//! measures and remark day after day while the units beside it see their figures
//! change is probably copying yesterday's form rather than looking. One unit
//! repeating itself while its neighbours are just as still (a quiet spell, all
//! zeros everywhere) is not flagged: that is what a quiet spell looks like. Nor,
//! by default, is a run of empty reports (every count zero, no remark): a
//! compound with nothing to report says the same nothing every day, and that is
//! the pre-filled form, not a copy.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::finding::{Finding, Severity};
use crate::{DailyReport, Day};

/// A unit's reports by day.
pub type Series<'a> = BTreeMap<Day, &'a DailyReport>;

/// The copied-report rule's settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CopyRules {
    /// The fewest consecutive identical reports flagged.
    pub min_days: u32,
    /// The least share of reporting neighbours whose figures changed over the same
    /// days for the run to count as copying.
    pub min_neighbour_share: f64,
    /// Whether runs of empty reports (all counts zero, no remark) are left alone.
    pub skip_empty: bool,
    /// Normally a warning.
    pub severity: Severity,
}

impl Default for CopyRules {
    fn default() -> Self {
        CopyRules {
            min_days: 7,
            min_neighbour_share: 0.5,
            skip_empty: true,
            severity: Severity::Warning,
        }
    }
}

/// Whether two reports say the same: the same counts, measures and remark.
pub fn same_content(a: &DailyReport, b: &DailyReport) -> bool {
    a.counts() == b.counts() && a.measures == b.measures && a.remark == b.remark
}

/// How many consecutive days, ending on `day`, the unit filed a report identical to
/// `day`'s (`day` included; 0 when there is no report on `day`).
pub fn identical_run(series: &Series, day: Day) -> u32 {
    let Some(last) = series.get(&day) else {
        return 0;
    };
    let mut run = 1;
    let mut d = day;
    while let Some(prev) = d.plus_days(-1) {
        match series.get(&prev) {
            Some(r) if same_content(r, last) => {
                run += 1;
                d = prev;
            }
            _ => break,
        }
    }
    run
}

/// Whether the unit's figures changed between any two consecutive reported days
/// from `from` to `to`.
pub fn changed_between(series: &Series, from: Day, to: Day) -> bool {
    let mut previous: Option<(Day, &DailyReport)> = None;
    for (&d, &r) in series.range(from..=to) {
        if let Some((pd, pr)) = previous
            && pd.next() == Some(d)
            && !same_content(pr, r)
        {
            return true;
        }
        previous = Some((d, r));
    }
    false
}

impl CopyRules {
    /// The finding for `unit`'s report on `day`, if it looks copied against its
    /// `neighbours` (the other reporting units under the same parent).
    pub fn check(&self, unit: &Series, neighbours: &[&Series], day: Day) -> Option<Finding> {
        if self.skip_empty
            && let Some(r) = unit.get(&day)
            && r.counts().iter().all(|c| c.get() == 0)
            && r.remark.is_none()
        {
            return None;
        }
        let run = identical_run(unit, day);
        if run < self.min_days.max(2) {
            return None;
        }
        let from = day.plus_days(1 - run as i32)?;
        let reporting: Vec<&Series> = neighbours
            .iter()
            .copied()
            .filter(|s| s.range(from..=day).count() >= 2)
            .collect();
        if reporting.is_empty() {
            return None;
        }
        let changing = reporting
            .iter()
            .filter(|s| changed_between(s, from, day))
            .count();
        let share = changing as f64 / reporting.len() as f64;
        if share < self.min_neighbour_share {
            return None;
        }
        let report = unit.get(&day)?;
        let counts = report.counts().map(|c| c.get().to_string()).join("/");
        Some(Finding {
            rule: "copied_report".into(),
            severity: self.severity,
            unit: report.unit.clone(),
            day,
            message: format!(
                "the same report ({counts}, remark {:?}) for {run} days running since {from}, while {changing} of {} neighbouring units reported changes",
                report.remark.as_deref().unwrap_or(""),
                reporting.len()
            ),
            values: vec![
                ("days".into(), run.to_string()),
                ("since".into(), from.to_string()),
                ("neighbours_changing".into(), changing.to_string()),
                ("neighbours_reporting".into(), reporting.len().to_string()),
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::{day, report_on};

    fn series(reports: &[DailyReport]) -> Series<'_> {
        reports.iter().map(|r| (r.day, r)).collect()
    }

    /// `n` days from 2020-02-01, each report given by `f(k)`.
    fn run(n: i32, f: impl Fn(i32) -> [u32; 4]) -> Vec<DailyReport> {
        (0..n).map(|k| report_on(k, f(k))).collect()
    }

    #[test]
    fn a_unit_repeating_itself_while_neighbours_change_is_flagged() {
        let copied = run(10, |_| [0, 2, 5, 1]);
        let a = run(10, |k| [0, (k % 3) as u32, 1, 0]);
        let b = run(10, |k| [(k % 2) as u32, 0, 0, 0]);
        let last = day(9);
        let f = CopyRules::default()
            .check(&series(&copied), &[&series(&a), &series(&b)], last)
            .expect("flagged");
        assert_eq!(f.rule, "copied_report");
        assert!(f.message.contains("10 days running"), "{}", f.message);
        assert!(f.message.contains("2 of 2"), "{}", f.message);
    }

    #[test]
    fn empty_reports_are_not_copies_unless_configured() {
        let empty = run(10, |_| [0, 0, 0, 0]);
        let moving = run(10, |k| [0, k as u32, 0, 0]);
        let rules = CopyRules::default();
        assert_eq!(
            rules.check(&series(&empty), &[&series(&moving)], day(9)),
            None
        );
        let strict = CopyRules {
            skip_empty: false,
            ..rules
        };
        assert!(
            strict
                .check(&series(&empty), &[&series(&moving)], day(9))
                .is_some()
        );
    }

    #[test]
    fn a_quiet_spell_everywhere_is_not_copying() {
        let quiet = run(10, |_| [0, 0, 0, 0]);
        let also = run(10, |_| [0, 0, 0, 0]);
        assert_eq!(
            CopyRules::default().check(&series(&quiet), &[&series(&also)], day(9)),
            None
        );
        assert_eq!(
            CopyRules::default().check(&series(&quiet), &[], day(9)),
            None,
            "no neighbours: nothing to compare with"
        );
    }

    #[test]
    fn a_run_shorter_than_the_minimum_or_broken_by_a_gap_is_not_flagged() {
        let mut short = run(10, |k| if k < 4 { [1, 0, 0, 0] } else { [0, 2, 5, 1] });
        let moving = run(10, |k| [0, k as u32, 0, 0]);
        assert_eq!(identical_run(&series(&short), day(9)), 6);
        assert_eq!(
            CopyRules::default().check(&series(&short), &[&series(&moving)], day(9)),
            None
        );
        short.remove(7); // a missing day breaks the run
        assert_eq!(identical_run(&series(&short), day(9)), 2);
        assert_eq!(
            identical_run(&series(&short), day(7)),
            0,
            "no report that day"
        );
    }

    #[test]
    fn a_different_remark_breaks_the_run() {
        let mut reports = run(8, |_| [0, 1, 1, 0]);
        reports[3].remark = Some("新增一户隔离".into());
        assert_eq!(identical_run(&series(&reports), day(7)), 4);
    }
}
