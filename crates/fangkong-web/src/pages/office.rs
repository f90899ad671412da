//! The dashboard's figures for offices, beside the published headline
//! figures ([`crate::headline`]), each with its change from the day before:
//! the grassroots reports not in (not yet due, or late), the appeals past
//! their deadline and the high alerts still open that the account sees.

use fangkong_domain::Day;

use crate::AppState;
use crate::auth::Viewer;
use crate::headline::{HeadlineItem, change_words};
use crate::i18n::Lang;
use crate::i18n::catalogue::text;
use crate::office::counts;

/// The figures only offices see: reports missing (not yet due or late: a
/// day's reports are one or the other), overdue appeals and open high
/// alerts. Appeals and alerts cost a pass over every appeal or alert rule,
/// so their counts are kept per role, scope and day until a filing or a
/// write moves them.
pub async fn office(state: &AppState, viewer: &Viewer, day: Day, lang: Lang) -> Vec<HeadlineItem> {
    let mut items = Vec::new();
    let unreported = {
        let loaded = state.engine.read().await;
        let grid = loaded.engine.grid();
        let missing = |d: Day| crate::view::received_on(grid, d).map(|r| grid.slots() - r);
        missing(day).map(|today| (today, day.plus_days(-1).and_then(missing)))
    };
    let Some((today, before)) = unreported else {
        return items;
    };
    let id = if day >= state.pending_from() {
        "headline-unreported-due"
    } else {
        "headline-unreported-late"
    };
    items.push(HeadlineItem {
        name: "unreported",
        label: text(lang, id),
        value: today.to_string(),
        change: change_words(before.map(|b| today as i64 - b as i64), lang),
    });
    // A figure that cannot be counted is left out, never shown as zero.
    let Ok(counts) = counts(state, viewer, day).await else {
        return items;
    };
    if let Some((now, before)) = counts.overdue {
        items.push(HeadlineItem {
            name: "overdue_appeals",
            label: text(lang, "headline-overdue-appeals"),
            value: now.to_string(),
            change: change_words(Some(now as i64 - before as i64), lang),
        });
    }
    let (high, high_before) = counts.high_alerts;
    items.push(HeadlineItem {
        name: "high_alerts",
        label: text(lang, "headline-high-alerts"),
        value: high.to_string(),
        change: change_words(high_before.map(|b| high as i64 - b as i64), lang),
    });
    items
}
