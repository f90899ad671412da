//! Maps as server-rendered SVG, like the charts: the real district boundaries
//! compiled in ([`crate::places`]) projected once and simplified to what a
//! screen shows, then shaded per request. Every area is a link to its unit's
//! page carrying its name and value in words (read on keyboard focus and by
//! screen readers, shown on tap by the link's page), the legend and a table
//! beside the map hold the same figures, and a district without a figure is
//! hatched as "no figure", never shaded as if it had none.

use std::fmt::Write;
use std::sync::LazyLock;

use fangkong_domain::geo::{Area, Point};
use geo::{Coord, LineString, Simplify};

use crate::chart::escape;
use crate::i18n::Lang;
use crate::i18n::catalogue::format;

/// The map's width in SVG units; its height follows the boundaries.
const WIDTH: f64 = 560.0;

/// How far, in SVG units, a simplified outline may stray from the boundary:
/// under a pixel at the map's full width.
const TOLERANCE: f64 = 0.6;

/// Areas smaller than this (in square SVG units) carry no name on the map
/// (the table has every name).
const NAMED_FROM: f64 = 900.0;

/// One area of a projected map.
#[derive(Debug)]
struct Outline {
    /// The unit's code.
    code: String,
    /// The outline as SVG path data.
    d: String,
    /// Where its name goes.
    centre: (f64, f64),
    /// Its size in square SVG units (of its outer rings).
    size: f64,
}

/// Boundaries projected to the map's plane.
#[derive(Debug)]
struct Projected {
    height: f64,
    outlines: Vec<Outline>,
}

/// Wuhan's districts, projected once.
static DISTRICTS: LazyLock<Projected> = LazyLock::new(|| project(crate::places::boundaries()));

/// Twice the signed area of a ring of plane points (shoelace).
fn twice_area(ring: &[(f64, f64)]) -> f64 {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum()
}

/// Projects `shapes` to a plane `WIDTH` wide: longitudes shrunk by the cosine
/// of the middle latitude (an equirectangular projection, true enough for a
/// city), north up; each ring simplified within [`TOLERANCE`].
fn project(shapes: &[(String, Area)]) -> Projected {
    let points = || {
        shapes
            .iter()
            .flat_map(|(_, a)| a.polygons.iter().flatten().flatten())
    };
    let (mut west, mut east, mut south, mut north) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in points() {
        west = west.min(p.lon);
        east = east.max(p.lon);
        south = south.min(p.lat);
        north = north.max(p.lat);
    }
    if west > east || south > north {
        return Projected {
            height: 0.0,
            outlines: Vec::new(),
        };
    }
    let shrink = ((south + north) / 2.0).to_radians().cos();
    let scale = WIDTH / ((east - west) * shrink).max(f64::EPSILON);
    let plane = |p: &Point| ((p.lon - west) * shrink * scale, (north - p.lat) * scale);
    let outlines = shapes
        .iter()
        .map(|(code, area)| {
            let mut d = String::new();
            let mut size = 0.0;
            for rings in &area.polygons {
                for (r, ring) in rings.iter().enumerate() {
                    let line: LineString<f64> = ring
                        .iter()
                        .map(|p| {
                            let (x, y) = plane(p);
                            Coord { x, y }
                        })
                        .collect();
                    let kept: Vec<(f64, f64)> = line
                        .simplify(TOLERANCE)
                        .points()
                        .map(|p| (p.x(), p.y()))
                        .collect();
                    // A closed ring needs three corners and its closing point.
                    if kept.len() < 4 {
                        continue;
                    }
                    if r == 0 {
                        size += twice_area(&kept).abs() / 2.0;
                    }
                    for (i, (x, y)) in kept.iter().take(kept.len() - 1).enumerate() {
                        let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
                    }
                    d.push('Z');
                }
            }
            let centre = area
                .representative_point()
                .map_or((0.0, 0.0), |p| plane(&p));
            Outline {
                code: code.clone(),
                d,
                centre,
                size,
            }
        })
        .collect();
    Projected {
        height: ((north - south) * scale).ceil(),
        outlines,
    }
}

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
        None => "url(#map-none)",
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

/// One entry of a map's legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// The swatch's fill (a colour or the hatch).
    pub fill: &'static str,
    /// What it means.
    pub label: String,
}

/// A shaded map, ready for a page.
#[derive(Debug, Clone)]
pub struct MapView {
    /// The title (also the SVG's accessible name).
    pub title: String,
    /// The heading of the table's column of units counted.
    pub counted: String,
    /// Whether the page shows the table beside the map (a page with a table
    /// of the same figures of its own does not).
    pub table: bool,
    /// The SVG.
    pub svg: String,
    /// The legend.
    pub legend: Vec<LegendEntry>,
    /// The figures, one per unit, as the table beside the map shows them.
    pub rows: Vec<MapRow>,
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
    shaded(&DISTRICTS, shades, counted, lang)
}

fn shaded(map: &Projected, shades: &[Shade], counted: Counted, lang: Lang) -> MapView {
    let (title_id, area_id, column_id) = counted.ids();
    let title = format(lang, title_id, &[]);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg class="map" viewBox="0 0 {WIDTH} {h}" width="100%" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg"><title id="map-title">{t}</title><defs><pattern id="map-none" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/></pattern></defs>"##,
        h = map.height,
        t = escape(&title)
    );
    let mut names = String::new();
    for o in &map.outlines {
        match shades.iter().find(|s| s.code == o.code) {
            Some(s) => {
                let words = format(
                    lang,
                    area_id,
                    &[
                        ("name", s.name.as_str().into()),
                        ("share", percent(s.share()).into()),
                        ("free", s.free.into()),
                        ("reporting", s.reporting.into()),
                    ],
                );
                let _ = write!(
                    svg,
                    r#"<a href="{href}" aria-label="{w}"><path d="{d}" fill="{f}" data-code="{c}" data-share="{p}"><title>{w}</title></path></a>"#,
                    href = escape(&s.href),
                    w = escape(&words),
                    d = o.d,
                    f = fill(s.share()),
                    c = o.code,
                    p = percent(s.share()),
                );
                if o.size >= NAMED_FROM {
                    let _ = write!(
                        names,
                        r#"<text x="{x:.1}" y="{y:.1}">{n}</text>"#,
                        x = o.centre.0,
                        y = o.centre.1,
                        n = escape(&s.name)
                    );
                }
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<path d="{d}" fill="#fafafa" data-code="{c}"/>"##,
                    d = o.d,
                    c = o.code
                );
            }
        }
    }
    let _ = write!(
        svg,
        r#"<g class="map-names" aria-hidden="true">{names}</g></svg>"#
    );
    let legend = legend(lang);
    let rows = rows(shades, |code| map.outlines.iter().any(|o| o.code == code));
    MapView {
        counted: format(lang, column_id, &[]),
        table: counted == Counted::ReportingUnits,
        title,
        svg,
        legend,
        rows,
    }
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
        fill: "url(#map-none)",
        label: format(lang, "map-no-figure", &[]),
    });
    legend
}

/// The table beside a map: every shade, and whether `drawn` has it.
fn rows(shades: &[Shade], drawn: impl Fn(&str) -> bool) -> Vec<MapRow> {
    shades
        .iter()
        .map(|s| MapRow {
            name: s.name.clone(),
            href: s.href.clone(),
            free: s.free,
            reporting: s.reporting,
            share: percent(s.share()),
            on_map: drawn(&s.code),
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
        r##"<svg class="map tiles" viewBox="0 0 {WIDTH} {height:.1}" width="100%" aria-labelledby="tiles-title" xmlns="http://www.w3.org/2000/svg"><title id="tiles-title">{t}</title><defs><pattern id="map-none" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/></pattern></defs>"##,
        t = escape(&title)
    );
    for (i, s) in shades.iter().enumerate() {
        let (x, y) = ((i % cols) as f64 * size, (i / cols) as f64 * size);
        let words = format(
            lang,
            "map-area",
            &[
                ("name", s.name.as_str().into()),
                ("share", percent(s.share()).into()),
                ("free", s.free.into()),
                ("reporting", s.reporting.into()),
            ],
        );
        // Black text reads at AA on every class but the darkest, which
        // carries white.
        let ink = match s.share() {
            Some(v) if v >= CLASSES[3].0 => "#fff",
            _ => "#000",
        };
        let _ = write!(
            svg,
            r#"<a href="{href}" aria-label="{w}"><rect x="{x:.1}" y="{y:.1}" width="{side:.1}" height="{side:.1}" rx="3" fill="{f}" data-code="{c}" data-share="{p}"><title>{w}</title></rect><text x="{tx:.1}" y="{ty:.1}" font-size="{font:.1}" text-anchor="middle" fill="{ink}" aria-hidden="true">{name}</text><text x="{tx:.1}" y="{py:.1}" font-size="{font:.1}" text-anchor="middle" fill="{ink}" aria-hidden="true">{p}</text></a>"#,
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
            t.svg.contains(r#"data-code="S1" data-share="75%""#),
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
    fn wuhans_thirteen_districts_are_drawn_small_enough_for_a_page() {
        let map = &*DISTRICTS;
        assert_eq!(map.outlines.len(), 13);
        assert!(map.height > 100.0 && map.height < 1000.0, "{}", map.height);
        let bytes: usize = map.outlines.iter().map(|o| o.d.len()).sum();
        assert!(bytes < 40_000, "{bytes} bytes of outlines");
        for o in &map.outlines {
            assert!(o.d.starts_with('M') && o.d.ends_with('Z'), "{}", o.code);
            let (x, y) = o.centre;
            assert!((0.0..=WIDTH).contains(&x) && (0.0..=map.height).contains(&y));
            assert!(o.size > 0.0, "{}", o.code);
        }
        // The city's centre is small beside the outer districts.
        let size = |code: &str| {
            map.outlines
                .iter()
                .find(|o| o.code == code)
                .map(|o| o.size)
                .expect("district")
        };
        assert!(
            size("420103000000") * 10.0 < size("420116000000"),
            "江汉 < 黄陂"
        );
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
        assert!(v.svg.contains(r#"data-code="420103000000" data-share="—""#));
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

    #[test]
    fn nothing_to_draw_draws_nothing() {
        let p = project(&[]);
        assert!(p.outlines.is_empty());
        assert_eq!(p.height, 0.0);
    }
}
