//! Rt against EpiEstim's conventions: the discretised serial interval, small
//! series computed independently (`scripts/rt-reference.py`, the same formulas
//! with SciPy), and the edge cases (missing days, too few cases, bad settings).

use super::*;

fn day(k: i32) -> Day {
    Day::parse("2020-01-01")
        .expect("day")
        .plus_days(k)
        .expect("day")
}

fn series(counts: &[Option<i64>]) -> Vec<(Day, Option<i64>)> {
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| (day(i as i32), *c))
        .collect()
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * b.abs().max(1.0)
}

#[test]
fn the_discretised_serial_interval_starts_at_zero_sums_to_one_and_keeps_its_mean() {
    for (mean, sd) in [(4.7, 2.9), (2.6, 1.5), (8.4, 3.8), (3.0, 6.0)] {
        let w = SerialInterval::new(mean, sd)
            .expect("valid")
            .discretise(400);
        assert_eq!(w[0], 0.0);
        let total: f64 = w.iter().sum();
        let m: f64 = w.iter().enumerate().map(|(k, p)| k as f64 * p).sum();
        assert!(close(total, 1.0, 1e-6), "{mean}/{sd}: sum {total}");
        assert!(close(m, mean, 1e-4), "{mean}/{sd}: mean {m}");
        assert!(w.iter().all(|p| *p >= 0.0));
    }
}

#[test]
fn the_discretised_serial_interval_equals_the_reference_values() {
    // scripts/rt-reference.py's discr_si(k, 4.7, 2.9), k = 1..7.
    let expected = [
        0.0565007869,
        0.1780742743,
        0.1854180059,
        0.1557344076,
        0.1207513652,
        0.0897176447,
        0.0649084185,
    ];
    let w = SerialInterval::NISHIURA_2020.discretise(8);
    for (k, e) in expected.iter().enumerate() {
        assert!(
            (w[k + 1] - e).abs() < 1e-9,
            "w_{} = {} not {e}",
            k + 1,
            w[k + 1]
        );
    }
}

fn check_against(counts: &[i64], settings: RtSettings, expected: &[(usize, usize, [f64; 4])]) {
    let s = series(&counts.iter().map(|c| Some(*c)).collect::<Vec<_>>());
    let windows = estimate(&s, &settings, &mut RtCache::default()).expect("estimate");
    let estimated: Vec<&RtWindow> = windows.iter().filter(|w| w.posterior.is_some()).collect();
    assert_eq!(estimated.len(), expected.len(), "{windows:?}");
    for (w, (start, end, [mean, median, q025, q975])) in estimated.iter().zip(expected) {
        // The reference's days are 1-based, as EpiEstim's.
        assert_eq!(w.start, day(*start as i32 - 1));
        assert_eq!(w.end, day(*end as i32 - 1));
        let p = w.posterior.expect("estimated");
        for (got, want, what) in [
            (p.mean, mean, "mean"),
            (p.median, median, "median"),
            (p.q025, q025, "q025"),
            (p.q975, q975, "q975"),
        ] {
            assert!(
                close(got, *want, 1e-8),
                "{start}–{end} {what}: {got} not {want}"
            );
        }
    }
}

#[test]
fn a_growing_series_gives_the_reference_estimates() {
    // scripts/rt-reference.py 4.7 2.9 7 1 2 4 8 12 20 30 45 60 80 90 100
    check_against(
        &[1, 2, 4, 8, 12, 20, 30, 45, 60, 80, 90, 100],
        RtSettings::default(),
        &[
            (2, 8, [5.689854076, 5.674315601, 4.725079918, 6.742922934]),
            (3, 9, [4.952140301, 4.942972696, 4.255096308, 5.701279372]),
            (4, 10, [4.362020323, 4.356341926, 3.843999774, 4.912309142]),
            (5, 11, [3.737960973, 3.734275268, 3.350040247, 4.146826474]),
            (6, 12, [3.20418324, 3.201676403, 2.907097686, 3.515514516]),
        ],
    );
}

#[test]
fn a_short_window_and_zeros_give_the_reference_estimates() {
    // scripts/rt-reference.py 2.6 1.5 3 5 0 3 7 2 9 4 0 6
    check_against(
        &[5, 0, 3, 7, 2, 9, 4, 0, 6],
        RtSettings {
            serial_interval: SerialInterval::new(2.6, 1.5).expect("valid"),
            window: 3,
            ..RtSettings::default()
        },
        &[
            (2, 4, [2.268589372, 2.200226958, 1.132471641, 3.792742387]),
            (3, 5, [1.881978555, 1.833948878, 1.002074319, 3.034557964]),
            (4, 6, [2.122908517, 2.08578291, 1.278129605, 3.178525925]),
            (5, 7, [1.343799993, 1.315910225, 0.7680978046, 2.077869121]),
            (6, 8, [0.9867704193, 0.963377941, 0.5394765706, 1.566878364]),
            (
                7,
                9,
                [0.7713259147, 0.7480825274, 0.3850431176, 1.289541654],
            ),
        ],
    );
}

#[test]
fn one_window_by_hand() {
    // Two days, a window of one day on the second: the first day's 10 cases are
    // imported; a = 1 + 20, b = 1 / (1/5 + 10 w_1).
    let settings = RtSettings {
        serial_interval: SerialInterval::new(1.5, 0.5).expect("valid"),
        window: 1,
        ..RtSettings::default()
    };
    let w1 = settings.serial_interval.discretise(2)[1];
    let windows = estimate(
        &series(&[Some(10), Some(20)]),
        &settings,
        &mut RtCache::default(),
    )
    .expect("estimate");
    assert_eq!(windows.len(), 1);
    let p = windows[0].posterior.expect("day 2 > mean 1.5");
    let b = 1.0 / (0.2 + 10.0 * w1);
    assert!(close(p.mean, 21.0 * b, 1e-12));
    assert!(close(p.sd, 21f64.sqrt() * b, 1e-12));
    assert_eq!(windows[0].cases, 20);
}

#[test]
fn windows_ending_within_the_mean_serial_interval_get_no_estimate() {
    let settings = RtSettings {
        window: 2,
        ..RtSettings::default()
    };
    let counts: Vec<Option<i64>> = (0..30).map(|i| Some(3 + i)).collect();
    let windows = estimate(&series(&counts), &settings, &mut RtCache::default()).expect("estimate");
    // Windows end on days 3, 4, 5, … (1-based); the mean is 4.7 (as EpiEstim,
    // the mean of the interval discretised over the series' length).
    let has: Vec<bool> = windows
        .iter()
        .take(4)
        .map(|w| w.posterior.is_some())
        .collect();
    assert_eq!(has, [false, false, true, true]);
    // Over a six-day series the discretised interval is cut at 5 days and its
    // mean is shorter: EpiEstim estimates from the window ending on day 3.
    let short =
        estimate(&series(&counts[..6]), &settings, &mut RtCache::default()).expect("estimate");
    assert!(short.iter().all(|w| w.posterior.is_some()));
}

#[test]
fn too_few_cases_are_flagged_and_missing_days_are_never_zero() {
    assert_eq!(
        RtSettings::default().min_cases(),
        11.0,
        "ceiling(1/0.09 − 1)"
    );
    let mut counts: Vec<Option<i64>> = vec![None, None];
    counts.extend((0..30).map(|i| Some(if i < 15 { 1 } else { 40 })));
    counts[20] = None;
    counts.push(None);
    let windows = estimate(
        &series(&counts),
        &RtSettings::default(),
        &mut RtCache::default(),
    )
    .expect("estimate");
    // Leading and trailing missing days are dropped.
    assert_eq!(windows[0].start, day(3));
    assert_eq!(windows.last().map(|w| w.end), Some(day(31)));
    assert!(windows[0].too_few_cases, "7 cases in a week");
    assert!(windows.last().is_some_and(|w| !w.too_few_cases));
    // Day 20 is missing: no window reading it is estimated.
    for w in &windows {
        if w.end < day(20) {
            assert!(!w.missing_data, "{w:?}");
        }
        if w.start <= day(20) && w.end >= day(20) {
            assert!(w.missing_data && w.posterior.is_none(), "{w:?}");
        }
    }
    assert!(
        windows.iter().any(|w| w.start > day(20) && w.missing_data),
        "the serial interval reaches back over the missing day"
    );
}

#[test]
fn bad_settings_and_negative_counts_are_refused() {
    assert!(
        SerialInterval::new(1.0, 2.0).is_err(),
        "mean must be above 1"
    );
    assert!(SerialInterval::new(4.7, 0.0).is_err());
    assert!(SerialInterval::new(f64::NAN, 1.0).is_err());
    let bad = RtSettings {
        window: 0,
        ..RtSettings::default()
    };
    assert!(estimate(&series(&[Some(1)]), &bad, &mut RtCache::default()).is_err());
    assert_eq!(
        estimate(
            &series(&[Some(1), Some(-2)]),
            &RtSettings::default(),
            &mut RtCache::default()
        ),
        Err(RtError::Negative {
            day: day(1),
            value: -2
        })
    );
    assert_eq!(
        estimate(
            &series(&[None, None]),
            &RtSettings::default(),
            &mut RtCache::default()
        ),
        Ok(Vec::new())
    );
}

#[test]
fn the_quantile_cache_gives_the_distributions_own_quantiles() {
    let mut cache = RtCache::default();
    for a in [1.0, 2.0, 21.0, 1500.0] {
        let g = Gamma::new(a, 1.0).expect("gamma");
        let [m, lo, hi] = cache.of(a);
        assert!(close(g.cdf(m), 0.5, 1e-9), "{a}");
        assert!(close(g.cdf(lo), 0.025, 1e-9), "{a}");
        assert!(close(g.cdf(hi), 0.975, 1e-9), "{a}");
    }
}

proptest::proptest! {
    /// No settings a person can give make the estimate panic: they are
    /// refused or answered (see: issue 15, `si_mean=1e308` closed the
    /// connection).
    #[test]
    fn no_settings_panic(
        mean in proptest::prop_oneof![proptest::num::f64::ANY, 0.0f64..40.0, 1.0f64..1.5],
        sd in proptest::prop_oneof![proptest::num::f64::ANY, 0.0f64..40.0, 0.0f64..0.01],
        window in 0usize..400,
        counts in proptest::collection::vec(proptest::option::weighted(0.9, 0i64..5000), 1..60),
    ) {
        let settings = RtSettings {
            serial_interval: SerialInterval { mean, sd },
            window,
            ..RtSettings::default()
        };
        let _ = estimate(&series(&counts), &settings, &mut RtCache::default());
    }
}

#[test]
fn a_serial_interval_too_narrow_or_too_wide_for_a_gamma_is_refused() {
    // A sd of 1e-154 made the gamma's shape 2.5e307: the CDF's series never
    // converged and its counter overflowed.
    assert!(SerialInterval::new(1.354, 2.7e-154).is_err());
    assert!(SerialInterval::new(1.0001, 300.0).is_err());
    assert!(SerialInterval::new(7.5, 3.4).is_ok());
}
