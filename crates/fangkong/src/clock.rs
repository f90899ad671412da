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
