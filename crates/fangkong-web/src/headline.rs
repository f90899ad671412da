//! The headline figures a public-health dashboard leads with (今日新增, 现有确诊,
//! 累计确诊, 累计治愈, 累计死亡), from the published series of the page's
//! root unit, each with its change from the day before, and the day's
//! annotations (a change of definition, a revision) as footnotes. A figure
//! not published is shown as missing, never as zero.

use fangkong_domain::Day;
use fangkong_domain::published::{Annotation, PublishedDay, headlines};

use crate::i18n::Lang;
use crate::i18n::catalogue::{format, label, text};

/// One figure of the strip, worded.
#[derive(Debug, Clone)]
pub struct HeadlineItem {
    /// Its stable name (`new_confirmed`…).
    pub name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Its value, `—` when missing.
    pub value: String,
    /// Its change from the day before, worded (empty when missing).
    pub change: String,
}

/// The strip of a day.
#[derive(Debug, Clone)]
pub struct HeadlineStrip {
    /// The day.
    pub date: String,
    /// The figures.
    pub items: Vec<HeadlineItem>,
    /// The day's annotations, worded.
    pub notes: Vec<String>,
}

/// The strip of `day` from a published series and its annotations; none when
/// the day was not published.
pub fn strip(
    series: &[PublishedDay],
    annotations: &[Annotation],
    day: Day,
    lang: Lang,
) -> Option<HeadlineStrip> {
    let figures = headlines(series, day)?;
    let items = figures
        .iter()
        .map(|h| HeadlineItem {
            name: h.figure.name(),
            label: label(lang, "headline", h.figure.name()),
            value: h.value.map_or_else(|| "—".to_string(), |v| v.to_string()),
            change: h.change.map_or_else(String::new, |c| {
                format(
                    lang,
                    "headline-change",
                    &[("change", format!("{c:+}").into())],
                )
            }),
        })
        .collect();
    let notes = annotations
        .iter()
        .filter(|a| a.day == day)
        .map(|a| {
            // The kind, not the note: the notes are the source's own words,
            // kept on the trend chart's markers.
            format!(
                "{} {}",
                text(lang, "headline-note"),
                label(lang, "annotation", a.kind.name())
            )
        })
        .collect();
    Some(HeadlineStrip {
        date: day.to_string(),
        items,
        notes,
    })
}

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
