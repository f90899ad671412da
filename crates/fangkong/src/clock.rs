//! Today, as the platform sees it: the current Asia/Shanghai civil day, or the
//! day a replayed season (the demo) takes as today.

use anyhow::Context;
use fangkong_domain::Day;
use fangkong_store::Store;
use jiff::Timestamp;

use crate::demo::CLOCK_DAY;

/// The current Asia/Shanghai civil day.
pub fn today() -> Day {
    Day::in_shanghai(Timestamp::now())
}

/// The clock of this database: replaying its `clock_day` setting if it has
/// one, else the live clock. Every instant a command records or judges by
/// (a report not yet due, an alert) comes from it.
pub async fn clock_in(store: &Store) -> anyhow::Result<fangkong_web::state::Clock> {
    Ok(match store.setting(CLOCK_DAY).await? {
        Some(_) => fangkong_web::state::Clock::Fixed(today_in(store).await?),
        None => fangkong_web::state::Clock::Live,
    })
}

/// Now on this database's clock: what every command records changes at.
pub async fn now_in(store: &Store) -> anyhow::Result<Timestamp> {
    Ok(clock_in(store).await?.now())
}

/// The first day whose reports are not yet due now on this database's clock.
pub async fn pending_from(
    store: &Store,
    deadline: &fangkong_domain::quality::Deadline,
) -> anyhow::Result<Day> {
    Ok(deadline.pending_from(clock_in(store).await?.now()))
}

/// Today for this database: its `clock_day` setting if it replays a past season,
/// else the current day. Reporting commands default to it.
pub async fn today_in(store: &Store) -> anyhow::Result<Day> {
    match store.setting(CLOCK_DAY).await? {
        Some(day) => {
            Day::parse(&day).with_context(|| format!("the setting {CLOCK_DAY} is not a day"))
        }
        None => Ok(today()),
    }
}
