//! `DailyReport`: the one form, and the rules that reject an impossible report
//! (SPEC §9) with a message that names the field.

use serde::Serialize;

use super::{Count, MeasuresInPlace};
use crate::Day;
use crate::limits::{LimitError, Limits};
use crate::unit::{UnitCode, UnitKind, UnitTree};

/// One reporting unit's report for one day (SPEC §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyReport {
    /// The civil day the report describes.
    pub day: Day,
    /// The reporting unit.
    pub unit: UnitCode,
    /// New confirmed cases (新增確診).
    pub new_confirmed: Count,
    /// New suspected cases (新增疑似).
    pub new_suspected: Count,
    /// New close contacts (新增密切接觸者).
    pub new_close_contacts: Count,
    /// New fever patients not yet ruled out (新增發熱病人).
    pub new_fever: Count,
    /// The six measures in place (六到位).
    pub measures: MeasuresInPlace,
    /// Who reported.
    pub reporter: String,
    /// An optional free-text remark.
    pub remark: Option<String>,
    /// Of `new_confirmed`, the cases counted now that belong to earlier days
    /// (a revision, a backlog, a reclassification: 订正、补报). Kept in every
    /// figure and total; left out of the trend, its phases and Rt at every
    /// level, as a published revision is. Zero unless someone marks it.
    pub backlog: Count,
}

/// The four count fields, with their names, in form order.
pub const COUNT_FIELDS: [&str; 4] = [
    "new_confirmed",
    "new_suspected",
    "new_close_contacts",
    "new_fever",
];

impl DailyReport {
    /// The four counts in the order of [`COUNT_FIELDS`].
    pub fn counts(&self) -> [Count; 4] {
        [
            self.new_confirmed,
            self.new_suspected,
            self.new_close_contacts,
            self.new_fever,
        ]
    }

    /// Checks the report against the unit it names, the day it is, and the limits.
    /// Every broken rule is returned.
    pub fn check(&self, today: Day, unit: &ReportingStatus, limits: &Limits) -> Vec<ReportError> {
        let mut errors = Vec::new();
        if self.backlog.get() > self.new_confirmed.get() {
            errors.push(ReportError::BacklogAboveConfirmed {
                backlog: self.backlog.get(),
                confirmed: self.new_confirmed.get(),
            });
        }
        if self.day > today {
            errors.push(ReportError::FutureDay {
                day: self.day,
                today,
            });
        }
        let mut limit = |field, r: Result<(), LimitError>| {
            if let Err(error) = r {
                errors.push(ReportError::Limit { field, error });
            }
        };
        limit("date", limits.day(self.day));
        limit("reporter", limits.name(&self.reporter));
        if let Some(remark) = &self.remark {
            limit("remark", limits.note(remark));
        }
        match unit {
            ReportingStatus::Unknown => errors.push(ReportError::UnknownUnit(self.unit.clone())),
            ReportingStatus::Absent => errors.push(ReportError::NotInTreeOnDay {
                unit: self.unit.clone(),
                day: self.day,
            }),
            ReportingStatus::NotReporting { kind, children } => {
                errors.push(ReportError::NotReporting {
                    unit: self.unit.clone(),
                    kind: *kind,
                    children: *children,
                })
            }
            ReportingStatus::Reporting { population } => {
                for (field, count) in COUNT_FIELDS.into_iter().zip(self.counts()) {
                    let value = count.get();
                    match population {
                        Some(p) if value > *p => errors.push(ReportError::AbovePopulation {
                            field,
                            value,
                            population: *p,
                        }),
                        None if value > limits.count_without_population => {
                            errors.push(ReportError::Absurd {
                                field,
                                value,
                                limit: limits.count_without_population,
                            })
                        }
                        _ => {}
                    }
                }
            }
        }
        if self.reporter.trim().is_empty() {
            errors.push(ReportError::EmptyReporter);
        }
        errors
    }
}

/// What a unit is, as far as reporting on a given day goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportingStatus {
    /// No unit has ever had the code.
    Unknown,
    /// The unit exists but not on that day (retired, or added later).
    Absent,
    /// The unit has units under it on that day; they report, not it.
    NotReporting {
        /// The unit's kind.
        kind: UnitKind,
        /// How many units stand directly under it.
        children: usize,
    },
    /// A leaf: it files the daily report.
    Reporting {
        /// Its resident population, where known.
        population: Option<u32>,
    },
}

impl ReportingStatus {
    /// The status of `code` in the tree of the report's day; `ever_known` says whether
    /// the code exists in the unit history at all.
    pub fn of(tree: &UnitTree, code: &UnitCode, ever_known: bool) -> ReportingStatus {
        match tree.index_of(code) {
            None if ever_known => ReportingStatus::Absent,
            None => ReportingStatus::Unknown,
            Some(i) if tree.is_reporting(i) => ReportingStatus::Reporting {
                population: tree.unit(i).population,
            },
            Some(i) => ReportingStatus::NotReporting {
                kind: tree.unit(i).kind,
                children: tree.children(i).len(),
            },
        }
    }
}

/// A rule a report breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// Occurs when the report's day is after today (Asia/Shanghai).
    #[error("{day} is in the future (today is {today} in Asia/Shanghai)")]
    FutureDay {
        /// The report's day.
        day: Day,
        /// Today.
        today: Day,
    },
    /// Occurs when no unit has the code.
    #[error("unknown unit {0}")]
    UnknownUnit(UnitCode),
    /// Occurs when the unit is retired or not yet added on the report's day.
    #[error("unit {unit} is not in the tree on {day} (retired, or added later)")]
    NotInTreeOnDay {
        /// The unit.
        unit: UnitCode,
        /// The report's day.
        day: Day,
    },
    /// Occurs when the unit has units under it: its leaves report, not it.
    #[error(
        "unit {unit} ({kind}) is not a reporting unit: {children} unit(s) under it report instead"
    )]
    NotReporting {
        /// The unit.
        unit: UnitCode,
        /// Its kind.
        kind: UnitKind,
        /// How many units stand directly under it.
        children: usize,
    },
    /// Occurs when a count exceeds the unit's resident population.
    #[error("{value} is above the unit's population of {population}")]
    AbovePopulation {
        /// The count's field name.
        field: &'static str,
        /// The count.
        value: u32,
        /// The population.
        population: u32,
    },
    /// Occurs when a count is absurd for any unit whose population is unknown.
    #[error(
        "{value} is implausible for one unit in one day (limit {limit} when the population is unknown)"
    )]
    Absurd {
        /// The count's field name.
        field: &'static str,
        /// The count.
        value: u32,
        /// The limit.
        limit: u32,
    },
    /// Occurs when more cases are marked as backlog than were confirmed.
    #[error("{backlog} marked as backlog, but only {confirmed} new confirmed")]
    BacklogAboveConfirmed {
        /// The backlog marked.
        backlog: u32,
        /// The new confirmed cases.
        confirmed: u32,
    },
    /// Occurs when no reporter is named.
    #[error("the reporter is empty: every report says who made it")]
    EmptyReporter,
    /// Occurs when a field breaks one of the limits every channel shares (a
    /// day before the epidemic, a text too long or holding a control
    /// character).
    #[error("{error}")]
    Limit {
        /// The field.
        field: &'static str,
        /// The limit broken.
        error: LimitError,
    },
}

impl ReportError {
    /// The field at fault, as named in files, flags and the API.
    pub fn field(&self) -> &'static str {
        match self {
            ReportError::FutureDay { .. } => "date",
            ReportError::UnknownUnit(_)
            | ReportError::NotInTreeOnDay { .. }
            | ReportError::NotReporting { .. } => "unit_code",
            ReportError::AbovePopulation { field, .. } | ReportError::Absurd { field, .. } => field,
            ReportError::EmptyReporter => "reporter",
            ReportError::BacklogAboveConfirmed { .. } => "backlog",
            ReportError::Limit { field, .. } => field,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::unit::tree::tests::small_city;

    pub(crate) fn report(unit: &str, day: &str, confirmed: u32) -> DailyReport {
        DailyReport {
            day: Day::parse(day).expect("day"),
            unit: UnitCode::parse(unit).expect("code"),
            new_confirmed: Count::new(confirmed),
            new_suspected: Count::ZERO,
            new_close_contacts: Count::ZERO,
            new_fever: Count::ZERO,
            measures: MeasuresInPlace::ALL,
            reporter: "王芳".into(),
            remark: None,
            backlog: Count::ZERO,
        }
    }

    fn today() -> Day {
        Day::parse("2020-03-06").expect("day")
    }

    fn status(code: &str) -> ReportingStatus {
        let tree = UnitTree::build(small_city()).expect("valid");
        ReportingStatus::of(&tree, &UnitCode::parse(code).expect("code"), code != "NOPE")
    }

    #[test]
    fn an_all_zero_report_from_a_leaf_is_accepted() {
        let r = report("K1", "2020-03-06", 0);
        assert_eq!(r.check(today(), &status("K1"), &Limits::default()), []);
    }

    #[test]
    fn a_report_for_tomorrow_names_the_date_field() {
        let r = report("K1", "2020-03-07", 0);
        let errors = r.check(today(), &status("K1"), &Limits::default());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field(), "date");
    }

    #[test]
    fn a_community_with_compounds_does_not_report() {
        let r = report("M", "2020-03-01", 0);
        let errors = r.check(today(), &status("M"), &Limits::default());
        assert!(matches!(
            errors[..],
            [ReportError::NotReporting { children: 2, .. }]
        ));
        assert_eq!(errors[0].field(), "unit_code");
    }

    #[test]
    fn unknown_and_absent_units_are_told_apart() {
        let tree = UnitTree::build(small_city()).expect("valid");
        let gone = UnitCode::parse("GONE").expect("code");
        assert_eq!(
            ReportingStatus::of(&tree, &gone, false),
            ReportingStatus::Unknown
        );
        assert_eq!(
            ReportingStatus::of(&tree, &gone, true),
            ReportingStatus::Absent
        );
    }

    #[test]
    fn counts_above_the_population_or_absurd_are_rejected_naming_the_field() {
        let mut r = report("K1", "2020-03-01", 0);
        r.new_suspected = Count::new(501);
        let errors = r.check(
            today(),
            &ReportingStatus::Reporting {
                population: Some(500),
            },
            &Limits::default(),
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field(), "new_suspected");

        r.new_suspected = Count::new(500);
        assert!(
            r.check(
                today(),
                &ReportingStatus::Reporting {
                    population: Some(500)
                },
                &Limits::default()
            )
            .is_empty()
        );

        r.new_fever = Count::new(100_001);
        let errors = r.check(
            today(),
            &ReportingStatus::Reporting { population: None },
            &Limits::default(),
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field(), "new_fever");
    }

    #[test]
    fn an_empty_reporter_is_rejected() {
        let mut r = report("K1", "2020-03-01", 0);
        r.reporter = "  ".into();
        let errors = r.check(today(), &status("K1"), &Limits::default());
        assert_eq!(errors, [ReportError::EmptyReporter]);
    }
}
