//! Corrections are new revisions with a reason; nothing is overwritten in place
//! (SPEC §2, §9; issue #2).

use crate::support::Sandbox;

fn with_one_report() -> Sandbox {
    let s = Sandbox::with_small_tree();
    let file = s.reports_file("r.csv", &["2020-03-01,K1,3,1,5,0,1,1,1,1,1,1,王芳,"]);
    s.ok(&["import", "reports", &file]);
    s
}

#[test]
fn a_duplicate_without_correct_is_refused() {
    let s = with_one_report();
    let file = s.reports_file("again.csv", &["2020-03-01,K1,2,1,5,0,1,1,1,1,1,1,王芳,"]);
    let err = s.rejected_unchanged(&["import", "reports", &file]);
    assert!(
        err.contains(
            "again.csv:2: field unit_code: unit K1 already reported for 2020-03-01 (revision 1)"
        ),
        "{err}"
    );
}

#[test]
fn a_correction_is_a_new_revision_and_the_old_one_stays_readable() {
    let s = with_one_report();
    let file = s.reports_file(
        "fix.csv",
        &["2020-03-01,K1,2,1,5,0,1,1,1,0,1,1,王芳,复核后更正"],
    );
    let out = s.ok(&[
        "import",
        "reports",
        &file,
        "--correct",
        "--reason",
        "一例重复上报",
    ]);
    assert!(out.contains("1 report revisions recorded"), "{out}");

    let latest = s.ok(&["reports", "--format", "csv"]);
    assert!(
        latest.contains("2020-03-01,K1,2,1,5,0,1,1,1,0,1,1,王芳,复核后更正,2"),
        "{latest}"
    );

    let history = s.ok(&["history", "K1", "2020-03-01", "--format", "json"]);
    let revs: serde_json::Value = serde_json::from_str(&history).expect("json");
    assert_eq!(revs.as_array().expect("array").len(), 2);
    assert_eq!(revs[0]["revision"], 1);
    assert_eq!(revs[0]["new_confirmed"], 3, "the old value stays readable");
    assert_eq!(revs[0]["reason"], serde_json::Value::Null);
    assert_eq!(revs[1]["new_confirmed"], 2);
    assert_eq!(revs[1]["reason"], "一例重复上报");
    assert_eq!(
        revs[1]["changes"],
        "new_confirmed: 3 -> 2; supplies: yes -> no; remark:  -> 复核后更正"
    );
    assert!(
        revs[1]["recorded_at"].as_str().expect("text")
            >= revs[0]["recorded_at"].as_str().expect("text")
    );
}

#[test]
fn a_correction_from_flags_needs_a_reason() {
    let s = with_one_report();
    let args = [
        "report",
        "--unit",
        "K1",
        "--date",
        "2020-03-01",
        "--confirmed",
        "4",
        "--suspected",
        "1",
        "--close-contacts",
        "5",
        "--fever",
        "0",
        "--in-place",
        "all",
        "--reporter",
        "王芳",
        "--correct",
    ];
    let run = s.run(&args);
    assert_eq!(run.code, 2, "a usage error: {}", run.stderr);
    assert!(run.stderr.contains("--reason"), "{}", run.stderr);

    let mut with_reason = args.to_vec();
    with_reason.extend(["--reason", "漏报一例"]);
    let out = s.ok(&with_reason);
    assert!(out.contains("recorded revision 2"), "{out}");
}

#[test]
fn a_correction_of_nothing_or_that_changes_nothing_is_refused() {
    let s = with_one_report();
    let file = s.reports_file("none.csv", &["2020-03-02,K1,2,1,5,0,1,1,1,1,1,1,王芳,"]);
    let err = s.rejected_unchanged(&["import", "reports", &file, "--correct", "--reason", "x"]);
    assert!(
        err.contains("there is no report from unit K1 for 2020-03-02 to correct"),
        "{err}"
    );

    let same = s.reports_file("same.csv", &["2020-03-01,K1,3,1,5,0,1,1,1,1,1,1,王芳,"]);
    let err = s.rejected_unchanged(&["import", "reports", &same, "--correct", "--reason", "x"]);
    assert!(
        err.contains("the correction changes nothing in revision 1"),
        "{err}"
    );
}
