//! Close-contact follow-up (SPEC §5): a schedule of daily check-ins from the last
//! exposure to the release day (14 days by default), extended with a reason when
//! needed, and what is due, overdue and releasable on any day.

use serde::{Deserialize, Serialize};

use crate::Day;

/// The follow-up rules (the `[registry]` section of the rules file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FollowUpRules {
    /// Days of follow-up after the last exposure (one incubation period).
    pub days: u32,
}

impl Default for FollowUpRules {
    fn default() -> Self {
        FollowUpRules { days: 14 }
    }
}

/// How a day's check-in went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckInState {
    /// Seen, and well.
    SeenWell,
    /// Seen, and unwell (symptoms: a case for the doctors).
    SeenUnwell,
    /// Tried, and not reached.
    Missed,
    /// Not tried.
    NotAttempted,
}

impl CheckInState {
    /// Every state.
    pub const ALL: [CheckInState; 4] = [
        CheckInState::SeenWell,
        CheckInState::SeenUnwell,
        CheckInState::Missed,
        CheckInState::NotAttempted,
    ];

    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            CheckInState::SeenWell => "seen_well",
            CheckInState::SeenUnwell => "seen_unwell",
            CheckInState::Missed => "missed",
            CheckInState::NotAttempted => "not_attempted",
        }
    }

    /// Parses [`CheckInState::name`].
    pub fn parse(text: &str) -> Option<CheckInState> {
        CheckInState::ALL
            .into_iter()
            .find(|s| s.name() == text.trim())
    }

    /// Whether the day's check-in was done (the person was seen).
    pub fn is_done(self) -> bool {
        matches!(self, CheckInState::SeenWell | CheckInState::SeenUnwell)
    }
}

/// A close contact's follow-up: its first day and its release day, possibly
/// extended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The last exposure.
    pub last_exposure: Day,
    /// The release day (the last exposure plus the rules' days, or an extension).
    pub release: Day,
}

impl Schedule {
    /// The schedule from a last exposure.
    pub fn from_exposure(last_exposure: Day, rules: FollowUpRules) -> Option<Schedule> {
        Some(Schedule {
            last_exposure,
            release: last_exposure.plus_days(rules.days as i32)?,
        })
    }

    /// Moves the release day later (an extension); an earlier day is refused.
    pub fn extend(&mut self, to: Day) -> Result<(), String> {
        if to <= self.release {
            return Err(format!(
                "an extension moves the release day later than {}, not to {to}",
                self.release
            ));
        }
        self.release = to;
        Ok(())
    }

    /// Whether a check-in may be recorded for `day` when today is `today`: a
    /// follow-up day is after the last exposure, and not in the future.
    pub fn check_in_day(&self, day: Day, today: Day) -> Result<(), String> {
        if day <= self.last_exposure {
            return Err(format!(
                "{day} is not after the last exposure ({})",
                self.last_exposure
            ));
        }
        if day > today {
            return Err(format!("{day} is in the future"));
        }
        Ok(())
    }

    /// Where the follow-up stands on `day`, given the check-ins so far (any order).
    pub fn on(&self, day: Day, check_ins: &[(Day, CheckInState)]) -> FollowUpDay {
        let first = self.last_exposure.next().unwrap_or(self.last_exposure);
        let state_on = |d: Day| {
            check_ins
                .iter()
                .filter(|(cd, _)| *cd == d)
                .map(|(_, s)| *s)
                // A day's best outcome counts: seen after a missed call is seen.
                .max_by_key(|s| u8::from(s.is_done()))
        };
        let mut overdue = Vec::new();
        let mut d = first;
        // Days strictly before `day` (today's check-in may still come) and
        // before the release day.
        while d < day && d < self.release {
            if !state_on(d).is_some_and(CheckInState::is_done) {
                overdue.push(d);
            }
            match d.next() {
                Some(n) => d = n,
                None => break,
            }
        }
        let in_window = first <= day && day < self.release;
        FollowUpDay {
            due_today: in_window && !state_on(day).is_some_and(CheckInState::is_done),
            overdue,
            releasable: day >= self.release,
            unwell: check_ins
                .iter()
                .any(|(cd, s)| *cd <= day && *s == CheckInState::SeenUnwell),
        }
    }
}

/// What a follow-up asks for on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpDay {
    /// Today's check-in is still to do.
    pub due_today: bool,
    /// Earlier days without a done check-in, oldest first.
    pub overdue: Vec<Day>,
    /// The release day has come.
    pub releasable: bool,
    /// The person was seen unwell at least once.
    pub unwell: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(k: i32) -> Day {
        Day::parse("2020-02-01")
            .expect("day")
            .plus_days(k)
            .expect("day")
    }

    #[test]
    fn fourteen_days_from_the_last_exposure_with_overdue_days_named() {
        let s = Schedule::from_exposure(day(0), FollowUpRules::default()).expect("schedule");
        assert_eq!(s.release, day(14));
        let check_ins = [
            (day(1), CheckInState::SeenWell),
            (day(2), CheckInState::Missed),
            (day(3), CheckInState::NotAttempted),
            (day(4), CheckInState::Missed),
            (day(4), CheckInState::SeenWell),
        ];
        let d5 = s.on(day(5), &check_ins);
        assert!(d5.due_today);
        assert_eq!(
            d5.overdue,
            vec![day(2), day(3)],
            "missed and not attempted are not done"
        );
        assert!(!d5.releasable && !d5.unwell);
        let d14 = s.on(day(14), &check_ins);
        assert!(d14.releasable && !d14.due_today);
        assert_eq!(d14.overdue.len(), 13 - 2, "days 2, 3 and 5 to 13");
        assert!(
            !s.on(day(0), &[]).due_today,
            "no check-in on the exposure day itself"
        );
    }

    #[test]
    fn an_extension_moves_release_later_only() {
        let mut s = Schedule::from_exposure(day(0), FollowUpRules { days: 14 }).expect("schedule");
        assert!(s.extend(day(10)).is_err());
        assert!(s.extend(day(14)).is_err());
        assert_eq!(s.extend(day(21)), Ok(()));
        assert!(!s.on(day(14), &[]).releasable);
        assert!(s.on(day(21), &[]).releasable);
        let unwell = s.on(day(3), &[(day(2), CheckInState::SeenUnwell)]);
        assert!(unwell.unwell);
        assert_eq!(
            CheckInState::parse("seen_well"),
            Some(CheckInState::SeenWell)
        );
        assert_eq!(CheckInState::parse("well"), None);
        assert_eq!(s.check_in_day(day(1), day(5)), Ok(()));
        assert!(
            s.check_in_day(day(0), day(5)).is_err(),
            "the exposure day itself"
        );
        assert!(s.check_in_day(day(6), day(5)).is_err(), "the future");
    }
}
