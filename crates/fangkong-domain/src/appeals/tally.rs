//! What a group of appeals adds up to (a category, a unit, the city): how many,
//! how many duplicates, open and overdue; response times as percentiles;
//! promises kept, broken and pending; the callers' mean satisfaction. And which
//! categories are rising: this week's appeals against the week before.

use serde::Serialize;

use super::lifecycle::{Promise, Status};
use super::summary::Summary;

/// The figures of a group of appeals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Appeals, each group of duplicates counted once.
    pub appeals: u32,
    /// Appeals that repeated an earlier one.
    pub duplicates: u32,
    /// Not closed.
    pub open: u32,
    /// Not answered and past due.
    pub overdue: u32,
    /// Promises closed by their day and not reopened.
    pub kept: u32,
    /// Promises whose day passed, or closed late, or reopened after.
    pub broken: u32,
    /// Promises whose day has not come.
    pub pending: u32,
    /// Hours from receipt to the first answer, of those answered.
    responses: Vec<f64>,
    /// The callers' ratings, 1 to 5.
    ratings: Vec<u8>,
}

impl Tally {
    /// Counts one appeal (the first of its group) by its summary.
    pub fn add(&mut self, s: &Summary) {
        self.appeals += 1;
        self.open += u32::from(s.status != Status::Closed);
        self.overdue += u32::from(s.late_by.is_some());
        if let Some(d) = s.response {
            self.responses.push(d.as_secs_f64() / 3600.0);
        }
        match s.promise.map(|p| p.1) {
            Some(Promise::Kept) => self.kept += 1,
            Some(Promise::Broken) => self.broken += 1,
            Some(Promise::Pending) => self.pending += 1,
            None => {}
        }
        if let Some(x) = s.satisfaction {
            self.ratings.push(x);
        }
    }

    /// Counts one duplicate.
    pub fn add_duplicate(&mut self) {
        self.duplicates += 1;
    }

    /// The response time, in hours, that a share `p` (0 to 1) of answered
    /// appeals met (nearest rank); `None` when none was answered.
    pub fn response_hours(&mut self, p: f64) -> Option<f64> {
        if self.responses.is_empty() {
            return None;
        }
        self.responses.sort_by(f64::total_cmp);
        let n = self.responses.len();
        let k = ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
        Some(self.responses[k])
    }

    /// Answered appeals.
    pub fn answered(&self) -> usize {
        self.responses.len()
    }

    /// The share of decided promises that were kept (pending ones are not
    /// decided); `None` when none was.
    pub fn kept_share(&self) -> Option<f64> {
        let decided = self.kept + self.broken;
        (decided > 0).then(|| f64::from(self.kept) / f64::from(decided))
    }

    /// The callers' mean satisfaction; `None` when nobody rated.
    pub fn satisfaction(&self) -> Option<f64> {
        (!self.ratings.is_empty()).then(|| {
            self.ratings.iter().map(|&r| f64::from(r)).sum::<f64>() / self.ratings.len() as f64
        })
    }
}

/// A category rising in a unit: this week's appeals against last week's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rise {
    /// Appeals in the last seven days, up to the day.
    pub this_week: u32,
    /// Appeals in the seven days before those.
    pub last_week: u32,
}

impl Rise {
    /// Whether the count rose, by at least `minimum` appeals and by a half or
    /// more (so three appeals instead of two is not news).
    pub fn is_rising(self, minimum: u32) -> bool {
        self.this_week >= self.last_week + minimum.max(1)
            && f64::from(self.this_week) >= 1.5 * f64::from(self.last_week)
    }

    /// The change as a share of last week (`None` from nothing).
    pub fn change(self) -> Option<f64> {
        (self.last_week > 0).then(|| {
            (f64::from(self.this_week) - f64::from(self.last_week)) / f64::from(self.last_week)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Day;
    use jiff::{SignedDuration, Timestamp};

    fn summary(status: Status, hours: Option<i64>, promise: Option<Promise>) -> Summary {
        Summary {
            status,
            due: Timestamp::UNIX_EPOCH,
            answered_at: None,
            response: hours.map(SignedDuration::from_hours),
            late_by: None,
            escalation: 0,
            promise: promise.map(|p| (Day::parse("2020-03-05").expect("day"), p)),
            satisfaction: None,
        }
    }

    #[test]
    fn a_tally_counts_statuses_promises_and_response_percentiles() {
        let mut t = Tally::default();
        assert_eq!(t.response_hours(0.5), None, "nothing answered");
        assert_eq!(t.kept_share(), None);
        for h in [1, 2, 3, 4, 10] {
            t.add(&summary(Status::Closed, Some(h), Some(Promise::Kept)));
        }
        t.add(&summary(Status::Answered, Some(30), Some(Promise::Broken)));
        t.add(&summary(Status::Received, None, None));
        let mut late = summary(Status::Assigned, None, Some(Promise::Pending));
        late.late_by = Some(SignedDuration::from_hours(2));
        late.satisfaction = Some(2);
        t.add(&late);
        t.add_duplicate();
        assert_eq!((t.appeals, t.duplicates, t.open, t.overdue), (8, 1, 3, 1));
        assert_eq!((t.kept, t.broken, t.pending), (5, 1, 1));
        assert_eq!(t.answered(), 6);
        assert_eq!(t.response_hours(0.5), Some(3.0));
        assert_eq!(t.response_hours(0.9), Some(30.0));
        assert_eq!(t.kept_share(), Some(5.0 / 6.0), "pending is not decided");
        assert_eq!(t.satisfaction(), Some(2.0));
    }

    #[test]
    fn a_rise_is_large_enough_to_matter() {
        let rise = |this_week, last_week| Rise {
            this_week,
            last_week,
        };
        assert!(rise(12, 4).is_rising(3));
        assert!(!rise(3, 2).is_rising(3), "one more is not a rise");
        assert!(!rise(20, 18).is_rising(3), "not by a half");
        assert!(rise(3, 0).is_rising(3), "from nothing");
        assert!(!rise(0, 0).is_rising(0), "nothing is never rising");
        assert_eq!(rise(12, 4).change(), Some(2.0));
        assert_eq!(rise(3, 0).change(), None);
    }
}
