//! `MovementPolicy`: the `[movement]` section of the rules — the levels and,
//! for each kind of unit, the ladder from "not epidemic-free" up.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::UnitKind;

/// How far residents may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Space {
    /// Stay home (足不出户).
    Home,
    /// Inside the compound or the village.
    Compound,
    /// Within the community.
    Community,
    /// Within the subdistrict or town.
    Subdistrict,
    /// Within the district.
    District,
}

impl Space {
    /// The name used in files and the API.
    pub fn name(self) -> &'static str {
        match self {
            Space::Home => "home",
            Space::Compound => "compound",
            Space::Community => "community",
            Space::Subdistrict => "subdistrict",
            Space::District => "district",
        }
    }
}

/// What a resident may leave their space for (and what a pass is issued for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Essential trips: medicine, supplies, care of a relative.
    Essential,
    /// Work for an employer that has resumed (复工).
    Work,
    /// Farm work (春耕), for villages.
    Farm,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 3] = [Purpose::Essential, Purpose::Work, Purpose::Farm];

    /// The name used in files, flags, tokens and the API.
    pub fn name(self) -> &'static str {
        match self {
            Purpose::Essential => "essential",
            Purpose::Work => "work",
            Purpose::Farm => "farm",
        }
    }

    /// Parses a purpose's name.
    pub fn parse(text: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.name() == text.trim())
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One level of movement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovementLevel {
    /// The level's name, used by the ladders and shown with its labels.
    pub name: String,
    /// How the level reads in Chinese.
    pub label_zh: String,
    /// How the level reads in English.
    pub label_en: String,
    /// How far residents may go.
    pub space: Space,
    /// What they may leave that space for, with a pass.
    #[serde(default)]
    pub leave_for: Vec<Purpose>,
    /// The hours in which they may be out (`06:00-22:00`), if limited.
    #[serde(default)]
    pub hours: Option<String>,
}

impl MovementLevel {
    /// Whether a pass for `purpose` holds at this level.
    pub fn allows(&self, purpose: Purpose) -> bool {
        self.leave_for.contains(&purpose)
    }
}

/// One step of a ladder: from `after_days` days epidemic-free, `level`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rung {
    /// Days the unit has been epidemic-free (0: from its first such day).
    pub after_days: u32,
    /// The level's name.
    pub level: String,
}

/// The levels of one kind of unit, from "not epidemic-free" up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    /// The level while the unit is not epidemic-free.
    pub not_free: String,
    /// The levels while it is, by days epidemic-free, in rising order.
    pub free: Vec<Rung>,
}

/// The `[movement]` section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MovementPolicy {
    /// Every level, from the strictest to the widest.
    pub levels: Vec<MovementLevel>,
    /// Residential compounds (小区).
    pub compound: Ladder,
    /// Villages (村): first to move, for spring farming.
    pub village: Ladder,
    /// Communities and other community-level units.
    pub community: Ladder,
    /// Special places (prisons, care homes): the last to open.
    pub special_place: Ladder,
}

/// Why a `[movement]` section cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A ladder names a level the table does not have.
    #[error("movement.{ladder} names the level {level:?}, which movement.levels does not define")]
    UnknownLevel {
        /// The ladder (`compound`, `village`, …).
        ladder: &'static str,
        /// The name.
        level: String,
    },
    /// A ladder's rungs do not rise.
    #[error("movement.{ladder}.free must list its rungs by rising after_days")]
    Unordered {
        /// The ladder.
        ladder: &'static str,
    },
    /// Two levels share a name.
    #[error("movement.levels defines {0:?} twice")]
    Twice(String),
}

fn level(
    name: &str,
    zh: &str,
    en: &str,
    space: Space,
    leave_for: &[Purpose],
    hours: Option<&str>,
) -> MovementLevel {
    MovementLevel {
        name: name.into(),
        label_zh: zh.into(),
        label_en: en.into(),
        space,
        leave_for: leave_for.to_vec(),
        hours: hours.map(str::to_string),
    }
}

fn ladder(not_free: &str, free: &[(u32, &str)]) -> Ladder {
    Ladder {
        not_free: not_free.into(),
        free: free
            .iter()
            .map(|&(after_days, l)| Rung {
                after_days,
                level: l.into(),
            })
            .collect(),
    }
}

impl Default for MovementPolicy {
    /// The Wuhan spring 2020 sequence as the rules ship it (config/rules.toml).
    fn default() -> Self {
        use Purpose::*;
        MovementPolicy {
            levels: vec![
                level(
                    "closed",
                    "封闭管理，足不出户",
                    "closed: stay home",
                    Space::Home,
                    &[],
                    None,
                ),
                level(
                    "compound",
                    "小区内活动，凭证必要外出",
                    "inside the compound; essential trips with a pass",
                    Space::Compound,
                    &[Essential],
                    Some("06:00-22:00"),
                ),
                level(
                    "farm",
                    "村内活动，凭证春耕生产",
                    "inside the village; farm work with a pass",
                    Space::Compound,
                    &[Essential, Farm],
                    Some("05:00-19:00"),
                ),
                level(
                    "community",
                    "社区内流动，凭证复工",
                    "within the community; work with a pass",
                    Space::Community,
                    &[Essential, Work],
                    Some("06:00-22:00"),
                ),
                level(
                    "subdistrict",
                    "街道内流动，有序复工复产",
                    "within the subdistrict; work and farming resume",
                    Space::Subdistrict,
                    &[Essential, Work, Farm],
                    None,
                ),
            ],
            compound: ladder(
                "closed",
                &[(0, "compound"), (14, "community"), (28, "subdistrict")],
            ),
            village: ladder("closed", &[(0, "farm"), (14, "subdistrict")]),
            community: ladder("closed", &[(0, "community"), (21, "subdistrict")]),
            special_place: ladder("closed", &[(0, "closed"), (28, "compound")]),
        }
    }
}

impl MovementPolicy {
    /// The ladder for a kind of unit; units above the community level have none.
    pub fn ladder_for(&self, kind: UnitKind) -> Option<(&'static str, &Ladder)> {
        match kind {
            UnitKind::Compound => Some(("compound", &self.compound)),
            UnitKind::Village => Some(("village", &self.village)),
            UnitKind::Community | UnitKind::Other => Some(("community", &self.community)),
            UnitKind::SpecialPlace => Some(("special_place", &self.special_place)),
            _ => None,
        }
    }

    /// The level of a name.
    pub fn level(&self, name: &str) -> Option<&MovementLevel> {
        self.levels.iter().find(|l| l.name == name)
    }

    /// Checks that every ladder names defined levels in rising order.
    pub fn check(&self) -> Result<(), PolicyError> {
        for (i, l) in self.levels.iter().enumerate() {
            if self.levels[..i].iter().any(|o| o.name == l.name) {
                return Err(PolicyError::Twice(l.name.clone()));
            }
        }
        for (name, ladder) in [
            ("compound", &self.compound),
            ("village", &self.village),
            ("community", &self.community),
            ("special_place", &self.special_place),
        ] {
            let names =
                std::iter::once(&ladder.not_free).chain(ladder.free.iter().map(|r| &r.level));
            for level in names {
                if self.level(level).is_none() {
                    return Err(PolicyError::UnknownLevel {
                        ladder: name,
                        level: level.clone(),
                    });
                }
            }
            if ladder
                .free
                .windows(2)
                .any(|w| w[0].after_days >= w[1].after_days)
            {
                return Err(PolicyError::Unordered { ladder: name });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_holds_together() {
        assert_eq!(MovementPolicy::default().check(), Ok(()));
    }

    #[test]
    fn a_ladder_naming_an_undefined_level_is_refused_with_its_name() {
        let mut p = MovementPolicy::default();
        p.village.free[0].level = "market".into();
        assert_eq!(
            p.check(),
            Err(PolicyError::UnknownLevel {
                ladder: "village",
                level: "market".into()
            })
        );
    }

    #[test]
    fn rungs_out_of_order_are_refused() {
        let mut p = MovementPolicy::default();
        p.compound.free.swap(0, 1);
        assert_eq!(
            p.check(),
            Err(PolicyError::Unordered { ladder: "compound" })
        );
    }

    #[test]
    fn a_level_defined_twice_is_refused() {
        let mut p = MovementPolicy::default();
        let again = p.levels[0].clone();
        p.levels.push(again);
        assert_eq!(p.check(), Err(PolicyError::Twice("closed".into())));
    }

    #[test]
    fn villages_may_farm_from_their_first_free_day_and_compounds_may_not() {
        let p = MovementPolicy::default();
        let first = |l: &Ladder| p.level(&l.free[0].level).cloned().expect("defined");
        assert!(first(&p.village).allows(Purpose::Farm));
        assert!(!first(&p.compound).allows(Purpose::Farm));
        assert!(
            !p.level(&p.compound.not_free)
                .expect("defined")
                .allows(Purpose::Essential)
        );
    }

    #[test]
    fn purposes_parse_back_from_their_names() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.name()), Some(p));
        }
        assert_eq!(Purpose::parse("party"), None);
    }
}
