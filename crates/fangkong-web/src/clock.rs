//! `Clock`: the one clock of the web surface. Which day is today, and the
//! instant every surface records ("one clock for every timestamp").

use fangkong_domain::Day;

/// Which day is today.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The current Asia/Shanghai civil day.
    Live,
    /// A fixed day (a replay of a past season, such as the demo).
    Fixed(Day),
}

impl Clock {
    /// Today.
    pub fn today(self) -> Day {
        match self {
            Clock::Live => Day::in_shanghai(jiff::Timestamp::now()),
            Clock::Fixed(day) => day,
        }
    }

    /// Now: the real instant on the live clock; on a replayed season, today's
    /// date at the current time of day, so that what is done on the demo
    /// falls on its today. Every instant a surface records comes from here.
    pub fn now(self) -> jiff::Timestamp {
        let real = jiff::Timestamp::now();
        match self {
            Clock::Live => real,
            Clock::Fixed(day) => day
                .at_shanghai(Day::shanghai_time(real).time())
                .unwrap_or(real),
        }
    }
}
