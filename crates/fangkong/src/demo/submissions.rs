//! How the demo's synthetic reports were "submitted": the time each reached the
//! platform, how long its form was open and how many fields were changed from
//! the pre-filled form, so that the timeliness and burden pages have a season to
//! show. Synthetic, and documented as such: most compounds report in the evening,
//! some the next morning, a few after the 10:00 deadline.
//!
//! One compound also copies its report day after day during the peak (the same
//! figures and remark while the compounds beside it change), so that the
//! data-quality page has a formalism signal to find. Its new confirmed cases are
//! never altered, so the city-wide sum still equals the published series.

use std::collections::HashMap;

use fangkong_domain::report::Count;
use fangkong_domain::{DailyReport, Day, MeasuresInPlace, UnitCode, UnitKind, UnitTree};
use fangkong_store::{Channel, Provenance};
use jiff::civil::Time;

use super::rng::SplitMix64;
use super::season::Season;

/// The days on which the copying compound files the same report.
pub const COPY_FROM: &str = "2020-02-08";
/// The last such day.
pub const COPY_TO: &str = "2020-02-21";
/// The remark the copying compound repeats.
pub const COPIED_REMARK: &str = "一切正常";

/// Draws submission times and form timings for the demo's reports.
pub struct Submissions {
    rng: SplitMix64,
    /// Each unit's last measures: what its next form is pre-filled with.
    prefilled: HashMap<UnitCode, MeasuresInPlace>,
    copier: Option<UnitCode>,
    copy_days: (Day, Day),
    /// The replay's today: its reports all came in that evening (the deadline has
    /// not passed yet).
    last_day: Day,
}

impl Submissions {
    /// Starts the season; `tree` and the season's reports choose the copying
    /// compound.
    pub fn new(
        tree: &UnitTree,
        season: &Season,
        seed: u64,
        last_day: Day,
    ) -> anyhow::Result<Submissions> {
        let copy_days = (Day::parse(COPY_FROM)?, Day::parse(COPY_TO)?);
        Ok(Submissions {
            rng: SplitMix64::stream(seed, 77),
            prefilled: HashMap::new(),
            copier: copier(tree, season, copy_days),
            copy_days,
            last_day,
        })
    }

    /// The compound that copies its reports, if the tree has one to choose.
    pub fn copier(&self) -> Option<&UnitCode> {
        self.copier.as_ref()
    }

    /// Rewrites the copying compound's report on the copy days (except on a day it
    /// has new confirmed cases, which are never altered).
    pub fn copy_if_copier(&self, report: &mut DailyReport) {
        let (from, to) = self.copy_days;
        if Some(&report.unit) == self.copier.as_ref()
            && (from..=to).contains(&report.day)
            && report.new_confirmed == Count::ZERO
        {
            report.new_suspected = Count::new(1);
            report.new_close_contacts = Count::new(2);
            report.new_fever = Count::ZERO;
            report.measures = MeasuresInPlace::ALL;
            report.remark = Some(COPIED_REMARK.to_string());
        }
    }

    /// When and how `report` was submitted.
    pub fn provenance(&mut self, report: &DailyReport) -> Provenance {
        let r = &mut self.rng;
        let u = r.unit();
        // Evening of the day (88%), next morning before the deadline (8%), or late.
        let (days_after, from_min, to_min) = if u < 0.88 || report.day >= self.last_day {
            (0, 17 * 60, 23 * 60 + 30)
        } else if u < 0.96 {
            (1, 7 * 60, 9 * 60 + 59)
        } else {
            (1, 10 * 60, 15 * 60)
        };
        let minute = from_min + r.between(0, to_min - from_min);
        let time = Time::new(
            (minute / 60) as i8,
            (minute % 60) as i8,
            r.between(0, 59) as i8,
            0,
        )
        .unwrap_or(Time::midnight());
        let recorded_at = report
            .day
            .plus_days(days_after)
            .and_then(|d| d.at_shanghai(time));
        // A phone form takes from 20 s to 5 min; log-uniform puts the median near 80 s.
        let seconds = r.log_uniform(20.0, 300.0).round() as i64;
        let opened_at =
            recorded_at.and_then(|t| jiff::Timestamp::from_second(t.as_second() - seconds).ok());
        let before = self
            .prefilled
            .insert(report.unit.clone(), report.measures)
            .unwrap_or(MeasuresInPlace::ALL);
        let changed = report.counts().iter().filter(|c| c.get() > 0).count()
            + fangkong_domain::Measure::ALL
                .iter()
                .filter(|m| report.measures.get(**m) != before.get(**m))
                .count()
            + usize::from(report.remark.is_some());
        Provenance {
            channel: Channel::Form,
            recorded_at,
            opened_at,
            fields_changed: Some(changed as u32),
        }
    }
}

/// The copying compound: in Jiang'an (420102) if it can be, else anywhere in the
/// city, a compound with no new confirmed case on the copy days (its copy is then
/// unbroken) in the community with the most compounds (its neighbours are many and
/// busy), the smallest such.
fn copier(tree: &UnitTree, season: &Season, (from, to): (Day, Day)) -> Option<UnitCode> {
    let mut with_cases = std::collections::HashSet::new();
    let mut day = from;
    while day <= to {
        for r in season.reports_on(day) {
            if r.new_confirmed != Count::ZERO {
                with_cases.insert(r.unit);
            }
        }
        day = day.next()?;
    }
    let jiangan = tree.index_of(&UnitCode::parse("420102000000").ok()?);
    let root = tree.roots().next()?;
    for area in jiangan.into_iter().chain([root]) {
        let mut communities: Vec<_> = tree
            .subtree(area)
            .into_iter()
            .filter(|&i| tree.unit(i).kind == UnitKind::Community)
            .filter(|&i| tree.unit(i).code.as_str() != super::DEMO_COMMUNITY)
            .collect();
        communities.sort_by_key(|&c| (std::cmp::Reverse(tree.children(c).len()), c));
        for c in communities {
            let mut compounds: Vec<_> = tree
                .children(c)
                .iter()
                .copied()
                .filter(|&k| tree.unit(k).kind == UnitKind::Compound)
                .filter(|&k| !with_cases.contains(&tree.unit(k).code))
                .collect();
            compounds.sort_by_key(|&k| (tree.unit(k).population, k));
            if let Some(&k) = compounds.first() {
                return Some(tree.unit(k).code.clone());
            }
        }
    }
    None
}
