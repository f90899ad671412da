//! The demo database: real divisions and series, synthetic compounds and reports
//! whose city-wide sum follows the real series (issue #2).

use crate::support::Sandbox;

#[test]
fn the_demo_builds_a_complete_database_whose_reports_add_up_to_the_published_series() {
    let s = Sandbox::new();
    let out = s.ok(&["demo", "--seed", "7"]);
    assert!(out.contains("demo database"), "{out}");

    let units = s.ok(&["units", "--kind", "compound", "--format", "csv"]);
    let compounds = units.lines().count() - 1;
    assert!(
        (6_500..=7_600).contains(&compounds),
        "{compounds} compounds"
    );
    assert!(
        units.lines().skip(1).all(|l| l.contains("（合成）")),
        "compounds are marked synthetic"
    );

    // The city-wide sum of new confirmed equals the published figure, day by day.
    let published: serde_json::Value =
        serde_json::from_str(&s.ok(&["published", "420100000000", "--format", "json"]))
            .expect("json");
    for day in [
        "2020-01-20",
        "2020-02-12",
        "2020-03-06",
        "2020-04-16",
        "2020-04-30",
    ] {
        let rows: serde_json::Value = serde_json::from_str(
            &s.ok(&["reports", "--from", day, "--to", day, "--format", "json"]),
        )
        .expect("json");
        let rows = rows.as_array().expect("array");
        let sum: i64 = rows
            .iter()
            .map(|r| r["new_confirmed"].as_i64().expect("n"))
            .sum();
        let expected = published
            .as_array()
            .expect("array")
            .iter()
            .find(|d| d["date"] == day)
            .and_then(|d| d["new_confirmed"].as_i64())
            .expect("published");
        assert_eq!(sum, expected, "{day}");
        assert!(
            rows.len() > 8_500,
            "almost every reporting unit reported on {day}"
        );
    }

    // The engine agrees with the straightforward SQL answer on every unit, on a
    // day in the thick of it and on the calibration day.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for day in ["2020-02-20", "2020-03-06"] {
        let engine: serde_json::Value =
            serde_json::from_str(&s.ok(&["status", "--date", day, "--units", "--format", "json"]))
                .expect("json");
        let mut by_engine: Vec<(String, bool)> = engine
            .as_array()
            .expect("array")
            .iter()
            .map(|r| {
                (
                    r["code"].as_str().expect("code").to_string(),
                    r["epidemic_free"].as_bool().expect("bool"),
                )
            })
            .collect();
        by_engine.sort();
        let by_sql = rt.block_on(async {
            let store = fangkong_store::Store::open(&s.db_path())
                .await
                .expect("open");
            let rows = store
                .epidemic_free_by_sql(fangkong_domain::Day::parse(day).expect("day"), 14)
                .await
                .expect("sql");
            store.close().await;
            rows
        });
        assert_eq!(by_engine.len(), by_sql.len(), "{day}");
        assert_eq!(by_engine, by_sql, "{day}");
        assert!(
            by_sql.iter().any(|(_, free)| *free),
            "some unit is free on {day}"
        );
    }

    // Data truth on the demo: the city-wide sum agrees with the published series
    // by construction; the planted copier is found; the worker's compounds are
    // missing on the last day with her named; the burden is one form a day.
    let rec: serde_json::Value = serde_json::from_str(&s.ok(&[
        "reconcile",
        "420100000000",
        "--from",
        "2020-01-20",
        "--to",
        "2020-04-30",
        "--format",
        "json",
    ]))
    .expect("json");
    assert_eq!(rec["summary"]["compared"], 102);
    assert_eq!(rec["summary"]["differing"], 0);
    let quality = s.ok(&["quality", "--date", "2020-02-21", "--format", "csv"]);
    assert!(
        quality
            .lines()
            .any(|l| l.starts_with("warning,copied_report,420102")
                && l.contains("一切正常")
                && l.contains("for 14 days running since 2020-02-08")),
        "{quality}"
    );
    let missing = s.ok(&[
        "completeness",
        "--date",
        "2020-04-30",
        "--show",
        "missing",
        "--format",
        "csv",
    ]);
    let worker_rows = missing
        .lines()
        .filter(|l| l.starts_with("420102002003-") && l.contains(",wangfang,王芳,"))
        .count();
    assert!(worker_rows >= 1, "{missing}");
    let burden: serde_json::Value = serde_json::from_str(&s.ok(&[
        "burden",
        "--from",
        "2020-04-17",
        "--to",
        "2020-04-30",
        "--format",
        "json",
    ]))
    .expect("json");
    let leaves = &burden["levels"][0];
    assert_eq!(leaves["forms_per_unit_day"], 1.0);
    let secs = leaves["median_seconds_to_submit"].as_f64().expect("timed");
    assert!((20.0..=300.0).contains(&secs), "{secs}");

    // The synthetic registry of Jiang'an agrees with its reports day by day, and
    // its admissions fit the synthetic beds.
    let rec: serde_json::Value = serde_json::from_str(&s.ok(&[
        "reconcile",
        "420102000000",
        "--from",
        "2020-01-25",
        "--to",
        "2020-03-15",
        "--format",
        "json",
    ]))
    .expect("json");
    for d in rec["days"].as_array().expect("days") {
        assert_eq!(d["registry_difference"], 0, "{d}");
    }
    let four = s.ok(&[
        "compliance",
        "--date",
        "2020-02-20",
        "--under",
        "420102000000",
        "--format",
        "csv",
    ]);
    let district = four.lines().nth(1).expect("the district's row");
    assert!(
        district.starts_with("420102000000,江岸区,district,"),
        "{district}"
    );
    assert!(!district.ends_with(",,,,"), "the ratios apply: {district}");
    // A suspected case becomes confirmed and is admitted against real beds; a
    // close contact goes from identification to release.
    let people = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(async {
            let store = fangkong_store::Store::open(&s.db_path())
                .await
                .expect("open");
            let people = store.registry_people().await.expect("registry");
            store.close().await;
            people
        });
    let case = people
        .iter()
        .find(|(p, _)| {
            p.steps.first().map(|s| s.step)
                == Some(fangkong_domain::registry::Step::Identified {
                    category: fangkong_domain::registry::Category::Suspected,
                })
        })
        .map(|(p, _)| s.ok(&["registry", "show", &p.reference, "--format", "csv"]))
        .expect("a suspected case in the demo");
    let steps: Vec<String> = case
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(steps[0].split(',').nth(2), Some("suspected"), "{case}");
    assert!(steps[1].ends_with("moved,,isolation_site"), "{case}");
    assert!(steps[3].ends_with("recategorised,confirmed,"), "{case}");
    assert!(
        case.lines()
            .nth(5)
            .is_some_and(|l| l.contains("hospital,,JA-")),
        "then admitted to a facility: {case}"
    );
    use fangkong_domain::registry::{Category, Exit, Step};
    let contact = people
        .iter()
        .find(|(p, _)| {
            p.steps.first().map(|s| s.step)
                == Some(Step::Identified {
                    category: Category::CloseContact,
                })
                && p.steps.last().map(|s| s.step)
                    == Some(Step::Left {
                        exit: Exit::Released,
                    })
        })
        .map(|(p, _)| s.ok(&["registry", "show", &p.reference, "--format", "csv"]))
        .expect("a contact released");
    assert!(
        contact.contains(",sampled,") && contact.trim_end().ends_with(",left,,,released,,"),
        "{contact}"
    );

    for day in ["2020-02-10", "2020-02-20", "2020-03-01"] {
        let board = s.ok(&["facilities", "board", "--date", day, "--format", "csv"]);
        assert_eq!(board.lines().count(), 5, "{board}");
        assert!(
            !board.contains(",-"),
            "no facility over its beds on {day}: {board}"
        );
    }

    // Rt on the real Wuhan series: the figures of an independent computation of
    // EpiEstim's method (scripts/rt-reference.py on the published series with
    // the 2020-04-16 revision left out), to the six decimals printed.
    let rt = s.ok(&["rt", "420100000000", "--format", "csv"]);
    assert!(
        rt.starts_with("window_start,window_end,mean,median,q025,q975,sd,cases,"),
        "{rt}"
    );
    for (window, values) in [
        (
            "2020-01-12,2020-01-18,",
            "38.593232,38.434528,30.648597,47.439622",
        ),
        (
            "2020-01-23,2020-01-29,",
            "2.833215,2.832701,2.705121,2.964230",
        ),
        (
            "2020-02-12,2020-02-18,",
            "1.166914,1.166898,1.152451,1.181465",
        ),
        (
            "2020-03-10,2020-03-16,",
            "0.107399,0.106505,0.076727,0.143147",
        ),
    ] {
        let line = rt
            .lines()
            .find(|l| l.starts_with(window))
            .unwrap_or_else(|| panic!("no window {window}: {rt}"));
        assert!(line.contains(values), "{line}");
    }
    let late = rt.lines().last().expect("a last window");
    assert!(
        late.contains(",true,false,"),
        "April's few cases are flagged: {late}"
    );

    // The synthetic stream of appeals: every category, promises kept and
    // broken, and the planted surge of supplies appeals found by the alerts.
    let stats = s.ok(&[
        "appeals",
        "stats",
        "--at",
        "2020-04-30 23:59",
        "--format",
        "csv",
    ]);
    assert_eq!(
        stats.lines().count(),
        9,
        "a header and eight categories: {stats}"
    );
    let alerts = s.ok(&["alerts", "--date", "2020-03-10", "--format", "csv"]);
    assert!(
        alerts
            .lines()
            .any(|l| l.starts_with("appeal_surge,medium,supplies,,生活物资供应,")),
        "{alerts}"
    );

    let again = s.run(&["demo"]);
    assert_eq!(
        again.code, 1,
        "an existing database is not replaced without --force"
    );
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
}

#[test]
fn the_same_seed_builds_the_same_reports() {
    let a = Sandbox::new();
    let b = Sandbox::new();
    a.ok(&["demo", "--seed", "11"]);
    b.ok(&["demo", "--seed", "11"]);
    let day = [
        "reports",
        "--from",
        "2020-02-20",
        "--to",
        "2020-02-20",
        "--format",
        "csv",
    ];
    assert_eq!(a.ok(&day), b.ok(&day));
    assert_eq!(
        a.ok(&["units", "--format", "csv"]),
        b.ok(&["units", "--format", "csv"])
    );
}
