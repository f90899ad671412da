//! Passes (出入证): a person of a unit may go out for a purpose during a
//! period, where the unit's movement level allows that purpose. A pass is
//! valid on a day only if it is within its period, not revoked, and the level
//! in force for its unit on that day allows its purpose — so a pass lapses by
//! itself the day its unit loses the level and comes back when the unit
//! regains it. The signed token that carries it is `fangkong_exchange::pass_token`.

use serde::{Deserialize, Serialize};

use crate::Day;
use crate::movement::{MovementLevel, Purpose};

/// What a pass says: the signed payload, with nothing personal but a masked name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pass {
    /// The pass's identifier (random, 16 hex digits).
    pub id: String,
    /// The unit's code.
    pub unit: String,
    /// The holder's name, masked (`王*`).
    pub holder: String,
    /// What the holder may go out for.
    pub purpose: Purpose,
    /// The first day it holds.
    pub from: Day,
    /// The last day it holds.
    pub until: Day,
}

/// Why a pass does not hold on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    /// The token is not signed by a key the server keeps, or was altered.
    BadSignature,
    /// The token cannot be read as a pass at all.
    Unreadable,
    /// The day is before the pass's first day.
    NotYet {
        /// Its first day.
        from: Day,
    },
    /// The day is after its last day.
    Expired {
        /// Its last day.
        until: Day,
    },
    /// The pass was revoked.
    Revoked {
        /// The day it was revoked.
        on: Day,
    },
    /// The server does not know the pass (issued by another deployment, or deleted).
    Unknown,
    /// The unit's level that day does not allow the pass's purpose.
    LevelDisallows {
        /// The level in force.
        level: String,
        /// The purpose.
        purpose: Purpose,
    },
    /// The unit has no movement level that day (not in the tree, or no ladder).
    NoLevel,
}

impl Refusal {
    /// A stable name, for messages and the API.
    pub fn name(&self) -> &'static str {
        match self {
            Refusal::BadSignature => "bad_signature",
            Refusal::Unreadable => "unreadable",
            Refusal::NotYet { .. } => "not_yet",
            Refusal::Expired { .. } => "expired",
            Refusal::Revoked { .. } => "revoked",
            Refusal::Unknown => "unknown",
            Refusal::LevelDisallows { .. } => "level_disallows",
            Refusal::NoLevel => "no_level",
        }
    }
}

/// Whether a pass whose signature holds is valid on `day`, given its
/// revocation day (if revoked on or before `day`) and the level in force for
/// its unit that day. The first failing condition is the reason.
pub fn check(
    pass: &Pass,
    day: Day,
    revoked_on: Option<Day>,
    level: Option<&MovementLevel>,
) -> Result<(), Refusal> {
    if day < pass.from {
        return Err(Refusal::NotYet { from: pass.from });
    }
    if day > pass.until {
        return Err(Refusal::Expired { until: pass.until });
    }
    if let Some(on) = revoked_on.filter(|&on| on <= day) {
        return Err(Refusal::Revoked { on });
    }
    let level = level.ok_or(Refusal::NoLevel)?;
    if !level.allows(pass.purpose) {
        return Err(Refusal::LevelDisallows {
            level: level.name.clone(),
            purpose: pass.purpose,
        });
    }
    Ok(())
}

/// Why a pass may not be issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// No days.
    #[error("a pass holds for 1 day or more (got {0})")]
    NoDays(i64),
    /// Too many days.
    #[error("a pass holds for at most {max} days (got {days})")]
    TooLong {
        /// Asked.
        days: i64,
        /// The limit.
        max: u32,
    },
    /// The unit's level on the first day does not allow the purpose.
    #[error("the unit's level on {day} ({level}) does not allow going out for {purpose}")]
    LevelDisallows {
        /// The first day.
        day: Day,
        /// The level.
        level: String,
        /// The purpose.
        purpose: Purpose,
    },
    /// The unit has no movement level (not a compound, village, community or special place).
    #[error(
        "the unit has no movement level: passes are for compounds, villages, communities and special places"
    )]
    NoLevel,
    /// The holder's name is empty.
    #[error("the holder's name is empty")]
    NoHolder,
}

/// Checks a pass request: `days` within 1..=`max_days`, a holder, and a
/// level on the first day that allows the purpose. Returns the last day.
pub fn may_issue(
    from: Day,
    days: i64,
    max_days: u32,
    holder: &str,
    purpose: Purpose,
    level: Option<&MovementLevel>,
) -> Result<Day, IssueError> {
    if holder.trim().is_empty() {
        return Err(IssueError::NoHolder);
    }
    if days < 1 {
        return Err(IssueError::NoDays(days));
    }
    if days > i64::from(max_days) {
        return Err(IssueError::TooLong {
            days,
            max: max_days,
        });
    }
    let level = level.ok_or(IssueError::NoLevel)?;
    if !level.allows(purpose) {
        return Err(IssueError::LevelDisallows {
            day: from,
            level: level.name.clone(),
            purpose,
        });
    }
    let until =
        from.plus_days(i32::try_from(days - 1).unwrap_or(0))
            .ok_or(IssueError::TooLong {
                days,
                max: max_days,
            })?;
    Ok(until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::movement::MovementPolicy;

    fn day(s: &str) -> Day {
        Day::parse(s).expect("day")
    }

    fn pass() -> Pass {
        Pass {
            id: "00112233aabbccdd".into(),
            unit: "420102002003-02".into(),
            holder: "王*".into(),
            purpose: Purpose::Essential,
            from: day("2020-03-20"),
            until: day("2020-03-26"),
        }
    }

    fn level(name: &str) -> MovementLevel {
        MovementPolicy::default()
            .level(name)
            .cloned()
            .expect("level")
    }

    #[test]
    fn a_pass_holds_within_its_period_at_a_level_that_allows_it() {
        let l = level("compound");
        assert_eq!(check(&pass(), day("2020-03-20"), None, Some(&l)), Ok(()));
        assert_eq!(check(&pass(), day("2020-03-26"), None, Some(&l)), Ok(()));
    }

    #[test]
    fn a_pass_outside_its_period_says_which_side() {
        let l = level("compound");
        assert_eq!(
            check(&pass(), day("2020-03-19"), None, Some(&l)),
            Err(Refusal::NotYet {
                from: day("2020-03-20")
            })
        );
        assert_eq!(
            check(&pass(), day("2020-03-27"), None, Some(&l)),
            Err(Refusal::Expired {
                until: day("2020-03-26")
            })
        );
    }

    #[test]
    fn a_revoked_pass_fails_from_its_revocation_day_only() {
        let l = level("compound");
        let on = Some(day("2020-03-23"));
        assert_eq!(check(&pass(), day("2020-03-22"), on, Some(&l)), Ok(()));
        assert_eq!(
            check(&pass(), day("2020-03-23"), on, Some(&l)),
            Err(Refusal::Revoked {
                on: day("2020-03-23")
            })
        );
    }

    #[test]
    fn a_pass_lapses_while_its_unit_is_closed_and_comes_back_after() {
        let closed = level("closed");
        let open = level("compound");
        assert_eq!(
            check(&pass(), day("2020-03-22"), None, Some(&closed)),
            Err(Refusal::LevelDisallows {
                level: "closed".into(),
                purpose: Purpose::Essential
            })
        );
        assert_eq!(check(&pass(), day("2020-03-23"), None, Some(&open)), Ok(()));
    }

    #[test]
    fn a_unit_without_a_level_refuses_every_pass() {
        assert_eq!(
            check(&pass(), day("2020-03-21"), None, None),
            Err(Refusal::NoLevel)
        );
    }

    #[test]
    fn issuing_checks_days_holder_and_level() {
        let l = level("compound");
        let from = day("2020-03-20");
        assert_eq!(
            may_issue(from, 7, 30, "王芳", Purpose::Essential, Some(&l)),
            Ok(day("2020-03-26"))
        );
        assert_eq!(
            may_issue(from, 0, 30, "王芳", Purpose::Essential, Some(&l)),
            Err(IssueError::NoDays(0))
        );
        assert_eq!(
            may_issue(from, 31, 30, "王芳", Purpose::Essential, Some(&l)),
            Err(IssueError::TooLong { days: 31, max: 30 })
        );
        assert_eq!(
            may_issue(from, 3, 30, " ", Purpose::Essential, Some(&l)),
            Err(IssueError::NoHolder)
        );
        assert!(matches!(
            may_issue(from, 3, 30, "王芳", Purpose::Work, Some(&l)),
            Err(IssueError::LevelDisallows { .. })
        ));
        assert_eq!(
            may_issue(from, 3, 30, "王芳", Purpose::Work, None),
            Err(IssueError::NoLevel)
        );
    }
}
