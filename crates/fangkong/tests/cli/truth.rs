//! Data truth through the command line (issue 5): validation rules as
//! configuration, reconciliation, completeness, burden, the audit log, and the
//! DHIS2 exchange.

use crate::support::{Sandbox, data};

/// 2020-03-01..=2020-03-05 for K1, K2 and V: K1 has 2 new confirmed on 03-02 and 1
/// on 03-04; remarks with a comma and a quote to test the codecs.
fn with_week() -> Sandbox {
    let s = Sandbox::with_small_tree();
    let mut rows = Vec::new();
    for d in 1..=5 {
        for unit in ["K1", "K2", "V"] {
            let confirmed = match (unit, d) {
                ("K1", 2) => 2,
                ("K1", 4) => 1,
                _ => 0,
            };
            let remark = if unit == "K2" && d == 3 {
                "\"复核, 无异常 \"\"已上报\"\"\""
            } else {
                ""
            };
            rows.push(format!(
                "2020-03-0{d},{unit},{confirmed},0,{},0,1,1,1,1,1,{},王芳,{remark}",
                confirmed * 3,
                u8::from(d != 5 || unit != "V")
            ));
        }
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    s.ok(&["import", "reports", &s.reports_file("week.csv", &refs)]);
    s
}

/// Publishes the city's series; `bump` adds to one day's figure.
fn publish(s: &Sandbox, bump: Option<(&str, i64)>) {
    let mut text = String::from("date,new_confirmed\n");
    for (day, n) in [
        ("2020-03-01", 0),
        ("2020-03-02", 2),
        ("2020-03-03", 0),
        ("2020-03-04", 1),
        ("2020-03-05", 0),
    ] {
        let extra = bump.filter(|(d, _)| *d == day).map_or(0, |(_, x)| x);
        text.push_str(&format!("{day},{}\n", n + extra));
    }
    let file = s.write("published.csv", &text);
    s.ok(&["import", "published", &file, "--unit", "C", "--replace"]);
}

#[test]
fn reconciliation_agrees_by_construction_and_finds_a_deliberate_difference() {
    let s = with_week();
    publish(&s, None);
    let csv = s.ok(&[
        "reconcile",
        "C",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-06",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "date,reports,published,difference,reporting_units,registry,registry_difference"
    );
    assert_eq!(lines.len(), 7, "one row per day: {csv}");
    assert_eq!(lines[2], "2020-03-02,2,2,0,3,,");
    assert_eq!(
        lines[6], "2020-03-06,,,,0,,",
        "no report and no figure: missing, not zero"
    );
    // The bulletin says 5 on 03-03; the grassroots reported 0.
    publish(&s, Some(("2020-03-03", 5)));
    let json = s.ok(&[
        "reconcile",
        "C",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-05",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(doc["summary"]["differing"], 1);
    assert_eq!(
        doc["summary"]["largest"],
        serde_json::json!(["2020-03-03", -5])
    );
    let only = s.ok(&[
        "reconcile",
        "C",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-05",
        "--differences",
        "--format",
        "csv",
    ]);
    assert_eq!(only.lines().nth(1), Some("2020-03-03,0,5,-5,3,,"), "{only}");
    // A correction in the grassroots moves the sum, and the difference closes.
    let fix = s.reports_file("fix.csv", &["2020-03-03,K1,5,0,0,0,1,1,1,1,1,1,王芳,补报"]);
    s.ok(&[
        "import",
        "reports",
        &fix,
        "--correct",
        "--reason",
        "漏报五例",
    ]);
    let after = s.ok(&[
        "reconcile",
        "C",
        "--from",
        "2020-03-03",
        "--to",
        "2020-03-03",
        "--format",
        "csv",
    ]);
    assert_eq!(after.lines().nth(1), Some("2020-03-03,5,5,0,3,,"));
    // Below the root, the same sum: the corrected revision counts, once.
    let district = s.ok(&[
        "reconcile",
        "D",
        "--from",
        "2020-03-03",
        "--to",
        "2020-03-03",
        "--format",
        "csv",
    ]);
    assert_eq!(
        district.lines().nth(1),
        Some("2020-03-03,5,,,3,,"),
        "{district}"
    );
    let community = s.ok(&[
        "reconcile",
        "M",
        "--from",
        "2020-03-02",
        "--to",
        "2020-03-03",
        "--format",
        "csv",
    ]);
    assert_eq!(
        community,
        "date,reports,published,difference,reporting_units,registry,registry_difference\n2020-03-02,2,,,2,,\n2020-03-03,5,,,2,,\n"
    );
    let err = s.run(&[
        "reconcile",
        "NOPE",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-02",
    ]);
    assert_eq!(err.code, 3, "{}", err.stderr);
    assert!(err.stderr.contains("NOPE"), "{}", err.stderr);
}

#[test]
fn completeness_names_the_missing_units_and_who_answers_for_them() {
    let s = with_week();
    let run = s.run_with_input(
        &[
            "user",
            "add",
            "wangfang",
            "--role",
            "community_worker",
            "--scope",
            "M",
            "--name",
            "王芳",
        ],
        "a-long-password\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = s.ok(&[
        "completeness",
        "--date",
        "2020-03-06",
        "--show",
        "missing",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "code,name,parent,responsible,responsible_name,on_duty,on_duty_phone,recorded_at"
    );
    assert!(
        lines.contains(&"K1,一号小区,测试社区,wangfang,王芳,,,"),
        "{csv}"
    );
    assert!(
        lines.contains(&"V,测试村,测试街道,,,,,"),
        "nobody files for V: {csv}"
    );
    let levels = s.ok(&["completeness", "--date", "2020-03-05", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&levels).expect("json");
    assert_eq!(doc["levels"][0]["level"], "reporting");
    assert_eq!(doc["levels"][0]["expected"], 3);
    assert_eq!(doc["levels"][0]["received"], 3);
    // Imported today, long after 10:00 on 2020-03-06: every report of 03-05 is late.
    assert_eq!(doc["levels"][0]["on_time"], 0);
    assert_eq!(doc["late"].as_array().map(Vec::len), Some(3));
}

#[test]
fn a_configured_error_rule_refuses_an_import_naming_line_field_and_rule() {
    let s = with_week();
    let rules = s.write(
        "rules.toml",
        "[[quality.rules]]\nname = \"fever_cap\"\nleft = \"new_fever\"\noperator = \"<=\"\nright = \"0.01 * population\"\nseverity = \"error\"\n",
    );
    let file = s.reports_file(
        "bad.csv",
        &[
            "2020-03-06,K1,0,0,0,9,1,1,1,1,1,1,王芳,",
            "2020-03-06,K2,0,0,0,9,1,1,1,1,1,1,王芳,",
        ],
    );
    let err = s.rejected_unchanged(&["--rules", &rules, "import", "reports", &file]);
    assert!(
        err.contains(
            "bad.csv:2: field new_fever: fever_cap: new_fever = 9 is not <= 0.01 * population = 5"
        ),
        "{err}"
    );
    assert!(
        !err.contains("bad.csv:3"),
        "K2 has no population: the rule is skipped, not failed: {err}"
    );
    // The same rule as a warning keeps the report and says so.
    let warn = s.write(
        "warn.toml",
        &std::fs::read_to_string(&rules)
            .expect("rules")
            .replace("\"error\"", "\"warning\""),
    );
    let out = s.ok(&[
        "--rules",
        &warn,
        "report",
        "--date",
        "2020-03-06",
        "--unit",
        "K1",
        "--confirmed",
        "0",
        "--suspected",
        "0",
        "--close-contacts",
        "0",
        "--fever",
        "9",
        "--in-place",
        "all",
        "--reporter",
        "王芳",
    ]);
    assert!(out.contains("warning (fever_cap)"), "{out}");
}

#[test]
fn the_quality_scan_finds_an_outlier_and_a_copied_report() {
    let s = Sandbox::with_small_tree();
    let mut rows = Vec::new();
    for d in 1..=20 {
        let day = format!("2020-03-{d:02}");
        // K1 files the very same report every day; K2 beside it changes daily.
        rows.push(format!("{day},K1,0,1,2,0,1,1,1,1,1,1,王芳,一切正常"));
        let contacts = if d == 20 { 60 } else { d % 3 };
        rows.push(format!(
            "{day},K2,0,{},{contacts},0,1,1,1,1,1,1,李明,",
            d % 2
        ));
        rows.push(format!("{day},V,0,0,0,0,1,1,1,1,1,1,张伟,"));
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    s.ok(&["import", "reports", &s.reports_file("season.csv", &refs)]);
    let csv = s.ok(&["quality", "--date", "2020-03-20", "--format", "csv"]);
    assert!(
        csv.starts_with("severity,rule,unit,name,parent,date,message\n"),
        "{csv}"
    );
    assert!(csv.contains("warning,copied_report,K1,一号小区,测试社区,2020-03-20,\"the same report (0/1/2/0, remark \"\"一切正常\"\") for 20 days running"), "{csv}");
    assert!(
        csv.contains("warning,outlier,K2,二号小区,测试社区,2020-03-20,new_close_contacts = 60"),
        "{csv}"
    );
    assert!(
        !csv.contains(",V,"),
        "V is quiet, and so are its neighbours: {csv}"
    );
    let errors = s.ok(&[
        "quality",
        "--date",
        "2020-03-20",
        "--severity",
        "error",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&errors).expect("json");
    assert_eq!(doc["findings"], serde_json::json!([]));
}

#[test]
fn the_burden_counts_forms_and_corrections_per_unit_and_day() {
    let s = with_week();
    let fix = s.reports_file("fix.csv", &["2020-03-02,K1,2,0,6,0,1,1,1,1,1,1,王芳,核实"]);
    s.ok(&[
        "import",
        "reports",
        &fix,
        "--correct",
        "--reason",
        "备注补充",
    ]);
    let json = s.ok(&[
        "burden",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-05",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    let leaves = &doc["levels"][0];
    assert_eq!(leaves["level"], "reporting");
    assert_eq!(leaves["unit_days"], 15);
    assert_eq!(leaves["forms"], 16, "15 reports and one correction");
    assert_eq!(leaves["days_with_corrections"], 1);
    let units = s.ok(&[
        "burden",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-05",
        "--units",
        "--format",
        "csv",
    ]);
    assert_eq!(
        units,
        "code,name,days,forms,corrections,fields_changed\nK1,一号小区,5,6,1,\n"
    );
}

#[test]
fn every_change_is_in_the_audit_log_and_no_command_can_change_it() {
    let s = with_week();
    let fix = s.reports_file("fix.csv", &["2020-03-02,K1,1,0,6,0,1,1,1,1,1,1,王芳,"]);
    s.ok(&[
        "import",
        "reports",
        &fix,
        "--correct",
        "--reason",
        "一例重复",
    ]);
    s.ok(&[
        "unit",
        "rename",
        "K2",
        "二号小区（东）",
        "--from",
        "2020-03-04",
        "--reason",
        "更名",
    ]);
    let csv = s.ok(&["audit", "--format", "csv", "--limit", "100"]);
    assert!(
        csv.starts_with("id,at,actor,action,target,old_value,new_value,reason,outcome\n"),
        "{csv}"
    );
    let correction = csv
        .lines()
        .find(|l| l.contains(",report.correct,"))
        .expect("the correction is audited");
    assert!(
        correction.contains("K1 2020-03-02 r2,new_confirmed=2,new_confirmed=1,一例重复,done"),
        "{correction}"
    );
    assert!(
        correction.contains(",cli:"),
        "the actor is named: {correction}"
    );
    assert!(csv.contains(",unit.change,K2,"), "{csv}");
    assert!(csv.contains(",units.add,"), "{csv}");
    assert!(csv.contains(",reports.import,"), "{csv}");
    let only = s.ok(&["audit", "--action", "report.correct", "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_str(&only).expect("json");
    assert_eq!(entries.as_array().map(Vec::len), Some(1));
    // There is no way to change the log from the command line: no such command or flag.
    for attempt in [
        vec!["audit", "--delete", "1"],
        vec!["audit", "delete", "1"],
        vec!["audit", "--clear"],
    ] {
        let run = s.run(&attempt);
        assert_eq!(run.code, 2, "{attempt:?}: {}", run.stderr);
    }
    assert_eq!(
        s.ok(&["audit", "--format", "csv", "--limit", "100"]),
        csv,
        "the log is unchanged"
    );
}

#[test]
fn a_season_exported_to_dhis2_reads_back_unchanged_in_json_xml_and_csv() {
    let s = with_week();
    let before = s.ok(&["reports", "--format", "csv"]);
    for (format, scheme) in [
        ("json", "CODE"),
        ("csv", "CODE"),
        ("xml", "UID"),
        ("json", "NAME"),
    ] {
        let out = s.write(&format!("season.{format}"), "");
        s.ok(&[
            "dhis2",
            "export",
            "--from",
            "2020-03-01",
            "--to",
            "2020-03-05",
            "--format",
            format,
            "--id-scheme",
            scheme,
            "-o",
            &out,
        ]);
        let text = std::fs::read_to_string(&out).expect("export");
        if scheme == "UID" {
            assert!(
                text.contains(r#"orgUnitIdScheme="UID""#) && !text.contains(r#"orgUnit="K1""#),
                "{text}"
            );
        }
        if format == "xml" {
            assert!(
                text.contains("<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\""),
                "{text}"
            );
        } else if format == "csv" {
            assert!(text.starts_with("dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\n"), "{text}");
            assert!(
                text.contains("FK_NEW_CONFIRMED,20200302,K1,,,2,王芳,,,false,false"),
                "{text}"
            );
        } else if format == "json" {
            let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
            assert_eq!(
                doc["dataValues"].as_array().map(Vec::len),
                Some(150),
                "15 reports × 10 values"
            );
        }
        let fresh = Sandbox::with_small_tree();
        let copy = fresh.write(&format!("in.{format}"), &text);
        let said = fresh.ok(&["dhis2", "import", &copy]);
        assert!(
            said.contains("imported 15 daily reports"),
            "{format} {scheme}: {said}"
        );
        assert_eq!(
            fresh.ok(&["reports", "--format", "csv"]),
            before,
            "{format} round trip"
        );
        // Importing the same set again is refused whole: they are not corrections.
        let again = fresh.rejected_unchanged(&["dhis2", "import", &copy]);
        assert!(again.contains("already reported"), "{again}");
    }
}

#[test]
fn real_dhis2_files_are_read_and_refused_with_each_value_named() {
    let s = Sandbox::with_small_tree();
    let bulk = data("interop/dhis2/docs_send_bulk.json");
    let err = s.rejected_unchanged(&["dhis2", "import", bulk.to_str().expect("path")]);
    assert!(
        err.contains("$.dataValues[0].dataElement: field dataElement: unknown data element 'f7n9E0hX8qk' (UID or CODE scheme)"),
        "{err}"
    );
    let csv = data("interop/dhis2/docs_send_bulk.csv");
    let err = s.rejected_unchanged(&["dhis2", "import", csv.to_str().expect("path")]);
    assert!(
        err.contains("line 2: field dataElement: unknown data element 'f7n9E0hX8qk'"),
        "{err}"
    );
    // A real daily payload from Go.Data: the envelope's period and org unit apply.
    let godata = data("interop/dhis2/openfn_godata_daily_20201219.json");
    let err = s.rejected_unchanged(&["dhis2", "import", godata.to_str().expect("path")]);
    assert!(err.contains("unknown data element 'CnPsS2xE8UN'"), "{err}");
    // A monthly period is named as such, in DHIS2's own CSV without a header.
    let no_header = data("interop/dhis2/core_dataValueSetBNoHeader.csv");
    let err = s.rejected_unchanged(&["dhis2", "import", no_header.to_str().expect("path")]);
    assert!(
        err.contains("line 1: field dataElement"),
        "read by position from line 1: {err}"
    );
    // Our own element codes with a monthly period: refused naming the period.
    let monthly = s.write(
        "monthly.csv",
        "dataelement,period,orgunit,value\nFK_NEW_CONFIRMED,202003,K1,1\n",
    );
    let err = s.rejected_unchanged(&["dhis2", "import", &monthly]);
    assert!(
        err.contains("line 2: field period: '202003' is not a daily period"),
        "{err}"
    );
}

/// DHIS2 input names what DHIS2 calls things: an unknown org unit is an
/// `orgUnit` at the first value that gives it (JSON path or CSV line), and
/// another data set or id scheme is refused where it is declared.
#[test]
fn dhis2_problems_are_named_in_dhis2_s_words_at_their_place() {
    let s = Sandbox::with_small_tree();
    let mut values = Vec::new();
    for (e, v) in [
        ("FK_NEW_CONFIRMED", "1"),
        ("FK_NEW_SUSPECTED", "0"),
        ("FK_NEW_CLOSE_CONTACTS", "0"),
        ("FK_NEW_FEVER", "0"),
    ] {
        values.push((e.to_string(), v));
    }
    for m in [
        "CLOSED_MANAGEMENT",
        "SCREENING",
        "DISINFECTION",
        "SUPPLIES",
        "STABILITY",
        "PUBLICITY",
    ] {
        values.push((format!("FK_IN_PLACE_{m}"), "true"));
    }
    let json_values: Vec<String> = values
        .iter()
        .map(|(e, v)| format!(r#"{{"dataElement":"{e}","orgUnit":"K404","value":"{v}"}}"#))
        .collect();
    let json = s.write(
        "v.json",
        &format!(
            r#"{{"dataSet":"FK_DAILY_REPORT","period":"20200306","dataValues":[{}]}}"#,
            json_values.join(",")
        ),
    );
    let err = s.rejected_unchanged(&["dhis2", "import", &json]);
    assert!(
        err.contains(
            "$.dataValues[0].orgUnit: field orgUnit: unknown org unit 'K404' (UID or CODE scheme)"
        ),
        "{err}"
    );
    let mut csv = String::from("dataelement,period,orgunit,catoptcombo,attroptcombo,value\n");
    for (e, v) in &values {
        csv.push_str(&format!("{e},20200306,K404,,,{v}\n"));
    }
    let csv = s.write("v.csv", &csv);
    let err = s.rejected_unchanged(&["dhis2", "import", &csv]);
    assert!(
        err.contains("line 2: field orgUnit: unknown org unit 'K404'"),
        "{err}"
    );
    let other = s.write(
        "other.json",
        r#"{"dataSet":"pBOMPrpg1QX","orgUnitIdScheme":"UID","period":"20200306","orgUnit":"K1","dataValues":[{"dataElement":"FK_NEW_FEVER","value":"1"}]}"#,
    );
    let err = s.rejected_unchanged(&["dhis2", "import", &other]);
    assert!(
        err.contains("$.dataSet: field dataSet: unknown data set 'pBOMPrpg1QX'"),
        "{err}"
    );
    assert!(
        err.contains("$.dataValues[0].orgUnit: field orgUnit: unknown org unit 'K1' (UID scheme)"),
        "a declared scheme is honoured: {err}"
    );
    let attribute = s.write(
        "attribute.xml",
        "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\" idScheme=\"attribute:DnrLSdo4hMl\">\n</dataValueSet>\n",
    );
    let err = s.rejected_unchanged(&["dhis2", "import", &attribute]);
    assert!(
        err.contains(
            "$.idScheme: field idScheme: the id scheme 'attribute:DnrLSdo4hMl' is not supported"
        ),
        "{err}"
    );
}
