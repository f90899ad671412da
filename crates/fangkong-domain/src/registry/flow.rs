//! A person's flow through the registry (SPEC §5): identified → tested → isolated
//! or admitted → treated → discharged, released or died, as dated steps, with the
//! category able to change on the way (a close contact becomes suspected becomes
//! confirmed) and the history kept.

use serde::Serialize;

use crate::Day;

/// The four categories (四類人員).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A confirmed case (確診).
    Confirmed,
    /// A suspected case (疑似).
    Suspected,
    /// A fever patient not yet ruled out (發熱病人).
    Fever,
    /// A close contact (密切接觸者).
    CloseContact,
}

impl Category {
    /// Every category, in the order above.
    pub const ALL: [Category; 4] = [
        Category::Confirmed,
        Category::Suspected,
        Category::Fever,
        Category::CloseContact,
    ];

    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::Confirmed => "confirmed",
            Category::Suspected => "suspected",
            Category::Fever => "fever",
            Category::CloseContact => "close_contact",
        }
    }

    /// Parses [`Category::name`].
    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == text.trim())
    }
}

/// Where a person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// At home, not isolated.
    Home,
    /// Isolated at home (counts as isolated only where the policy allows it).
    HomeIsolation,
    /// A centralised isolation site (集中隔離點).
    IsolationSite,
    /// A shelter hospital (方艙醫院).
    ShelterHospital,
    /// A designated hospital (定點醫院).
    DesignatedHospital,
}

impl Place {
    /// Every place, from home to hospital.
    pub const ALL: [Place; 5] = [
        Place::Home,
        Place::HomeIsolation,
        Place::IsolationSite,
        Place::ShelterHospital,
        Place::DesignatedHospital,
    ];

    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Place::Home => "home",
            Place::HomeIsolation => "home_isolation",
            Place::IsolationSite => "isolation_site",
            Place::ShelterHospital => "shelter_hospital",
            Place::DesignatedHospital => "designated_hospital",
        }
    }

    /// Parses [`Place::name`].
    pub fn parse(text: &str) -> Option<Place> {
        Place::ALL.into_iter().find(|p| p.name() == text.trim())
    }

    /// Whether it is a hospital (designated or shelter).
    pub fn is_hospital(self) -> bool {
        matches!(self, Place::ShelterHospital | Place::DesignatedHospital)
    }
}

/// How a person leaves the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exit {
    /// Discharged from hospital, cured.
    Discharged,
    /// Released from isolation or follow-up (ruled out, or the period ended).
    Released,
    /// Died.
    Died,
}

impl Exit {
    /// Every way out.
    pub const ALL: [Exit; 3] = [Exit::Discharged, Exit::Released, Exit::Died];

    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Exit::Discharged => "discharged",
            Exit::Released => "released",
            Exit::Died => "died",
        }
    }

    /// Parses [`Exit::name`].
    pub fn parse(text: &str) -> Option<Exit> {
        Exit::ALL.into_iter().find(|e| e.name() == text.trim())
    }
}

impl Step {
    /// The step's name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Step::Identified { .. } => "identified",
            Step::Recategorised { .. } => "recategorised",
            Step::Sampled => "sampled",
            Step::Moved { .. } => "moved",
            Step::TreatmentStarted => "treatment_started",
            Step::Left { .. } => "left",
        }
    }

    /// Builds a step from its name and the field it needs (category for
    /// `identified` and `recategorised`, place for `moved`, exit for `left`);
    /// the error names what is wrong.
    pub fn from_parts(
        step: &str,
        category: &str,
        place: &str,
        exit: &str,
    ) -> Result<Step, (&'static str, String)> {
        let category = || {
            Category::parse(category).ok_or((
                "category",
                format!(
                    "'{category}' is not a category (confirmed, suspected, fever, close_contact)"
                ),
            ))
        };
        match step.trim() {
            "identified" => Ok(Step::Identified { category: category()? }),
            "recategorised" => Ok(Step::Recategorised { category: category()? }),
            "sampled" => Ok(Step::Sampled),
            "moved" => Place::parse(place).map(|place| Step::Moved { place }).ok_or((
                "place",
                format!("'{place}' is not a place (home, home_isolation, isolation_site, shelter_hospital, designated_hospital)"),
            )),
            "treatment_started" => Ok(Step::TreatmentStarted),
            "left" => Exit::parse(exit).map(|exit| Step::Left { exit }).ok_or((
                "exit",
                format!("'{exit}' is not a way out (discharged, released, died)"),
            )),
            other => Err((
                "step",
                format!("'{other}' is not a step (identified, recategorised, sampled, moved, treatment_started, left)"),
            )),
        }
    }

    /// The category, place or exit the step carries, by column.
    pub fn parts(self) -> (Option<Category>, Option<Place>, Option<Exit>) {
        match self {
            Step::Identified { category } | Step::Recategorised { category } => {
                (Some(category), None, None)
            }
            Step::Moved { place } => (None, Some(place), None),
            Step::Left { exit } => (None, None, Some(exit)),
            Step::Sampled | Step::TreatmentStarted => (None, None, None),
        }
    }
}

/// One dated step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Entered the registry in a category.
    Identified {
        /// The category.
        category: Category,
    },
    /// Moved to another category (the earlier one stays in the history).
    Recategorised {
        /// The new category.
        category: Category,
    },
    /// A nucleic-acid test was sampled.
    Sampled,
    /// Isolated or admitted somewhere (or sent home).
    Moved {
        /// Where to.
        place: Place,
    },
    /// Treatment started (in a hospital).
    TreatmentStarted,
    /// Left the registry.
    Left {
        /// How.
        exit: Exit,
    },
}

/// A step on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DatedStep {
    /// The day it happened (Asia/Shanghai).
    pub day: Day,
    /// What happened.
    pub step: Step,
}

/// Why a sequence of steps is not a possible flow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// Occurs when the first step is not the identification, or it comes twice.
    #[error("step {index}: a person is identified once, as the first step")]
    Identification {
        /// The 0-based index of the step.
        index: usize,
    },
    /// Occurs when a step is dated before the one it follows.
    #[error("step {index}: {day} is before the previous step ({previous})")]
    OutOfOrder {
        /// The step.
        index: usize,
        /// Its day.
        day: Day,
        /// The previous step's day.
        previous: Day,
    },
    /// Occurs when a step follows the person's exit.
    #[error("step {index}: the person left the registry on {left}")]
    AfterExit {
        /// The step.
        index: usize,
        /// When they left.
        left: Day,
    },
    /// Occurs when treatment starts outside a hospital.
    #[error("step {index}: treatment starts in a designated or shelter hospital, not {place:?}")]
    TreatmentOutsideHospital {
        /// The step.
        index: usize,
        /// Where the person was.
        place: Place,
    },
    /// Occurs when a person who is not in hospital is discharged.
    #[error("step {index}: only a person in hospital is discharged")]
    DischargeOutsideHospital {
        /// The step.
        index: usize,
    },
    /// Occurs when the category does not change.
    #[error("step {index}: the person is already {category:?}")]
    SameCategory {
        /// The step.
        index: usize,
        /// The category.
        category: Category,
    },
}

/// A person's situation on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Situation {
    /// The category on the day.
    pub category: Category,
    /// The day of identification.
    pub identified: Day,
    /// Whether a test has been sampled.
    pub sampled: bool,
    /// Where the person is.
    pub place: Place,
    /// Whether treatment has started (and the person is still in hospital).
    pub treated: bool,
    /// How and when the person left, if they did by the day.
    pub left: Option<(Exit, Day)>,
}

impl Situation {
    /// Whether the person still counts on the day (not discharged, released or dead).
    pub fn is_open(&self) -> bool {
        self.left.is_none()
    }
}

/// The day the person became a confirmed case (identified as one, or moved to
/// it), if they did.
pub fn confirmed_day(steps: &[DatedStep]) -> Option<Day> {
    steps.iter().find_map(|s| match s.step {
        Step::Identified {
            category: Category::Confirmed,
        }
        | Step::Recategorised {
            category: Category::Confirmed,
        } => Some(s.day),
        _ => None,
    })
}

/// One person's flow from two records of them: the kept record's steps and the
/// other's (without its identification, which the kept record already has), in
/// date order, the kept record's first on the same day. Returns the other
/// record's steps as they join, or why the merged flow is impossible.
pub fn merge(keep: &[DatedStep], other: &[DatedStep]) -> Result<Vec<DatedStep>, FlowError> {
    let joining: Vec<DatedStep> = other
        .iter()
        .filter(|s| !matches!(s.step, Step::Identified { .. }))
        .copied()
        .collect();
    let mut merged: Vec<(Day, u8, usize, DatedStep)> = keep
        .iter()
        .enumerate()
        .map(|(i, s)| (s.day, 0, i, *s))
        .chain(joining.iter().enumerate().map(|(i, s)| (s.day, 1, i, *s)))
        .collect();
    merged.sort_by_key(|(d, side, i, _)| (*d, *side, *i));
    let flow: Vec<DatedStep> = merged.into_iter().map(|(_, _, _, s)| s).collect();
    check(&flow)?;
    Ok(joining)
}

/// Checks a flow: every step, in order.
pub fn check(steps: &[DatedStep]) -> Result<(), FlowError> {
    replay(steps.iter()).map(|_| ())
}

/// The situation on `day`, `None` before identification; the whole flow must be
/// valid (a later mistake is still a mistake).
pub fn situation_on(steps: &[DatedStep], day: Day) -> Result<Option<Situation>, FlowError> {
    check(steps)?;
    replay(steps.iter().take_while(|s| s.day <= day))
}

/// The situation on `day` of a flow already checked (the figures check each
/// flow once when it is put, then read it at every day it changes).
pub(crate) fn situation_of_checked(steps: &[DatedStep], day: Day) -> Option<Situation> {
    replay(steps.iter().take_while(|s| s.day <= day))
        .ok()
        .flatten()
}

/// The situation after `steps`, or the first rule they break.
fn replay<'a>(steps: impl Iterator<Item = &'a DatedStep>) -> Result<Option<Situation>, FlowError> {
    let mut state: Option<Situation> = None;
    let mut previous: Option<Day> = None;
    for (index, s) in steps.enumerate() {
        if let Some(p) = previous
            && s.day < p
        {
            return Err(FlowError::OutOfOrder {
                index,
                day: s.day,
                previous: p,
            });
        }
        previous = Some(s.day);
        state = Some(match state {
            None => match s.step {
                Step::Identified { category } => Situation {
                    category,
                    identified: s.day,
                    sampled: false,
                    place: Place::Home,
                    treated: false,
                    left: None,
                },
                _ => return Err(FlowError::Identification { index }),
            },
            Some(st) => apply(st, s, index)?,
        });
    }
    Ok(state)
}

/// One step after the first.
fn apply(st: Situation, s: &DatedStep, index: usize) -> Result<Situation, FlowError> {
    if let Some((_, left)) = st.left {
        return Err(FlowError::AfterExit { index, left });
    }
    let mut next = st;
    match s.step {
        Step::Identified { .. } => return Err(FlowError::Identification { index }),
        Step::Recategorised { category } => {
            if category == st.category {
                return Err(FlowError::SameCategory { index, category });
            }
            next.category = category;
        }
        Step::Sampled => next.sampled = true,
        Step::Moved { place } => {
            next.place = place;
            // Leaving hospital ends the treatment there.
            next.treated &= place.is_hospital();
        }
        Step::TreatmentStarted => {
            if !st.place.is_hospital() {
                return Err(FlowError::TreatmentOutsideHospital {
                    index,
                    place: st.place,
                });
            }
            next.treated = true;
        }
        Step::Left { exit } => {
            if exit == Exit::Discharged && !st.place.is_hospital() {
                return Err(FlowError::DischargeOutsideHospital { index });
            }
            next.left = Some((exit, s.day));
            next.treated = false;
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(k: i32) -> Day {
        Day::parse("2020-02-01")
            .expect("day")
            .plus_days(k)
            .expect("day")
    }

    fn at(k: i32, step: Step) -> DatedStep {
        DatedStep { day: day(k), step }
    }

    /// A close contact who becomes suspected, then confirmed, is admitted,
    /// treated and discharged.
    fn contact_to_confirmed() -> Vec<DatedStep> {
        vec![
            at(
                0,
                Step::Identified {
                    category: Category::CloseContact,
                },
            ),
            at(
                0,
                Step::Moved {
                    place: Place::IsolationSite,
                },
            ),
            at(1, Step::Sampled),
            at(
                3,
                Step::Recategorised {
                    category: Category::Suspected,
                },
            ),
            at(
                4,
                Step::Recategorised {
                    category: Category::Confirmed,
                },
            ),
            at(
                4,
                Step::Moved {
                    place: Place::DesignatedHospital,
                },
            ),
            at(5, Step::TreatmentStarted),
            at(
                20,
                Step::Left {
                    exit: Exit::Discharged,
                },
            ),
        ]
    }

    #[test]
    fn the_situation_follows_the_steps_day_by_day() {
        let steps = contact_to_confirmed();
        assert_eq!(check(&steps), Ok(()));
        assert_eq!(
            situation_on(&steps, day(-1)),
            Ok(None),
            "before identification"
        );
        let d2 = situation_on(&steps, day(2))
            .expect("valid")
            .expect("in registry");
        assert_eq!(d2.category, Category::CloseContact);
        assert_eq!(d2.place, Place::IsolationSite);
        assert!(d2.sampled && !d2.treated && d2.is_open());
        let d10 = situation_on(&steps, day(10)).expect("valid").expect("in");
        assert_eq!(d10.category, Category::Confirmed, "the category moved on");
        assert!(d10.treated && d10.place.is_hospital());
        assert_eq!(d10.identified, day(0), "identified when first seen");
        assert_eq!(confirmed_day(&steps), Some(day(4)));
        assert_eq!(confirmed_day(&steps[..3]), None);
        let d30 = situation_on(&steps, day(30)).expect("valid").expect("in");
        assert_eq!(d30.left, Some((Exit::Discharged, day(20))));
        assert!(!d30.is_open());
    }

    #[test]
    fn impossible_flows_are_refused_naming_the_step() {
        let mut late = contact_to_confirmed();
        late.push(at(25, Step::Sampled));
        assert_eq!(
            check(&late),
            Err(FlowError::AfterExit {
                index: 8,
                left: day(20)
            })
        );
        let mut backwards = contact_to_confirmed();
        backwards[2].day = day(-1);
        assert!(matches!(
            check(&backwards),
            Err(FlowError::OutOfOrder { index: 2, .. })
        ));
        let treated_at_home = vec![
            at(
                0,
                Step::Identified {
                    category: Category::Confirmed,
                },
            ),
            at(1, Step::TreatmentStarted),
        ];
        assert!(matches!(
            check(&treated_at_home),
            Err(FlowError::TreatmentOutsideHospital { index: 1, .. })
        ));
        let discharged_from_home = vec![
            at(
                0,
                Step::Identified {
                    category: Category::Fever,
                },
            ),
            at(
                1,
                Step::Left {
                    exit: Exit::Discharged,
                },
            ),
        ];
        assert_eq!(
            check(&discharged_from_home),
            Err(FlowError::DischargeOutsideHospital { index: 1 })
        );
        assert_eq!(
            check(&[at(0, Step::Sampled)]),
            Err(FlowError::Identification { index: 0 })
        );
        let twice = vec![
            at(
                0,
                Step::Identified {
                    category: Category::Fever,
                },
            ),
            at(
                1,
                Step::Identified {
                    category: Category::Fever,
                },
            ),
        ];
        assert_eq!(check(&twice), Err(FlowError::Identification { index: 1 }));
        let same = vec![
            at(
                0,
                Step::Identified {
                    category: Category::Fever,
                },
            ),
            at(
                1,
                Step::Recategorised {
                    category: Category::Fever,
                },
            ),
        ];
        assert!(matches!(check(&same), Err(FlowError::SameCategory { .. })));
        // A later mistake makes every day's situation an error, not a half answer.
        assert!(situation_on(&late, day(2)).is_err());
    }

    #[test]
    fn two_records_of_one_person_merge_into_one_flow_or_say_why_not() {
        let keep = vec![
            at(
                0,
                Step::Identified {
                    category: Category::CloseContact,
                },
            ),
            at(2, Step::Sampled),
        ];
        let other = vec![
            at(
                1,
                Step::Identified {
                    category: Category::CloseContact,
                },
            ),
            at(
                1,
                Step::Moved {
                    place: Place::IsolationSite,
                },
            ),
            at(
                3,
                Step::Recategorised {
                    category: Category::Suspected,
                },
            ),
        ];
        let joining = merge(&keep, &other).expect("one flow");
        assert_eq!(joining.len(), 2, "the second identification is dropped");
        let left = vec![
            at(
                0,
                Step::Identified {
                    category: Category::Fever,
                },
            ),
            at(
                1,
                Step::Left {
                    exit: Exit::Released,
                },
            ),
        ];
        let later = vec![
            at(
                0,
                Step::Identified {
                    category: Category::Fever,
                },
            ),
            at(2, Step::Sampled),
        ];
        assert!(matches!(
            merge(&left, &later),
            Err(FlowError::AfterExit { .. })
        ));
    }

    #[test]
    fn leaving_hospital_ends_treatment() {
        let steps = vec![
            at(
                0,
                Step::Identified {
                    category: Category::Confirmed,
                },
            ),
            at(
                0,
                Step::Moved {
                    place: Place::ShelterHospital,
                },
            ),
            at(1, Step::TreatmentStarted),
            at(
                5,
                Step::Moved {
                    place: Place::IsolationSite,
                },
            ),
        ];
        let s = situation_on(&steps, day(6)).expect("valid").expect("in");
        assert!(!s.treated);
        assert_eq!(
            Category::parse("close_contact"),
            Some(Category::CloseContact)
        );
        assert_eq!(Category::parse("contact"), None);
        for step in [
            Step::Identified {
                category: Category::Fever,
            },
            Step::Recategorised {
                category: Category::Confirmed,
            },
            Step::Sampled,
            Step::Moved {
                place: Place::ShelterHospital,
            },
            Step::TreatmentStarted,
            Step::Left {
                exit: Exit::Released,
            },
        ] {
            let (c, p, e) = step.parts();
            let back = Step::from_parts(
                step.name(),
                c.map_or("", Category::name),
                p.map_or("", Place::name),
                e.map_or("", Exit::name),
            );
            assert_eq!(back, Ok(step));
        }
        assert_eq!(
            Step::from_parts("moved", "", "hotel", "").map_err(|e| e.0),
            Err("place")
        );
        assert_eq!(
            Step::from_parts("jumped", "", "", "").map_err(|e| e.0),
            Err("step")
        );
    }
}
