//! The layers of the web crate, checked against its source: each surface (the
//! pages, the JSON API, Open311, DHIS2, the operators' doors) depends on the
//! shared answers and the access rule below it, never on another surface, and
//! no two modules depend on each other in a circle. Only the composition (the
//! table of doors, the gate in front of them, the framework's reworded
//! answers) knows every surface.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The surfaces: each answers in its own format, and none reaches into another.
const SURFACES: &[&str] = &["pages", "api", "open311", "dhis2", "ops"];

/// The composition: the only modules that may depend on a surface.
const COMPOSITION: &[&str] = &["routes", "gate", "rejections"];

/// Every top-level module of `src` and the top-level modules it names
/// (`crate::x`, `crate::{x, …}`, and `crate::AppState`, which is `state`'s),
/// outside comments.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("src") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .to_string();
        if name == "lib" {
            continue;
        }
        let mut text = String::new();
        collect(&path, &mut text);
        let mut deps = BTreeSet::new();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                let names = match rest.strip_prefix('{') {
                    Some(group) => group.split('}').next().unwrap_or("").to_string(),
                    None => rest.to_string(),
                };
                for part in names.split(',') {
                    let ident: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    match ident.as_str() {
                        "AppState" => deps.insert("state".to_string()),
                        "" => false,
                        _ => deps.insert(ident),
                    };
                }
            }
        }
        deps.remove(&name);
        graph.insert(name, deps);
    }
    let names: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|d| names.contains(d));
    }
    graph
}

/// The text of a module: its file, or every file under its folder.
fn collect(path: &Path, text: &mut String) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("dir") {
            collect(&entry.expect("entry").path(), text);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        text.push_str(&std::fs::read_to_string(path).expect("source"));
        text.push('\n');
    }
}

/// A circle of modules, if there is one (depth-first search).
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

fn source() -> BTreeMap<String, BTreeSet<String>> {
    graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn the_modules_form_no_circle() {
    let graph = source();
    assert!(graph.len() > 30, "the source was read: {graph:?}");
    assert_eq!(circle(&graph), None);
}

#[test]
fn no_surface_reaches_into_another_and_only_the_composition_knows_them() {
    let reaching: Vec<String> = source()
        .into_iter()
        .filter(|(module, _)| !COMPOSITION.contains(&module.as_str()))
        .flat_map(|(module, deps)| {
            deps.into_iter()
                .filter(|d| SURFACES.contains(&d.as_str()))
                .map(move |d| format!("{module} -> {d}"))
        })
        .collect();
    assert_eq!(reaching, Vec::<String>::new());
}

#[test]
fn the_check_sees_a_circle_and_a_grouped_import() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("a.rs"), "use crate::{b, error};\n").expect("a");
    std::fs::create_dir(dir.path().join("b")).expect("b");
    std::fs::write(
        dir.path().join("b/mod.rs"),
        "// crate::c is only named in a comment\nfn f(s: crate::AppState) {}\n",
    )
    .expect("b");
    std::fs::write(dir.path().join("state.rs"), "use crate::a::X;\n").expect("state");
    std::fs::write(dir.path().join("c.rs"), "").expect("c");
    let graph = graph(dir.path());
    assert_eq!(graph["a"], BTreeSet::from(["b".to_string()]));
    assert_eq!(graph["b"], BTreeSet::from(["state".to_string()]));
    let found = circle(&graph).expect("a circle");
    assert_eq!(found.first(), found.last());
    assert_eq!(found.len(), 4, "{found:?}");
}
