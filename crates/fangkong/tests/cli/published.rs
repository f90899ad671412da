//! Published series and annotations, kept apart from the reports (SPEC §3; issue #2).

use crate::support::{Sandbox, data};

fn wuhan() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "import",
        "units",
        data("wuhan-divisions.csv").to_str().expect("path"),
    ]);
    s
}

#[test]
fn the_real_wuhan_series_imports_as_it_is_and_blanks_stay_missing() {
    let s = wuhan();
    let file = data("wuhan-daily.csv");
    let out = s.ok(&[
        "import",
        "published",
        file.to_str().expect("path"),
        "--unit",
        "420100000000",
    ]);
    assert!(
        out.contains("112 days added, 0 replaced, 0 unchanged"),
        "{out}"
    );

    let series: serde_json::Value =
        serde_json::from_str(&s.ok(&["published", "420100000000", "--format", "json"]))
            .expect("json");
    let days = series.as_array().expect("array");
    assert_eq!(days.len(), 112);
    assert_eq!(days[0]["date"], "2020-01-10");
    assert_eq!(
        days[0]["new_confirmed"],
        serde_json::Value::Null,
        "blank is missing, not zero"
    );
    let feb12 = days
        .iter()
        .find(|d| d["date"] == "2020-02-12")
        .expect("day");
    assert_eq!(feb12["new_confirmed"], 13436);
    let total: i64 = days
        .iter()
        .filter_map(|d| d["new_confirmed"].as_i64())
        .sum();
    assert_eq!(
        total,
        50333 - 41,
        "the daily changes add up to the cumulative rise"
    );

    let again = s.ok(&[
        "import",
        "published",
        file.to_str().expect("path"),
        "--unit",
        "420100000000",
    ]);
    assert!(
        again.contains("0 days added, 0 replaced, 112 unchanged"),
        "{again}"
    );
}

#[test]
fn other_figures_for_a_stored_day_need_replace() {
    let s = wuhan();
    let first = s.write("a.csv", "date,new_confirmed\n2020-03-06,74\n");
    let changed = s.write("b.csv", "date,new_confirmed,new_dead\n2020-03-06,75,x\n");
    s.ok(&["import", "published", &first, "--unit", "420100000000"]);
    let err = s.rejected(&["import", "published", &changed, "--unit", "420100000000"]);
    assert!(
        err.contains("b.csv:2: field new_dead: 'x' is not a whole number"),
        "{err}"
    );
    assert!(
        err.contains(
            "b.csv:2: field date: 420100000000 already has other published figures for 2020-03-06"
        ),
        "{err}"
    );
    let fixed = s.write("c.csv", "date,new_confirmed\n2020-03-06,75\n");
    let out = s.ok(&[
        "import",
        "published",
        &fixed,
        "--unit",
        "420100000000",
        "--replace",
    ]);
    assert!(out.contains("1 replaced"), "{out}");
    assert!(
        s.ok(&["published", "420100000000", "--format", "csv"])
            .contains("2020-03-06,75,,,")
    );
}

#[test]
fn the_real_wuhan_annotations_import_and_bad_ones_are_named() {
    let s = wuhan();
    let out = s.ok(&[
        "import",
        "annotations",
        data("wuhan-annotations.csv").to_str().expect("path"),
    ]);
    assert!(out.contains("4 annotations added"), "{out}");
    let csv = s.ok(&["annotations", "--format", "csv"]);
    assert!(
        csv.contains("2020-04-16,420100000000,revision,325,"),
        "{csv}"
    );
    assert!(
        csv.contains("2020-02-12,420100000000,definition_change,,"),
        "{csv}"
    );

    let bad = s.write("bad.csv", "date,unit_code,kind,excluded_from_trend,note\n2020-02-12,420100000000,typo,,x\n2020-02-13,999,revision,-5,\n");
    let err = s.rejected_unchanged(&["import", "annotations", &bad]);
    for expected in [
        "bad.csv:2: field kind: 'typo' is not an annotation kind",
        "bad.csv:3: field unit_code: unknown unit 999",
        "bad.csv:3: field excluded_from_trend: '-5' is negative",
        "bad.csv:3: field note: the note is empty",
    ] {
        assert!(err.contains(expected), "{expected} missing from {err}");
    }
}
