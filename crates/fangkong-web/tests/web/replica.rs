//! A server on a read-only replica of the database: readers are served,
//! every change at every door is refused in the door's own format before
//! anything is read, and reports filed through the primary's server show.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fangkong_store::{Store, StoreError};
use fangkong_web::AppState;
use fangkong_web::state::Clock;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_server_on_a_replica_serves_readers_and_refuses_every_change() {
    let f = fixture().await;
    let location = f.state.store.location().expect("location").clone();
    let replica = match Store::connect_replica(&location).await {
        Ok(store) => store,
        Err(StoreError::Unsupported(why)) => {
            // A SQLite file has no replica: said, not served.
            assert!(matches!(location, fangkong_store::Location::Sqlite(_)));
            assert!(why.contains("PostgreSQL"), "{why}");
            return;
        }
        Err(e) => panic!("replica: {e}"),
    };
    // A primary stands in for the standby here (scripts/replica-test.sh runs
    // a real one): what is tested is the server's read-only mode.
    assert!(replica.is_replica());
    let r = AppState::load(replica, toml_free_rules(), Clock::Fixed(day("2020-03-21")))
        .await
        .expect("replica state");

    // Readers: a page with the session opened on the primary, the API, health.
    let page = get_as(&r, Some(&f.centre), "/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let ready = get_as(&r, None, "/readyz").await;
    assert_eq!(
        (ready.status, ready.body.as_str()),
        (StatusCode::OK, "ready (replica)\n")
    );
    let token = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {token}");
    let headers = [("authorization", auth.as_str())];
    let status = send(
        &r,
        Request::builder()
            .uri("/api/v1/status?date=2020-03-20")
            .header("authorization", auth.as_str())
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.body);

    // Changes, at each kind of door, each in its format and language.
    let report = json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"});
    let zh = [headers[0], ("accept-language", "zh-CN")];
    let api = post_json(&r, "/api/v1/reports", &zh, report.clone()).await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{}", api.body);
    assert_eq!(api.json()["code"], "read_only");
    assert!(
        api.json()["message"]
            .as_str()
            .unwrap_or("")
            .contains("只读副本"),
        "{}",
        api.body
    );
    let login = post_form(
        &r,
        None,
        "/login?lang=en",
        &[("username", "centre"), ("password", "x")],
    )
    .await;
    assert_eq!(login.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(login.body.contains("read-only copy"), "{}", login.body);
    let open311 = post_form(
        &r,
        None,
        "/open311/v2/requests.json",
        &[("service_code", "medical")],
    )
    .await;
    assert_eq!(open311.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        open311.body.trim_start().starts_with('['),
        "Open311 errors are a list: {}",
        open311.body
    );
    let dhis2 = post_json(
        &r,
        "/api/dataValueSets",
        &headers,
        json!({"dataValues": []}),
    )
    .await;
    assert_eq!(
        dhis2.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        dhis2.body
    );
    // Reads that write first: a password (lockouts count failures), an
    // export of personal data (audited before it is given).
    let basic = send(
        &r,
        Request::builder()
            .uri("/api/v1/status")
            .header("authorization", "Basic d29ya2VyOndyb25n")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(
        basic.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        basic.body
    );
    let export = get_as(&r, Some(&f.centre), "/api/v1/registry/export?unit=M").await;
    assert_eq!(
        export.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        export.body
    );
    assert_eq!(export.json()["code"], "read_only");

    // A report filed through the primary's server shows on the replica's:
    // its engine's status of the day changes (the follower looks for it).
    let status_of_day =
        || async { get_as(&r, Some(&f.centre), "/api/v1/status?date=2020-03-21").await };
    let before = status_of_day().await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let filed = post_json(&f.state, "/api/v1/reports", &headers, report).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let changed = async {
        loop {
            let now = status_of_day().await;
            if now.body != before.body {
                return now;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    };
    let after = tokio::time::timeout(std::time::Duration::from_secs(5), changed)
        .await
        .expect("the replica's server shows the report within 5 s");
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
}
