//! The pages and the read API as the command centre sees them.

use axum::http::StatusCode;

use crate::support::{fixture, get};

#[tokio::test]
async fn the_dashboard_speaks_chinese_by_default_and_shows_the_day_s_figures() {
    let f = fixture().await;
    let (status, html) = get(&f, "/?date=2020-03-20").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="zh-Hans">"#));
    assert!(html.contains("无疫情单位"));
    // V and K2 are free (20 clean days); K1 is not (contact on 03-10), so M is not.
    assert!(html.contains(r#"<tr data-kind="compound"><td>小区</td><td class="num">1</td><td class="num">2</td><td class="num">50.0%</td><td class="num pending"></td></tr>"#), "{html}");
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
    let f = fixture().await;
    let (status, html) = get(&f, "/?date=2020-03-20&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Epidemic-free units"));
    assert!(
        html.contains(r#"href="?date=2020-03-20&#38;lang=zh""#),
        "the switch keeps the day"
    );
}

#[tokio::test]
async fn a_unit_page_shows_why_and_the_units_holding_it_back() {
    let f = fixture().await;
    let (status, html) = get(&f, "/units/M?date=2020-03-20").await;
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
    let f = fixture().await;
    assert_eq!(get(&f, "/units/NOPE").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&f, "/?date=2020-13-01").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, body) = get(&f, "/api/v1/status?date=yesterday").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["code"], "invalid");
    assert_eq!(v["field"], "date");
    let (status, body) = get(&f, "/api/v1/units/NOPE").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains(r#""code":"not_found""#));
    assert_eq!(
        get(&f, "/api/v1/status?date=2019-01-01").await.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "outside the data"
    );
}

#[tokio::test]
async fn the_api_gives_the_same_figures_as_the_engine() {
    let f = fixture().await;
    let (status, body) = get(&f, "/api/v1/status?date=2020-03-20").await;
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

    let (_, body) = get(&f, "/api/v1/units/M?date=2020-03-20").await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["unit"]["epidemic_free"], false);
    assert_eq!(
        v["unit"]["zero_days"], 10,
        "clean since the contact of 03-10"
    );
    assert_eq!(v["unit"]["earliest_free"], "2020-03-24");
    assert_eq!(v["children"].as_array().expect("children").len(), 2);
    let (_, body) = get(&f, "/api/v1/status?date=2020-03-14").await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["gained"], 2, "K2 and V reach 14 clean days on 03-14");
    assert_eq!(v["lost"], 0);
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let f = fixture().await;
    let (status, body) = get(&f, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert!(v["paths"]["/api/v1/status"]["get"].is_object());
    assert!(v["paths"]["/api/v1/units/{code}"]["get"].is_object());
    assert!(v["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn drill_down_tables_sort_and_filter() {
    let f = fixture().await;
    let (status, html) = get(&f, "/units/M?date=2020-03-20&free=no").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"<tr data-code="K1">"#) && !html.contains(r#"<tr data-code="K2">"#),
        "only K1 is not free"
    );
    let (_, html) = get(&f, "/units/S?date=2020-03-20&sort=zero_days").await;
    let m = html.find(r#"<tr data-code="M">"#).expect("M");
    let v = html.find(r#"<tr data-code="V">"#).expect("V");
    assert!(m < v, "M (10 clean days) before V (20)");
    assert_eq!(
        get(&f, "/units/S?sort=height").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        get(&f, "/units/S?free=maybe").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn phases_come_from_the_reports_where_nothing_is_published() {
    let f = fixture().await;
    let (status, body) = get(&f, "/api/v1/phases/C").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["source"], "reports");
    assert_eq!(
        v["periods"][0]["band"], "zero",
        "no confirmed case in the whole span"
    );
    assert_eq!(v["periods"][0]["days"], 20);
    assert_eq!(
        get(&f, "/api/v1/phases/NOPE").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&f, "/api/v1/phases/C?source=rumours").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (_, doc) = get(&f, "/api/v1/openapi.json").await;
    assert!(doc.contains("/api/v1/phases/{code}"));
}

#[tokio::test]
async fn a_unit_page_lists_the_day_s_reports_and_its_recent_status() {
    let f = fixture().await;
    let (status, html) = get(&f, "/units/M?date=2020-03-10").await;
    assert_eq!(status, StatusCode::OK);
    // Each report by its unit's name beside its code, linked to the unit.
    assert!(
        html.contains(r#"<tr data-unit="K1"><td data-label="名称"><a href="/units/K1?date=2020-03-10&lang=zh">一号小区</a> <span class="muted">K1</span></td><td class="num" data-label="版本">1</td><td data-label="确诊 / 疑似 / 密接 / 发热">0 / 0 / 2 / 0</td>"#),
        "{html}"
    );
    assert!(html.contains(r#"<tr data-unit="K2">"#));
    assert!(!html.contains(r#"<tr data-unit="V">"#), "V is not under M");
    assert!(html.contains("(2)</h2>"), "how many reports the day has");
    assert_eq!(
        html.matches("title=\"2020-03-").count(),
        10,
        "the days with data among the last 14"
    );
}

#[tokio::test]
async fn reports_not_yet_due_are_pending_with_their_deadline_and_raise_no_alert() {
    // See: issue 16. Today is 2020-03-21 and its reports are due at 10:00 on
    // the 22nd: K2 and V, free yesterday, are pending today, not lost.
    let f = fixture().await;
    let (_, html) = get(&f, "/?date=2020-03-21").await;
    assert!(
        html.contains(r#"<tr data-kind="village"><td>村</td><td class="num">0</td><td class="num">1</td><td class="num">0.0%</td><td class="num pending">1</td></tr>"#),
        "{html}"
    );
    let (_, unit) = get(&f, "/units/K2?date=2020-03-21").await;
    assert!(
        unit.contains(r#"<p id="status" class="pending">待报"#) && unit.contains("03-22 10:00"),
        "{unit}"
    );
    let (_, api) = get(&f, "/api/v1/units/S?date=2020-03-21").await;
    let doc: serde_json::Value = serde_json::from_str(&api).expect("json");
    let v = doc["children"]
        .as_array()
        .expect("children")
        .iter()
        .find(|c| c["code"] == "V")
        .expect("V")
        .clone();
    assert_eq!(
        (v["epidemic_free"].clone(), v["pending"].clone()),
        (false.into(), true.into())
    );
    let (_, alerts) = get(&f, "/api/v1/alerts?date=2020-03-21").await;
    assert!(!alerts.contains("lost_status"), "{alerts}");
    let (_, completeness) = get(&f, "/completeness?date=2020-03-21").await;
    assert!(completeness.contains("待报单位"), "{completeness}");
    // Once due, missing is missing: the 20th's statuses hold no pending unit.
    let (_, before) = get(&f, "/?date=2020-03-20").await;
    assert!(!before.contains(r#"<td class="num pending">1"#), "{before}");
}

#[tokio::test]
async fn a_unit_with_a_handful_of_cases_has_no_phases_and_no_rt_drawn_from_the_prior() {
    // See: issue 16 (every compound got an Rt of about 5 from the prior, and a
    // season with cases was labelled 零新增).
    let f = fixture().await;
    let (_, zh) = get(&f, "/units/K1?date=2020-03-20").await;
    assert!(!zh.contains(r#"<div id="rt" "#), "{zh}");
    assert!(zh.contains("单日新增从未达到 10 例，不分期"), "{zh}");
    let (_, en) = get(&f, "/units/K1?date=2020-03-20&lang=en").await;
    assert!(en.contains("never 10 or more in a day: no phases"), "{en}");
    assert!(!en.contains("零新增"), "phase names in English too");
}

/// A city of two real districts (their codes match the compiled-in
/// boundaries): 江岸区 with two clean compounds, 江汉区 with one that had a
/// close contact on 03-19.
async fn two_real_districts() -> (tempfile::TempDir, fangkong_web::AppState) {
    use crate::support::{add_reports, add_units, day, scratch_store, toml_free_rules};
    use fangkong_domain::UnitKind;
    let dir = tempfile::tempdir().expect("dir");
    let store = scratch_store(&dir, "map.db").await;
    add_units(
        &store,
        &[
            ("420100000000", "武汉市", UnitKind::City, None),
            (
                "420102000000",
                "江岸区",
                UnitKind::District,
                Some("420100000000"),
            ),
            (
                "420103000000",
                "江汉区",
                UnitKind::District,
                Some("420100000000"),
            ),
            ("S1", "一街道", UnitKind::Subdistrict, Some("420102000000")),
            ("M1", "一社区", UnitKind::Community, Some("S1")),
            ("K1", "一号小区", UnitKind::Compound, Some("M1")),
            ("K2", "二号小区", UnitKind::Compound, Some("M1")),
            ("S2", "二街道", UnitKind::Subdistrict, Some("420103000000")),
            ("M2", "二社区", UnitKind::Community, Some("S2")),
            ("K3", "三号小区", UnitKind::Compound, Some("M2")),
        ],
    )
    .await;
    add_reports(&store, &["K1", "K2", "K3"], 1..=20, |unit, d| {
        u32::from(unit == "K3" && d == 19)
    })
    .await;
    let state = fangkong_web::AppState::load(
        store,
        toml_free_rules(),
        fangkong_web::state::Clock::Fixed(day("2020-03-21")),
    )
    .await
    .expect("state");
    (dir, state)
}

#[tokio::test]
async fn the_dashboard_and_the_public_page_map_the_districts() {
    use crate::support::{account, get_as, session};
    use fangkong_domain::access::Role;
    let (_dir, state) = two_real_districts().await;
    let id = account(&state, "centre", Role::CommandCentre, "420100000000").await;
    let centre = session(&state, id).await;
    let page = get_as(&state, Some(&centre), "/?date=2020-03-20").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = page.body;
    assert!(html.contains(r#"<svg class="map""#), "{html}");
    assert!(
        html.contains(r#"<title id="map-title">各区无疫情上报单位占比</title>"#),
        "the map has an accessible name"
    );
    // Each district of the tree is a link carrying its figure in words.
    assert!(html.contains(
        r#"<a href="/units/420102000000?date=2020-03-20&amp;lang=zh" aria-label="江岸区：100%（2 个上报单位中 2 个无疫情）">"#
    ), "{html}");
    assert!(html.contains(r#"data-code="420102000000" data-value="100%""#));
    assert!(html.contains(r#"data-code="420103000000" data-value="0%""#));
    // A district the tree does not have is drawn, neither shaded nor a link.
    assert!(html.contains(r##"<path d="M"##));
    assert!(html.contains(r##"fill="#fafafa" data-code="420111000000""##));
    // The same figures as a table, and a legend.
    assert!(html.contains(r#"<table id="map-figures">"#));
    assert!(
        html.contains("<td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">0%</td>"),
        "{html}"
    );
    assert!(html.contains("<ul class=\"legend\">") && html.contains("无上报单位"));
    let en = get_as(&state, Some(&centre), "/?date=2020-03-20&lang=en")
        .await
        .body;
    assert!(
        en.contains("江岸区: 100% (2 of 2 reporting units epidemic-free)"),
        "{en}"
    );

    // The public page: communities and villages, each district a link to its row.
    let public = get_as(&state, None, "/public?date=2020-03-20").await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert!(
        public.body.contains(
            r##"<a href="#d-420102000000" aria-label="江岸区：100%（1 个社区和村中 1 个无疫情）">"##
        ),
        "{}",
        public.body
    );
    assert!(public.body.contains(r#"id="d-420102000000""#));
    assert!(
        !public.body.contains(r#"<table id="map-figures">"#),
        "its own table has the figures"
    );
}

#[tokio::test]
async fn the_offices_map_shades_districts_by_new_cases_or_reports_not_in() {
    use crate::support::{account, get_as, post_json, session, token};
    use fangkong_domain::access::Role;
    let (_dir, state) = two_real_districts().await;
    let id = account(&state, "centre", Role::CommandCentre, "420100000000").await;
    let centre = session(&state, id).await;
    account(&state, "worker", Role::CommunityWorker, "M1").await;
    let key = token(&state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let filed = post_json(
        &state,
        "/api/v1/reports",
        &[("authorization", format!("Bearer {key}").as_str())],
        serde_json::json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 2, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"}),
    )
    .await;
    assert!(filed.status.is_success(), "{}", filed.body);
    let page = |uri: &'static str| {
        let state = &state;
        let centre = &centre;
        async move { get_as(state, Some(centre), uri).await }
    };
    // New cases: 江岸区 reported 2; 江汉区 has no report yet, so no figure
    // (hatched), not zero.
    let new = page("/dashboard?date=2020-03-21&map=new").await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    assert!(
        new.body.contains("各区基层上报新增确诊（2020-03-21）"),
        "{}",
        new.body
    );
    assert!(
        new.body
            .contains(r#"data-code="420102000000" data-value="2""#),
        "{}",
        new.body
    );
    assert!(
        new.body
            .contains(r#"fill="url(#map-none)" data-code="420103000000" data-value="—""#)
    );
    assert!(
        new.body
            .contains(r#"aria-label="江岸区：上报新增确诊 2 例""#)
    );
    assert!(
        new.body
            .contains(r#"<strong aria-current="true">上报新增确诊</strong>"#)
    );
    // The day before, every report in and none with a case: zeros, shaded.
    let quiet = page("/dashboard?date=2020-03-20&map=new").await;
    assert!(
        quiet
            .body
            .contains(r#"data-code="420103000000" data-value="0""#)
    );
    // Reports not in: today's are not yet due (1 of 江岸区's two, 江汉区's one).
    let today = page("/dashboard?date=2020-03-21&map=unreported").await;
    assert!(
        today
            .body
            .contains("各区未报单位数（未到截止时间，2020-03-21）"),
        "{}",
        today.body
    );
    assert!(
        today
            .body
            .contains(r#"data-code="420102000000" data-value="1""#)
    );
    assert!(
        today
            .body
            .contains(r#"data-code="420103000000" data-value="1""#)
    );
    // 03-19's fell due at 10:00 on 03-20, whatever the hour on the fixed 03-21.
    let before = page("/dashboard?date=2020-03-19&map=unreported").await;
    assert!(
        before.body.contains("各区逾期未报单位数（2020-03-19）"),
        "{}",
        before.body
    );
    assert!(
        before
            .body
            .contains(r#"data-code="420102000000" data-value="0""#)
    );
    // The share stays the default, and a measure not known is named.
    let default = page("/dashboard?date=2020-03-20").await;
    assert!(
        default
            .body
            .contains(r#"data-code="420102000000" data-value="100%""#)
    );
    let bad = page("/dashboard?map=deaths").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn each_role_starts_on_its_work() {
    use crate::support::{account, get_as, session};
    use fangkong_domain::access::Role;
    let f = fixture().await;
    let district = account(&f.state, "district", Role::District, "D").await;
    let district = session(&f.state, district).await;
    let medical = account(&f.state, "medical", Role::Medical, "C").await;
    let medical = session(&f.state, medical).await;
    for (who, to) in [
        (&f.worker, "/report?lang=zh"),
        (&f.hotline, "/appeals/new?lang=zh"),
        (&district, "/units/D?lang=zh"),
        (&medical, "/followup?lang=zh"),
    ] {
        let start = get_as(&f.state, Some(who), "/").await;
        assert_eq!(start.status, StatusCode::SEE_OTHER, "{to}");
        assert_eq!(start.headers["location"], to);
        let followed = get_as(&f.state, Some(who), to).await;
        assert_eq!(followed.status, StatusCode::OK, "{to}: {}", followed.body);
    }
    let en = get_as(&f.state, Some(&f.worker), "/?lang=en").await;
    assert_eq!(en.headers["location"], "/report?lang=en");
    // The command centre starts on the dashboard, which every role reaches
    // from its header.
    let centre = get_as(&f.state, Some(&f.centre), "/").await;
    assert_eq!(centre.status, StatusCode::OK);
    assert!(
        centre
            .body
            .contains(r#"<form class="date" method="get" action="/dashboard">"#)
    );
    let board = get_as(&f.state, Some(&f.worker), "/dashboard").await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(
        board
            .body
            .contains(r#"<a href="/dashboard?lang=zh">总览</a>"#)
    );
    // The worker's list says how many of her units are still to report.
    let list = get_as(&f.state, Some(&f.worker), "/report?date=2020-03-21").await;
    assert!(
        list.body
            .contains(r#"<span id="still-to-file">这一天还有 2 个单位未报</span>"#),
        "{}",
        list.body
    );
    let en = get_as(&f.state, Some(&f.worker), "/report?date=2020-03-21&lang=en").await;
    assert!(
        en.body.contains("2 units still to report for this day"),
        "{}",
        en.body
    );
}

#[tokio::test]
async fn every_page_has_an_icon_and_a_skip_link_to_its_content() {
    use crate::support::get_as;
    let f = fixture().await;
    let icon = get_as(&f.state, None, "/favicon.ico").await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.headers["content-type"], "image/svg+xml");
    assert!(icon.body.starts_with("<svg"));
    for (who, path, skip) in [
        (None, "/login", "跳到正文"),
        (None, "/public?lang=en", "Skip to the content"),
        (Some(&f.centre), "/dashboard", "跳到正文"),
    ] {
        let page = get_as(&f.state, who, path).await;
        assert!(
            page.body
                .contains(&format!(r##"<a class="skip" href="#main">{skip}</a>"##)),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains(r#"<main id="main">"#), "{path}");
        assert!(
            page.body
                .contains(r#"<link rel="icon" href="/favicon.ico""#)
        );
    }
    // No link is a bare symbol: the drill-down's "all" filter says so.
    let board = get_as(&f.state, Some(&f.centre), "/dashboard?date=2020-03-20").await;
    assert!(board.body.contains("&lang=zh\">全部</a>"), "{}", board.body);
    assert!(!board.body.contains(">∗<"));
}

#[tokio::test]
async fn the_dashboard_and_the_public_page_lead_with_the_headline_figures() {
    use crate::support::{account, day, get_as, session};
    use fangkong_domain::access::Role;
    use fangkong_domain::published::PublishedDay;
    let (_dir, state) = two_real_districts().await;
    let city = fangkong_domain::UnitCode::parse("420100000000").expect("code");
    let city_id = state.store.units().await.expect("units").ids[&city];
    let published = |d: &str, new: i64, totals: [Option<i64>; 3]| PublishedDay {
        day: day(d),
        new_confirmed: Some(new),
        new_suspected: None,
        new_dead: None,
        new_cured: None,
        cum_confirmed: totals[0],
        cum_dead: totals[1],
        cum_cured: totals[2],
    };
    state
        .store
        .put_published(
            city_id,
            &[
                published("2020-03-19", 5, [Some(50_000), Some(2_400), Some(40_000)]),
                published("2020-03-20", 2, [Some(50_002), Some(2_403), None]),
            ],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("published");
    let id = account(&state, "centre", Role::CommandCentre, "420100000000").await;
    let centre = session(&state, id).await;
    let html = get_as(&state, Some(&centre), "/dashboard?date=2020-03-20")
        .await
        .body;
    let figure = |name: &str, html: &str| -> String {
        let at = html
            .find(&format!(r#"data-figure="{name}""#))
            .unwrap_or_else(|| panic!("{name} in {html}"));
        html[at..].split("</div>").next().unwrap_or("").to_string()
    };
    assert!(html.contains(r#"<section id="headline""#), "{html}");
    assert!(
        figure("new_confirmed", &html)
            .contains("<strong>2</strong><span class=\"change\">较前日 -3</span>")
    );
    assert!(
        figure("cum_confirmed", &html)
            .contains("<strong>50002</strong><span class=\"change\">较前日 +2</span>")
    );
    assert!(
        figure("cum_dead", &html)
            .contains("<strong>2403</strong><span class=\"change\">较前日 +3</span>")
    );
    let cured = figure("cum_cured", &html);
    assert!(
        cured.contains("<strong>—</strong>") && !cured.contains("change"),
        "missing, not zero: {cured}"
    );
    let current = figure("current_confirmed", &html);
    assert!(
        current.contains("<strong>—</strong>"),
        "no current without the cured: {current}"
    );
    // The day before: every figure, its change missing (no day before it).
    let before = get_as(&state, Some(&centre), "/dashboard?date=2020-03-19")
        .await
        .body;
    assert!(figure("current_confirmed", &before).contains("<strong>7600</strong>"));
    // The office's own figures, with their change from the day before: on
    // 03-19, whose reports fell due at 10:00 on 03-20, whatever the time of
    // day on the fixed 03-21 (03-20's are due only from 10:00).
    let office = before
        .split(r#"id="office-figures""#)
        .nth(1)
        .and_then(|o| o.split("</div></div>").next())
        .expect("office figures")
        .to_string();
    assert!(
        figure("unreported", &office).contains("逾期未报单位</span><strong>0</strong>"),
        "{office}"
    );
    let today = get_as(&state, Some(&centre), "/dashboard?date=2020-03-21")
        .await
        .body;
    assert!(
        figure("unreported", &today)
            .contains("未报单位（未到截止时间）</span><strong>3</strong><span class=\"change\">较前日 +3</span>"),
        "today's reports are not yet due, not late: {today}"
    );
    // A day not published has no strip rather than a row of zeros.
    let unpublished = get_as(&state, Some(&centre), "/dashboard?date=2020-03-10")
        .await
        .body;
    assert!(!unpublished.contains(r#"<section id="headline""#));

    let public = get_as(&state, None, "/public?date=2020-03-20&lang=en")
        .await
        .body;
    assert!(
        figure("new_confirmed", &public).contains("New today"),
        "{public}"
    );
    assert!(figure("new_confirmed", &public).contains("-3 on the day before"));
    let json = get_as(&state, None, "/public.json?date=2020-03-20")
        .await
        .json();
    let last = json["series"]
        .as_array()
        .and_then(|s| s.last().cloned())
        .expect("series");
    assert_eq!(last["cum_confirmed"], 50_002);
    assert!(last["cum_cured"].is_null());
}

#[tokio::test]
async fn below_a_district_the_units_under_a_page_are_tiles_shaded_like_the_map() {
    use fangkong_domain::UnitKind;
    // K2 has a contact on the 15th: 二街道 is not free on the 20th.
    let (_dir, state) = crate::support::state_of(
        &[
            ("C", "测试市", UnitKind::City, None),
            ("D", "测试区", UnitKind::District, Some("C")),
            ("S1", "一街道", UnitKind::Subdistrict, Some("D")),
            ("S2", "二街道", UnitKind::Subdistrict, Some("D")),
            ("M1", "一社区", UnitKind::Community, Some("S1")),
            ("M2", "二社区", UnitKind::Community, Some("S2")),
            ("K1", "一号小区", UnitKind::Compound, Some("M1")),
            ("K2", "二号小区", UnitKind::Compound, Some("M2")),
        ],
        &["K1", "K2"],
        |u, d| u32::from(u == "K2" && d == 15),
    )
    .await;
    let centre = crate::support::account(
        &state,
        "centre",
        fangkong_domain::access::Role::CommandCentre,
        "C",
    )
    .await;
    let s = crate::support::session(&state, centre).await;
    let page = crate::support::get_as(&state, Some(&s), "/units/D?date=2020-03-20").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains(r#"<svg class="map tiles""#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"data-code="S1" data-value="100%""#));
    assert!(page.body.contains(r#"data-code="S2" data-value="0%""#));
    assert!(
        page.body.contains("测试区下级单位"),
        "the title says what the tiles are"
    );
    // A unit whose children report themselves has its table, not tiles.
    let community = crate::support::get_as(&state, Some(&s), "/units/M1?date=2020-03-20").await;
    assert!(!community.body.contains("map tiles"));
}

#[tokio::test]
async fn a_unit_s_day_of_reports_downloads_with_a_column_per_count_and_measure() {
    use crate::support::get_as;
    let f = fixture().await;
    let page = get_as(&f.state, Some(&f.centre), "/units/M?date=2020-03-10").await;
    assert!(
        page.body
            .contains(r#"href="/units/M/reports.csv?date=2020-03-10""#),
        "{}",
        page.body
    );
    let csv = get_as(
        &f.state,
        Some(&f.centre),
        "/units/M/reports.csv?date=2020-03-10",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "date,unit,name,revision,new_confirmed,new_suspected,new_close_contacts,new_fever,\
         closed_management,screening,disinfection,supplies,stability,publicity,reporter,reason"
    );
    assert_eq!(
        lines.len(),
        3,
        "K1 and K2, not V (not under M): {}",
        csv.body
    );
    assert!(
        lines[1].starts_with("2020-03-10,K1,一号小区,1,0,0,2,0,1,1,1,1,1,1,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("2020-03-10,K2,二号小区,1,0,0,0,0,"),
        "{}",
        lines[2]
    );
    let xlsx = get_as(
        &f.state,
        Some(&f.centre),
        "/units/M/reports.xlsx?date=2020-03-10",
    )
    .await;
    assert!(xlsx.status == StatusCode::OK && xlsx.body.starts_with("PK"));
    // Only where the account reads reports: not the city's for M's worker.
    let refused = get_as(
        &f.state,
        Some(&f.worker),
        "/units/C/reports.csv?date=2020-03-10",
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("K1"));
}
