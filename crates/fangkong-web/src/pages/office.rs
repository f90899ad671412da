//! The dashboard's figures for offices, beside the published headline
//! figures ([`crate::headline`]): what the engine says of the grassroots
//! reports of the day and the day before.

use fangkong_domain::Day;

use crate::headline::{HeadlineItem, change_words};
use crate::i18n::Lang;
use crate::i18n::catalogue::text;

/// The figures only offices see, each with its change from the day before:
/// reports missing, not yet due or late (a day's reports are one or the
/// other). Appeals past their deadline and high alerts belong here too, but
/// each costs a pass over every appeal or every alert rule (100–200 ms on the
/// demo), too slow for the dashboard until those are cached (issue 20,
/// item 7); their own boards show them.
pub async fn office(state: &crate::AppState, day: Day, lang: Lang) -> Vec<HeadlineItem> {
    let loaded = state.engine.read().await;
    let grid = loaded.engine.grid();
    let missing = |d: Day| crate::view::received_on(grid, d).map(|r| grid.slots() - r);
    let Some(today) = missing(day) else {
        return Vec::new();
    };
    let before = day.plus_days(-1).and_then(missing);
    let id = if day >= state.pending_from() {
        "headline-unreported-due"
    } else {
        "headline-unreported-late"
    };
    vec![HeadlineItem {
        name: "unreported",
        label: text(lang, id),
        value: today.to_string(),
        change: change_words(before.map(|b| today as i64 - b as i64), lang),
    }]
}
