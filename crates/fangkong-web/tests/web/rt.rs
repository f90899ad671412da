//! Rt on the web (issue 8): the API's windows against the reference computation,
//! its refusals, and the chart with the line R = 1 under the dashboard's trend.

use axum::http::StatusCode;
use fangkong_domain::published::PublishedDay;

use crate::support::{code, day, fixture, get_as};

/// The city publishes a growing series over twelve days, the same one as the
/// domain's reference test (scripts/rt-reference.py 4.7 2.9 7 …).
async fn with_published() -> crate::support::Fixture {
    let f = fixture().await;
    let ids = f.state.store.units().await.expect("units").ids;
    let counts = [1, 2, 4, 8, 12, 20, 30, 45, 60, 80, 90, 100];
    let days: Vec<PublishedDay> = counts
        .iter()
        .enumerate()
        .map(|(i, c)| PublishedDay {
            day: day("2020-03-01").plus_days(i as i32).expect("day"),
            new_confirmed: Some(*c),
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
        .put_published(ids[&code("C")], &days, jiff::Timestamp::now(), "test")
        .await
        .expect("published");
    f
}

#[tokio::test]
async fn rt_comes_per_window_as_the_reference_computes_it() {
    let f = with_published().await;
    let api = get_as(&f.state, Some(&f.centre), "/api/v1/rt/C").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let doc = api.json();
    assert_eq!(doc["source"], "published");
    assert_eq!(doc["min_cases"], 11.0);
    let windows = doc["windows"].as_array().expect("windows");
    assert_eq!(
        windows.len(),
        5,
        "12 days, windows of 7 from the second day"
    );
    assert_eq!(windows[0]["window_start"], "2020-03-02");
    assert_eq!(windows[0]["window_end"], "2020-03-08");
    let mean = windows[0]["mean"].as_f64().expect("mean");
    assert!((mean - 5.689854076).abs() < 1e-8, "{mean}");
    let q975 = windows[4]["q975"].as_f64().expect("q975");
    assert!((q975 - 3.515514516).abs() < 1e-8, "{q975}");
    assert!(
        windows[0]["doubling_time"]
            .as_f64()
            .is_some_and(|d| d > 0.0)
    );
    // Other settings and refusals.
    let short = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/rt/C?window=3&si_mean=2.6&si_sd=1.5",
    )
    .await;
    assert_eq!(short.json()["windows"].as_array().map(Vec::len), Some(9));
    let bad = get_as(&f.state, Some(&f.centre), "/api/v1/rt/C?si_mean=0.5").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let window = get_as(&f.state, Some(&f.centre), "/api/v1/rt/C?window=0").await;
    assert_eq!(window.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reports = get_as(&f.state, Some(&f.centre), "/api/v1/rt/C?source=reports").await;
    let rows = reports.json()["windows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        rows.iter().all(|w| w["too_few_cases"] == true),
        "no case in the reports: every window leans on the prior"
    );
    let outside = get_as(&f.state, None, "/api/v1/rt/C").await;
    assert_eq!(outside.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_dashboard_draws_rt_under_the_trend_with_the_line_r_equals_one() {
    let f = with_published().await;
    let page = get_as(&f.state, Some(&f.centre), "/?date=2020-03-12").await;
    assert_eq!(page.status, StatusCode::OK);
    let rt = &page.body[page.body.find(r#"<div id="rt" "#).expect("an Rt block")..];
    assert_eq!(rt.matches(r#"class="r-one""#).count(), 1);
    assert_eq!(rt.matches("<circle").count(), 5);
    assert!(
        page.body
            .contains("Rt 3.20（95% 区间 2.91–3.52；2020-03-06–2020-03-12"),
        "the last window's figures in words"
    );
    let unit = get_as(
        &f.state,
        Some(&f.centre),
        "/units/C?date=2020-03-12&lang=en",
    )
    .await;
    assert!(
        unit.body.contains("Rt 3.20 (95% interval 2.91–3.52"),
        "{}",
        unit.body
    );
}
