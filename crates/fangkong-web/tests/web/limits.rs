//! The limits every channel shares (issue 15), through the web: a day before
//! the epidemic, a NUL byte, a unit code that is a path, a dispute with 10,000
//! parties, a body over the limit, a query string that does not parse; every
//! one refused with the API's JSON error naming the field, nothing written.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

use crate::support::{fixture, get_as, post_json, send, token};

async fn bearer(f: &crate::support::Fixture, name: &str) -> String {
    format!(
        "Bearer {}",
        token(&f.state, name, jiff::SignedDuration::from_hours(1)).await
    )
}

fn report(unit: &str, date: &str, reporter: &str, remark: &str) -> serde_json::Value {
    json!({"unit": unit, "date": date, "new_confirmed": 0, "new_suspected": 0,
           "new_close_contacts": 0, "new_fever": 0, "in_place": [], "reporter": reporter,
           "remark": remark})
}

#[tokio::test]
async fn a_report_out_of_bounds_is_refused_by_field() {
    let f = fixture().await;
    let auth = bearer(&f, "worker").await;
    let h = [("authorization", auth.as_str())];
    for (body, field) in [
        (report("K1", "1900-01-01", "王芳", ""), "date"),
        (report("K1", "2020-03-21", "王\u{0}芳", ""), "reporter"),
        (
            report("K1", "2020-03-21", "王芳", &"备".repeat(501)),
            "remark",
        ),
        (report("../../etc/passwd", "2020-03-21", "王芳", ""), "unit"),
    ] {
        let a = post_json(&f.state, "/api/v1/reports", &h, body).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            a.body
        );
        assert_eq!(a.json()["field"], field, "{}", a.body);
    }
    // Nothing was filed for K1 on the 21st.
    let revisions = get_as(&f.state, Some(&f.worker), "/api/v1/reports/K1/2020-03-21").await;
    assert_eq!(revisions.json(), json!([]), "{}", revisions.body);
    let path = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/units/..%2F..%2Fetc%2Fpasswd",
    )
    .await;
    assert_eq!(
        path.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        path.body
    );
}

#[tokio::test]
async fn an_appeal_or_a_dispute_out_of_bounds_is_refused_by_json_path() {
    let f = fixture().await;
    let hotline = bearer(&f, "hotline").await;
    let a = post_json(
        &f.state,
        "/api/v1/appeals",
        &[("authorization", &hotline)],
        json!({"appeals": [
            {"text": "菜送不到", "name": "王".repeat(51)},
            {"text": "药\u{0}吃完了"}
        ]}),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let doc = a.json();
    let paths: Vec<&str> = doc["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["path"].as_str())
        .map(|p| if p.ends_with("name") { "name" } else { p })
        .collect();
    assert!(
        paths.contains(&"name") && paths.contains(&"$.appeals[1].text"),
        "{}",
        a.body
    );
    let worker = bearer(&f, "worker").await;
    let parties: Vec<_> = (0..10_000)
        .map(|i| json!({"name": format!("当事人{i}")}))
        .collect();
    let d = post_json(
        &f.state,
        "/api/v1/disputes",
        &[("authorization", &worker)],
        json!({"unit": "M", "kind": "neighbours", "summary": "噪音", "parties": parties}),
    )
    .await;
    assert_eq!(d.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", d.body);
    assert!(d.body.contains("at most 20 parties"), "{}", d.body);
    let register = get_as(&f.state, Some(&f.worker), "/api/v1/disputes").await;
    assert_eq!(register.json()["disputes"], json!([]), "nothing recorded");
}

#[tokio::test]
async fn a_body_over_the_limit_and_a_bad_query_string_answer_in_json() {
    let f = fixture().await;
    let mut state = f.state.clone();
    let mut rules = (*state.rules).clone();
    rules.limits.request_bytes = 1000;
    state.rules = Arc::new(rules);
    let auth = bearer(&f, "worker").await;
    let big = report("K1", "2020-03-21", "王芳", &"x".repeat(2000));
    let a = post_json(&state, "/api/v1/reports", &[("authorization", &auth)], big).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
    assert_eq!(a.json()["code"], "too_large");
    let q = get_as(&f.state, Some(&f.centre), "/api/v1/rt/C?window=abc").await;
    assert_eq!(q.status, StatusCode::BAD_REQUEST, "{}", q.body);
    assert_eq!(q.json()["code"], "bad_request");
    let zh = send(
        &f.state,
        Request::builder()
            .uri("/api/v1/rt/C?window=abc")
            .header("cookie", format!("fk_session={}", f.centre.token))
            .header("accept-language", "zh-CN,zh;q=0.9")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(
        zh.json()["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("无法读取请求")),
        "{}",
        zh.body
    );
    // The Rt parameters that closed the connection are refused.
    for query in [
        "si_mean=1e308",
        "si_mean=NaN",
        "si_sd=0",
        "window=0",
        "window=100000",
    ] {
        let r = get_as(&f.state, Some(&f.centre), &format!("/api/v1/rt/C?{query}")).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            r.body
        );
    }
}
