//! The level in force for one unit on one day, and why.

use serde::Serialize;

use super::{MovementLevel, MovementPolicy};
use crate::Day;
use crate::UnitKind;
use crate::certify::{Engine, Holdback, StatusOn, UnitStatus};
use crate::unit::{UnitIndex, UnitTree};

/// Why a unit stands at its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// It is not epidemic-free: the first condition that fails.
    NotFree {
        /// What holds it back.
        holdback: Option<Holdback>,
    },
    /// It is epidemic-free, for `days` days beyond its first, which reaches the
    /// rung from `after_days`.
    Free {
        /// Days epidemic-free beyond the first.
        days: u32,
        /// The rung reached.
        after_days: u32,
    },
    /// Its report of the day is not yet due: the day before's level holds
    /// (pending is neither free nor a loss).
    Pending {
        /// Days epidemic-free beyond the first, as of the day before.
        days: u32,
        /// The rung reached.
        after_days: u32,
    },
}

/// The level in force for a unit on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelInForce<'a> {
    /// The ladder it follows (`compound`, `village`, `community`, `special_place`).
    pub ladder: &'static str,
    /// The level.
    pub level: &'a MovementLevel,
    /// Why.
    pub why: Why,
}

/// The level in force for a unit of `kind` whose status is `today` (and
/// `yesterday`, for a day whose report is not yet due), under a
/// certification window of `window_days`. `None` for kinds without a ladder
/// (subdistricts and above) or a policy naming an undefined level (which
/// [`MovementPolicy::check`] refuses on load).
pub fn level_in_force<'a>(
    policy: &'a MovementPolicy,
    kind: UnitKind,
    today: &UnitStatus,
    yesterday: Option<&UnitStatus>,
    window_days: u32,
) -> Option<LevelInForce<'a>> {
    let (ladder_name, ladder) = policy.ladder_for(kind)?;
    let climbed = |status: &UnitStatus| {
        let days = status.zero_days.saturating_sub(window_days);
        ladder
            .free
            .iter()
            .rev()
            .find(|r| r.after_days <= days)
            .map(|r| (days, r))
    };
    let free_from = |status: &UnitStatus| status.epidemic_free.then(|| climbed(status)).flatten();
    let (level, why) = if let Some((days, rung)) = free_from(today) {
        (
            &rung.level,
            Why::Free {
                days,
                after_days: rung.after_days,
            },
        )
    } else if let Some((days, rung)) = today
        .pending
        .then(|| yesterday.and_then(free_from))
        .flatten()
    {
        (
            &rung.level,
            Why::Pending {
                days,
                after_days: rung.after_days,
            },
        )
    } else {
        (
            &ladder.not_free,
            Why::NotFree {
                holdback: today.holdback,
            },
        )
    };
    Some(LevelInForce {
        ladder: ladder_name,
        level: policy.level(level)?,
        why,
    })
}

/// Every unit's status on a day and the level in force for each (by tree
/// index; `None` for units without a ladder).
#[derive(Debug, Clone)]
pub struct Levels<'a> {
    /// The statuses the levels follow.
    pub status: StatusOn,
    /// The level of each unit.
    pub levels: Vec<Option<LevelInForce<'a>>>,
}

/// The level in force for every unit of the engine's tree on `day`, at a
/// moment when the reports from `pending_from` are not yet due; `None` if
/// the day is outside the engine's grid.
pub fn levels_on<'a>(
    engine: &Engine,
    policy: &'a MovementPolicy,
    day: Day,
    pending_from: Option<Day>,
) -> Option<Levels<'a>> {
    let status = engine.status_as_of(day, pending_from)?;
    let yesterday = day
        .plus_days(-1)
        .and_then(|d| engine.status_as_of(d, pending_from));
    let levels = levels_from(
        engine.tree(),
        policy,
        &status,
        yesterday.as_ref(),
        engine.rules().window_days,
    );
    Some(Levels { status, levels })
}

/// The level in force for every unit of `tree` (by tree index) given every
/// unit's status on the day and the day before.
pub fn levels_from<'a>(
    tree: &UnitTree,
    policy: &'a MovementPolicy,
    today: &StatusOn,
    yesterday: Option<&StatusOn>,
    window_days: u32,
) -> Vec<Option<LevelInForce<'a>>> {
    (0..tree.len())
        .map(|i| {
            level_in_force(
                policy,
                tree.unit(i as UnitIndex).kind,
                &today.units[i],
                yesterday.map(|y| &y.units[i]),
                window_days,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::movement::Purpose;

    fn status(zero_days: u32, free: bool, pending: bool) -> UnitStatus {
        UnitStatus {
            zero_days,
            measures_ok: true,
            epidemic_free: free,
            pending,
            earliest_free: Day::parse("2020-03-01").expect("day"),
            holdback: None,
            shortest_leaf: 0,
            measures_leaf: None,
            held: None,
        }
    }

    fn level_of(kind: UnitKind, today: UnitStatus, yesterday: Option<UnitStatus>) -> (String, Why) {
        let p = MovementPolicy::default();
        let l = level_in_force(&p, kind, &today, yesterday.as_ref(), 14).expect("a ladder");
        (l.level.name.clone(), l.why)
    }

    #[test]
    fn a_unit_not_free_is_closed() {
        let (level, why) = level_of(UnitKind::Compound, status(3, false, false), None);
        assert_eq!(level, "closed");
        assert_eq!(why, Why::NotFree { holdback: None });
    }

    #[test]
    fn a_compound_climbs_its_ladder_by_days_free() {
        assert_eq!(
            level_of(UnitKind::Compound, status(14, true, false), None).0,
            "compound"
        );
        assert_eq!(
            level_of(UnitKind::Compound, status(27, true, false), None).0,
            "compound"
        );
        let (level, why) = level_of(UnitKind::Compound, status(28, true, false), None);
        assert_eq!(level, "community");
        assert_eq!(
            why,
            Why::Free {
                days: 14,
                after_days: 14
            }
        );
        assert_eq!(
            level_of(UnitKind::Compound, status(60, true, false), None).0,
            "subdistrict"
        );
    }

    #[test]
    fn a_village_farms_first_where_a_compound_may_not() {
        let p = MovementPolicy::default();
        let free = status(14, true, false);
        let village = level_in_force(&p, UnitKind::Village, &free, None, 14).expect("ladder");
        let compound = level_in_force(&p, UnitKind::Compound, &free, None, 14).expect("ladder");
        assert!(village.level.allows(Purpose::Farm));
        assert!(!compound.level.allows(Purpose::Farm));
    }

    #[test]
    fn a_report_not_yet_due_keeps_the_day_befores_level() {
        let (level, why) = level_of(
            UnitKind::Compound,
            status(0, false, true),
            Some(status(30, true, false)),
        );
        assert_eq!(level, "community");
        assert_eq!(
            why,
            Why::Pending {
                days: 16,
                after_days: 14
            }
        );
    }

    #[test]
    fn pending_without_a_free_day_before_stays_closed() {
        let (level, _) = level_of(
            UnitKind::Compound,
            status(0, false, true),
            Some(status(5, false, false)),
        );
        assert_eq!(level, "closed");
    }

    #[test]
    fn a_case_the_day_after_drops_the_unit_to_closed_whatever_it_climbed() {
        // A unit free for 40 days files a case: its run is 0 and it is not free.
        let (level, _) = level_of(
            UnitKind::Compound,
            status(0, false, false),
            Some(status(54, true, false)),
        );
        assert_eq!(level, "closed");
    }

    #[test]
    fn units_above_the_community_have_no_ladder() {
        let p = MovementPolicy::default();
        assert!(
            level_in_force(
                &p,
                UnitKind::Subdistrict,
                &status(40, true, false),
                None,
                14
            )
            .is_none()
        );
    }

    #[test]
    fn special_places_open_last() {
        assert_eq!(
            level_of(UnitKind::SpecialPlace, status(30, true, false), None).0,
            "closed"
        );
        assert_eq!(
            level_of(UnitKind::SpecialPlace, status(42, true, false), None).0,
            "compound"
        );
    }
}
