//! Today, as the platform sees it: the current Asia/Shanghai civil day.

use fangkong_domain::Day;
use jiff::Timestamp;

/// The current Asia/Shanghai civil day.
pub fn today() -> Day {
    Day::in_shanghai(Timestamp::now())
}
