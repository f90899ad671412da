//! The four-categories registry through the command line (issue 6): import with
//! checked resident IDs and flows, duplicates found and refused, and the four
//! "alls" per unit with the people not yet covered.

use crate::support::Sandbox;

const PEOPLE_HEADER: &str =
    "ref,resident_id,name,phone,birth_date,address,unit_code,category,identified_on\n";
const STEPS_HEADER: &str = "ref,date,step,category,place,exit\n";

/// K1: a confirmed case in hospital under treatment, and a confirmed case still
/// at home; K2: a close contact in an isolation site, sampled, who becomes
/// suspected and is admitted; V: a fever patient at home, not sampled.
fn with_registry() -> Sandbox {
    let s = Sandbox::with_small_tree();
    let people = s.write(
        "people.csv",
        &format!(
            "{PEOPLE_HEADER}P1,420102199001151239,张三,13812345678,,幸福小区3栋501室,K1,confirmed,2020-02-01\n\
             P2,,李四,13900001111,1985-03-02,,K1,confirmed,2020-02-03\n\
             P3,420102197206117895,王五,,,,K2,close_contact,2020-02-02\n\
             P4,,赵六,13700002222,2000-01-01,,V,fever,2020-02-04\n"
        ),
    );
    let steps = s.write(
        "steps.csv",
        &format!(
            "{STEPS_HEADER}P1,2020-02-01,moved,,designated_hospital,\n\
             P1,2020-02-02,treatment_started,,,\n\
             P3,2020-02-02,moved,,isolation_site,\n\
             P3,2020-02-03,sampled,,,\n\
             P3,2020-02-05,recategorised,suspected,,\n\
             P3,2020-02-06,moved,,shelter_hospital,\n"
        ),
    );
    let out = s.ok(&["registry", "import", &people, "--steps", &steps]);
    assert!(out.contains("4 people and 10 steps"), "{out}");
    s
}

#[test]
fn the_four_ratios_per_unit_follow_the_registry_day_by_day() {
    let s = with_registry();
    let csv = s.ok(&["compliance", "--date", "2020-02-04", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "code,name,kind,people,admitted,treated,tested,isolated"
    );
    // K1: two confirmed, one admitted and treated; nobody to test or isolate.
    assert!(
        lines.contains(&"K1,一号小区,compound,2,0.5000,0.5000,,"),
        "{csv}"
    );
    // K2 on 02-04: a close contact, sampled and isolated.
    assert!(
        lines.contains(&"K2,二号小区,compound,1,,,1.0000,1.0000"),
        "{csv}"
    );
    // V: a fever patient at home, not sampled.
    assert!(
        lines.contains(&"V,测试村,village,1,,,0.0000,0.0000"),
        "{csv}"
    );
    // The city adds them up.
    assert!(
        lines.contains(&"C,测试市,city,4,0.5000,0.5000,0.5000,0.5000"),
        "{csv}"
    );
    // On 02-06 the contact is a suspected case admitted to a shelter hospital.
    let later = s.ok(&[
        "compliance",
        "--date",
        "2020-02-06",
        "--under",
        "K2",
        "--format",
        "csv",
    ]);
    assert_eq!(
        later,
        "code,name,kind,people,admitted,treated,tested,isolated\nK2,二号小区,compound,1,1.0000,,1.0000,\n"
    );
    // Before anyone was identified: not applicable everywhere, never 0 or 1.
    let before = s.ok(&[
        "compliance",
        "--date",
        "2020-01-31",
        "--under",
        "C",
        "--format",
        "csv",
    ]);
    assert!(
        before.lines().skip(1).all(|l| l.ends_with(",0,,,,")),
        "{before}"
    );
}

#[test]
fn the_people_not_covered_are_listed_oldest_first_with_names_masked() {
    let s = with_registry();
    let gaps = s.ok(&[
        "compliance",
        "--date",
        "2020-02-04",
        "--gaps",
        "--format",
        "csv",
    ]);
    assert_eq!(
        gaps,
        "reference,name,unit,category,identified,missing\nP2,李*,K1,confirmed,2020-02-03,admitted treated\nP4,赵*,V,fever,2020-02-04,tested isolated\n"
    );
    assert!(
        !gaps.contains("李四") && !gaps.contains("1390000"),
        "no personal data"
    );
    // The audit log says how many, never who.
    let audit = s.ok(&["audit", "--action", "registry.", "--format", "csv"]);
    assert!(audit.contains("4 people, 10 steps"), "{audit}");
    assert!(
        !audit.contains("张三") && !audit.contains("420102199001151239"),
        "{audit}"
    );
}

#[test]
fn bad_ids_duplicates_and_impossible_flows_are_refused_whole() {
    let s = with_registry();
    let bad = s.write(
        "bad.csv",
        &format!(
            "{PEOPLE_HEADER}Q1,420102199001151238,钱七,,,,K1,confirmed,2020-02-05\n\
             Q2,420102199001151239,张三,,,,K2,suspected,2020-02-05\n\
             Q3,,李四,13900001111,1985-03-02,,K2,fever,2020-02-05\n\
             Q4,420102198503024569,孙八,,,,K2,fever,2020-02-05\n\
             Q5,420102198503024569,孙八,,,,K2,fever,2020-02-05\n\
             P1,,重复,,,,K1,fever,2020-02-05\n\
             Q6,,周九,,,,K1,sick,2099-01-01\n"
        ),
    );
    let err = s.rejected(&["registry", "import", &bad]);
    for needle in [
        "bad.csv:2: field resident_id: the check character should be 9, not 8",
        "bad.csv:3: field resident_id: already registered as P1 (same resident_id)",
        "bad.csv:4: field name: already registered as P2 (same name, phone and birth date)",
        "bad.csv:6: field resident_id: the same person as line 5",
        "bad.csv:7: field ref: P1 is already registered",
        "bad.csv:8: field category: 'sick' is not a category",
        "bad.csv:8: field identified_on: 2099-01-01 is in the future",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
    let people = s.write(
        "ok.csv",
        &format!("{PEOPLE_HEADER}Q9,,吴十,,,,K1,confirmed,2020-02-05\n"),
    );
    let flow = s.write(
        "flow.csv",
        &format!("{STEPS_HEADER}Q9,2020-02-06,treatment_started,,,\nP4,2020-02-06,left,,,discharged\nNOBODY,2020-02-06,sampled,,,\n"),
    );
    let err = s.rejected(&["registry", "import", &people, "--steps", &flow]);
    assert!(
        err.contains("flow.csv:4: field ref: no person NOBODY"),
        "{err}"
    );
    let flow = s.write(
        "flow2.csv",
        &format!(
            "{STEPS_HEADER}Q9,2020-02-06,treatment_started,,,\nP4,2020-02-06,left,,,discharged\n"
        ),
    );
    let err = s.rejected(&["registry", "import", &people, "--steps", &flow]);
    assert!(
        err.contains("person Q9: step 1: treatment starts in a designated or shelter hospital"),
        "{err}"
    );
    assert!(
        err.contains("person P4: step 1: only a person in hospital is discharged"),
        "{err}"
    );
    // Nothing was written: the figures are those of the first import.
    let csv = s.ok(&[
        "compliance",
        "--date",
        "2020-02-10",
        "--under",
        "K1",
        "--format",
        "csv",
    ]);
    assert!(csv.contains("K1,一号小区,compound,2,"), "{csv}");
}

#[test]
fn a_close_contact_is_followed_up_from_exposure_to_release() {
    let s = Sandbox::with_small_tree();
    let people = s.write(
        "people.csv",
        "ref,resident_id,name,phone,birth_date,address,unit_code,category,identified_on,last_exposure,team\n\
         C1,,陈一,,,,K1,close_contact,2020-03-02,2020-03-01,一组\n\
         C2,,陈二,,,,K2,close_contact,2020-03-03,,\n\
         F1,,发热,,,,V,fever,2020-03-03,,\n",
    );
    let out = s.ok(&["registry", "import", &people]);
    assert!(out.contains("2 close contacts followed up"), "{out}");
    for (r, d, st) in [
        ("C1", "2020-03-02", "seen_well"),
        ("C1", "2020-03-03", "missed"),
        ("C1", "2020-03-04", "seen_well"),
        ("C2", "2020-03-04", "seen_unwell"),
    ] {
        s.ok(&["followup", "checkin", r, "--date", d, "--state", st]);
    }
    let list = s.ok(&[
        "followup",
        "list",
        "--date",
        "2020-03-05",
        "--format",
        "csv",
    ]);
    assert_eq!(
        list,
        "reference,name,unit,team,last_exposure,release,due_today,overdue,overdue_days,releasable,unwell\n\
         C1,陈*,K1,一组,2020-03-01,2020-03-15,true,1,2020-03-03,false,false\n\
         C2,陈*,K2,,2020-03-03,2020-03-17,true,0,,false,true\n"
    );
    // Overdue lists per team and unit; C2 goes to team 二组.
    s.ok(&["followup", "assign", "C2", "--team", "二组"]);
    let by_team = s.ok(&[
        "followup",
        "list",
        "--date",
        "2020-03-05",
        "--by-team",
        "--format",
        "csv",
    ]);
    assert_eq!(
        by_team,
        "team,unit,open,overdue_people,overdue_days\n一组,K1,1,1,1\n二组,K2,1,0,0\n"
    );
    let team2 = s.ok(&[
        "followup",
        "list",
        "--date",
        "2020-03-05",
        "--team",
        "二组",
        "--format",
        "csv",
    ]);
    assert_eq!(team2.lines().count(), 2, "only C2: {team2}");
    let not_followed = s.run(&["followup", "assign", "F1", "--team", "一组"]);
    assert_eq!(not_followed.code, 3, "{}", not_followed.stderr);
    let overdue = s.ok(&[
        "followup",
        "list",
        "--date",
        "2020-03-05",
        "--overdue",
        "--format",
        "csv",
    ]);
    assert_eq!(overdue.lines().count(), 2, "only C1: {overdue}");
    // Release on the due day; an extension moves it, with a reason.
    let due = s.ok(&[
        "followup",
        "list",
        "--date",
        "2020-03-15",
        "--under",
        "K1",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&due).expect("json");
    assert_eq!(rows[0]["releasable"], true);
    let err = s.run(&[
        "followup",
        "extend",
        "C1",
        "--to",
        "2020-03-10",
        "--reason",
        "复检",
    ]);
    assert_eq!(
        err.code, 3,
        "an extension moves the day later: {}",
        err.stderr
    );
    s.ok(&[
        "followup",
        "extend",
        "C1",
        "--to",
        "2020-03-20",
        "--reason",
        "同住人确诊",
    ]);
    let later = s.ok(&[
        "followup",
        "list",
        "--date",
        "2020-03-15",
        "--under",
        "K1",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&later).expect("json");
    assert_eq!(rows[0]["releasable"], false);
    assert_eq!(rows[0]["release"], "2020-03-20");
    // Who changed what and when.
    let audit = s.ok(&[
        "audit",
        "--action",
        "followup.",
        "--format",
        "csv",
        "--limit",
        "10",
    ]);
    assert!(
        audit.contains(",followup.extend,")
            && audit.contains("release 2020-03-15,release 2020-03-20,同住人确诊"),
        "{audit}"
    );
    assert_eq!(audit.matches(",followup.check_in,").count(), 4, "{audit}");
    // Bad input: an unknown person, a day before the exposure, a future day.
    assert_eq!(
        s.run(&[
            "followup",
            "checkin",
            "NOBODY",
            "--date",
            "2020-03-04",
            "--state",
            "seen_well"
        ])
        .code,
        3
    );
    assert_eq!(
        s.run(&[
            "followup",
            "checkin",
            "C1",
            "--date",
            "2020-03-01",
            "--state",
            "seen_well"
        ])
        .code,
        3
    );
    assert_eq!(
        s.run(&[
            "followup",
            "checkin",
            "F1",
            "--date",
            "2020-03-04",
            "--state",
            "seen_well"
        ])
        .code,
        3,
        "F1 is not a contact"
    );
    assert_eq!(
        s.run(&[
            "followup",
            "checkin",
            "C1",
            "--date",
            "2020-03-04",
            "--state",
            "fine"
        ])
        .code,
        2
    );
}

#[test]
fn reconciliation_gains_the_registry_as_a_source() {
    let s = with_registry();
    // Reports: K1 files 2 new confirmed on 02-01 (the registry has P1 that day)
    // and 0 on 02-03 (the registry has P2).
    let reports = s.reports_file(
        "r.csv",
        &[
            "2020-02-01,K1,2,0,0,0,1,1,1,1,1,1,王芳,",
            "2020-02-03,K1,0,0,0,0,1,1,1,1,1,1,王芳,",
        ],
    );
    s.ok(&["import", "reports", &reports]);
    let csv = s.ok(&[
        "reconcile",
        "K1",
        "--from",
        "2020-02-01",
        "--to",
        "2020-02-03",
        "--format",
        "csv",
    ]);
    assert_eq!(
        csv,
        "date,reports,published,difference,reporting_units,registry,registry_difference\n\
         2020-02-01,2,,,1,1,1\n\
         2020-02-02,,,,0,0,\n\
         2020-02-03,0,,,1,1,-1\n"
    );
}

#[test]
fn stock_and_flow_of_confirmed_cases_per_unit() {
    let s = with_registry();
    let steps = s.write(
        "more.csv",
        &format!("{STEPS_HEADER}P1,2020-02-10,left,,,discharged\nP2,2020-02-06,moved,,designated_hospital,\nP2,2020-02-08,left,,,died\n"),
    );
    let none = s.write("none.csv", PEOPLE_HEADER);
    s.ok(&["registry", "import", &none, "--steps", &steps]);
    let csv = s.ok(&[
        "compliance",
        "--date",
        "2020-02-10",
        "--under",
        "K1",
        "--cases",
        "--format",
        "csv",
    ]);
    assert_eq!(
        csv,
        "code,name,kind,new_confirmed,active,recovered,died,confirmed,severe,critical,cure_rate,case_fatality_rate\n\
         K1,一号小区,compound,0,0,1,1,2,0,0,0.5000,0.5000\n"
    );
    let day3 = s.ok(&[
        "compliance",
        "--date",
        "2020-02-03",
        "--under",
        "C",
        "--cases",
        "--format",
        "csv",
    ]);
    assert!(
        day3.contains("C,测试市,city,1,2,0,0,2,0,0,0.0000,0.0000"),
        "{day3}"
    );
    let before = s.ok(&[
        "compliance",
        "--date",
        "2020-01-31",
        "--under",
        "K2",
        "--cases",
        "--format",
        "csv",
    ]);
    assert!(
        before.ends_with("K2,二号小区,compound,0,0,0,0,0,0,0,,\n"),
        "no case: no rate: {before}"
    );
}

#[test]
fn admissions_are_planned_against_real_beds() {
    let s = with_registry();
    let facilities = s.write(
        "facilities.csv",
        "code,name,kind,unit_code,beds_ordinary,beds_severe,beds_critical\n\
         H1,一号定点医院,designated_hospital,M,1,0,0\n\
         H2,二号定点医院,designated_hospital,S,5,1,0\n\
         H3,三号定点医院,designated_hospital,C,20,0,0\n\
         F1,方舱医院,shelter_hospital,D,100,0,0\n",
    );
    assert!(
        s.ok(&["facilities", "import", &facilities])
            .contains("4 facilities stored")
    );
    // P2 (confirmed, K1) takes H1's only bed; P4 (fever, V) asks for it the next
    // day and is refused, with the nearest free beds offered.
    let steps = s.write(
        "admit.csv",
        "ref,date,step,category,place,exit,facility,bed\n\
         P2,2020-02-05,moved,,designated_hospital,,H1,\n\
         P4,2020-02-06,recategorised,suspected,,,,\n\
         P4,2020-02-06,moved,,designated_hospital,,H1,ordinary\n",
    );
    let none = s.write("none.csv", PEOPLE_HEADER);
    let err = s.rejected(&["registry", "import", &none, "--steps", &steps]);
    assert!(
        err.contains("admit.csv:4: field facility: H1 has no free ordinary bed on 2020-02-06 (1 of 1 in use); nearest with a free one: H2 二号定点医院 (5 free), H3 三号定点医院 (20 free)"),
        "{err}"
    );
    // Sent to H2 instead, it fits; the board shows the beds in use.
    let fixed = s.write(
        "admit2.csv",
        "ref,date,step,category,place,exit,facility,bed\n\
         P2,2020-02-05,moved,,designated_hospital,,H1,\n\
         P4,2020-02-06,recategorised,suspected,,,,\n\
         P4,2020-02-06,moved,,designated_hospital,,H2,severe\n",
    );
    s.ok(&["registry", "import", &none, "--steps", &fixed]);
    let board = s.ok(&[
        "facilities",
        "board",
        "--date",
        "2020-02-06",
        "--format",
        "csv",
    ]);
    assert!(
        board.contains("H1,一号定点医院,designated_hospital,M,1,0,0,0,0,0"),
        "{board}"
    );
    assert!(
        board.contains("H2,二号定点医院,designated_hospital,S,0,5,1,0,0,0"),
        "{board}"
    );
    // Occupancy per day: P2 in H1 from 02-05, P4 in H2 (severe) from 02-06.
    let series = s.ok(&[
        "facilities",
        "occupancy",
        "--from",
        "2020-02-04",
        "--to",
        "2020-02-06",
        "--format",
        "csv",
    ]);
    assert!(
        series.starts_with("date,code,ordinary_used,severe_used,critical_used,used,beds,free\n"),
        "{series}"
    );
    for line in [
        "2020-02-04,H1,0,0,0,0,1,1",
        "2020-02-05,H1,1,0,0,1,1,0",
        "2020-02-05,H2,0,0,0,0,6,6",
        "2020-02-06,H2,0,1,0,1,6,5",
    ] {
        assert!(series.contains(line), "{line}\n{series}");
    }
    // A suspected case in a severe bed is not a severe case; confirmed, it is.
    let severe_on = |date: &str| {
        let csv = s.ok(&[
            "compliance",
            "--date",
            date,
            "--under",
            "C",
            "--cases",
            "--format",
            "csv",
        ]);
        let city = csv.lines().nth(1).unwrap_or_default().to_string();
        city.split(',').nth(8).unwrap_or_default().to_string()
    };
    assert_eq!(severe_on("2020-02-06"), "0");
    let confirmed = s.write(
        "confirm.csv",
        "ref,date,step,category,place,exit\nP4,2020-02-07,recategorised,confirmed,,\n",
    );
    s.ok(&["registry", "import", &none, "--steps", &confirmed]);
    assert_eq!(severe_on("2020-02-07"), "1");
    // The wrong kind of place, an unknown facility, and a bed kind that is not one.
    let wrong = s.write(
        "wrong.csv",
        "ref,date,step,category,place,exit,facility,bed\n\
         P2,2020-02-07,moved,,shelter_hospital,,H3,\n\
         P2,2020-02-08,moved,,shelter_hospital,,F9,\n\
         P2,2020-02-09,moved,,shelter_hospital,,F1,icu\n",
    );
    let err = s.rejected(&["registry", "import", &none, "--steps", &wrong]);
    assert!(
        err.contains(
            "wrong.csv:2: field facility: H3 is a designated_hospital, not a shelter_hospital"
        ),
        "{err}"
    );
    assert!(
        err.contains("wrong.csv:3: field facility: no facility F9"),
        "{err}"
    );
    assert!(
        err.contains("wrong.csv:4: field bed: 'icu' is not a bed kind"),
        "{err}"
    );
}

#[test]
fn one_person_entered_twice_is_found_and_merged_with_an_audit_record() {
    let s = with_registry();
    // 李四 again, entered without a phone but with the same birth date: not refused
    // (the match needs name, phone and birth date), but found as a candidate.
    let again = s.write(
        "again.csv",
        &format!(
            "{PEOPLE_HEADER}P9,420102198503024569,李四,,1985-03-02,,K1,confirmed,2020-02-04\n"
        ),
    );
    s.ok(&["registry", "import", &again]);
    let dup = s.ok(&["registry", "duplicates", "--format", "csv"]);
    assert_eq!(dup, "reference,other,matching\nP2,P9,name and birth date\n");
    let steps = s.write(
        "p9.csv",
        &format!("{STEPS_HEADER}P9,2020-02-05,moved,,designated_hospital,\n"),
    );
    let none = s.write("none.csv", PEOPLE_HEADER);
    s.ok(&["registry", "import", &none, "--steps", &steps]);
    assert_eq!(
        s.run(&["registry", "merge", "P2", "P9", "--reason", " "])
            .code,
        3,
        "a reason is required"
    );
    s.ok(&[
        "registry",
        "merge",
        "P2",
        "P9",
        "--reason",
        "同一人：出生日期与姓名一致，电话后补",
    ]);
    // One person now: counted once, admitted (P9's move joined P2's flow), with
    // the resident ID filled in from the merged record.
    let csv = s.ok(&[
        "compliance",
        "--date",
        "2020-02-06",
        "--under",
        "K1",
        "--format",
        "csv",
    ]);
    assert!(
        csv.contains("K1,一号小区,compound,2,1.0000,0.5000,,"),
        "{csv}"
    );
    assert_eq!(
        s.ok(&["registry", "duplicates", "--format", "csv"]),
        "reference,other,matching\n"
    );
    let audit = s.ok(&["audit", "--action", "registry.merge", "--format", "csv"]);
    assert!(audit.contains("同一人"), "{audit}");
    assert!(!audit.contains("李四"), "{audit}");
    // The same resident ID can no longer be entered as someone new.
    let third = s.write(
        "third.csv",
        &format!("{PEOPLE_HEADER}P10,420102198503024569,李四,,,,K2,fever,2020-02-07\n"),
    );
    let err = s.rejected(&["registry", "import", &third]);
    assert!(
        err.contains("already registered as P2 (same resident_id)"),
        "{err}"
    );
    // A merge that would break the flow is refused.
    let gone = s.write(
        "gone.csv",
        &format!("{STEPS_HEADER}P4,2020-02-05,left,,,released\n"),
    );
    s.ok(&["registry", "import", &none, "--steps", &gone]);
    let late = s.write(
        "late.csv",
        &format!("{PEOPLE_HEADER}P11,,赵六,13700002222,,,V,fever,2020-02-08\n"),
    );
    let sampled = s.write(
        "late-steps.csv",
        &format!("{STEPS_HEADER}P11,2020-02-09,sampled,,,\n"),
    );
    s.ok(&["registry", "import", &late, "--steps", &sampled]);
    let err = s.run(&["registry", "merge", "P4", "P11", "--reason", "同一人"]);
    assert_eq!(err.code, 3, "a test after P4 was released: {}", err.stderr);
    assert!(
        err.stderr.contains("the merged flow is impossible"),
        "{}",
        err.stderr
    );
}
