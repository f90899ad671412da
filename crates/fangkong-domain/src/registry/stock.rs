//! Stock and flow of confirmed cases (控增量、消存量, SPEC §5): the day's new cases
//! (the increment), the active cases (the stock: confirmed − recovered − died),
//! recoveries and deaths, the cure rate and the case-fatality rate, from the
//! registry's dated steps.

use serde::Serialize;

use super::facility::Bed;
use super::flow::{DatedStep, Exit, Step, confirmed_day};
use crate::Day;

/// The confirmed cases of some people, as of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CaseStock {
    /// Confirmed on the day.
    pub new_confirmed: u32,
    /// Confirmed on or before the day.
    pub confirmed: u32,
    /// Of those, discharged cured on or before the day.
    pub recovered: u32,
    /// Of those, died on or before the day.
    pub died: u32,
    /// Active cases in a bed for severe cases on the day (重症).
    pub severe: u32,
    /// Active cases in a bed for critical cases on the day (危重症).
    pub critical: u32,
}

impl CaseStock {
    /// Adds one person's flow as of `day`.
    pub fn add(&mut self, steps: &[DatedStep], day: Day) {
        let Some(confirmed) = confirmed_day(steps) else {
            return;
        };
        if confirmed > day {
            return;
        }
        self.confirmed += 1;
        self.new_confirmed += u32::from(confirmed == day);
        let left = steps.iter().find_map(|s| match s.step {
            Step::Left { exit } if s.day <= day => Some(exit),
            _ => None,
        });
        match left {
            Some(Exit::Discharged) => self.recovered += 1,
            Some(Exit::Died) => self.died += 1,
            // A confirmed case is not "released": still counted as active.
            Some(Exit::Released) | None => {}
        }
    }

    /// Adds one person's flow as of `day`, with the bed kind each step's move
    /// took (aligned with `steps`): an active case in a severe or critical bed
    /// counts as severe or critical. The severity is the bed's: the registry
    /// records where a patient lies, not a clinical grade.
    pub fn add_with_beds(&mut self, steps: &[DatedStep], beds: &[Option<Bed>], day: Day) {
        let before = *self;
        self.add(steps, day);
        let active = self.active() > before.active();
        if active {
            match bed_on(steps, beds, day) {
                Some(Bed::Severe) => self.severe += 1,
                Some(Bed::Critical) => self.critical += 1,
                Some(Bed::Ordinary) | None => {}
            }
        }
    }

    /// Adds another stock (a unit's children into the unit).
    pub fn merge(&mut self, other: &CaseStock) {
        self.new_confirmed += other.new_confirmed;
        self.confirmed += other.confirmed;
        self.recovered += other.recovered;
        self.died += other.died;
        self.severe += other.severe;
        self.critical += other.critical;
    }

    /// Active cases: confirmed − recovered − died.
    pub fn active(&self) -> u32 {
        self.confirmed - self.recovered - self.died
    }

    /// Recovered over confirmed, or `None` with no confirmed case.
    pub fn cure_rate(&self) -> Option<f64> {
        (self.confirmed > 0).then(|| f64::from(self.recovered) / f64::from(self.confirmed))
    }

    /// Died over confirmed, or `None` with no confirmed case.
    pub fn case_fatality_rate(&self) -> Option<f64> {
        (self.confirmed > 0).then(|| f64::from(self.died) / f64::from(self.confirmed))
    }
}

/// The bed kind a person lies in on `day`: the last move on or before it, if it
/// went into a facility bed and the person has not left since.
pub fn bed_on(steps: &[DatedStep], beds: &[Option<Bed>], day: Day) -> Option<Bed> {
    let mut bed = None;
    for (s, b) in steps
        .iter()
        .zip(beds.iter().chain(std::iter::repeat(&None)))
    {
        if s.day > day {
            break;
        }
        match s.step {
            Step::Moved { .. } => bed = *b,
            Step::Left { .. } => bed = None,
            _ => {}
        }
    }
    bed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Category, Place};

    fn day(k: i32) -> Day {
        Day::parse("2020-02-01")
            .expect("day")
            .plus_days(k)
            .expect("day")
    }

    fn case(confirmed: i32, exit: Option<(i32, Exit)>) -> Vec<DatedStep> {
        let mut steps = vec![
            DatedStep {
                day: day(confirmed),
                step: Step::Identified {
                    category: Category::Confirmed,
                },
            },
            DatedStep {
                day: day(confirmed),
                step: Step::Moved {
                    place: Place::DesignatedHospital,
                },
            },
        ];
        if let Some((k, exit)) = exit {
            steps.push(DatedStep {
                day: day(k),
                step: Step::Left { exit },
            });
        }
        steps
    }

    #[test]
    fn increment_stock_recoveries_deaths_and_rates() {
        let people = [
            case(0, Some((10, Exit::Discharged))),
            case(2, Some((5, Exit::Died))),
            case(5, None),
            case(8, None),
        ];
        let on = |k: i32| {
            let mut s = CaseStock::default();
            for p in &people {
                s.add(p, day(k));
            }
            s
        };
        let d5 = on(5);
        assert_eq!(
            (d5.new_confirmed, d5.confirmed, d5.recovered, d5.died),
            (1, 3, 0, 1)
        );
        assert_eq!(d5.active(), 2);
        assert_eq!(d5.case_fatality_rate(), Some(1.0 / 3.0));
        let d10 = on(10);
        assert_eq!(
            (d10.confirmed, d10.recovered, d10.died, d10.active()),
            (4, 1, 1, 2)
        );
        assert_eq!(d10.cure_rate(), Some(0.25));
        assert_eq!(on(-1).cure_rate(), None, "no case: no rate, not 0");
        // A contact who is never confirmed is not a case.
        let contact = vec![DatedStep {
            day: day(0),
            step: Step::Identified {
                category: Category::CloseContact,
            },
        }];
        let mut s = CaseStock::default();
        s.add(&contact, day(3));
        assert_eq!(s, CaseStock::default());
    }

    #[test]
    fn severe_and_critical_are_active_cases_in_such_beds() {
        let steps = case(0, Some((9, Exit::Discharged)));
        let mut moved = steps.clone();
        moved.insert(
            2,
            DatedStep {
                day: day(4),
                step: Step::Moved {
                    place: Place::DesignatedHospital,
                },
            },
        );
        // Ordinary bed on day 0, critical from day 4, discharged on day 9.
        let beds = [None, Some(Bed::Ordinary), Some(Bed::Critical), None];
        let on = |k: i32| {
            let mut s = CaseStock::default();
            s.add_with_beds(&moved, &beds, day(k));
            (s.severe, s.critical)
        };
        assert_eq!(on(2), (0, 0));
        assert_eq!(on(4), (0, 1));
        assert_eq!(on(8), (0, 1));
        assert_eq!(on(9), (0, 0), "discharged: no longer a critical case");
        // A severe bed, and a death: the dead are not severe.
        let died = case(0, Some((3, Exit::Died)));
        let mut s = CaseStock::default();
        s.add_with_beds(&died, &[None, Some(Bed::Severe), None], day(2));
        assert_eq!((s.severe, s.critical), (1, 0));
        let mut s = CaseStock::default();
        s.add_with_beds(&died, &[None, Some(Bed::Severe), None], day(3));
        assert_eq!((s.severe, s.critical, s.died), (0, 0, 1));
    }
}
