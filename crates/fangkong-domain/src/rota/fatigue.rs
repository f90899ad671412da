//! Fatigue: who has worked too long without rest, read from the rota as kept
//! (planned, then adjusted by hand), which is where a rule can be broken.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::{Duty, RotaRules, Staff};
use crate::Day;

/// How a person is worn out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "strain")]
pub enum Strain {
    /// On duty more days running than the rules allow.
    OverLimit {
        /// Days on duty running, up to the day asked about.
        days: u32,
        /// The limit.
        limit: u32,
    },
    /// Fewer days off than the rules ask in the days looked back over.
    NoRest {
        /// Days off in the window.
        days_off: u32,
        /// The window, in days.
        window: u32,
        /// Days off it asks for.
        needed: u32,
    },
}

/// A person worn out on a day, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tired {
    /// The person (index into the staff list).
    pub person: usize,
    /// How (both where both hold).
    pub strains: Vec<Strain>,
}

/// Everyone worn out on `day` by `duties` (the kept rota, any range) under
/// `rules`: on duty more days running than the limit up to `day`, or with
/// fewer days off than asked in the window ending on `day`. Someone with no
/// duty in the window is not counted: nothing is known of their work.
pub fn fatigue(staff: &[Staff], duties: &[Duty], rules: &RotaRules, day: Day) -> Vec<Tired> {
    let window = rules.rest_window_days.max(1);
    let Some(start) = day.plus_days(1 - window as i32) else {
        return Vec::new();
    };
    let mut worked: HashMap<usize, BTreeSet<Day>> = HashMap::new();
    for d in duties
        .iter()
        .filter(|d| d.day <= day && d.person < staff.len())
    {
        worked.entry(d.person).or_default().insert(d.day);
    }
    let mut out = Vec::new();
    for (person, days) in worked {
        let in_window = days.range(start..=day).count() as u32;
        if in_window == 0 {
            continue;
        }
        let mut strains = Vec::new();
        let mut running = 0u32;
        let mut cursor = Some(day);
        while let Some(d) = cursor.filter(|d| days.contains(d)) {
            running += 1;
            cursor = d.plus_days(-1);
        }
        if running > rules.max_consecutive_days {
            strains.push(Strain::OverLimit {
                days: running,
                limit: rules.max_consecutive_days,
            });
        }
        // Days before someone joined are not days off.
        let joined = days.iter().next().copied().unwrap_or(day);
        let counted = if joined > start {
            day.offset_from(joined) as u32 + 1
        } else {
            window
        };
        let days_off = counted - in_window;
        if counted == window && days_off < rules.min_rest_days {
            strains.push(Strain::NoRest {
                days_off,
                window,
                needed: rules.min_rest_days,
            });
        }
        if !strains.is_empty() {
            out.push(Tired { person, strains });
        }
    }
    out.sort_by(|a, b| staff[a.person].id.cmp(&staff[b.person].id));
    out
}

#[cfg(test)]
mod tests {
    use super::super::StaffKind::*;
    use super::super::staff::tests::{day, person};
    use super::*;
    use crate::UnitCode;

    fn on(person: usize, days: impl IntoIterator<Item = i32>) -> Vec<Duty> {
        days.into_iter()
            .map(|d| Duty {
                day: day(d),
                unit: UnitCode::parse("M").expect("code"),
                pair: None,
                post: None,
                person,
            })
            .collect()
    }

    #[test]
    fn seven_days_running_is_over_a_limit_of_six() {
        let staff = vec![person("v1", Volunteer, "M", &[])];
        let rules = RotaRules::default();
        let duties = on(0, 0..7);
        assert!(fatigue(&staff, &duties, &rules, day(5)).is_empty(), "six");
        let tired = fatigue(&staff, &duties, &rules, day(6));
        assert_eq!(
            tired,
            [Tired {
                person: 0,
                strains: vec![Strain::OverLimit { days: 7, limit: 6 }]
            }]
        );
        assert!(
            fatigue(&staff, &duties, &rules, day(7)).is_empty(),
            "resting on day 7"
        );
    }

    #[test]
    fn one_day_off_in_fourteen_is_too_little_rest_two_are_enough() {
        let staff = vec![
            person("v1", Volunteer, "M", &[]),
            person("v2", Volunteer, "M", &[]),
        ];
        let rules = RotaRules::default();
        // v1: off only on day 6; v2: off on days 6 and 13 (six on, one off).
        let mut duties = on(0, (0..14).filter(|&d| d != 6));
        duties.extend(on(1, (0..15).filter(|&d| d != 6 && d != 13)));
        let tired = fatigue(&staff, &duties, &rules, day(13));
        assert_eq!(tired.len(), 1, "{tired:?}");
        assert_eq!(tired[0].person, 0);
        assert_eq!(
            tired[0].strains,
            [
                Strain::OverLimit { days: 7, limit: 6 },
                Strain::NoRest {
                    days_off: 1,
                    window: 14,
                    needed: 2
                }
            ]
        );
    }

    #[test]
    fn days_before_someone_joined_are_not_days_off_nor_too_few() {
        let staff = vec![person("v1", Volunteer, "M", &[])];
        let rules = RotaRules::default();
        // Joined on day 10, four days on: no full window yet, under the limit.
        let duties = on(0, 10..14);
        assert!(fatigue(&staff, &duties, &rules, day(13)).is_empty());
    }

    #[test]
    fn a_b_alternation_is_never_fatigue() {
        let staff = vec![person("s1", SentDownCadre, "M", &[])];
        let duties = on(0, (0..60).step_by(2));
        for d in 0..60 {
            assert!(fatigue(&staff, &duties, &RotaRules::default(), day(d)).is_empty());
        }
    }
}
