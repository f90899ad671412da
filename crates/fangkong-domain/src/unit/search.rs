//! Finding a unit by what people type: part of its name (保成 for 保成社区)
//! or the start of its code. The closest matches come first: the name
//! itself, then names that begin with the text, then names that hold it,
//! then codes that begin with it; among equals, the higher unit first (a
//! district before its communities), then by code.

use super::tree::{UnitIndex, UnitTree};

/// How well a unit's name or code answers a text; lower is closer.
fn closeness(tree: &UnitTree, i: UnitIndex, text: &str) -> Option<u8> {
    let u = tree.unit(i);
    if u.name == text {
        Some(0)
    } else if u.name.starts_with(text) {
        Some(1)
    } else if u.name.contains(text) {
        Some(2)
    } else if u.code.as_str().starts_with(text) {
        Some(3)
    } else {
        None
    }
}

/// At most `limit` units answering `text` (trimmed; empty finds nothing),
/// among those `may_see` lets through, closest first.
pub fn find(
    tree: &UnitTree,
    text: &str,
    limit: usize,
    may_see: impl Fn(UnitIndex) -> bool,
) -> Vec<UnitIndex> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(u8, usize, &str, UnitIndex)> = (0..tree.len() as UnitIndex)
        .filter_map(|i| {
            let close = closeness(tree, i, text)?;
            may_see(i).then(|| (close, tree.depth(i), tree.unit(i).code.as_str(), i))
        })
        .collect();
    found.sort_unstable();
    found.into_iter().take(limit).map(|(.., i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::tree::tests::{rec, small_city};
    use crate::unit::{UnitCode, UnitKind};

    fn named() -> UnitTree {
        let mut units = small_city();
        for (code, name) in [
            ("C", "武汉市"),
            ("D", "江岸区"),
            ("S", "大智街道"),
            ("M", "保成社区"),
            ("V", "保成村"),
            ("K1", "保成路1号小区"),
            ("K2", "大智小区"),
        ] {
            if let Some(u) = units.iter_mut().find(|u| u.code.as_str() == code) {
                u.name = name.into();
            }
        }
        units.push(rec("K3", UnitKind::Compound, Some("M")));
        if let Some(u) = units.last_mut() {
            u.name = "保成".into();
        }
        UnitTree::build(units).expect("tree")
    }

    fn codes(tree: &UnitTree, found: &[UnitIndex]) -> Vec<String> {
        found
            .iter()
            .map(|&i| tree.unit(i).code.to_string())
            .collect()
    }

    #[test]
    fn the_name_itself_comes_first_then_names_that_begin_then_hold_it() {
        let tree = named();
        let all = find(&tree, " 保成 ", 10, |_| true);
        // 保成 itself, though a compound; then the names that begin with it,
        // the community and the village (same depth: by code) before the
        // deeper compound.
        assert_eq!(codes(&tree, &all), ["K3", "M", "V", "K1"]);
        let holds = find(&tree, "大智", 10, |_| true);
        assert_eq!(codes(&tree, &holds), ["S", "K2"], "higher unit first");
        let by_code = find(&tree, "K", 10, |_| true);
        assert_eq!(codes(&tree, &by_code), ["K1", "K2", "K3"]);
    }

    #[test]
    fn only_what_may_be_seen_and_at_most_the_limit() {
        let tree = named();
        let v = tree.index_of(&UnitCode::parse("V").expect("code"));
        let seen = find(&tree, "保成", 10, |i| Some(i) != v);
        assert_eq!(codes(&tree, &seen), ["K3", "M", "K1"]);
        assert_eq!(find(&tree, "保成", 2, |_| true).len(), 2);
        assert!(find(&tree, "  ", 10, |_| true).is_empty(), "nothing typed");
        assert!(find(&tree, "汉口", 10, |_| true).is_empty());
    }
}
