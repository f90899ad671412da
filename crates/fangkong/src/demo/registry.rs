//! The demo's synthetic four-categories registry, for Jiang'an district (江岸区)
//! only, consistent with the demo's reports: every new confirmed case, close
//! contact and fever patient a Jiang'an compound reports becomes a person with a
//! plausible flow (admission, treatment, discharge or death; isolation, tests,
//! release), close contacts are followed up with daily check-ins, and the district
//! has synthetic facilities with real limits. Names, IDs and phones are invented
//! (`（合成）` facilities, names from common characters, IDs with a valid check
//! character); nothing here is real.

use fangkong_domain::registry::facility::Bed;
use fangkong_domain::registry::followup::{CheckInState, Schedule};
use fangkong_domain::registry::resident_id::check_character;
use fangkong_domain::registry::{Category, DatedStep, Exit, Place, ResidentId, Step};
use fangkong_domain::{Day, UnitCode, UnitTree};
use fangkong_store::{NewPerson, NewStep, Store, StoredFacility, StoredUnits};

use super::rng::SplitMix64;
use super::season::Season;

/// The district the demo registry covers.
pub const DISTRICT: &str = "420102000000";

pub(crate) const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
pub(crate) const GIVEN: [&str; 20] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平",
];

/// What the demo registry holds.
pub struct Built {
    /// People.
    pub people: usize,
    /// Steps.
    pub steps: usize,
    /// Check-ins.
    pub check_ins: usize,
}

/// The registry being built.
#[derive(Default)]
struct Registry {
    people: Vec<NewPerson>,
    steps: Vec<NewStep>,
    followups: Vec<(String, Schedule)>,
    check_ins: Vec<(String, Day, CheckInState)>,
    n: u32,
    /// IDs given out: an invented one that repeats is left out (IDs are unique).
    ids: std::collections::HashSet<String>,
}

impl Registry {
    /// A new person of `category`, identified on `day` in the unit `unit_id`;
    /// returns the reference.
    fn person(
        &mut self,
        unit_id: i64,
        day: Day,
        category: Category,
        rng: &mut SplitMix64,
    ) -> String {
        self.n += 1;
        let reference = format!("JA{:06}", self.n);
        let name = format!(
            "{}{}{}",
            SURNAMES[rng.between(0, 19) as usize],
            GIVEN[rng.between(0, 19) as usize],
            if rng.chance(0.6) {
                GIVEN[rng.between(0, 19) as usize]
            } else {
                ""
            }
        );
        let birth = Day::from_ymd(
            rng.between(1935, 2015) as i16,
            rng.between(1, 12) as i8,
            rng.between(1, 28) as i8,
        )
        .ok();
        // An invented ID with a valid check character: the demo exercises the
        // same checks as real data.
        let resident_id = birth
            .and_then(|b| {
                let first = format!(
                    "420102{}{:03}",
                    b.to_string().replace('-', ""),
                    rng.between(0, 999)
                );
                let mut d = [0u8; 17];
                d.copy_from_slice(first.as_bytes());
                ResidentId::parse(&format!("{first}{}", check_character(&d))).ok()
            })
            .filter(|id| self.ids.insert(id.as_str().to_string()));
        self.people.push(NewPerson {
            reference: reference.clone(),
            resident_id,
            name,
            phone: Some(format!("139{:08}", rng.between(0, 99_999_999))),
            birth_date: birth,
            address: None,
            unit_id,
        });
        self.steps.push((
            reference.clone(),
            DatedStep {
                day,
                step: Step::Identified { category },
            },
            None,
        ));
        reference
    }
}

/// Builds the registry from the season's Jiang'an reports up to `end`.
pub async fn build(
    store: &Store,
    units: &StoredUnits,
    tree: &UnitTree,
    season: &Season,
    seed: u64,
    end: Day,
) -> anyhow::Result<Built> {
    let Some(district) = tree.index_of(&UnitCode::parse(DISTRICT)?) else {
        return Ok(Built {
            people: 0,
            steps: 0,
            check_ins: 0,
        });
    };
    let mut rng = SplitMix64::stream(seed, 606);
    let mut reg = Registry::default();
    let facilities = [
        (
            "JA-H1",
            "江岸区第一定点医院（合成）",
            Place::DesignatedHospital,
            [1_600, 400, 60],
        ),
        (
            "JA-H2",
            "江岸区第二定点医院（合成）",
            Place::DesignatedHospital,
            [1_600, 400, 40],
        ),
        (
            "JA-F1",
            "江岸区方舱医院（合成）",
            Place::ShelterHospital,
            [3_000, 0, 0],
        ),
        (
            "JA-I1",
            "江岸区集中隔离点（合成）",
            Place::IsolationSite,
            [18_000, 0, 0],
        ),
    ];
    let mut day = season.start();
    while day <= end {
        for report in season.reports_on(day) {
            let Some(i) = tree.index_of(&report.unit) else {
                continue;
            };
            if !tree.is_within(i, district) {
                continue;
            }
            let Some(&unit_id) = units.ids.get(&report.unit) else {
                continue;
            };
            let at = |k: i32| day.plus_days(k).filter(|d| *d <= end);
            for _ in 0..report.new_confirmed.get() {
                // A third were suspected cases first, isolated and tested two
                // days before they were confirmed (the day the report counts).
                let before = day.plus_days(-2).filter(|d| *d >= season.start());
                let r = match before.filter(|_| rng.chance(0.3)) {
                    Some(b) => {
                        let r = reg.person(unit_id, b, Category::Suspected, &mut rng);
                        for (on, step, facility) in [
                            (
                                b,
                                Step::Moved {
                                    place: Place::IsolationSite,
                                },
                                Some(("JA-I1".to_string(), Bed::Ordinary)),
                            ),
                            (b, Step::Sampled, None),
                            (
                                day,
                                Step::Recategorised {
                                    category: Category::Confirmed,
                                },
                                None,
                            ),
                        ] {
                            reg.steps
                                .push((r.clone(), DatedStep { day: on, step }, facility));
                        }
                        r
                    }
                    None => reg.person(unit_id, day, Category::Confirmed, &mut rng),
                };
                let (facility, place) = if rng.chance(0.35) {
                    ("JA-F1", Place::ShelterHospital)
                } else if rng.chance(0.5) {
                    ("JA-H1", Place::DesignatedHospital)
                } else {
                    ("JA-H2", Place::DesignatedHospital)
                };
                // Most are admitted within two days; a few wait longer (the
                // admitted ratio shows them).
                let wait = if rng.chance(0.9) {
                    rng.between(0, 2)
                } else {
                    rng.between(3, 6)
                } as i32;
                let Some(admitted) = at(wait) else { continue };
                let bed = if place == Place::DesignatedHospital && rng.chance(0.15) {
                    Bed::Severe
                } else {
                    Bed::Ordinary
                };
                reg.steps.push((
                    r.clone(),
                    DatedStep {
                        day: admitted,
                        step: Step::Moved { place },
                    },
                    Some((facility.to_string(), bed)),
                ));
                reg.steps.push((
                    r.clone(),
                    DatedStep {
                        day: admitted,
                        step: Step::TreatmentStarted,
                    },
                    None,
                ));
                let exit = if rng.chance(0.04) {
                    Exit::Died
                } else {
                    Exit::Discharged
                };
                if let Some(out) = at(wait + rng.between(12, 28) as i32) {
                    reg.steps.push((
                        r,
                        DatedStep {
                            day: out,
                            step: Step::Left { exit },
                        },
                        None,
                    ));
                }
            }
            for _ in 0..report.new_close_contacts.get() {
                let r = reg.person(unit_id, day, Category::CloseContact, &mut rng);
                if rng.chance(0.85) {
                    reg.steps.push((
                        r.clone(),
                        DatedStep {
                            day,
                            step: Step::Moved {
                                place: Place::IsolationSite,
                            },
                        },
                        Some(("JA-I1".to_string(), Bed::Ordinary)),
                    ));
                } else {
                    reg.steps.push((
                        r.clone(),
                        DatedStep {
                            day,
                            step: Step::Moved {
                                place: Place::HomeIsolation,
                            },
                        },
                        None,
                    ));
                }
                if let Some(s) = at(1).filter(|_| rng.chance(0.9)) {
                    reg.steps.push((
                        r.clone(),
                        DatedStep {
                            day: s,
                            step: Step::Sampled,
                        },
                        None,
                    ));
                }
                let Some(schedule) = Schedule::from_exposure(day, Default::default()) else {
                    continue;
                };
                let mut k = 1;
                while let Some(d) = at(k).filter(|d| *d < schedule.release) {
                    let state = if rng.chance(0.93) {
                        CheckInState::SeenWell
                    } else if rng.chance(0.5) {
                        CheckInState::Missed
                    } else {
                        CheckInState::NotAttempted
                    };
                    reg.check_ins.push((r.clone(), d, state));
                    k += 1;
                }
                if schedule.release <= end {
                    reg.steps.push((
                        r.clone(),
                        DatedStep {
                            day: schedule.release,
                            step: Step::Left {
                                exit: Exit::Released,
                            },
                        },
                        None,
                    ));
                }
                reg.followups.push((r, schedule));
            }
            for _ in 0..report.new_fever.get() {
                let r = reg.person(unit_id, day, Category::Fever, &mut rng);
                if rng.chance(0.8) {
                    reg.steps.push((
                        r.clone(),
                        DatedStep {
                            day,
                            step: Step::Sampled,
                        },
                        None,
                    ));
                    if let Some(out) = at(2) {
                        reg.steps.push((
                            r,
                            DatedStep {
                                day: out,
                                step: Step::Left {
                                    exit: Exit::Released,
                                },
                            },
                            None,
                        ));
                    }
                }
            }
        }
        day = match day.next() {
            Some(d) => d,
            None => break,
        };
    }
    let district_code = UnitCode::parse(DISTRICT)?;
    if let Some(&unit_id) = units.ids.get(&district_code) {
        let rows: Vec<(StoredFacility, i64)> = facilities
            .iter()
            .map(|(code, name, kind, beds)| {
                (
                    StoredFacility {
                        code: code.to_string(),
                        name: name.to_string(),
                        kind: *kind,
                        unit: district_code.clone(),
                        beds: *beds,
                    },
                    unit_id,
                )
            })
            .collect();
        store
            .put_facilities(&rows, crate::clock::now_in(store).await?, "demo")
            .await?;
    }
    let Registry {
        people,
        steps,
        followups,
        check_ins,
        ..
    } = reg;
    let ids = store
        .registry_add(
            &people,
            &steps,
            &followups,
            crate::clock::now_in(store).await?,
            "demo",
        )
        .await?;
    let keys: std::collections::HashMap<&str, i64> = people
        .iter()
        .map(|p| p.reference.as_str())
        .zip(ids.iter().copied())
        .collect();
    let rows: Vec<(i64, Day, CheckInState)> = check_ins
        .iter()
        .filter_map(|(r, d, s)| keys.get(r.as_str()).map(|k| (*k, *d, *s)))
        .collect();
    store
        .add_check_ins(&rows, crate::clock::now_in(store).await?, "demo")
        .await?;
    Ok(Built {
        people: people.len(),
        steps: steps.len(),
        check_ins: rows.len(),
    })
}
