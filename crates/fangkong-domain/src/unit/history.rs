//! `UnitHistory`: every dated version of every unit, so that the tree of any past
//! day can be rebuilt exactly. Renames, moves and retirements add versions; nothing
//! is overwritten (SPEC §1: a reorganised district keeps its history).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{TreeError, UnitCode, UnitKind, UnitRecord, UnitTree};
use crate::Day;

/// What a unit was from `valid_from` until its next version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitVersion {
    /// The first day this version holds; `None` means "since before any record".
    pub valid_from: Option<Day>,
    /// The unit's name in this version.
    pub name: String,
    /// The unit's kind in this version.
    pub kind: UnitKind,
    /// The parent's code in this version.
    pub parent: Option<UnitCode>,
    /// The resident population in this version, where known.
    pub population: Option<u32>,
    /// Whether the unit is retired from `valid_from` on.
    pub retired: bool,
    /// Why this version was made, for renames, moves and retirements.
    pub reason: Option<String>,
    /// Whether the unit was created from an imported case-address list.
    pub from_address_list: bool,
}

impl UnitVersion {
    /// The first version of a new unit, holding from `valid_from` (`None`: since
    /// before any record).
    pub fn first(record: &UnitRecord, valid_from: Option<Day>) -> UnitVersion {
        UnitVersion {
            valid_from,
            name: record.name.trim().to_string(),
            kind: record.kind,
            parent: record.parent.clone(),
            population: record.population,
            retired: false,
            reason: None,
            from_address_list: record.from_address_list,
        }
    }

    /// The record this version gives the unit with `code`.
    pub fn record(&self, code: &UnitCode) -> UnitRecord {
        UnitRecord {
            code: code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            parent: self.parent.clone(),
            population: self.population,
            from_address_list: self.from_address_list,
        }
    }
}

/// All versions of all units, ordered by code and then by `valid_from`.
#[derive(Debug, Clone, Default)]
pub struct UnitHistory {
    versions: BTreeMap<UnitCode, Vec<UnitVersion>>,
    /// Every dated `valid_from`, kept as versions arrive: asking which tree holds on
    /// a day is then a lookup, not a pass over every version.
    change_days: BTreeSet<Day>,
}

impl UnitHistory {
    /// An empty history.
    pub fn new() -> UnitHistory {
        UnitHistory::default()
    }

    /// Adds a version as stored. Versions of one unit may arrive in any order.
    pub fn push(&mut self, code: UnitCode, version: UnitVersion) {
        if let Some(day) = version.valid_from {
            self.change_days.insert(day);
        }
        let list = self.versions.entry(code).or_default();
        let at = list.partition_point(|v| v.valid_from <= version.valid_from);
        list.insert(at, version);
    }

    /// Every version of one unit, oldest first.
    pub fn versions(&self, code: &UnitCode) -> &[UnitVersion] {
        self.versions.get(code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The newest version of one unit.
    pub fn latest(&self, code: &UnitCode) -> Option<&UnitVersion> {
        self.versions(code).last()
    }

    /// The version of one unit that holds on `day`.
    pub fn version_on(&self, code: &UnitCode, day: Day) -> Option<&UnitVersion> {
        self.versions(code)
            .iter()
            .rev()
            .find(|v| v.valid_from.is_none_or(|from| from <= day))
    }

    /// Every code ever recorded.
    pub fn codes(&self) -> impl Iterator<Item = &UnitCode> {
        self.versions.keys()
    }

    /// The number of units ever recorded.
    pub fn unit_count(&self) -> usize {
        self.versions.len()
    }

    /// The days on which some unit changed. The tree is the same on every day between
    /// two consecutive change days, so callers can cache one tree per interval.
    pub fn change_days(&self) -> &BTreeSet<Day> {
        &self.change_days
    }

    /// The latest change day on or before `day`: the key of the tree that holds on
    /// `day` (`None` when no dated change has happened yet).
    pub fn epoch_of(&self, day: Day) -> Option<Day> {
        self.change_days().range(..=day).next_back().copied()
    }

    /// The tree as it stood on `day`: retired units and units not yet added are absent.
    pub fn tree_on(&self, day: Day) -> Result<UnitTree, Vec<TreeError>> {
        let records = self
            .versions
            .keys()
            .filter_map(|code| self.version_on(code, day).map(|v| (code, v)))
            .filter(|(_, v)| !v.retired)
            .map(|(code, v)| v.record(code))
            .collect();
        UnitTree::build(records)
    }

    /// The tree as it stands after every recorded change.
    pub fn current_tree(&self) -> Result<UnitTree, Vec<TreeError>> {
        let records = self
            .versions
            .iter()
            .filter_map(|(code, list)| list.last().map(|v| (code, v)))
            .filter(|(_, v)| !v.retired)
            .map(|(code, v)| v.record(code))
            .collect();
        UnitTree::build(records)
    }
}

/// The trees of every day, built once per interval between change days: the tree
/// is the same on every day between two consecutive changes.
#[derive(Debug)]
pub struct TreeCalendar<'h> {
    history: &'h UnitHistory,
    trees: BTreeMap<Option<Day>, Result<UnitTree, Vec<TreeError>>>,
}

impl<'h> TreeCalendar<'h> {
    /// A calendar over `history`; trees are built on first use.
    pub fn new(history: &'h UnitHistory) -> TreeCalendar<'h> {
        TreeCalendar {
            history,
            trees: BTreeMap::new(),
        }
    }

    /// The tree that holds on `day`.
    pub fn tree_on(&mut self, day: Day) -> Result<&UnitTree, &[TreeError]> {
        let epoch = self.epoch_of(day);
        let history = self.history;
        self.trees
            .entry(epoch)
            .or_insert_with(|| history.tree_on(day))
            .as_ref()
            .map_err(Vec::as_slice)
    }

    /// The key of the tree that holds on `day`: the latest change day on or before it
    /// (`None` before any dated change). Days with the same key share one tree.
    pub fn epoch_of(&self, day: Day) -> Option<Day> {
        self.history.epoch_of(day)
    }

    /// Whether the code was ever recorded, on any day.
    pub fn knows(&self, code: &UnitCode) -> bool {
        self.history.latest(code).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::tree::tests::small_city;

    fn day(s: &str) -> Day {
        Day::parse(s).expect("day")
    }

    fn history_of(records: Vec<UnitRecord>) -> UnitHistory {
        let mut h = UnitHistory::new();
        for r in records {
            let v = UnitVersion::first(&r, None);
            h.push(r.code, v);
        }
        h
    }

    #[test]
    fn the_tree_of_a_past_day_is_reproduced_after_a_move() {
        let mut h = history_of(small_city());
        let k2 = UnitCode::parse("K2").expect("code");
        let mut moved = h.latest(&k2).expect("exists").clone();
        moved.valid_from = Some(day("2020-03-01"));
        moved.parent = UnitCode::parse("V").ok();
        h.push(k2.clone(), moved);

        let before = h.tree_on(day("2020-02-29")).expect("valid");
        let after = h.tree_on(day("2020-03-01")).expect("valid");
        assert_eq!(
            before
                .get(&k2)
                .and_then(|r| r.parent.clone())
                .expect("p")
                .as_str(),
            "M"
        );
        assert_eq!(
            after
                .get(&k2)
                .and_then(|r| r.parent.clone())
                .expect("p")
                .as_str(),
            "V"
        );
        // The village had no compound before the move, so it reported for itself.
        let v = UnitCode::parse("V").expect("code");
        assert!(before.is_reporting(before.index_of(&v).expect("v")));
        assert!(!after.is_reporting(after.index_of(&v).expect("v")));
        assert_eq!(h.epoch_of(day("2020-02-29")), None);
        let mut calendar = TreeCalendar::new(&h);
        let on = |c: &mut TreeCalendar, d| {
            c.tree_on(day(d))
                .expect("valid")
                .get(&k2)
                .and_then(|r| r.parent.clone())
        };
        assert_eq!(on(&mut calendar, "2020-01-01").expect("p").as_str(), "M");
        assert_eq!(on(&mut calendar, "2020-03-02").expect("p").as_str(), "V");
        assert_eq!(h.epoch_of(day("2020-04-01")), Some(day("2020-03-01")));
    }

    #[test]
    fn a_retired_unit_is_absent_from_the_day_it_retires() {
        let mut h = history_of(small_city());
        let k1 = UnitCode::parse("K1").expect("code");
        let mut retired = h.latest(&k1).expect("exists").clone();
        retired.valid_from = Some(day("2020-03-10"));
        retired.retired = true;
        h.push(k1.clone(), retired);
        assert!(
            h.tree_on(day("2020-03-09"))
                .expect("valid")
                .get(&k1)
                .is_some()
        );
        assert!(
            h.tree_on(day("2020-03-10"))
                .expect("valid")
                .get(&k1)
                .is_none()
        );
        assert!(h.current_tree().expect("valid").get(&k1).is_none());
        assert_eq!(h.versions(&k1).len(), 2, "the old version stays readable");
    }
}
