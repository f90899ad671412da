//! Outliers against a unit's own recent history, by the modified z-score.
//!
//! Why this method: daily counts of a compound are small, skewed and full of
//! zeros, and one burst in the history would inflate a mean and a standard
//! deviation enough to hide the next. The median and the median absolute deviation
//! (MAD) are not moved by a few extreme days, so the modified z-score of Iglewicz
//! and Hoaglin (1993), `M = 0.6745 (x − median) / MAD` with `|M| > 3.5` flagged,
//! stays sharp on such series. Where more than half the history is one value the
//! MAD is 0; the mean absolute deviation then stands in (`M = (x − median) /
//! (1.253314 · MeanAD)`, the usual fallback), and where the history is constant any
//! departure of at least `min_difference` is flagged. Departures smaller than
//! `min_difference` are never flagged: one case in a quiet compound is news, not a
//! typing error.

use serde::Deserialize;

use super::finding::{Finding, Severity};
use crate::DailyReport;
use crate::report::daily::COUNT_FIELDS;

/// The outlier rule's settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutlierRules {
    /// Days of history before the report's day that the score compares against.
    pub window_days: u32,
    /// The fewest reports in the window for a score to be given.
    pub min_history: usize,
    /// |M| above this is an outlier (3.5 is Iglewicz and Hoaglin's recommendation).
    pub threshold: f64,
    /// The smallest departure from the median ever flagged.
    pub min_difference: u32,
    /// Normally a warning: an outlier may be true.
    pub severity: Severity,
}

impl Default for OutlierRules {
    fn default() -> Self {
        OutlierRules {
            window_days: 28,
            min_history: 14,
            threshold: 3.5,
            min_difference: 5,
            severity: Severity::Warning,
        }
    }
}

/// A value's standing against its history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// The history's median.
    pub median: f64,
    /// The modified z-score, or `None` when the history is constant.
    pub z: Option<f64>,
}

/// The modified z-score of `value` against `history` (any order).
pub fn modified_z(history: &[u32], value: u32) -> Option<Score> {
    if history.is_empty() {
        return None;
    }
    let mut h: Vec<f64> = history.iter().map(|&x| f64::from(x)).collect();
    let mid = median(&mut h);
    let mut dev: Vec<f64> = h.iter().map(|x| (x - mid).abs()).collect();
    let mad = median(&mut dev);
    let x = f64::from(value);
    let z = if mad > 0.0 {
        Some(0.6745 * (x - mid) / mad)
    } else {
        let mean_ad = dev.iter().sum::<f64>() / dev.len() as f64;
        (mean_ad > 0.0).then(|| (x - mid) / (1.253_314 * mean_ad))
    };
    Some(Score { median: mid, z })
}

/// The median of `values` (sorted in place); 0 for none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

impl OutlierRules {
    /// The findings for `report` against the same unit's earlier reports in the
    /// window (`history`, any order), one per count field that stands out.
    pub fn check(&self, report: &DailyReport, history: &[&DailyReport]) -> Vec<Finding> {
        if history.len() < self.min_history {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, field) in COUNT_FIELDS.iter().enumerate() {
            let past: Vec<u32> = history.iter().map(|r| r.counts()[i].get()).collect();
            let value = report.counts()[i].get();
            let Some(score) = modified_z(&past, value) else {
                continue;
            };
            let departure = (f64::from(value) - score.median).abs();
            if departure < f64::from(self.min_difference) {
                continue;
            }
            let flagged = match score.z {
                Some(z) => z.abs() > self.threshold,
                None => true,
            };
            if !flagged {
                continue;
            }
            let z_text = score
                .z
                .map(|z| format!("{z:.1}"))
                .unwrap_or_else(|| "∞ (constant history)".into());
            out.push(Finding {
                rule: "outlier".into(),
                severity: self.severity,
                unit: report.unit.clone(),
                day: report.day,
                message: format!(
                    "{field} = {value} against a median of {} over the previous {} reports: modified z-score {z_text} (threshold {})",
                    score.median,
                    past.len(),
                    self.threshold
                ),
                values: vec![
                    ("field".into(), (*field).into()),
                    ("value".into(), value.to_string()),
                    ("median".into(), score.median.to_string()),
                    ("z".into(), z_text),
                ],
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::report;

    #[test]
    fn the_score_matches_a_hand_computation() {
        let s = modified_z(&[1, 2, 3, 4, 5, 10], 12).expect("score");
        assert_eq!(s.median, 3.5);
        // Median 3.5; |deviations| 2.5, 1.5, 0.5, 0.5, 1.5, 6.5 → MAD 1.5.
        let z = s.z.expect("z");
        assert!((z - 0.6745 * 8.5 / 1.5).abs() < 1e-9, "{z}");
    }

    #[test]
    fn a_zero_mad_falls_back_to_the_mean_absolute_deviation() {
        // Mostly zeros: MAD 0, mean AD = 4/7.
        let s = modified_z(&[0, 0, 0, 0, 0, 2, 2], 20).expect("score");
        assert_eq!(s.median, 0.0);
        let z = s.z.expect("z");
        assert!((z - 20.0 / (1.253_314 * 4.0 / 7.0)).abs() < 1e-9, "{z}");
        assert_eq!(
            modified_z(&[4, 4, 4], 9).and_then(|s| s.z),
            None,
            "constant"
        );
        assert_eq!(modified_z(&[], 9), None);
    }

    #[test]
    fn a_burst_far_above_history_is_flagged_with_its_values() {
        let rules = OutlierRules::default();
        let past: Vec<DailyReport> = (0..20).map(|i| report([i % 3, 0, 0, 0])).collect();
        let refs: Vec<&DailyReport> = past.iter().collect();
        let found = rules.check(&report([40, 0, 0, 0]), &refs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "outlier");
        assert!(
            found[0].message.contains("new_confirmed = 40"),
            "{}",
            found[0].message
        );
        assert!(
            rules.check(&report([3, 0, 0, 0]), &refs).is_empty(),
            "ordinary"
        );
    }

    proptest::proptest! {
        #[test]
        fn the_median_itself_is_never_an_outlier(
            mut history in proptest::collection::vec(0u32..500, 14..40),
        ) {
            // An odd number of reports: the median is one of them.
            if history.len() % 2 == 0 {
                history.pop();
            }
            let rules = OutlierRules::default();
            let past: Vec<DailyReport> = history.iter().map(|&n| report([n, n, n, n])).collect();
            let refs: Vec<&DailyReport> = past.iter().collect();
            let mut sorted = history.clone();
            sorted.sort_unstable();
            let middle = sorted[sorted.len() / 2];
            proptest::prop_assert_eq!(rules.check(&report([middle; 4]), &refs), vec![]);
            let score = modified_z(&history, middle).expect("score");
            proptest::prop_assert_eq!(score.median, f64::from(middle));
            proptest::prop_assert!(score.z.is_none_or(|z| z == 0.0));
        }
    }

    #[test]
    fn small_departures_and_short_histories_are_never_flagged() {
        let rules = OutlierRules::default();
        let zeros: Vec<DailyReport> = (0..20).map(|_| report([0, 0, 0, 0])).collect();
        let refs: Vec<&DailyReport> = zeros.iter().collect();
        assert!(
            rules.check(&report([4, 0, 0, 0]), &refs).is_empty(),
            "4 cases in a quiet compound: news, not an error"
        );
        let found = rules.check(&report([0, 0, 9, 0]), &refs);
        assert_eq!(found.len(), 1, "constant history, departure 9 ≥ 5");
        assert_eq!(found[0].values[0].1, "new_close_contacts");
        assert!(
            rules.check(&report([50, 0, 0, 0]), &refs[..5]).is_empty(),
            "5 < 14 reports"
        );
    }
}
