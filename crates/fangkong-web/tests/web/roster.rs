//! The people who work, on the pages and the API (issue 21): who answers for
//! a missing report, one's own shifts and calendar, the staffing board, and
//! fatigue on the alert board — contacts masked by role on every door.

use axum::http::StatusCode;
use fangkong_domain::access::Role;
use fangkong_domain::rota::Duty;

use crate::support::{account, add_roster, code, day, get_as, session, state};

#[tokio::test]
async fn the_completeness_page_names_who_is_on_duty_with_the_phone_masked_by_role() {
    let (_dir, state) = state().await;
    add_roster(&state.store, &[("w-in", "M", "13944445555")], "2020-03-21").await;
    let district = account(&state, "jiangan", Role::District, "D").await;
    let district = session(&state, district).await;
    let page = get_as(
        &state,
        Some(&district),
        "/completeness?unit=D&date=2020-03-21",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("值班员w-in"), "named: {}", page.body);
    assert!(page.body.contains("139****5555"), "masked for the office");
    assert!(!page.body.contains("13944445555"));
    let csv = get_as(
        &state,
        Some(&district),
        "/completeness.csv?unit=D&date=2020-03-21",
    )
    .await;
    let k1 = csv
        .body
        .lines()
        .find(|l| l.contains(",K1,"))
        .expect("K1 row");
    assert!(k1.contains("值班员w-in,139****5555"), "{k1}");
    // V is a village with no rota kept: nobody named, not a blank guess.
    assert!(page.body.contains("未排班"), "{}", page.body);
    // The community worker who visits sees the number whole.
    let worker = account(&state, "w-in", Role::CommunityWorker, "M").await;
    let worker = session(&state, worker).await;
    let api = get_as(
        &state,
        Some(&worker),
        "/api/v1/completeness?unit=M&date=2020-03-21",
    )
    .await;
    assert!(api.body.contains("13944445555"), "{}", api.body);
}

#[tokio::test]
async fn my_shifts_shows_one_s_own_duties_and_reminders_and_gives_a_calendar() {
    let (_dir, state) = state().await;
    add_roster(
        &state.store,
        &[("w-in", "M", "13944445555"), ("w-two", "V", "13900000000")],
        "2020-03-21",
    )
    .await;
    let me = account(&state, "w-in", Role::CommunityWorker, "M").await;
    let me = session(&state, me).await;
    let page = get_as(&state, Some(&me), "/my/shifts").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("2020-03-21") && page.body.contains("测试社区"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("测试村"),
        "only one's own: {}",
        page.body
    );
    let ics = get_as(&state, Some(&me), "/my/shifts.ics").await;
    assert_eq!(ics.status, StatusCode::OK);
    assert_eq!(
        ics.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/calendar; charset=utf-8")
    );
    assert!(
        ics.body.contains("DTSTART;VALUE=DATE:20200321\r\n"),
        "{}",
        ics.body
    );
    assert_eq!(ics.body.matches("BEGIN:VEVENT").count(), 1);
    // A late report reminded: on the phone page, waiting for a sender.
    let reminded = fangkong_web::reminders::remind_late(
        &state.store,
        &state.rules.quality.deadline,
        &[day("2020-03-21")],
        "2020-03-23T00:00:00Z".parse().expect("instant"),
    )
    .await
    .expect("remind");
    assert!(reminded.written >= 1, "{reminded:?}");
    let page = get_as(&state, Some(&me), "/my/shifts?lang=en").await;
    assert!(
        page.body.contains("Reminder:") || page.body.contains("催报"),
        "{}",
        page.body
    );
    // Someone not on the roster has no shifts, and is told so.
    let other = account(&state, "nobody", Role::CommunityWorker, "M").await;
    let other = session(&state, other).await;
    let page = get_as(&state, Some(&other), "/my/shifts?lang=en").await;
    assert!(page.body.contains("not on the roster yet"), "{}", page.body);
}

#[tokio::test]
async fn the_staffing_board_and_the_alerts_name_the_worn_out_masked_for_the_office() {
    let (_dir, state) = state().await;
    add_roster(&state.store, &[("w-in", "M", "13944445555")], "2020-03-21").await;
    // Eight days running up to the 21st: over the limit of six.
    let staff = state.store.staff().await.expect("staff");
    let duties: Vec<Duty> = (14..=21)
        .map(|d| Duty {
            day: day(&format!("2020-03-{d:02}")),
            unit: code("M"),
            pair: None,
            post: None,
            person: 0,
        })
        .collect();
    state
        .store
        .put_rota(
            &staff,
            &duties,
            day("2020-03-14"),
            day("2020-03-21"),
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("rota");
    let district = account(&state, "jiangan", Role::District, "D").await;
    let district = session(&state, district).await;
    let board = get_as(
        &state,
        Some(&district),
        "/api/v1/staffing?unit=S&date=2020-03-21",
    )
    .await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    let json = board.json();
    let m = json["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["code"] == "M")
        .expect("M");
    assert_eq!(m["people"], 1);
    assert_eq!(m["on_duty"], 1);
    assert_eq!(
        json["units"].as_array().map(Vec::len),
        Some(1),
        "V has no roster: not a row of zero people"
    );
    assert_eq!(json["without_roster"], 1, "counted apart, unknown");
    assert!(
        m["residents"].is_null(),
        "no population given: unknown, not zero"
    );
    assert!(m["short_by"].is_null());
    assert_eq!(json["tired"].as_array().map(Vec::len), Some(1));
    assert!(
        json["tired"][0]["why"]
            .as_str()
            .is_some_and(|w| w.contains('8')),
        "{json}"
    );
    assert_eq!(json["roster"][0]["phone"], "139****5555");
    assert!(
        !board.body.contains("值班员w-in"),
        "the name masked too: {}",
        board.body
    );
    let page = get_as(&state, Some(&district), "/staffing?unit=S&date=2020-03-21").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("人员配备与关爱"), "{}", page.body);
    let alerts = get_as(&state, Some(&district), "/api/v1/alerts?date=2020-03-21").await;
    assert!(alerts.body.contains("\"fatigue\""), "{}", alerts.body);
    // A hotline operator does not read the roster.
    let hotline = account(&state, "rexian", Role::HotlineOperator, "D").await;
    let hotline = session(&state, hotline).await;
    let refused = get_as(&state, Some(&hotline), "/api/v1/staffing?unit=S").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_district_sends_someone_where_staff_are_short_and_the_history_keeps_both_postings() {
    let (_dir, state) = state().await;
    add_roster(&state.store, &[("zb01", "M", "13944445555")], "2020-03-01").await;
    let district = account(&state, "jiangan", Role::District, "D").await;
    let district = session(&state, district).await;
    let page = get_as(&state, Some(&district), "/staffing?unit=S&date=2020-03-21").await;
    assert!(
        page.body.contains("action=\"/staffing/move\""),
        "{}",
        page.body
    );
    let sent = crate::support::post_form(
        &state,
        Some(&district),
        "/staffing/move",
        &[
            ("csrf", &district.csrf),
            ("person_id", "zb01"),
            ("unit", "V"),
            ("on", "2020-03-15"),
            ("back", "S"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let roster = state.store.roster().await.expect("roster");
    assert_eq!(roster[0].staff.unit, code("V"));
    let postings = state.store.postings("zb01").await.expect("postings");
    assert_eq!(postings.len(), 2);
    assert_eq!(postings[0].until, Some(day("2020-03-15")));
    assert_eq!(postings[1].unit, code("V"));
    // A compound is not where people are rostered: the field is named.
    let refused = crate::support::post_form(
        &state,
        Some(&district),
        "/staffing/move",
        &[
            ("csrf", &district.csrf),
            ("person_id", "zb01"),
            ("unit", "K1"),
        ],
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    // A hotline operator may not change the roster.
    let hotline = account(&state, "rexian", Role::HotlineOperator, "D").await;
    let hotline = session(&state, hotline).await;
    let refused = crate::support::post_form(
        &state,
        Some(&hotline),
        "/staffing/move",
        &[
            ("csrf", &hotline.csrf),
            ("person_id", "zb01"),
            ("unit", "M"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
