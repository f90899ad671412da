//! Checks a plan against the rules on its own, apart from the planner: what
//! a hand-adjusted plan is held to, and what the property tests hold the
//! planner to. A rule the plan breaks without naming the gap is a breach.

use std::collections::{BTreeMap, HashMap};

use super::{Duty, Gap, Pair, Plan, RotaRules, Staff};
use crate::{Day, UnitCode};

/// A rule a plan breaks without saying so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    /// Both posts of a pair on duty, or neither without a named gap.
    PairPosts {
        /// The day.
        day: Day,
        /// The pair.
        pair: String,
        /// Its members on duty.
        on_duty: usize,
    },
    /// Fewer than the minimum on duty without a named shortfall.
    Short {
        /// The day.
        day: Day,
        /// The unit.
        unit: UnitCode,
        /// On duty.
        on_duty: u32,
    },
    /// On duty on a day away.
    Away {
        /// The day.
        day: Day,
        /// The person.
        person: usize,
    },
    /// On duty more days running than the rules allow.
    TooManyDays {
        /// The day the limit was passed.
        day: Day,
        /// The person.
        person: usize,
    },
    /// On duty twice on a day, or in a unit not theirs.
    Misplaced {
        /// The day.
        day: Day,
        /// The person.
        person: usize,
    },
}

/// Every breach of `rules` in `plan` over `days` days from `from`, with the
/// duties of `past` (before `from`) counted for the days running.
pub fn check(
    plan: &Plan,
    staff: &[Staff],
    pairs: &[Pair],
    rules: &RotaRules,
    from: Day,
    days: u32,
    past: &[Duty],
) -> Vec<Breach> {
    let mut breaches = Vec::new();
    let mut by_day: BTreeMap<Day, Vec<&Duty>> = BTreeMap::new();
    for d in past.iter().filter(|d| d.day < from).chain(&plan.duties) {
        by_day.entry(d.day).or_default().push(d);
    }
    let uncovered = |day: Day, pair: &str| {
        plan.gaps.iter().any(
            |g| matches!(g, Gap::PairUncovered { day: d, pair: p, .. } if *d == day && p == pair),
        )
    };
    let short = |day: Day, unit: &UnitCode| {
        plan.gaps
            .iter()
            .any(|g| matches!(g, Gap::Short { day: d, unit: u, .. } if *d == day && u == unit))
    };
    let mut units: Vec<&UnitCode> = staff.iter().map(|s| &s.unit).collect();
    units.sort();
    units.dedup();
    let mut running: HashMap<usize, (Day, u32)> = HashMap::new();
    let empty = Vec::new();
    let first = by_day.keys().next().copied().unwrap_or(from).min(from);
    let span = from.offset_from(first).max(0) as u32 + days;
    for offset in 0..span {
        let Some(day) = first.plus_days(offset as i32) else {
            break;
        };
        let duties = by_day.get(&day).unwrap_or(&empty);
        let mut seen: HashMap<usize, u32> = HashMap::new();
        for d in duties {
            *seen.entry(d.person).or_default() += 1;
            let Some(s) = staff.get(d.person) else {
                breaches.push(Breach::Misplaced {
                    day,
                    person: d.person,
                });
                continue;
            };
            if s.unit != d.unit {
                breaches.push(Breach::Misplaced {
                    day,
                    person: d.person,
                });
            }
            if !s.available(day) {
                breaches.push(Breach::Away {
                    day,
                    person: d.person,
                });
            }
            let n = match running.get(&d.person) {
                Some((last, n)) if last.next() == Some(day) => n + 1,
                _ => 1,
            };
            running.insert(d.person, (day, n));
            if n > rules.max_consecutive_days {
                breaches.push(Breach::TooManyDays {
                    day,
                    person: d.person,
                });
            }
        }
        for (&person, &times) in &seen {
            if times > 1 {
                breaches.push(Breach::Misplaced { day, person });
            }
        }
        // The rules on coverage hold over the planned days only.
        if day < from {
            continue;
        }
        for pair in pairs {
            // Its members on duty, and anyone standing in on its post.
            let stand_ins = duties
                .iter()
                .filter(|d| {
                    d.pair.as_deref() == Some(pair.name.as_str())
                        && d.person != pair.a
                        && d.person != pair.b
                })
                .count();
            let on_duty = [pair.a, pair.b]
                .into_iter()
                .filter(|m| seen.contains_key(m))
                .count()
                + stand_ins;
            if on_duty > 1 || (on_duty == 0 && !uncovered(day, &pair.name)) {
                breaches.push(Breach::PairPosts {
                    day,
                    pair: pair.name.clone(),
                    on_duty,
                });
            }
        }
        let mut per_unit: HashMap<&UnitCode, u32> = HashMap::new();
        for d in duties {
            *per_unit.entry(&d.unit).or_default() += 1;
        }
        for unit in &units {
            let on_duty = per_unit.get(*unit).copied().unwrap_or(0);
            if on_duty < rules.min_on_duty && !short(day, unit) {
                breaches.push(Breach::Short {
                    day,
                    unit: (*unit).clone(),
                    on_duty,
                });
            }
        }
    }
    breaches
}

#[cfg(test)]
mod tests {
    use super::super::staff::tests::{day, person};
    use super::super::{Post, StaffKind, form_pairs, plan};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_hand_made_plan_that_breaks_a_rule_is_caught() {
        let staff = vec![
            person("s1", StaffKind::SentDownCadre, "M", &[1]),
            person("c1", StaffKind::CommunityCadre, "M", &[]),
        ];
        let pairs = form_pairs(&staff);
        let rules = RotaRules {
            min_on_duty: 1,
            max_consecutive_days: 2,
            ..RotaRules::default()
        };
        let duty = |d: i32, person: usize, post: Post| Duty {
            day: day(d),
            unit: UnitCode::parse("M").expect("code"),
            pair: Some("M-P1".into()),
            post: Some(post),
            person,
        };
        let hand = Plan {
            duties: vec![
                duty(0, 0, Post::A),
                duty(0, 1, Post::B),
                duty(1, 0, Post::A),
                duty(2, 0, Post::A),
                duty(3, 0, Post::A),
            ],
            gaps: Vec::new(),
        };
        let found = check(&hand, &staff, &pairs, &rules, day(0), 5, &[]);
        assert!(found.contains(&Breach::PairPosts {
            day: day(0),
            pair: "M-P1".into(),
            on_duty: 2
        }));
        assert!(found.contains(&Breach::Away {
            day: day(1),
            person: 0
        }));
        assert!(found.contains(&Breach::TooManyDays {
            day: day(2),
            person: 0
        }));
        assert!(found.contains(&Breach::PairPosts {
            day: day(4),
            pair: "M-P1".into(),
            on_duty: 0
        }));
        assert!(found.contains(&Breach::Short {
            day: day(4),
            unit: UnitCode::parse("M").expect("code"),
            on_duty: 0
        }));
    }

    fn kind(n: u8) -> StaffKind {
        StaffKind::ALL[usize::from(n) % StaffKind::ALL.len()]
    }

    proptest! {
        /// Whatever the people, their days away and the rules, the plan
        /// breaks no rule without naming the gap, and a plan made again
        /// from any day carries on without a breach either.
        #[test]
        fn every_plan_keeps_the_rules_or_names_its_gaps(
            people in proptest::collection::vec((0u8..4, 0u8..3, proptest::collection::vec(0i32..21, 0..6)), 0..12),
            min in 0u32..4,
            max in 1u32..7,
            cut in 0u32..21,
        ) {
            let staff: Vec<Staff> = people
                .iter()
                .enumerate()
                .map(|(i, (k, u, away))| person(&format!("p{i:02}"), kind(*k), ["M1", "M2", "V1"][usize::from(*u)], away))
                .collect();
            let pairs = form_pairs(&staff);
            let rules = RotaRules { min_on_duty: min, max_consecutive_days: max ,..RotaRules::default()};
            let whole = plan(&staff, &pairs, &rules, day(0), 21, &[]);
            prop_assert_eq!(check(&whole, &staff, &pairs, &rules, day(0), 21, &[]), vec![]);
            let kept: Vec<Duty> = whole.duties.iter().filter(|d| d.day < day(cut as i32)).cloned().collect();
            let again = plan(&staff, &pairs, &rules, day(cut as i32), 21 - cut, &kept);
            prop_assert_eq!(check(&again, &staff, &pairs, &rules, day(cut as i32), 21 - cut, &kept), vec![]);
        }
    }
}
