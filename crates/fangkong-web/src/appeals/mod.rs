//! Citizen appeals on the web (SPEC §6): what the pages and the JSON API share.
//! Which appeals an account sees and how (the caller masked unless its role
//! calls back or visits), one appeal as shown, the figures of the dashboard,
//! and taking a call in. Every rule is the domain's; this only gathers.

pub mod alerts;
pub mod board;
pub mod explain;
pub mod intake;
pub mod queue;
pub mod view;
pub mod work;

use fangkong_domain::Day;
use jiff::Timestamp;

use crate::state::AppState;

/// The instant the figures are measured at for `day`: now ([`now`]) on today
/// or after, else the end of the day.
pub fn moment(state: &AppState, day: Day) -> Timestamp {
    if day >= state.clock.today() {
        return now(state);
    }
    day.at_shanghai(jiff::civil::time(23, 59, 59, 0))
        .unwrap_or_else(Timestamp::now)
}

/// The instant a change made now is recorded at ([`crate::clock::Clock::now`]).
pub fn now(state: &AppState) -> Timestamp {
    state.clock.now()
}
