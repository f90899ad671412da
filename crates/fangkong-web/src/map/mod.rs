//! Maps as server-rendered SVG, like the charts: the real boundaries compiled
//! in ([`crate::places`]) projected once per set and simplified to what a
//! screen shows, then painted per request. Every area with a figure is a link
//! carrying its name and value in words (read on keyboard focus and by screen
//! readers, shown on tap by the link's page); the legend and a table beside
//! the map hold the same figures, and an area without a figure is hatched as
//! "no figure", never shaded as if it had none.
//!
//! Two kinds of figure: shares epidemic-free ([`share`]: the dashboard, the
//! public page, a unit's page) and counts ([`count`]: Hubei's cities, the
//! zones page).

pub mod count;
pub mod share;

use std::fmt::Write;
use std::sync::LazyLock;

use geo::{Coord, LineString, Simplify};

use crate::chart::escape;
use crate::places::{Boundaries, Place};

pub use share::{Counted, Shade, districts, tiles};

/// The map's width in SVG units; its height follows the boundaries.
const WIDTH: f64 = 560.0;

/// How far, in SVG units, a simplified outline may stray from the boundary:
/// under a pixel at the map's full width.
const TOLERANCE: f64 = 0.6;

/// Areas smaller than this (in square SVG units) carry no name on the map
/// (the table has every name).
const NAMED_FROM: f64 = 900.0;

/// The hatch of "no figure", defined once per map.
const HATCH: &str = r##"<defs><pattern id="map-none" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/></pattern></defs>"##;

/// The fill of an area without a figure.
const NONE: &str = "url(#map-none)";

/// One area of a projected map.
#[derive(Debug)]
struct Outline {
    /// The area's code.
    code: String,
    /// The area's name.
    name: String,
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

static WUHAN: LazyLock<Projected> = LazyLock::new(|| project(Boundaries::WuhanDistricts.places()));
static HUBEI: LazyLock<Projected> = LazyLock::new(|| project(Boundaries::HubeiCities.places()));
static SHANGHAI: LazyLock<Projected> =
    LazyLock::new(|| project(Boundaries::ShanghaiDistricts.places()));

/// A set of boundaries, projected once.
fn projected(set: Boundaries) -> &'static Projected {
    match set {
        Boundaries::WuhanDistricts => &WUHAN,
        Boundaries::HubeiCities => &HUBEI,
        Boundaries::ShanghaiDistricts => &SHANGHAI,
    }
}

/// Twice the signed area of a ring of plane points (shoelace).
fn twice_area(ring: &[(f64, f64)]) -> f64 {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum()
}

/// Projects `places` to a plane `WIDTH` wide: longitudes shrunk by the cosine
/// of the middle latitude (an equirectangular projection, true enough for a
/// city or a province), north up; each ring simplified within [`TOLERANCE`].
fn project(places: &[Place]) -> Projected {
    let points = || {
        places
            .iter()
            .flat_map(|p| p.area.polygons.iter().flatten().flatten())
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
    let plane = |p: &fangkong_domain::geo::Point| {
        ((p.lon - west) * shrink * scale, (north - p.lat) * scale)
    };
    let outlines = places
        .iter()
        .map(|place| {
            let mut d = String::new();
            let mut size = 0.0;
            for rings in &place.area.polygons {
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
            let centre = place
                .area
                .representative_point()
                .map_or((0.0, 0.0), |p| plane(&p));
            Outline {
                code: place.code.clone(),
                name: place.name.clone(),
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

/// How one area is painted.
#[derive(Debug, Clone)]
struct Paint<'a> {
    /// The unit's code, to match an outline (by code, or else by name).
    code: &'a str,
    /// The unit's name as the boundaries know it (to match an outline).
    name: &'a str,
    /// Its name as the map shows it, in the reader's language.
    label: &'a str,
    /// Its page, if the viewer may open one.
    href: Option<&'a str>,
    /// Its figure in words: the link's accessible name and tooltip.
    words: String,
    /// Its fill.
    fill: &'static str,
    /// Its figure as a data attribute, for tests and scripts.
    value: String,
}

/// One entry of a map's legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// The swatch's fill (a colour or the hatch).
    pub fill: &'static str,
    /// What it means.
    pub label: String,
}

/// A painted map, ready for a page.
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
    pub rows: Vec<share::MapRow>,
}

/// Draws `set` with `paints`: each outline painted by the paint of its code
/// (or else of its name); outlines without a paint are drawn plain, without a
/// link (not the viewer's to read, or outside the figures).
fn draw(set: Boundaries, title: &str, paints: &[Paint]) -> String {
    let map = projected(set);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="map" viewBox="0 0 {WIDTH} {h}" width="100%" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg"><title id="map-title">{t}</title>{HATCH}"#,
        h = map.height,
        t = escape(title)
    );
    let mut names = String::new();
    for o in &map.outlines {
        let paint = paints
            .iter()
            .find(|p| p.code == o.code)
            .or_else(|| paints.iter().find(|p| p.name == o.name));
        match paint {
            Some(p) => {
                let path = format!(
                    r#"<path d="{d}" fill="{f}" data-code="{c}" data-value="{v}"><title>{w}</title></path>"#,
                    d = o.d,
                    f = p.fill,
                    c = escape(p.code),
                    v = escape(&p.value),
                    w = escape(&p.words),
                );
                match p.href {
                    Some(href) => {
                        let _ = write!(
                            svg,
                            r#"<a href="{h}" aria-label="{w}">{path}</a>"#,
                            h = escape(href),
                            w = escape(&p.words)
                        );
                    }
                    // Still reachable by keyboard and read aloud without a page.
                    None => {
                        let _ = write!(
                            svg,
                            r#"<g tabindex="0" role="img" aria-label="{w}">{path}</g>"#,
                            w = escape(&p.words)
                        );
                    }
                }
                if o.size >= NAMED_FROM {
                    let _ = write!(
                        names,
                        r#"<text x="{x:.1}" y="{y:.1}">{n}</text>"#,
                        x = o.centre.0,
                        y = o.centre.1,
                        n = escape(p.label)
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
    svg
}

/// Whether `set` draws a unit (by code, or else by name).
fn drawn(set: Boundaries, code: &str, name: &str) -> bool {
    set.place_of(code, name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_is_drawn_small_enough_for_a_page() {
        for (set, n) in [
            (Boundaries::WuhanDistricts, 13),
            (Boundaries::HubeiCities, 17),
            (Boundaries::ShanghaiDistricts, 16),
        ] {
            let map = projected(set);
            assert_eq!(map.outlines.len(), n, "{set:?}");
            assert!(map.height > 100.0 && map.height < 1000.0, "{}", map.height);
            let bytes: usize = map.outlines.iter().map(|o| o.d.len()).sum();
            assert!(bytes < 60_000, "{set:?}: {bytes} bytes of outlines");
            for o in &map.outlines {
                assert!(o.d.starts_with('M') && o.d.ends_with('Z'), "{}", o.code);
                let (x, y) = o.centre;
                assert!((0.0..=WIDTH).contains(&x) && (0.0..=map.height).contains(&y));
                assert!(o.size > 0.0, "{}", o.code);
                assert!(!o.name.is_empty(), "{}", o.code);
            }
        }
        // The city's centre is small beside the outer districts.
        let size = |code: &str| {
            WUHAN
                .outlines
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
    fn an_outline_is_painted_by_code_or_else_by_name_and_links_only_with_a_page() {
        let paints = [
            Paint {
                code: "310115000000",
                name: "浦东",
                label: "浦东",
                href: Some("/zones?unit=310115000000"),
                words: "浦东新区：3".into(),
                fill: "#123456",
                value: "3".into(),
            },
            Paint {
                code: "x-1",
                name: "黄浦区",
                label: "黄浦区",
                href: None,
                words: "黄浦区：0".into(),
                fill: "#654321",
                value: "0".into(),
            },
        ];
        let svg = draw(Boundaries::ShanghaiDistricts, "上海", &paints);
        assert!(
            svg.contains(r#"<a href="/zones?unit=310115000000" aria-label="浦东新区：3"><path"#)
        );
        assert!(
            svg.contains(r##"fill="#654321" data-code="x-1""##),
            "matched by name"
        );
        assert!(svg.contains(r#"<g tabindex="0" role="img" aria-label="黄浦区：0">"#));
        assert_eq!(svg.matches("<a href=").count(), 1);
        assert_eq!(
            svg.matches("fill=\"#fafafa\"").count(),
            14,
            "the rest plain"
        );
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        let p = project(&[]);
        assert!(p.outlines.is_empty());
        assert_eq!(p.height, 0.0);
    }
}
