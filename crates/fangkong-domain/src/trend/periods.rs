//! Periods and milestones of a daily series.
//!
//! The rule against flicker: a period in band B ends only when `confirm_days`
//! consecutive days (3 by default) all fall outside B. The new period takes the
//! band most of those days are in (a tie goes to the band seen last) and starts on
//! the first of them in that band: in a run of 231, 0, 4 after a two-digit period
//! (one day of batch confirmations, then quiet), the tail starts with the 4, and
//! the 231 and the 0 stay excursions of the two-digit period. A shorter excursion
//! across a boundary always stays inside the running period. Days with no
//! figure are skipped: missing is not zero, and it neither confirms nor breaks a
//! band.

use serde::Serialize;

use super::{Band, PhaseRules};
use crate::published::AnnotationKind;
use crate::{Annotation, Day};

/// One day of a series as the trend sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendDay {
    /// The day.
    pub day: Day,
    /// The figure as published or summed (`None`: missing).
    pub value: Option<i64>,
    /// The figure the trend uses: `value` less the annotated part that is not new
    /// infection of that day.
    pub trend_value: Option<i64>,
}

/// A run of days in one band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The band.
    pub band: Band,
    /// The first day.
    pub start: Day,
    /// The last day.
    pub end: Day,
    /// Calendar days from start to end inclusive.
    pub days: u32,
    /// Annotations falling in the period (definition changes, revisions).
    pub annotations: Vec<PeriodNote>,
}

/// An annotation as marked on a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodNote {
    /// Its day.
    pub day: Day,
    /// What it marks.
    pub kind: AnnotationKind,
    /// The part of that day's figure left out of the trend, if any.
    pub excluded_from_trend: Option<u32>,
    /// The note.
    pub note: String,
}

/// The first day the series entered a lower band after its peak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// The band entered.
    pub band: Band,
    /// The day.
    pub day: Day,
    /// The figure that day.
    pub value: i64,
}

/// The periods, milestones and peak of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phases {
    /// The series as used.
    pub series: Vec<TrendDay>,
    /// Periods in date order.
    pub periods: Vec<Period>,
    /// First days of each lower band after the peak.
    pub milestones: Vec<Milestone>,
    /// The day of the highest trend figure, and the figure.
    pub peak: Option<(Day, i64)>,
}

impl Phases {
    /// The period the series ends in.
    pub fn current(&self) -> Option<&Period> {
        self.periods.last()
    }

    /// Whether the series is large enough to have phases: its peak reaches
    /// the low band (ten a day by default). Below that, bands by order of
    /// magnitude say nothing a list of the days with cases does not.
    pub fn meaningful(&self, rules: &PhaseRules) -> bool {
        self.peak
            .is_some_and(|(_, v)| v >= i64::from(rules.low_from))
    }

    /// The days of `period` whose trend figure is above zero: in a zero period,
    /// the scattered cases it holds (a day or two too few to end it).
    pub fn days_with_cases(&self, period: &Period) -> u32 {
        self.series
            .iter()
            .filter(|t| t.day >= period.start && t.day <= period.end)
            .filter(|t| t.trend_value.is_some_and(|v| v > 0))
            .count() as u32
    }

    /// The days with a trend figure above zero, and their cases.
    pub fn cases(&self) -> (u32, i64) {
        self.series
            .iter()
            .filter_map(|t| t.trend_value.filter(|v| *v > 0))
            .fold((0, 0), |(d, c), v| (d + 1, c + v))
    }
}

/// Classifies a series into periods and milestones. `series` is in date order;
/// annotations of other units are ignored by the caller.
pub fn phases(
    series: &[(Day, Option<i64>)],
    annotations: &[Annotation],
    rules: &PhaseRules,
) -> Phases {
    let trend: Vec<TrendDay> = series
        .iter()
        .map(|&(day, value)| {
            let excluded: i64 = annotations
                .iter()
                .filter(|a| a.day == day)
                .filter_map(|a| a.excluded_from_trend)
                .map(i64::from)
                .sum();
            TrendDay {
                day,
                value,
                trend_value: value.map(|v| v - excluded),
            }
        })
        .collect();
    let known: Vec<(Day, i64)> = trend
        .iter()
        .filter_map(|t| t.trend_value.map(|v| (t.day, v)))
        .collect();

    let mut periods: Vec<Period> = Vec::new();
    if let Some(&(first_day, first_value)) = known.first() {
        let mut current = (rules.band_of(first_value), first_day);
        let mut last_day = first_day;
        // The run of days outside the current band.
        let mut run: Vec<(Day, Band)> = Vec::new();
        for &(day, value) in &known[1..] {
            let band = rules.band_of(value);
            if band == current.0 {
                run.clear();
            } else {
                run.push((day, band));
                if run.len() as u32 >= rules.confirm_days.max(1) {
                    let next = settle(&run);
                    let start = run
                        .iter()
                        .find(|(_, b)| *b == next)
                        .map_or(day, |(d, _)| *d);
                    let end = start.plus_days(-1).unwrap_or(start);
                    periods.push(period(current.0, current.1, end));
                    current = (next, start);
                    run.clear();
                }
            }
            last_day = day;
        }
        periods.push(period(current.0, current.1, last_day));
    }
    for p in &mut periods {
        p.annotations = annotations
            .iter()
            .filter(|a| p.start <= a.day && a.day <= p.end)
            .map(|a| PeriodNote {
                day: a.day,
                kind: a.kind,
                excluded_from_trend: a.excluded_from_trend,
                note: a.note.clone(),
            })
            .collect();
    }

    let peak = known
        .iter()
        .copied()
        .max_by_key(|&(day, v)| (v, std::cmp::Reverse(day)));
    let mut milestones = Vec::new();
    if let Some((peak_day, peak_value)) = peak {
        let mut lowest = rules.band_of(peak_value);
        for &(day, value) in known.iter().filter(|(d, _)| *d > peak_day) {
            let band = rules.band_of(value);
            if band > lowest {
                milestones.push(Milestone { band, day, value });
                lowest = band;
            }
        }
    }
    Phases {
        series: trend,
        periods,
        milestones,
        peak,
    }
}

/// The band a confirming run settles in: the one most of its days are in, a tie
/// going to the band seen last.
fn settle(run: &[(Day, Band)]) -> Band {
    let count = |band: Band| run.iter().filter(|(_, b)| *b == band).count();
    // `max_by_key` keeps the last of equal maxima: in day order, the band seen last.
    run.iter()
        .map(|&(_, b)| b)
        .max_by_key(|&b| count(b))
        .unwrap_or(Band::Zero)
}

fn period(band: Band, start: Day, end: Day) -> Period {
    Period {
        band,
        start,
        end,
        days: (end.offset_from(start) + 1).max(0) as u32,
        annotations: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitCode;

    fn series(values: &[Option<i64>]) -> Vec<(Day, Option<i64>)> {
        let start = Day::parse("2020-02-01").expect("day");
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (start.plus_days(i as i32).expect("day"), *v))
            .collect()
    }

    fn bands(p: &Phases) -> Vec<(Band, u32)> {
        p.periods.iter().map(|p| (p.band, p.days)).collect()
    }

    #[test]
    fn a_handful_of_cases_has_no_phases_and_a_zero_period_says_what_it_holds() {
        // See: issue 16 (a compound with a few cases read 零新增 all season).
        let mut values = vec![Some(0); 20];
        values[4] = Some(1);
        values[9] = Some(2);
        values[15] = Some(1);
        let p = phases(&series(&values), &[], &PhaseRules::default());
        assert!(!p.meaningful(&PhaseRules::default()));
        assert_eq!(p.cases(), (3, 4));
        let zero = p
            .periods
            .iter()
            .find(|x| x.band == Band::Zero)
            .expect("zero");
        assert!(p.days_with_cases(zero) > 0, "{:?}", p.periods);
        let big = phases(
            &series(&[Some(120), Some(90), Some(40)]),
            &[],
            &PhaseRules::default(),
        );
        assert!(big.meaningful(&PhaseRules::default()));
    }

    #[test]
    fn a_steady_decline_gives_one_period_per_band() {
        let s = series(&[
            Some(1500),
            Some(1200),
            Some(800),
            Some(500),
            Some(300),
            Some(50),
            Some(20),
            Some(15),
            Some(5),
            Some(3),
            Some(2),
            Some(0),
            Some(0),
            Some(0),
        ]);
        let p = phases(&s, &[], &PhaseRules::default());
        assert_eq!(
            bands(&p),
            [
                (Band::High, 2),
                (Band::Middle, 3),
                (Band::Low, 3),
                (Band::Tail, 3),
                (Band::Zero, 3)
            ]
        );
        let m: Vec<(Band, i64)> = p.milestones.iter().map(|m| (m.band, m.value)).collect();
        assert_eq!(
            m,
            [
                (Band::Middle, 800),
                (Band::Low, 50),
                (Band::Tail, 5),
                (Band::Zero, 0)
            ]
        );
        assert_eq!(p.current().map(|c| c.band), Some(Band::Zero));
    }

    #[test]
    fn a_brief_fluctuation_across_a_boundary_does_not_end_a_period() {
        let s = series(&[
            Some(120),
            Some(130),
            Some(95),
            Some(110),
            Some(105),
            Some(98),
            Some(99),
            Some(101),
            Some(60),
            Some(40),
            Some(30),
        ]);
        let p = phases(&s, &[], &PhaseRules::default());
        // 95 alone and 98, 99 (two days) are excursions; 60, 40, 30 confirm the low band.
        assert_eq!(bands(&p), [(Band::Middle, 8), (Band::Low, 3)]);
        // The milestone is the first day below 100, even inside the middle period.
        assert_eq!(p.milestones[0].value, 95);
    }

    #[test]
    fn a_run_outside_a_band_settles_in_the_band_most_of_its_days_are_in() {
        let s = series(&[
            Some(300),
            Some(200),
            Some(40),
            Some(8),
            Some(30),
            Some(5),
            Some(4),
            Some(3),
        ]);
        let p = phases(&s, &[], &PhaseRules::default());
        assert_eq!(
            bands(&p),
            [(Band::Middle, 2), (Band::Low, 3), (Band::Tail, 3)]
        );
    }

    #[test]
    fn a_one_day_spike_inside_a_confirming_run_stays_an_excursion() {
        // 231 is a day of batch confirmations; the quiet days after it start the tail.
        let s = series(&[
            Some(20),
            Some(15),
            Some(231),
            Some(0),
            Some(4),
            Some(3),
            Some(2),
        ]);
        let p = phases(&s, &[], &PhaseRules::default());
        assert_eq!(bands(&p), [(Band::Low, 4), (Band::Tail, 3)]);
    }

    #[test]
    fn missing_days_neither_confirm_nor_break_a_band() {
        let s = series(&[Some(500), None, Some(50), None, Some(40), Some(30)]);
        let p = phases(&s, &[], &PhaseRules::default());
        assert_eq!(bands(&p), [(Band::Middle, 2), (Band::Low, 4)]);
        assert_eq!(p.series[1].trend_value, None);
    }

    #[test]
    fn the_annotated_part_of_a_day_is_left_out_and_marked_on_its_period() {
        let s = series(&[Some(5), Some(330), Some(4), Some(3)]);
        let a = Annotation {
            day: Day::parse("2020-02-02").expect("day"),
            unit: UnitCode::parse("C").expect("code"),
            kind: AnnotationKind::Revision,
            excluded_from_trend: Some(325),
            note: "city-wide revision".into(),
        };
        let p = phases(&s, &[a], &PhaseRules::default());
        assert_eq!(p.series[1].trend_value, Some(5));
        assert_eq!(bands(&p), [(Band::Tail, 4)]);
        assert_eq!(p.periods[0].annotations.len(), 1);
        assert_eq!(p.peak.map(|(_, v)| v), Some(5));
    }

    #[test]
    fn configured_confirmation_of_one_day_follows_every_change() {
        let rules = PhaseRules {
            confirm_days: 1,
            ..PhaseRules::default()
        };
        let s = series(&[Some(120), Some(95), Some(110)]);
        assert_eq!(
            bands(&phases(&s, &[], &rules)),
            [(Band::Middle, 1), (Band::Low, 1), (Band::Middle, 1)]
        );
    }

    #[test]
    fn an_empty_series_has_no_period() {
        let p = phases(&series(&[None, None]), &[], &PhaseRules::default());
        assert!(p.periods.is_empty() && p.milestones.is_empty() && p.peak.is_none());
    }
}
