//! Maps of shares epidemic-free: Wuhan's districts (the dashboard, the public
//! page, the city's page) and tiles below a district, where no boundaries
//! exist.

use std::fmt::Write;

use super::{HATCH, LegendEntry, MapView, NONE, Paint, WIDTH, draw, drawn};
use crate::chart::escape;
use crate::i18n::Lang;
use crate::i18n::catalogue::format;
use crate::places::Boundaries;

/// A unit's figure on a map: how many of its reporting units are
/// epidemic-free, of how many.
#[derive(Debug, Clone, PartialEq)]
pub struct Shade {
    /// The unit's code (a district's, to match its boundary).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its page.
    pub href: String,
    /// Its reporting units that are epidemic-free.
    pub free: usize,
    /// Its reporting units.
    pub reporting: usize,
}

impl Shade {
    /// The share epidemic-free, none without reporting units.
    pub fn share(&self) -> Option<f64> {
        (self.reporting > 0).then(|| self.free as f64 / self.reporting as f64)
    }
}

/// The classes of the share, lowest first: their upper bounds and colours
/// (ColorBrewer's five-class Greens, distinct in greyscale and to the
/// colour-blind).
const CLASSES: [(f64, &str); 5] = [
    (0.2, "#edf8e9"),
    (0.4, "#bae4b3"),
    (0.6, "#74c476"),
    (0.8, "#31a354"),
    (f64::INFINITY, "#006d2c"),
];

/// The fill of a share (a hatch for none).
fn fill(share: Option<f64>) -> &'static str {
    match share {
        None => NONE,
        Some(s) => {
            CLASSES
                .iter()
                .find(|(upper, _)| s < *upper)
                .unwrap_or(&CLASSES[CLASSES.len() - 1])
                .1
        }
    }
}

/// What a map's shares count: the words of its title, areas and table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Reporting units (compounds, villages): the offices' map.
    ReportingUnits,
    /// Communities and villages: the published figure of the public page.
    Communities,
}

impl Counted {
    /// The catalogue ids of the title, an area's words and the table's
    /// column of units counted.
    fn ids(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Counted::ReportingUnits => ("map-title", "map-area", "map-col-reporting"),
            Counted::Communities => (
                "map-title-communities",
                "map-area-communities",
                "map-col-communities",
            ),
        }
    }
}

/// One row of the table beside a map.
#[derive(Debug, Clone)]
pub struct MapRow {
    /// Name.
    pub name: String,
    /// Page.
    pub href: String,
    /// Epidemic-free reporting units.
    pub free: usize,
    /// Reporting units.
    pub reporting: usize,
    /// The share as shown (`—` for none).
    pub share: String,
    /// Whether its boundary is on the map.
    pub on_map: bool,
}

/// A share as a whole percentage, `—` for none.
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// The map of Wuhan's districts shaded by `shades` (districts without a
/// shade are drawn as outlines, without a link: not the viewer's to read).
pub fn districts(shades: &[Shade], counted: Counted, lang: Lang) -> MapView {
    let set = Boundaries::WuhanDistricts;
    let (title_id, area_id, column_id) = counted.ids();
    let title = format(lang, title_id, &[]);
    let paints: Vec<Paint> = shades
        .iter()
        .map(|s| Paint {
            code: &s.code,
            name: &s.name,
            label: &s.name,
            href: Some(&s.href),
            words: words(area_id, s, lang),
            fill: fill(s.share()),
            value: percent(s.share()),
        })
        .collect();
    let svg = draw(set, &title, &paints);
    MapView {
        counted: format(lang, column_id, &[]),
        table: counted == Counted::ReportingUnits,
        title,
        svg,
        legend: legend(lang),
        rows: rows(shades, |s| drawn(set, &s.code, &s.name)),
    }
}

/// A shade in words: its name, share and counts.
fn words(id: &str, s: &Shade, lang: Lang) -> String {
    format(
        lang,
        id,
        &[
            ("name", s.name.as_str().into()),
            ("share", percent(s.share()).into()),
            ("free", s.free.into()),
            ("reporting", s.reporting.into()),
        ],
    )
}

/// The legend every map shares: the five classes and "no figure".
fn legend(lang: Lang) -> Vec<LegendEntry> {
    let mut legend: Vec<LegendEntry> = CLASSES
        .iter()
        .enumerate()
        .map(|(i, (upper, colour))| {
            let from = if i == 0 { 0.0 } else { CLASSES[i - 1].0 };
            let to = if upper.is_finite() { *upper } else { 1.0 };
            LegendEntry {
                fill: colour,
                label: format!("{:.0}–{:.0}%", from * 100.0, to * 100.0),
            }
        })
        .collect();
    legend.push(LegendEntry {
        fill: NONE,
        label: format(lang, "map-no-figure", &[]),
    });
    legend
}

/// The table beside a map: every shade, and whether `drawn` has it.
fn rows(shades: &[Shade], drawn: impl Fn(&Shade) -> bool) -> Vec<MapRow> {
    shades
        .iter()
        .map(|s| MapRow {
            name: s.name.clone(),
            href: s.href.clone(),
            free: s.free,
            reporting: s.reporting,
            share: percent(s.share()),
            on_map: drawn(s),
        })
        .collect()
}

/// Where no boundaries exist (below a district), the units under `parent` as
/// a tile map: one square per unit in the order given, shaded like the
/// district map, each a link carrying its name and figure in words. The
/// tiles say nothing of where a unit lies; the title says so.
pub fn tiles(parent: &str, shades: &[Shade], lang: Lang) -> MapView {
    let n = shades.len().max(1);
    // Columns for tiles about square on a page a little wider than tall.
    let cols = ((n as f64 * 1.6).sqrt().ceil() as usize).clamp(1, 12);
    let lines = n.div_ceil(cols);
    let size = WIDTH / cols as f64;
    let gap = 3.0;
    let height = size * lines as f64;
    let title = format(lang, "map-tiles-title", &[("unit", parent.into())]);
    let font = (size / 6.5).clamp(9.0, 15.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="map tiles" viewBox="0 0 {WIDTH} {height:.1}" width="100%" aria-labelledby="tiles-title" xmlns="http://www.w3.org/2000/svg"><title id="tiles-title">{t}</title>{HATCH}"#,
        t = escape(&title)
    );
    for (i, s) in shades.iter().enumerate() {
        let (x, y) = ((i % cols) as f64 * size, (i / cols) as f64 * size);
        let words = words("map-area", s, lang);
        // Black text reads at AA on every class but the darkest, which
        // carries white.
        let ink = match s.share() {
            Some(v) if v >= CLASSES[3].0 => "#fff",
            _ => "#000",
        };
        let _ = write!(
            svg,
            r#"<a href="{href}" aria-label="{w}"><rect x="{x:.1}" y="{y:.1}" width="{side:.1}" height="{side:.1}" rx="3" fill="{f}" data-code="{c}" data-value="{p}"><title>{w}</title></rect><text x="{tx:.1}" y="{ty:.1}" font-size="{font:.1}" text-anchor="middle" fill="{ink}" aria-hidden="true">{name}</text><text x="{tx:.1}" y="{py:.1}" font-size="{font:.1}" text-anchor="middle" fill="{ink}" aria-hidden="true">{p}</text></a>"#,
            href = escape(&s.href),
            w = escape(&words),
            side = size - gap,
            f = fill(s.share()),
            c = escape(&s.code),
            p = percent(s.share()),
            tx = x + (size - gap) / 2.0,
            ty = y + (size - gap) / 2.0 - font * 0.2,
            py = y + (size - gap) / 2.0 + font * 1.1,
            name = escape(&s.name),
        );
    }
    svg.push_str("</svg>");
    MapView {
        counted: format(lang, "map-col-reporting", &[]),
        table: false,
        title,
        svg,
        legend: legend(lang),
        rows: rows(shades, |_| true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_are_one_linked_square_per_unit_shaded_as_the_map() {
        let shades = [shade("S1", 3, 4), shade("S2", 0, 5), shade("S3", 0, 0)];
        let t = tiles("江岸区", &shades, Lang::Zh);
        assert_eq!(t.svg.matches("<rect x=").count(), 3);
        assert_eq!(t.svg.matches("<a href=").count(), 3);
        assert!(
            t.svg.contains(r#"data-code="S1" data-value="75%""#),
            "{}",
            t.svg
        );
        assert!(
            t.svg
                .contains(&format!(r#"fill="{}" data-code="S2""#, CLASSES[0].1))
        );
        assert!(
            t.svg.contains(r#"fill="url(#map-none)" data-code="S3""#),
            "no reporting unit: no figure, hatched, not shaded as zero"
        );
        assert!(t.title.contains("江岸区"), "{}", t.title);
        assert_eq!(t.legend.len(), CLASSES.len() + 1);
        assert!(
            !t.table,
            "the unit page has its own table of the same units"
        );
    }

    fn shade(code: &str, free: usize, reporting: usize) -> Shade {
        Shade {
            code: code.into(),
            name: format!("区{code}"),
            href: format!("/units/{code}"),
            free,
            reporting,
        }
    }

    #[test]
    fn shares_fall_in_their_class_and_none_is_hatched_not_zero() {
        assert_eq!(fill(Some(0.0)), "#edf8e9");
        assert_eq!(fill(Some(0.2)), "#bae4b3");
        assert_eq!(fill(Some(0.79)), "#31a354");
        assert_eq!(fill(Some(1.0)), "#006d2c");
        assert_eq!(fill(None), "url(#map-none)");
        assert_eq!(shade("x", 0, 0).share(), None);
        assert_eq!(shade("x", 0, 5).share(), Some(0.0));
    }

    #[test]
    fn each_district_is_a_link_with_its_figure_in_words() {
        let shades = vec![shade("420102000000", 3, 4), shade("420103000000", 0, 0)];
        let v = districts(&shades, Counted::ReportingUnits, Lang::Zh);
        assert!(
            v.svg.contains(r#"<a href="/units/420102000000""#),
            "{}",
            v.svg
        );
        assert!(v.svg.contains("75%"));
        assert!(v.svg.contains(r#"data-code="420103000000" data-value="—""#));
        assert!(v.svg.contains("url(#map-none)"));
        // A district without a shade is an outline, not a link.
        assert!(!v.svg.contains(r#"href="/units/420104000000""#));
        assert!(v.svg.contains(r#"data-code="420104000000""#));
        assert_eq!(v.legend.len(), CLASSES.len() + 1);
        assert_eq!(v.rows.len(), 2);
        assert!(v.rows.iter().all(|r| r.on_map));
        let en = districts(&shades, Counted::ReportingUnits, Lang::En);
        assert_ne!(en.legend.last(), v.legend.last(), "worded per language");
        let public = districts(&shades, Counted::Communities, Lang::En);
        assert!(public.svg.contains("communities"), "{}", public.svg);
        assert!(!public.table && v.table);
    }
}
