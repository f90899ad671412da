//! Doubling or halving time from a log-linear fit: the least-squares line
//! through `ln(cases)` against the day, over a window of days, with a 95%
//! interval on the growth rate from Student's t. A day with no case has no
//! logarithm and is left out of the fit; a missing day is never taken as zero;
//! the fit needs three days with cases.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The growth of a series over a window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Growth {
    /// The daily growth rate r (`ln` of the daily ratio): above 0 the series
    /// grows, below it falls.
    pub rate: f64,
    /// The 95% interval of r.
    pub rate_low: f64,
    /// The upper end of it.
    pub rate_high: f64,
    /// Days the series takes to double (`ln 2 / r`) when it grows, to halve
    /// (`ln 2 / −r`, given as a negative number) when it falls.
    pub doubling_time: f64,
    /// The interval of the doubling or halving time, where the interval of r
    /// stays on one side of 0 (else the time is unbounded: `None`).
    pub time_interval: Option<(f64, f64)>,
    /// Days with cases that the fit used.
    pub days: usize,
}

/// The log-linear fit over `counts` (one per day, in order; `None` missing).
/// `None` when fewer than three days have cases or a day is missing.
pub fn growth(counts: &[Option<i64>]) -> Option<Growth> {
    growth_with(counts, t975)
}

/// Student's t 97.5% quantile with `df` degrees of freedom.
pub fn t975(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(0.975))
}

/// As [`growth`], with the t quantile given (a caller fitting many windows keeps
/// the few it needs).
pub fn growth_with(counts: &[Option<i64>], t975: impl FnOnce(f64) -> f64) -> Option<Growth> {
    if counts.iter().any(Option::is_none) {
        return None;
    }
    let points: Vec<(f64, f64)> = counts
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.filter(|&c| c > 0).map(|c| (i as f64, (c as f64).ln())))
        .collect();
    let n = points.len();
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = points.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let rate = sxy / sxx;
    let residual: f64 = points
        .iter()
        .map(|p| (p.1 - (my + rate * (p.0 - mx))).powi(2))
        .sum();
    let se = (residual / (nf - 2.0) / sxx).sqrt();
    let t = t975(nf - 2.0);
    if !t.is_finite() {
        return None;
    }
    let (low, high) = (rate - t * se, rate + t * se);
    let ln2 = std::f64::consts::LN_2;
    let time = |r: f64| if r > 0.0 { ln2 / r } else { -ln2 / -r };
    let doubling_time = if rate > 0.0 {
        ln2 / rate
    } else {
        -(ln2 / -rate)
    };
    let time_interval = if low > 0.0 || high < 0.0 {
        let (a, b) = (time(low), time(high));
        Some((a.min(b), a.max(b)))
    } else {
        None
    };
    Some(Growth {
        rate,
        rate_low: low,
        rate_high: high,
        doubling_time,
        time_interval,
        days: n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_daily_doubling_is_found_with_a_tight_interval() {
        // 10, 20, 40, …: doubling every day.
        let counts: Vec<Option<i64>> = (0..7).map(|i| Some(10 * 2i64.pow(i))).collect();
        let g = growth(&counts).expect("fit");
        assert!((g.rate - std::f64::consts::LN_2).abs() < 1e-9, "{g:?}");
        assert!((g.doubling_time - 1.0).abs() < 1e-9);
        let (lo, hi) = g.time_interval.expect("bounded");
        assert!(
            (lo - 1.0).abs() < 1e-6 && (hi - 1.0).abs() < 1e-6,
            "{lo} {hi}"
        );
    }

    #[test]
    fn a_halving_series_gives_a_negative_time() {
        let counts = [Some(800), Some(400), Some(200), Some(100), Some(50)];
        let g = growth(&counts).expect("fit");
        assert!(
            (g.doubling_time + 1.0).abs() < 1e-9,
            "halves every day: {g:?}"
        );
    }

    #[test]
    fn a_flat_noisy_series_has_an_unbounded_time() {
        let counts = [
            Some(10),
            Some(12),
            Some(9),
            Some(11),
            Some(10),
            Some(12),
            Some(9),
        ];
        let g = growth(&counts).expect("fit");
        assert!(g.rate_low < 0.0 && g.rate_high > 0.0);
        assert_eq!(g.time_interval, None);
    }

    #[test]
    fn missing_days_and_too_few_cases_give_nothing() {
        assert_eq!(growth(&[Some(1), None, Some(4), Some(8)]), None);
        assert_eq!(growth(&[Some(0), Some(0), Some(3), Some(0)]), None);
    }

    #[test]
    fn the_interval_matches_a_hand_computed_fit() {
        // Counts 1, 3, 3, 7: the ordinary least-squares line through their
        // logarithms, and t(0.975, 2 df) = 4.302652729749464 from tables.
        let counts = [Some(1), Some(3), Some(3), Some(7)];
        let g = growth(&counts).expect("fit");
        let ys = [1f64.ln(), 3f64.ln(), 3f64.ln(), 7f64.ln()];
        let mx = 1.5;
        let my = ys.iter().sum::<f64>() / 4.0;
        let sxx = 5.0;
        let sxy: f64 = ys
            .iter()
            .enumerate()
            .map(|(i, y)| (i as f64 - mx) * (y - my))
            .sum();
        let slope = sxy / sxx;
        let res: f64 = ys
            .iter()
            .enumerate()
            .map(|(i, y)| (y - (my + slope * (i as f64 - mx))).powi(2))
            .sum();
        let se = (res / 2.0 / sxx).sqrt();
        assert!((g.rate - slope).abs() < 1e-12);
        assert!(
            (g.rate_high - (slope + 4.302652729749464 * se)).abs() < 1e-9,
            "{g:?}"
        );
    }
}
