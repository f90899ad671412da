//! `UnitTree`: the validated tree of units as it stands on one day.
//!
//! The tree is the only place that decides which units are reporting units (its
//! leaves) and what lies under a unit. It is built from plain records and checked
//! whole: every error is collected, so an import can name every bad line at once.

use std::collections::HashMap;

use serde::Serialize;

use super::{UnitCode, UnitKind};

/// One unit as a row: what an import file or a stored version says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRecord {
    /// The unit's stable code.
    pub code: UnitCode,
    /// The unit's name, e.g. 江岸区.
    pub name: String,
    /// What the unit is.
    pub kind: UnitKind,
    /// The parent's code; `None` only for a root.
    pub parent: Option<UnitCode>,
    /// The resident population, where known.
    pub population: Option<u32>,
    /// Whether the unit was created from an imported case-address list (Shanghai
    /// 2022 style): such lists name no community, so their compounds may stand
    /// directly under a district, and only they may.
    pub from_address_list: bool,
}

impl UnitRecord {
    /// Whether this unit may stand directly under a unit of kind `parent`.
    pub fn may_stand_under(&self, parent: UnitKind) -> bool {
        self.kind.may_stand_under(parent)
            || (self.from_address_list
                && self.kind == UnitKind::Compound
                && parent == UnitKind::District)
    }
}

/// The position of a unit inside one [`UnitTree`].
pub type UnitIndex = u32;

/// A tree of units that has passed every structural rule.
#[derive(Debug, Clone, Default)]
pub struct UnitTree {
    units: Vec<UnitRecord>,
    parent: Vec<Option<UnitIndex>>,
    children: Vec<Vec<UnitIndex>>,
    by_code: HashMap<UnitCode, UnitIndex>,
}

/// A structural rule that a set of unit records breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// Occurs when two records carry the same code.
    #[error("duplicate code {code}: it appears more than once")]
    DuplicateCode {
        /// The repeated code.
        code: UnitCode,
    },
    /// Occurs when a record names a parent that is neither in the file nor stored.
    #[error("parent {parent} of unit {code} does not exist")]
    UnknownParent {
        /// The unit whose parent is missing.
        code: UnitCode,
        /// The missing parent's code.
        parent: UnitCode,
    },
    /// Occurs when a unit that cannot be a root (anything but a city) has no parent.
    #[error("unit {code} is a {kind} and needs a parent")]
    MissingParent {
        /// The orphaned unit.
        code: UnitCode,
        /// Its kind.
        kind: UnitKind,
    },
    /// Occurs when a unit's kind may not stand under its parent's kind, e.g. a
    /// compound under a subdistrict.
    #[error("a {kind} ({code}) cannot stand under a {parent_kind} ({parent})")]
    KindNotAllowed {
        /// The unit.
        code: UnitCode,
        /// Its kind.
        kind: UnitKind,
        /// The parent's code.
        parent: UnitCode,
        /// The parent's kind.
        parent_kind: UnitKind,
    },
    /// Occurs when following parents from a unit leads back to it.
    #[error("unit {code} is part of a cycle of parents")]
    Cycle {
        /// A unit on the cycle.
        code: UnitCode,
    },
}

impl TreeError {
    /// The code of the unit the error is about.
    pub fn code(&self) -> &UnitCode {
        match self {
            TreeError::DuplicateCode { code }
            | TreeError::UnknownParent { code, .. }
            | TreeError::MissingParent { code, .. }
            | TreeError::KindNotAllowed { code, .. }
            | TreeError::Cycle { code } => code,
        }
    }
}

impl UnitTree {
    /// Builds and checks a tree. A city whose parent is not among the records is a
    /// root (the national file names Hubei province as Wuhan's parent; the province
    /// is outside the deployment). Every broken rule is returned, not only the first.
    pub fn build(records: Vec<UnitRecord>) -> Result<UnitTree, Vec<TreeError>> {
        let mut errors = Vec::new();
        let mut by_code: HashMap<UnitCode, UnitIndex> = HashMap::with_capacity(records.len());
        let mut units = Vec::with_capacity(records.len());
        for record in records {
            if by_code.contains_key(&record.code) {
                errors.push(TreeError::DuplicateCode { code: record.code });
                continue;
            }
            let index = units.len() as UnitIndex;
            by_code.insert(record.code.clone(), index);
            units.push(record);
        }

        let mut parent = vec![None; units.len()];
        let mut children: Vec<Vec<UnitIndex>> = vec![Vec::new(); units.len()];
        for (i, unit) in units.iter().enumerate() {
            let found = unit.parent.as_ref().map(|p| (p, by_code.get(p)));
            match found {
                Some((_, Some(&p))) => {
                    let parent_kind = units[p as usize].kind;
                    if !unit.may_stand_under(parent_kind) {
                        errors.push(TreeError::KindNotAllowed {
                            code: unit.code.clone(),
                            kind: unit.kind,
                            parent: units[p as usize].code.clone(),
                            parent_kind,
                        });
                    }
                    parent[i] = Some(p);
                    children[p as usize].push(i as UnitIndex);
                }
                Some((_, None)) if unit.kind.may_be_root() => {}
                Some((code, None)) => errors.push(TreeError::UnknownParent {
                    code: unit.code.clone(),
                    parent: code.clone(),
                }),
                None if unit.kind.may_be_root() => {}
                None => errors.push(TreeError::MissingParent {
                    code: unit.code.clone(),
                    kind: unit.kind,
                }),
            }
        }

        // Every unit must be reachable from a root; what is not sits on a cycle.
        let mut reached = vec![false; units.len()];
        let mut stack: Vec<UnitIndex> = (0..units.len() as UnitIndex)
            .filter(|&i| parent[i as usize].is_none())
            .collect();
        while let Some(i) = stack.pop() {
            reached[i as usize] = true;
            stack.extend(children[i as usize].iter().copied());
        }
        for (i, seen) in reached.iter().enumerate() {
            if !seen {
                errors.push(TreeError::Cycle {
                    code: units[i].code.clone(),
                });
            }
        }

        if errors.is_empty() {
            Ok(UnitTree {
                units,
                parent,
                children,
                by_code,
            })
        } else {
            Err(errors)
        }
    }

    /// The number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the tree has no units.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The record at `index`.
    pub fn unit(&self, index: UnitIndex) -> &UnitRecord {
        &self.units[index as usize]
    }

    /// All records, in index order.
    pub fn units(&self) -> &[UnitRecord] {
        &self.units
    }

    /// The index of the unit with this code.
    pub fn index_of(&self, code: &UnitCode) -> Option<UnitIndex> {
        self.by_code.get(code).copied()
    }

    /// The record of the unit with this code.
    pub fn get(&self, code: &UnitCode) -> Option<&UnitRecord> {
        self.index_of(code).map(|i| self.unit(i))
    }

    /// The parent of `index`, if it is not a root.
    pub fn parent(&self, index: UnitIndex) -> Option<UnitIndex> {
        self.parent[index as usize]
    }

    /// The units directly under `index`.
    pub fn children(&self, index: UnitIndex) -> &[UnitIndex] {
        &self.children[index as usize]
    }

    /// Whether `index` is a reporting unit: a leaf, which files the daily report.
    pub fn is_reporting(&self, index: UnitIndex) -> bool {
        self.children[index as usize].is_empty()
    }

    /// The units with no parent in the tree.
    pub fn roots(&self) -> impl Iterator<Item = UnitIndex> + '_ {
        (0..self.units.len() as UnitIndex).filter(|&i| self.parent[i as usize].is_none())
    }

    /// `index` and every unit under it, parents before children.
    pub fn subtree(&self, index: UnitIndex) -> Vec<UnitIndex> {
        let mut out = Vec::new();
        let mut stack = vec![index];
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(self.children[i as usize].iter().rev().copied());
        }
        out
    }

    /// Every unit, each parent before its children, roots in index order.
    pub fn preorder(&self) -> Vec<UnitIndex> {
        self.roots().flat_map(|r| self.subtree(r)).collect()
    }

    /// How many levels `index` stands below its root (0 for a root).
    pub fn depth(&self, mut index: UnitIndex) -> usize {
        let mut d = 0;
        while let Some(p) = self.parent(index) {
            d += 1;
            index = p;
        }
        d
    }

    /// The first unit of `kind` at or above `index`, if there is one.
    pub fn ancestor_of_kind(&self, mut index: UnitIndex, kind: UnitKind) -> Option<UnitIndex> {
        loop {
            if self.unit(index).kind == kind {
                return Some(index);
            }
            index = self.parent(index)?;
        }
    }

    /// Whether `ancestor` is `index` itself or lies above it.
    pub fn is_within(&self, index: UnitIndex, ancestor: UnitIndex) -> bool {
        let mut cur = Some(index);
        while let Some(i) = cur {
            if i == ancestor {
                return true;
            }
            cur = self.parent(i);
        }
        false
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn rec(code: &str, kind: UnitKind, parent: Option<&str>) -> UnitRecord {
        UnitRecord {
            code: UnitCode::parse(code).expect("code"),
            name: format!("unit {code}"),
            kind,
            parent: parent.map(|p| UnitCode::parse(p).expect("code")),
            population: None,
            from_address_list: false,
        }
    }

    pub(crate) fn small_city() -> Vec<UnitRecord> {
        vec![
            rec("C", UnitKind::City, Some("PROVINCE")),
            rec("D", UnitKind::District, Some("C")),
            rec("S", UnitKind::Subdistrict, Some("D")),
            rec("M", UnitKind::Community, Some("S")),
            rec("V", UnitKind::Village, Some("S")),
            rec("K1", UnitKind::Compound, Some("M")),
            rec("K2", UnitKind::Compound, Some("M")),
        ]
    }

    #[test]
    fn depth_and_the_ancestor_of_a_kind() {
        let tree = UnitTree::build(small_city()).expect("valid");
        let at = |c: &str| {
            tree.index_of(&UnitCode::parse(c).expect("code"))
                .expect("unit")
        };
        assert_eq!(tree.depth(at("C")), 0);
        assert_eq!(tree.depth(at("K1")), 4);
        assert_eq!(
            tree.ancestor_of_kind(at("K1"), UnitKind::District),
            Some(at("D"))
        );
        assert_eq!(
            tree.ancestor_of_kind(at("D"), UnitKind::District),
            Some(at("D"))
        );
        assert_eq!(tree.ancestor_of_kind(at("C"), UnitKind::Community), None);
    }

    #[test]
    fn the_leaves_are_the_reporting_units() {
        let tree = UnitTree::build(small_city()).expect("valid");
        let reporting: Vec<&str> = (0..tree.len() as UnitIndex)
            .filter(|&i| tree.is_reporting(i))
            .map(|i| tree.unit(i).code.as_str())
            .collect();
        assert_eq!(reporting, ["V", "K1", "K2"]);
    }

    #[test]
    fn a_city_whose_parent_is_outside_the_tree_is_a_root() {
        let tree = UnitTree::build(small_city()).expect("valid");
        let roots: Vec<UnitIndex> = tree.roots().collect();
        assert_eq!(roots, [0]);
        assert_eq!(tree.subtree(0).len(), 7);
        assert_eq!(tree.preorder().len(), 7);
    }

    #[test]
    fn every_broken_rule_is_reported_not_only_the_first() {
        let mut records = small_city();
        records.push(rec("D", UnitKind::District, Some("C")));
        records.push(rec("X", UnitKind::Community, Some("NOWHERE")));
        records.push(rec("K3", UnitKind::Compound, Some("S")));
        records.push(rec("Y", UnitKind::Village, None));
        let errors = UnitTree::build(records).expect_err("invalid");
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(matches!(&errors[0], TreeError::DuplicateCode { code } if code.as_str() == "D"));
        assert!(
            errors.iter().any(
                |e| matches!(e, TreeError::UnknownParent { code, .. } if code.as_str() == "X")
            )
        );
        assert!(
            errors.iter().any(
                |e| matches!(e, TreeError::KindNotAllowed { code, .. } if code.as_str() == "K3")
            )
        );
        assert!(
            errors.iter().any(
                |e| matches!(e, TreeError::MissingParent { code, .. } if code.as_str() == "Y")
            )
        );
    }

    #[test]
    fn only_compounds_from_an_address_list_may_stand_directly_under_a_district() {
        let mut listed = rec("A1", UnitKind::Compound, Some("D"));
        listed.from_address_list = true;
        let mut records = small_city();
        records.push(listed);
        assert!(UnitTree::build(records.clone()).is_ok());
        records.push(rec("A2", UnitKind::Compound, Some("D")));
        let errors =
            UnitTree::build(records.clone()).expect_err("a registry compound under a district");
        assert!(
            matches!(&errors[..], [TreeError::KindNotAllowed { code, .. }] if code.as_str() == "A2")
        );
        let mut under_subdistrict = rec("A3", UnitKind::Compound, Some("S"));
        under_subdistrict.from_address_list = true;
        records.pop();
        records.push(under_subdistrict);
        assert!(
            UnitTree::build(records).is_err(),
            "the exception is for districts only"
        );
    }

    #[test]
    fn a_cycle_is_found() {
        // Two cities naming each other: the kind rule catches the pairing, and the
        // reachability check names both as on a cycle.
        let records = vec![
            rec("A", UnitKind::SpecialPlace, Some("B")),
            rec("B", UnitKind::SpecialPlace, Some("A")),
        ];
        let errors = UnitTree::build(records).expect_err("invalid");
        assert!(errors.iter().any(|e| matches!(e, TreeError::Cycle { .. })));
    }

    proptest! {
        /// On any random valid tree: every unit is reachable from exactly one root,
        /// leaves are exactly the units without children, and subtrees nest.
        #[test]
        fn random_trees_keep_their_structure(shape in proptest::collection::vec((0usize..1000, 0u8..3), 1..80)) {
            let mut records = vec![rec("root", UnitKind::City, None)];
            let kinds = [UnitKind::District, UnitKind::Subdistrict, UnitKind::Community, UnitKind::Compound];
            let mut levels = vec![0usize];
            for (i, (pick, _)) in shape.iter().enumerate() {
                let candidates: Vec<usize> = (0..records.len()).filter(|&j| levels[j] < 4).collect();
                let p = candidates[pick % candidates.len()];
                let level = levels[p] + 1;
                records.push(rec(&format!("u{i}"), kinds[level - 1], Some(records[p].code.as_str())));
                levels.push(level);
            }
            let n = records.len();
            let tree = UnitTree::build(records).expect("valid by construction");
            prop_assert_eq!(tree.preorder().len(), n);
            for i in 0..n as UnitIndex {
                prop_assert_eq!(tree.is_reporting(i), tree.children(i).is_empty());
                prop_assert!(tree.is_within(i, 0));
                for &j in &tree.subtree(i) {
                    prop_assert!(tree.is_within(j, i));
                }
            }
        }
    }
}
