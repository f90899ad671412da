//! Maps of counts: Hubei's cities by confirmed cases, a city's districts by
//! compounds in the strictest zone tier. Counts span 0 to tens of thousands,
//! so the classes are decades: 0, 1–9, 10–99, … each a step darker.

use super::{LegendEntry, MapView, NONE, Paint, draw};
use crate::i18n::Lang;
use crate::i18n::catalogue::format;
use crate::places::Boundaries;

/// The classes of a count: their exclusive upper bounds and colours
/// (ColorBrewer's six-class Reds, ordered in greyscale too).
const CLASSES: [(u64, &str); 6] = [
    (1, "#fee5d9"),
    (10, "#fcbba1"),
    (100, "#fc9272"),
    (1_000, "#fb6a4a"),
    (10_000, "#de2d26"),
    (u64::MAX, "#a50f15"),
];

/// The fill of a count (a hatch for none).
fn fill(count: Option<u64>) -> &'static str {
    match count {
        None => NONE,
        Some(n) => {
            CLASSES
                .iter()
                .find(|(upper, _)| n < *upper)
                .unwrap_or(&CLASSES[CLASSES.len() - 1])
                .1
        }
    }
}

/// One area's count on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    /// The unit's code (matched to a boundary, or else its name is).
    pub code: String,
    /// Its name as published (matched to a boundary's name).
    pub name: String,
    /// Its name in the reader's language, as the map shows it.
    pub label: String,
    /// Its page, if it has one the viewer may open.
    pub href: Option<String>,
    /// The count, none where no figure exists (never shaded as zero).
    pub count: Option<u64>,
    /// The count in words, for the link and tooltip.
    pub words: String,
}

/// `set` with each area shaded by its count; `title` names what is counted.
pub fn counts(set: Boundaries, counts: &[Count], title: String, lang: Lang) -> MapView {
    let paints: Vec<Paint> = counts
        .iter()
        .map(|c| Paint {
            code: &c.code,
            name: &c.name,
            label: &c.label,
            href: c.href.as_deref(),
            words: c.words.clone(),
            fill: fill(c.count),
            value: c.count.map_or_else(|| "—".to_string(), |n| n.to_string()),
        })
        .collect();
    let svg = draw(set, &title, &paints);
    MapView {
        counted: String::new(),
        table: false,
        title,
        svg,
        legend: legend(lang),
        rows: Vec::new(),
    }
}

/// The classes in words (0, 1–9, …, 10,000 or more) and "no figure".
fn legend(lang: Lang) -> Vec<LegendEntry> {
    let mut legend: Vec<LegendEntry> = CLASSES
        .iter()
        .enumerate()
        .map(|(i, (upper, colour))| {
            let from = if i == 0 { 0 } else { CLASSES[i - 1].0 };
            let label = match (from, *upper) {
                (0, 1) => "0".to_string(),
                (from, u64::MAX) => format(lang, "map-count-from", &[("from", from.into())]),
                (from, upper) => format!("{from}–{}", upper - 1),
            };
            LegendEntry {
                fill: colour,
                label,
            }
        })
        .collect();
    legend.push(LegendEntry {
        fill: NONE,
        label: format(lang, "map-count-none", &[]),
    });
    legend
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fall_in_their_decade_and_none_is_hatched_not_zero() {
        assert_eq!(fill(Some(0)), "#fee5d9");
        assert_eq!(fill(Some(1)), "#fcbba1");
        assert_eq!(fill(Some(9)), "#fcbba1");
        assert_eq!(fill(Some(10)), "#fc9272");
        assert_eq!(fill(Some(50_006)), "#a50f15");
        assert_eq!(fill(Some(u64::MAX)), "#a50f15");
        assert_eq!(fill(None), NONE);
    }

    #[test]
    fn a_count_map_shades_links_and_words_each_area() {
        let cities = [
            Count {
                code: "420100000000".into(),
                name: "武汉市".into(),
                label: "武汉市".into(),
                href: Some("/public".into()),
                count: Some(50_006),
                words: "武汉市：累计确诊 50006".into(),
            },
            Count {
                code: "420200000000".into(),
                name: "黄石市".into(),
                label: "黄石市".into(),
                href: None,
                count: None,
                words: "黄石市：无数据".into(),
            },
        ];
        let v = counts(Boundaries::HubeiCities, &cities, "湖北".into(), Lang::Zh);
        assert!(
            v.svg
                .contains(r##"fill="#a50f15" data-code="420100000000" data-value="50006""##),
            "{}",
            v.svg
        );
        assert!(
            v.svg
                .contains(r#"fill="url(#map-none)" data-code="420200000000" data-value="—""#)
        );
        assert!(
            v.svg
                .contains(r#"<a href="/public" aria-label="武汉市：累计确诊 50006">"#)
        );
        let labels: Vec<&str> = v.legend.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels[..5], ["0", "1–9", "10–99", "100–999", "1000–9999"]);
        assert!(labels[5].contains("10000"), "{labels:?}");
        assert_eq!(v.legend.len(), CLASSES.len() + 1);
        let en = counts(Boundaries::HubeiCities, &cities, "Hubei".into(), Lang::En);
        assert_ne!(en.legend[5], v.legend[5], "worded per language");
    }
}
