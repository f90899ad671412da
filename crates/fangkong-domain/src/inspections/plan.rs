//! Drawing an inspection plan (双随机): units with probability rising with
//! risk plus a uniform share, then an inspector for each, both from one seed.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use serde::Serialize;

use super::InspectionRules;
use crate::unit::{UnitIndex, UnitTree};

/// The signs of risk known about a reporting unit on the plan's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Risk {
    /// Days with a new case, suspect or close contact in the look-back.
    pub event_days: u32,
    /// Data-truth findings about its reports (copied, outlying) in the look-back.
    pub findings: u32,
    /// Appeals complaining about it in the look-back.
    pub complaints: u32,
    /// Whether it lost its epidemic-free status in the look-back.
    pub lost_status: bool,
    /// Days since its last inspection (`None`: never inspected).
    pub days_since_inspection: Option<u32>,
    /// Whether its last inspection failed.
    pub failed_last: bool,
}

/// A reporting unit that may be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The unit.
    pub unit: UnitIndex,
    /// What is known of its risk.
    pub risk: Risk,
}

/// How a unit came into the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Drawn {
    /// Drawn with probability proportional to its weight.
    ByRisk,
    /// Drawn uniformly (the share that keeps every unit exposed).
    Uniformly,
}

/// One unit of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pick {
    /// The unit.
    pub unit: UnitIndex,
    /// Its weight (1 plus its risk).
    pub weight: f64,
    /// How it was drawn.
    pub drawn: Drawn,
    /// Its risk: why it weighs what it weighs.
    pub risk: Risk,
    /// The inspector drawn for it (an index into the inspectors given), if any
    /// is free of conflict.
    pub inspector: Option<usize>,
}

/// A drawn plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The seed it was drawn with: the same seed redraws the same plan.
    pub seed: u64,
    /// The units drawn, by risk first (heaviest first), then uniformly.
    pub picks: Vec<Pick>,
    /// Units that could be drawn.
    pub eligible: usize,
    /// Units left out because they were inspected (and passed) too recently.
    pub rested: usize,
}

/// An inspector on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspector {
    /// The inspector's key.
    pub id: i64,
    /// The unit they belong to (never inspected by them, nor anything under it).
    pub unit: Option<UnitIndex>,
}

/// A unit's weight: 1 plus its weighted signs of risk.
pub fn weight(risk: &Risk, rules: &InspectionRules) -> f64 {
    let w = &rules.weights;
    let days = risk
        .days_since_inspection
        .unwrap_or(rules.never_inspected_days);
    1.0 + w.event_day * f64::from(risk.event_days)
        + w.finding * f64::from(risk.findings)
        + w.complaint * f64::from(risk.complaints)
        + if risk.lost_status { w.lost_status } else { 0.0 }
        + w.per_30_days_uninspected * f64::from(days) / 30.0
        + if risk.failed_last { w.failed_last } else { 0.0 }
}

/// Whether a unit may be drawn: not inspected within the interval, unless it failed.
fn eligible(risk: &Risk, rules: &InspectionRules) -> bool {
    risk.failed_last
        || risk
            .days_since_inspection
            .is_none_or(|d| d >= rules.min_interval_days)
}

/// A uniform number in (0, 1].
fn unit_interval(rng: &mut ChaCha20Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
}

/// Draws `count` units: `uniform_share` of them uniformly, the rest with
/// probability proportional to weight, without replacement (Efraimidis and
/// Spirakis: each unit's key is ln(u)/w, the largest keys win). Reproducible
/// by `seed`.
pub fn plan(candidates: &[Candidate], rules: &InspectionRules, count: usize, seed: u64) -> Plan {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let pool: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| eligible(&c.risk, rules))
        .collect();
    let count = count.min(pool.len());
    let uniform = ((count as f64) * rules.uniform_share).round() as usize;
    let by_risk = count - uniform.min(count);
    let mut keyed: Vec<(f64, f64, &Candidate)> = pool
        .iter()
        .map(|c| {
            let w = weight(&c.risk, rules);
            (unit_interval(&mut rng).ln() / w, w, *c)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.unit.cmp(&b.2.unit)));
    let mut picks: Vec<Pick> = keyed[..by_risk]
        .iter()
        .map(|&(_, weight, c)| Pick {
            unit: c.unit,
            weight,
            drawn: Drawn::ByRisk,
            risk: c.risk,
            inspector: None,
        })
        .collect();
    picks.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.unit.cmp(&b.unit)));
    // The rest in a fixed order, then a partial Fisher–Yates shuffle.
    let mut rest: Vec<(f64, &Candidate)> =
        keyed[by_risk..].iter().map(|&(_, w, c)| (w, c)).collect();
    rest.sort_by_key(|(_, c)| c.unit);
    for i in 0..(count - by_risk) {
        let j = i + (rng.next_u64() % (rest.len() - i) as u64) as usize;
        rest.swap(i, j);
        let (weight, c) = rest[i];
        picks.push(Pick {
            unit: c.unit,
            weight,
            drawn: Drawn::Uniformly,
            risk: c.risk,
            inspector: None,
        });
    }
    Plan {
        seed,
        picks,
        eligible: pool.len(),
        rested: candidates.len() - pool.len(),
    }
}

/// Draws an inspector for each pick from the same seed: never one who belongs
/// to the unit (or a unit above it), never the one who inspected it last
/// (`last_inspector`), and among the rest one of those with the fewest visits
/// so far, at random. A pick no inspector may take keeps `None`.
pub fn assign_inspectors(
    plan: &mut Plan,
    inspectors: &[Inspector],
    tree: &UnitTree,
    last_inspector: impl Fn(UnitIndex) -> Option<i64>,
) {
    let mut rng = ChaCha20Rng::seed_from_u64(plan.seed ^ 0x1D5E_C70A_0000_0001);
    let mut visits = vec![0usize; inspectors.len()];
    for pick in &mut plan.picks {
        let last = last_inspector(pick.unit);
        let free: Vec<usize> = (0..inspectors.len())
            .filter(|&i| {
                let inspector = &inspectors[i];
                Some(inspector.id) != last
                    && inspector
                        .unit
                        .is_none_or(|home| !tree.is_within(pick.unit, home))
            })
            .collect();
        let Some(fewest) = free.iter().map(|&i| visits[i]).min() else {
            continue;
        };
        let least: Vec<usize> = free.into_iter().filter(|&i| visits[i] == fewest).collect();
        let chosen = least[(rng.next_u64() % least.len() as u64) as usize];
        visits[chosen] += 1;
        pick.inspector = Some(chosen);
    }
}

#[cfg(test)]
mod tests;
