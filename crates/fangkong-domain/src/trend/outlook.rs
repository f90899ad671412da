//! Where a series is heading, window by window: Rt with its interval, and the
//! doubling or halving time over the same days. One function for the command
//! line, the API and the pages.

use serde::Serialize;

use super::growth::{Growth, growth_with, t975};
use super::rt::{RtCache, RtError, RtSettings, RtWindow, estimate};
use crate::Day;

/// One window's Rt and growth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outlook {
    /// Rt over the window.
    #[serde(flatten)]
    pub rt: RtWindow,
    /// The log-linear growth over the same days, if it can be fitted.
    pub growth: Option<Growth>,
}

/// Rt and growth for every window of `series` (the trend's figures: with the
/// annotated parts already left out).
pub fn outlook(
    series: &[(Day, Option<i64>)],
    settings: &RtSettings,
    cache: &mut RtCache,
) -> Result<Vec<Outlook>, RtError> {
    let windows = estimate(series, settings, cache)?;
    // Series are one entry per day: a day's place is its distance from the first.
    let first = series.first().map(|(d, _)| *d);
    let index = |d: Day| first.map(|f| d.offset_from(f) as usize);
    // t quantiles by degrees of freedom: a window has at most `window` days.
    let mut t_table: Vec<Option<f64>> = vec![None; settings.window + 1];
    Ok(windows
        .into_iter()
        .map(|rt| {
            let counts: Vec<Option<i64>> = match (index(rt.start), index(rt.end)) {
                (Some(s), Some(e)) if e < series.len() => {
                    series[s..=e].iter().map(|(_, v)| *v).collect()
                }
                _ => Vec::new(),
            };
            let growth = growth_with(&counts, |df| {
                let k = df as usize;
                match t_table.get_mut(k) {
                    Some(slot) => *slot.get_or_insert_with(|| t975(df)),
                    None => t975(df),
                }
            });
            Outlook { rt, growth }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_window_carries_the_growth_of_its_own_days() {
        let d0 = Day::parse("2020-01-20").expect("day");
        let series: Vec<(Day, Option<i64>)> = (0..20)
            .map(|i| {
                (
                    d0.plus_days(i).expect("day"),
                    Some(2i64.pow(i as u32 / 2 + 1)),
                )
            })
            .collect();
        let out =
            outlook(&series, &RtSettings::default(), &mut RtCache::default()).expect("outlook");
        assert_eq!(out.len(), 13, "20 days, windows of 7 from the second day");
        let last = out.last().expect("window");
        let g = last.growth.expect("fit");
        // Doubling every two days: r = ln 2 / 2, up to the steps of the series.
        assert!((g.doubling_time - 2.0).abs() < 0.3, "{g:?}");
        assert!(last.rt.posterior.expect("estimated").mean > 1.0);
    }
}
