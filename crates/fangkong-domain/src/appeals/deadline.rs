//! Deadlines by category and urgency, overdue appeals, and escalation up the
//! tree: an appeal not answered by its deadline is overdue, and for every
//! further deadline's length it stays unanswered it goes one level higher
//! (compound → community → subdistrict → district → city), so that a request
//! nobody answers reaches someone who will.

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::category::{Category, Urgency};
use crate::unit::{UnitIndex, UnitTree};

/// Hours to answer an appeal, by category, and for urgent ones (the shorter
/// wins). The `[appeals.deadlines]` section of the rules file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Deadlines {
    /// Any urgent appeal.
    pub urgent: u32,
    /// People stranded.
    pub stranded: u32,
    /// Transport.
    pub transport: u32,
    /// Daily supplies.
    pub supplies: u32,
    /// Medical help.
    pub medical: u32,
    /// Housing.
    pub housing: u32,
    /// Mental health.
    pub mental_health: u32,
    /// Complaints about officials.
    pub complaint: u32,
    /// Anything else.
    pub other: u32,
}

impl Default for Deadlines {
    /// Help that keeps people alive and fed within a day or two; the rest within
    /// the week, as the hotline's service commitments ran.
    fn default() -> Self {
        Deadlines {
            urgent: 4,
            stranded: 24,
            transport: 48,
            supplies: 24,
            medical: 12,
            housing: 72,
            mental_health: 24,
            complaint: 72,
            other: 120,
        }
    }
}

impl Deadlines {
    /// The time allowed to answer an appeal of this category and urgency.
    pub fn allowed(&self, category: Category, urgency: Urgency) -> SignedDuration {
        let by_category = match category {
            Category::Stranded => self.stranded,
            Category::Transport => self.transport,
            Category::Supplies => self.supplies,
            Category::Medical => self.medical,
            Category::Housing => self.housing,
            Category::MentalHealth => self.mental_health,
            Category::Complaint => self.complaint,
            Category::Other => self.other,
        };
        let hours = match urgency {
            Urgency::Urgent => by_category.min(self.urgent),
            Urgency::Normal => by_category,
        };
        SignedDuration::from_hours(i64::from(hours.max(1)))
    }
}

/// Where an unanswered appeal stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lateness {
    /// When it is due.
    pub due: Timestamp,
    /// How long past due (zero when not late).
    pub late_by: SignedDuration,
    /// Levels up the tree it has been escalated: 0 within the deadline, 1 once
    /// overdue, one more for every further deadline's length.
    pub levels: u32,
}

/// The lateness at `now` of an appeal received at `received` and not answered
/// yet, with `allowed` to answer it.
pub fn lateness(received: Timestamp, allowed: SignedDuration, now: Timestamp) -> Lateness {
    let due = received.checked_add(allowed).unwrap_or(received);
    let late_by = now.duration_since(due);
    if late_by <= SignedDuration::ZERO {
        return Lateness {
            due,
            late_by: SignedDuration::ZERO,
            levels: 0,
        };
    }
    let periods = late_by.as_secs() / allowed.as_secs().max(1);
    Lateness {
        due,
        late_by,
        levels: 1 + u32::try_from(periods).unwrap_or(u32::MAX - 1),
    }
}

/// The unit an appeal escalated `levels` times is with: that many levels above
/// `unit`, at most the root.
pub fn escalated(tree: &UnitTree, unit: UnitIndex, levels: u32) -> UnitIndex {
    let mut at = unit;
    for _ in 0..levels {
        match tree.parent(at) {
            Some(p) => at = p,
            None => break,
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::tree::tests::small_city;

    fn at(hour: i64) -> Timestamp {
        Timestamp::from_second(1_583_020_800 + hour * 3600).expect("instant")
    }

    #[test]
    fn urgent_appeals_get_the_shorter_deadline() {
        let d = Deadlines::default();
        assert_eq!(
            d.allowed(Category::Housing, Urgency::Normal),
            SignedDuration::from_hours(72)
        );
        assert_eq!(
            d.allowed(Category::Housing, Urgency::Urgent),
            SignedDuration::from_hours(4)
        );
        assert_eq!(
            d.allowed(Category::Medical, Urgency::Normal),
            SignedDuration::from_hours(12)
        );
    }

    #[test]
    fn an_unanswered_appeal_climbs_one_level_per_deadline_overdue() {
        let allowed = SignedDuration::from_hours(12);
        assert_eq!(lateness(at(0), allowed, at(11)).levels, 0);
        assert_eq!(
            lateness(at(0), allowed, at(12)).levels,
            0,
            "due at the hour"
        );
        let l = lateness(at(0), allowed, at(13));
        assert_eq!((l.levels, l.late_by), (1, SignedDuration::from_hours(1)));
        assert_eq!(lateness(at(0), allowed, at(25)).levels, 2);
        assert_eq!(
            lateness(at(0), allowed, at(24 * 30)).levels,
            60,
            "708 h late: 1 + 59 deadlines"
        );
        let tree = crate::UnitTree::build(small_city()).expect("tree");
        let k1 = tree
            .index_of(&crate::UnitCode::parse("K1").expect("code"))
            .expect("K1");
        let name = |i: UnitIndex| tree.unit(i).code.to_string();
        assert_eq!(name(escalated(&tree, k1, 0)), "K1");
        assert_eq!(name(escalated(&tree, k1, 1)), "M");
        assert_eq!(name(escalated(&tree, k1, 2)), "S");
        assert_eq!(name(escalated(&tree, k1, 60)), "C", "never past the city");
    }
}
