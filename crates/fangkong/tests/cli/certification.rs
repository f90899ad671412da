//! Epidemic-free certification, events and trend phases through the CLI
//! (SPEC §3, §4; issue #3).

use crate::support::{Sandbox, data};

/// Clean reports from K1, K2 and V for 2020-03-01 .. 2020-03-20, with the given
/// exceptions (`(day, unit, row tail)`, a tail of `None` meaning no report).
fn season(s: &Sandbox, exceptions: &[(&str, &str, Option<&str>)]) {
    let mut rows = Vec::new();
    for d in 1..=20 {
        let day = format!("2020-03-{d:02}");
        for unit in ["K1", "K2", "V"] {
            let tail = match exceptions
                .iter()
                .find(|(xd, xu, _)| *xd == day && *xu == unit)
            {
                Some((_, _, None)) => continue,
                Some((_, _, Some(t))) => t.to_string(),
                None => "0,0,0,0,1,1,1,1,1,1".to_string(),
            };
            rows.push(format!("{day},{unit},{tail},王芳,"));
        }
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = s.reports_file("season.csv", &refs);
    s.ok(&["import", "reports", &file]);
}

fn unit_rows(s: &Sandbox, day: &str) -> Vec<serde_json::Value> {
    let out = s.ok(&["status", "--date", day, "--units", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&out)
        .expect("json")
        .as_array()
        .expect("array")
        .clone()
}

fn row<'a>(rows: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    rows.iter().find(|r| r["code"] == code).expect("unit row")
}

#[test]
fn fourteen_clean_days_certify_the_whole_tree_and_not_a_day_sooner() {
    let s = Sandbox::with_small_tree();
    season(&s, &[]);
    let counts = s.ok(&["status", "--date", "2020-03-14", "--format", "csv"]);
    assert!(
        counts.starts_with("kind,epidemic_free,units,percent,pending\n"),
        "{counts}"
    );
    assert!(
        counts.contains("city,1,1,100.0") && counts.contains("compound,2,2,100.0"),
        "{counts}"
    );
    let before = s.ok(&["status", "--date", "2020-03-13", "--format", "csv"]);
    assert!(before.contains("city,0,1,0.0"), "{before}");
    let rows = unit_rows(&s, "2020-03-13");
    assert_eq!(row(&rows, "C")["zero_days"], 13);
    assert_eq!(row(&rows, "C")["earliest_free"], "2020-03-14");
    assert!(
        row(&rows, "C")["reason"]
            .as_str()
            .expect("text")
            .contains("reports begin on 2020-03-01")
    );
}

#[test]
fn a_close_contact_holds_back_every_unit_above_it_and_fever_does_not() {
    let s = Sandbox::with_small_tree();
    season(
        &s,
        &[
            ("2020-03-10", "K1", Some("0,0,2,0,1,1,1,1,1,1")),
            ("2020-03-12", "V", Some("0,0,0,3,1,1,1,1,1,1")),
        ],
    );
    let rows = unit_rows(&s, "2020-03-20");
    for code in ["K1", "M", "S", "D", "C"] {
        assert_eq!(row(&rows, code)["epidemic_free"], false, "{code}");
        assert_eq!(row(&rows, code)["zero_days"], 10, "{code}");
        assert_eq!(row(&rows, code)["earliest_free"], "2020-03-24", "{code}");
    }
    assert_eq!(
        row(&rows, "V")["epidemic_free"],
        true,
        "fever alone does not count"
    );
    assert_eq!(row(&rows, "K2")["epidemic_free"], true);
    let reason = row(&rows, "C")["reason"].as_str().expect("text");
    assert!(
        reason.contains("new case or contact on 2020-03-10 in K1 一号小区"),
        "{reason}"
    );

    let csv = s.ok(&[
        "status",
        "--date",
        "2020-03-20",
        "--units",
        "--under",
        "M",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "code,name,kind,epidemic_free,zero_days,earliest_free,reason"
    );
    assert_eq!(lines.len(), 4, "M and its two compounds: {csv}");
}

#[test]
fn a_missing_report_and_a_measure_not_in_place_are_named() {
    let s = Sandbox::with_small_tree();
    season(
        &s,
        &[
            ("2020-03-18", "K2", None),
            ("2020-03-20", "V", Some("0,0,0,0,1,1,1,0,1,1")),
        ],
    );
    let rows = unit_rows(&s, "2020-03-20");
    assert!(
        row(&rows, "K2")["reason"]
            .as_str()
            .expect("text")
            .contains("no report from K2 二号小区 on 2020-03-18")
    );
    assert_eq!(row(&rows, "V")["zero_days"], 20);
    assert_eq!(row(&rows, "V")["epidemic_free"], false);
    assert!(
        row(&rows, "V")["reason"]
            .as_str()
            .expect("text")
            .contains("measures not in place in V 测试村: supplies")
    );

    let explain = s.ok(&["explain", "S", "--date", "2020-03-20"]);
    assert!(explain.contains("epidemic-free: no"), "{explain}");
    assert!(
        explain.contains("held back by 2 reporting unit(s)"),
        "{explain}"
    );
    assert!(
        explain.contains("missing_report") && explain.contains("measures"),
        "{explain}"
    );
    assert!(
        explain.contains("policy for a subdistrict: 继续执行街道封控措施"),
        "the policy table is shown: {explain}"
    );
}

#[test]
fn events_list_units_that_gain_and_lose_the_status() {
    let s = Sandbox::with_small_tree();
    season(&s, &[("2020-03-16", "K1", Some("1,0,0,0,1,1,1,1,1,1"))]);
    let out = s.ok(&[
        "events",
        "--from",
        "2020-03-14",
        "--to",
        "2020-03-16",
        "--format",
        "csv",
    ]);
    assert!(out.contains("2020-03-14,C,测试市,city,gained,14"), "{out}");
    assert!(
        out.contains("2020-03-16,K1,一号小区,compound,lost,0"),
        "{out}"
    );
    assert!(out.contains("2020-03-16,C,测试市,city,lost,0"), "{out}");
    assert!(!out.contains("2020-03-16,K2"), "K2 keeps its status: {out}");
}

#[test]
fn as_recorded_at_answers_with_what_was_known_before_a_correction() {
    let s = Sandbox::with_small_tree();
    season(&s, &[("2020-03-10", "K1", Some("1,0,0,0,1,1,1,1,1,1"))]);
    let before_fix = jiff::Timestamp::now().to_string();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let fix = s.reports_file("fix.csv", &["2020-03-10,K1,0,0,0,0,1,1,1,1,1,1,王芳,误报"]);
    s.ok(&[
        "import",
        "reports",
        &fix,
        "--correct",
        "--reason",
        "误报已核销",
    ]);

    let now = unit_rows(&s, "2020-03-20");
    assert_eq!(
        row(&now, "C")["epidemic_free"],
        true,
        "the correction counts now"
    );
    let out = s.ok(&[
        "status",
        "--date",
        "2020-03-20",
        "--units",
        "--as-recorded-at",
        &before_fix,
        "--format",
        "json",
    ]);
    let then: Vec<serde_json::Value> = serde_json::from_str::<serde_json::Value>(&out)
        .expect("json")
        .as_array()
        .expect("array")
        .clone();
    assert_eq!(
        row(&then, "C")["epidemic_free"],
        false,
        "what the dashboard said before the correction"
    );
    let bad = s.rejected(&[
        "status",
        "--date",
        "2020-03-20",
        "--as-recorded-at",
        "yesterday",
    ]);
    assert!(bad.contains("field --as-recorded-at"), "{bad}");
}

#[test]
fn a_rules_file_changes_the_window() {
    let s = Sandbox::with_small_tree();
    season(&s, &[]);
    let rules = s.write("rules.toml", "[certification]\nwindow_days = 3\n");
    let out = s.ok(&[
        "--rules",
        &rules,
        "status",
        "--date",
        "2020-03-03",
        "--format",
        "csv",
    ]);
    assert!(out.contains("city,1,1,100.0"), "{out}");
    let bad = s.write("bad.toml", "[certification]\nwindow = 3\n");
    let run = s.run(&["--rules", &bad, "status", "--date", "2020-03-03"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown field `window`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_real_wuhan_series_has_a_four_digit_period_from_2_february_and_its_first_two_digit_day_on_6_march()
 {
    let s = Sandbox::new();
    s.ok(&[
        "import",
        "units",
        data("wuhan-divisions.csv").to_str().expect("path"),
    ]);
    s.ok(&[
        "import",
        "published",
        data("wuhan-daily.csv").to_str().expect("path"),
        "--unit",
        "420100000000",
    ]);
    s.ok(&[
        "import",
        "annotations",
        data("wuhan-annotations.csv").to_str().expect("path"),
    ]);
    let out = s.ok(&["phases", "420100000000", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["source"], "published");
    let periods = doc["periods"].as_array().expect("periods");
    let high = periods
        .iter()
        .find(|p| p["band"] == "high")
        .expect("a high period");
    assert_eq!(high["start"], "2020-02-02");
    assert!(
        high["annotations"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|a| a["kind"] == "definition_change" && a["day"] == "2020-02-12")
    );
    let milestones = doc["milestones"].as_array().expect("milestones");
    let low = milestones
        .iter()
        .find(|m| m["band"] == "low")
        .expect("low milestone");
    assert_eq!(low["day"], "2020-03-06");
    assert_eq!(low["value"], 74);
    assert_eq!(doc["current"], "zero");
    for p in periods {
        assert!(
            ["high", "middle", "low", "tail", "zero"].contains(&p["band"].as_str().expect("band"))
        );
    }
}
