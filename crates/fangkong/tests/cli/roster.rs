//! The roster kept by hand, the rota kept, who answers for a missing report,
//! one reminder per late report, calendars and care (issue 21).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use crate::support::{REPORT_HEADER, Sandbox};

const ROSTER: &str = "person_id,name,kind,unit_code,phone,account
s1,李下沉,sent_down_cadre,M,13912345678,
c1,王社区,community_cadre,M,13800001111,wangfang
v1,张志愿,volunteer,M,,
v2,赵志愿,volunteer,V,13700002222,
";

#[test]
fn a_person_is_added_changed_moved_and_leaves_with_their_history_kept() {
    let s = Sandbox::with_small_tree();
    let added = s.ok(&[
        "staff",
        "add",
        "s1",
        "--name",
        "李下沉",
        "--kind",
        "sent_down_cadre",
        "--unit",
        "M",
        "--phone",
        "13912345678",
        "--affiliation",
        "市财政局",
        "--skills",
        "驾驶;急救",
        "--on",
        "2020-02-01",
    ]);
    assert!(added.contains("s1: added"), "{added}");
    let twice = s.run(&[
        "staff",
        "add",
        "s1",
        "--name",
        "某",
        "--kind",
        "volunteer",
        "--unit",
        "M",
    ]);
    assert_ne!(twice.code, 0);
    assert!(
        twice.stderr.contains("person_id") && twice.stderr.contains("already"),
        "{}",
        twice.stderr
    );
    let compound = s.run(&["staff", "change", "s1", "--unit", "K1"]);
    assert_ne!(compound.code, 0);
    assert!(compound.stderr.contains("--unit"), "{}", compound.stderr);
    let no_kind = s.run(&["staff", "add", "x1", "--name", "某", "--unit", "M"]);
    assert!(no_kind.stderr.contains("--kind"), "{}", no_kind.stderr);
    let listed = s.ok(&["staff", "list", "--format", "csv"]);
    assert!(
        listed.contains("s1,李下沉,sent_down_cadre,M,测试社区,市财政局,驾驶;急救,139****5678,,,"),
        "the phone masked: {listed}"
    );
    assert!(
        s.ok(&["staff", "change", "s1", "--unit", "V", "--on", "2020-02-15"])
            .contains("changed")
    );
    assert!(
        s.ok(&["staff", "leave", "s1", "--on", "2020-03-01"])
            .contains("left on 2020-03-01")
    );
    let history = s.ok(&["staff", "history", "s1", "--format", "csv"]);
    assert_eq!(
        history,
        "person_id,unit_code,unit_name,from,until\n\
         s1,M,测试社区,2020-02-01,2020-02-15\n\
         s1,V,测试村,2020-02-15,2020-03-01\n"
    );
    // No duty from the day they left.
    let plan = s.ok(&[
        "rota",
        "plan",
        "--from",
        "2020-02-27",
        "--days",
        "4",
        "--under",
        "V",
        "--format",
        "csv",
    ]);
    assert!(
        plan.contains("2020-02-27,V,,,s1") && plan.contains("2020-02-29,V,,,s1"),
        "{plan}"
    );
    assert!(!plan.contains("2020-03-01,V,,,s1"), "{plan}");
    let unknown = s.run(&["staff", "history", "nobody"]);
    assert!(
        unknown.stderr.contains("nobody is not on the roster"),
        "{}",
        unknown.stderr
    );
}

/// A local webhook receiver: answers 200 to every POST and keeps the bodies.
fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("address"));
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&bodies);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_ok() {
                kept.lock()
                    .expect("lock")
                    .push(String::from_utf8_lossy(&body).into_owned());
            }
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    (url, bodies)
}

#[test]
fn the_kept_rota_names_who_answers_for_a_missing_report_and_a_late_one_is_reminded_once() {
    let s = Sandbox::with_small_tree();
    let roster = s.write("roster.csv", ROSTER);
    s.ok(&["staff", "import", &roster, "--on", "2020-02-01"]);
    let planned = s.run(&[
        "rota",
        "plan",
        "--from",
        "2020-02-10",
        "--days",
        "14",
        "--keep",
        "--format",
        "csv",
    ]);
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    assert!(planned.stderr.contains("kept: "), "{}", planned.stderr);
    // K1 reports on the 12th; K2 and V do not.
    let reports = s.write(
        "reports.csv",
        &format!("{REPORT_HEADER}2020-02-12,K1,0,0,0,0,true,true,true,true,true,true,甲,\n"),
    );
    s.ok(&["import", "reports", &reports]);
    let missing = s.ok(&[
        "completeness",
        "--date",
        "2020-02-12",
        "--show",
        "missing",
        "--format",
        "csv",
    ]);
    let on_12th: Vec<&str> = planned
        .stdout
        .lines()
        .filter(|l| l.starts_with("2020-02-12,M,"))
        .collect();
    assert_eq!(on_12th.len(), 2, "{}", planned.stdout);
    let k2 = missing
        .lines()
        .find(|l| l.starts_with("K2,"))
        .expect("K2 missing");
    for line in &on_12th {
        let name = line.split(',').nth(5).expect("name");
        assert!(k2.contains(name), "{name} answers for K2: {k2}");
    }
    assert!(k2.contains("****"), "phones masked: {k2}");

    let (url, bodies) = receiver();
    let first = s.ok(&[
        "reminders",
        "run",
        "--date",
        "2020-02-12",
        "--webhook",
        &url,
    ]);
    // K2 (two on duty in M) and V (v2 alone in the village).
    assert!(
        first.contains("2 reports late") && first.contains("3 reminders new"),
        "{first}"
    );
    assert!(first.contains("sent 3, failed 0"), "{first}");
    let again = s.ok(&[
        "reminders",
        "run",
        "--date",
        "2020-02-12",
        "--webhook",
        &url,
    ]);
    assert!(
        again.contains("0 reminders new") && again.contains("sent 0"),
        "never twice: {again}"
    );
    let got = bodies.lock().expect("lock").clone();
    assert_eq!(got.len(), 3, "{got:?}");
    let json: serde_json::Value = serde_json::from_str(&got[0]).expect("JSON");
    assert_eq!(json["kind"], "report_late");
    assert_eq!(json["day"], "2020-02-12");
    assert!(
        json["body"]
            .as_str()
            .is_some_and(|b| b.contains("2020-02-12")),
        "{json}"
    );
    let listed = s.ok(&["reminders", "list", "--format", "csv"]);
    assert_eq!(listed.lines().count(), 4, "{listed}");
    assert!(listed.contains(",webhook,1,"), "{listed}");
    // A report not yet due is not reminded.
    let future = s.ok(&["reminders", "run", "--date", "2099-01-01"]);
    assert!(future.contains("0 reports late"), "{future}");
}

#[test]
fn a_plan_adjusted_by_hand_is_kept_only_if_it_keeps_the_rules_and_calendars_follow_it() {
    let s = Sandbox::with_small_tree();
    let roster = s.write("roster.csv", ROSTER);
    s.ok(&["staff", "import", &roster]);
    let planned = s.ok(&[
        "rota",
        "plan",
        "--from",
        "2020-02-10",
        "--days",
        "7",
        "--under",
        "M",
        "--format",
        "csv",
    ]);
    // v1 on every day of the week: seven running, over the limit of six.
    let mut broken = planned.clone();
    for d in 10..=16 {
        let line = format!("2020-02-{d},M,,,v1,张志愿,volunteer\n");
        if !broken.contains(&line) {
            broken.push_str(&line);
        }
    }
    let bad = s.write("bad.csv", &broken);
    let refused = s.run(&["rota", "keep", "--plan", &bad]);
    assert_ne!(refused.code, 0);
    assert!(
        refused
            .stdout
            .contains("v1 (张志愿) is on duty more than 6 days running"),
        "{}",
        refused.stdout
    );
    assert!(
        refused.stderr.contains("nothing was kept"),
        "{}",
        refused.stderr
    );
    let good = s.write("good.csv", &planned);
    let kept = s.ok(&["rota", "keep", "--plan", &good]);
    assert!(
        kept.contains("kept from 2020-02-10 through 2020-02-16 in 1 units"),
        "{kept}"
    );
    let dir = s.dir().join("calendars");
    let dir = dir.to_str().expect("path");
    let written = s.ok(&[
        "rota",
        "calendars",
        "--from",
        "2020-02-10",
        "--days",
        "7",
        "--dir",
        dir,
    ]);
    assert!(
        written.contains("3 calendars written"),
        "s1, c1, v1: {written}"
    );
    let ics = std::fs::read_to_string(format!("{dir}/s1.ics")).expect("s1.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20200210\r\n"), "{ics}");
    assert!(ics.contains("SUMMARY:值班：测试社区（M-P1 A岗）"), "{ics}");
    let events = ics.matches("BEGIN:VEVENT").count();
    let days = planned.lines().filter(|l| l.contains(",s1,")).count();
    assert_eq!(events, days);
}

#[test]
fn care_is_recorded_whole_or_refused_and_summed_per_district() {
    let s = Sandbox::with_small_tree();
    let roster = s.write("roster.csv", ROSTER);
    s.ok(&["staff", "import", &roster]);
    let bad = s.write(
        "bad.csv",
        "person_id,date,kind,amount,note\nc1,2020-02-20,rest,2,轮休\nx9,2020-02-20,holiday,two,\n",
    );
    let refused = s.run(&["care", "import", &bad]);
    assert_ne!(refused.code, 0);
    for field in [
        "bad.csv:3: field person_id",
        "bad.csv:3: field kind",
        "bad.csv:3: field amount",
    ] {
        assert!(
            refused.stderr.contains(field),
            "{field}: {}",
            refused.stderr
        );
    }
    let good = s.write(
        "good.csv",
        "person_id,date,kind,amount,note\nc1,2020-02-20,rest,2,轮休\nv2,2020-02-21,rest,1,\nc1,2020-02-27,rest,1,\ns1,2020-02-10,insurance,,\n",
    );
    assert!(
        s.ok(&["care", "import", &good])
            .contains("4 care records added")
    );
    let summary = s.ok(&["care", "summary", "--format", "csv"]);
    assert!(summary.contains("D,测试区,rest,3,2,4\n"), "{summary}");
    assert!(
        summary.contains("D,测试区,insurance,1,1,\n"),
        "no amount is empty: {summary}"
    );
}

#[test]
fn a_pair_made_by_hand_is_kept_and_a_label_held_by_one_is_refused() {
    let s = Sandbox::with_small_tree();
    let odd = s.write(
        "odd.csv",
        "person_id,name,kind,unit_code,pair\ns1,李下沉,sent_down_cadre,M,甲\nc1,王社区,community_cadre,M,\n",
    );
    let refused = s.run(&["staff", "import", &odd]);
    assert_ne!(refused.code, 0);
    assert!(
        refused
            .stderr
            .contains("odd.csv:2: field pair: pair '甲' of M is held by 1 people"),
        "{}",
        refused.stderr
    );
    let roster = s.write(
        "roster.csv",
        "person_id,name,kind,unit_code,pair\ns1,李下沉,sent_down_cadre,M,甲\nc1,王社区,community_cadre,M,\nv1,张志愿,volunteer,M,甲\n",
    );
    s.ok(&["staff", "import", &roster]);
    let plan = s.ok(&[
        "rota",
        "plan",
        "--from",
        "2020-02-10",
        "--days",
        "2",
        "--under",
        "M",
        "--format",
        "csv",
    ]);
    assert!(
        plan.contains("2020-02-10,M,M-甲,A,s1,李下沉"),
        "by hand: {plan}"
    );
    assert!(plan.contains("2020-02-11,M,M-甲,B,v1,张志愿"), "{plan}");
    assert!(
        !plan.contains("M-P1"),
        "c1 has no sent-down cadre left to pair with: {plan}"
    );
    // Unpaired by hand: the rule pairs s1 with c1 again.
    s.ok(&["staff", "change", "s1", "--pair", "-"]);
    s.ok(&["staff", "change", "v1", "--pair", "-"]);
    let plan = s.ok(&[
        "rota",
        "plan",
        "--from",
        "2020-02-10",
        "--days",
        "1",
        "--under",
        "M",
        "--format",
        "csv",
    ]);
    assert!(plan.contains("2020-02-10,M,M-P1,A,s1,李下沉"), "{plan}");
}
