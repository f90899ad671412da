//! The new confirmed cases of one day's reports summed up the tree: what the
//! offices' map shades districts by when it shows new cases.

use fangkong_domain::unit::{UnitIndex, UnitTree};

/// The new confirmed cases the latest revision of each report of a day
/// counts, summed up the tree: per tree index, the sum and how many reports
/// it is made of (no report: no figure, never zero).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DaySums {
    /// New confirmed cases, per tree index.
    pub new_confirmed: Vec<u64>,
    /// Reports summed, per tree index.
    pub reports: Vec<u32>,
}

impl DaySums {
    /// Sums `latest` (each reporting unit's new confirmed cases) up `tree`.
    pub fn of(tree: &UnitTree, latest: impl IntoIterator<Item = (UnitIndex, u32)>) -> DaySums {
        let mut sums = DaySums {
            new_confirmed: vec![0; tree.len()],
            reports: vec![0; tree.len()],
        };
        for (leaf, n) in latest {
            if leaf as usize >= tree.len() {
                continue;
            }
            let mut at = Some(leaf);
            while let Some(u) = at {
                sums.new_confirmed[u as usize] += u64::from(n);
                sums.reports[u as usize] += 1;
                at = tree.parent(u);
            }
        }
        sums
    }

    /// The sum under unit `u`, none without a report.
    pub fn new_under(&self, u: UnitIndex) -> Option<u64> {
        let i = u as usize;
        (self.reports.get(i).copied().unwrap_or(0) > 0).then(|| self.new_confirmed[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::{UnitCode, UnitKind, UnitRecord};

    fn unit(code: &str, kind: UnitKind, parent: Option<&str>) -> UnitRecord {
        UnitRecord {
            code: UnitCode::parse(code).expect("code"),
            name: code.into(),
            kind,
            parent: parent.map(|p| UnitCode::parse(p).expect("code")),
            population: None,
            from_address_list: false,
        }
    }

    #[test]
    fn a_day_s_cases_add_up_the_tree_and_no_report_is_no_figure() {
        let tree = UnitTree::build(vec![
            unit("C", UnitKind::City, None),
            unit("D", UnitKind::District, Some("C")),
            unit("S", UnitKind::Subdistrict, Some("D")),
            unit("M", UnitKind::Community, Some("S")),
            unit("K1", UnitKind::Compound, Some("M")),
            unit("K2", UnitKind::Compound, Some("M")),
            unit("D2", UnitKind::District, Some("C")),
        ])
        .expect("tree");
        let at = |c: &str| {
            tree.index_of(&UnitCode::parse(c).expect("code"))
                .expect("in")
        };
        let sums = DaySums::of(&tree, [(at("K1"), 3), (at("K2"), 0), (99, 5)]);
        assert_eq!(sums.new_under(at("K1")), Some(3));
        assert_eq!(sums.new_under(at("K2")), Some(0), "a report of 0 is 0");
        assert_eq!(sums.new_under(at("D")), Some(3));
        assert_eq!(
            sums.reports[at("C") as usize],
            2,
            "the stray key is left out"
        );
        assert_eq!(
            sums.new_under(at("D2")),
            None,
            "no report: no figure, not 0"
        );
        assert_eq!(DaySums::of(&tree, []).new_under(at("C")), None);
    }
}
