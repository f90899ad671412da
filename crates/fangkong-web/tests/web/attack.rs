//! The attack suite (issue 15): every door of the application, which is every
//! operation of the OpenAPI document and every page and Open311 route, tried
//! as every role and anonymously, against a target inside the account's scope
//! and one beside it. Whatever the access rule refuses must be a 403 (the
//! login, for nobody) with a line in the audit log; every answer must hold no
//! personal data the account may not see. A door the suite has no attempt for
//! makes it fail: a new route needs its attack here.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use fangkong_domain::access::{Action, ActionKind, Principal, Role, Username};
use fangkong_domain::{UnitKind, UnitTree};
use fangkong_store::{AuditFilter, Outcome};
use fangkong_web::AppState;
use fangkong_web::doors::{Door, Face, Need, Target};
use fangkong_web::state::Clock;
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::support::{Answer, Session, account, code, day, send, session, state, token};

/// Personal data planted in the city: what must never reach an account that
/// may not see it.
struct Plant {
    text: String,
    unit: &'static str,
    kind: Pii,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pii {
    /// A resident of the registry: unmasked for those who read personal data.
    Resident,
    /// An appeal's caller: unmasked for those who call back or visit.
    Caller,
    /// A party to a dispute: unmasked for those who read personal data.
    Party,
}

/// A resident ID with its check character (GB 11643).
fn resident_id(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).expect("digit") * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// One attack account: its role and scope, and how it signs in.
pub(crate) struct Attacker {
    pub(crate) name: &'static str,
    pub(crate) principal: Principal,
    session: Session,
    token: String,
}

/// The city with a second district beside D, people, appeals and disputes on
/// both sides, and the accounts.
pub(crate) struct City {
    pub(crate) state: AppState,
    _dir: tempfile::TempDir,
    pub(crate) attackers: Vec<Attacker>,
    plants: Vec<Plant>,
    /// Refs on each side: (inside D, beside it).
    dispute: (String, String),
    /// An alert on each side: (kind, key, unit).
    alert: ((String, String, String), (String, String, String)),
    pub(crate) tree: UnitTree,
}

pub(crate) async fn city() -> City {
    let (dir, base) = state().await;
    let store = base.store.clone();
    crate::support::add_units(
        &store,
        &[
            ("D2", "第二区", UnitKind::District, Some("C")),
            ("S2", "第二街道", UnitKind::Subdistrict, Some("D2")),
            ("M2", "第二社区", UnitKind::Community, Some("S2")),
            ("K3", "三号小区", UnitKind::Compound, Some("M2")),
        ],
    )
    .await;
    // K3 reports clean every day to 03-20, like D's compounds; on the 21st a
    // close contact in K2 and in K3 takes their status: an alert on each side.
    crate::support::add_reports(&store, &["K3"], 1..=20, |_, _| 0).await;
    crate::support::add_reports(&store, &["K2", "K3"], 21..=21, |_, _| 1).await;
    let state = AppState::load(
        store,
        crate::support::toml_free_rules(),
        Clock::Fixed(day("2020-03-21")),
    )
    .await
    .expect("state");

    // The data, planted through the API by accounts of the whole city.
    for (name, role) in [
        ("setup_medical", Role::Medical),
        ("setup_hotline", Role::HotlineOperator),
        ("setup_district", Role::District),
    ] {
        account(&state, name, role, "C").await;
    }
    let bearer = |t: String| format!("Bearer {t}");
    let hour = jiff::SignedDuration::from_hours(1);
    let medical = bearer(token(&state, "setup_medical", hour).await);
    let hotline = bearer(token(&state, "setup_hotline", hour).await);
    let district = bearer(token(&state, "setup_district", hour).await);
    let id_in = resident_id("42010219900101123");
    let id_out = resident_id("42010519850505567");
    let person = |r: &str, id: &str, name: &str, phone: &str, address: &str, unit: &str| {
        json!({"ref": r, "resident_id": id, "name": name, "phone": phone, "address": address,
               "unit_code": unit, "category": "close_contact", "identified_on": "2020-03-18",
               "last_exposure": "2020-03-17"})
    };
    let planted = crate::support::post_json(
        &state,
        "/api/v1/registry",
        &[("authorization", &medical)],
        json!({"people": [
            person("PIN", &id_in, "张三丰", "13911112222", "测试社区1栋101", "K1"),
            person("POUT", &id_out, "欧阳锋", "13933334444", "第二社区7栋707", "K3"),
        ]}),
    )
    .await;
    assert_eq!(planted.status, StatusCode::CREATED, "{}", planted.body);
    let appeal = |r: &str, name: &str, phone: &str, address: &str, unit: &str| {
        json!({"reference": r, "text": format!("家里老人的药吃完了，请回电{phone}"),
               "name": name, "phone": phone, "address": address, "unit": unit})
    };
    let planted = crate::support::post_json(
        &state,
        "/api/v1/appeals",
        &[("authorization", &hotline)],
        json!({"appeals": [
            appeal("AIN", "令狐冲", "13955556666", "测试社区5栋301", "K1"),
            appeal("AOUT", "任盈盈", "13977778888", "第二社区6栋602", "K3"),
        ]}),
    )
    .await;
    assert_eq!(planted.status, StatusCode::CREATED, "{}", planted.body);
    let mut disputes = Vec::new();
    for (unit, name, phone) in [
        ("M", "岳不群", "13900001111"),
        ("M2", "左冷禅", "13900002222"),
    ] {
        let d = crate::support::post_json(
            &state,
            "/api/v1/disputes",
            &[("authorization", &district)],
            json!({"unit": unit, "kind": "neighbours", "summary": "楼上漏水，邻里争执",
                   "parties": [{"name": name, "phone": phone}]}),
        )
        .await;
        assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
        disputes.push(d.json()["reference"].as_str().expect("ref").to_string());
    }
    let plants = vec![
        Plant {
            text: "张三丰".into(),
            unit: "K1",
            kind: Pii::Resident,
        },
        Plant {
            text: "13911112222".into(),
            unit: "K1",
            kind: Pii::Resident,
        },
        Plant {
            text: id_in,
            unit: "K1",
            kind: Pii::Resident,
        },
        Plant {
            text: "1栋101".into(),
            unit: "K1",
            kind: Pii::Resident,
        },
        Plant {
            text: "欧阳锋".into(),
            unit: "K3",
            kind: Pii::Resident,
        },
        Plant {
            text: "13933334444".into(),
            unit: "K3",
            kind: Pii::Resident,
        },
        Plant {
            text: id_out,
            unit: "K3",
            kind: Pii::Resident,
        },
        Plant {
            text: "7栋707".into(),
            unit: "K3",
            kind: Pii::Resident,
        },
        Plant {
            text: "令狐冲".into(),
            unit: "K1",
            kind: Pii::Caller,
        },
        Plant {
            text: "13955556666".into(),
            unit: "K1",
            kind: Pii::Caller,
        },
        Plant {
            text: "5栋301".into(),
            unit: "K1",
            kind: Pii::Caller,
        },
        Plant {
            text: "任盈盈".into(),
            unit: "K3",
            kind: Pii::Caller,
        },
        Plant {
            text: "13977778888".into(),
            unit: "K3",
            kind: Pii::Caller,
        },
        Plant {
            text: "6栋602".into(),
            unit: "K3",
            kind: Pii::Caller,
        },
        Plant {
            text: "岳不群".into(),
            unit: "M",
            kind: Pii::Party,
        },
        Plant {
            text: "13900001111".into(),
            unit: "M",
            kind: Pii::Party,
        },
        Plant {
            text: "左冷禅".into(),
            unit: "M2",
            kind: Pii::Party,
        },
        Plant {
            text: "13900002222".into(),
            unit: "M2",
            kind: Pii::Party,
        },
        // The phones of the people on duty (the roster's contacts).
        Plant {
            text: "13944445555".into(),
            unit: "M",
            kind: Pii::Resident,
        },
        Plant {
            text: "13966669999".into(),
            unit: "M2",
            kind: Pii::Resident,
        },
    ];
    crate::support::add_roster(
        &state.store,
        &[("zb01", "M", "13944445555"), ("zb02", "M2", "13966669999")],
        "2020-03-21",
    )
    .await;

    let tree = state.engine.read().await.engine.tree().clone();
    // An alert on each side, as the command centre's board lists them.
    let centre_id = account(&state, "centre", Role::CommandCentre, "C").await;
    let centre = session(&state, centre_id).await;
    let board = crate::support::get_as(&state, Some(&centre), "/api/v1/alerts").await;
    let side_of = |unit: &str| {
        let i = tree.index_of(&code(unit))?;
        let d = tree.index_of(&code("D"))?;
        let d2 = tree.index_of(&code("D2"))?;
        if tree.is_within(i, d) {
            Some(true)
        } else if tree.is_within(i, d2) {
            Some(false)
        } else {
            None
        }
    };
    let mut alert_in = None;
    let mut alert_out = None;
    for a in board.json()["alerts"].as_array().expect("alerts") {
        let (Some(kind), Some(key), Some(unit)) =
            (a["kind"].as_str(), a["key"].as_str(), a["unit"].as_str())
        else {
            continue;
        };
        let pair = Some((kind.to_string(), key.to_string(), unit.to_string()));
        match side_of(unit) {
            Some(true) if alert_in.is_none() => alert_in = pair,
            Some(false) if alert_out.is_none() => alert_out = pair,
            _ => {}
        }
    }
    let alert = (
        alert_in.unwrap_or_else(|| panic!("no alert inside D: {}", board.body)),
        alert_out.unwrap_or_else(|| panic!("no alert beside D: {}", board.body)),
    );

    let mut attackers = vec![Attacker {
        name: "centre",
        principal: principal(&state, "centre").await,
        session: centre,
        token: token(&state, "centre", hour).await,
    }];
    for (name, role, scope) in [
        ("district", Role::District, "D"),
        ("subdistrict", Role::Subdistrict, "S"),
        ("worker", Role::CommunityWorker, "M"),
        ("hotline", Role::HotlineOperator, "D"),
        ("medical", Role::Medical, "D"),
        ("admin", Role::Administrator, "D"),
    ] {
        let id = account(&state, name, role, scope).await;
        attackers.push(Attacker {
            name,
            principal: principal(&state, name).await,
            session: session(&state, id).await,
            token: token(&state, name, hour).await,
        });
    }
    City {
        state,
        _dir: dir,
        attackers,
        plants,
        dispute: (disputes[0].clone(), disputes[1].clone()),
        alert,
        tree,
    }
}

async fn principal(state: &AppState, name: &str) -> Principal {
    state
        .store
        .account_named(&Username::parse(name).expect("name"))
        .await
        .expect("account")
        .principal()
}

/// What an attempt sends.
#[derive(Clone)]
pub(crate) enum Payload {
    None,
    /// Form fields (the session's CSRF token is added for pages).
    Form(Vec<(&'static str, String)>),
    Json(Value),
    /// Bytes as they are, with their content type (the fuzz harness's).
    Raw(Vec<u8>, &'static str),
}

/// One request against a door, and the unit it is about (`None`: the
/// account's own scope, or nothing).
#[derive(Clone)]
pub(crate) struct Attempt {
    pub(crate) uri: String,
    pub(crate) payload: Payload,
    unit: Option<String>,
}

impl Attacker {
    /// The session cookie's value.
    pub(crate) fn session_token(&self) -> &str {
        &self.session.token
    }
}

impl Attempt {
    /// A plain GET of `uri`.
    pub(crate) fn page(uri: &str) -> Attempt {
        at(uri, None)
    }

    /// A form POSTed to `uri`.
    pub(crate) fn form_of(uri: &str, fields: &[(&'static str, &str)]) -> Attempt {
        form(uri, None, fields)
    }
}

fn at(uri: impl Into<String>, unit: Option<&str>) -> Attempt {
    Attempt {
        uri: uri.into(),
        payload: Payload::None,
        unit: unit.map(str::to_string),
    }
}

fn form(uri: impl Into<String>, unit: Option<&str>, fields: &[(&'static str, &str)]) -> Attempt {
    Attempt {
        uri: uri.into(),
        payload: Payload::Form(fields.iter().map(|(k, v)| (*k, v.to_string())).collect()),
        unit: unit.map(str::to_string),
    }
}

fn json_at(uri: impl Into<String>, unit: Option<&str>, body: Value) -> Attempt {
    Attempt {
        uri: uri.into(),
        payload: Payload::Json(body),
        unit: unit.map(str::to_string),
    }
}

/// The ten data elements of a report, each with a valid value.
fn dhis2_elements() -> Vec<(&'static str, &'static str)> {
    vec![
        ("FK_NEW_CONFIRMED", "0"),
        ("FK_NEW_SUSPECTED", "0"),
        ("FK_NEW_CLOSE_CONTACTS", "0"),
        ("FK_NEW_FEVER", "0"),
        ("FK_IN_PLACE_CLOSED_MANAGEMENT", "true"),
        ("FK_IN_PLACE_SCREENING", "true"),
        ("FK_IN_PLACE_DISINFECTION", "true"),
        ("FK_IN_PLACE_SUPPLIES", "true"),
        ("FK_IN_PLACE_STABILITY", "true"),
        ("FK_IN_PLACE_PUBLICITY", "true"),
    ]
}

/// The attempts against `door`: one inside D's side and, for doors about a
/// unit the request names, one beside it. `None`: the suite does not know
/// the door.
pub(crate) fn attempts(door: &Door, c: &City) -> Option<Vec<Attempt>> {
    let both = |f: &dyn Fn(bool) -> Attempt| Some(vec![f(true), f(false)]);
    let pick = |inside: bool, a: &'static str, b: &'static str| if inside { a } else { b };
    let (d_in, d_out) = (&c.dispute.0, &c.dispute.1);
    let ((ak_in, ky_in, au_in), (ak_out, ky_out, au_out)) = (&c.alert.0, &c.alert.1);
    let report = |unit: &'static str| {
        json!({"unit": unit, "date": "2020-03-21", "new_confirmed": 0, "new_suspected": 0,
               "new_close_contacts": 0, "new_fever": 0, "in_place": ["all"], "reporter": "攻击者"})
    };
    Some(match (door.method.as_str(), door.path) {
        ("GET", "/") => vec![at("/", None)],
        ("GET", "/dashboard") => vec![at("/dashboard", None)],
        ("GET", "/my/shifts") | ("GET", "/my/shifts.ics") => vec![at(door.path, None)],
        ("GET", "/units/{code}") => both(&|i| {
            at(
                format!("/units/{}", pick(i, "K1", "K3")),
                Some(pick(i, "K1", "K3")),
            )
        })?,
        ("GET", "/units/{code}/reports.csv") | ("GET", "/units/{code}/reports.xlsx") => {
            both(&|i| {
                let unit = pick(i, "M", "M2");
                at(door.path.replace("{code}", unit), Some(unit))
            })?
        }
        ("GET", "/login") => vec![at("/login", None)],
        ("GET", "/metrics")
        | ("GET", "/healthz")
        | ("GET", "/readyz")
        | ("GET", "/favicon.ico") => {
            vec![at(door.path, None)]
        }
        ("POST", "/login") => vec![form(
            "/login",
            None,
            &[("username", "x"), ("password", "y"), ("login_token", "z")],
        )],
        ("POST", "/logout") => vec![form("/logout", None, &[])],
        ("GET", "/report") => vec![at("/report", None)],
        ("GET", "/report/{code}") => both(&|i| {
            at(
                format!("/report/{}", pick(i, "K1", "K3")),
                Some(pick(i, "K1", "K3")),
            )
        })?,
        ("POST", "/report/{code}") => both(&|i| {
            let u = pick(i, "K1", "K3");
            form(
                format!("/report/{u}"),
                Some(u),
                &[
                    ("date", "2020-03-21"),
                    ("new_confirmed", "0"),
                    ("new_suspected", "0"),
                    ("new_close_contacts", "0"),
                    ("new_fever", "0"),
                    ("reporter", "攻击者"),
                ],
            )
        })?,
        ("GET", "/compliance")
        | ("GET", "/compliance.csv")
        | ("GET", "/compliance.xlsx")
        | ("GET", "/followup")
        | ("GET", "/glass")
        | ("GET", "/quality")
        | ("GET", "/completeness")
        | ("GET", "/completeness.csv")
        | ("GET", "/completeness.xlsx")
        | ("GET", "/burden")
        | ("GET", "/zones")
        | ("GET", "/staffing")
        | ("GET", "/staffing.csv")
        | ("GET", "/staffing.xlsx")
        | ("GET", "/api/v1/staffing")
        | ("GET", "/api/v1/rota")
        | ("GET", "/reconcile.csv")
        | ("GET", "/reconcile.xlsx")
        | ("GET", "/zones.csv")
        | ("GET", "/zones.xlsx")
        | ("GET", "/appeals")
        | ("GET", "/appeals.csv")
        | ("GET", "/appeals.xlsx")
        | ("GET", "/appeals/dashboard")
        | ("GET", "/disputes")
        | ("GET", "/api/v1/quality")
        | ("GET", "/api/v1/completeness")
        | ("GET", "/api/v1/burden")
        | ("GET", "/api/v1/compliance")
        | ("GET", "/api/v1/registry/export")
        | ("GET", "/api/v1/glass")
        | ("GET", "/api/v1/appeals")
        | ("GET", "/api/v1/appeals/dashboard")
        | ("GET", "/api/v1/disputes")
        | ("GET", "/movement")
        | ("GET", "/movement.csv")
        | ("GET", "/movement.xlsx")
        | ("GET", "/api/v1/movement")
        | ("GET", "/inspections")
        | ("GET", "/inspections/new")
        | ("GET", "/api/v1/inspections") => both(&|i| {
            at(
                format!("{}?unit={}", door.path, pick(i, "M", "M2")),
                Some(pick(i, "M", "M2")),
            )
        })?,
        ("GET", "/facilities")
        | ("GET", "/people/bulk")
        | ("GET", "/audit")
        | ("GET", "/audit.csv")
        | ("GET", "/audit.xlsx")
        | ("GET", "/appeals/new")
        | ("GET", "/alerts")
        | ("GET", "/alerts.csv")
        | ("GET", "/alerts.xlsx")
        | ("GET", "/api/v1/status")
        | ("GET", "/api/v1/audit")
        | ("GET", "/api/v1/facilities")
        | ("GET", "/api/v1/alerts")
        | ("GET", "/api/v1/units")
        | ("GET", "/public")
        | ("GET", "/province")
        | ("GET", "/public.json")
        | ("GET", "/public.csv")
        | ("GET", "/public.xlsx")
        | ("GET", "/api/v1/public")
        | ("GET", "/api/v1/openapi.json")
        | ("GET", "/open311/v2/discovery.json")
        | ("GET", "/open311/v2/discovery.xml")
        | ("GET", "/open311/v2/services.json")
        | ("GET", "/open311/v2/services.xml")
        | ("GET", "/open311/v2/requests.json")
        | ("GET", "/open311/v2/requests.xml") => vec![at(door.path, None)],
        ("GET", "/people") | ("GET", "/api/v1/people") => {
            vec![at(format!("{}?q=P", door.path), None)]
        }
        ("POST", "/people/bulk") => both(&|i| {
            form(
                "/people/bulk",
                Some(pick(i, "K1", "K3")),
                &[
                    ("refs", pick(i, "PIN", "POUT")),
                    ("date", "2020-03-20"),
                    ("step", "sampled"),
                ],
            )
        })?,
        ("GET", "/people/{reference}") | ("GET", "/api/v1/people/{reference}") => both(&|i| {
            at(
                door.path.replace("{reference}", pick(i, "PIN", "POUT")),
                Some(pick(i, "K1", "K3")),
            )
        })?,
        ("POST", "/followup/{reference}/checkin") => both(&|i| {
            form(
                format!("/followup/{}/checkin", pick(i, "PIN", "POUT")),
                Some(pick(i, "K1", "K3")),
                &[("date", "2020-03-20"), ("state", "seen_well")],
            )
        })?,
        ("GET", "/reconcile/{code}")
        | ("GET", "/api/v1/reconcile/{code}")
        | ("GET", "/api/v1/phases/{code}") => both(&|i| {
            at(
                door.path.replace("{code}", pick(i, "M", "M2")),
                Some(pick(i, "M", "M2")),
            )
        })?,
        ("POST", "/appeals/new") => both(&|i| {
            form(
                "/appeals/new",
                Some(pick(i, "K1", "K3")),
                &[
                    ("phone", "13800000000"),
                    ("name", "来电人"),
                    ("text", "小区门口的垃圾三天没有清运了"),
                    ("unit", pick(i, "K1", "K3")),
                ],
            )
        })?,
        ("GET", "/appeals/{reference}") | ("GET", "/api/v1/appeals/{reference}") => both(&|i| {
            at(
                door.path.replace("{reference}", pick(i, "AIN", "AOUT")),
                Some(pick(i, "K1", "K3")),
            )
        })?,
        ("POST", "/appeals/{reference}/change") => both(&|i| {
            form(
                format!("/appeals/{}/change", pick(i, "AIN", "AOUT")),
                Some(pick(i, "K1", "K3")),
                &[("event", "started"), ("note", "已联系")],
            )
        })?,
        ("POST", "/appeals/{reference}/category") => both(&|i| {
            form(
                format!("/appeals/{}/category", pick(i, "AIN", "AOUT")),
                Some(pick(i, "K1", "K3")),
                &[("category", "medical"), ("reason", "药品")],
            )
        })?,
        ("POST", "/alerts/{kind}/{key}") | ("POST", "/api/v1/alerts/{kind}/{key}") => {
            let (ki, ko) = (format!("{ak_in}/{ky_in}"), format!("{ak_out}/{ky_out}"));
            let prefix = door.path.trim_end_matches("/{kind}/{key}");
            let unit = |i: bool| -> &str { if i { au_in } else { au_out } };
            let mk = |i: bool| {
                let uri = format!("{prefix}/{}", if i { &ki } else { &ko });
                if door.path.starts_with("/api") {
                    json_at(
                        uri,
                        Some(unit(i)),
                        json!({"state": "acknowledged", "note": "知悉"}),
                    )
                } else {
                    form(
                        uri,
                        Some(unit(i)),
                        &[("state", "acknowledged"), ("note", "知悉")],
                    )
                }
            };
            vec![mk(true), mk(false)]
        }
        ("GET", "/pass/{token}") => vec![at("/pass/not-a-token", None)],
        ("GET", "/api/v1/passes/verify") => vec![at("/api/v1/passes/verify?token=AAAA", None)],
        ("GET", "/inspections/{unit}/{id}/photo") => both(&|i| {
            let unit = pick(i, "K1", "K3");
            at(format!("/inspections/{unit}/1/photo"), Some(unit))
        })?,
        ("POST", "/inspections") => both(&|i| {
            let unit = pick(i, "K1", "K3");
            form(
                "/inspections",
                Some(unit),
                &[
                    ("unit", unit),
                    ("inspector", "X1"),
                    ("in_place", "closed_management"),
                    ("note", "门岗无人"),
                ],
            )
        })?,
        ("POST", "/api/v1/inspections") => both(&|i| {
            let unit = pick(i, "K1", "K3");
            json_at(
                "/api/v1/inspections",
                Some(unit),
                json!({"unit": unit, "inspector": "X1", "in_place": ["closed_management"]}),
            )
        })?,
        ("POST", "/staffing/move") => both(&|i| {
            form(
                "/staffing/move",
                Some(pick(i, "M", "M2")),
                &[
                    ("person_id", pick(i, "zb01", "zb02")),
                    ("unit", pick(i, "M", "M2")),
                    ("on", "2020-03-21"),
                ],
            )
        })?,
        ("POST", "/disputes") => both(&|i| {
            form(
                "/disputes",
                Some(pick(i, "M", "M2")),
                &[
                    ("unit", pick(i, "M", "M2")),
                    ("kind", "neighbours"),
                    ("summary", "噪音扰民"),
                    ("party1_name", "某甲"),
                ],
            )
        })?,
        ("POST", "/disputes/step") => {
            let mk = |i: bool| {
                form(
                    "/disputes/step",
                    Some(pick(i, "M", "M2")),
                    &[
                        ("reference", if i { d_in } else { d_out }),
                        ("step", "mediated"),
                        ("note", "已调解"),
                    ],
                )
            };
            vec![mk(true), mk(false)]
        }
        ("GET", "/api/v1/units/{code}") | ("GET", "/api/v1/rt/{code}") => both(&|i| {
            at(
                door.path.replace("{code}", pick(i, "K1", "K3")),
                Some(pick(i, "K1", "K3")),
            )
        })?,
        ("POST", "/api/dataValueSets") => both(&|i| {
            let unit = pick(i, "K1", "K3");
            let values: Vec<Value> = dhis2_elements()
                .iter()
                .map(|(e, v)| json!({"dataElement": e, "value": v}))
                .collect();
            json_at(
                "/api/dataValueSets",
                Some(unit),
                json!({"dataSet": "FK_DAILY_REPORT", "period": "20200321", "orgUnit": unit,
                       "dataValues": values}),
            )
        })?,
        ("GET", path) if path.starts_with("/api/dataValueSets") => both(&|i| {
            let unit = pick(i, "K1", "K3");
            at(
                format!(
                    "{path}?dataSet=FK_DAILY_REPORT&period=20200320&orgUnit={unit}&children=true"
                ),
                Some(unit),
            )
        })?,
        ("POST", "/api/v1/reports") => both(&|i| {
            json_at(
                "/api/v1/reports",
                Some(pick(i, "K1", "K3")),
                report(pick(i, "K1", "K3")),
            )
        })?,
        ("GET", "/api/v1/reports/{code}/{date}") => both(&|i| {
            at(
                format!("/api/v1/reports/{}/2020-03-10", pick(i, "K1", "K3")),
                Some(pick(i, "K1", "K3")),
            )
        })?,
        ("POST", "/api/v1/registry") => both(&|i| {
            json_at(
                "/api/v1/registry",
                Some(pick(i, "K1", "K3")),
                json!({"steps": [{"ref": pick(i, "PIN", "POUT"), "date": "2020-03-20", "step": "sampled"}]}),
            )
        })?,
        ("POST", "/api/v1/appeals") => both(&|i| {
            json_at(
                "/api/v1/appeals",
                Some(pick(i, "K1", "K3")),
                json!({"appeals": [{"text": "小区门口的垃圾三天没有清运了", "unit": pick(i, "K1", "K3")}]}),
            )
        })?,
        ("POST", "/api/v1/appeals/{reference}/changes") => both(&|i| {
            json_at(
                format!("/api/v1/appeals/{}/changes", pick(i, "AIN", "AOUT")),
                Some(pick(i, "K1", "K3")),
                json!({"event": "started", "note": "已联系"}),
            )
        })?,
        ("POST", "/api/v1/appeals/{reference}/category") => both(&|i| {
            json_at(
                format!("/api/v1/appeals/{}/category", pick(i, "AIN", "AOUT")),
                Some(pick(i, "K1", "K3")),
                json!({"category": "medical", "reason": "药品"}),
            )
        })?,
        ("POST", "/api/v1/disputes") => both(&|i| {
            json_at(
                "/api/v1/disputes",
                Some(pick(i, "M", "M2")),
                json!({"unit": pick(i, "M", "M2"), "kind": "neighbours", "summary": "噪音扰民", "parties": [{"name": "某甲"}]}),
            )
        })?,
        ("POST", "/api/v1/disputes/{reference}/steps") => {
            let mk = |i: bool| {
                json_at(
                    format!("/api/v1/disputes/{}/steps", if i { d_in } else { d_out }),
                    Some(pick(i, "M", "M2")),
                    json!({"step": "mediated", "note": "已调解"}),
                )
            };
            vec![mk(true), mk(false)]
        }
        ("GET", "/open311/v2/services/{file}") => {
            vec![at("/open311/v2/services/supplies.json", None)]
        }
        ("POST", "/open311/v2/requests.json") | ("POST", "/open311/v2/requests.xml") => vec![form(
            door.path,
            None,
            &[
                ("service_code", "supplies"),
                ("address_string", "测试社区"),
                ("description", "菜送不到"),
            ],
        )],
        ("GET", "/open311/v2/requests/{file}") => both(&|i| {
            at(
                format!("/open311/v2/requests/{}.json", pick(i, "AIN", "AOUT")),
                Some(pick(i, "K1", "K3")),
            )
        })?,
        _ => return None,
    })
}

/// What each door must ask, written here apart from the door table so that a
/// door whose rule is weakened there fails here (`None`: public). SPEC §10.
const RULES: &[(&str, &str, Option<ActionKind>)] = {
    use ActionKind as K;
    &[
        ("GET", "/", Some(K::ReadFigures)),
        ("GET", "/dashboard", Some(K::ReadFigures)),
        ("GET", "/units/{code}", Some(K::ReadFigures)),
        ("GET", "/units/{code}/reports.csv", Some(K::ReadReports)),
        ("GET", "/units/{code}/reports.xlsx", Some(K::ReadReports)),
        ("GET", "/login", None),
        ("POST", "/login", None),
        ("POST", "/logout", None),
        ("GET", "/report", Some(K::FileReport)),
        ("GET", "/report/{code}", Some(K::FileReport)),
        ("POST", "/report/{code}", Some(K::FileReport)),
        ("GET", "/compliance", Some(K::ReadFigures)),
        ("GET", "/compliance.csv", Some(K::ReadFigures)),
        ("GET", "/compliance.xlsx", Some(K::ReadFigures)),
        ("GET", "/facilities", Some(K::ReadFigures)),
        ("GET", "/people", Some(K::ReadRegistry)),
        ("GET", "/people/bulk", Some(K::UpdateRegistry)),
        ("POST", "/people/bulk", Some(K::UpdateRegistry)),
        ("GET", "/people/{reference}", Some(K::ReadRegistry)),
        ("GET", "/followup", Some(K::ReadRegistry)),
        (
            "POST",
            "/followup/{reference}/checkin",
            Some(K::UpdateRegistry),
        ),
        ("GET", "/glass", Some(K::ReviewAccess)),
        ("GET", "/public", None),
        ("GET", "/public.json", None),
        ("GET", "/public.csv", None),
        ("GET", "/public.xlsx", None),
        ("GET", "/quality", Some(K::ReadReports)),
        ("GET", "/reconcile/{code}", Some(K::ReadFigures)),
        ("GET", "/completeness", Some(K::ReadReports)),
        ("GET", "/completeness.csv", Some(K::ReadReports)),
        ("GET", "/completeness.xlsx", Some(K::ReadReports)),
        ("GET", "/burden", Some(K::ReadReports)),
        ("GET", "/zones", Some(K::ReadFigures)),
        ("GET", "/staffing", Some(K::ReadRoster)),
        ("POST", "/staffing/move", Some(K::ManageRoster)),
        ("GET", "/staffing.csv", Some(K::ReadRoster)),
        ("GET", "/staffing.xlsx", Some(K::ReadRoster)),
        ("GET", "/api/v1/staffing", Some(K::ReadRoster)),
        ("GET", "/api/v1/rota", Some(K::ReadRoster)),
        ("GET", "/my/shifts", Some(K::ReadFigures)),
        ("GET", "/my/shifts.ics", Some(K::ReadFigures)),
        ("GET", "/zones.csv", Some(K::ReadFigures)),
        ("GET", "/movement", Some(K::ReadFigures)),
        ("GET", "/movement.csv", Some(K::ReadFigures)),
        ("GET", "/movement.xlsx", Some(K::ReadFigures)),
        ("GET", "/api/v1/movement", Some(K::ReadFigures)),
        ("GET", "/pass/{token}", None),
        ("GET", "/api/v1/passes/verify", None),
        ("GET", "/inspections", Some(K::ReadReports)),
        ("GET", "/inspections/new", Some(K::RecordInspections)),
        ("POST", "/inspections", Some(K::RecordInspections)),
        (
            "GET",
            "/inspections/{unit}/{id}/photo",
            Some(K::ReadReports),
        ),
        ("GET", "/api/v1/inspections", Some(K::ReadReports)),
        ("POST", "/api/v1/inspections", Some(K::RecordInspections)),
        ("GET", "/zones.xlsx", Some(K::ReadFigures)),
        ("GET", "/province", None),
        ("GET", "/audit", Some(K::ReadAudit)),
        ("GET", "/audit.csv", Some(K::ReadAudit)),
        ("GET", "/audit.xlsx", Some(K::ReadAudit)),
        ("GET", "/reconcile.csv", Some(K::ReadFigures)),
        ("GET", "/reconcile.xlsx", Some(K::ReadFigures)),
        ("GET", "/appeals", Some(K::ReadAppeals)),
        ("GET", "/appeals.csv", Some(K::ReadAppeals)),
        ("GET", "/appeals.xlsx", Some(K::ReadAppeals)),
        ("GET", "/appeals/new", Some(K::TakeAppeals)),
        ("POST", "/appeals/new", Some(K::TakeAppeals)),
        ("GET", "/appeals/dashboard", Some(K::ReadAppeals)),
        ("GET", "/appeals/{reference}", Some(K::ReadAppeals)),
        (
            "POST",
            "/appeals/{reference}/change",
            Some(K::HandleAppeals),
        ),
        (
            "POST",
            "/appeals/{reference}/category",
            Some(K::HandleAppeals),
        ),
        ("GET", "/alerts", Some(K::ReadFigures)),
        ("GET", "/alerts.csv", Some(K::ReadFigures)),
        ("GET", "/alerts.xlsx", Some(K::ReadFigures)),
        ("POST", "/alerts/{kind}/{key}", Some(K::HandleAlerts)),
        ("GET", "/disputes", Some(K::ReadDisputes)),
        ("POST", "/disputes", Some(K::RecordDisputes)),
        ("POST", "/disputes/step", Some(K::RecordDisputes)),
        ("GET", "/api/v1/status", Some(K::ReadFigures)),
        ("GET", "/api/v1/units", Some(K::ReadFigures)),
        ("GET", "/metrics", Some(K::ReadAudit)),
        ("GET", "/healthz", None),
        ("GET", "/favicon.ico", None),
        ("GET", "/readyz", None),
        ("GET", "/api/v1/units/{code}", Some(K::ReadFigures)),
        ("GET", "/api/v1/phases/{code}", Some(K::ReadFigures)),
        ("GET", "/api/v1/rt/{code}", Some(K::ReadFigures)),
        ("POST", "/api/v1/reports", Some(K::FileReport)),
        ("POST", "/api/dataValueSets", Some(K::FileReport)),
        ("GET", "/api/dataValueSets", Some(K::ReadReports)),
        ("GET", "/api/dataValueSets.json", Some(K::ReadReports)),
        ("GET", "/api/dataValueSets.xml", Some(K::ReadReports)),
        ("GET", "/api/dataValueSets.csv", Some(K::ReadReports)),
        ("GET", "/api/v1/reports/{code}/{date}", Some(K::ReadReports)),
        ("GET", "/api/v1/quality", Some(K::ReadReports)),
        ("GET", "/api/v1/reconcile/{code}", Some(K::ReadFigures)),
        ("GET", "/api/v1/completeness", Some(K::ReadReports)),
        ("GET", "/api/v1/burden", Some(K::ReadReports)),
        ("GET", "/api/v1/audit", Some(K::ReadAudit)),
        ("GET", "/api/v1/public", None),
        ("GET", "/api/v1/compliance", Some(K::ReadFigures)),
        ("GET", "/api/v1/people", Some(K::ReadRegistry)),
        ("GET", "/api/v1/people/{reference}", Some(K::ReadRegistry)),
        ("POST", "/api/v1/registry", Some(K::UpdateRegistry)),
        ("GET", "/api/v1/facilities", Some(K::ReadFigures)),
        (
            "GET",
            "/api/v1/registry/export",
            Some(K::ExportPersonalData),
        ),
        ("GET", "/api/v1/glass", Some(K::ReviewAccess)),
        ("GET", "/api/v1/appeals", Some(K::ReadAppeals)),
        ("POST", "/api/v1/appeals", Some(K::TakeAppeals)),
        ("GET", "/api/v1/appeals/dashboard", Some(K::ReadAppeals)),
        ("GET", "/api/v1/appeals/{reference}", Some(K::ReadAppeals)),
        (
            "POST",
            "/api/v1/appeals/{reference}/changes",
            Some(K::HandleAppeals),
        ),
        (
            "POST",
            "/api/v1/appeals/{reference}/category",
            Some(K::HandleAppeals),
        ),
        ("GET", "/api/v1/alerts", Some(K::ReadFigures)),
        ("POST", "/api/v1/alerts/{kind}/{key}", Some(K::HandleAlerts)),
        ("GET", "/api/v1/disputes", Some(K::ReadDisputes)),
        ("POST", "/api/v1/disputes", Some(K::RecordDisputes)),
        (
            "POST",
            "/api/v1/disputes/{reference}/steps",
            Some(K::RecordDisputes),
        ),
        ("GET", "/api/v1/openapi.json", None),
        ("GET", "/open311/v2/discovery.json", None),
        ("GET", "/open311/v2/discovery.xml", None),
        ("GET", "/open311/v2/services.json", None),
        ("GET", "/open311/v2/services.xml", None),
        ("GET", "/open311/v2/services/{file}", None),
        ("GET", "/open311/v2/requests.json", Some(K::ReadAppeals)),
        ("GET", "/open311/v2/requests.xml", Some(K::ReadAppeals)),
        ("POST", "/open311/v2/requests.json", Some(K::TakeAppeals)),
        ("POST", "/open311/v2/requests.xml", Some(K::TakeAppeals)),
        ("GET", "/open311/v2/requests/{file}", Some(K::ReadAppeals)),
    ]
};

/// The action the suite expects of a door: `Some(None)` for a public door,
/// `None` if the suite does not know it.
pub(crate) fn rule(door: &Door) -> Option<Option<ActionKind>> {
    RULES
        .iter()
        .find(|(m, p, _)| *m == door.method.as_str() && *p == door.path)
        .map(|(_, _, k)| *k)
}

/// Whether the access rule lets `p` through `door` for an attempt about `unit`.
fn allowed(p: &Principal, door: &Door, unit: Option<&str>, c: &City) -> bool {
    let Some(Some(kind)) = rule(door) else {
        return true;
    };
    let target = match door.need {
        Need::Act(_, target) | Need::PublicOr(_, target) => target,
        Need::Public => Target::Scope,
    };
    if p.may_ever(kind).is_err() {
        return false;
    }
    let unit = match (target, unit) {
        (Target::Root, _) => "C".to_string(),
        (_, Some(u)) => u.to_string(),
        (_, None) => p.scope.to_string(),
    };
    let i = c.tree.index_of(&code(&unit)).expect("unit in tree");
    p.may(kind.on(i), &c.tree).is_ok()
}

pub(crate) async fn send_as(c: &City, who: Option<&Attacker>, door: &Door, a: &Attempt) -> Answer {
    let face = Face::of(door.path);
    let mut uri = a.uri.clone();
    let mut b = Request::builder().method(door.method.clone());
    let mut fields: Vec<(String, String)> = match &a.payload {
        Payload::Form(f) => f.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        _ => Vec::new(),
    };
    if let Some(w) = who {
        match face {
            Face::Page => {
                b = b.header("cookie", format!("fk_session={}", w.session.token));
                fields.push(("csrf".into(), w.session.csrf.clone()));
            }
            Face::Api => b = b.header("authorization", format!("Bearer {}", w.token)),
            // DHIS2's clients send DHIS2's token header.
            Face::Dhis2 => b = b.header("authorization", format!("ApiToken {}", w.token)),
            Face::Open311 if door.method == Method::POST => {
                fields.push(("api_key".into(), w.token.clone()));
            }
            Face::Open311 => {
                uri.push(if uri.contains('?') { '&' } else { '?' });
                uri.push_str(&format!("api_key={}", w.token));
            }
        }
    }
    let body = match &a.payload {
        Payload::Json(v) => {
            b = b.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        Payload::Form(_) => {
            b = b.header("content-type", "application/x-www-form-urlencoded");
            Body::from(
                fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                    .collect::<Vec<_>>()
                    .join("&"),
            )
        }
        Payload::Raw(bytes, content_type) => {
            b = b.header("content-type", *content_type);
            Body::from(bytes.clone())
        }
        Payload::None if !fields.is_empty() => {
            b = b.header("content-type", "application/x-www-form-urlencoded");
            Body::from(
                fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                    .collect::<Vec<_>>()
                    .join("&"),
            )
        }
        Payload::None => Body::empty(),
    };
    send(&c.state, b.uri(uri).body(body).expect("request")).await
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

async fn refusals(state: &AppState, actor: &str) -> usize {
    state
        .store
        .audit_entries(&AuditFilter {
            actor: Some(actor.into()),
            outcome: Some(Outcome::Denied),
            limit: Some(5000),
            ..AuditFilter::default()
        })
        .await
        .expect("audit")
        .len()
}

/// Whether `p` may see a planted piece of personal data at the door's face.
fn may_see(p: &Principal, plant: &Plant, face: Face, c: &City) -> bool {
    let i = c.tree.index_of(&code(plant.unit)).expect("unit");
    match plant.kind {
        Pii::Resident | Pii::Party => p.may(Action::ReadPersonalData(i), &c.tree).is_ok(),
        // Open311 shows every request masked, whatever the key.
        Pii::Caller => {
            face != Face::Open311 && p.may(Action::ReadCallerContact(i), &c.tree).is_ok()
        }
    }
}

#[tokio::test]
async fn every_door_refuses_what_the_rule_refuses_audits_it_and_leaks_nothing() {
    let c = city().await;
    let doors = fangkong_web::routes::list();
    let mut failures = Vec::new();
    let mut tried = 0;
    for door in &doors {
        let face = Face::of(door.path);
        let declared = match door.need {
            Need::Public => None,
            Need::Act(kind, _) | Need::PublicOr(kind, _) => Some(kind),
        };
        match rule(door) {
            Some(expected) if expected == declared => {}
            Some(expected) => failures.push(format!(
                "{} {} declares {declared:?}; the suite expects {expected:?}",
                door.method, door.path
            )),
            None => failures.push(format!(
                "{} {}: the attack suite has no rule for this door; add it to RULES in tests/web/attack.rs",
                door.method, door.path
            )),
        }
        let Some(attempts) = attempts(door, &c) else {
            failures.push(format!(
                "{} {}: the attack suite has no attempt for this door; add one in tests/web/attack.rs",
                door.method, door.path
            ));
            continue;
        };
        for a in &attempts {
            // Nobody signed in: only public doors open (Open311's reads with
            // the public's view), and they show nothing personal.
            let answer = send_as(&c, None, door, a).await;
            tried += 1;
            let public_view = matches!(door.need, Need::PublicOr(..));
            if public_view
                && answer.status != StatusCode::OK
                && answer.status != StatusCode::NOT_FOUND
            {
                failures.push(format!(
                    "anonymous {} {}: {} (wanted the public's view)",
                    door.method, a.uri, answer.status
                ));
            }
            let expected = match (rule(door).flatten(), face) {
                _ if public_view => None,
                (None, _) => None,
                (_, Face::Page) => Some(StatusCode::SEE_OTHER),
                (_, Face::Api | Face::Dhis2) => Some(StatusCode::UNAUTHORIZED),
                (_, Face::Open311) => Some(StatusCode::FORBIDDEN),
            };
            if let Some(status) = expected
                && answer.status != status
            {
                failures.push(format!(
                    "anonymous {} {}: {} (wanted {status})",
                    door.method, a.uri, answer.status
                ));
            }
            for plant in &c.plants {
                if answer.body.contains(&plant.text) {
                    failures.push(format!(
                        "anonymous {} {} shows {}",
                        door.method, a.uri, plant.text
                    ));
                }
            }
            // Every role, inside and beside its scope.
            for w in &c.attackers {
                if door.path == "/logout" || door.path == "/login" {
                    continue; // would end or replace the session the rest of the suite uses
                }
                let before = refusals(&c.state, w.name).await;
                let answer = send_as(&c, Some(w), door, a).await;
                tried += 1;
                let may = allowed(&w.principal, door, a.unit.as_deref(), &c);
                let who = format!(
                    "{} ({:?} at {})",
                    w.name, w.principal.role, w.principal.scope
                );
                if may {
                    if matches!(
                        answer.status,
                        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED
                    ) {
                        failures.push(format!(
                            "{who} {} {}: {} but the rule allows it: {}",
                            door.method,
                            a.uri,
                            answer.status,
                            cut(&answer.body)
                        ));
                    }
                } else {
                    if answer.status != StatusCode::FORBIDDEN {
                        failures.push(format!(
                            "{who} {} {}: {} but the rule refuses it: {}",
                            door.method,
                            a.uri,
                            answer.status,
                            cut(&answer.body)
                        ));
                    }
                    if refusals(&c.state, w.name).await <= before {
                        failures.push(format!(
                            "{who} {} {}: refused without an audit line",
                            door.method, a.uri
                        ));
                    }
                }
                if answer.status.is_server_error() {
                    failures.push(format!(
                        "{who} {} {}: {}",
                        door.method, a.uri, answer.status
                    ));
                }
                for plant in &c.plants {
                    if !may_see(&w.principal, plant, face, &c) && answer.body.contains(&plant.text)
                    {
                        failures.push(format!(
                            "{who} {} {} shows {} ({:?} of {})",
                            door.method, a.uri, plant.text, plant.kind, plant.unit
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {tried} attempts failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(tried > 500, "only {tried} attempts");
}

fn cut(body: &str) -> String {
    body.chars().take(160).collect()
}

#[test]
fn every_operation_of_the_openapi_document_is_a_door() {
    let doc = serde_json::to_value(fangkong_web::api::ApiDoc::openapi()).expect("json");
    let doors: HashMap<(String, String), Need> = fangkong_web::routes::list()
        .into_iter()
        .map(|d| ((d.method.to_string(), d.path.to_string()), d.need))
        .collect();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            operations += 1;
            let key = (method.to_uppercase(), path.clone());
            assert!(
                doors.contains_key(&key),
                "{method} {path} is in the OpenAPI document but has no door"
            );
        }
    }
    let api_doors = doors
        .keys()
        .filter(|(_, p)| p.starts_with("/api/v1/") && p != "/api/v1/openapi.json")
        .count();
    assert_eq!(
        operations, api_doors,
        "every API door is in the OpenAPI document"
    );
}

#[tokio::test]
async fn a_path_no_door_has_is_a_404_in_each_face_s_format() {
    let c = city().await;
    for (uri, content) in [
        ("/no/such/page", "text/html"),
        ("/api/v1/no/such", "application/json"),
        ("/open311/v2/nothing.json", "application/json"),
        ("/open311/v2/nothing.xml", "text/xml"),
    ] {
        let a = send(
            &c.state,
            Request::builder()
                .uri(uri)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        let ct = a
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(ct.starts_with(content), "{uri}: {ct}");
    }
}

#[tokio::test]
async fn a_lost_status_alert_names_its_real_cause_once_where_the_cause_is() {
    // See: issue 16 (a report with 0 cases and 2 close contacts was called 有病例,
    // and one cause alerted at the compound, its community and its subdistrict).
    let c = city().await;
    let centre = &c.attackers[0];
    let board = send_as(
        &c,
        Some(centre),
        &fangkong_web::routes::list()
            .into_iter()
            .find(|d| d.path == "/api/v1/alerts")
            .expect("door"),
        &Attempt {
            uri: "/api/v1/alerts?date=2020-03-21".into(),
            payload: Payload::None,
            unit: None,
        },
    )
    .await;
    let alerts = board.json()["alerts"].as_array().expect("alerts").clone();
    let beside: Vec<&Value> = alerts
        .iter()
        .filter(|a| a["kind"] == "lost_status" && a["key"] != "K2")
        .collect();
    // K3's contact took K3, M2, S2 and D2: one alert, at K3, naming them all.
    assert_eq!(beside.len(), 1, "{alerts:?}");
    let a = beside[0];
    assert_eq!(a["unit"], "K3");
    let why = a["why_zh"].as_str().expect("why");
    assert!(
        why.starts_with("三号小区 2020-03-21 新增密接1人")
            && ["三号小区", "第二社区", "第二街道", "第二区"]
                .iter()
                .all(|n| why.contains(n))
            && !why.contains("病例"),
        "{why}"
    );
    assert_eq!(a["severity"], "medium", "contacts are not a case");
}
