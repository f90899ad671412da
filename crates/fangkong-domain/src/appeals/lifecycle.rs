//! An appeal's life: received → assigned → in progress → answered → closed, and
//! reopened; every change with who, when and a note. An appeal routed to a
//! unit as it is taken in starts assigned to it: that unit can act at once,
//! without first assigning it to itself. An answer may promise a
//! date ("do not promise what you cannot do; what you promise, deliver"): the
//! promise is kept when the appeal is closed by that day and stays closed, and
//! broken otherwise. A caller's satisfaction is asked after closure, as its own
//! step (a call back), once per closure.

use jiff::Timestamp;
use serde::Serialize;

use crate::{Day, UnitCode};

/// Where an appeal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Taken in, not yet sent to a unit.
    Received,
    /// Sent to the unit responsible.
    Assigned,
    /// Being worked on (also after a reopening).
    InProgress,
    /// Answered to the caller (possibly with a promised date).
    Answered,
    /// Closed.
    Closed,
}

impl Status {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::Answered => "answered",
            Status::Closed => "closed",
        }
    }

    /// Open311's two states: everything but `closed` is `open`.
    pub fn open311(self) -> &'static str {
        if self == Status::Closed {
            "closed"
        } else {
            "open"
        }
    }
}

/// What happened to an appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// Sent (or sent again, or escalated) to a unit.
    Assigned {
        /// The unit.
        unit: UnitCode,
    },
    /// Work started.
    Started,
    /// The caller was answered; a promise names the day it will be done by.
    Answered {
        /// The day promised, if one was.
        promised: Option<Day>,
    },
    /// Closed.
    Closed,
    /// The caller, asked after closure, rated how it was handled.
    Rated {
        /// 1 (very dissatisfied) to 5 (very satisfied).
        satisfaction: u8,
    },
    /// Opened again after closure.
    Reopened,
}

impl Event {
    /// The name in files and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Assigned { .. } => "assigned",
            Event::Started => "started",
            Event::Answered { .. } => "answered",
            Event::Closed => "closed",
            Event::Rated { .. } => "rated",
            Event::Reopened => "reopened",
        }
    }

    /// Every event's name, in the order of a life.
    pub const NAMES: [&'static str; 6] = [
        "assigned", "started", "answered", "closed", "rated", "reopened",
    ];

    /// The event named `name`, with what it needs: a unit for an assignment,
    /// a satisfaction for a rating; a promise only goes with an answer.
    pub fn from_parts(
        name: &str,
        unit: Option<UnitCode>,
        promised: Option<Day>,
        satisfaction: Option<u8>,
    ) -> Result<Event, LifecycleError> {
        Ok(match name {
            "assigned" => Event::Assigned {
                unit: unit.ok_or(LifecycleError::Needs("an assignment names the unit"))?,
            },
            "started" => Event::Started,
            "answered" => Event::Answered { promised },
            "closed" => Event::Closed,
            "rated" => Event::Rated {
                satisfaction: satisfaction.ok_or(LifecycleError::Needs(
                    "a rating gives the satisfaction, 1 to 5",
                ))?,
            },
            "reopened" => Event::Reopened,
            _ => return Err(LifecycleError::UnknownEvent(name.to_string())),
        })
    }
}

/// One change: what, when, who, and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// When.
    pub at: Timestamp,
    /// Who (an account's name).
    pub actor: String,
    /// What.
    pub event: Event,
    /// Why or what was done, in words (a reopening and an answer need one).
    pub note: String,
}

/// Why a change cannot happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// Occurs when the event does not follow from where the appeal stands.
    #[error("an appeal that is {from} cannot be {event}")]
    Transition {
        /// Where it stands.
        from: &'static str,
        /// The event refused.
        event: &'static str,
    },
    /// Occurs when an answer or a reopening has no note.
    #[error("a {0} needs a note saying what was answered or why")]
    NoteMissing(&'static str),
    /// Occurs when an event's name is none of [`Event::NAMES`].
    #[error("'{0}' is not an event (assigned, started, answered, closed, rated, reopened)")]
    UnknownEvent(String),
    /// Occurs when an event lacks what it needs.
    #[error("{0}")]
    Needs(&'static str),
    /// Occurs when a closure is rated a second time.
    #[error("the caller already rated this closure")]
    AlreadyRated,
    /// Occurs when a satisfaction is outside 1 to 5.
    #[error("satisfaction is 1 to 5, not {0}")]
    Satisfaction(u8),
    /// Occurs when a change is dated before the one it follows.
    #[error("a change cannot be dated before the previous one")]
    OutOfOrder,
    /// Occurs when a promise is for a day before the answer's.
    #[error("a promise cannot be for {promised}, before the answer ({answered})")]
    PromiseInPast {
        /// The day promised.
        promised: Day,
        /// The day of the answer.
        answered: Day,
    },
}

/// Where an appeal starts: assigned if it was routed to a unit as it was
/// taken in, else received (waiting for the command centre to send it).
pub fn start(routed: bool) -> Status {
    if routed {
        Status::Assigned
    } else {
        Status::Received
    }
}

/// Where an appeal stands after `changes`, or the first change that breaks the
/// rules. Starts as [`start`] says.
pub fn status(routed: bool, changes: &[Change]) -> Result<Status, LifecycleError> {
    let mut now = start(routed);
    let mut last: Option<Timestamp> = None;
    let mut rated = false;
    for c in changes {
        if matches!(c.event, Event::Rated { .. }) {
            if rated {
                return Err(LifecycleError::AlreadyRated);
            }
            rated = true;
        } else if c.event == Event::Closed {
            rated = false;
        }
        now = next(now, c, last)?;
        last = Some(c.at);
    }
    Ok(now)
}

/// Where an appeal with `changes` would stand after one more, `change`.
pub fn after(routed: bool, changes: &[Change], change: &Change) -> Result<Status, LifecycleError> {
    // A life is short (a handful of changes): checking it whole keeps one rule.
    let mut all = changes.to_vec();
    all.push(change.clone());
    status(routed, &all)
}

/// The steps that may come next in a life of `changes` (by name, in the
/// order of a life): each is tried against the rules as it would be taken now.
pub fn allowed_next(routed: bool, changes: &[Change]) -> Vec<&'static str> {
    let at = changes.last().map_or(Timestamp::UNIX_EPOCH, |c| c.at);
    let unit = UnitCode::parse("X").ok();
    Event::NAMES
        .into_iter()
        .filter(|name| {
            Event::from_parts(name, unit.clone(), None, Some(3)).is_ok_and(|event| {
                let change = Change {
                    at,
                    actor: String::new(),
                    event,
                    note: "-".into(),
                };
                after(routed, changes, &change).is_ok()
            })
        })
        .collect()
}

/// The caller's satisfaction with the last closure, if they gave it.
pub fn satisfaction(changes: &[Change]) -> Option<u8> {
    changes.iter().rev().find_map(|c| match c.event {
        Event::Rated { satisfaction } => Some(Some(satisfaction)),
        Event::Closed | Event::Reopened => Some(None),
        _ => None,
    })?
}

/// Checks one more change on an appeal that stands at `now`.
pub fn next(now: Status, c: &Change, last: Option<Timestamp>) -> Result<Status, LifecycleError> {
    if last.is_some_and(|l| c.at < l) {
        return Err(LifecycleError::OutOfOrder);
    }
    use Status::*;
    let refused = || LifecycleError::Transition {
        from: now.name(),
        event: c.event.name(),
    };
    Ok(match (&c.event, now) {
        (Event::Assigned { .. }, Received | Assigned | InProgress | Answered) => Assigned,
        (Event::Started, Assigned) => InProgress,
        (Event::Answered { promised }, Assigned | InProgress | Answered) => {
            if c.note.trim().is_empty() {
                return Err(LifecycleError::NoteMissing("answer"));
            }
            let answered = Day::in_shanghai(c.at);
            if let Some(p) = promised
                && *p < answered
            {
                return Err(LifecycleError::PromiseInPast {
                    promised: *p,
                    answered,
                });
            }
            Answered
        }
        (Event::Closed, Answered) => Closed,
        (Event::Rated { satisfaction }, Closed) => {
            if !(1..=5).contains(satisfaction) {
                return Err(LifecycleError::Satisfaction(*satisfaction));
            }
            Closed
        }
        (Event::Reopened, Closed) => {
            if c.note.trim().is_empty() {
                return Err(LifecycleError::NoteMissing("reopening"));
            }
            InProgress
        }
        _ => return Err(refused()),
    })
}

/// The unit an appeal is with: the last it was assigned to, or else the one it
/// was routed to.
pub fn current_unit<'a>(
    changes: &'a [Change],
    routed: Option<&'a UnitCode>,
) -> Option<&'a UnitCode> {
    changes
        .iter()
        .rev()
        .find_map(|c| match &c.event {
            Event::Assigned { unit } => Some(unit),
            _ => None,
        })
        .or(routed)
}

/// What became of an appeal's last promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Promise {
    /// Closed by the day promised, and not reopened.
    Kept,
    /// The day passed without the appeal closed, or it was closed late, or
    /// reopened after.
    Broken,
    /// The day has not come and the appeal is not closed yet.
    Pending,
}

impl Promise {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Promise::Kept => "kept",
            Promise::Broken => "broken",
            Promise::Pending => "pending",
        }
    }
}

/// The fate of the last promise made, as of `today`; `None` if nothing was promised.
pub fn promise(changes: &[Change], today: Day) -> Option<(Day, Promise)> {
    let (i, promised) = changes
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, c)| match c.event {
            Event::Answered {
                promised: Some(p), ..
            } => Some((i, p)),
            _ => None,
        })?;
    let after = &changes[i + 1..];
    let closed = after.iter().find_map(|c| match c.event {
        Event::Closed => Some(Day::in_shanghai(c.at)),
        _ => None,
    });
    let reopened = after.iter().any(|c| c.event == Event::Reopened);
    let fate = match closed {
        Some(d) if d <= promised && !reopened => Promise::Kept,
        Some(_) => Promise::Broken,
        None if today > promised => Promise::Broken,
        None => Promise::Pending,
    };
    Some((promised, fate))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &str, hour: i8) -> Timestamp {
        Day::parse(day)
            .expect("day")
            .at_shanghai(jiff::civil::time(hour, 0, 0, 0))
            .expect("instant")
    }

    fn change(day: &str, hour: i8, event: Event, note: &str) -> Change {
        Change {
            at: at(day, hour),
            actor: "hotline1".into(),
            event,
            note: note.into(),
        }
    }

    fn unit() -> UnitCode {
        UnitCode::parse("420106012001").expect("code")
    }

    fn answered_with_promise(promised: &str) -> Vec<Change> {
        vec![
            change("2020-03-02", 9, Event::Assigned { unit: unit() }, ""),
            change("2020-03-02", 10, Event::Started, ""),
            change(
                "2020-03-02",
                16,
                Event::Answered {
                    promised: Day::parse(promised).ok(),
                },
                "社区明天上门送药",
            ),
        ]
    }

    #[test]
    fn an_appeal_goes_from_received_to_closed_and_can_be_reopened() {
        let mut c = answered_with_promise("2020-03-03");
        assert_eq!(status(false, &c), Ok(Status::Answered));
        c.push(change("2020-03-03", 11, Event::Closed, ""));
        assert_eq!(status(false, &c), Ok(Status::Closed));
        assert_eq!(satisfaction(&c), None, "not asked yet");
        let rating = change("2020-03-04", 8, Event::Rated { satisfaction: 5 }, "回访");
        assert_eq!(after(false, &c, &rating), Ok(Status::Closed));
        c.push(rating.clone());
        assert_eq!(satisfaction(&c), Some(5));
        assert_eq!(
            after(false, &c, &rating),
            Err(LifecycleError::AlreadyRated),
            "once per closure"
        );
        assert_eq!(Status::Closed.open311(), "closed");
        c.push(change("2020-03-04", 9, Event::Reopened, "药没有送到"));
        assert_eq!(status(false, &c), Ok(Status::InProgress));
        assert_eq!(Status::InProgress.open311(), "open");
    }

    #[test]
    fn changes_that_do_not_follow_are_refused_and_say_why() {
        let skip = [change("2020-03-02", 9, Event::Closed, "")];
        assert_eq!(
            status(false, &skip),
            Err(LifecycleError::Transition {
                from: "received",
                event: "closed"
            })
        );
        let mut c = answered_with_promise("2020-03-03");
        c[2].note = " ".into();
        assert_eq!(
            status(false, &c),
            Err(LifecycleError::NoteMissing("answer"))
        );
        let past = answered_with_promise("2020-03-01");
        assert!(matches!(
            status(false, &past),
            Err(LifecycleError::PromiseInPast { .. })
        ));
        let mut back = answered_with_promise("2020-03-03");
        back[1].at = at("2020-03-01", 9);
        assert_eq!(status(false, &back), Err(LifecycleError::OutOfOrder));
        let mut bad = answered_with_promise("2020-03-03");
        let early = change("2020-03-03", 9, Event::Rated { satisfaction: 4 }, "");
        assert_eq!(
            after(false, &bad, &early),
            Err(LifecycleError::Transition {
                from: "answered",
                event: "rated"
            }),
            "asked after closure, not before"
        );
        bad.push(change("2020-03-03", 9, Event::Closed, ""));
        bad.push(change(
            "2020-03-03",
            10,
            Event::Rated { satisfaction: 9 },
            "",
        ));
        assert_eq!(status(false, &bad), Err(LifecycleError::Satisfaction(9)));
        assert_eq!(
            Event::from_parts("assigned", None, None, None),
            Err(LifecycleError::Needs("an assignment names the unit"))
        );
        assert!(matches!(
            Event::from_parts("finished", None, None, None),
            Err(LifecycleError::UnknownEvent(_))
        ));
        for name in Event::NAMES {
            let e = Event::from_parts(name, Some(unit()), None, Some(3)).expect("event");
            assert_eq!(e.name(), name);
        }
        let mut silent = answered_with_promise("2020-03-03");
        silent.push(change("2020-03-03", 9, Event::Closed, ""));
        silent.push(change("2020-03-04", 9, Event::Reopened, ""));
        assert_eq!(
            status(false, &silent),
            Err(LifecycleError::NoteMissing("reopening"))
        );
    }

    #[test]
    fn the_steps_offered_next_are_those_the_rules_allow() {
        assert_eq!(allowed_next(false, &[]), ["assigned"]);
        // Routed as it was taken in: its unit can start at once.
        assert_eq!(status(true, &[]), Ok(Status::Assigned));
        assert_eq!(allowed_next(true, &[]), ["assigned", "started", "answered"]);
        let mut c = answered_with_promise("2020-03-03");
        assert_eq!(allowed_next(false, &c), ["assigned", "answered", "closed"]);
        c.push(change("2020-03-03", 11, Event::Closed, ""));
        assert_eq!(allowed_next(false, &c), ["rated", "reopened"]);
        c.push(change(
            "2020-03-03",
            12,
            Event::Rated { satisfaction: 4 },
            "",
        ));
        assert_eq!(
            allowed_next(false, &c),
            ["reopened"],
            "rated once per closure"
        );
    }

    #[test]
    fn an_appeal_is_with_its_last_assignment_or_where_it_was_routed() {
        let routed = UnitCode::parse("420106000000").expect("code");
        assert_eq!(current_unit(&[], Some(&routed)), Some(&routed));
        assert_eq!(current_unit(&[], None), None);
        let c = answered_with_promise("2020-03-03");
        assert_eq!(current_unit(&c, Some(&routed)), Some(&unit()));
    }

    #[test]
    fn a_promise_is_kept_by_closing_in_time_and_broken_otherwise() {
        let day = |s: &str| Day::parse(s).expect("day");
        let pending = answered_with_promise("2020-03-05");
        assert_eq!(
            promise(&pending, day("2020-03-04")),
            Some((day("2020-03-05"), Promise::Pending))
        );
        assert_eq!(
            promise(&pending, day("2020-03-06")).map(|p| p.1),
            Some(Promise::Broken),
            "the day passed"
        );
        let mut kept = answered_with_promise("2020-03-05");
        kept.push(change("2020-03-05", 20, Event::Closed, ""));
        assert_eq!(
            promise(&kept, day("2020-03-09")).map(|p| p.1),
            Some(Promise::Kept)
        );
        let mut late = answered_with_promise("2020-03-05");
        late.push(change("2020-03-06", 8, Event::Closed, ""));
        assert_eq!(
            promise(&late, day("2020-03-09")).map(|p| p.1),
            Some(Promise::Broken)
        );
        kept.push(change("2020-03-06", 8, Event::Reopened, "问题没有解决"));
        assert_eq!(
            promise(&kept, day("2020-03-09")).map(|p| p.1),
            Some(Promise::Broken),
            "reopened: not delivered after all"
        );
        let none = vec![change(
            "2020-03-02",
            9,
            Event::Assigned { unit: unit() },
            "",
        )];
        assert_eq!(promise(&none, day("2020-03-09")), None);
    }
}
