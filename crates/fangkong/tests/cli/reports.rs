//! Importing daily reports: each validation rule runs the real binary on a bad
//! file and checks the message names the line and field, and that nothing changed
//! (SPEC §2, §9; issue #2).

use crate::support::Sandbox;

const GOOD: &str = "2020-03-01,K1,2,1,5,0,1,1,1,1,1,1,王芳,";

fn rejected_row(row: &str) -> String {
    let s = Sandbox::with_small_tree();
    s.ok(&[
        "import",
        "reports",
        &s.reports_file("seed.csv", &["2020-02-28,V,0,0,0,0,1,1,1,1,1,1,李强,"]),
    ]);
    let file = s.reports_file("bad.csv", &[GOOD, row]);
    s.rejected_unchanged(&["import", "reports", &file])
}

#[test]
fn a_good_file_is_imported_and_zero_is_stored_as_data() {
    let s = Sandbox::with_small_tree();
    let file = s.reports_file(
        "r.csv",
        &[
            GOOD,
            "2020-03-01,V,0,0,0,0,是,是,是,是,是,否,张伟,村口检查点",
            "2020-03-02,K2,0,0,0,1,true,yes,1,TRUE,Yes,1,赵敏,",
        ],
    );
    let out = s.ok(&["import", "reports", &file]);
    assert!(out.contains("3 report revisions recorded"), "{out}");
    let csv = s.ok(&["reports", "--format", "csv"]);
    assert_eq!(
        csv,
        "date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark,revision,backlog\n\
         2020-03-01,K1,2,1,5,0,1,1,1,1,1,1,王芳,,1,0\n\
         2020-03-01,V,0,0,0,0,1,1,1,1,1,0,张伟,村口检查点,1,0\n\
         2020-03-02,K2,0,0,0,1,1,1,1,1,1,1,赵敏,,1,0\n"
    );
    // K2 did not report on 2020-03-01: it stays missing, it is not a zero.
    let day1 = s.ok(&[
        "reports",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-01",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&day1).expect("json");
    assert_eq!(rows.as_array().expect("array").len(), 2);
    assert!(!day1.contains("\"K2\""));
}

#[test]
fn an_unknown_unit_is_rejected_naming_line_and_field() {
    let err = rejected_row("2020-03-01,K404,0,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field unit_code: unknown unit K404"),
        "{err}"
    );
}

#[test]
fn a_unit_that_is_not_a_reporting_unit_is_rejected() {
    let err = rejected_row("2020-03-01,M,0,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field unit_code: unit M (community) is not a reporting unit"),
        "{err}"
    );
}

#[test]
fn a_negative_count_is_rejected() {
    let err = rejected_row("2020-03-01,K2,0,-1,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field new_suspected: '-1' is negative"),
        "{err}"
    );
}

#[test]
fn a_non_integer_count_is_rejected() {
    let err = rejected_row("2020-03-01,K2,1.5,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field new_confirmed: '1.5' is not a whole number"),
        "{err}"
    );
    let err = rejected_row("2020-03-01,K2,0,0,,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field new_close_contacts: is empty (a missing figure is not zero"),
        "{err}"
    );
}

#[test]
fn a_count_above_the_population_is_rejected() {
    // K1 has 500 residents.
    let err = rejected_row("2020-03-02,K1,0,0,501,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains(
            "bad.csv:3: field new_close_contacts: 501 is above the unit's population of 500"
        ),
        "{err}"
    );
}

#[test]
fn an_absurd_count_for_a_unit_without_population_is_rejected() {
    let err = rejected_row("2020-03-01,K2,100001,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field new_confirmed: 100001 is implausible"),
        "{err}"
    );
}

#[test]
fn a_malformed_date_is_rejected() {
    let err = rejected_row("2020/03/01,K2,0,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field date: '2020/03/01' is not a date in the form YYYY-MM-DD"),
        "{err}"
    );
    let err = rejected_row("2020-02-30,K2,0,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(err.contains("bad.csv:3: field date: '2020-02-30'"), "{err}");
}

#[test]
fn a_day_in_the_future_is_rejected() {
    let err = rejected_row("2999-01-01,K2,0,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field date: 2999-01-01 is in the future"),
        "{err}"
    );
}

#[test]
fn a_bad_yes_no_answer_is_rejected() {
    let err = rejected_row("2020-03-01,K2,0,0,0,0,1,1,maybe,1,1,1,王芳,");
    assert!(
        err.contains("bad.csv:3: field disinfection: 'maybe' is not a yes/no answer"),
        "{err}"
    );
}

#[test]
fn an_empty_reporter_is_rejected() {
    let err = rejected_row("2020-03-01,K2,0,0,0,0,1,1,1,1,1,1,,");
    assert!(
        err.contains("bad.csv:3: field reporter: the reporter is empty"),
        "{err}"
    );
}

#[test]
fn a_missing_column_is_rejected_at_the_header() {
    let s = Sandbox::with_small_tree();
    let file = s.write("nofever.csv", "date,unit_code,new_confirmed,new_suspected,new_close_contacts,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark\n2020-03-01,K1,0,0,0,1,1,1,1,1,1,王芳,\n");
    let err = s.rejected_unchanged(&["import", "reports", &file]);
    assert!(
        err.contains("nofever.csv:1: field new_fever: missing column 'new_fever'"),
        "{err}"
    );
}

#[test]
fn every_bad_row_is_listed_not_only_the_first() {
    let s = Sandbox::with_small_tree();
    let file = s.reports_file(
        "many.csv",
        &[
            GOOD,
            "2020-03-01,K404,0,0,0,0,1,1,1,1,1,1,a,",
            "2020-03-01,V,-2,0,0,0,1,1,1,1,1,1,b,",
            "2020-03-01,K2,0,0,0,0,1,1,1,1,1,x,c,",
        ],
    );
    let err = s.rejected_unchanged(&["import", "reports", &file]);
    assert!(err.contains("3 problems"), "{err}");
    for expected in [
        "many.csv:3: field unit_code",
        "many.csv:4: field new_confirmed",
        "many.csv:5: field publicity",
    ] {
        assert!(err.contains(expected), "{expected} missing from {err}");
    }
}

#[test]
fn one_bad_row_among_two_thousand_good_ones_imports_nothing() {
    // Larger than one write chunk: the good rows before the bad one were already
    // sent to the database inside the transaction, and must be rolled back.
    let s = Sandbox::with_small_tree();
    let mut rows = Vec::new();
    let start = fangkong_domain::Day::parse("2019-12-01").expect("day");
    for k in 0..2000 {
        let day = start.plus_days(k).expect("day");
        rows.push(format!("{day},V,0,0,0,0,1,1,1,1,1,1,张伟,"));
    }
    rows.push("2025-06-01,V,0,0,-1,0,1,1,1,1,1,1,张伟,".to_string());
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = s.reports_file("big.csv", &refs);
    let err = s.rejected_unchanged(&["import", "reports", &file]);
    assert!(
        err.contains("big.csv:2002: field new_close_contacts"),
        "{err}"
    );
}

#[test]
fn the_same_unit_and_day_twice_in_one_file_is_rejected() {
    let err = rejected_row("2020-03-01,K1,0,0,0,0,1,1,1,1,1,1,王芳,");
    assert!(
        err.contains(
            "bad.csv:3: field unit_code: unit K1 appears twice for 2020-03-01 (first on line 2)"
        ),
        "{err}"
    );
}

#[test]
fn a_report_from_flags_goes_through_the_same_rules() {
    let s = Sandbox::with_small_tree();
    let out = s.ok(&[
        "report",
        "--unit",
        "V",
        "--date",
        "2020-03-01",
        "--confirmed",
        "0",
        "--suspected",
        "0",
        "--close-contacts",
        "2",
        "--fever",
        "1",
        "--in-place",
        "closed_management,screening,disinfection,supplies,stability",
        "--reporter",
        "张伟",
    ]);
    assert!(
        out.contains("recorded the report of V for 2020-03-01"),
        "{out}"
    );
    assert!(
        s.ok(&["reports", "--format", "csv"])
            .contains("2020-03-01,V,0,0,2,1,1,1,1,1,1,0,张伟,,1")
    );

    let err = s.rejected_unchanged(&[
        "report",
        "--unit",
        "M",
        "--date",
        "2020-03-02",
        "--confirmed",
        "-1",
        "--suspected",
        "0",
        "--close-contacts",
        "0",
        "--fever",
        "0",
        "--in-place",
        "all,masks",
        "--reporter",
        "张伟",
    ]);
    assert!(
        err.contains("report: field new_confirmed: '-1' is negative"),
        "{err}"
    );
    assert!(
        err.contains("report: field in_place: 'all' is not a measure")
            || err.contains("field in_place"),
        "{err}"
    );
}

#[test]
fn line_numbers_count_physical_lines_whatever_the_endings() {
    // See: issue 16 (a CR LF file, as Excel and Python write it, named each
    // error one line too early).
    let s = Sandbox::with_small_tree();
    let header = "date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark";
    for (name, text) in [
        (
            "crlf.csv",
            format!("{header}\r\n{GOOD}\r\n2020-03-02,K1,-1,0,0,0,1,1,1,1,1,1,王芳,\r\n"),
        ),
        (
            "quoted.csv",
            format!(
                "{header}\r\n2020-03-01,K1,0,0,0,0,1,1,1,1,1,1,王芳,\"两行\r\n备注\"\r\n2020-03-02,K1,-1,0,0,0,1,1,1,1,1,1,王芳,\r\n"
            ),
        ),
    ] {
        let file = s.write(name, &text);
        let err = s.rejected_unchanged(&["import", "reports", &file]);
        let expected = if name == "crlf.csv" { 3 } else { 4 };
        assert!(
            err.contains(&format!("{name}:{expected}: field new_confirmed")),
            "{err}"
        );
    }
}

#[test]
fn a_backlog_column_marks_cases_of_earlier_days_and_never_more_than_the_confirmed() {
    let s = Sandbox::with_small_tree();
    let header = "date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark,backlog";
    let bad = s.write(
        "bad.csv",
        &format!("{header}\n2020-03-01,K1,2,0,0,0,1,1,1,1,1,1,王芳,,3\n"),
    );
    let err = s.rejected_unchanged(&["import", "reports", &bad]);
    assert!(err.contains("bad.csv:2: field backlog"), "{err}");
    let good = s.write(
        "good.csv",
        &format!("{header}\n2020-03-01,K1,5,0,0,0,1,1,1,1,1,1,王芳,订正补报,5\n2020-03-01,K2,1,0,0,0,1,1,1,1,1,1,王芳,,\n"),
    );
    s.ok(&["import", "reports", &good]);
    let csv = s.ok(&["reports", "--format", "csv"]);
    assert!(
        csv.contains("2020-03-01,K1,5,") && csv.contains("订正补报,1,5\n"),
        "{csv}"
    );
    assert!(
        csv.contains("2020-03-01,K2,1,0,0,0,1,1,1,1,1,1,王芳,,1,0\n"),
        "{csv}"
    );
}
