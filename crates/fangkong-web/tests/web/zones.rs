//! The zones page (issue 20, item 1): compounds per zone tier under a unit,
//! with Shanghai's districts on the map; and the province view of Hubei's
//! published city figures.

use axum::http::StatusCode;
use fangkong_domain::access::Role;
use fangkong_domain::unit::{UnitRecord, UnitVersion};
use fangkong_domain::zones::{Tier, ZonePolicy};
use fangkong_domain::{UnitCode, UnitKind};

use crate::support::{account, code, day, get_as, scratch_store, session, toml_free_rules};

/// Shanghai as a case-address import makes it (districts by name under codes
/// of its own): 浦东新区 with two compounds listed on 04-01 and 04-08, 黄浦区
/// with one listed on 03-20.
async fn shanghai() -> (tempfile::TempDir, fangkong_web::AppState) {
    let dir = tempfile::tempdir().expect("dir");
    let store = scratch_store(&dir, "zones.db").await;
    let unit = |c: &str, n: &str, k: UnitKind, p: Option<&str>| -> (UnitCode, UnitVersion) {
        let r = UnitRecord {
            code: code(c),
            name: n.into(),
            kind: k,
            parent: p.map(code),
            population: None,
            from_address_list: true,
        };
        (r.code.clone(), UnitVersion::first(&r, None))
    };
    let units = [
        unit("310000000000", "上海市", UnitKind::City, None),
        unit(
            "310000000000-aa",
            "浦东新区",
            UnitKind::District,
            Some("310000000000"),
        ),
        unit(
            "310000000000-bb",
            "黄浦区",
            UnitKind::District,
            Some("310000000000"),
        ),
        unit(
            "310000000000-p1",
            "上南路3520弄",
            UnitKind::Compound,
            Some("310000000000-aa"),
        ),
        unit(
            "310000000000-p2",
            "北艾路1077弄",
            UnitKind::Compound,
            Some("310000000000-aa"),
        ),
        unit(
            "310000000000-h1",
            "蒙自路1号",
            UnitKind::Compound,
            Some("310000000000-bb"),
        ),
    ];
    let events = [
        (code("310000000000-p1"), day("2022-04-01"), 1),
        (code("310000000000-p2"), day("2022-04-08"), 2),
        (code("310000000000-h1"), day("2022-03-20"), 1),
    ];
    store
        .import_address_list(&units, &events, jiff::Timestamp::now(), "test")
        .await
        .expect("the list");
    let mut rules = toml_free_rules();
    let tier = |name: &str, below: Option<u32>| Tier {
        name: name.into(),
        below_days: below,
    };
    rules.zones.insert(
        "shanghai-2022".into(),
        ZonePolicy {
            tiers: vec![
                tier("sealed", Some(7)),
                tier("controlled", Some(14)),
                tier("precaution", None),
            ],
        },
    );
    let state = fangkong_web::AppState::load(
        store,
        rules,
        fangkong_web::state::Clock::Fixed(day("2022-04-12")),
    )
    .await
    .expect("state");
    (dir, state)
}

#[tokio::test]
async fn the_zones_page_counts_compounds_per_tier_and_maps_shanghai_s_districts() {
    let (_dir, state) = shanghai().await;
    let id = account(&state, "centre", Role::CommandCentre, "310000000000").await;
    let centre = session(&state, id).await;
    let page = get_as(&state, Some(&centre), "/zones?date=2022-04-10").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    // 上南路 last listed 9 days before (controlled), 北艾路 2 (sealed), 蒙自路 21
    // (precaution).
    assert!(
        html.contains(r#"<tr data-code="310000000000-aa"><td data-label="名称"><a href="/zones?unit=310000000000-aa&#38;date=2022-04-10&#38;policy=shanghai-2022&#38;lang=zh">浦东新区</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<td class="num" data-label="封控区">1</td><td class="num" data-label="管控区">1</td><td class="num" data-label="防范区">0</td><td class="num" data-label="小区数">2</td>"#), "{html}");
    // The districts on Shanghai's real boundaries, matched by name, shaded by
    // their sealed compounds; the other fourteen drawn plain.
    assert!(html.contains(r#"<svg class="map""#));
    assert!(
        html.contains(r#"data-code="310000000000-aa" data-value="1""#),
        "{html}"
    );
    assert!(html.contains(r#"data-code="310000000000-bb" data-value="0""#));
    assert!(
        html.contains(r##"fill="#fafafa" data-code="310104000000""##),
        "徐汇区 plain"
    );
    assert!(
        html.contains(r#"aria-label="浦东新区：封控区 1、管控区 1、防范区 0""#),
        "{html}"
    );
    assert!(
        html.contains("上海市各区封控区小区数（2022-04-10）"),
        "{html}"
    );
    // The same table to take away, tiers under their names in files.
    let csv = get_as(&state, Some(&centre), "/zones.csv?date=2022-04-10").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.body,
        "date,code,name,sealed,controlled,precaution,units\n\
         2022-04-10,310000000000-aa,浦东新区,1,1,0,2\n\
         2022-04-10,310000000000-bb,黄浦区,0,0,1,1\n"
    );
    // Two days later 北艾路 is still sealed; a week later it is controlled.
    let later = get_as(&state, Some(&centre), "/zones.csv?date=2022-04-15").await;
    assert!(
        later
            .body
            .contains("2022-04-15,310000000000-aa,浦东新区,0,1,1,2"),
        "{}",
        later.body
    );
    let en = get_as(&state, Some(&centre), "/zones?date=2022-04-10&lang=en").await;
    assert!(
        en.body
            .contains("浦东新区: Sealed 1, Controlled 1, Precaution 0"),
        "{}",
        en.body
    );
    // A misspelt policy is named, in the reader's language, not an empty page.
    let bad = get_as(&state, Some(&centre), "/zones?policy=wuhan&lang=en").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("policy"), "{}", bad.body);
}

#[tokio::test]
async fn a_district_office_sees_its_own_zones_and_no_other_districts() {
    let (_dir, state) = shanghai().await;
    let id = account(&state, "pudong", Role::District, "310000000000-aa").await;
    let pudong = session(&state, id).await;
    let own = get_as(&state, Some(&pudong), "/zones?date=2022-04-10").await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(
        own.body.contains(r#"<tr data-code="310000000000-p2">"#),
        "{}",
        own.body
    );
    assert!(!own.body.contains("蒙自路"));
    assert!(
        !own.body.contains(r#"<svg class="map""#),
        "compounds have no boundaries"
    );
    // The city's figures are its to read, but only its own district's row.
    let city = get_as(
        &state,
        Some(&pudong),
        "/zones.csv?unit=310000000000&date=2022-04-10",
    )
    .await;
    assert_eq!(city.status, StatusCode::OK);
    assert_eq!(
        city.body,
        "date,code,name,sealed,controlled,precaution,units\n\
         2022-04-10,310000000000-aa,浦东新区,1,1,0,2\n"
    );
    for uri in [
        "/zones?unit=310000000000-bb",
        "/zones.csv?unit=310000000000-bb",
        "/zones.xlsx?unit=310000000000-h1",
    ] {
        let other = get_as(&state, Some(&pudong), uri).await;
        assert_eq!(other.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(!other.body.contains("蒙自路"), "{uri}");
    }
    let anonymous = get_as(&state, None, "/zones.csv").await;
    assert_ne!(anonymous.status, StatusCode::OK);
}

#[tokio::test]
async fn the_province_view_maps_hubei_s_cities_as_published_for_anyone() {
    let (_dir, state) = shanghai().await;
    let page = get_as(&state, None, "/province?date=2020-02-20&measure=cumulative").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    assert!(html.contains("湖北各市州累计确诊（2020-02-20）"), "{html}");
    assert!(html.contains(r#"data-code="420100000000" data-value="45346""#));
    assert!(
        html.contains(r#"aria-label="武汉市：累计确诊 45346""#),
        "{html}"
    );
    // Every one of the 17 areas has its figure that day.
    assert_eq!(html.matches("data-value=").count(), 17, "{html}");
    // The prison system's row is in the table, said not to be on the map.
    assert!(html.contains("监狱系统"));
    // A day before the source began has no figure anywhere: hatched, not zero.
    let before = get_as(&state, None, "/province?date=2020-01-01").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(!before.body.contains("data-value="));
    assert!(before.body.contains("该来源当日没有公布数据"));
    let bad = get_as(&state, None, "/province?source=weibo&lang=en").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("source"), "{}", bad.body);
}

#[tokio::test]
async fn a_reported_contact_seals_a_compound_and_its_correction_lifts_it() {
    use crate::support::{add_reports, add_units, post_json, token};
    use serde_json::json;
    let dir = tempfile::tempdir().expect("dir");
    let store = scratch_store(&dir, "reported.db").await;
    add_units(
        &store,
        &[
            ("C", "测试市", UnitKind::City, None),
            ("D", "测试区", UnitKind::District, Some("C")),
            ("S", "测试街道", UnitKind::Subdistrict, Some("D")),
            ("M", "测试社区", UnitKind::Community, Some("S")),
            ("K1", "一号小区", UnitKind::Compound, Some("M")),
            ("K2", "二号小区", UnitKind::Compound, Some("M")),
        ],
    )
    .await;
    // K1 had a close contact on 03-18; K2 none all month.
    add_reports(&store, &["K1", "K2"], 1..=20, |u, d| {
        u32::from(u == "K1" && d == 18)
    })
    .await;
    let mut rules = toml_free_rules();
    rules.zones.insert(
        "two".into(),
        ZonePolicy {
            tiers: vec![
                Tier {
                    name: "sealed".into(),
                    below_days: Some(7),
                },
                Tier {
                    name: "precaution".into(),
                    below_days: None,
                },
            ],
        },
    );
    let state = fangkong_web::AppState::load(
        store,
        rules,
        fangkong_web::state::Clock::Fixed(day("2020-03-21")),
    )
    .await
    .expect("state");
    let id = account(&state, "centre", Role::CommandCentre, "C").await;
    let centre = session(&state, id).await;
    account(&state, "worker", Role::CommunityWorker, "M").await;
    let zones = async || {
        get_as(&state, Some(&centre), "/zones.csv?unit=M&date=2020-03-20")
            .await
            .body
    };
    assert_eq!(
        zones().await,
        "date,code,name,sealed,precaution,units\n\
         2020-03-20,K1,一号小区,1,0,1\n\
         2020-03-20,K2,二号小区,0,1,1\n"
    );
    // The contact was a mistake: the corrected report lifts the seal at once.
    let key = token(&state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let fixed = post_json(
        &state,
        "/api/v1/reports",
        &[("authorization", format!("Bearer {key}").as_str())],
        json!({"unit": "K1", "date": "2020-03-18", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳", "correction_reason": "误报"}),
    )
    .await;
    assert!(fixed.status.is_success(), "{}", fixed.body);
    assert!(
        zones().await.contains("2020-03-20,K1,一号小区,0,1,1"),
        "{}",
        zones().await
    );
}
