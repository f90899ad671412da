//! Where units are on the map: the real boundaries compiled in (`data/geo/`,
//! AMap's GCJ-02 coordinates, see data/SOURCES.md): Wuhan's districts, matched
//! to the tree by code, and Hubei's cities and Shanghai's districts for the
//! province view and the zones page. A unit below a district is placed at its
//! district's representative point, the finest position the public data
//! gives; a point is located in the district whose boundary holds it.

use std::sync::LazyLock;

use fangkong_domain::UnitCode;
use fangkong_domain::geo::{Area, Point, gcj02_of_wgs84, wgs84_of_gcj02};
use fangkong_domain::unit::{UnitIndex, UnitTree};
use serde_json::Value;

/// One boundary compiled in.
#[derive(Debug)]
pub struct Place {
    /// The 12-digit code of the area.
    pub code: String,
    /// Its name, e.g. 浦东新区.
    pub name: String,
    /// Its outline.
    pub area: Area,
}

/// A set of boundaries compiled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Boundaries {
    /// Wuhan's 13 districts.
    WuhanDistricts,
    /// Hubei's 17 cities and city-level units.
    HubeiCities,
    /// Shanghai's 16 districts.
    ShanghaiDistricts,
}

impl Boundaries {
    /// Every set, the deployment's own first.
    pub const ALL: [Boundaries; 3] = [
        Boundaries::WuhanDistricts,
        Boundaries::HubeiCities,
        Boundaries::ShanghaiDistricts,
    ];

    /// The set's places.
    pub fn places(self) -> &'static [Place] {
        match self {
            Boundaries::WuhanDistricts => &WUHAN,
            Boundaries::HubeiCities => &HUBEI,
            Boundaries::ShanghaiDistricts => &SHANGHAI,
        }
    }

    /// The place of this set that a unit is: the same code, or else the same
    /// name (a case-address import names districts but cannot know their
    /// codes).
    pub fn place_of(self, code: &str, name: &str) -> Option<&'static Place> {
        let places = self.places();
        places
            .iter()
            .find(|p| p.code == code)
            .or_else(|| places.iter().find(|p| p.name == name))
    }

    /// The set that holds most of `units` (code and name), if any holds one.
    pub fn best_for<'a>(
        units: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Option<Boundaries> {
        Boundaries::ALL
            .into_iter()
            .map(|b| {
                let held = units
                    .clone()
                    .filter(|(code, name)| b.place_of(code, name).is_some())
                    .count();
                (held, b)
            })
            .filter(|(held, _)| *held > 0)
            // The first set wins a tie: max_by_key keeps the last maximum.
            .rev()
            .max_by_key(|(held, _)| *held)
            .map(|(_, b)| b)
    }
}

static WUHAN: LazyLock<Vec<Place>> =
    LazyLock::new(|| parse(include_str!("../../../data/geo/wuhan-districts.geojson")));
static HUBEI: LazyLock<Vec<Place>> =
    LazyLock::new(|| parse(include_str!("../../../data/geo/hubei-cities.geojson")));
static SHANGHAI: LazyLock<Vec<Place>> =
    LazyLock::new(|| parse(include_str!("../../../data/geo/shanghai-districts.geojson")));

/// The features of a GeoJSON FeatureCollection with `code` and `name`
/// properties and a Polygon or MultiPolygon geometry; anything else is left out.
fn parse(text: &str) -> Vec<Place> {
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
            let name = f["properties"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
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
            Some(Place {
                code,
                name,
                area: Area { polygons },
            })
        })
        .collect()
}

/// The unit of `tree` whose boundary holds a GPS (WGS-84) point.
pub fn unit_at(tree: &UnitTree, wgs84: Point) -> Option<UnitIndex> {
    let p = gcj02_of_wgs84(wgs84);
    WUHAN
        .iter()
        .filter(|place| place.area.contains(p))
        .find_map(|place| tree.index_of(&UnitCode::parse(&place.code).ok()?))
}

/// Where to show unit `i` (WGS-84): the representative point of its own
/// boundary or of the nearest unit above it that has one.
pub fn position_of(tree: &UnitTree, i: UnitIndex) -> Option<Point> {
    let mut at = Some(i);
    while let Some(u) = at {
        let code = tree.unit(u).code.as_str();
        if let Some(place) = WUHAN.iter().find(|p| p.code == code) {
            return place.area.representative_point().map(wgs84_of_gcj02);
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
        assert_eq!(WUHAN.len(), 13);
        let jiang_an = WUHAN
            .iter()
            .find(|p| p.code == "420102000000")
            .expect("江岸区");
        assert_eq!(jiang_an.name, "江岸区");
        let p = jiang_an.area.representative_point().expect("a point");
        assert!(jiang_an.area.contains(p));
        // 武汉大学 (GPS, WGS-84) is in 武昌区 and in no other district.
        let whu = gcj02_of_wgs84(Point {
            lon: 114.3655,
            lat: 30.5423,
        });
        let holding: Vec<&str> = WUHAN
            .iter()
            .filter(|p| p.area.contains(whu))
            .map(|p| p.code.as_str())
            .collect();
        assert_eq!(holding, ["420106000000"]);
    }

    #[test]
    fn hubei_s_cities_and_shanghai_s_districts_are_compiled_in_with_names() {
        assert_eq!(Boundaries::HubeiCities.places().len(), 17);
        assert_eq!(Boundaries::ShanghaiDistricts.places().len(), 16);
        let pudong = Boundaries::ShanghaiDistricts
            .place_of("310000000000-b46a5574", "浦东新区")
            .expect("by name");
        assert_eq!(pudong.code, "310115000000");
        assert!(
            Boundaries::HubeiCities
                .place_of("420200000000", "")
                .is_some_and(|p| p.name == "黄石市")
        );
    }

    #[test]
    fn the_set_holding_most_units_is_chosen_and_none_when_none_holds_one() {
        let wuhan = [("420102000000", "江岸区"), ("420103000000", "江汉区")];
        assert_eq!(
            Boundaries::best_for(wuhan.iter().copied()),
            Some(Boundaries::WuhanDistricts)
        );
        let shanghai = [
            ("x-1", "黄浦区"),
            ("x-2", "浦东新区"),
            ("420102000000", "江岸区"),
        ];
        assert_eq!(
            Boundaries::best_for(shanghai.iter().copied()),
            Some(Boundaries::ShanghaiDistricts)
        );
        let hubei = [("420100000000", "武汉市"), ("420200000000", "黄石市")];
        assert_eq!(
            Boundaries::best_for(hubei.iter().copied()),
            Some(Boundaries::HubeiCities)
        );
        let none = [("420102002000", "大智街道")];
        assert_eq!(Boundaries::best_for(none.iter().copied()), None);
    }
}
