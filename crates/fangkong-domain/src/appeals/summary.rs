//! What an appeal's life adds up to at a moment: where it stands, when it was
//! first answered and how long that took, whether it is late and how far it has
//! been escalated, and what became of its promise.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::category::{Category, Urgency};
use super::deadline::{Deadlines, lateness};
use super::lifecycle::{
    Change, Event, LifecycleError, Promise, Status, promise, satisfaction, status,
};
use crate::Day;

/// An appeal's standing at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Where it stands.
    pub status: Status,
    /// When it is (or was) due to be answered.
    pub due: Timestamp,
    /// When it was first answered, if it was.
    pub answered_at: Option<Timestamp>,
    /// From receipt to the first answer, if answered.
    pub response: Option<SignedDuration>,
    /// Not yet answered and past due: by how long.
    pub late_by: Option<SignedDuration>,
    /// Levels up the tree it has been escalated (0: not late).
    pub escalation: u32,
    /// The last promise and its fate, if one was made.
    pub promise: Option<(Day, Promise)>,
    /// The caller's satisfaction with the last closure, if asked and given.
    pub satisfaction: Option<u8>,
}

/// The summary at `now` of an appeal received at `received`.
pub fn summary(
    received: Timestamp,
    category: Category,
    urgency: Urgency,
    changes: &[Change],
    deadlines: &Deadlines,
    now: Timestamp,
) -> Result<Summary, LifecycleError> {
    let st = status(changes)?;
    let allowed = deadlines.allowed(category, urgency);
    let answered_at = changes
        .iter()
        .find(|c| matches!(c.event, Event::Answered { .. }))
        .map(|c| c.at);
    let late = lateness(received, allowed, now);
    let (late_by, escalation) = match answered_at {
        Some(_) => (None, 0),
        None if late.levels > 0 => (Some(late.late_by), late.levels),
        None => (None, 0),
    };
    Ok(Summary {
        status: st,
        due: late.due,
        answered_at,
        response: answered_at.map(|a| a.duration_since(received)),
        late_by,
        escalation,
        promise: promise(changes, Day::in_shanghai(now)),
        satisfaction: satisfaction(changes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitCode;

    fn at(hour: i64) -> Timestamp {
        Timestamp::from_second(1_583_020_800 + hour * 3600).expect("instant")
    }

    #[test]
    fn an_answered_appeal_is_not_late_and_its_response_time_is_counted() {
        let changes = [
            Change {
                at: at(1),
                actor: "h".into(),
                event: Event::Assigned {
                    unit: UnitCode::parse("M").expect("code"),
                },
                note: String::new(),
            },
            Change {
                at: at(30),
                actor: "h".into(),
                event: Event::Answered { promised: None },
                note: "已安排".into(),
            },
        ];
        let d = Deadlines::default();
        let s = summary(
            at(0),
            Category::Medical,
            Urgency::Normal,
            &changes,
            &d,
            at(100),
        )
        .expect("valid");
        assert_eq!(s.status, Status::Answered);
        assert_eq!(s.response, Some(SignedDuration::from_hours(30)));
        assert_eq!((s.late_by, s.escalation), (None, 0), "answered, if late");
        let waiting = summary(
            at(0),
            Category::Medical,
            Urgency::Normal,
            &changes[..1],
            &d,
            at(30),
        )
        .expect("valid");
        assert_eq!(waiting.late_by, Some(SignedDuration::from_hours(18)));
        assert_eq!(waiting.escalation, 2, "12 h allowed, 18 h late");
    }
}
