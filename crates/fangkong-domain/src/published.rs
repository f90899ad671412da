//! Published figures (a health commission's official daily series for a unit) and
//! the annotations on them (definition changes, revisions). Kept apart from the
//! grassroots reports: they are another source, to be compared, never merged.

use std::fmt;

use serde::Serialize;

use crate::Day;
use crate::unit::UnitCode;

/// One day of a unit's published series. Figures are net daily changes as published,
/// so they can be negative (write-offs, 核減); a blank is missing, not zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedDay {
    /// The reference day the figures describe.
    pub day: Day,
    /// New confirmed cases.
    pub new_confirmed: Option<i64>,
    /// New suspected cases.
    pub new_suspected: Option<i64>,
    /// New deaths.
    pub new_dead: Option<i64>,
    /// New cured and discharged.
    pub new_cured: Option<i64>,
    /// Confirmed cases so far, as published (not the sum of the daily
    /// figures: a bulletin's totals carry revisions its daily figures do not).
    pub cum_confirmed: Option<i64>,
    /// Deaths so far, as published.
    pub cum_dead: Option<i64>,
    /// Cured and discharged so far, as published.
    pub cum_cured: Option<i64>,
}

impl PublishedDay {
    /// The names of its figures, as the CSV columns and the database name
    /// them, in the order of [`PublishedDay::figures`].
    pub const FIGURES: [&'static str; 7] = [
        "new_confirmed",
        "new_suspected",
        "new_dead",
        "new_cured",
        "cum_confirmed",
        "cum_dead",
        "cum_cured",
    ];

    /// A day's figures, given in the order of [`PublishedDay::FIGURES`].
    pub fn of_figures(day: Day, f: [Option<i64>; 7]) -> PublishedDay {
        PublishedDay {
            day,
            new_confirmed: f[0],
            new_suspected: f[1],
            new_dead: f[2],
            new_cured: f[3],
            cum_confirmed: f[4],
            cum_dead: f[5],
            cum_cured: f[6],
        }
    }

    /// Its figures, in the order of [`PublishedDay::FIGURES`].
    pub fn figures(&self) -> [Option<i64>; 7] {
        [
            self.new_confirmed,
            self.new_suspected,
            self.new_dead,
            self.new_cured,
            self.cum_confirmed,
            self.cum_dead,
            self.cum_cured,
        ]
    }

    /// Confirmed cases still under treatment (现有确诊): confirmed less cured
    /// less dead; missing when any of the three is.
    pub fn current_confirmed(&self) -> Option<i64> {
        Some(self.cum_confirmed? - self.cum_cured? - self.cum_dead?)
    }
}

/// What kind of event an annotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    /// The case definition changed from this day (e.g. clinical diagnoses counted).
    DefinitionChange,
    /// The day's figure includes corrections of earlier figures.
    Revision,
}

/// Why a text is not an annotation kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an annotation kind (expected definition_change or revision)")]
pub struct AnnotationKindError(pub String);

impl AnnotationKind {
    /// Parses `definition_change` or `revision`.
    pub fn parse(text: &str) -> Result<AnnotationKind, AnnotationKindError> {
        match text.trim() {
            "definition_change" => Ok(AnnotationKind::DefinitionChange),
            "revision" => Ok(AnnotationKind::Revision),
            other => Err(AnnotationKindError(other.to_string())),
        }
    }

    /// The kind's name as parsed.
    pub fn name(self) -> &'static str {
        match self {
            AnnotationKind::DefinitionChange => "definition_change",
            AnnotationKind::Revision => "revision",
        }
    }
}

impl fmt::Display for AnnotationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A note on one day of a unit's series that is not epidemic growth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    /// The reference day of the figure the note is about.
    pub day: Day,
    /// The unit whose series it annotates.
    pub unit: UnitCode,
    /// What happened.
    pub kind: AnnotationKind,
    /// How much of the day's new confirmed is not new infection of that day, where known.
    pub excluded_from_trend: Option<u32>,
    /// The explanation.
    pub note: String,
}

/// A headline figure of a published series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadlineFigure {
    /// 今日新增: confirmed cases new that day.
    NewConfirmed,
    /// 现有确诊: confirmed cases still under treatment.
    CurrentConfirmed,
    /// 累计确诊.
    CumConfirmed,
    /// 累计治愈.
    CumCured,
    /// 累计死亡.
    CumDead,
}

impl HeadlineFigure {
    /// Every figure, in the order a dashboard leads with them.
    pub const ALL: [HeadlineFigure; 5] = [
        HeadlineFigure::NewConfirmed,
        HeadlineFigure::CurrentConfirmed,
        HeadlineFigure::CumConfirmed,
        HeadlineFigure::CumCured,
        HeadlineFigure::CumDead,
    ];

    /// Its stable name (`new_confirmed`…), also its catalogue key's end.
    pub fn name(self) -> &'static str {
        match self {
            HeadlineFigure::NewConfirmed => "new_confirmed",
            HeadlineFigure::CurrentConfirmed => "current_confirmed",
            HeadlineFigure::CumConfirmed => "cum_confirmed",
            HeadlineFigure::CumCured => "cum_cured",
            HeadlineFigure::CumDead => "cum_dead",
        }
    }

    /// Its value on a published day.
    pub fn of(self, d: &PublishedDay) -> Option<i64> {
        match self {
            HeadlineFigure::NewConfirmed => d.new_confirmed,
            HeadlineFigure::CurrentConfirmed => d.current_confirmed(),
            HeadlineFigure::CumConfirmed => d.cum_confirmed,
            HeadlineFigure::CumCured => d.cum_cured,
            HeadlineFigure::CumDead => d.cum_dead,
        }
    }
}

/// One headline figure of a day: its value and its change from the day
/// before (missing when either day's value is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Headline {
    /// Which figure.
    pub figure: HeadlineFigure,
    /// Its value.
    pub value: Option<i64>,
    /// Its change from the day before.
    pub change: Option<i64>,
}

/// The headline figures of `day` in a series (any order), or none when the
/// series has no row for the day: a day not published is not a day of zeros.
pub fn headlines(series: &[PublishedDay], day: Day) -> Option<[Headline; 5]> {
    let today = series.iter().find(|d| d.day == day)?;
    let before = day
        .plus_days(-1)
        .and_then(|b| series.iter().find(|d| d.day == b));
    Some(HeadlineFigure::ALL.map(|figure| {
        let value = figure.of(today);
        Headline {
            figure,
            value,
            change: value
                .zip(before.and_then(|b| figure.of(b)))
                .map(|(v, b)| v - b),
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_kinds_parse_and_print() {
        for k in [AnnotationKind::DefinitionChange, AnnotationKind::Revision] {
            assert_eq!(AnnotationKind::parse(k.name()), Ok(k));
        }
        assert!(AnnotationKind::parse("typo").is_err());
    }

    fn published(day: &str, new: Option<i64>, totals: [Option<i64>; 3]) -> PublishedDay {
        PublishedDay {
            day: Day::parse(day).expect("day"),
            new_confirmed: new,
            new_suspected: None,
            new_dead: None,
            new_cured: None,
            cum_confirmed: totals[0],
            cum_dead: totals[1],
            cum_cured: totals[2],
        }
    }

    #[test]
    fn headlines_carry_the_change_from_the_day_before() {
        let series = [
            published(
                "2020-02-13",
                Some(3910),
                [Some(35991), Some(1016), Some(1915)],
            ),
            published(
                "2020-02-12",
                Some(13436),
                [Some(32994), Some(1036), Some(1587)],
            ),
        ];
        let h = headlines(&series, Day::parse("2020-02-13").expect("day")).expect("published");
        let get = |f: HeadlineFigure| h.iter().find(|x| x.figure == f).copied().expect("figure");
        assert_eq!(get(HeadlineFigure::NewConfirmed).value, Some(3910));
        assert_eq!(get(HeadlineFigure::NewConfirmed).change, Some(3910 - 13436));
        assert_eq!(
            get(HeadlineFigure::CurrentConfirmed).value,
            Some(35991 - 1915 - 1016),
            "confirmed less cured less dead"
        );
        assert_eq!(get(HeadlineFigure::CumConfirmed).change, Some(2997));
        assert_eq!(
            get(HeadlineFigure::CumDead).change,
            Some(-20),
            "write-offs are kept"
        );
    }

    #[test]
    fn a_missing_figure_is_missing_never_zero() {
        let series = [
            published("2020-01-11", Some(0), [Some(41), None, Some(6)]),
            published("2020-01-10", None, [Some(41), Some(1), Some(2)]),
        ];
        let h = headlines(&series, Day::parse("2020-01-11").expect("day")).expect("published");
        assert_eq!(h[0].value, Some(0));
        assert_eq!(h[0].change, None, "the day before has no new figure");
        assert_eq!(h[1].value, None, "no current without the dead");
        assert_eq!(h[4].value, None);
        assert_eq!(h[3].change, Some(4));
        assert_eq!(
            headlines(&series, Day::parse("2020-01-12").expect("day")),
            None
        );
        // The first day of a series has no change.
        let first = headlines(&series, Day::parse("2020-01-10").expect("day")).expect("day");
        assert!(first.iter().all(|x| x.change.is_none()));
    }

    #[test]
    fn a_days_figures_go_and_come_back_in_the_order_of_their_names() {
        let f = [Some(1), None, Some(-3), Some(4), Some(50), None, Some(7)];
        let d = PublishedDay::of_figures(Day::parse("2020-02-13").expect("day"), f);
        assert_eq!(d.figures(), f);
        assert_eq!(d.new_dead, Some(-3));
        assert_eq!(d.cum_confirmed, Some(50));
        let at = |name: &str| PublishedDay::FIGURES.iter().position(|n| *n == name);
        assert_eq!(at("cum_cured"), Some(6));
        assert_eq!(d.figures()[at("new_cured").expect("name")], d.new_cured);
    }
}
