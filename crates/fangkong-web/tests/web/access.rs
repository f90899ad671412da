//! Who may see and do what: signing in, sessions, CSRF, rate limits, bearer
//! tokens, and every kind of refusal, each audited.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fangkong_domain::access::{Role, Username};
use fangkong_store::{AuditFilter, Outcome};
use serde_json::json;

use crate::support::{
    PASSWORD, account, fixture, get_as, post_form, post_json, send, state, token,
};

async fn denied_entries(
    f: &fangkong_web::AppState,
    actor: &str,
) -> Vec<fangkong_store::AuditEntry> {
    f.store
        .audit_entries(&AuditFilter {
            actor: Some(actor.into()),
            outcome: Some(Outcome::Denied),
            ..AuditFilter::default()
        })
        .await
        .expect("audit")
}

#[tokio::test]
async fn without_a_session_pages_go_to_the_login_and_the_api_says_401() {
    let f = fixture().await;
    let a = get_as(&f.state, None, "/units/M?date=2020-03-20").await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(
        a.headers["location"],
        "/login?next=/units/M%3Fdate%3D2020-03-20"
    );
    for uri in [
        "/api/v1/status",
        "/api/v1/units/M",
        "/api/v1/phases/C",
        "/api/v1/reports/K1/2020-03-20",
    ] {
        let a = get_as(&f.state, None, uri).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(a.json()["code"], "unauthenticated", "{uri}");
    }
    let a = post_json(&f.state, "/api/v1/reports", &[], json!({})).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // A stale cookie is no session either.
    let stale = crate::support::Session {
        token: "0".repeat(64),
        csrf: String::new(),
    };
    assert_eq!(
        get_as(&f.state, Some(&stale), "/").await.status,
        StatusCode::SEE_OTHER
    );
    // The OpenAPI document is public.
    assert_eq!(
        get_as(&f.state, None, "/api/v1/openapi.json").await.status,
        StatusCode::OK
    );
}

/// Signs in through the form: returns the response to the POST.
async fn login(
    state: &fangkong_web::AppState,
    name: &str,
    password: &str,
) -> crate::support::Answer {
    let page = get_as(state, None, "/login?next=/units/M").await;
    assert_eq!(page.status, StatusCode::OK);
    let cookie = page.headers["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_string();
    assert!(
        cookie.starts_with("fk_login=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
    );
    let token = cookie["fk_login=".len()..]
        .split(';')
        .next()
        .expect("value")
        .to_string();
    assert!(
        page.body
            .contains(&format!(r#"name="login_token" value="{token}""#))
    );
    let body = format!("username={name}&password={password}&login_token={token}&next=%2Funits%2FM");
    send(
        state,
        Request::builder()
            .method("POST")
            .uri("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("fk_login={token}"))
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

#[tokio::test]
async fn the_login_form_opens_a_secure_session_and_goes_back() {
    let (_dir, state) = state().await;
    account(&state, "wangfang", Role::CommunityWorker, "M").await;
    let a = login(&state, "wangfang", PASSWORD).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.headers["location"], "/units/M");
    let cookies: Vec<&str> = a
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("fk_session="))
        .expect("session cookie");
    for attr in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(session.contains(attr), "{attr} in {session}");
    }
    let token = session["fk_session=".len()..]
        .split(';')
        .next()
        .expect("value");
    let s = crate::support::Session {
        token: token.into(),
        csrf: String::new(),
    };
    let page = get_as(&state, Some(&s), "/units/M?date=2020-03-20").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("wangfang"),
        "the header names who is signed in"
    );
    let logins = state
        .store
        .audit_entries(&AuditFilter {
            action: Some("login".into()),
            ..AuditFilter::default()
        })
        .await
        .expect("audit");
    assert_eq!(logins[0].outcome, Outcome::Done);
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_the_sixth_try_is_rate_limited() {
    let (_dir, state) = state().await;
    account(&state, "wangfang", Role::CommunityWorker, "M").await;
    for _ in 0..5 {
        let a = login(&state, "wangfang", "not-the-password").await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert!(a.body.contains("用户名或密码错误"));
        assert!(
            !a.headers
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().is_ok_and(|c| c.starts_with("fk_session=")))
        );
    }
    let a = login(&state, "wangfang", PASSWORD).await;
    assert_eq!(
        a.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(a.headers.contains_key("retry-after"));
    let failures = state
        .store
        .audit_entries(&AuditFilter {
            action: Some("login".into()),
            outcome: Some(Outcome::Denied),
            ..AuditFilter::default()
        })
        .await
        .expect("audit");
    assert_eq!(failures.len(), 6);
    assert_eq!(failures[0].target.as_deref(), Some("wangfang"));
    // An unknown name is told the same as a wrong password.
    let a = login(&state, "nobody", PASSWORD).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_locked_name_stays_locked_across_a_restart() {
    // See: issue 15 (lockouts were forgotten on restart).
    let (_dir, state) = state().await;
    account(&state, "wangfang", Role::CommunityWorker, "M").await;
    for _ in 0..5 {
        login(&state, "wangfang", "not-the-password").await;
    }
    let restarted = fangkong_web::AppState::load(
        state.store.clone(),
        crate::support::toml_free_rules(),
        fangkong_web::state::Clock::Fixed(crate::support::day("2020-03-21")),
    )
    .await
    .expect("state");
    let a = login(&restarted, "wangfang", PASSWORD).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
}

#[tokio::test]
async fn a_guesser_behind_a_shared_address_slows_it_but_locks_nobody_else_out() {
    // See: issue 15 (the per-address lockout locked every account behind a
    // shared address). Every in-process request comes from one address.
    let (_dir, state) = state().await;
    account(&state, "wangfang", Role::CommunityWorker, "M").await;
    for i in 0..21 {
        let a = login(&state, &format!("guess{i}"), "not-the-password").await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let started = std::time::Instant::now();
    let a = login(&state, "wangfang", PASSWORD).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    // Slowed (a quarter second doubled for each failure past 20), not refused.
    assert!(started.elapsed() >= std::time::Duration::from_millis(500));
}

#[tokio::test]
async fn a_login_without_its_form_token_is_refused() {
    let (_dir, state) = state().await;
    account(&state, "wangfang", Role::CommunityWorker, "M").await;
    let a = post_form(
        &state,
        None,
        "/login",
        &[
            ("username", "wangfang"),
            ("password", PASSWORD),
            ("login_token", "forged"),
        ],
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_community_worker_outside_their_subtree_gets_403_and_an_audit_line() {
    let f = fixture().await;
    // V is beside M (same subdistrict): neither its page, its form, nor its reports.
    for uri in [
        "/units/V?date=2020-03-20",
        "/report/V",
        "/api/v1/units/V",
        "/api/v1/reports/V/2020-03-20",
        "/api/v1/phases/V",
    ] {
        let a = get_as(&f.state, Some(&f.worker), uri).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{uri}: {}", a.body);
    }
    let a = post_form(
        &f.state,
        Some(&f.worker),
        "/report/V",
        &[
            ("csrf", &f.worker.csrf),
            ("date", "2020-03-21"),
            ("new_confirmed", "0"),
            ("new_suspected", "0"),
            ("new_close_contacts", "0"),
            ("new_fever", "0"),
            ("reporter", "worker"),
        ],
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let denied = denied_entries(&f.state, "worker").await;
    assert_eq!(denied.len(), 6, "every refusal is audited: {denied:?}");
    assert!(denied.iter().all(|e| {
        e.reason
            .as_deref()
            .is_some_and(|r| r.contains("outside the scope"))
    }));
    assert!(
        denied
            .iter()
            .any(|e| e.action == "access.file_report"
                && e.target.as_deref() == Some("POST /report/V"))
    );
    // Above the scope is readable: the totals the worker's units feed into.
    assert_eq!(
        get_as(&f.state, Some(&f.worker), "/units/S?date=2020-03-20")
            .await
            .status,
        StatusCode::OK
    );
    // …but without the reports of units beside.
    let reports_on = |body: &str| -> Vec<String> {
        body.split(r#"<table id="reports""#)
            .nth(1)
            .and_then(|t| t.split("</table>").next())
            .unwrap_or("")
            .split(r#"<tr data-unit=""#)
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .map(str::to_string)
            .collect()
    };
    let s = get_as(&f.state, Some(&f.worker), "/units/S?date=2020-03-20").await;
    assert_eq!(
        reports_on(&s.body),
        Vec::<String>::new(),
        "no report of S's units (V's among them) for M's worker"
    );
    let m = get_as(&f.state, Some(&f.worker), "/units/M?date=2020-03-20").await;
    assert_eq!(reports_on(&m.body), ["K1", "K2"], "her own units' reports");
}

#[tokio::test]
async fn roles_that_do_not_report_get_403_on_the_form_and_the_api() {
    let f = fixture().await;
    for who in [&f.hotline, &f.centre] {
        assert_eq!(
            get_as(&f.state, Some(who), "/report/K1").await.status,
            StatusCode::FORBIDDEN
        );
        let a = post_json(
            &f.state,
            "/api/v1/reports",
            &[
                ("cookie", &format!("fk_session={}", who.token)),
                ("x-csrf-token", &who.csrf),
            ],
            json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "x"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
        assert_eq!(a.json()["code"], "forbidden");
    }
    let denied = denied_entries(&f.state, "hotline").await;
    assert!(
        denied[0]
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("may not file reports")),
        "{denied:?}"
    );
}

#[tokio::test]
async fn a_missing_or_wrong_csrf_token_is_refused() {
    let f = fixture().await;
    let fields = |csrf: &'static str| {
        vec![
            ("csrf", csrf),
            ("date", "2020-03-21"),
            ("new_confirmed", "0"),
            ("new_suspected", "0"),
            ("new_close_contacts", "0"),
            ("new_fever", "0"),
            ("reporter", "worker"),
        ]
    };
    let a = post_form(&f.state, Some(&f.worker), "/report/K1", &fields("wrong")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = post_json(
        &f.state,
        "/api/v1/reports",
        &[("cookie", &format!("fk_session={}", f.worker.token))],
        json!({"unit": "K1", "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "worker"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.json()["code"], "csrf");
    let logout = post_form(&f.state, Some(&f.worker), "/logout", &[("csrf", "wrong")]).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);
    let denied = denied_entries(&f.state, "worker").await;
    assert_eq!(
        denied.iter().filter(|e| e.action == "access.csrf").count(),
        3
    );
    assert!(
        f.state
            .store
            .report_history(
                &crate::support::code("K1"),
                crate::support::day("2020-03-21")
            )
            .await
            .expect("history")
            .is_empty()
    );
}

#[tokio::test]
async fn bearer_tokens_work_until_they_expire_or_their_account_is_disabled() {
    let f = fixture().await;
    let live = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let expired = token(&f.state, "worker", jiff::SignedDuration::from_secs(-1)).await;
    let now = jiff::Timestamp::now();
    let worker = f
        .state
        .store
        .account_named(&Username::parse("worker").expect("name"))
        .await
        .expect("worker");
    let bearer = |t: &str| {
        Request::builder()
            .uri("/api/v1/status?date=2020-03-20")
            .header("authorization", format!("Bearer {t}"))
            .body(Body::empty())
            .expect("request")
    };
    assert_eq!(send(&f.state, bearer(&live)).await.status, StatusCode::OK);
    let a = send(&f.state, bearer(&expired)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(
        a.json()["message"]
            .as_str()
            .is_some_and(|m| m.contains("expired"))
    );
    let a = send(
        &f.state,
        Request::builder()
            .uri("/api/v1/status")
            .header("authorization", "Basic abc")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    f.state
        .store
        .disable_account(&worker.username, now, Some("test"))
        .await
        .expect("disable");
    assert_eq!(
        send(&f.state, bearer(&live)).await.status,
        StatusCode::UNAUTHORIZED,
        "disabling ends tokens"
    );
    assert_eq!(
        get_as(&f.state, Some(&f.worker), "/").await.status,
        StatusCode::SEE_OTHER,
        "and sessions"
    );
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let f = fixture().await;
    let a = post_form(
        &f.state,
        Some(&f.worker),
        "/logout",
        &[("csrf", &f.worker.csrf)],
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert!(
        a.headers["set-cookie"]
            .to_str()
            .expect("cookie")
            .contains("Max-Age=0")
    );
    assert_eq!(
        get_as(&f.state, Some(&f.worker), "/").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_revoked_token_opens_nothing_and_its_siblings_still_work() {
    let f = fixture().await;
    let hour = jiff::SignedDuration::from_hours(1);
    let kept = token(&f.state, "worker", hour).await;
    let ended = token(&f.state, "worker", hour).await;
    assert!(
        f.state
            .store
            .revoke_token(&ended, jiff::Timestamp::now(), Some("test"))
            .await
            .expect("revoke")
    );
    for (t, status) in [(&ended, StatusCode::UNAUTHORIZED), (&kept, StatusCode::OK)] {
        let a = send(
            &f.state,
            Request::builder()
                .uri("/api/v1/units/M")
                .header("authorization", format!("Bearer {t}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(a.status, status, "{}", a.body);
    }
}
