//! The running figures against a naive count of every person on the day, on
//! hand cases and on random registries changed at random.

use proptest::prelude::*;

use super::*;
use crate::registry::compliance::four_ratios;
use crate::registry::flow::situation_on;
use crate::registry::{Exit, Place, Step};
use crate::unit::tree::tests::small_city;

fn day(k: i32) -> Day {
    Day::parse("2020-02-01")
        .expect("day")
        .plus_days(k)
        .expect("day")
}

fn tree() -> UnitTree {
    UnitTree::build(small_city()).expect("valid")
}

fn at(tree: &UnitTree, code: &str) -> UnitIndex {
    tree.index_of(&crate::UnitCode::parse(code).expect("code"))
        .expect("unit")
}

fn flow(home: UnitIndex, steps: &[(i32, Step, Option<Bed>)]) -> PersonFlow {
    PersonFlow {
        home,
        steps: steps
            .iter()
            .map(|&(k, step, _)| DatedStep { day: day(k), step })
            .collect(),
        beds: steps.iter().map(|s| s.2).collect(),
    }
}

/// Every unit's figures counted person by person, the slow and obvious way.
fn naive(
    tree: &UnitTree,
    people: &HashMap<i64, PersonFlow>,
    on: Day,
    policy: IsolationPolicy,
) -> Vec<UnitFigures> {
    (0..tree.len() as UnitIndex)
        .map(|u| {
            let under: Vec<&PersonFlow> = people
                .values()
                .filter(|p| tree.is_within(p.home, u))
                .collect();
            let open: Vec<_> = under
                .iter()
                .filter_map(|p| situation_on(&p.steps, on).ok().flatten())
                .filter(|s| s.is_open())
                .collect();
            let mut cases = CaseStock::default();
            for p in &under {
                cases.add_with_beds(&p.steps, &p.beds, on);
            }
            UnitFigures {
                people: open.len() as u32,
                ratios: four_ratios(&open, policy),
                cases,
            }
        })
        .collect()
}

#[test]
fn a_contact_who_becomes_a_case_moves_between_the_ratios() {
    let t = tree();
    let k1 = at(&t, "K1");
    let city = at(&t, "C");
    let mut f = RegistryFigures::new(&t, IsolationPolicy::default());
    f.put(
        7,
        flow(
            k1,
            &[
                (
                    0,
                    Step::Identified {
                        category: Category::CloseContact,
                    },
                    None,
                ),
                (
                    1,
                    Step::Moved {
                        place: Place::IsolationSite,
                    },
                    None,
                ),
                (
                    3,
                    Step::Recategorised {
                        category: Category::Confirmed,
                    },
                    None,
                ),
                (
                    4,
                    Step::Moved {
                        place: Place::DesignatedHospital,
                    },
                    Some(Bed::Severe),
                ),
                (
                    9,
                    Step::Left {
                        exit: Exit::Discharged,
                    },
                    None,
                ),
            ],
        ),
    )
    .expect("a possible flow");
    let city_on = |k: i32| f.on(day(k))[city as usize];
    assert_eq!(city_on(-1), UnitFigures::default(), "before: nobody");
    let d0 = city_on(0);
    assert_eq!(
        (d0.people, d0.ratios.isolated),
        (1, Ratio { covered: 0, of: 1 })
    );
    assert_eq!(city_on(1).ratios.isolated, Ratio { covered: 1, of: 1 });
    let d3 = city_on(3);
    assert_eq!(d3.ratios.isolated.of, 0, "a case is not a contact");
    assert_eq!(d3.ratios.admitted, Ratio { covered: 0, of: 1 });
    assert_eq!((d3.cases.new_confirmed, d3.cases.confirmed), (1, 1));
    let d4 = city_on(4);
    assert_eq!(d4.ratios.admitted, Ratio { covered: 1, of: 1 });
    assert_eq!((d4.cases.new_confirmed, d4.cases.severe), (0, 1));
    let d9 = city_on(9);
    assert_eq!((d9.people, d9.cases.recovered, d9.cases.severe), (0, 1, 0));
    assert_eq!(city_on(400), d9, "after the last step nothing changes");
    // The uncovered on day 3: not admitted yet.
    let gaps = f.uncovered(day(3), |_| true);
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].missing, ["admitted", "treated"]);
    assert!(f.uncovered(day(4), |u| u == at(&t, "V")).is_empty());
    f.remove(7);
    assert_eq!(
        f.on(day(4))[city as usize],
        UnitFigures::default(),
        "taken out exactly"
    );
}

#[test]
fn an_impossible_flow_is_refused_and_changes_nothing() {
    let t = tree();
    let mut f = RegistryFigures::new(&t, IsolationPolicy::default());
    let bad = flow(at(&t, "K1"), &[(0, Step::Sampled, None)]);
    assert!(f.put(1, bad.clone()).is_err());
    assert!(f.is_empty());
    assert!(RegistryFigures::build(&t, IsolationPolicy::default(), [(1, bad)]).is_err());
}

/// A random possible flow: each step is one the rules allow after the ones before.
fn any_flow(homes: Vec<UnitIndex>) -> impl Strategy<Value = PersonFlow> {
    let step = (0u8..6, 0u8..5, 0i32..4, proptest::option::of(0u8..3));
    (
        proptest::sample::select(homes),
        0u8..4,
        0i32..30,
        proptest::collection::vec(step, 0..7),
    )
        .prop_map(|(home, first, start, raw)| {
            let categories = [
                Category::Confirmed,
                Category::Suspected,
                Category::Fever,
                Category::CloseContact,
            ];
            let places = [
                Place::Home,
                Place::HomeIsolation,
                Place::IsolationSite,
                Place::ShelterHospital,
                Place::DesignatedHospital,
            ];
            let mut category = categories[first as usize];
            let mut place = Place::Home;
            let mut d = start;
            let mut steps = vec![(d, Step::Identified { category }, None)];
            for (kind, pick, gap, bed) in raw {
                d += gap;
                let bed = bed.map(|b| Bed::ALL[b as usize]);
                let s = match kind {
                    0 => {
                        let next = categories[pick as usize % 4];
                        if next == category {
                            continue;
                        }
                        category = next;
                        (d, Step::Recategorised { category }, None)
                    }
                    1 => (d, Step::Sampled, None),
                    2 => {
                        place = places[pick as usize];
                        (
                            d,
                            Step::Moved { place },
                            bed.filter(|_| place.is_hospital()),
                        )
                    }
                    3 if place.is_hospital() => (d, Step::TreatmentStarted, None),
                    4 => {
                        let exit = if place.is_hospital() && pick % 2 == 0 {
                            Exit::Discharged
                        } else if pick % 3 == 0 {
                            Exit::Died
                        } else {
                            Exit::Released
                        };
                        steps.push((d, Step::Left { exit }, None));
                        break;
                    }
                    _ => continue,
                };
                steps.push(s);
            }
            flow(home, &steps)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Built at once, or put, replaced and removed one by one: the figures of
    /// every unit on every day equal a naive count of the people.
    #[test]
    fn running_figures_equal_a_naive_count(
        first in proptest::collection::vec(any_flow(vec![3, 4, 5, 6, 2]), 0..12),
        later in proptest::collection::vec((0i64..16, proptest::option::of(any_flow(vec![3, 4, 5, 6, 2]))), 0..10),
        home_counts in any::<bool>(),
    ) {
        let t = tree();
        let policy = IsolationPolicy { home_counts };
        let mut people: HashMap<i64, PersonFlow> = first.into_iter().enumerate().map(|(i, f)| (i as i64, f)).collect();
        let mut f = RegistryFigures::build(&t, policy, people.clone()).expect("possible flows");
        for d in -1..45 {
            prop_assert_eq!(f.on(day(d)), naive(&t, &people, day(d), policy));
        }
        for (id, change) in later {
            match change {
                Some(p) => {
                    f.put(id, p.clone()).expect("a possible flow");
                    people.insert(id, p);
                }
                None => {
                    f.remove(id);
                    people.remove(&id);
                }
            }
        }
        for d in -1..60 {
            prop_assert_eq!(f.on(day(d)), naive(&t, &people, day(d), policy), "day {}", d);
        }
    }
}
