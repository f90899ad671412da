//! Planning: who is on duty in each unit on each day.

use std::collections::HashMap;

use serde::Serialize;

use super::{Pair, RotaRules, Staff};
use crate::{Day, UnitCode};

/// One of the two posts of an A/B pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Post {
    /// Post A.
    A,
    /// Post B.
    B,
}

impl Post {
    /// Its name in files.
    pub fn name(self) -> &'static str {
        match self {
            Post::A => "A",
            Post::B => "B",
        }
    }

    /// The other post.
    pub fn other(self) -> Post {
        match self {
            Post::A => Post::B,
            Post::B => Post::A,
        }
    }
}

/// One person on duty in one unit on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    /// The day.
    pub day: Day,
    /// The community or village.
    pub unit: UnitCode,
    /// The pair whose post this is; none for someone on duty outside a pair.
    pub pair: Option<String>,
    /// The post; none outside a pair.
    pub post: Option<Post>,
    /// The person (index into the staff list).
    pub person: usize,
}

/// Why a person could not take a duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// On leave, sick or resting that day.
    Away,
    /// Already on duty as many days running as the rules allow.
    AtLimit,
}

/// Where the people are not enough to keep a rule: the plan says so instead
/// of breaking it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// Neither post of a pair can be on duty.
    PairUncovered {
        /// The day.
        day: Day,
        /// The unit.
        unit: UnitCode,
        /// The pair.
        pair: String,
        /// Each member and why they cannot.
        why: Vec<(usize, Why)>,
    },
    /// Fewer people on duty than the minimum.
    Short {
        /// The day.
        day: Day,
        /// The unit.
        unit: UnitCode,
        /// The minimum.
        needed: u32,
        /// On duty.
        on_duty: u32,
    },
}

/// A rota over a range of days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Every duty, by day, then unit, then pair (pairs first), then person.
    pub duties: Vec<Duty>,
    /// Where a rule could not be kept, and why.
    pub gaps: Vec<Gap>,
}

/// Plans `days` days from `from` for every unit that has staff, under
/// `rules`, with `pairs` (formed by rule or by hand) alternating their posts.
/// `past` is the plan kept before `from` (it may be empty): it is not
/// changed, and it carries on into the new one (days running, the pairs'
/// alternation, the shares so far).
pub fn plan(
    staff: &[Staff],
    pairs: &[Pair],
    rules: &RotaRules,
    from: Day,
    days: u32,
    past: &[Duty],
) -> Plan {
    // Each unit's pairs and its people outside them, found once: a city's
    // thousands of units are planned in one pass per day.
    let mut paired = vec![false; staff.len()];
    for p in pairs {
        for m in [p.a, p.b] {
            if let Some(x) = paired.get_mut(m) {
                *x = true;
            }
        }
    }
    let mut by_unit: std::collections::BTreeMap<&UnitCode, (Vec<usize>, Vec<usize>)> =
        std::collections::BTreeMap::new();
    for (i, s) in staff.iter().enumerate() {
        let entry = by_unit.entry(&s.unit).or_default();
        if !paired[i] {
            entry.1.push(i);
        }
    }
    for (pi, p) in pairs.iter().enumerate() {
        if let Some(s) = staff.get(p.a) {
            by_unit.entry(&s.unit).or_default().0.push(pi);
        }
    }
    let (mut streak, mut last_post, mut shares) = carried(staff.len(), pairs, from, past);
    let mut out = Plan {
        duties: Vec::new(),
        gaps: Vec::new(),
    };
    for offset in 0..days {
        let Some(day) = from.plus_days(offset as i32) else {
            break;
        };
        let mut on = vec![false; staff.len()];
        for (unit, (unit_pairs, outside)) in &by_unit {
            let mut on_duty = 0u32;
            for &pi in unit_pairs {
                let pair = &pairs[pi];
                // Alternate from the post on duty last; new pairs start
                // staggered, so a unit's A posts do not all work the same days.
                let first =
                    last_post[pi].map_or(if pi % 2 == 0 { Post::A } else { Post::B }, Post::other);
                let member = |post: Post| if post == Post::A { pair.a } else { pair.b };
                let why = |m: usize| {
                    if !staff[m].available(day) {
                        Some(Why::Away)
                    } else if streak[m] >= rules.max_consecutive_days {
                        Some(Why::AtLimit)
                    } else {
                        None
                    }
                };
                match [first, first.other()]
                    .into_iter()
                    .find(|&post| why(member(post)).is_none())
                {
                    Some(post) => {
                        let m = member(post);
                        on[m] = true;
                        on_duty += 1;
                        last_post[pi] = Some(post);
                        out.duties.push(Duty {
                            day,
                            unit: (*unit).clone(),
                            pair: Some(pair.name.clone()),
                            post: Some(post),
                            person: m,
                        });
                    }
                    // Neither can: someone outside the pairs stands in on
                    // the post due (替岗), the fewest duties so far first,
                    // so the pair's post is still held that day.
                    None => match outside
                        .iter()
                        .copied()
                        .filter(|&i| !on[i] && why(i).is_none())
                        .min_by_key(|&i| (shares[i], streak[i], &staff[i].id))
                    {
                        Some(stand_in) => {
                            on[stand_in] = true;
                            on_duty += 1;
                            last_post[pi] = Some(first);
                            out.duties.push(Duty {
                                day,
                                unit: (*unit).clone(),
                                pair: Some(pair.name.clone()),
                                post: Some(first),
                                person: stand_in,
                            });
                        }
                        None => out.gaps.push(Gap::PairUncovered {
                            day,
                            unit: (*unit).clone(),
                            pair: pair.name.clone(),
                            why: [pair.a, pair.b]
                                .into_iter()
                                .filter_map(|m| why(m).map(|w| (m, w)))
                                .collect(),
                        }),
                    },
                }
            }
            // The minimum is made up from the people outside the pairs, those
            // with the fewest duties so far first.
            let mut floating: Vec<usize> = outside
                .iter()
                .copied()
                .filter(|&i| {
                    !on[i] && staff[i].available(day) && streak[i] < rules.max_consecutive_days
                })
                .collect();
            floating.sort_by(|&x, &y| {
                (shares[x], streak[x], &staff[x].id).cmp(&(shares[y], streak[y], &staff[y].id))
            });
            for i in floating {
                if on_duty >= rules.min_on_duty {
                    break;
                }
                on[i] = true;
                on_duty += 1;
                out.duties.push(Duty {
                    day,
                    unit: (*unit).clone(),
                    pair: None,
                    post: None,
                    person: i,
                });
            }
            if on_duty < rules.min_on_duty {
                out.gaps.push(Gap::Short {
                    day,
                    unit: (*unit).clone(),
                    needed: rules.min_on_duty,
                    on_duty,
                });
            }
        }
        for (i, &working) in on.iter().enumerate() {
            streak[i] = if working { streak[i] + 1 } else { 0 };
            shares[i] += u32::from(working);
        }
    }
    out
}

/// What a kept plan carries into one made from `from`: each person's days on
/// duty running up to the day before, each pair's post on duty last, and
/// each person's duties so far.
fn carried(
    people: usize,
    pairs: &[Pair],
    from: Day,
    past: &[Duty],
) -> (Vec<u32>, Vec<Option<Post>>, Vec<u32>) {
    let mut shares = vec![0u32; people];
    let mut worked: HashMap<usize, Vec<Day>> = HashMap::new();
    let mut last: HashMap<&str, (Day, Post)> = HashMap::new();
    for d in past.iter().filter(|d| d.day < from && d.person < people) {
        shares[d.person] += 1;
        worked.entry(d.person).or_default().push(d.day);
        if let (Some(pair), Some(post)) = (&d.pair, d.post)
            && last.get(pair.as_str()).is_none_or(|(day, _)| *day < d.day)
        {
            last.insert(pair, (d.day, post));
        }
    }
    let mut streak = vec![0u32; people];
    for (person, mut days) in worked {
        days.sort();
        days.dedup();
        let mut expected = from.plus_days(-1);
        for day in days.iter().rev() {
            if Some(*day) != expected {
                break;
            }
            streak[person] += 1;
            expected = day.plus_days(-1);
        }
    }
    let last_post = pairs
        .iter()
        .map(|p| last.get(p.name.as_str()).map(|(_, post)| *post))
        .collect();
    (streak, last_post, shares)
}

#[cfg(test)]
mod tests {
    use super::super::staff::tests::{day, person};
    use super::super::{StaffKind::*, check, form_pairs};
    use super::*;

    fn on(p: &Plan, staff: &[Staff], offset: i32) -> Vec<String> {
        let mut ids: Vec<String> = p
            .duties
            .iter()
            .filter(|d| d.day == day(offset))
            .map(|d| staff[d.person].id.clone())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn a_pair_alternates_its_posts_and_a_volunteer_makes_up_the_minimum() {
        let staff = vec![
            person("s1", SentDownCadre, "M", &[]),
            person("c1", CommunityCadre, "M", &[]),
            person("v1", Volunteer, "M", &[]),
            person("v2", Volunteer, "M", &[]),
        ];
        let pairs = form_pairs(&staff);
        let rules = RotaRules::default();
        let p = plan(&staff, &pairs, &rules, day(0), 28, &[]);
        assert!(p.gaps.is_empty(), "{:?}", p.gaps);
        assert_eq!(on(&p, &staff, 0), ["s1", "v1"]);
        assert_eq!(
            on(&p, &staff, 1),
            ["c1", "v2"],
            "B's turn; the other volunteer's"
        );
        assert_eq!(on(&p, &staff, 2), ["s1", "v1"]);
        assert_eq!(
            p.duties.iter().filter(|d| d.post == Some(Post::A)).count(),
            14
        );
        assert!(check(&p, &staff, &pairs, &rules, day(0), 28, &[]).is_empty());
    }

    #[test]
    fn one_post_covers_for_the_other_up_to_the_limit_then_the_gap_is_named() {
        // c1 is away for ten days: s1 works six running, then nobody can.
        let staff = vec![
            person("s1", SentDownCadre, "M", &[]),
            person("c1", CommunityCadre, "M", &(0..10).collect::<Vec<_>>()),
        ];
        let pairs = form_pairs(&staff);
        let rules = RotaRules {
            min_on_duty: 1,
            max_consecutive_days: 6,
            ..RotaRules::default()
        };
        let p = plan(&staff, &pairs, &rules, day(0), 10, &[]);
        for d in 0..6 {
            assert_eq!(on(&p, &staff, d), ["s1"], "day {d}");
        }
        assert!(on(&p, &staff, 6).is_empty(), "a day of rest after six");
        assert!(p.gaps.contains(&Gap::PairUncovered {
            day: day(6),
            unit: UnitCode::parse("M").expect("code"),
            pair: "M-P1".into(),
            why: vec![(0, Why::AtLimit), (1, Why::Away)],
        }));
        assert!(p.gaps.contains(&Gap::Short {
            day: day(6),
            unit: UnitCode::parse("M").expect("code"),
            needed: 1,
            on_duty: 0,
        }));
        assert_eq!(on(&p, &staff, 7), ["s1"], "rested, back on");
        assert!(check(&p, &staff, &pairs, &rules, day(0), 10, &[]).is_empty());
    }

    #[test]
    fn someone_outside_the_pairs_stands_in_on_a_post_neither_member_can_take() {
        // c1 away for ten days: s1 works six running, then v1 stands in on
        // the pair's post for the day s1 rests.
        let staff = vec![
            person("s1", SentDownCadre, "M", &[]),
            person("c1", CommunityCadre, "M", &(0..10).collect::<Vec<_>>()),
            person("v1", Volunteer, "M", &[]),
        ];
        let pairs = form_pairs(&staff);
        let rules = RotaRules {
            min_on_duty: 1,
            ..RotaRules::default()
        };
        let p = plan(&staff, &pairs, &rules, day(0), 10, &[]);
        assert!(p.gaps.is_empty(), "{:?}", p.gaps);
        let stand_in: Vec<&Duty> = p.duties.iter().filter(|d| d.day == day(6)).collect();
        assert_eq!(stand_in.len(), 1);
        assert_eq!(staff[stand_in[0].person].id, "v1");
        assert_eq!(stand_in[0].pair.as_deref(), Some("M-P1"));
        assert!(check(&p, &staff, &pairs, &rules, day(0), 10, &[]).is_empty());
    }

    #[test]
    fn too_few_people_is_a_shortfall_named_per_day_not_a_broken_rule() {
        let staff = vec![person("v1", Volunteer, "V", &[2])];
        let rules = RotaRules::default();
        let p = plan(&staff, &[], &rules, day(0), 3, &[]);
        assert_eq!(p.duties.len(), 2, "v1 on days 0 and 1, away on 2");
        let short: Vec<(Day, u32)> = p
            .gaps
            .iter()
            .filter_map(|g| match g {
                Gap::Short {
                    day,
                    on_duty,
                    needed: 2,
                    ..
                } => Some((*day, *on_duty)),
                _ => None,
            })
            .collect();
        assert_eq!(short, [(day(0), 1), (day(1), 1), (day(2), 0)]);
    }

    #[test]
    fn a_plan_made_again_from_a_day_carries_on_from_the_kept_one() {
        let staff = vec![
            person("s1", SentDownCadre, "M", &[]),
            person("c1", CommunityCadre, "M", &[3, 4, 5, 6, 7, 8, 9]),
        ];
        let pairs = form_pairs(&staff);
        let rules = RotaRules {
            min_on_duty: 1,
            max_consecutive_days: 4,
            ..RotaRules::default()
        };
        let whole = plan(&staff, &pairs, &rules, day(0), 10, &[]);
        // Kept up to day 4, planned again from day 5: the same as planning
        // straight through (s1's days running carry over).
        let kept: Vec<Duty> = whole
            .duties
            .iter()
            .filter(|d| d.day < day(5))
            .cloned()
            .collect();
        let again = plan(&staff, &pairs, &rules, day(5), 5, &kept);
        let rest: Vec<Duty> = whole
            .duties
            .iter()
            .filter(|d| d.day >= day(5))
            .cloned()
            .collect();
        assert_eq!(again.duties, rest);
        let mut joined = kept.clone();
        joined.extend(again.duties.iter().cloned());
        let joined = Plan {
            duties: joined,
            gaps: whole.gaps.clone(),
        };
        assert!(check(&joined, &staff, &pairs, &rules, day(0), 10, &[]).is_empty());
    }
}
