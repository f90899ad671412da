//! The fixture of the HTTP tests: a small city on a real SQLite file, accounts of
//! several roles with open sessions, and requests sent in-process with `oneshot`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fangkong_domain::access::{Password, Role, Username};
use fangkong_domain::report::MeasuresInPlace;
use fangkong_domain::unit::{UnitRecord, UnitVersion};
use fangkong_domain::{Count, DailyReport, Day, UnitCode, UnitKind};
use fangkong_store::{NewAccount, NewRevision, Store};
use fangkong_web::state::Clock;
use fangkong_web::{AppState, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).expect("code")
}

pub fn day(s: &str) -> Day {
    Day::parse(s).expect("day")
}

/// A city with one district, one subdistrict, a community with two compounds and a
/// village; 20 days of clean reports, except a close contact in K1 on 2020-03-10.
pub async fn state() -> (tempfile::TempDir, AppState) {
    // Clean reports, except a close contact in K1 on 2020-03-10.
    state_of(
        &[
            ("C", "测试市", UnitKind::City, None),
            ("D", "测试区", UnitKind::District, Some("C")),
            ("S", "测试街道", UnitKind::Subdistrict, Some("D")),
            ("M", "测试社区", UnitKind::Community, Some("S")),
            ("K1", "一号小区", UnitKind::Compound, Some("M")),
            ("K2", "二号小区", UnitKind::Compound, Some("M")),
            ("V", "测试村", UnitKind::Village, Some("S")),
        ],
        &["K1", "K2", "V"],
        |unit, d| u32::from(unit == "K1" && d == 10) * 2,
    )
    .await
}

/// A city of `units` whose `reporting` units reported every day from
/// 2020-03-01 to 03-20, with `contacts(unit, day)` close contacts and nothing
/// else, served as on 2020-03-21.
pub async fn state_of(
    units: &[(&str, &str, UnitKind, Option<&str>)],
    reporting: &[&str],
    contacts: impl Fn(&str, u32) -> u32,
) -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().expect("dir");
    let store = scratch_store(&dir, "web.db").await;
    add_units(&store, units).await;
    add_reports(&store, reporting, 1..=20, contacts).await;
    let rules = toml_free_rules();
    let state = AppState::load(store, rules, Clock::Fixed(day("2020-03-21")))
        .await
        .expect("state");
    (dir, state)
}

/// A fresh store: a SQLite file `file` in `dir`, or, when
/// `FANGKONG_TEST_POSTGRES` names a PostgreSQL server, a database of its own
/// there (created on first use; `scripts/test.sh` drops them afterwards).
pub async fn scratch_store(dir: &tempfile::TempDir, file: &str) -> Store {
    Store::connect(&scratch_location(dir, file))
        .await
        .expect("store")
}

/// Where [`scratch_store`] puts its database.
pub fn scratch_location(dir: &tempfile::TempDir, file: &str) -> fangkong_store::Location {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    match std::env::var("FANGKONG_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            fangkong_store::Location::Postgres(format!(
                "{}/fk_w_{}_{}_{nanos}",
                server.trim_end_matches('/'),
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ))
        }
        _ => fangkong_store::Location::Sqlite(dir.path().join(file)),
    }
}

/// Adds units (code, name, kind, parent) to the store.
pub async fn add_units(store: &Store, units: &[(&str, &str, UnitKind, Option<&str>)]) {
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
        .add_units(&versions, jiff::Timestamp::now(), "test")
        .await
        .expect("units");
}

/// Files a report for each unit on each day of March 2020 in `days`, all
/// measures in place, with `contacts(unit, day)` close contacts.
pub async fn add_reports(
    store: &Store,
    units: &[&str],
    days: std::ops::RangeInclusive<u32>,
    contacts: impl Fn(&str, u32) -> u32,
) {
    let ids = store.units().await.expect("units").ids;
    let mut rows = Vec::new();
    for d in days {
        for unit in units {
            rows.push(NewRevision {
                unit_id: ids[&code(unit)],
                revision: 1,
                reason: None,
                provenance: Default::default(),
                report: DailyReport {
                    day: day(&format!("2020-03-{d:02}")),
                    unit: code(unit),
                    new_confirmed: Count::ZERO,
                    new_suspected: Count::ZERO,
                    new_close_contacts: Count::new(contacts(unit, d)),
                    new_fever: Count::ZERO,
                    measures: MeasuresInPlace::ALL,
                    reporter: "王芳".into(),
                    remark: None,
                    backlog: Count::ZERO,
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
}

pub fn toml_free_rules() -> fangkong_domain::config::RulesConfig {
    let mut rules = fangkong_domain::config::RulesConfig::default();
    rules.policy.insert(
        "community".into(),
        fangkong_domain::config::KindPolicy {
            epidemic_free: "小区间有序流动".into(),
            not_free: "社区封闭管理".into(),
        },
    );
    // Two validation rules, one of each severity, as a rules file would give them.
    let quality: fangkong_domain::quality::QualityRules = serde_json::from_value(serde_json::json!({
        "rules": [
            {"name": "fever_cap", "left": "new_fever", "operator": "<=", "right": "20", "severity": "error"},
            {"name": "many_suspected", "left": "new_suspected", "operator": "<=", "right": "5", "severity": "warning"}
        ]
    }))
    .expect("quality rules");
    rules.quality = quality;
    rules
}

/// A signed-in browser: its session cookie and CSRF token.
#[derive(Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
}

/// The small city with an account of each kind that matters here, each signed in.
pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub state: AppState,
    /// The command centre (scope C).
    pub centre: Session,
    /// A community worker of M (K1, K2).
    pub worker: Session,
    /// A hotline operator (scope C).
    pub hotline: Session,
}

pub const PASSWORD: &str = "fangkong-test";

/// Adds an account; returns its key.
pub async fn account(state: &AppState, name: &str, role: Role, scope: &str) -> i64 {
    state
        .store
        .add_account(
            &NewAccount {
                username: Username::parse(name).expect("name"),
                display_name: name.to_string(),
                role,
                scope: code(scope),
                password: Password::new(PASSWORD).expect("password"),
            },
            jiff::Timestamp::now(),
            Some("test"),
        )
        .await
        .expect("account")
        .id
}

/// Issues a bearer token for account `name`, expiring `valid_for` from now (a
/// negative span gives a token already expired).
pub async fn token(state: &AppState, name: &str, valid_for: jiff::SignedDuration) -> String {
    let account = state
        .store
        .account_named(&Username::parse(name).expect("name"))
        .await
        .expect("account");
    let now = jiff::Timestamp::now();
    let expires = now.checked_add(valid_for).expect("expiry");
    state
        .store
        .issue_token(account.id, "test", now, expires)
        .await
        .expect("token")
}

/// Opens a session for the account without the login form (the form has its own tests).
pub async fn session(state: &AppState, user_id: i64) -> Session {
    let s = state
        .store
        .open_session(
            user_id,
            jiff::Timestamp::now(),
            jiff::SignedDuration::from_hours(1),
        )
        .await
        .expect("session");
    Session {
        token: s.token,
        csrf: s.csrf_token,
    }
}

pub async fn fixture() -> Fixture {
    let (dir, state) = state().await;
    let centre = account(&state, "centre", Role::CommandCentre, "C").await;
    let worker = account(&state, "worker", Role::CommunityWorker, "M").await;
    let hotline = account(&state, "hotline", Role::HotlineOperator, "C").await;
    Fixture {
        centre: session(&state, centre).await,
        worker: session(&state, worker).await,
        hotline: session(&state, hotline).await,
        state,
        _dir: dir,
    }
}

/// A response: status, headers, body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends a request built by `build`.
pub async fn send(state: &AppState, request: Request<Body>) -> Answer {
    let response = app(state.clone()).oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// GET as a signed-in browser (or anonymously with `None`).
pub async fn get_as(state: &AppState, who: Option<&Session>, uri: &str) -> Answer {
    let mut b = Request::builder().uri(uri);
    if let Some(s) = who {
        b = b.header("cookie", format!("fk_session={}", s.token));
    }
    send(state, b.body(Body::empty()).expect("request")).await
}

/// POST a form as a signed-in browser.
pub async fn post_form(
    state: &AppState,
    who: Option<&Session>,
    uri: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut b = Request::builder()
        .method("POST")
        .uri(uri)
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(s) = who {
        b = b.header("cookie", format!("fk_session={}", s.token));
    }
    send(state, b.body(Body::from(body)).expect("request")).await
}

/// POST JSON with optional extra headers.
pub async fn post_json(
    state: &AppState,
    uri: &str,
    headers: &[(&str, &str)],
    json: serde_json::Value,
) -> Answer {
    let mut b = Request::builder()
        .method("POST")
        .uri(uri)
        .header("content-type", "application/json");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    send(
        state,
        b.body(Body::from(json.to_string())).expect("request"),
    )
    .await
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// GET as the command centre: status and body.
pub async fn get(f: &Fixture, uri: &str) -> (StatusCode, String) {
    let a = get_as(&f.state, Some(&f.centre), uri).await;
    (a.status, a.body)
}

/// Puts each `(person_id, unit, phone)` on the roster as a community cadre,
/// signed in as the account of the same name, on duty on `on` (the kept rota).
pub async fn add_roster(store: &Store, people: &[(&str, &str, &str)], on: &str) {
    use fangkong_domain::rota::{Duty, Profile, Rostered, Staff, StaffKind};
    let ids = store.units().await.expect("units").ids;
    let rostered: Vec<(Rostered, i64)> = people
        .iter()
        .map(|(id, unit, phone)| {
            (
                Rostered {
                    staff: Staff {
                        id: id.to_string(),
                        name: format!("值班员{id}"),
                        kind: StaffKind::CommunityCadre,
                        unit: code(unit),
                        away: Default::default(),
                        left_on: None,
                        pair: None,
                    },
                    profile: Profile {
                        phone: Some(phone.to_string()),
                        account: Some(id.to_string()),
                        ..Profile::default()
                    },
                },
                ids[&code(unit)],
            )
        })
        .collect();
    let now = jiff::Timestamp::now();
    store
        .put_staff(&rostered, day(on), now, "test")
        .await
        .expect("roster");
    let staff: Vec<Staff> = rostered.iter().map(|(r, _)| r.staff.clone()).collect();
    let duties: Vec<Duty> = staff
        .iter()
        .enumerate()
        .map(|(person, s)| Duty {
            day: day(on),
            unit: s.unit.clone(),
            pair: None,
            post: None,
            person,
        })
        .collect();
    store
        .put_rota(&staff, &duties, day(on), day(on), now, "test")
        .await
        .expect("rota");
}
