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

/// A change from the day before in words (`较前日 +3`), empty when missing.
pub fn change_words(change: Option<i64>, lang: Lang) -> String {
    change.map_or_else(String::new, |c| {
        format(
            lang,
            "headline-change",
            &[("change", format!("{c:+}").into())],
        )
    })
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
            change: change_words(h.change, lang),
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

/// What an account's office figures are counted for: its role and scope
/// (what it sees), the day, the first day not yet due, and for today the
/// minute (an appeal falls overdue as the clock moves).
pub type OfficeKey = (
    fangkong_domain::access::Role,
    fangkong_domain::UnitCode,
    fangkong_domain::Day,
    fangkong_domain::Day,
    Option<i64>,
);

/// The counts behind the strip, for the day and the day before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeCounts {
    /// Appeals past their deadline: the day, the day before (none where the
    /// account reads no appeals).
    pub overdue: Option<(usize, usize)>,
    /// High alerts not closed: the day, the day before.
    pub high_alerts: (usize, Option<usize>),
}
