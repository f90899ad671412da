//! Importing, listing and editing units (SPEC §1, issue #2).

use crate::support::{SMALL_TREE, Sandbox, data};

#[test]
fn wuhan_divisions_import_stores_all_3711_units_and_lists_the_1933_villages() {
    let s = Sandbox::new();
    let file = data("wuhan-divisions.csv");
    let out = s.ok(&["import", "units", file.to_str().expect("path")]);
    assert!(out.contains("3711 units added"), "{out}");
    assert!(
        out.contains("1467 community") && out.contains("36 special_zone"),
        "{out}"
    );

    let villages = s.ok(&["units", "--kind", "village", "--format", "csv"]);
    let lines: Vec<&str> = villages.lines().collect();
    assert_eq!(lines[0], "code,name,kind,parent_code,population,reporting");
    assert_eq!(lines.len() - 1, 1933);
    assert!(lines[1..].iter().all(|l| l.contains(",village,")));

    let all = s.ok(&["units", "--format", "json"]);
    let units: serde_json::Value = serde_json::from_str(&all).expect("json");
    assert_eq!(units.as_array().expect("array").len(), 3711);
    assert_eq!(
        units[0]["code"], "420100000000",
        "the city comes first, in tree order"
    );
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let s = Sandbox::with_small_tree();
    let before = s.snapshot();
    let file = s.write("again.csv", SMALL_TREE);
    let out = s.ok(&["import", "units", &file]);
    assert!(
        out.contains("0 units added") && out.contains("7 already stored unchanged"),
        "{out}"
    );
    assert_eq!(before, s.snapshot());
}

#[test]
fn codes_are_kept_exactly_as_given() {
    let s = Sandbox::new();
    let file = s.write(
        "u.csv",
        "code,name,kind,parent_code\n007,零零七市,city,\n0070,区,district,007\n",
    );
    s.ok(&["import", "units", &file]);
    let out = s.ok(&["units", "--format", "csv"]);
    assert!(
        out.contains("\n007,零零七市,city,,,false\n0070,区,district,007,,true\n"),
        "{out}"
    );
}

#[test]
fn a_unit_file_with_an_unknown_parent_is_rejected_naming_line_and_field() {
    let s = Sandbox::with_small_tree();
    let file = s.write(
        "bad.csv",
        "code,name,kind,parent_code\nX1,新社区,community,S\nX2,孤儿村,village,NOWHERE\n",
    );
    let err = s.rejected_unchanged(&["import", "units", &file]);
    assert!(
        err.contains("bad.csv:3: field parent_code: parent NOWHERE of unit X2 does not exist"),
        "{err}"
    );
}

#[test]
fn duplicate_codes_in_a_unit_file_are_rejected() {
    let s = Sandbox::new();
    let file = s.write(
        "dup.csv",
        "code,name,kind,parent_code\nC,市,city,\nD,区,district,C\nD,又一区,district,C\n",
    );
    let err = s.rejected_unchanged(&["import", "units", &file]);
    assert!(
        err.contains("dup.csv:4: field code: duplicate code D (first on line 3)"),
        "{err}"
    );
}

#[test]
fn a_compound_under_a_subdistrict_is_rejected() {
    let s = Sandbox::with_small_tree();
    let file = s.write("k.csv", "code,name,kind,parent_code\nK9,小区,compound,S\n");
    let err = s.rejected_unchanged(&["import", "units", &file]);
    assert!(
        err.contains("k.csv:2: field kind: a compound (K9) cannot stand under a subdistrict (S)"),
        "{err}"
    );
}

#[test]
fn a_cycle_of_parents_is_rejected() {
    let s = Sandbox::new();
    let file = s.write(
        "cycle.csv",
        "code,name,kind,parent_code\nA,甲,district,B\nB,乙,district,A\n",
    );
    let err = s.rejected_unchanged(&["import", "units", &file]);
    assert!(
        err.contains("cycle.csv:2") && err.contains("part of a cycle"),
        "{err}"
    );
}

#[test]
fn a_unit_file_without_a_kind_column_is_rejected_at_line_one() {
    let s = Sandbox::new();
    let file = s.write("nokind.csv", "code,name,parent_code\nC,市,\n");
    let err = s.rejected_unchanged(&["import", "units", &file]);
    assert!(
        err.contains("nokind.csv:1: field kind: missing column 'kind'"),
        "{err}"
    );
}

#[test]
fn a_stored_unit_with_other_attributes_in_a_file_is_refused_not_overwritten() {
    let s = Sandbox::with_small_tree();
    let file = s.write(
        "renamed.csv",
        "code,name,kind,parent_code\nM,改名社区,community,S\n",
    );
    let err = s.rejected_unchanged(&["import", "units", &file]);
    assert!(
        err.contains("renamed.csv:2: field code: unit M is already stored as '测试社区'"),
        "{err}"
    );
}

#[test]
fn renames_and_moves_keep_the_tree_of_every_past_day() {
    let s = Sandbox::with_small_tree();
    s.ok(&[
        "unit",
        "rename",
        "M",
        "新名社区",
        "--from",
        "2020-03-01",
        "--reason",
        "merger",
    ]);
    s.ok(&[
        "unit",
        "add",
        "M2",
        "--name",
        "二社区",
        "--kind",
        "community",
        "--parent",
        "S",
        "--from",
        "2020-02-01",
    ]);
    s.ok(&["unit", "move", "K2", "M2", "--from", "2020-03-10"]);

    let before = s.ok(&["units", "--on", "2020-02-15", "--format", "csv"]);
    assert!(before.contains("M,测试社区,community,S,,false"), "{before}");
    assert!(before.contains("K2,二号小区,compound,M,,true"), "{before}");
    assert!(
        before.contains("M2,二社区,community,S,,true"),
        "M2 reports while it has no compound: {before}"
    );
    let earlier = s.ok(&["units", "--on", "2020-01-15", "--format", "csv"]);
    assert!(!earlier.contains("M2,"), "M2 did not exist yet: {earlier}");
    let after = s.ok(&["units", "--format", "csv"]);
    assert!(after.contains("M,新名社区,community,S,,false"), "{after}");
    assert!(after.contains("K2,二号小区,compound,M2,,true"), "{after}");
    assert!(after.contains("M2,二社区,community,S,,false"), "{after}");

    let versions = s.ok(&["unit", "show", "M", "--format", "csv"]);
    assert_eq!(versions.lines().count(), 3, "{versions}");
    assert!(
        versions.contains("2020-03-01,新名社区,community,S,,false,merger"),
        "{versions}"
    );
}

#[test]
fn a_change_that_would_break_the_tree_is_refused() {
    let s = Sandbox::with_small_tree();
    let err = s.rejected_unchanged(&["unit", "move", "K1", "S", "--from", "2020-03-01"]);
    assert!(err.contains("cannot stand under"), "{err}");
    let err = s.rejected_unchanged(&["unit", "retire", "M", "--from", "2020-03-01"]);
    assert!(err.contains("parent M of unit K1 does not exist"), "{err}");
    let err = s.rejected_unchanged(&["unit", "rename", "M", "x", "--from", "2999-01-01"]);
    assert!(
        err.contains("field --from: 2999-01-01 is in the future"),
        "{err}"
    );
}

#[test]
fn a_unit_with_reports_is_never_deleted_but_can_be_retired() {
    let s = Sandbox::with_small_tree();
    let file = s.reports_file("r.csv", &["2020-03-01,K1,0,0,0,0,1,1,1,1,1,1,王芳,"]);
    s.ok(&["import", "reports", &file]);
    let err = s.rejected_unchanged(&["unit", "delete", "K1"]);
    assert!(
        err.contains("never deleted") && err.contains("fangkong unit retire K1"),
        "{err}"
    );

    s.ok(&["unit", "retire", "K1", "--from", "2020-03-05"]);
    assert!(!s.ok(&["units", "--format", "csv"]).contains("\nK1,"));
    assert!(
        s.ok(&["units", "--on", "2020-03-04", "--format", "csv"])
            .contains("\nK1,")
    );
    assert!(
        s.ok(&["history", "K1", "2020-03-01"]).contains("王芳"),
        "its reports stay readable"
    );

    s.ok(&[
        "unit", "add", "K9", "--name", "误建", "--kind", "compound", "--parent", "M",
    ]);
    s.ok(&["unit", "delete", "K9"]);
    assert!(!s.ok(&["units", "--format", "csv"]).contains("K9"));
}
