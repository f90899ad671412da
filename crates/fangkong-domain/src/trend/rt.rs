//! The time-varying reproduction number Rt by the method of Cori et al. (2013),
//! as the R package EpiEstim computes it with a parametric serial interval
//! (`estimate_R(method = "parametric_si")`):
//!
//! - the serial interval is a gamma distribution shifted by one day, with the
//!   given mean and standard deviation, discretised as EpiEstim's `discr_si`
//!   does (`w_0 = 0`);
//! - the infectiousness of day t is `Λ_t = Σ_{k≥1} I_{t−k} w_k`;
//! - the first day's cases count as imported: they infect, but are on no
//!   window's numerator;
//! - with a gamma prior on R (mean 5, standard deviation 5), the posterior over
//!   a window of days is gamma with shape `a + Σ I_t` and scale
//!   `1 / (1/b + Σ Λ_t)`;
//! - windows slide by one day, the first starting on the series' second day; a
//!   window ending on or before the serial interval's mean gets no estimate.
//!
//! A window whose cases are too few for a posterior coefficient of variation of
//! 0.3 is flagged (EpiEstim warns of it). Missing days are never taken as zero:
//! a window that would read a missing day (on its numerator, or within the
//! reach of the serial interval before it) gets no estimate.

use std::collections::HashMap;

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Gamma};

use crate::Day;

/// Why Rt cannot be estimated with these settings or this series.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RtError {
    /// Occurs when the serial interval's mean is not above one day (it is
    /// shifted by one day) or its standard deviation is not positive, or
    /// either is beyond any disease's (60 days: past it the gamma functions
    /// overflow).
    #[error(
        "the serial interval needs a mean above 1 and at most 60 days and a standard deviation above 0 and at most 60 days (got mean {mean}, sd {sd})"
    )]
    SerialInterval {
        /// The mean given.
        mean: f64,
        /// The standard deviation given.
        sd: f64,
    },
    /// Occurs when the window is shorter than one day or the prior is not a
    /// proper gamma.
    #[error("{0}")]
    Settings(String),
    /// Occurs when a day's count is negative (a revision that took cases away
    /// should be an annotation, not a negative count).
    #[error("{day} has {value} cases: a count cannot be negative")]
    Negative {
        /// The day.
        day: Day,
        /// The count.
        value: i64,
    },
}

/// The serial interval: a gamma distribution shifted by one day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SerialInterval {
    /// Its mean, in days (above 1).
    pub mean: f64,
    /// Its standard deviation, in days (above 0).
    pub sd: f64,
}

impl SerialInterval {
    /// Nishiura et al. (2020), the default: mean 4.7 days, sd 2.9 days.
    pub const NISHIURA_2020: SerialInterval = SerialInterval { mean: 4.7, sd: 2.9 };

    /// The longest mean or standard deviation accepted, in days.
    pub const MAX_DAYS: f64 = 60.0;

    /// A serial interval, checked.
    pub fn new(mean: f64, sd: f64) -> Result<SerialInterval, RtError> {
        let within = |x: f64| x.is_finite() && x <= Self::MAX_DAYS;
        // The gamma's shape ((mean − 1) / sd)²: far outside 1e-4 to 1e6 no
        // real interval lies, and the incomplete gamma's series stops
        // converging (a sd of 1e-154 hung and then overflowed).
        let shape = ((mean - 1.0) / sd).powi(2);
        if within(mean) && within(sd) && mean > 1.0 && sd > 0.0 && (1e-4..=1e6).contains(&shape) {
            Ok(SerialInterval { mean, sd })
        } else {
            Err(RtError::SerialInterval { mean, sd })
        }
    }

    /// The probabilities `w_0 … w_{days−1}` that the interval is k days, as
    /// EpiEstim's `discr_si`: with F the CDF of a gamma of mean μ−1 and sd σ
    /// (shape a, scale b) and G that of shape a+1,
    /// `w_k = k F(k) + (k−2) F(k−2) − 2(k−1) F(k−1) + ab (2G(k−1) − G(k−2) − G(k))`,
    /// negative values (rounding) set to 0.
    pub fn discretise(&self, days: usize) -> Vec<f64> {
        let mu = self.mean - 1.0;
        let shape = (mu / self.sd).powi(2);
        let scale = self.sd * self.sd / mu;
        let cdf = |x: f64, shape: f64| -> f64 {
            if x <= 0.0 {
                return 0.0;
            }
            Gamma::new(shape, 1.0 / scale).map_or(0.0, |g| g.cdf(x))
        };
        (0..days)
            .map(|k| {
                let k = k as f64;
                let w = k * cdf(k, shape) + (k - 2.0) * cdf(k - 2.0, shape)
                    - 2.0 * (k - 1.0) * cdf(k - 1.0, shape)
                    + shape
                        * scale
                        * (2.0 * cdf(k - 1.0, shape + 1.0)
                            - cdf(k - 2.0, shape + 1.0)
                            - cdf(k, shape + 1.0));
                w.max(0.0)
            })
            .collect()
    }
}

/// How Rt is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RtSettings {
    /// The serial interval.
    pub serial_interval: SerialInterval,
    /// Days per window (EpiEstim's default: 7).
    pub window: usize,
    /// The prior's mean (EpiEstim's default: 5).
    pub prior_mean: f64,
    /// The prior's standard deviation (EpiEstim's default: 5).
    pub prior_sd: f64,
    /// The posterior coefficient of variation below which a window has enough
    /// cases (EpiEstim's default: 0.3).
    pub cv_posterior: f64,
}

impl Default for RtSettings {
    fn default() -> Self {
        RtSettings {
            serial_interval: SerialInterval::NISHIURA_2020,
            window: 7,
            prior_mean: 5.0,
            prior_sd: 5.0,
            cv_posterior: 0.3,
        }
    }
}

impl RtSettings {
    /// The longest window accepted, in days.
    pub const MAX_WINDOW: usize = 60;

    /// Checks the settings a person gave: a serial interval any disease could
    /// have, a window of 1 to 60 days, a proper prior.
    pub fn check(&self) -> Result<(), RtError> {
        SerialInterval::new(self.serial_interval.mean, self.serial_interval.sd)?;
        if self.window == 0 || self.window > Self::MAX_WINDOW {
            return Err(RtError::Settings(format!(
                "a window is 1 to {} days",
                Self::MAX_WINDOW
            )));
        }
        let positive = |x: f64| x.is_finite() && x > 0.0 && x <= 1e6;
        if !positive(self.prior_mean) || !positive(self.prior_sd) || !positive(self.cv_posterior) {
            return Err(RtError::Settings(
                "the prior's mean and sd and the posterior CV must be positive".into(),
            ));
        }
        Ok(())
    }

    /// The prior's shape and scale.
    fn prior(&self) -> (f64, f64) {
        (
            (self.prior_mean / self.prior_sd).powi(2),
            self.prior_sd * self.prior_sd / self.prior_mean,
        )
    }

    /// The fewest cases in a window for the posterior CV wanted (EpiEstim:
    /// `ceiling(1 / cv² − a_prior)`).
    pub fn min_cases(&self) -> f64 {
        (1.0 / (self.cv_posterior * self.cv_posterior) - self.prior().0).ceil()
    }
}

/// The posterior of R over one window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Posterior {
    /// Its mean.
    pub mean: f64,
    /// Its standard deviation.
    pub sd: f64,
    /// Its median.
    pub median: f64,
    /// Its 2.5% quantile.
    pub q025: f64,
    /// Its 97.5% quantile.
    pub q975: f64,
}

/// One window's estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RtWindow {
    /// The window's first day.
    pub start: Day,
    /// Its last day.
    pub end: Day,
    /// Cases in the window.
    pub cases: i64,
    /// The posterior, or `None` (the window ends within the serial interval's
    /// mean of the series' start, or reads a missing day).
    pub posterior: Option<Posterior>,
    /// Too few cases for the posterior CV wanted: the estimate leans on the prior.
    pub too_few_cases: bool,
    /// The window reads a missing day (on its days or within the serial
    /// interval's reach before them).
    pub missing_data: bool,
}

/// What is computed once for many series (every unit of a city, say): the
/// discretised serial interval per length of series, and standard gamma
/// quantiles per shape. A quantile of a gamma of shape a and scale b is b times
/// that of shape a and scale 1, and with the default prior the shapes are whole
/// numbers (1 + cases), so a whole city's windows share a few thousand of them.
#[derive(Debug, Default)]
pub struct RtCache {
    /// Whole-number shapes (the default prior's), by the shape itself.
    by_whole_shape: Vec<Option<[f64; 3]>>,
    by_shape: HashMap<u64, [f64; 3]>,
    serial_interval: HashMap<(u64, u64, usize), Vec<f64>>,
}

impl RtCache {
    /// The median and the 2.5% and 97.5% quantiles of a gamma of shape `a`,
    /// scale 1.
    fn of(&mut self, a: f64) -> [f64; 3] {
        let compute = |a: f64| match Gamma::new(a, 1.0) {
            Ok(g) => [
                g.inverse_cdf(0.5),
                g.inverse_cdf(0.025),
                g.inverse_cdf(0.975),
            ],
            Err(_) => [f64::NAN; 3],
        };
        if a.fract() == 0.0 && (1.0..1e6).contains(&a) {
            let i = a as usize;
            if self.by_whole_shape.len() <= i {
                self.by_whole_shape.resize(i + 1, None);
            }
            return *self.by_whole_shape[i].get_or_insert_with(|| compute(a));
        }
        *self
            .by_shape
            .entry(a.to_bits())
            .or_insert_with(|| compute(a))
    }

    /// The serial interval discretised over `days` days.
    fn serial_interval(&mut self, si: SerialInterval, days: usize) -> &[f64] {
        self.serial_interval
            .entry((si.mean.to_bits(), si.sd.to_bits(), days))
            .or_insert_with(|| si.discretise(days))
    }
}

/// Rt over sliding windows of a daily series (in date order, one entry per
/// day; `None` is a missing day). Leading and trailing missing days are
/// dropped: the series runs from its first known day to its last.
pub fn estimate(
    series: &[(Day, Option<i64>)],
    settings: &RtSettings,
    cache: &mut RtCache,
) -> Result<Vec<RtWindow>, RtError> {
    settings.check()?;
    if let Some(&(day, Some(value))) = series.iter().find(|(_, v)| v.is_some_and(|v| v < 0)) {
        return Err(RtError::Negative { day, value });
    }
    let first = series.iter().position(|(_, v)| v.is_some());
    let last = series.iter().rposition(|(_, v)| v.is_some());
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let series = &series[first..=last];
    let t = series.len();
    let incidence: Vec<f64> = series.iter().map(|(_, v)| v.unwrap_or(0) as f64).collect();
    let missing: Vec<bool> = series.iter().map(|(_, v)| v.is_none()).collect();
    let w = cache.serial_interval(settings.serial_interval, t).to_vec();
    let mean_si: f64 = w.iter().enumerate().map(|(k, p)| k as f64 * p).sum();
    // How far back the serial interval reaches (99.9% of its mass): a missing
    // day further back weighs less than 0.1% of any day's infectiousness.
    let mut mass = 0.0;
    let reach = w
        .iter()
        .position(|p| {
            mass += p;
            mass >= 0.999
        })
        .unwrap_or(t);
    // Λ_t = Σ_{k≥1} I_{t−k} w_k, spread forward from each day with cases (most
    // units have few such days, so this is far cheaper than the double sum).
    let mut lambda = vec![0.0; t];
    for (j, &cases) in incidence.iter().enumerate().filter(|(_, c)| **c > 0.0) {
        for (k, wk) in w.iter().enumerate().take(t - j).skip(1) {
            lambda[j + k] += cases * wk;
        }
    }
    // Running sums, so each window's totals are two lookups.
    let running = |values: &dyn Fn(usize) -> f64| -> Vec<f64> {
        let mut out = Vec::with_capacity(t + 1);
        out.push(0.0);
        for i in 0..t {
            out.push(out[i] + values(i));
        }
        out
    };
    // Local cases: the first day's are imported.
    let local = running(&|i| if i == 0 { 0.0 } else { incidence[i] });
    let all = running(&|i| incidence[i]);
    let infectious = running(&|i| lambda[i]);
    let gaps = running(&|i| f64::from(u8::from(missing[i])));
    let (a_prior, b_prior) = settings.prior();
    let min_cases = settings.min_cases();
    let window = settings.window;
    let mut out = Vec::new();
    // Windows [s, e] with s from the second day (index 1).
    let mut s = 1;
    while s + window <= t {
        let e = s + window - 1;
        let cases_local = local[e + 1] - local[s];
        let cases_all = all[e + 1] - all[s];
        let missing_data = gaps[e + 1] - gaps[s.saturating_sub(reach)] > 0.0;
        // EpiEstim's days are 1-based: a window ending on day e+1 needs e+1 > mean SI.
        let estimable = (e + 1) as f64 > mean_si && !missing_data;
        let posterior = estimable.then(|| {
            let a = a_prior + cases_local;
            let b = 1.0 / (1.0 / b_prior + (infectious[e + 1] - infectious[s]));
            let [median, q025, q975] = cache.of(a).map(|q| q * b);
            Posterior {
                mean: a * b,
                sd: a.sqrt() * b,
                median,
                q025,
                q975,
            }
        });
        out.push(RtWindow {
            start: series[s].0,
            end: series[e].0,
            cases: cases_all as i64,
            posterior,
            too_few_cases: cases_all < min_cases,
            missing_data,
        });
        s += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
