//! What an operator sees: one log line per request with the route's template
//! and no personal data, Prometheus metrics for an account that may read the
//! audit log, and the health checks.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{fixture, get_as, post_json, send, token};

/// Log lines written into memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// The log of this test process from the first call on, as JSON lines: the
/// traffic of every test running meanwhile lands in it too.
fn captured() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(captured.clone())
            .with_max_level(tracing::Level::INFO)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the one log subscriber");
        captured
    })
}

#[tokio::test]
async fn every_request_is_one_log_line_without_personal_data() {
    let captured = captured();
    let f = fixture().await;
    let bearer = format!(
        "Bearer {}",
        token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await
    );
    let auth = [("authorization", bearer.as_str())];
    let (phone, resident_id, name) = ("13912345678", "11010519491231002X", "欧阳秋");
    let person = post_json(
        &f.state,
        "/api/v1/registry",
        &auth,
        json!({"people": [{"ref": "T1", "name": name, "unit_code": "K1", "category": "close_contact",
                           "identified_on": "2020-03-20", "resident_id": resident_id, "phone": phone}]}),
    )
    .await;
    assert_eq!(person.status, StatusCode::CREATED, "{}", person.body);
    // Personal data in a path and a query string too.
    get_as(&f.state, Some(&f.worker), &format!("/people?q={phone}")).await;
    get_as(&f.state, Some(&f.worker), &format!("/people/{resident_id}")).await;
    let request = axum::http::Request::builder()
        .uri(format!("/api/v1/people?q={name}&x={resident_id}").replace(name, "%E6%AC%A7"))
        .header("authorization", bearer.as_str())
        .header("x-request-id", "trace-me-1")
        .body(axum::body::Body::empty())
        .expect("request");
    let answer = send(&f.state, request).await;
    assert_eq!(
        answer.headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"trace-me-1"[..])
    );
    let text = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| l.contains("fangkong::request"))
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(lines.len() >= 4, "{text}");
    let routes: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["fields"]["route"].as_str())
        .collect();
    assert!(routes.contains(&"/api/v1/registry"), "{routes:?}");
    assert!(routes.contains(&"/people/{reference}"), "{routes:?}");
    let traced = lines
        .iter()
        .find(|l| l["fields"]["request_id"] == "trace-me-1")
        .expect("the client's request id");
    assert_eq!(traced["fields"]["method"], "GET");
    assert!(traced["fields"]["status"].is_u64());
    assert!(traced["fields"]["latency_ms"].is_f64());
    assert!(traced["fields"]["account"].is_i64(), "{traced}");
    for secret in [phone, resident_id, name, "%E6%AC%A7"] {
        assert!(!text.contains(secret), "the logs carry {secret}: {text}");
    }
}

#[tokio::test]
async fn metrics_are_for_those_who_read_the_audit_log_and_count_what_happens() {
    let f = fixture().await;
    let centre = format!(
        "Bearer {}",
        token(&f.state, "centre", jiff::SignedDuration::from_hours(1)).await
    );
    let worker = format!(
        "Bearer {}",
        token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await
    );
    let filed = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", worker.as_str())],
        json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0,
               "new_close_contacts": 0, "new_fever": 0, "in_place": [], "reporter": "王芳"}),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let get = |auth: String| {
        let state = f.state.clone();
        async move {
            let request = axum::http::Request::builder()
                .uri("/metrics")
                .header("authorization", auth)
                .body(axum::body::Body::empty())
                .expect("request");
            send(&state, request).await
        }
    };
    let refused = get(worker).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let m = get(centre).await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.body);
    assert!(
        m.body.contains("fangkong_reports_filed_total 1"),
        "{}",
        m.body
    );
    assert!(
        m.body.contains(r#"fangkong_http_request_duration_seconds_count{method="POST",route="/api/v1/reports",status="201"} 1"#),
        "{}",
        m.body
    );
    assert!(
        m.body.contains("fangkong_engine_load_seconds "),
        "{}",
        m.body
    );
    assert!(
        m.body.contains("fangkong_db_pool_connections "),
        "{}",
        m.body
    );
    assert!(m.body.trim_end().ends_with("# EOF"));
}

#[tokio::test]
async fn health_says_the_process_answers_and_can_write() {
    let f = fixture().await;
    let health = get_as(&f.state, None, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    let ready = get_as(&f.state, None, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    if f.state.store.backend() == fangkong_store::Backend::Postgres {
        // A PostgreSQL server refuses writes as a standby; scripts/failover-test.sh
        // sees /readyz fail there. No standby is made here.
        return;
    }
    // A database that takes no write: not ready. Another connection holds
    // the write lock for longer than readiness waits.
    use sqlx::Connection;
    let path = f._dir.path().join("web.db");
    let mut blocker = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("second connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut blocker)
        .await
        .expect("write lock");
    let blocked = get_as(&f.state, None, "/readyz").await;
    assert_eq!(
        blocked.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        blocked.body
    );
    sqlx::query("ROLLBACK")
        .execute(&mut blocker)
        .await
        .expect("release");
    let ready = get_as(&f.state, None, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "ready again: {}", ready.body);
}
