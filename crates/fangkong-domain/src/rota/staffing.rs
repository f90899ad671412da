//! Staffing: the people on the roster of each community and village (and each
//! district, added up) per 1,000 residents, against the configured minimum,
//! the shortest first.

use std::collections::HashMap;

use serde::Serialize;

use super::RotaRules;
use crate::UnitKind;
use crate::unit::{UnitIndex, UnitTree};

/// One unit's staffing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staffing {
    /// The unit.
    pub unit: UnitIndex,
    /// People on its roster.
    pub people: u32,
    /// Its residents, where every reporting unit under it gives a population;
    /// none where any does not (a partial sum would look like fewer people to
    /// serve, never zero).
    pub residents: Option<u32>,
    /// People per 1,000 residents, where the residents are known.
    pub per_thousand: Option<f64>,
    /// People it needs under the rules, where the residents are known.
    pub needed: Option<u32>,
}

impl Staffing {
    /// How many people short, where known (zero when not short).
    pub fn short_by(&self) -> Option<u32> {
        self.needed.map(|n| n.saturating_sub(self.people))
    }
}

/// The staffing of every community and village under `root` (then of each
/// district under it, summed), people counted from `people` (on the roster,
/// by unit), shortest first by how many people they lack, then by tree
/// order; the units whose residents are unknown last.
pub fn staffing(
    tree: &UnitTree,
    root: UnitIndex,
    people: &HashMap<UnitIndex, u32>,
    rules: &RotaRules,
) -> (Vec<Staffing>, Vec<Staffing>) {
    let needed = |residents: u32| {
        (f64::from(residents) * rules.min_staff_per_thousand / 1000.0).ceil() as u32
    };
    let of = |unit: UnitIndex, people: u32, residents: Option<u32>| Staffing {
        unit,
        people,
        residents,
        per_thousand: residents
            .filter(|&r| r > 0)
            .map(|r| f64::from(people) * 1000.0 / f64::from(r)),
        needed: residents.map(needed),
    };
    let mut communities = Vec::new();
    let mut districts: HashMap<UnitIndex, (u32, Option<u32>)> = HashMap::new();
    for i in tree.subtree(root) {
        if !matches!(tree.unit(i).kind, UnitKind::Community | UnitKind::Village) {
            continue;
        }
        let residents = residents(tree, i);
        let here = people.get(&i).copied().unwrap_or(0);
        communities.push(of(i, here, residents));
        if let Some(d) = tree.ancestor_of_kind(i, UnitKind::District) {
            let entry = districts.entry(d).or_insert((0, Some(0)));
            entry.0 += here;
            entry.1 = entry.1.zip(residents).map(|(a, b)| a + b);
        }
    }
    let mut districts: Vec<Staffing> = districts
        .into_iter()
        .map(|(d, (p, r))| of(d, p, r))
        .collect();
    let order = |a: &Staffing, b: &Staffing| {
        let key = |s: &Staffing| (s.short_by().map(std::cmp::Reverse), s.unit);
        // Known shortfalls first (largest first), unknown last.
        match (a.short_by(), b.short_by()) {
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            _ => key(a).cmp(&key(b)),
        }
    };
    communities.sort_by(order);
    districts.sort_by(order);
    (communities, districts)
}

/// The residents of `unit`: its own population where it gives one, else the
/// sum of its reporting units', if every one gives one.
fn residents(tree: &UnitTree, unit: UnitIndex) -> Option<u32> {
    if let Some(p) = tree.unit(unit).population {
        return Some(p);
    }
    let reporting: Vec<UnitIndex> = tree
        .subtree(unit)
        .into_iter()
        .filter(|&i| tree.is_reporting(i))
        .collect();
    if reporting.is_empty() {
        return None;
    }
    reporting
        .into_iter()
        .map(|i| tree.unit(i).population)
        .sum::<Option<u32>>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitCode;
    use crate::unit::tree::tests::{rec, small_city};

    fn tree(populations: &[(&str, Option<u32>)]) -> UnitTree {
        let mut records = small_city();
        records.push(rec("M2", UnitKind::Community, Some("S")));
        records.push(rec("K3", UnitKind::Compound, Some("M2")));
        for r in &mut records {
            if let Some((_, p)) = populations.iter().find(|(c, _)| r.code.as_str() == *c) {
                r.population = *p;
            }
        }
        UnitTree::build(records).expect("tree")
    }

    fn at(tree: &UnitTree, code: &str) -> UnitIndex {
        tree.index_of(&UnitCode::parse(code).expect("code"))
            .expect("unit")
    }

    #[test]
    fn people_per_thousand_residents_against_the_minimum_shortest_first() {
        let t = tree(&[
            ("K1", Some(2000)),
            ("K2", Some(1000)),
            ("K3", Some(4000)),
            ("V", Some(800)),
        ]);
        let people = HashMap::from([(at(&t, "M"), 3), (at(&t, "M2"), 2), (at(&t, "V"), 2)]);
        let (units, districts) = staffing(&t, at(&t, "C"), &people, &RotaRules::default());
        let codes: Vec<&str> = units.iter().map(|s| t.unit(s.unit).code.as_str()).collect();
        assert_eq!(codes, ["M2", "M", "V"], "M2 lacks 4, M 2, V none");
        assert_eq!(units[0].residents, Some(4000));
        assert_eq!(units[0].needed, Some(6));
        assert_eq!(units[0].short_by(), Some(4));
        assert_eq!(units[1].per_thousand, Some(1.0));
        assert_eq!(units[2].short_by(), Some(0), "V's own population: 2 ≥ 1.2");
        assert_eq!(districts.len(), 1);
        assert_eq!(districts[0].people, 7);
        assert_eq!(districts[0].residents, Some(7800));
        assert_eq!(districts[0].needed, Some(12));
    }

    #[test]
    fn a_unit_without_known_residents_is_unknown_not_well_staffed_and_comes_last() {
        let t = tree(&[("K1", Some(2000)), ("K3", Some(4000))]);
        let (units, districts) = staffing(&t, at(&t, "C"), &HashMap::new(), &RotaRules::default());
        let m = units.iter().find(|s| s.unit == at(&t, "M")).expect("M");
        assert_eq!(m.residents, None, "K2 has no population: no partial sum");
        assert_eq!(m.short_by(), None);
        assert_eq!(m.people, 0);
        assert_eq!(units.last().map(|s| s.short_by()), Some(None));
        assert_eq!(districts[0].residents, None, "unknown below: unknown above");
    }
}
