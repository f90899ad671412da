//! Zone tiers: the same "days since the last event" machinery as certification,
//! with a configurable policy of tiers (e.g. Shanghai 2022: sealed within 7 days of
//! an event, controlled from 7 to 14 days, precaution beyond).

use serde::Deserialize;

/// One tier of a zone policy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The tier's name, e.g. `sealed`.
    pub name: String,
    /// Units whose last event is fewer than this many days ago fall in this tier
    /// (the first tier that matches wins); `None` for the last, catch-all tier.
    pub below_days: Option<u32>,
}

/// A named policy of tiers, checked in order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZonePolicy {
    /// The tiers, most restrictive first; the last should have no `below_days`.
    pub tiers: Vec<Tier>,
}

impl ZonePolicy {
    /// The tier of a unit whose last event was `days_since` days ago (`None`: it
    /// never had one).
    pub fn tier_of(&self, days_since: Option<u32>) -> Option<&Tier> {
        self.tiers
            .iter()
            .find(|t| match (t.below_days, days_since) {
                (None, _) => true,
                (Some(limit), Some(d)) => d < limit,
                (Some(_), None) => false,
            })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn shanghai() -> ZonePolicy {
        ZonePolicy {
            tiers: vec![
                Tier {
                    name: "sealed".into(),
                    below_days: Some(7),
                },
                Tier {
                    name: "controlled".into(),
                    below_days: Some(15),
                },
                Tier {
                    name: "precaution".into(),
                    below_days: None,
                },
            ],
        }
    }

    #[test]
    fn tiers_follow_the_days_since_the_last_event() {
        let p = shanghai();
        let name = |d| p.tier_of(d).map(|t| t.name.as_str());
        assert_eq!(name(Some(0)), Some("sealed"));
        assert_eq!(name(Some(6)), Some("sealed"));
        assert_eq!(name(Some(7)), Some("controlled"));
        assert_eq!(name(Some(14)), Some("controlled"));
        assert_eq!(name(Some(15)), Some("precaution"));
        assert_eq!(name(None), Some("precaution"));
    }
}

/// Tier counts per child unit on one day.
pub mod counts {
    use super::ZonePolicy;
    use crate::Day;
    use crate::unit::{UnitIndex, UnitTree};

    /// How many reporting units under one child of the chosen unit are in one tier.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TierCount {
        /// The child unit (tree index).
        pub unit: UnitIndex,
        /// The tier's name.
        pub tier: String,
        /// Reporting units beneath the child in that tier.
        pub units: usize,
    }

    /// Counts, for each child of `under`, the reporting units in each tier on `day`.
    /// `events` gives, per tree index, the days with an event, sorted; a leaf's tier
    /// follows the days since its latest event on or before `day`. Every tier gets
    /// a row for every child, zeros included.
    pub fn tier_counts(
        tree: &UnitTree,
        events: &[Vec<Day>],
        policy: &ZonePolicy,
        under: UnitIndex,
        day: Day,
    ) -> Vec<TierCount> {
        let mut out = Vec::new();
        for &child in tree.children(under) {
            let mut counts = vec![0usize; policy.tiers.len()];
            for leaf in tree
                .subtree(child)
                .into_iter()
                .filter(|&u| tree.is_reporting(u))
            {
                let days = &events[leaf as usize];
                let latest = days
                    .partition_point(|d| *d <= day)
                    .checked_sub(1)
                    .map(|i| days[i]);
                let since = latest.map(|d| day.offset_from(d).max(0) as u32);
                if let Some(t) = policy.tier_of(since)
                    && let Some(i) = policy.tiers.iter().position(|x| x.name == t.name)
                {
                    counts[i] += 1;
                }
            }
            for (tier, n) in policy.tiers.iter().zip(counts) {
                out.push(TierCount {
                    unit: child,
                    tier: tier.name.clone(),
                    units: n,
                });
            }
        }
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::unit::tree::tests::small_city;

        #[test]
        fn each_child_counts_its_leaves_by_days_since_their_last_event() {
            let tree = UnitTree::build(small_city()).expect("valid");
            let policy = crate::zones::tests::shanghai();
            let day = |s: &str| Day::parse(s).expect("day");
            let mut events = vec![Vec::new(); tree.len()];
            let idx = |c: &str| {
                tree.index_of(&crate::UnitCode::parse(c).expect("code"))
                    .expect("unit")
            };
            events[idx("K1") as usize] = vec![day("2020-03-01"), day("2020-03-08")];
            events[idx("K2") as usize] = vec![day("2020-02-25")];
            events[idx("V") as usize] = vec![day("2020-03-20")]; // after the day: not yet
            let s = idx("S");
            let counts = tier_counts(&tree, &events, &policy, s, day("2020-03-10"));
            let m = idx("M");
            let v = idx("V");
            let get = |u, t: &str| {
                counts
                    .iter()
                    .find(|c| c.unit == u && c.tier == t)
                    .map(|c| c.units)
            };
            assert_eq!(get(m, "sealed"), Some(1), "K1: 2 days");
            assert_eq!(get(m, "controlled"), Some(1), "K2: 14 days");
            assert_eq!(get(m, "precaution"), Some(0));
            assert_eq!(get(v, "precaution"), Some(1), "no event yet on the day");
            assert_eq!(counts.len(), 6);
        }
    }
}
