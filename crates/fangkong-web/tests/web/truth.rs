//! The data-truth pages and API (issue 5): validation rules on filing, quality,
//! reconciliation, completeness, burden, the audit log (which no request can
//! change) and the public page.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fangkong_domain::PublishedDay;
use serde_json::json;

use crate::support::{Fixture, day, fixture, get_as, post_form, post_json, send};

fn csrf_header(f: &Fixture) -> [(&'static str, String); 2] {
    [
        ("cookie", format!("fk_session={}", f.worker.token)),
        ("x-csrf-token", f.worker.csrf.clone()),
    ]
}

async fn file_as_worker(f: &Fixture, body: serde_json::Value) -> crate::support::Answer {
    let h = csrf_header(f);
    let headers: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_json(&f.state, "/api/v1/reports", &headers, body).await
}

#[tokio::test]
async fn validation_rules_refuse_errors_and_return_warnings_when_filing() {
    let f = fixture().await;
    let refused = file_as_worker(
        &f,
        json!({"unit": "K1", "date": "2020-03-21", "new_fever": 30, "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "reporter": "王芳"}),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(refused.json()["field"], "new_fever");
    assert!(
        refused.json()["message"].as_str().is_some_and(
            |m| m.contains("fever_cap") && m.contains("new_fever = 30 is not <= 20 = 20")
        ),
        "{}",
        refused.body
    );
    let kept = file_as_worker(
        &f,
        json!({"unit": "K1", "date": "2020-03-21", "new_suspected": 7, "new_confirmed": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"}),
    )
    .await;
    assert_eq!(kept.status, StatusCode::CREATED, "{}", kept.body);
    assert_eq!(kept.json()["warnings"][0]["rule"], "many_suspected");
}

#[tokio::test]
async fn the_quality_page_and_api_list_findings_for_the_scope() {
    let f = fixture().await;
    // Nothing yet on the day (the scan is kept per day until a report is filed).
    let before = get_as(&f.state, Some(&f.centre), "/api/v1/quality?date=2020-03-21").await;
    assert_eq!(before.json()["reports"], 0);
    // Twenty quiet days, then 40 close contacts in K2: an outlier.
    let filed = file_as_worker(
        &f,
        json!({"unit": "K2", "date": "2020-03-21", "new_close_contacts": 40, "new_confirmed": 0, "new_suspected": 0, "new_fever": 0, "reporter": "王芳"}),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let api = get_as(&f.state, Some(&f.centre), "/api/v1/quality?date=2020-03-21").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let doc = api.json();
    assert_eq!(doc["reports"], 1);
    assert_eq!(doc["findings"][0]["rule"], "outlier");
    assert_eq!(doc["findings"][0]["unit"], "K2");
    let page = get_as(&f.state, Some(&f.worker), "/quality?date=2020-03-21").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"data-rule="outlier" data-unit="K2""#),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("新增密切接触者 = 40，前期中位数 0"),
        "in Chinese: {}",
        page.body
    );
    let english = get_as(
        &f.state,
        Some(&f.worker),
        "/quality?date=2020-03-21&lang=en",
    )
    .await;
    assert!(
        english
            .body
            .contains("New close contacts = 40 against a median of 0"),
        "{}",
        english.body
    );
    // The worker's scope is M: the city's findings are not hers.
    let outside = get_as(&f.state, Some(&f.worker), "/api/v1/quality?unit=C").await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let bad = get_as(&f.state, Some(&f.centre), "/api/v1/quality?date=yesterday").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["field"], "date");
    let anonymous = get_as(&f.state, None, "/api/v1/quality").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn reconciliation_lists_every_day_and_finds_the_difference() {
    let f = fixture().await;
    let ids = f.state.store.units().await.expect("units").ids;
    let days: Vec<PublishedDay> = (1..=20)
        .map(|d| PublishedDay {
            day: day(&format!("2020-03-{d:02}")),
            new_confirmed: Some(if d == 5 { 3 } else { 0 }),
            new_suspected: None,
            new_dead: None,
            new_cured: None,
            cum_confirmed: None,
            cum_dead: None,
            cum_cured: None,
        })
        .collect();
    f.state
        .store
        .put_published(
            ids[&crate::support::code("C")],
            &days,
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("published");
    let api = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/reconcile/C?from=2020-03-01&to=2020-03-21",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let doc = api.json();
    assert_eq!(doc["days"].as_array().map(Vec::len), Some(21));
    assert_eq!(doc["summary"]["differing"], 1);
    assert_eq!(doc["summary"]["largest"], json!(["2020-03-05", -3]));
    assert_eq!(
        doc["days"][20]["reports"],
        serde_json::Value::Null,
        "03-21: not yet reported"
    );
    let page = get_as(
        &f.state,
        Some(&f.centre),
        "/reconcile/C?from=2020-03-01&to=2020-03-21&differences=1",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(r#"data-date="2020-03-05" class="notfree""#),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(r#"data-date="2020-03-06""#),
        "only the differing day"
    );
    // The same days to take away: a side without a figure is empty, not 0.
    let csv = get_as(
        &f.state,
        Some(&f.centre),
        "/reconcile.csv?unit=C&from=2020-03-05&to=2020-03-05",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let rows: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        rows[0],
        "date,reports,reporting_units,published,difference,registry,registry_difference"
    );
    let day5 = &doc["days"][4];
    assert_eq!(
        rows[1],
        format!(
            "2020-03-05,{},{},{},-3,,",
            day5["reports"], day5["reporting_units"], day5["published"]
        )
    );
    let today = get_as(
        &f.state,
        Some(&f.centre),
        "/reconcile.csv?unit=C&from=2020-03-21&to=2020-03-21",
    )
    .await;
    assert!(
        today
            .body
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("2020-03-21,,0,")),
        "{}",
        today.body
    );
    let xlsx = get_as(&f.state, Some(&f.centre), "/reconcile.xlsx?unit=C").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with("PK"), "an xlsx is a zip");
    assert!(
        !page.body.contains("四类人员登记"),
        "no registry in use: no column"
    );
    // With people in the registry, it becomes a third source on the page.
    f.state
        .store
        .registry_add(
            &[fangkong_store::NewPerson {
                reference: "P1".into(),
                resident_id: None,
                name: "张三".into(),
                phone: None,
                birth_date: None,
                address: None,
                unit_id: ids[&crate::support::code("K1")],
            }],
            &[(
                "P1".into(),
                fangkong_domain::registry::DatedStep {
                    day: day("2020-03-05"),
                    step: fangkong_domain::registry::Step::Identified {
                        category: fangkong_domain::registry::Category::Confirmed,
                    },
                },
                None,
            )],
            &[],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("registry");
    let with_registry = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/reconcile/C?from=2020-03-05&to=2020-03-05",
    )
    .await;
    assert_eq!(with_registry.json()["days"][0]["registry"], 1);
    assert_eq!(with_registry.json()["days"][0]["registry_difference"], -1);
    let page = get_as(
        &f.state,
        Some(&f.centre),
        "/reconcile/C?from=2020-03-05&to=2020-03-05",
    )
    .await;
    assert!(page.body.contains("四类人员登记新增确诊"), "{}", page.body);
    assert!(!page.body.contains("张三"), "no personal data on the page");
    let backwards = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/reconcile/C?from=2020-03-10&to=2020-03-01",
    )
    .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = get_as(&f.state, Some(&f.centre), "/api/v1/reconcile/NOPE").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_kept_page_shows_what_was_written_after_it_was_kept() {
    // Reconciliations are kept between requests (issue 20, item 7); a report
    // filed, a figure published or a person registered afterwards, by any
    // door, shows on the next request.
    let f = fixture().await;
    let ask = async || {
        get_as(
            &f.state,
            Some(&f.centre),
            "/api/v1/reconcile/C?from=2020-03-21&to=2020-03-21",
        )
        .await
        .json()["days"][0]
            .clone()
    };
    let before = ask().await;
    assert!(before["reports"].is_null(), "{before}");
    assert!(before["published"].is_null(), "{before}");
    assert_eq!(ask().await, before, "asked again: the kept answer");
    let filed = file_as_worker(
        &f,
        json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 2, "new_suspected": 0,
               "new_close_contacts": 0, "new_fever": 0, "reporter": "worker"}),
    )
    .await;
    assert!(filed.status.is_success(), "{}", filed.body);
    assert_eq!(ask().await["reports"], 2, "a report filed through the API");
    // Written to the store as the command line (another process) writes it.
    let ids = f.state.store.units().await.expect("units").ids;
    f.state
        .store
        .put_published(
            ids[&crate::support::code("C")],
            &[PublishedDay {
                day: day("2020-03-21"),
                new_confirmed: Some(5),
                new_suspected: None,
                new_dead: None,
                new_cured: None,
                cum_confirmed: None,
                cum_dead: None,
                cum_cured: None,
            }],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("published");
    let after = ask().await;
    assert_eq!(after["published"], 5, "{after}");
    assert_eq!(after["difference"], -3, "{after}");
}

#[tokio::test]
async fn completeness_shows_who_has_not_reported_and_who_answers() {
    let f = fixture().await;
    let api = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/completeness?date=2020-03-21",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let doc = api.json();
    let missing: Vec<(&str, Option<&str>)> = doc["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .map(|m| (m["code"].as_str().unwrap_or(""), m["responsible"].as_str()))
        .collect();
    assert_eq!(
        missing,
        [("K1", Some("worker")), ("K2", Some("worker")), ("V", None)]
    );
    assert_eq!(doc["levels"][0]["expected"], 3);
    assert_eq!(doc["levels"][0]["received"], 0);
    file_as_worker(
        &f,
        json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"}),
    )
    .await;
    let after = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/completeness?date=2020-03-21",
    )
    .await;
    assert_eq!(after.json()["levels"][0]["received"], 1);
    // The fixture's reports were stored now, years after their deadline: late.
    let late = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/completeness?date=2020-03-20",
    )
    .await;
    assert_eq!(late.json()["levels"][0]["on_time"], 0);
    assert_eq!(late.json()["late"].as_array().map(Vec::len), Some(3));
    let page = get_as(&f.state, Some(&f.worker), "/completeness?date=2020-03-21").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"<tr data-unit="K2">"#),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(r#"data-unit="V""#),
        "V is outside the worker's scope"
    );
    // The list to call down, taken away: who has not reported, then the late
    // ones; only what the account may read.
    let csv = get_as(
        &f.state,
        Some(&f.centre),
        "/completeness.csv?date=2020-03-20",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "date,unit_code,name,parent,status,on_duty,on_duty_phone,responsible,responsible_name,arrived_at"
    );
    assert_eq!(lines.len(), 4, "three late, none missing: {}", csv.body);
    assert!(
        lines[1].starts_with("2020-03-20,K1,一号小区,测试社区,late,,,worker,worker,"),
        "{}",
        lines[1]
    );
    let today = get_as(
        &f.state,
        Some(&f.worker),
        "/completeness.csv?date=2020-03-21",
    )
    .await;
    let codes: Vec<&str> = today
        .body
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(
        codes,
        ["K2"],
        "K1 filed; V outside her scope: {}",
        today.body
    );
    assert!(
        today.body.contains(",pending,,,worker,worker,"),
        "03-21's reports are due on 03-22 at 10:00: pending, not missing: {}",
        today.body
    );
    let xlsx = get_as(
        &f.state,
        Some(&f.centre),
        "/completeness.xlsx?date=2020-03-20",
    )
    .await;
    assert!(xlsx.body.starts_with("PK"));
}

#[tokio::test]
async fn the_burden_counts_forms_fields_changed_and_time_to_submit() {
    let f = fixture().await;
    // The form says when it was opened on the server's clock (the replayed day).
    let opened = f
        .state
        .clock
        .now()
        .checked_sub(jiff::SignedDuration::from_secs(42))
        .expect("time")
        .to_string();
    // The form was pre-filled with zeros and all six measures; the worker changes
    // the fever count and one measure: two fields.
    let mut fields = vec![
        ("csrf", f.worker.csrf.as_str()),
        ("date", "2020-03-21"),
        ("new_confirmed", "0"),
        ("new_suspected", "0"),
        ("new_close_contacts", "0"),
        ("new_fever", "1"),
        ("reporter", "王芳"),
        ("remark", ""),
        ("submission_id", "burden-1"),
        ("opened_at", opened.as_str()),
        ("prefill", "0,0,0,0,63;"),
    ];
    let measures = [
        "m_closed_management",
        "m_screening",
        "m_disinfection",
        "m_stability",
        "m_publicity",
    ];
    for m in measures {
        fields.push((m, "on"));
    }
    let sent = post_form(&f.state, Some(&f.worker), "/report/K1", &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let api = get_as(
        &f.state,
        Some(&f.worker),
        "/api/v1/burden?from=2020-03-21&to=2020-03-21",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let leaves = &api.json()["levels"][0];
    assert_eq!(leaves["forms"], 1);
    assert_eq!(leaves["timed_forms"], 1);
    assert_eq!(leaves["mean_fields_changed"], 2.0);
    let secs = leaves["median_seconds_to_submit"]
        .as_f64()
        .expect("seconds");
    assert!((42.0..120.0).contains(&secs), "{secs}");
    let page = get_as(
        &f.state,
        Some(&f.centre),
        "/burden?from=2020-03-01&to=2020-03-21",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<table id="burden">"#));
}

#[tokio::test]
async fn the_audit_log_is_readable_filtered_and_cannot_be_changed_by_any_request() {
    let f = fixture().await;
    file_as_worker(
        &f,
        json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"}),
    )
    .await;
    let api = get_as(&f.state, Some(&f.centre), "/api/v1/audit?action=report.").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let entries = api.json();
    assert_eq!(entries[0]["action"], "report.file");
    assert_eq!(entries[0]["actor"], "worker");
    assert_eq!(entries[0]["target"], "K1 2020-03-21 r1");
    let count = |v: &serde_json::Value| v.as_array().map(Vec::len).unwrap_or(0);
    let all_before = get_as(&f.state, Some(&f.centre), "/api/v1/audit?limit=1000")
        .await
        .json();
    // No method changes the log, for any role, with any credentials.
    for method in ["DELETE", "PUT", "PATCH", "POST"] {
        for uri in ["/api/v1/audit", "/api/v1/audit/1", "/audit"] {
            for who in [&f.centre, &f.worker] {
                let request = Request::builder()
                    .method(method)
                    .uri(uri)
                    .header("cookie", format!("fk_session={}", who.token))
                    .header("x-csrf-token", who.csrf.clone())
                    .body(Body::empty())
                    .expect("request");
                let answer = send(&f.state, request).await;
                assert!(
                    matches!(
                        answer.status,
                        StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND
                    ),
                    "{method} {uri}: {}",
                    answer.status
                );
            }
        }
    }
    let all_after = get_as(&f.state, Some(&f.centre), "/api/v1/audit?limit=1000")
        .await
        .json();
    assert_eq!(
        count(&all_before),
        count(&all_after),
        "nothing added, nothing removed"
    );
    assert_eq!(
        all_before[count(&all_before) - 1],
        all_after[count(&all_after) - 1],
        "the oldest entry is untouched"
    );
    // The worker may not read it; the refusal is itself in the log.
    let denied = get_as(&f.state, Some(&f.worker), "/api/v1/audit").await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let refusals = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/audit?outcome=denied&actor=worker",
    )
    .await;
    assert_eq!(refusals.json()[0]["action"], "access.read_audit");
    // The log as a file, filtered like the page; not for the worker.
    let csv = get_as(&f.state, Some(&f.centre), "/audit.csv?action=report.").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next(),
        Some("id,at,actor,action,target,outcome,old_value,new_value,reason")
    );
    let first = lines.next().unwrap_or_default();
    assert!(
        first.contains(",worker,report.file,K1 2020-03-21 r1,done,"),
        "{first}"
    );
    assert!(
        lines.all(|l| l.contains(",report.")),
        "only what the filter keeps"
    );
    let refused = get_as(&f.state, Some(&f.worker), "/audit.csv").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("report.file"));
    let page = get_as(&f.state, Some(&f.centre), "/audit?action=report.").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"data-action="report.file""#),
        "{}",
        page.body
    );
    let bad = get_as(&f.state, Some(&f.centre), "/api/v1/audit?outcome=maybe").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["field"], "outcome");
    for (query, field) in [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("before=x", "before"),
        ("since=2020-13-01", "since"),
    ] {
        let bad = get_as(&f.state, Some(&f.centre), &format!("/api/v1/audit?{query}")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(bad.json()["field"], field, "{query}");
    }
    // Paging: the next page starts below the last id shown.
    let first = get_as(&f.state, Some(&f.centre), "/audit?limit=2&action=account.").await;
    assert!(first.body.contains(r#"id="older""#), "{}", first.body);
    let older_href = first
        .body
        .split(r#"<a href=""#)
        .find_map(|part| part.split('"').next().filter(|h| h.contains("before=")))
        .expect("a link to older entries")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let second = get_as(&f.state, Some(&f.centre), &older_href).await;
    assert_eq!(second.status, StatusCode::OK);
    let ids = |body: &str| -> Vec<i64> {
        body.split(r#"<tr data-id=""#)
            .skip(1)
            .filter_map(|p| p.split('"').next()?.parse().ok())
            .collect()
    };
    let (a, b) = (ids(&first.body), ids(&second.body));
    assert_eq!(a.len(), 2);
    assert!(
        b.iter().all(|id| *id < a[1]),
        "older entries only: {a:?} then {b:?}"
    );
    // An empty or unknown language is the default, not an error.
    let lenient = get_as(&f.state, Some(&f.centre), "/audit?lang=").await;
    assert_eq!(lenient.status, StatusCode::OK);
}

#[tokio::test]
async fn the_public_page_needs_no_login_shows_no_personal_data_and_is_cacheable() {
    let f = fixture().await;
    let page = get_as(&f.state, None, "/public?date=2020-03-20").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("测试市"));
    assert!(page.body.contains(r#"data-district="D""#));
    assert!(!page.body.contains("王芳"), "no reporter's name");
    assert_eq!(page.headers["cache-control"], "public, max-age=300");
    let etag = page.headers["etag"].to_str().expect("etag").to_string();
    let again = send(
        &f.state,
        Request::builder()
            .uri("/public?date=2020-03-20")
            .header("if-none-match", &etag)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let doc = get_as(&f.state, None, "/public.json?date=2020-03-20")
        .await
        .json();
    assert_eq!(doc["unit"], "C");
    assert_eq!(
        doc["districts"][0]["units"], 2,
        "the community and the village"
    );
    let api = get_as(&f.state, None, "/api/v1/public?date=2020-03-20").await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.json(), doc);
    let csv = get_as(&f.state, None, "/public.csv?date=2020-03-20&table=free").await;
    assert!(
        csv.body
            .starts_with("date,district_code,district,code,name,kind\n"),
        "{}",
        csv.body
    );
    assert!(
        csv.headers["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/csv"))
    );
    let bad = get_as(&f.state, None, "/public.csv?table=people").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The same tables as Excel workbooks (a zip archive).
    for table in ["series", "free"] {
        let uri = format!("/public.xlsx?date=2020-03-20&table={table}");
        let book = get_as(&f.state, None, &uri).await;
        assert_eq!(book.status, StatusCode::OK, "{uri}");
        assert!(
            book.headers["content-type"]
                .to_str()
                .is_ok_and(|t| t.contains("spreadsheetml")),
            "{uri}"
        );
        assert!(book.body.starts_with("PK"), "{uri}");
    }
    let bad = get_as(&f.state, None, "/public.xlsx?table=people").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Filing a report makes the next answer fresh (the cache is cleared).
    file_as_worker(&f, json!({"unit": "K1", "date": "2020-03-20", "new_confirmed": 1, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳", "correction_reason": "补报"})).await;
    let fresh = get_as(&f.state, None, "/public?date=2020-03-20").await;
    assert_ne!(
        fresh.headers["etag"].to_str().expect("etag"),
        etag,
        "the figures changed"
    );
}

#[tokio::test]
async fn a_unit_is_found_by_its_name_among_those_the_account_reads() {
    let f = fixture().await;
    let names = |body: &serde_json::Value| -> Vec<String> {
        body["units"]
            .as_array()
            .expect("units")
            .iter()
            .map(|u| {
                format!(
                    "{} {}",
                    u["code"].as_str().unwrap_or(""),
                    u["name"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    let centre = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/units?q=%E5%B0%8F%E5%8C%BA",
    )
    .await;
    assert_eq!(centre.status, StatusCode::OK, "{}", centre.body);
    let doc = centre.json();
    assert_eq!(names(&doc), ["K1 一号小区", "K2 二号小区"], "小区");
    assert_eq!(
        doc["units"][0]["path"],
        "测试市 · 测试区 · 测试街道 · 测试社区"
    );
    let village = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/units?q=%E6%B5%8B%E8%AF%95%E6%9D%91",
    )
    .await;
    assert_eq!(names(&village.json()), ["V 测试村"]);
    let worker = get_as(
        &f.state,
        Some(&f.worker),
        "/api/v1/units?q=%E6%B5%8B%E8%AF%95%E6%9D%91",
    )
    .await;
    assert_eq!(
        names(&worker.json()),
        Vec::<String>::new(),
        "V is outside her scope"
    );
    let nothing = get_as(&f.state, Some(&f.centre), "/api/v1/units").await;
    assert_eq!(names(&nothing.json()), Vec::<String>::new());
    let anonymous = get_as(&f.state, None, "/api/v1/units?q=K").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let page = get_as(&f.state, Some(&f.centre), "/completeness?date=2020-03-21").await;
    assert!(page.body.contains(r#"list="unit-choices""#) && page.body.contains("/api/v1/units?q="));
}

#[tokio::test]
async fn the_warmer_derives_again_what_people_asked_for_once_a_write_made_it_stale() {
    use fangkong_web::page_cache::Follows;
    let f = fixture().await;
    let uri = "/reconcile/C?from=2020-03-01&to=2020-03-21";
    let key = (
        crate::support::code("C"),
        day("2020-03-01"),
        day("2020-03-21"),
    );
    let fresh = |f: &Fixture| {
        let state = f.state.clone();
        let key = key.clone();
        async move {
            let basis = state
                .reports_generation
                .basis(&state.store, Follows::ReportsAndData)
                .await
                .expect("basis");
            state.reconciliations.get(&key, basis).is_some()
        }
    };
    assert_eq!(
        get_as(&f.state, Some(&f.centre), uri).await.status,
        StatusCode::OK
    );
    assert!(fresh(&f).await, "kept by the request");
    assert_eq!(
        fangkong_web::warm::pass(&f.state).await.expect("pass"),
        0,
        "nothing stale"
    );
    // A published figure written: the kept reconciliation is stale.
    let ids = f.state.store.units().await.expect("units").ids;
    f.state
        .store
        .put_published(
            ids[&crate::support::code("C")],
            &[PublishedDay {
                day: day("2020-03-05"),
                new_confirmed: Some(9),
                new_suspected: None,
                new_dead: None,
                new_cured: None,
                cum_confirmed: None,
                cum_dead: None,
                cum_cured: None,
            }],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("published");
    assert!(!fresh(&f).await, "the write made it stale");
    let derived = fangkong_web::warm::pass(&f.state).await.expect("pass");
    assert!(derived >= 1, "{derived}");
    assert!(fresh(&f).await, "derived again without a request");
    let r = f.state.reconciliations.get(
        &key,
        f.state
            .reports_generation
            .basis(&f.state.store, Follows::ReportsAndData)
            .await
            .expect("basis"),
    );
    let r = r.expect("kept");
    let day5 = r
        .days
        .iter()
        .find(|d| d.date == day("2020-03-05"))
        .expect("03-05");
    assert_eq!(day5.published, Some(9), "with the figure written");
}
