//! Places on the map: boundaries as polygons of longitude/latitude points,
//! whether a point lies within one, a representative point for a boundary,
//! and the shift between the WGS-84 coordinates of GPS and the GCJ-02
//! coordinates of Chinese web maps (in which AMap publishes the boundaries).

/// A point: longitude and latitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Longitude, east positive.
    pub lon: f64,
    /// Latitude, north positive.
    pub lat: f64,
}

/// A boundary: polygons, each an outer ring followed by its holes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Area {
    /// The polygons; each is a list of rings, the first the outer one.
    pub polygons: Vec<Vec<Vec<Point>>>,
}

/// Whether `p` is inside `ring` (even-odd rule, by a ray cast east).
fn ring_holds(ring: &[Point], p: Point) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[j]);
        if (a.lat > p.lat) != (b.lat > p.lat) {
            let x = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon;
            if p.lon < x {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// The signed area of a ring (shoelace) and its centroid.
fn ring_centroid(ring: &[Point]) -> (f64, Point) {
    let (mut area, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
        let cross = a.lon * b.lat - b.lon * a.lat;
        area += cross;
        cx += (a.lon + b.lon) * cross;
        cy += (a.lat + b.lat) * cross;
    }
    area /= 2.0;
    if area.abs() < f64::EPSILON {
        return (
            0.0,
            ring.first()
                .copied()
                .unwrap_or(Point { lon: 0.0, lat: 0.0 }),
        );
    }
    (
        area,
        Point {
            lon: cx / (6.0 * area),
            lat: cy / (6.0 * area),
        },
    )
}

impl Area {
    /// Whether `p` lies within the area (inside an outer ring, outside its holes).
    pub fn contains(&self, p: Point) -> bool {
        self.polygons.iter().any(|rings| match rings.split_first() {
            Some((outer, holes)) => ring_holds(outer, p) && !holes.iter().any(|h| ring_holds(h, p)),
            None => false,
        })
    }

    /// A point to show the area by: the centroid of its largest polygon when
    /// that lies inside it, else the polygon's first vertex (a crescent's
    /// centroid can fall outside). `None` for an empty area.
    pub fn representative_point(&self) -> Option<Point> {
        let outer = self
            .polygons
            .iter()
            .filter_map(|rings| rings.first())
            .filter(|r| !r.is_empty())
            .max_by(|a, b| {
                ring_centroid(a)
                    .0
                    .abs()
                    .total_cmp(&ring_centroid(b).0.abs())
            })?;
        let (_, c) = ring_centroid(outer);
        Some(if self.contains(c) { c } else { outer[0] })
    }
}

// The Krasovsky 1940 ellipsoid of GCJ-02.
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

/// Whether the shift applies: GCJ-02 leaves points outside China as they are.
fn in_china(p: Point) -> bool {
    (72.004..=137.8347).contains(&p.lon) && (0.8293..=55.8271).contains(&p.lat)
}

fn shift(p: Point) -> (f64, f64) {
    let (x, y) = (p.lon - 105.0, p.lat - 35.0);
    let pi = std::f64::consts::PI;
    let mut lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    lat += (20.0 * (6.0 * x * pi).sin() + 20.0 * (2.0 * x * pi).sin()) * 2.0 / 3.0;
    lat += (20.0 * (y * pi).sin() + 40.0 * (y / 3.0 * pi).sin()) * 2.0 / 3.0;
    lat += (160.0 * (y / 12.0 * pi).sin() + 320.0 * (y * pi / 30.0).sin()) * 2.0 / 3.0;
    let mut lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    lon += (20.0 * (6.0 * x * pi).sin() + 20.0 * (2.0 * x * pi).sin()) * 2.0 / 3.0;
    lon += (20.0 * (x * pi).sin() + 40.0 * (x / 3.0 * pi).sin()) * 2.0 / 3.0;
    lon += (150.0 * (x / 12.0 * pi).sin() + 300.0 * (x / 30.0 * pi).sin()) * 2.0 / 3.0;
    let rad = p.lat / 180.0 * pi;
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * pi);
    let d_lon = (lon * 180.0) / (A / sqrt_magic * rad.cos() * pi);
    (d_lon, d_lat)
}

/// A GPS (WGS-84) point in the GCJ-02 coordinates of Chinese web maps.
pub fn gcj02_of_wgs84(p: Point) -> Point {
    if !in_china(p) {
        return p;
    }
    let (d_lon, d_lat) = shift(p);
    Point {
        lon: p.lon + d_lon,
        lat: p.lat + d_lat,
    }
}

/// A GCJ-02 point back in WGS-84 (to within a few metres: the shift is
/// inverted by two steps of fixed-point iteration).
pub fn wgs84_of_gcj02(p: Point) -> Point {
    let mut w = p;
    for _ in 0..2 {
        let g = gcj02_of_wgs84(w);
        w = Point {
            lon: w.lon - (g.lon - p.lon),
            lat: w.lat - (g.lat - p.lat),
        };
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Vec<Point> {
        vec![
            Point { lon: x0, lat: y0 },
            Point {
                lon: x0 + side,
                lat: y0,
            },
            Point {
                lon: x0 + side,
                lat: y0 + side,
            },
            Point {
                lon: x0,
                lat: y0 + side,
            },
            Point { lon: x0, lat: y0 },
        ]
    }

    #[test]
    fn a_point_is_inside_the_outer_ring_and_outside_a_hole() {
        let area = Area {
            polygons: vec![vec![square(0.0, 0.0, 10.0), square(4.0, 4.0, 2.0)]],
        };
        assert!(area.contains(Point { lon: 1.0, lat: 1.0 }));
        assert!(!area.contains(Point { lon: 5.0, lat: 5.0 }), "in the hole");
        assert!(!area.contains(Point {
            lon: 11.0,
            lat: 1.0
        }));
        assert!(!Area::default().contains(Point { lon: 1.0, lat: 1.0 }));
    }

    #[test]
    fn the_representative_point_is_the_largest_polygon_s_centroid() {
        let area = Area {
            polygons: vec![vec![square(0.0, 0.0, 1.0)], vec![square(10.0, 10.0, 4.0)]],
        };
        let p = area.representative_point().expect("a point");
        assert!(
            (p.lon - 12.0).abs() < 1e-9 && (p.lat - 12.0).abs() < 1e-9,
            "{p:?}"
        );
        assert_eq!(Area::default().representative_point(), None);
    }

    #[test]
    fn gcj02_shifts_a_point_in_wuhan_by_a_few_hundred_metres_and_back() {
        // 江汉路, Wuhan, in WGS-84.
        let wgs = Point {
            lon: 114.2806,
            lat: 30.5797,
        };
        let gcj = gcj02_of_wgs84(wgs);
        let metres = |a: Point, b: Point| {
            let dy = (a.lat - b.lat) * 111_320.0;
            let dx = (a.lon - b.lon) * 111_320.0 * a.lat.to_radians().cos();
            (dx * dx + dy * dy).sqrt()
        };
        let d = metres(wgs, gcj);
        assert!((100.0..1000.0).contains(&d), "shift of {d} m");
        assert!(metres(wgs84_of_gcj02(gcj), wgs) < 5.0);
        let paris = Point {
            lon: 2.35,
            lat: 48.85,
        };
        assert_eq!(gcj02_of_wgs84(paris), paris, "outside China, no shift");
    }
}
