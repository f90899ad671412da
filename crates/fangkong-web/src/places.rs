//! Where units are on the map: the real boundaries of Wuhan's districts
//! (`data/geo/wuhan-districts.geojson`, AMap's GCJ-02 coordinates, see
//! data/SOURCES.md) compiled in, matched to the tree by code. A unit below a
//! district is placed at its district's representative point, the finest
//! position the public data gives; a point is located in the district whose
//! boundary holds it.

use std::sync::LazyLock;

use fangkong_domain::UnitCode;
use fangkong_domain::geo::{Area, Point, gcj02_of_wgs84, wgs84_of_gcj02};
use fangkong_domain::unit::{UnitIndex, UnitTree};
use serde_json::Value;

/// The boundaries compiled in: each unit code with its area.
static BOUNDARIES: LazyLock<Vec<(String, Area)>> =
    LazyLock::new(|| parse(include_str!("../../../data/geo/wuhan-districts.geojson")));

/// The features of a GeoJSON FeatureCollection with a `code` property and a
/// Polygon or MultiPolygon geometry; anything else is left out.
fn parse(text: &str) -> Vec<(String, Area)> {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let point = |v: &Value| -> Option<Point> {
        Some(Point {
            lon: v.get(0)?.as_f64()?,
            lat: v.get(1)?.as_f64()?,
        })
    };
    let ring = |v: &Value| -> Option<Vec<Point>> { v.as_array()?.iter().map(point).collect() };
    let polygon =
        |v: &Value| -> Option<Vec<Vec<Point>>> { v.as_array()?.iter().map(ring).collect() };
    doc["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let code = f["properties"]["code"].as_str()?.to_string();
            let g = &f["geometry"];
            let polygons = match g["type"].as_str()? {
                "Polygon" => vec![polygon(&g["coordinates"])?],
                "MultiPolygon" => g["coordinates"]
                    .as_array()?
                    .iter()
                    .map(polygon)
                    .collect::<Option<Vec<_>>>()?,
                _ => return None,
            };
            Some((code, Area { polygons }))
        })
        .collect()
}

/// The boundaries compiled in, each with its unit's code.
pub fn boundaries() -> &'static [(String, Area)] {
    &BOUNDARIES
}

/// The unit of `tree` whose boundary holds a GPS (WGS-84) point.
pub fn unit_at(tree: &UnitTree, wgs84: Point) -> Option<UnitIndex> {
    let p = gcj02_of_wgs84(wgs84);
    BOUNDARIES
        .iter()
        .filter(|(_, area)| area.contains(p))
        .find_map(|(code, _)| tree.index_of(&UnitCode::parse(code).ok()?))
}

/// Where to show unit `i` (WGS-84): the representative point of its own
/// boundary or of the nearest unit above it that has one.
pub fn position_of(tree: &UnitTree, i: UnitIndex) -> Option<Point> {
    let mut at = Some(i);
    while let Some(u) = at {
        let code = tree.unit(u).code.as_str();
        if let Some((_, area)) = BOUNDARIES.iter().find(|(c, _)| c == code) {
            return area.representative_point().map(wgs84_of_gcj02);
        }
        at = tree.parent(u);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wuhan_s_thirteen_districts_are_compiled_in() {
        assert_eq!(BOUNDARIES.len(), 13);
        let jiang_an = BOUNDARIES
            .iter()
            .find(|(c, _)| c == "420102000000")
            .expect("江岸区");
        let p = jiang_an.1.representative_point().expect("a point");
        assert!(jiang_an.1.contains(p));
        // 武汉大学 (GPS, WGS-84) is in 武昌区 and in no other district.
        let whu = gcj02_of_wgs84(Point {
            lon: 114.3655,
            lat: 30.5423,
        });
        let holding: Vec<&str> = BOUNDARIES
            .iter()
            .filter(|(_, a)| a.contains(whu))
            .map(|(c, _)| c.as_str())
            .collect();
        assert_eq!(holding, ["420106000000"]);
    }
}
