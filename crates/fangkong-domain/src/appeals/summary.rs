//! What an appeal's life adds up to at a moment: where it stands, when it was
//! first answered and how long that took, whether it is late and how far it has
//! been escalated, and what became of its promise. A reopened appeal is owed a
//! new answer: its deadline runs again from the reopening, and it is late when
//! that passes unanswered.

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
    /// When it is (or was) due to be answered: from receipt, or from its last
    /// reopening.
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

/// The summary at `now` of an appeal received at `received` (`routed` as it
/// was taken in, or not).
pub fn summary(
    received: Timestamp,
    category: Category,
    urgency: Urgency,
    routed: bool,
    changes: &[Change],
    deadlines: &Deadlines,
    now: Timestamp,
) -> Result<Summary, LifecycleError> {
    let st = status(routed, changes)?;
    let allowed = deadlines.allowed(category, urgency);
    let is_answer = |c: &&Change| matches!(c.event, Event::Answered { .. });
    let answered_at = changes.iter().find(is_answer).map(|c| c.at);
    // The clock runs from receipt, or again from the last reopening.
    let (clock_from, since) = match changes.iter().rposition(|c| c.event == Event::Reopened) {
        Some(i) => (changes[i].at, &changes[i + 1..]),
        None => (received, changes),
    };
    let answered_since = since.iter().find(is_answer).map(|c| c.at);
    let late = lateness(clock_from, allowed, now);
    let (late_by, escalation) = match answered_since {
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
            false,
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
            false,
            &changes[..1],
            &d,
            at(30),
        )
        .expect("valid");
        assert_eq!(waiting.late_by, Some(SignedDuration::from_hours(18)));
        assert_eq!(waiting.escalation, 2, "12 h allowed, 18 h late");
    }

    #[test]
    fn a_reopened_appeal_is_owed_a_new_answer_by_a_new_deadline() {
        let change = |hour: i64, event: Event, note: &str| Change {
            at: at(hour),
            actor: "h".into(),
            event,
            note: note.into(),
        };
        let mut changes = vec![
            change(
                1,
                Event::Assigned {
                    unit: UnitCode::parse("M").expect("code"),
                },
                "",
            ),
            change(2, Event::Answered { promised: None }, "已送药"),
            change(3, Event::Closed, ""),
            change(10, Event::Reopened, "药没有送到"),
        ];
        let d = Deadlines::default();
        let urgent = |changes: &[Change], now| {
            summary(
                at(0),
                Category::Medical,
                Urgency::Urgent,
                false,
                changes,
                &d,
                at(now),
            )
            .expect("valid")
        };
        // Urgent: 4 h from the reopening at hour 10.
        let within = urgent(&changes, 13);
        assert_eq!(within.due, at(14));
        assert_eq!(within.late_by, None);
        let late = urgent(&changes, 16);
        assert_eq!(
            late.late_by,
            Some(SignedDuration::from_hours(2)),
            "overdue again"
        );
        assert_eq!(late.escalation, 1);
        assert_eq!(
            late.answered_at,
            Some(at(2)),
            "the first answer still counts for response time"
        );
        changes.push(change(15, Event::Answered { promised: None }, "已重新送药"));
        assert_eq!(urgent(&changes, 40).late_by, None, "answered again");
    }
}
