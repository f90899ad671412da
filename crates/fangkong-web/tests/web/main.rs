//! HTTP tests of the web surface: the real application (`app(state)`) on a real
//! SQLite database, requests sent in-process with `oneshot`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fangkong_domain::report::MeasuresInPlace;
use fangkong_domain::unit::{UnitRecord, UnitVersion};
use fangkong_domain::{Count, DailyReport, Day, UnitCode, UnitKind};
use fangkong_store::{NewRevision, Store};
use fangkong_web::{AppState, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).expect("code")
}

fn day(s: &str) -> Day {
    Day::parse(s).expect("day")
}

/// A city with one district, one subdistrict, a community with two compounds and a
/// village; 20 days of clean reports, except a close contact in K1 on 2020-03-10.
async fn state() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&dir.path().join("web.db"))
        .await
        .expect("store");
    let units = [
        ("C", "测试市", UnitKind::City, None),
        ("D", "测试区", UnitKind::District, Some("C")),
        ("S", "测试街道", UnitKind::Subdistrict, Some("D")),
        ("M", "测试社区", UnitKind::Community, Some("S")),
        ("K1", "一号小区", UnitKind::Compound, Some("M")),
        ("K2", "二号小区", UnitKind::Compound, Some("M")),
        ("V", "测试村", UnitKind::Village, Some("S")),
    ];
    let versions: Vec<(UnitCode, UnitVersion)> = units
        .iter()
        .map(|(c, n, k, p)| {
            let r = UnitRecord {
                code: code(c),
                name: n.to_string(),
                kind: *k,
                parent: p.map(code),
                population: None,
                from_address_list: false,
            };
            (r.code.clone(), UnitVersion::first(&r, None))
        })
        .collect();
    store
        .add_units(&versions, jiff::Timestamp::now())
        .await
        .expect("units");
    let ids = store.units().await.expect("units").ids;
    let mut rows = Vec::new();
    for d in 1..=20 {
        for unit in ["K1", "K2", "V"] {
            let contacts = u32::from(unit == "K1" && d == 10) * 2;
            rows.push(NewRevision {
                unit_id: ids[&code(unit)],
                revision: 1,
                reason: None,
                report: DailyReport {
                    day: day(&format!("2020-03-{d:02}")),
                    unit: code(unit),
                    new_confirmed: Count::ZERO,
                    new_suspected: Count::ZERO,
                    new_close_contacts: Count::new(contacts),
                    new_fever: Count::ZERO,
                    measures: MeasuresInPlace::ALL,
                    reporter: "王芳".into(),
                    remark: None,
                },
            });
        }
    }
    let mut batch = store
        .begin_reports(jiff::Timestamp::now())
        .await
        .expect("batch");
    batch.insert(rows).await.expect("insert");
    batch.commit().await.expect("commit");
    let rules = toml_free_rules();
    let state = AppState::load(store, rules, day("2020-03-20"))
        .await
        .expect("state");
    (dir, state)
}

fn toml_free_rules() -> fangkong_domain::config::RulesConfig {
    let mut rules = fangkong_domain::config::RulesConfig::default();
    rules.policy.insert(
        "community".into(),
        fangkong_domain::config::KindPolicy {
            epidemic_free: "小区间有序流动".into(),
            not_free: "社区封闭管理".into(),
        },
    );
    rules
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, String) {
    let response = app(state.clone())
        .oneshot(
            Request::builder()
                .uri(uri)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn the_dashboard_speaks_chinese_by_default_and_shows_the_day_s_figures() {
    let (_dir, state) = state().await;
    let (status, html) = get(&state, "/?date=2020-03-20").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="zh-Hans">"#));
    assert!(html.contains("无疫情单位"));
    // V and K2 are free (20 clean days); K1 is not (contact on 03-10), so M is not.
    assert!(html.contains(r#"<tr data-kind="compound"><td>小区</td><td class="num">1</td><td class="num">2</td><td class="num">50.0%</td></tr>"#), "{html}");
    assert!(html.contains(
        r#"<tr data-kind="village"><td>村</td><td class="num">1</td><td class="num">1</td>"#
    ));
    assert!(html.contains(r#"<p id="completeness"><strong>3</strong> / 3</p>"#));
    assert!(
        html.contains("<svg") && html.contains(r#"class="selected""#),
        "the trend chart marks the day"
    );
}

#[tokio::test]
async fn english_is_one_switch_away() {
    let (_dir, state) = state().await;
    let (status, html) = get(&state, "/?date=2020-03-20&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Epidemic-free units"));
    assert!(
        html.contains(r#"href="?date=2020-03-20&#38;lang=zh""#),
        "the switch keeps the day"
    );
}

#[tokio::test]
async fn a_unit_page_shows_why_and_the_units_holding_it_back() {
    let (_dir, state) = state().await;
    let (status, html) = get(&state, "/units/M?date=2020-03-20").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("2020-03-10 一号小区 有新增病例或密接（10/14 天）"),
        "{html}"
    );
    assert!(
        html.contains("社区封闭管理"),
        "the policy for the kind is shown"
    );
    assert!(html.contains(r#"<tr data-code="K2">"#) && html.contains(r#"<tr data-code="K1">"#));
    assert!(
        html.contains(r#"href="/units/S?date=2020-03-20&#38;lang=zh""#),
        "a way up the tree"
    );
}

#[tokio::test]
async fn an_unknown_unit_or_a_bad_date_is_refused_with_the_right_status() {
    let (_dir, state) = state().await;
    assert_eq!(get(&state, "/units/NOPE").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&state, "/?date=2020-13-01").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, body) = get(&state, "/api/v1/status?date=yesterday").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["code"], "invalid");
    assert_eq!(v["field"], "date");
    let (status, body) = get(&state, "/api/v1/units/NOPE").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains(r#""code":"not_found""#));
    assert_eq!(
        get(&state, "/api/v1/status?date=2019-01-01").await.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "outside the data"
    );
}

#[tokio::test]
async fn the_api_gives_the_same_figures_as_the_engine() {
    let (_dir, state) = state().await;
    let (status, body) = get(&state, "/api/v1/status?date=2020-03-20").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    let kind = |k: &str| {
        v["kinds"]
            .as_array()
            .expect("kinds")
            .iter()
            .find(|x| x["kind"] == k)
            .cloned()
            .expect("kind")
    };
    assert_eq!(kind("compound")["epidemic_free"], 1);
    assert_eq!(kind("village")["epidemic_free"], 1);
    assert_eq!(kind("city")["epidemic_free"], 0);
    assert_eq!(v["reports_received"], 3);

    let (_, body) = get(&state, "/api/v1/units/M?date=2020-03-20").await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["unit"]["epidemic_free"], false);
    assert_eq!(
        v["unit"]["zero_days"], 10,
        "clean since the contact of 03-10"
    );
    assert_eq!(v["unit"]["earliest_free"], "2020-03-24");
    assert_eq!(v["children"].as_array().expect("children").len(), 2);
    let (_, body) = get(&state, "/api/v1/status?date=2020-03-14").await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["gained"], 2, "K2 and V reach 14 clean days on 03-14");
    assert_eq!(v["lost"], 0);
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let (_dir, state) = state().await;
    let (status, body) = get(&state, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert!(v["paths"]["/api/v1/status"]["get"].is_object());
    assert!(v["paths"]["/api/v1/units/{code}"]["get"].is_object());
    assert!(v["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn drill_down_tables_sort_and_filter() {
    let (_dir, state) = state().await;
    let (status, html) = get(&state, "/units/M?date=2020-03-20&free=no").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"<tr data-code="K1">"#) && !html.contains(r#"<tr data-code="K2">"#),
        "only K1 is not free"
    );
    let (_, html) = get(&state, "/units/S?date=2020-03-20&sort=zero_days").await;
    let m = html.find(r#"<tr data-code="M">"#).expect("M");
    let v = html.find(r#"<tr data-code="V">"#).expect("V");
    assert!(m < v, "M (10 clean days) before V (20)");
    assert_eq!(
        get(&state, "/units/S?sort=height").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        get(&state, "/units/S?free=maybe").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn phases_come_from_the_reports_where_nothing_is_published() {
    let (_dir, state) = state().await;
    let (status, body) = get(&state, "/api/v1/phases/C").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["source"], "reports");
    assert_eq!(
        v["periods"][0]["band"], "zero",
        "no confirmed case in the whole span"
    );
    assert_eq!(v["periods"][0]["days"], 20);
    assert_eq!(
        get(&state, "/api/v1/phases/NOPE").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&state, "/api/v1/phases/C?source=rumours").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (_, doc) = get(&state, "/api/v1/openapi.json").await;
    assert!(doc.contains("/api/v1/phases/{code}"));
}

#[tokio::test]
async fn a_unit_page_lists_the_day_s_reports_and_its_recent_status() {
    let (_dir, state) = state().await;
    let (status, html) = get(&state, "/units/M?date=2020-03-10").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<tr><td>K1</td><td class=\"num\">1</td><td>0 / 0 / 2 / 0</td>"),
        "{html}"
    );
    assert!(html.contains("<tr><td>K2</td>"));
    assert!(!html.contains("<tr><td>V</td>"), "V is not under M");
    assert_eq!(
        html.matches("title=\"2020-03-").count(),
        10,
        "the days with data among the last 14"
    );
}
