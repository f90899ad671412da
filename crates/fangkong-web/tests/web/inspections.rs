//! Inspections, movement levels and passes on the pages and the API (issue
//! 22): the guard's page green or red in either language, an inspection
//! recorded through the API holding its unit's status (and so its passes)
//! back, its photo without a location, its finding on the quality page and
//! the alert board, published without names on the public page.

use axum::http::StatusCode;
use base64::Engine as _;
use fangkong_domain::access::Role;
use fangkong_domain::certify::Holdback;
use fangkong_domain::movement::Purpose;
use fangkong_store::NewInspector;
use fangkong_web::pass_check::{self, IssueFailure, PassRequest};
use serde_json::json;

use crate::support::{account, code, day, get_as, post_json, session, state};

/// Issues a pass for `unit` from 2020-03-21 at the level in force that day.
async fn issue(
    state: &fangkong_web::AppState,
    unit: &str,
    purpose: Purpose,
) -> Result<String, IssueFailure> {
    let today = day("2020-03-21");
    let statuses = fangkong_web::movement::DayStatuses::of(state, today)
        .await
        .expect("statuses");
    let level = {
        let loaded = state.engine.read().await;
        let i = loaded.engine.tree().index_of(&code(unit)).expect("unit");
        statuses
            .level_of(&loaded.engine, &state.rules.movement, i)
            .map(|l| l.level.clone())
    };
    let request = PassRequest {
        unit,
        holder: "张三丰",
        purpose,
        from: today,
        days: 3,
        max_days: 14,
    };
    let issued = pass_check::issue(
        &state.store,
        &request,
        level.as_ref(),
        state.clock.now(),
        "test",
    )
    .await?;
    Ok(issued.token)
}

fn tamper(token: &str) -> String {
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .expect("base64url");
    let i = bytes.len() / 2;
    bytes[i] ^= 0x20;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn inspectors(state: &fangkong_web::AppState) {
    let list = [
        NewInspector {
            code: "I1".into(),
            name: "李督查".into(),
            unit: Some(code("M")),
            account: None,
        },
        NewInspector {
            code: "I2".into(),
            name: "赵督查".into(),
            unit: None,
            account: Some("jiangan".into()),
        },
    ];
    state
        .store
        .put_inspectors(&list, jiff::Timestamp::now(), "test")
        .await
        .expect("inspectors");
}

#[tokio::test]
async fn the_guards_page_answers_green_or_red_in_the_readers_language() {
    let (_dir, state) = state().await;
    let token = issue(&state, "V", Purpose::Farm)
        .await
        .expect("the village farms");
    let page = get_as(&state, None, &format!("/pass/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["x-pass-valid"], "true", "{}", page.body);
    assert!(
        page.body.contains("有效") && page.body.contains("测试村"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("张**") && !page.body.contains("张三丰"),
        "{}",
        page.body
    );
    let en = get_as(&state, None, &format!("/pass/{token}?lang=en")).await;
    assert!(
        en.body.contains("VALID") && en.body.contains("farm work"),
        "{}",
        en.body
    );

    let forged = get_as(&state, None, &format!("/pass/{}", tamper(&token))).await;
    assert_eq!(forged.status, StatusCode::OK);
    assert_eq!(forged.headers["x-pass-valid"], "false");
    assert!(forged.body.contains("无效"), "{}", forged.body);
    let api = get_as(
        &state,
        None,
        &format!("/api/v1/passes/verify?token={token}"),
    )
    .await;
    let v = api.json();
    assert_eq!(v["valid"], true, "{}", api.body);
    assert_eq!(v["level"]["name"], "farm");
    assert_eq!(v["holder"], "张**");
    let api = get_as(
        &state,
        None,
        &format!("/api/v1/passes/verify?token={}", tamper(&token)),
    )
    .await;
    assert_eq!(api.json()["valid"], false);

    // K1 had a close contact on 03-10: not free on 03-21, closed, no pass.
    assert!(matches!(
        issue(&state, "K1", Purpose::Essential).await,
        Err(IssueFailure::Refused(_))
    ));
}

#[tokio::test]
async fn an_inspection_recorded_holds_its_unit_and_its_passes_back_and_is_published() {
    let (_dir, state) = state().await;
    inspectors(&state).await;
    let k2_pass = issue(&state, "K2", Purpose::Essential)
        .await
        .expect("K2 is free");
    let before = get_as(&state, None, &format!("/pass/{k2_pass}")).await;
    assert_eq!(before.headers["x-pass-valid"], "true", "{}", before.body);

    let district = account(&state, "jiangan", Role::District, "D").await;
    let district = session(&state, district).await;
    let as_district = [
        ("cookie", format!("fk_session={}", district.token)),
        ("x-csrf-token", district.csrf.clone()),
    ];
    let headers: Vec<(&str, &str)> = as_district.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // I1 belongs to M: never for K2, which stands in it.
    let own = post_json(
        &state,
        "/api/v1/inspections",
        &headers,
        json!({"unit": "K2", "date": "2020-03-21", "inspector": "I1", "in_place": []}),
    )
    .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", own.body);
    assert!(own.body.contains("李督查"), "{}", own.body);

    let mut photo = vec![0xFF, 0xD8];
    let exif = b"Exif\0\0MM\0*GPSLatitude30.5928N";
    photo.extend([0xFF, 0xE1]);
    photo.extend(((exif.len() + 2) as u16).to_be_bytes());
    photo.extend(exif);
    photo.extend([0xFF, 0xDA, 0x00, 0x02, 0x11, 0xFF, 0xD9]);
    let recorded = post_json(
        &state,
        "/api/v1/inspections",
        &headers,
        json!({"unit": "K2", "date": "2020-03-21", "time": "09:30", "inspector": "I2",
               "in_place": ["screening", "disinfection", "supplies", "stability", "publicity"],
               "note": "门岗无人值守",
               "photo_base64": base64::engine::general_purpose::STANDARD.encode(&photo)}),
    )
    .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
    let row = recorded.json();
    assert_eq!(row["outcome"], "failed");
    // The report of 03-21 is not in yet: nothing attested, nothing contradicted.
    assert_eq!(row["reported"], false);
    let photo_href = row["photo"].as_str().expect("a photo").to_string();
    let got = get_as(&state, Some(&district), &photo_href).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers["content-type"], "image/jpeg");
    assert!(!got.body.contains("GPSLatitude"), "the location is gone");

    // Held back at once: K2 is not free, its pass lapses, its level is closed.
    let status = state.status_on(day("2020-03-21")).await.expect("status");
    let k2 = state
        .engine
        .read()
        .await
        .engine
        .tree()
        .index_of(&code("K2"))
        .expect("K2");
    assert!(matches!(
        status.units[k2 as usize].holdback,
        Some(Holdback::Inspection { .. })
    ));
    let after = get_as(&state, None, &format!("/pass/{k2_pass}")).await;
    assert_eq!(after.headers["x-pass-valid"], "false", "{}", after.body);
    assert!(after.body.contains("封闭管理"), "{}", after.body);
    let movement = get_as(
        &state,
        Some(&district),
        "/api/v1/movement?unit=M&date=2020-03-21",
    )
    .await;
    let m = movement.json();
    let k2_row = m["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "K2")
        .expect("K2");
    assert_eq!(k2_row["level"]["name"], "closed", "{}", movement.body);

    // A finding that contradicts the day's report: on 03-20, which K1 attested.
    let contradicting = post_json(
        &state,
        "/api/v1/inspections",
        &headers,
        json!({"unit": "K1", "date": "2020-03-20", "inspector": "I2",
               "in_place": ["closed_management", "screening", "disinfection", "supplies", "stability"]}),
    )
    .await;
    assert_eq!(
        contradicting.json()["attested_not_found"],
        json!(["publicity"])
    );
    let quality = get_as(&state, Some(&district), "/quality?unit=D&date=2020-03-20").await;
    assert!(quality.body.contains("检查时未见"), "{}", quality.body);
    let alerts = get_as(&state, Some(&district), "/api/v1/alerts?date=2020-03-20").await;
    assert!(alerts.body.contains("inspection_failed"), "{}", alerts.body);
    let page = get_as(
        &state,
        Some(&district),
        "/inspections?unit=D&from=2020-03-01&to=2020-03-21",
    )
    .await;
    assert!(
        page.body.contains("赵督查") && page.body.contains("不合格"),
        "{}",
        page.body
    );
    // The form chooses the inspector signed in (the roster's account).
    let form = get_as(&state, Some(&district), "/inspections/new?unit=K2").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        form.body.contains(r#"<option value="I2" selected>"#),
        "{}",
        form.body
    );
    assert!(
        form.body.contains(r#"<option value="I1">"#),
        "{}",
        form.body
    );

    // Published without the inspector or the note.
    let public = get_as(&state, None, "/public?date=2020-03-21").await;
    assert!(
        public.body.contains("id=\"inspections\""),
        "{}",
        public.body
    );
    assert!(public.body.contains("二号小区"));
    assert!(!public.body.contains("赵督查") && !public.body.contains("门岗无人值守"));

    // A community worker may not record one (the one rule, asked first).
    let worker = account(&state, "wangfang", Role::CommunityWorker, "M").await;
    let worker = session(&state, worker).await;
    let refused = post_json(
        &state,
        "/api/v1/inspections",
        &[
            ("cookie", &format!("fk_session={}", worker.token)),
            ("x-csrf-token", &worker.csrf),
        ],
        json!({"unit": "K2", "inspector": "I2", "in_place": []}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
}
