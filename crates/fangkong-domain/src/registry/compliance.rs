//! The four "alls" (四應四盡, SPEC §5) as ratios over the people in the registry on
//! a day who have not left it. A ratio whose denominator is empty is "not
//! applicable", never 1 and never 0.

use serde::Serialize;

use super::flow::{Category, Place, Situation};

/// Covered people over the people it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Ratio {
    /// People covered.
    pub covered: u32,
    /// People it is about.
    pub of: u32,
}

impl Ratio {
    /// The ratio from 0 to 1, or `None` when nobody is concerned.
    pub fn value(self) -> Option<f64> {
        (self.of > 0).then(|| f64::from(self.covered) / f64::from(self.of))
    }

    fn count(&mut self, concerned: bool, covered: bool) {
        if concerned {
            self.of += 1;
            self.covered += u32::from(covered);
        }
    }
}

/// Whether home isolation counts as isolation (a policy, SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IsolationPolicy {
    /// Home isolation counts.
    pub home_counts: bool,
}

/// Which of the four a person is concerned by and covered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Coverage {
    /// 應收盡收: (concerned, covered).
    pub admitted: (bool, bool),
    /// 應治盡治.
    pub treated: (bool, bool),
    /// 應檢盡檢.
    pub tested: (bool, bool),
    /// 應隔盡隔.
    pub isolated: (bool, bool),
}

impl Coverage {
    /// Whether the person is concerned by one of the four and not covered by it.
    pub fn has_gap(&self) -> bool {
        [self.admitted, self.treated, self.tested, self.isolated]
            .iter()
            .any(|&(concerned, covered)| concerned && !covered)
    }
}

/// What the four rules say of one person's situation (an open one: a person who
/// left the registry concerns none of them).
pub fn coverage(s: &Situation, policy: IsolationPolicy) -> Coverage {
    if !s.is_open() {
        return Coverage::default();
    }
    use Category::*;
    let c = s.category;
    let in_hospital = s.place.is_hospital();
    let isolated = match s.place {
        Place::IsolationSite | Place::ShelterHospital | Place::DesignatedHospital => true,
        Place::HomeIsolation => policy.home_counts,
        Place::Home => false,
    };
    Coverage {
        // Confirmed and suspected cases admitted to a designated or shelter
        // hospital, or (suspected only) an isolation site.
        admitted: (
            matches!(c, Confirmed | Suspected),
            in_hospital || (c == Suspected && s.place == Place::IsolationSite),
        ),
        // Confirmed cases under treatment in hospital.
        treated: (c == Confirmed, s.treated && in_hospital),
        // Suspected cases, fever patients and close contacts with a test sampled.
        tested: (matches!(c, Suspected | Fever | CloseContact), s.sampled),
        // Close contacts and fever patients in isolation.
        isolated: (matches!(c, CloseContact | Fever), isolated),
    }
}

/// The four ratios over a day's situations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct FourRatios {
    /// 應收盡收.
    pub admitted: Ratio,
    /// 應治盡治.
    pub treated: Ratio,
    /// 應檢盡檢.
    pub tested: Ratio,
    /// 應隔盡隔.
    pub isolated: Ratio,
}

impl FourRatios {
    /// Adds one person's coverage.
    pub fn add(&mut self, c: &Coverage) {
        self.admitted.count(c.admitted.0, c.admitted.1);
        self.treated.count(c.treated.0, c.treated.1);
        self.tested.count(c.tested.0, c.tested.1);
        self.isolated.count(c.isolated.0, c.isolated.1);
    }
}

/// The four ratios over `situations`.
pub fn four_ratios<'a>(
    situations: impl IntoIterator<Item = &'a Situation>,
    policy: IsolationPolicy,
) -> FourRatios {
    let mut r = FourRatios::default();
    for s in situations {
        r.add(&coverage(s, policy));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Day;
    use crate::registry::Exit;
    use proptest::prelude::*;

    fn person(category: Category, place: Place, sampled: bool, treated: bool) -> Situation {
        Situation {
            category,
            identified: Day::parse("2020-02-01").expect("day"),
            sampled,
            place,
            treated,
            left: None,
        }
    }

    #[test]
    fn each_ratio_counts_whom_the_spec_says() {
        let people = [
            person(Category::Confirmed, Place::DesignatedHospital, true, true),
            person(Category::Confirmed, Place::Home, true, false),
            person(Category::Suspected, Place::IsolationSite, true, false),
            person(Category::Fever, Place::HomeIsolation, false, false),
            person(Category::CloseContact, Place::IsolationSite, true, false),
        ];
        let r = four_ratios(&people, IsolationPolicy::default());
        assert_eq!(
            r.admitted,
            Ratio { covered: 2, of: 3 },
            "the confirmed case at home is not"
        );
        assert_eq!(r.treated, Ratio { covered: 1, of: 2 });
        assert_eq!(
            r.tested,
            Ratio { covered: 2, of: 3 },
            "the fever patient is not sampled"
        );
        assert_eq!(
            r.isolated,
            Ratio { covered: 1, of: 2 },
            "home isolation does not count"
        );
        let home_ok = four_ratios(&people, IsolationPolicy { home_counts: true });
        assert_eq!(home_ok.isolated, Ratio { covered: 2, of: 2 });
    }

    #[test]
    fn an_empty_denominator_is_not_applicable_and_people_who_left_do_not_count() {
        let mut gone = person(Category::Confirmed, Place::DesignatedHospital, true, false);
        gone.left = Some((Exit::Died, Day::parse("2020-02-03").expect("day")));
        let r = four_ratios(&[gone], IsolationPolicy::default());
        assert_eq!(r, FourRatios::default());
        assert_eq!(r.treated.value(), None, "not applicable, not 0 or 1");
        assert_eq!(Ratio { covered: 1, of: 4 }.value(), Some(0.25));
        let confirmed_at_home = person(Category::Confirmed, Place::Home, false, false);
        assert!(coverage(&confirmed_at_home, IsolationPolicy::default()).has_gap());
    }

    proptest! {
        #[test]
        fn a_ratio_never_exceeds_one_and_counts_each_person_at_most_once(
            people in proptest::collection::vec((0usize..4, 0usize..5, any::<bool>(), any::<bool>()), 0..50),
        ) {
            let places = [Place::Home, Place::HomeIsolation, Place::IsolationSite, Place::ShelterHospital, Place::DesignatedHospital];
            let situations: Vec<Situation> = people
                .iter()
                .map(|&(c, p, sampled, treated)| person(Category::ALL[c], places[p], sampled, treated && places[p].is_hospital()))
                .collect();
            let r = four_ratios(&situations, IsolationPolicy::default());
            for ratio in [r.admitted, r.treated, r.tested, r.isolated] {
                prop_assert!(ratio.covered <= ratio.of);
                prop_assert!(ratio.of as usize <= situations.len());
                prop_assert!(ratio.value().is_none_or(|v| (0.0..=1.0).contains(&v)));
            }
            let confirmed = situations.iter().filter(|s| s.category == Category::Confirmed).count();
            prop_assert_eq!(r.treated.of as usize, confirmed);
        }
    }
}
