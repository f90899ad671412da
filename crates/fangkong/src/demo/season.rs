//! A synthetic season of daily reports whose city-wide sum of new confirmed cases
//! equals the real published series, day by day.
//!
//! The model, deliberately simple and documented so that the demo's derived figures
//! can be explained:
//! - Every reporting unit (leaf) gets a weight: its population (compounds), or a
//!   synthetic size for units the real data gives none (villages, communities
//!   without compounds), times 3 in the seven central urban districts, where most
//!   of Wuhan's cases were.
//! - Every leaf gets a *last event day*, drawn from a per-kind curve (villages clear
//!   earlier than urban compounds). After it, the leaf reports no confirmed case,
//!   suspected case or close contact: only the odd fever patient, which does not
//!   count against it.
//! - Each day's published total is dealt out case by case among the leaves still
//!   active, in proportion to their weights. Suspected cases and close contacts
//!   follow the confirmed ones, with a little background noise.
//! - About 0.2% of leaf-days are missing (never on a day the leaf has a case, so the
//!   city sum stays exact), and a few reports have a measure not in place, more in
//!   January than in April.

use fangkong_domain::unit::UnitTree;
use fangkong_domain::{Count, DailyReport, Day, Measure, MeasuresInPlace, UnitCode, UnitKind};

use super::rng::SplitMix64;

/// The seven central urban districts (江岸, 江汉, 硚口, 汉阳, 武昌, 青山, 洪山).
const CENTRAL_DISTRICTS: [&str; 7] = [
    "420102000000",
    "420103000000",
    "420104000000",
    "420105000000",
    "420106000000",
    "420107000000",
    "420111000000",
];

/// The curve of last event days for one class of leaf: (days from the season's
/// start, share of leaves whose last event is on or before that day).
type Curve = &'static [(i32, f64)];

/// Villages: most clear by late February.
const VILLAGE_CURVE: Curve = &[(0, 0.0), (32, 0.55), (46, 0.80), (71, 0.97), (101, 1.0)];
/// Compounds and every other leaf: the urban epidemic lasts longer.
const URBAN_CURVE: Curve = &[(0, 0.0), (32, 0.13), (46, 0.50), (71, 0.93), (101, 1.0)];
/// The day offset the calibration aims at: 2020-02-21, the last day an event may
/// fall for a unit to be epidemic-free on 2020-03-06 (14 clean days, 02-22..03-06).
const CALIBRATION_DAY: i32 = 32;
/// The share of communities all of whose compounds clear together by that day.
/// Compounds of one community share staff, shops and lifts: their epidemics are
/// correlated, and without that no community would ever be free while a third of
/// its compounds are.
const COMMUNITY_CLEAN: f64 = 0.045;

struct Leaf {
    code: UnitCode,
    weight: f64,
    last_event: i32,
    population: Option<u32>,
    reporter: String,
}

/// The season's generator: leaves, their parameters and the daily totals.
pub struct Season {
    start: Day,
    totals: Vec<u32>,
    leaves: Vec<Leaf>,
    seed: u64,
}

impl Season {
    /// Prepares a season from `start`, one day per entry of `totals` (the published
    /// new confirmed of each day; a missing or negative figure deals out no case).
    pub fn new(tree: &UnitTree, start: Day, totals: Vec<Option<i64>>, seed: u64) -> Season {
        let mut rng = SplitMix64::stream(seed, 2);
        let mut leaves = Vec::new();
        // Per community: whether it clears as a whole, whether one of its compounds
        // already stays active past the calibration day, and compounds left to draw.
        let mut communities: std::collections::HashMap<u32, (bool, bool, usize)> =
            Default::default();
        for i in tree.preorder() {
            if !tree.is_reporting(i) {
                continue;
            }
            let unit = tree.unit(i);
            let size = match (unit.population, unit.kind) {
                (Some(p), _) => f64::from(p),
                (None, UnitKind::Village) => rng.log_uniform(800.0, 3000.0),
                (None, UnitKind::Community) => rng.log_uniform(2000.0, 6000.0),
                (None, _) => rng.log_uniform(300.0, 2000.0),
            };
            let mut district = i;
            while tree.unit(district).kind != UnitKind::District {
                match tree.parent(district) {
                    Some(p) => district = p,
                    None => break,
                }
            }
            let central = CENTRAL_DISTRICTS.contains(&tree.unit(district).code.as_str());
            let curve = if unit.kind == UnitKind::Village {
                VILLAGE_CURVE
            } else {
                URBAN_CURVE
            };
            let cut = share_by(curve, CALIBRATION_DAY);
            let mut u = rng.unit();
            if let (UnitKind::Compound, Some(p)) = (unit.kind, tree.parent(i)) {
                let n = tree.children(p).len();
                let entry = communities
                    .entry(p)
                    .or_insert_with(|| (rng.chance(COMMUNITY_CLEAN), false, n));
                entry.2 -= 1;
                if entry.0 {
                    u *= cut; // the whole community clears by the calibration day
                } else if entry.2 == 0 && !entry.1 {
                    u = cut + u * (1.0 - cut); // someone in it stays active
                }
                entry.1 |= u >= cut;
            }
            leaves.push(Leaf {
                code: unit.code.clone(),
                weight: size * if central { 3.0 } else { 1.0 },
                last_event: draw_from_curve(curve, u),
                population: unit.population,
                reporter: format!("网格员{:05}", leaves.len() + 1),
            });
        }
        Season {
            start,
            totals: totals
                .into_iter()
                .map(|t| t.unwrap_or(0).max(0) as u32)
                .collect(),
            leaves,
            seed,
        }
    }

    /// The number of days in the season.
    pub fn days(&self) -> usize {
        self.totals.len()
    }

    /// The number of reporting units.
    pub fn leaves(&self) -> usize {
        self.leaves.len()
    }

    /// The reports of day `offset` (0 is the first day); missing reports are absent.
    pub fn reports_for(&self, offset: usize) -> Vec<DailyReport> {
        let Some(day) = self.start.plus_days(offset as i32) else {
            return Vec::new();
        };
        let t = offset as i32;
        let mut rng = SplitMix64::stream(self.seed, 1_000 + offset as u64);
        let confirmed = self.deal(t, self.totals[offset], &mut rng);
        let measure_lapse = match offset {
            0..=11 => 0.05,
            12..=40 => 0.02,
            _ => 0.005,
        };
        let mut out = Vec::with_capacity(self.leaves.len());
        for (leaf, &c) in self.leaves.iter().zip(&confirmed) {
            let (mut suspected, mut contacts) = (0, 0);
            if t <= leaf.last_event {
                suspected = if c > 0 {
                    (0..c.min(50)).filter(|_| rng.chance(0.4)).count() as u32
                } else {
                    u32::from(rng.chance(0.02))
                };
                contacts = if c > 0 {
                    c * rng.between(2, 5)
                } else if rng.chance(0.03) {
                    rng.between(1, 3)
                } else {
                    0
                };
                if t == leaf.last_event && c + suspected + contacts == 0 {
                    contacts = rng.between(1, 3); // the leaf's last event is real
                }
            }
            let fever = if rng.chance(0.04) {
                rng.between(1, 2)
            } else {
                0
            };
            if c == 0 && rng.chance(0.002) {
                continue; // a missing report: not a zero
            }
            let cap = |n: u32| leaf.population.map_or(n, |p| n.min(p));
            let mut measures = MeasuresInPlace::ALL;
            if rng.chance(measure_lapse) {
                let m = Measure::ALL[rng.between(0, 5) as usize];
                measures = measures.with(m, false);
            }
            out.push(DailyReport {
                day,
                unit: leaf.code.clone(),
                new_confirmed: Count::new(c),
                new_suspected: Count::new(cap(suspected)),
                new_close_contacts: Count::new(cap(contacts)),
                new_fever: Count::new(cap(fever)),
                measures,
                reporter: leaf.reporter.clone(),
                remark: (c > 0 && rng.chance(0.3)).then(|| "新增病例已转运定点医院".to_string()),
                backlog: Count::ZERO,
            });
        }
        out
    }

    /// The season's first day.
    pub fn start(&self) -> Day {
        self.start
    }

    /// The reports of `day`, if it is in the season.
    pub fn reports_on(&self, day: Day) -> Vec<DailyReport> {
        match usize::try_from(day.offset_from(self.start)) {
            Ok(offset) if offset < self.days() => self.reports_for(offset),
            _ => Vec::new(),
        }
    }

    /// Deals `total` cases among the leaves active on day `t`, by weight.
    fn deal(&self, t: i32, total: u32, rng: &mut SplitMix64) -> Vec<u32> {
        let mut confirmed = vec![0u32; self.leaves.len()];
        let active: Vec<usize> = (0..self.leaves.len())
            .filter(|&i| self.leaves[i].last_event >= t)
            .collect();
        if active.is_empty() {
            return confirmed; // only when there are no leaves, or no case to deal
        }
        let mut cumulative = Vec::with_capacity(active.len());
        let mut sum = 0.0;
        for &i in &active {
            sum += self.leaves[i].weight;
            cumulative.push(sum);
        }
        for _ in 0..total {
            let x = rng.unit() * sum;
            let k = cumulative
                .partition_point(|&c| c <= x)
                .min(active.len() - 1);
            confirmed[active[k]] += 1;
        }
        confirmed
    }
}

/// The share of leaves whose last event is on or before `day` (offset).
fn share_by(curve: Curve, day: i32) -> f64 {
    for pair in curve.windows(2) {
        let ((d0, p0), (d1, p1)) = (pair[0], pair[1]);
        if day < d1 {
            return p0 + (p1 - p0) * f64::from(day - d0) / f64::from(d1 - d0);
        }
    }
    1.0
}

/// The inverse of a piecewise-linear curve: the day at which `u` of leaves have had
/// their last event.
fn draw_from_curve(curve: Curve, u: f64) -> i32 {
    for pair in curve.windows(2) {
        let ((d0, p0), (d1, p1)) = (pair[0], pair[1]);
        if u < p1 {
            let f = if p1 > p0 { (u - p0) / (p1 - p0) } else { 0.0 };
            return d0 + (f * f64::from(d1 - d0)).floor() as i32;
        }
    }
    curve.last().map_or(0, |&(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::unit::UnitRecord;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).expect("code")
    }

    fn tree() -> UnitTree {
        let mut records = vec![
            UnitRecord {
                code: code("C"),
                name: "city".into(),
                kind: UnitKind::City,
                parent: None,
                population: None,
                from_address_list: false,
            },
            UnitRecord {
                code: code("420102000000"),
                name: "d".into(),
                kind: UnitKind::District,
                parent: Some(code("C")),
                population: None,
                from_address_list: false,
            },
            UnitRecord {
                code: code("S"),
                name: "s".into(),
                kind: UnitKind::Subdistrict,
                parent: Some(code("420102000000")),
                population: None,
                from_address_list: false,
            },
            UnitRecord {
                code: code("M"),
                name: "m".into(),
                kind: UnitKind::Community,
                parent: Some(code("S")),
                population: None,
                from_address_list: false,
            },
        ];
        for k in 0..40 {
            records.push(UnitRecord {
                code: code(&format!("K{k}")),
                name: "k".into(),
                kind: UnitKind::Compound,
                parent: Some(code("M")),
                population: Some(1000),
                from_address_list: false,
            });
            records.push(UnitRecord {
                code: code(&format!("V{k}")),
                name: "v".into(),
                kind: UnitKind::Village,
                parent: Some(code("S")),
                population: None,
                from_address_list: false,
            });
        }
        UnitTree::build(records).expect("valid")
    }

    #[test]
    fn the_daily_sum_of_confirmed_equals_the_published_total() {
        let totals: Vec<Option<i64>> = vec![Some(5), Some(120), None, Some(-3), Some(0), Some(7)];
        let season = Season::new(
            &tree(),
            Day::parse("2020-01-20").expect("day"),
            totals.clone(),
            42,
        );
        for (offset, total) in totals.iter().enumerate() {
            let sum: u32 = season
                .reports_for(offset)
                .iter()
                .map(|r| r.new_confirmed.get())
                .sum();
            assert_eq!(i64::from(sum), total.unwrap_or(0).max(0), "day {offset}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_season() {
        let start = Day::parse("2020-01-20").expect("day");
        let a = Season::new(&tree(), start, vec![Some(30); 10], 7);
        let b = Season::new(&tree(), start, vec![Some(30); 10], 7);
        for d in 0..10 {
            assert_eq!(a.reports_for(d), b.reports_for(d));
        }
    }

    #[test]
    fn a_leaf_reports_no_event_after_its_last_event_day() {
        let start = Day::parse("2020-01-20").expect("day");
        let season = Season::new(&tree(), start, vec![Some(10); 102], 3);
        for (i, leaf) in season.leaves.iter().enumerate() {
            for d in (leaf.last_event + 1).max(0)..102 {
                if let Some(r) = season
                    .reports_for(d as usize)
                    .iter()
                    .find(|r| r.unit == leaf.code)
                {
                    assert_eq!(
                        r.new_confirmed.get() + r.new_suspected.get() + r.new_close_contacts.get(),
                        0,
                        "leaf {i} day {d}"
                    );
                }
            }
        }
    }

    #[test]
    fn curves_are_inverted_within_their_range() {
        assert_eq!(draw_from_curve(VILLAGE_CURVE, 0.0), 0);
        assert_eq!(
            draw_from_curve(VILLAGE_CURVE, share_by(VILLAGE_CURVE, 32)),
            32
        );
        assert!((share_by(URBAN_CURVE, 32) - 0.13).abs() < 1e-9);
        assert_eq!(draw_from_curve(VILLAGE_CURVE, 0.999_999), 100);
    }
}
