//! The limits every channel shares (issue 15), on the command line: a day
//! before the epidemic, a field of 60 MB, a NUL byte, a unit code that is a
//! path, a dispute with more parties than any; each refused with its line and
//! field, nothing written.

use crate::support::Sandbox;

#[test]
fn a_report_dated_1900_is_refused_naming_the_line_and_field() {
    let s = Sandbox::with_small_tree();
    let file = s.reports_file("old.csv", &["1900-01-01,K1,0,0,0,0,1,1,1,1,1,1,王芳,"]);
    let err = s.rejected_unchanged(&["import", "reports", &file]);
    assert!(
        err.contains("old.csv:2: field date: 1900-01-01 is before 2019-12-01"),
        "{err}"
    );
    let err = s.rejected_unchanged(&[
        "report",
        "--unit",
        "K1",
        "--date",
        "1900-01-01",
        "--confirmed",
        "0",
        "--suspected",
        "0",
        "--close-contacts",
        "0",
        "--fever",
        "0",
        "--in-place",
        "all",
        "--reporter",
        "王芳",
    ]);
    assert!(err.contains("date") && err.contains("2019-12-01"), "{err}");
}

#[test]
fn a_field_of_sixty_megabytes_is_refused_before_it_is_read_as_a_remark() {
    let s = Sandbox::with_small_tree();
    let big = "备".repeat(20 * 1024 * 1024); // 60 MB of UTF-8
    let file = s.reports_file(
        "big.csv",
        &[&format!("2020-03-01,K1,0,0,0,0,1,1,1,1,1,1,王芳,{big}")],
    );
    let err = s.rejected_unchanged(&["import", "reports", &file]);
    assert!(
        err.contains("big.csv:2: field remark: 62914560 bytes; a field holds at most 65536"),
        "{err}"
    );
}

#[test]
fn a_remark_over_its_length_or_a_nul_byte_anywhere_is_refused() {
    let s = Sandbox::with_small_tree();
    let long = "备".repeat(501);
    let file = s.reports_file(
        "bad.csv",
        &[
            &format!("2020-03-01,K1,0,0,0,0,1,1,1,1,1,1,王芳,{long}"),
            "2020-03-01,K2,0,0,0,0,1,1,1,1,1,1,王\u{0}芳,",
            "2020-03-01,../../etc/passwd,0,0,0,0,1,1,1,1,1,1,王芳,",
        ],
    );
    let err = s.rejected_unchanged(&["import", "reports", &file]);
    for expected in [
        "bad.csv:2: field remark: at most 500 characters (501 given)",
        "bad.csv:3: field reporter: character 2 is a control character (U+0000)",
        "bad.csv:4: field unit_code: the unit code '../../etc/passwd' may hold only letters, digits and '-'",
    ] {
        assert!(err.contains(expected), "{expected} missing from {err}");
    }
}

#[test]
fn a_dispute_with_more_parties_than_any_is_refused() {
    let s = Sandbox::with_small_tree();
    let mut args = vec![
        "disputes",
        "add",
        "--unit",
        "K1",
        "--kind",
        "neighbours",
        "--risk",
        "low",
        "--summary",
        "楼上漏水",
    ];
    let parties: Vec<String> = (0..21).map(|i| format!("当事人{i}")).collect();
    for p in &parties {
        args.push("--party");
        args.push(p);
    }
    let err = s.rejected_unchanged(&args);
    assert!(
        err.contains("--party") && err.contains("at most 20 parties"),
        "{err}"
    );
    let err = s.rejected_unchanged(&[
        "disputes",
        "add",
        "--unit",
        "K1",
        "--kind",
        "neighbours",
        "--risk",
        "low",
        "--summary",
        "楼上\u{1b}[31m漏水",
    ]);
    assert!(
        err.contains("--summary") && err.contains("control character"),
        "{err}"
    );
}

#[test]
fn an_appeal_file_with_a_nul_byte_in_a_text_is_refused_whole() {
    let s = Sandbox::with_small_tree();
    let file = s.write(
        "a.csv",
        "ref,received_at,channel,text,name\nA1,2020-03-01 10:00,hotline,药吃完了,张三\nA2,2020-03-01 10:05,hotline,菜\u{0}送不到,李四\n",
    );
    let err = s.rejected_unchanged(&["appeals", "import", &file]);
    assert!(
        err.contains("a.csv:3: field text: character 2 is a control character (U+0000)"),
        "{err}"
    );
}
