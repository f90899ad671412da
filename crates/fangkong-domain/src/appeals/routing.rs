//! Routing an appeal to the unit responsible, from its address fields and text,
//! by the names of the unit tree: a district, a subdistrict or a community named
//! in full (`水果湖街道`, `东湖路社区居委会`), or by its short name followed by its
//! kind (`水果湖街`, `东湖路社区`), or a district by its short name (`武昌`) or a
//! known alias (`光谷`). The deepest unit named wins; a district named as well
//! must agree with it. A name that several units share routes only as far as
//! they agree (their common district), and an appeal nothing matches goes to the
//! queue, unrouted: a guess would send a request for help to the wrong office.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::UnitCode;
use crate::unit::{UnitIndex, UnitKind, UnitTree};

/// Names people use for a district that are not its own, with the district's
/// name. 光谷 (the East Lake high-tech zone) is administered by a zone office,
/// but its core subdistricts (关山, 花山, 左岭, 九峰) stand under 洪山区 in the
/// national division codes the tree uses; 沌口 and the economic development zone
/// stand under 蔡甸区. 汉口 names three districts and is not an alias.
const ALIASES: [(&str, &str); 7] = [
    ("光谷", "洪山区"),
    ("东湖高新", "洪山区"),
    ("东湖新技术开发区", "洪山区"),
    ("武汉经济技术开发区", "蔡甸区"),
    ("经开区", "蔡甸区"),
    ("沌口", "蔡甸区"),
    ("东湖风景区", "武昌区"),
];

/// Suffixes that name a unit's kind, longest first.
const SUFFIXES: [&str; 9] = [
    "社区居民委员会",
    "社区居委会",
    "村民委员会",
    "村委会",
    "街道办事处",
    "街道",
    "社区",
    "村",
    "区",
];

/// Where an appeal goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    /// The unit (the deepest one the text names without doubt).
    pub unit: UnitCode,
    /// Its name.
    pub unit_name: String,
    /// The district it stands in.
    pub district: String,
    /// The names in the text that decided it.
    pub evidence: Vec<String>,
}

/// Routes appeals over one tree.
#[derive(Debug, Clone)]
pub struct Router {
    /// Name as written in a text → the units it can mean.
    names: Vec<(String, Vec<UnitIndex>)>,
    /// Every name at once: the leftmost, longest names of a text in one pass
    /// (`None` only if the names are too many to build it: nothing routes).
    matcher: Option<AhoCorasick>,
    tree: UnitTree,
}

/// The short name of a unit: its name without the suffix naming its kind (and
/// without a bracketed note such as `（武昌）`).
fn short_name(name: &str) -> &str {
    let name = name.split('（').next().unwrap_or(name);
    SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|s| s.chars().count() >= 2)
        .unwrap_or(name)
}

impl Router {
    /// A router over `tree`'s districts, subdistricts, communities and villages
    /// (compounds are too many and too alike to route by name).
    pub fn new(tree: &UnitTree) -> Router {
        let mut by_name: HashMap<String, Vec<UnitIndex>> = HashMap::new();
        let mut add = |name: String, i: UnitIndex| {
            let entry = by_name.entry(name).or_default();
            if !entry.contains(&i) {
                entry.push(i);
            }
        };
        for i in 0..tree.len() as UnitIndex {
            let u = tree.unit(i);
            let short = short_name(&u.name).to_string();
            match u.kind {
                UnitKind::District => {
                    add(u.name.clone(), i);
                    add(short, i);
                }
                UnitKind::Subdistrict => {
                    add(u.name.clone(), i);
                    add(format!("{short}街道"), i);
                    add(format!("{short}街"), i);
                    add(format!("{short}镇"), i);
                }
                UnitKind::Community => {
                    add(u.name.clone(), i);
                    add(format!("{short}社区"), i);
                }
                UnitKind::Village => {
                    add(u.name.clone(), i);
                    add(format!("{short}村"), i);
                }
                _ => {}
            }
        }
        for (alias, district) in ALIASES {
            let found: Vec<UnitIndex> = (0..tree.len() as UnitIndex)
                .filter(|&i| {
                    tree.unit(i).kind == UnitKind::District && tree.unit(i).name == district
                })
                .collect();
            for i in found {
                add(alias.to_string(), i);
            }
        }
        let mut names: Vec<(String, Vec<UnitIndex>)> = by_name.into_iter().collect();
        names.sort();
        // Leftmost-longest: `水果湖街道` is one mention, not also `水果湖街`.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|(n, _)| n.as_str()))
            .ok();
        Router {
            names,
            matcher,
            tree: tree.clone(),
        }
    }

    /// The district above (or at) a unit.
    fn district_of(&self, i: UnitIndex) -> Option<UnitIndex> {
        self.tree.ancestor_of_kind(i, UnitKind::District)
    }

    /// Where the appeal with these fields goes, or `None` (to the queue).
    pub fn route(&self, text: &str) -> Option<Route> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let found: Vec<(&str, &[UnitIndex])> = self
            .matcher
            .as_ref()?
            .find_iter(&text)
            .filter_map(|m| self.names.get(m.pattern().as_usize()))
            .map(|(n, units)| (n.as_str(), units.as_slice()))
            .collect();
        if found.is_empty() {
            return None;
        }
        // Districts named, directly or by alias.
        let districts: Vec<UnitIndex> = found
            .iter()
            .flat_map(|(_, units)| units.iter().copied())
            .filter(|&i| self.tree.unit(i).kind == UnitKind::District)
            .collect();
        // Every unit a name can mean, kept when it agrees with the districts named.
        let mut candidates: Vec<(UnitIndex, &str)> = found
            .iter()
            .flat_map(|(name, units)| units.iter().map(move |&i| (i, *name)))
            .filter(|(i, _)| {
                districts.is_empty() || self.district_of(*i).is_some_and(|d| districts.contains(&d))
            })
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let depth = |i: UnitIndex| self.tree.depth(i);
        let deepest = candidates.iter().map(|(i, _)| depth(*i)).max().unwrap_or(0);
        let above: Vec<UnitIndex> = candidates
            .iter()
            .filter(|(i, _)| depth(*i) < deepest)
            .map(|(i, _)| *i)
            .collect();
        candidates.retain(|(i, _)| depth(*i) == deepest);
        // A unit named above the deepest ones (`水果湖街道` before `东湖路社区`)
        // picks those that stand under it.
        if candidates
            .iter()
            .any(|(i, _)| above.iter().any(|&a| self.tree.is_within(*i, a)))
        {
            candidates.retain(|(i, _)| above.iter().any(|&a| self.tree.is_within(*i, a)));
        }
        let mut units: Vec<UnitIndex> = candidates.iter().map(|(i, _)| *i).collect();
        units.sort_unstable();
        units.dedup();
        let evidence: Vec<String> = found.iter().map(|(n, _)| (*n).to_string()).collect();
        // One unit: there. Several: as far as they agree, their district.
        let unit = match units[..] {
            [one] => one,
            _ => {
                let mut ds: Vec<UnitIndex> =
                    units.iter().filter_map(|&i| self.district_of(i)).collect();
                ds.sort_unstable();
                ds.dedup();
                match ds[..] {
                    [one] => one,
                    _ => return None,
                }
            }
        };
        let district = self.district_of(unit)?;
        Some(Route {
            unit: self.tree.unit(unit).code.clone(),
            unit_name: self.tree.unit(unit).name.clone(),
            district: self.tree.unit(district).name.clone(),
            evidence,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::UnitRecord;

    fn rec(code: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> UnitRecord {
        UnitRecord {
            code: UnitCode::parse(code).expect("code"),
            name: name.into(),
            kind,
            parent: parent.map(|p| UnitCode::parse(p).expect("code")),
            population: None,
            from_address_list: false,
        }
    }

    fn wuhan() -> Router {
        let tree = UnitTree::build(vec![
            rec("420100000000", "武汉市", UnitKind::City, None),
            rec(
                "420106000000",
                "武昌区",
                UnitKind::District,
                Some("420100000000"),
            ),
            rec(
                "420111000000",
                "洪山区",
                UnitKind::District,
                Some("420100000000"),
            ),
            rec(
                "420106012000",
                "水果湖街道",
                UnitKind::Subdistrict,
                Some("420106000000"),
            ),
            rec(
                "420106012001",
                "东湖路社区居委会",
                UnitKind::Community,
                Some("420106012000"),
            ),
            rec(
                "420106490000",
                "东湖风景区街道（武昌）",
                UnitKind::Subdistrict,
                Some("420106000000"),
            ),
            rec(
                "420106490018",
                "东湖路社区居委会",
                UnitKind::Community,
                Some("420106490000"),
            ),
            rec(
                "420111002000",
                "关山街道",
                UnitKind::Subdistrict,
                Some("420111000000"),
            ),
            rec(
                "420111002003",
                "海核社区居民委员会",
                UnitKind::Community,
                Some("420111002000"),
            ),
        ])
        .expect("tree");
        Router::new(&tree)
    }

    #[test]
    fn the_deepest_unit_named_wins() {
        let r = wuhan()
            .route("武汉市武昌区水果湖街道，父亲发烧")
            .expect("routed");
        assert_eq!(r.unit.as_str(), "420106012000");
        assert_eq!(r.district, "武昌区");
        let r = wuhan().route("住在关山街海核社区，求助").expect("routed");
        assert_eq!(r.unit.as_str(), "420111002003");
        assert_eq!(r.district, "洪山区");
    }

    #[test]
    fn a_shared_name_routes_only_as_far_as_its_units_agree() {
        // 东湖路社区 stands in two subdistricts of 武昌区.
        let r = wuhan().route("我家在东湖路社区").expect("routed");
        assert_eq!(r.unit.as_str(), "420106000000", "their district");
        // Named with its subdistrict, it is one.
        let r = wuhan().route("水果湖街道东湖路社区").expect("routed");
        assert_eq!(r.unit.as_str(), "420106012001");
    }

    #[test]
    fn aliases_and_short_district_names_route_and_nothing_goes_to_the_queue() {
        assert_eq!(
            wuhan().route("光谷这边买不到菜").map(|r| r.district),
            Some("洪山区".into())
        );
        assert_eq!(
            wuhan().route("武昌的医院都满了").map(|r| r.district),
            Some("武昌区".into())
        );
        assert_eq!(
            wuhan().route("在汉口，求助"),
            None,
            "汉口 is three districts"
        );
        assert_eq!(wuhan().route("鄂州市华容区"), None);
    }

    #[test]
    fn a_district_named_must_agree_with_the_unit() {
        // 海核社区 is in 洪山区: named with 武昌区, the two disagree and only the
        // district stands.
        let r = wuhan().route("武昌区海核社区").expect("routed");
        assert_eq!(r.district, "武昌区");
        assert_eq!(r.unit.as_str(), "420106000000");
    }

    #[test]
    fn short_names_drop_the_kind() {
        assert_eq!(short_name("东湖路社区居委会"), "东湖路");
        assert_eq!(short_name("东湖风景区街道（武昌）"), "东湖风景区");
        assert_eq!(short_name("关山街道"), "关山");
        assert_eq!(short_name("武昌区"), "武昌");
    }
}
