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
mod tests {
    use super::*;

    fn shanghai() -> ZonePolicy {
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
