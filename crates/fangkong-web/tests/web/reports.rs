//! Filing and correcting reports through the form and the API: the form's
//! defaults, errors beside their field, corrections with reasons, a form sent
//! twice recorded once, and the figures changing at once.

use axum::http::StatusCode;
use fangkong_store::AuditFilter;
use serde_json::json;

use crate::support::{Fixture, code, day, fixture, get, get_as, post_form, post_json, token};

fn form<'a>(
    f: &'a Fixture,
    confirmed: &'a str,
    submission: &'a str,
    reason: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut v = vec![
        ("csrf", f.worker.csrf.as_str()),
        ("submission_id", submission),
        ("date", "2020-03-21"),
        ("new_confirmed", confirmed),
        ("new_suspected", "0"),
        ("new_close_contacts", "0"),
        ("new_fever", "0"),
        ("reporter", "王芳"),
        ("remark", ""),
        ("reason", reason),
    ];
    // All six measures in place (a checkbox is sent only when ticked).
    v.extend(
        [
            "m_closed_management",
            "m_screening",
            "m_disinfection",
            "m_supplies",
            "m_stability",
            "m_publicity",
        ]
        .map(|name| (name, "on")),
    );
    v
}

async fn received(f: &Fixture) -> i64 {
    let (status, body) = get(f, "/api/v1/status?date=2020-03-21").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).expect("json")["reports_received"]
        .as_i64()
        .expect("count")
}

#[tokio::test]
async fn the_worker_sees_only_their_units_with_today_s_state() {
    let f = fixture().await;
    let a = get_as(&f.state, Some(&f.worker), "/report").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("/report/K1?date=2020-03-21")
            && a.body.contains("/report/K2?date=2020-03-21")
    );
    assert!(!a.body.contains("/report/V"), "V is not the worker's");
    assert!(
        a.body
            .contains(r#"<p id="own-progress"><strong>0</strong> / 2"#),
        "{}",
        a.body
    );
    let a = get_as(&f.state, Some(&f.worker), "/report?date=2020-03-20").await;
    assert!(a.body.contains(r#"<strong>2</strong> / 2"#));
}

#[tokio::test]
async fn the_form_starts_at_zero_with_yesterday_s_measures_and_fits_a_phone() {
    let f = fixture().await;
    let a = get_as(&f.state, Some(&f.worker), "/report/K1").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        a.body.matches(r#"value="0" required"#).count(),
        4,
        "four counts at zero"
    );
    assert_eq!(
        a.body.matches(" checked>").count(),
        6,
        "yesterday's six measures"
    );
    assert!(
        a.body
            .contains(r#"name="viewport" content="width=device-width"#)
    );
    assert!(
        !a.body.contains(r#"name="reason""#),
        "a first report asks no reason"
    );
    assert!(
        a.body.contains(r#"name="submission_id" value=""#) && a.body.contains("b.disabled = true")
    );
}

#[tokio::test]
async fn a_report_is_filed_once_counted_at_once_and_corrected_with_a_reason() {
    let f = fixture().await;
    assert_eq!(received(&f).await, 0);
    let a = post_form(
        &f.state,
        Some(&f.worker),
        "/report/K1",
        &form(&f, "0", "sub-1", ""),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let to = a.headers["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(to.contains("done=K1&rev=1&repeated=0"), "{to}");
    assert_eq!(
        received(&f).await,
        1,
        "the dashboard's figures changed at once"
    );
    let list = get_as(&f.state, Some(&f.worker), &to).await;
    assert!(list.body.contains(r#"id="notice""#) && list.body.contains("已记录"));

    // The same form sent again (a slow connection): recorded once.
    let again = post_form(
        &f.state,
        Some(&f.worker),
        "/report/K1",
        &form(&f, "0", "sub-1", ""),
    )
    .await;
    assert!(
        again.headers["location"]
            .to_str()
            .expect("location")
            .contains("rev=1&repeated=1")
    );
    let history = f
        .state
        .store
        .report_history(&code("K1"), day("2020-03-21"))
        .await
        .expect("history");
    assert_eq!(history.len(), 1);

    // A second report of the day without a reason is refused beside the reason.
    let dup = post_form(
        &f.state,
        Some(&f.worker),
        "/report/K1",
        &form(&f, "1", "sub-2", ""),
    )
    .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dup.body.contains(r#"id="error-reason""#) && dup.body.contains(r#"name="reason""#),
        "{}",
        dup.body
    );
    // With one, it is revision 2, and K1 (a new case) takes M off the list.
    let (_, before) = get(&f, "/api/v1/units/M?date=2020-03-21").await;
    let fixed = post_form(
        &f.state,
        Some(&f.worker),
        "/report/K1",
        &form(&f, "1", "sub-3", "录入时漏报一例"),
    )
    .await;
    assert!(
        fixed.headers["location"]
            .to_str()
            .expect("location")
            .contains("rev=2"),
        "{}",
        fixed.body
    );
    let (_, after) = get(&f, "/api/v1/units/M?date=2020-03-21").await;
    assert_ne!(before, after);
    assert!(
        after.contains("new case or contact on 2020-03-21"),
        "{after}"
    );
    let audit = f
        .state
        .store
        .audit_entries(&AuditFilter {
            action: Some("report.".into()),
            ..AuditFilter::default()
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].action, "report.correct");
    assert_eq!(audit[0].reason.as_deref(), Some("录入时漏报一例"));
    assert_eq!(audit[0].old_value.as_deref(), Some("new_confirmed=0"));
    assert_eq!(audit[0].new_value.as_deref(), Some("new_confirmed=1"));
    assert_eq!(audit[0].actor.as_deref(), Some("worker"));
}

#[tokio::test]
async fn errors_show_beside_their_field_and_nothing_is_filed() {
    let f = fixture().await;
    let mut fields = form(&f, "-3", "sub-x", "");
    fields.retain(|(k, _)| *k != "reporter");
    fields.push(("reporter", " "));
    fields.retain(|(k, _)| *k != "date");
    fields.push(("date", "2020-03-22"));
    let a = post_form(&f.state, Some(&f.worker), "/report/K1", &fields).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains(r#"id="error-new_confirmed""#), "{}", a.body);
    let a = post_form(&f.state, Some(&f.worker), "/report/K1", &{
        let mut v = form(&f, "0", "sub-y", "");
        v.retain(|(k, _)| *k != "date" && *k != "reporter");
        v.push(("date", "2020-03-22"));
        v.push(("reporter", " "));
        v
    })
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        a.body.contains(r#"id="error-date""#) && a.body.contains(r#"id="error-reporter""#),
        "{}",
        a.body
    );
    assert_eq!(received(&f).await, 0);
}

#[tokio::test]
async fn machine_clients_file_and_correct_with_a_bearer_token() {
    let f = fixture().await;
    let token = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {token}");
    let headers = [("authorization", auth.as_str())];
    let body = json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 1, "in_place": ["closed_management", "screening"], "reporter": "王芳", "submission_id": "api-1"});
    let a = post_json(&f.state, "/api/v1/reports", &headers, body.clone()).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(
        a.json(),
        json!({"unit": "K2", "date": "2020-03-21", "revision": 1, "status": "recorded", "warnings": []})
    );
    let again = post_json(&f.state, "/api/v1/reports", &headers, body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["status"], "repeated");
    let dup = post_json(
        &f.state,
        "/api/v1/reports",
        &headers,
        json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 1, "reporter": "王芳"}),
    )
    .await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.body);
    assert_eq!(dup.json()["field"], "reason");
    let fix = post_json(
        &f.state,
        "/api/v1/reports",
        &headers,
        json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳", "correction_reason": "发热者已排除"}),
    )
    .await;
    assert_eq!(fix.status, StatusCode::CREATED, "{}", fix.body);
    assert_eq!(fix.json()["revision"], 2);
    let bad = post_json(
        &f.state,
        "/api/v1/reports",
        &headers,
        json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "reporter": "x", "new_fever": -1}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["field"], "new_fever");
    let unknown = post_json(
        &f.state,
        "/api/v1/reports",
        &headers,
        json!({"unit": "NOPE", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "x"}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["field"], "unit");
    let future = post_json(
        &f.state,
        "/api/v1/reports",
        &headers,
        json!({"unit": "K2", "date": "2020-03-30", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "x"}),
    )
    .await;
    assert_eq!(future.json()["field"], "date");

    let revisions = get_as(&f.state, Some(&f.worker), "/api/v1/reports/K2/2020-03-21").await;
    let v = revisions.json();
    assert_eq!(v.as_array().expect("list").len(), 2);
    assert_eq!(v[1]["reason"], "发热者已排除");
    assert_eq!(v[0]["in_place"], json!(["closed_management", "screening"]));
}

#[tokio::test]
async fn the_openapi_document_describes_filing_and_its_security() {
    let f = fixture().await;
    let doc = get_as(&f.state, None, "/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/reports"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/reports/{code}/{date}"]["get"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(doc["components"]["schemas"]["ReportRequest"].is_object());
}

#[tokio::test]
async fn a_count_left_out_or_cleared_is_unknown_and_refused_never_zero() {
    // See: issue 16, SPEC §2 (a worker who clears a field means "I don't know").
    let f = fixture().await;
    let token = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {token}");
    let without_fever = json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 0,
        "new_suspected": 0, "new_close_contacts": 0, "reporter": "王芳"});
    let a = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", &auth)],
        without_fever,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["field"], "new_fever");
    let null = json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": null,
        "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"});
    let a = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", &auth)],
        null,
    )
    .await;
    assert_eq!(a.json()["field"], "new_confirmed", "{}", a.body);
    // The form: a cleared count comes back refused beside its field.
    let mut fields = form(&f, "", "cleared-1", "");
    fields.retain(|(k, _)| *k != "remark");
    let page = post_form(&f.state, Some(&f.worker), "/report/K1", &fields).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert_eq!(received(&f).await, 0, "nothing was filed");
}

#[tokio::test]
async fn a_report_and_its_audit_line_are_recorded_on_the_servers_one_clock() {
    // See: issue 16 (on the replayed demo, a report filed on its "today" was
    // stamped with the machine's year and read as late).
    let f = fixture().await;
    let token = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {token}");
    let body = json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0,
        "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"});
    let a = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", &auth)],
        body,
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let revisions = get_as(&f.state, Some(&f.worker), "/api/v1/reports/K1/2020-03-21").await;
    let at = revisions.json()[0]["recorded_at"]
        .as_str()
        .expect("recorded_at")
        .to_string();
    assert!(
        at.starts_with("2020-03-21T") && at.ends_with("+08:00") && at.len() == 25,
        "{at}"
    );
    let audit = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/audit?action=report.file",
    )
    .await;
    let at = audit.json()[0]["at"].as_str().expect("at").to_string();
    assert!(
        at.starts_with("2020-03-21T") && at.ends_with("+08:00"),
        "{at}"
    );
    // On time: filed on its own day, long before the next morning's deadline.
    let c = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/completeness?date=2020-03-21",
    )
    .await;
    assert_eq!(c.json()["levels"][0]["on_time"], 1, "{}", c.body);
}

#[tokio::test]
async fn cases_marked_as_backlog_count_in_the_figures_but_not_in_the_trend_at_any_level() {
    // See: issue 16 (the city's revision was left out of its trend but counted
    // as new cases in the district whose reports carried it).
    let f = fixture().await;
    let token = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {token}");
    let report = |confirmed: u32, backlog: u32| {
        json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": confirmed, "new_suspected": 0,
               "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳", "backlog": backlog})
    };
    let above = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", &auth)],
        report(2, 3),
    )
    .await;
    assert_eq!(
        above.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        above.body
    );
    assert_eq!(above.json()["field"], "backlog");
    let filed = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", &auth)],
        report(40, 40),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    // The community's trend (the sum of its reports): 40 in the figures, 0 in
    // the trend, and a marker saying why.
    let (_, page) = get(&f, "/units/M?date=2020-03-21").await;
    assert!(page.contains("2020-03-21：40（计入走势 0）"), "{page}");
    assert!(page.contains("报告标为积压的 40 例"), "{page}");
    let (_, page) = get(&f, "/units/M?date=2020-03-21&lang=en").await;
    assert!(page.contains("2020-03-21: 40 (0 in the trend)"), "{page}");
    assert!(
        page.contains("40 cases of earlier days, marked as backlog in the reports"),
        "{page}"
    );
}
