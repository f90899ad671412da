//! The dashboard's figures for offices, beside the published headline
//! figures ([`crate::headline`]): what the engine says of the grassroots
//! reports of the day and the day before.

use fangkong_domain::Day;

use crate::headline::HeadlineItem;
use crate::i18n::Lang;
use crate::i18n::catalogue::{format, text};

/// The figures only offices see, each with its change from the day before:
/// reports missing, not yet due or late (a day's reports are one or the
/// other). Appeals past their deadline and high alerts belong here too, but
/// each costs a pass over every appeal or every alert rule (100–200 ms on the
/// demo), too slow for the dashboard until those are cached (issue 20,
/// item 7); their own boards show them.
pub async fn office(
    state: &crate::AppState,
    day: Day,
    lang: Lang,
) -> Result<Vec<HeadlineItem>, crate::error::ApiError> {
    let item = |name: &'static str, id: &str, today: usize, before: Option<usize>| HeadlineItem {
        name,
        label: text(lang, id),
        value: today.to_string(),
        change: before.map_or_else(String::new, |b| {
            let c = today as i64 - b as i64;
            format(
                lang,
                "headline-change",
                &[("change", format!("{c:+}").into())],
            )
        }),
    };
    let before = day.plus_days(-1);
    let mut items = Vec::new();
    let loaded = state.engine.read().await;
    let grid = loaded.engine.grid();
    let missing = |d: Day| {
        grid.offset(d).map(|at| {
            (0..grid.slots())
                .filter(|&s| !grid.get(s, at).is_reported())
                .count()
        })
    };
    if let Some(today) = missing(day) {
        let id = if day >= state.pending_from() {
            "headline-unreported-due"
        } else {
            "headline-unreported-late"
        };
        items.push(item("unreported", id, today, before.and_then(missing)));
    }
    Ok(items)
}
