//! `fangkong appeals`: classifying and routing a file of appeals, with bad input
//! named by line, and the classifier's evaluation.

use crate::support::Sandbox;

#[test]
fn appeals_are_classified_routed_and_explained() {
    let s = Sandbox::with_small_tree();
    let file = s.write(
        "appeals.csv",
        "id,text,city,area\n\
         a1,我是外地人，封城后滞留在这里回不了家，住的地方也没有了,测试市,测试街道\n\
         a2,家里老人发烧咳嗽好几天，社区一直不安排核酸检测，呼吸困难,,测试社区\n\
         a3,小区团购的菜一直送不到，家里快断粮了,,\n\
         a4,\"公交停运了，上班怎么去，求安排班车\",测试市,\n",
    );
    let csv = s.ok(&["appeals", "classify", &file, "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,category,confidence,urgency,urgent_because,district,unit_code,unit_name")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4);
    let by = |id: &str| rows.iter().find(|r| r[0] == id).expect("row").clone();
    assert_eq!(by("a1")[1], "stranded", "{csv}");
    assert_eq!(
        by("a1")[5],
        "测试区",
        "routed through its subdistrict: {csv}"
    );
    assert_eq!(by("a1")[6], "S");
    assert_eq!(by("a2")[1], "medical", "{csv}");
    assert_eq!(by("a2")[3], "urgent");
    assert_eq!(by("a2")[4], "呼吸困难");
    assert_eq!(by("a2")[6], "M", "the community named in the area");
    assert_eq!(by("a3")[1], "supplies", "{csv}");
    assert_eq!(by("a3")[5], "", "nothing names a unit: to the queue");
    assert_eq!(by("a4")[1], "transport", "{csv}");
    let explained = s.ok(&[
        "appeals",
        "classify",
        &file,
        "--explain",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&explained).expect("json");
    let because = doc[0]["because"].as_str().unwrap_or("");
    assert!(
        because.contains("滞留"),
        "the words that decided: {because}"
    );
}

#[test]
fn bad_appeal_files_are_refused_naming_the_line() {
    let s = Sandbox::with_small_tree();
    let no_text = s.write("a.csv", "id,body\n1,买不到菜\n");
    let err = s.rejected(&["appeals", "classify", &no_text]);
    assert!(err.contains("text"), "{err}");
    let empty = s.write("b.csv", "id,text\n1,买不到菜\n2,  \n");
    let err = s.rejected(&["appeals", "classify", &empty]);
    assert!(
        err.contains("b.csv:3: field text: the text is empty"),
        "{err}"
    );
}

#[test]
fn the_evaluation_reports_precision_and_recall_per_category() {
    let s = Sandbox::with_small_tree();
    let csv = s.ok(&["appeals", "evaluate", "--format", "csv"]);
    assert!(
        csv.starts_with("sample,category,support,predicted,correct,precision,recall\n"),
        "{csv}"
    );
    for category in [
        "stranded",
        "transport",
        "supplies",
        "medical",
        "housing",
        "mental_health",
        "complaint",
        "other",
    ] {
        assert!(
            csv.contains(&format!("all,{category},")),
            "{category}: {csv}"
        );
    }
    let accuracy: f64 = csv
        .lines()
        .find(|l| l.starts_with("all,(accuracy)"))
        .and_then(|l| l.rsplit(',').next())
        .and_then(|v| v.parse().ok())
        .expect("accuracy");
    assert!(
        accuracy > 0.5,
        "better than the largest category alone: {accuracy}"
    );
}
