//! What an inspection found, what it contradicts, and the holds it puts on
//! certification.

use serde::Serialize;

use crate::Day;
use crate::report::{Measure, MeasuresInPlace};

/// Whether an inspection passed: every one of the six measures in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionOutcome {
    /// Every measure in place.
    Passed,
    /// At least one not.
    Failed,
}

impl InspectionOutcome {
    /// The outcome of finding `found` in place.
    pub fn of(found: MeasuresInPlace) -> InspectionOutcome {
        if found.all_in_place() {
            InspectionOutcome::Passed
        } else {
            InspectionOutcome::Failed
        }
    }

    /// The stable name.
    pub fn name(self) -> &'static str {
        match self {
            InspectionOutcome::Passed => "passed",
            InspectionOutcome::Failed => "failed",
        }
    }
}

/// The measures the unit's report of the day attests as in place and the
/// inspector found not: each a data-truth finding. A unit that did not
/// report contradicts nothing (its missing report is a finding of its own).
pub fn contradicted(attested: Option<MeasuresInPlace>, found: MeasuresInPlace) -> Vec<Measure> {
    let Some(attested) = attested else {
        return Vec::new();
    };
    Measure::ALL
        .into_iter()
        .filter(|&m| attested.get(m) && !found.get(m))
        .collect()
}

/// A span in which a failed inspection holds a unit's epidemic-free status
/// back: from the failing day up to (not including) the day of a passing
/// re-inspection, or open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hold<K> {
    /// The unit.
    pub unit: K,
    /// The day of the failed inspection.
    pub from: Day,
    /// The day of the passing re-inspection that lifts it, if any.
    pub until: Option<Day>,
}

/// The holds made by a unit-ordered, time-ordered list of inspections
/// (`unit`, `day`, passed). A failure while held changes nothing; a pass
/// lifts the hold on its day; a pass on the failing day itself (a later
/// visit) lifts it the same day, leaving no hold.
pub fn holds<K: Copy + PartialEq>(
    inspections: impl IntoIterator<Item = (K, Day, bool)>,
) -> Vec<Hold<K>> {
    let mut out = Vec::new();
    let mut open: Option<Hold<K>> = None;
    for (unit, day, passed) in inspections {
        if let Some(h) = open.filter(|h| h.unit != unit) {
            out.push(h);
            open = None;
        }
        match (open, passed) {
            (None, false) => {
                open = Some(Hold {
                    unit,
                    from: day,
                    until: None,
                })
            }
            (Some(h), true) => {
                if day > h.from {
                    out.push(Hold {
                        until: Some(day),
                        ..h
                    });
                }
                open = None;
            }
            _ => {}
        }
    }
    out.extend(open);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).expect("day")
    }

    #[test]
    fn only_what_was_attested_and_not_found_contradicts() {
        let attested = MeasuresInPlace::ALL;
        let found = MeasuresInPlace::ALL.with(Measure::ClosedManagement, false);
        assert_eq!(
            contradicted(Some(attested), found),
            vec![Measure::ClosedManagement]
        );
        let honest = MeasuresInPlace::ALL.with(Measure::ClosedManagement, false);
        assert_eq!(contradicted(Some(honest), found), Vec::<Measure>::new());
        assert_eq!(contradicted(None, found), Vec::<Measure>::new());
    }

    #[test]
    fn an_inspection_passes_only_with_all_six() {
        assert_eq!(
            InspectionOutcome::of(MeasuresInPlace::ALL),
            InspectionOutcome::Passed
        );
        assert_eq!(
            InspectionOutcome::of(MeasuresInPlace::ALL.with(Measure::Publicity, false)),
            InspectionOutcome::Failed
        );
    }

    #[test]
    fn a_failure_holds_until_a_passing_reinspection() {
        let h = holds([
            ("A", day("2020-03-01"), false),
            ("A", day("2020-03-03"), false),
            ("A", day("2020-03-05"), true),
            ("A", day("2020-03-09"), false),
            ("B", day("2020-03-02"), true),
            ("C", day("2020-03-04"), false),
            ("C", day("2020-03-04"), true),
        ]);
        assert_eq!(
            h,
            vec![
                Hold {
                    unit: "A",
                    from: day("2020-03-01"),
                    until: Some(day("2020-03-05"))
                },
                Hold {
                    unit: "A",
                    from: day("2020-03-09"),
                    until: None
                },
            ]
        );
    }

    #[test]
    fn an_open_hold_ends_at_the_next_unit() {
        let h = holds([
            ("A", day("2020-03-01"), false),
            ("B", day("2020-03-02"), false),
        ]);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].until, None);
        assert_eq!(h[1].unit, "B");
    }
}
