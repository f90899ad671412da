//! The registry on the web (issue 6): the four ratios through the API and the
//! page, personal data only for the roles that need it, and the worker's
//! follow-up list with one-tap check-ins.

use axum::http::StatusCode;
use fangkong_domain::registry::followup::Schedule;
use fangkong_domain::registry::{Category, DatedStep, Place, Step};
use fangkong_store::NewPerson;

use crate::support::{Fixture, code, day, fixture, get_as, post_form};

/// K1: a confirmed case at home (not admitted); K2: a close contact in an
/// isolation site, followed up from 2020-03-18; V: a fever patient.
async fn with_registry() -> Fixture {
    let f = fixture().await;
    let ids = f.state.store.units().await.expect("units").ids;
    let person = |r: &str, name: &str, unit: &str| NewPerson {
        reference: r.into(),
        resident_id: None,
        name: name.into(),
        phone: None,
        birth_date: None,
        address: None,
        unit_id: ids[&code(unit)],
    };
    let step =
        |r: &str, d: &str, step: Step| (r.to_string(), DatedStep { day: day(d), step }, None);
    f.state
        .store
        .registry_add(
            &[
                person("P1", "张三", "K1"),
                person("P2", "李四", "K2"),
                person("P3", "王五", "V"),
            ],
            &[
                step(
                    "P1",
                    "2020-03-15",
                    Step::Identified {
                        category: Category::Confirmed,
                    },
                ),
                step(
                    "P2",
                    "2020-03-18",
                    Step::Identified {
                        category: Category::CloseContact,
                    },
                ),
                step(
                    "P2",
                    "2020-03-18",
                    Step::Moved {
                        place: Place::IsolationSite,
                    },
                ),
                step(
                    "P3",
                    "2020-03-19",
                    Step::Identified {
                        category: Category::Fever,
                    },
                ),
            ],
            &[(
                "P2".to_string(),
                Schedule::from_exposure(day("2020-03-18"), Default::default()).expect("schedule"),
            )],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("registry");
    f
}

#[tokio::test]
async fn the_four_ratios_come_per_unit_and_names_only_to_those_who_need_them() {
    let f = with_registry().await;
    let api = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/compliance?date=2020-03-20&unit=S",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let doc = api.json();
    assert_eq!(doc["rows"][0]["code"], "S");
    assert_eq!(doc["rows"][0]["people"], 3);
    assert_eq!(
        doc["rows"][0]["admitted"], 0.0,
        "the confirmed case is at home"
    );
    assert_eq!(
        doc["rows"][0]["isolated"], 0.5,
        "the contact is isolated, the fever patient is not"
    );
    let m = doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "M")
        .expect("M");
    assert_eq!(m["tested"], 0.0);
    assert_eq!(m["treated"], 0.0);
    let v = doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "V")
        .expect("V");
    assert_eq!(
        v["admitted"],
        serde_json::Value::Null,
        "nobody to admit in V: not applicable"
    );
    // The command centre sees the gaps masked; the community worker sees the
    // names in her own community only.
    let names: Vec<String> = doc["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, ["张*", "李*", "王*"]);
    let worker = get_as(
        &f.state,
        Some(&f.worker),
        "/api/v1/compliance?date=2020-03-20",
    )
    .await;
    let names: Vec<String> = worker.json()["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, ["张三", "李四"], "her community only, in full");
    let page = get_as(&f.state, Some(&f.centre), "/compliance?date=2020-03-20").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"<tr data-ref="P1">"#)
            && page.body.contains("张*")
            && !page.body.contains("张三"),
        "{}",
        page.body
    );
    let outside = get_as(&f.state, Some(&f.worker), "/api/v1/compliance?unit=V").await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
}

/// The references of the gap rows of a page, in order.
fn gap_refs(body: &str) -> Vec<String> {
    body.split(r#"<tr data-ref=""#)
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_people_not_covered_are_filtered_paged_and_taken_away() {
    let f = with_registry().await;
    let api = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/compliance?date=2020-03-20",
    )
    .await
    .json();
    let all: Vec<(String, String, Vec<String>)> = api["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| {
            (
                g["reference"].as_str().expect("ref").to_string(),
                g["category"].as_str().expect("category").to_string(),
                g["missing"]
                    .as_array()
                    .expect("missing")
                    .iter()
                    .map(|m| m.as_str().expect("m").to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(all.len(), 3);
    // A filter keeps exactly the people it names, on the page as in the list.
    for missing in ["admitted", "treated", "tested", "isolated"] {
        let page = get_as(
            &f.state,
            Some(&f.centre),
            &format!("/compliance?date=2020-03-20&missing={missing}"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let expected: Vec<String> = all
            .iter()
            .filter(|(_, _, m)| m.iter().any(|x| x == missing))
            .map(|(r, _, _)| r.clone())
            .collect();
        assert_eq!(gap_refs(&page.body), expected, "{missing}");
    }
    let fever = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance?date=2020-03-20&category=fever",
    )
    .await;
    assert_eq!(gap_refs(&fever.body), ["P3"]);
    assert!(fever.body.contains(r#"<option value="fever" selected>"#));
    assert!(
        fever.body.contains("测试村"),
        "the unit's name beside its code"
    );
    let bad = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance?date=2020-03-20&missing=fed",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("“fed”无效"), "{}", bad.body);

    // Taken away: the list as filtered, names as the page shows them.
    let csv = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance.csv?date=2020-03-20&table=gaps&category=close_contact",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "date,reference,name,unit_code,unit_name,category,identified,missing"
    );
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(
        lines[1].starts_with("2020-03-20,P2,李*,K2,二号小区,密切接触者,2020-03-18,"),
        "{}",
        lines[1]
    );
    let units = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance.csv?date=2020-03-20&unit=S",
    )
    .await;
    let lines: Vec<&str> = units.body.lines().collect();
    assert!(lines[0].starts_with("date,unit_code,name,people,admitted"));
    assert!(
        lines[1].starts_with("2020-03-20,S,测试街道,3,0,"),
        "{}",
        units.body
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2020-03-20,V,测试村,1,,")),
        "not applicable is empty, not zero: {}",
        units.body
    );
    let xlsx = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance.xlsx?date=2020-03-20&table=gaps",
    )
    .await;
    assert!(xlsx.body.starts_with("PK"));
    let outside = get_as(
        &f.state,
        Some(&f.worker),
        "/compliance.csv?unit=V&table=gaps",
    )
    .await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);

    // Sixty more contacts: the list comes a page at a time, every one once.
    let ids = f.state.store.units().await.expect("units").ids;
    let people: Vec<NewPerson> = (0..60)
        .map(|i| NewPerson {
            reference: format!("Q{i:02}"),
            resident_id: None,
            name: format!("赵{i}"),
            phone: None,
            birth_date: None,
            address: None,
            unit_id: ids[&code("K1")],
        })
        .collect();
    let steps: Vec<_> = (0..60)
        .map(|i| {
            (
                format!("Q{i:02}"),
                DatedStep {
                    day: day("2020-03-19"),
                    step: Step::Identified {
                        category: Category::CloseContact,
                    },
                },
                None,
            )
        })
        .collect();
    f.state
        .store
        .registry_add(&people, &steps, &[], jiff::Timestamp::now(), "test")
        .await
        .expect("more");
    let first = get_as(&f.state, Some(&f.centre), "/compliance?date=2020-03-20").await;
    let second = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance?date=2020-03-20&page=2",
    )
    .await;
    let beyond = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance?date=2020-03-20&page=9",
    )
    .await;
    let (a, b) = (gap_refs(&first.body), gap_refs(&second.body));
    assert_eq!((a.len(), b.len()), (50, 13));
    assert_eq!(gap_refs(&beyond.body), b, "past the end is the last page");
    let mut every: Vec<String> = a.into_iter().chain(b).collect();
    every.sort();
    every.dedup();
    assert_eq!(every.len(), 63);
    assert!(first.body.contains(r#"rel="next""#) && !first.body.contains(r#"rel="prev""#));
    assert!(second.body.contains("第 2 / 2"), "{}", second.body);
    let csv = get_as(
        &f.state,
        Some(&f.centre),
        "/compliance.csv?date=2020-03-20&table=gaps",
    )
    .await;
    assert_eq!(
        csv.body.lines().count(),
        64,
        "the download holds every page"
    );
}

#[tokio::test]
async fn the_dashboard_shows_the_four_alls_and_follows_every_new_step() {
    let f = with_registry().await;
    let ratio = |body: &str, name: &str| {
        let at = body
            .find(&format!(r#"data-ratio="{name}">"#))
            .unwrap_or_else(|| panic!("no {name} in {body}"));
        let rest = &body[at + name.len() + 14..];
        rest[..rest.find('<').unwrap_or(0)].to_string()
    };
    let before = get_as(&f.state, Some(&f.centre), "/?date=2020-03-20").await;
    assert_eq!(before.status, StatusCode::OK);
    assert_eq!(ratio(&before.body, "admitted"), "0.0%");
    assert_eq!(ratio(&before.body, "isolated"), "50.0%");
    assert_eq!(ratio(&before.body, "treated"), "0.0%");
    // A step written straight to the database (as the command line would) is
    // read on the next request: the confirmed case is admitted.
    f.state
        .store
        .registry_add(
            &[],
            &[(
                "P1".to_string(),
                DatedStep {
                    day: day("2020-03-20"),
                    step: Step::Moved {
                        place: Place::DesignatedHospital,
                    },
                },
                None,
            )],
            &[],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("step");
    let after = get_as(&f.state, Some(&f.centre), "/?date=2020-03-20").await;
    assert_eq!(ratio(&after.body, "admitted"), "100.0%");
    assert_eq!(
        ratio(&after.body, "treated"),
        "0.0%",
        "admitted, not yet treated"
    );
    let day_before = get_as(&f.state, Some(&f.centre), "/?date=2020-03-19").await;
    assert_eq!(
        ratio(&day_before.body, "admitted"),
        "0.0%",
        "the day before is unchanged"
    );
    let api = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/compliance?date=2020-03-20&unit=C",
    )
    .await;
    assert_eq!(api.json()["rows"][0]["active"], 1);
}

#[tokio::test]
async fn the_worker_checks_in_her_contacts_from_the_list() {
    let f = with_registry().await;
    let list = get_as(&f.state, Some(&f.worker), "/followup?date=2020-03-21").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(r#"data-ref="P2""#) && list.body.contains("李四"),
        "{}",
        list.body
    );
    assert!(
        list.body.contains("逾期 2 天"),
        "03-19 and 03-20 not seen: {}",
        list.body
    );
    let bad = post_form(
        &f.state,
        Some(&f.worker),
        "/followup/P2/checkin",
        &[
            ("csrf", "wrong"),
            ("date", "2020-03-21"),
            ("state", "seen_well"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    let done = post_form(
        &f.state,
        Some(&f.worker),
        "/followup/P2/checkin",
        &[
            ("csrf", f.worker.csrf.as_str()),
            ("date", "2020-03-21"),
            ("state", "seen_well"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = get_as(
        &f.state,
        Some(&f.worker),
        "/followup?date=2020-03-21&done=P2",
    )
    .await;
    assert!(after.body.contains("今日已随访"), "{}", after.body);
    let future = post_form(
        &f.state,
        Some(&f.worker),
        "/followup/P2/checkin",
        &[
            ("csrf", f.worker.csrf.as_str()),
            ("date", "2020-03-22"),
            ("state", "seen_well"),
        ],
    )
    .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The command centre files nothing, so it checks in nobody.
    let centre = post_form(
        &f.state,
        Some(&f.centre),
        "/followup/P2/checkin",
        &[
            ("csrf", f.centre.csrf.as_str()),
            ("date", "2020-03-21"),
            ("state", "seen_well"),
        ],
    )
    .await;
    assert_eq!(centre.status, StatusCode::FORBIDDEN);
    let audit = get_as(&f.state, Some(&f.centre), "/api/v1/audit?action=followup.").await;
    assert_eq!(audit.json()[0]["actor"], "worker");
    assert_eq!(audit.json()[0]["new_value"], "seen_well");
    assert!(!audit.body.contains("李四"), "no names in the audit log");
}

#[tokio::test]
async fn people_are_found_and_followed_in_time_with_personal_data_by_role() {
    let f = with_registry().await;
    // The worker: in full, searchable by name, only in her community.
    let found = get_as(&f.state, Some(&f.worker), "/api/v1/people?q=李").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert_eq!(found.json()[0]["reference"], "P2");
    assert_eq!(found.json()[0]["name"], "李四");
    assert_eq!(found.json()[0]["category"], "close_contact");
    let beside = get_as(&f.state, Some(&f.worker), "/api/v1/people?q=王").await;
    assert_eq!(
        beside.json(),
        serde_json::json!([]),
        "王五 lives in V, outside her scope"
    );
    // The command centre: masked, and a name search finds nothing (it would
    // confirm what the mask hides); a reference finds the person.
    let by_name = get_as(&f.state, Some(&f.centre), "/api/v1/people?q=李").await;
    assert_eq!(by_name.json(), serde_json::json!([]));
    let by_ref = get_as(&f.state, Some(&f.centre), "/api/v1/people?q=P").await;
    let names: Vec<&str> = by_ref
        .json()
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or(""))
        .map(|s| if s.ends_with('*') { "masked" } else { "full" })
        .collect();
    assert_eq!(names, ["masked", "masked", "masked"]);
    let empty = get_as(&f.state, Some(&f.centre), "/api/v1/people?q=").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A timeline: every step in order.
    let t = get_as(&f.state, Some(&f.worker), "/api/v1/people/P2").await;
    assert_eq!(t.status, StatusCode::OK);
    let doc = t.json();
    assert_eq!(doc["name"], "李四");
    let steps: Vec<&str> = doc["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["step"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(steps, ["identified", "moved"]);
    assert_eq!(doc["steps"][1]["place"], "isolation_site");
    let masked = get_as(&f.state, Some(&f.centre), "/api/v1/people/P2").await;
    assert_eq!(masked.json()["name"], "李*");
    let outside = get_as(&f.state, Some(&f.worker), "/api/v1/people/P3").await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let unknown = get_as(&f.state, Some(&f.centre), "/api/v1/people/NOBODY").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_search_and_timeline_pages_show_what_the_role_may_see() {
    let f = with_registry().await;
    let page = get_as(&f.state, Some(&f.worker), "/people?q=李").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"<tr data-ref="P2">"#) && page.body.contains("李四"),
        "{}",
        page.body
    );
    let person = get_as(&f.state, Some(&f.worker), "/people/P2").await;
    assert_eq!(person.status, StatusCode::OK);
    assert!(
        person.body.contains("李四")
            && person.body.contains("集中隔离点")
            && !person.body.contains("isolation_site"),
        "{}",
        person.body
    );
    let masked = get_as(&f.state, Some(&f.centre), "/people/P2").await;
    assert!(
        masked.body.contains("李*") && !masked.body.contains("李四"),
        "{}",
        masked.body
    );
    // The office sees the person masked, with a form to break the glass.
    assert!(masked.body.contains(r#"id="glass""#), "{}", masked.body);
    assert!(
        !person.body.contains(r#"id="glass""#),
        "the worker sees her own people whole: nothing to unmask"
    );
    // Outside her scope the worker is refused, and shown nothing of the person.
    let outside = get_as(&f.state, Some(&f.worker), "/people/P3").await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    assert!(!outside.body.contains("王五"), "{}", outside.body);
    // The command centre unmasks with a purpose and words of substance.
    let glass = get_as(
        &f.state,
        Some(&f.centre),
        "/people/P3?purpose=transfer&reason=%E8%BD%AC%E8%BF%90%E8%87%B3%E9%87%91%E9%93%B6%E6%BD%AD%E5%8C%BB%E9%99%A2",
    )
    .await;
    assert!(glass.body.contains("王五"), "{}", glass.body);
    // "need" is no reason: the page says so and keeps the mask.
    let thin = get_as(
        &f.state,
        Some(&f.centre),
        "/people/P2?purpose=transfer&reason=need",
    )
    .await;
    assert_eq!(thin.status, StatusCode::OK);
    assert!(
        thin.body.contains(r#"role="alert""#) && !thin.body.contains("李四"),
        "{}",
        thin.body
    );
    let anonymous = get_as(&f.state, None, "/people/P2").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "to the login");
}

#[tokio::test]
async fn breaking_the_glass_is_for_offices_inside_their_scope_with_a_reason_and_a_share() {
    // See: issue 15 (a worker read 200 people of the whole city with "need").
    let f = with_registry().await;
    // A worker never unmasks anyone outside her scope: refused before anything is read.
    for uri in [
        "/api/v1/people/P3",
        "/api/v1/people/P3?purpose=transfer&reason=transferred%20patient%20to%20Jinyintan",
    ] {
        let refused = get_as(&f.state, Some(&f.worker), uri).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(!refused.body.contains("王五"), "{}", refused.body);
    }
    // The hotline reads figures, not people.
    let hotline = get_as(&f.state, Some(&f.hotline), "/api/v1/people/P2").await;
    assert_eq!(hotline.status, StatusCode::FORBIDDEN);
    let hotline = get_as(&f.state, Some(&f.hotline), "/api/v1/people?q=P").await;
    assert_eq!(hotline.status, StatusCode::FORBIDDEN);
    // The command centre sees people masked, and unmasks one with a reason.
    let masked = get_as(&f.state, Some(&f.centre), "/api/v1/people/P3").await;
    assert_eq!(masked.json()["name"], "王*");
    assert_eq!(masked.json()["masked"], true);
    for (query, field) in [
        ("purpose=transfer&reason=need", "reason"),
        ("purpose=transfer&reason=x", "reason"),
        ("purpose=curiosity&reason=transferred%20patient", "purpose"),
    ] {
        let thin = get_as(
            &f.state,
            Some(&f.centre),
            &format!("/api/v1/people/P3?{query}"),
        )
        .await;
        assert_eq!(
            thin.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            thin.body
        );
        assert_eq!(thin.json()["field"], field, "{query}");
    }
    let glass = "purpose=transfer&reason=transferred%20patient%20to%20Jinyintan";
    let read = get_as(
        &f.state,
        Some(&f.centre),
        &format!("/api/v1/people/P3?{glass}"),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.json()["name"], "王五");
    assert_eq!(read.json()["masked"], false);
    // The hourly share (5 by default): the sixth is refused, and audited too.
    for _ in 1..5 {
        let again = get_as(
            &f.state,
            Some(&f.centre),
            &format!("/api/v1/people/P2?{glass}"),
        )
        .await;
        assert_eq!(again.status, StatusCode::OK);
    }
    let over = get_as(
        &f.state,
        Some(&f.centre),
        &format!("/api/v1/people/P2?{glass}"),
    )
    .await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    assert!(!over.body.contains("李四"));
    let audit = f
        .state
        .store
        .audit_entries(&fangkong_store::AuditFilter {
            action: Some("person.break_glass".into()),
            ..fangkong_store::AuditFilter::default()
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 6, "{audit:?}");
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.outcome == fangkong_store::Outcome::Denied)
            .count(),
        1
    );
    let first = audit.last().expect("the first read");
    assert_eq!(first.actor.as_deref(), Some("centre"));
    assert_eq!(
        first.reason.as_deref(),
        Some("transfer: transferred patient to Jinyintan")
    );
    assert!(
        !format!("{audit:?}").contains("王五"),
        "no personal data in the log"
    );
    // Those who supervise the account see every read; the worker does not.
    let log = get_as(&f.state, Some(&f.centre), "/api/v1/glass").await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    assert_eq!(log.json()["reads"].as_array().map(Vec::len), Some(6));
    let page = get_as(&f.state, Some(&f.centre), "/glass").await;
    assert!(
        page.body.contains("transferred patient to Jinyintan"),
        "{}",
        page.body
    );
    let worker = get_as(&f.state, Some(&f.worker), "/api/v1/glass").await;
    assert_eq!(worker.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn people_and_steps_come_through_the_api_all_or_nothing() {
    let f = with_registry().await;
    let bearer = format!(
        "Bearer {}",
        crate::support::token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await
    );
    let auth = [("authorization", bearer.as_str())];
    let bad = crate::support::post_json(
        &f.state,
        "/api/v1/registry",
        &auth,
        serde_json::json!({
            "people": [
                {"ref": "N1", "name": "赵六", "unit_code": "K1", "category": "close_contact", "identified_on": "2020-03-20", "resident_id": "420102199001151238"},
                {"ref": "N2", "name": "", "unit_code": "K1", "category": "fever", "identified_on": "2020-03-20"}
            ]
        }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let paths: Vec<String> = bad.json()["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(paths, ["$.people[0].resident_id", "$.people[1].name"]);
    let ok = crate::support::post_json(
        &f.state,
        "/api/v1/registry",
        &auth,
        serde_json::json!({
            "people": [{"ref": "N1", "name": "赵六", "unit_code": "K1", "category": "close_contact", "identified_on": "2020-03-20"}],
            "steps": [
                {"ref": "N1", "date": "2020-03-20", "step": "moved", "place": "isolation_site"},
                {"ref": "P2", "date": "2020-03-21", "step": "sampled"}
            ]
        }),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(ok.json()["people"], 1);
    assert_eq!(ok.json()["steps"], 3);
    assert_eq!(ok.json()["followups"], 1);
    // A flow that breaks the rules refuses the whole change.
    let flow = crate::support::post_json(
        &f.state,
        "/api/v1/registry",
        &auth,
        serde_json::json!({"steps": [
            {"ref": "P2", "date": "2020-03-21", "step": "left", "exit": "released"},
            {"ref": "P1", "date": "2020-03-21", "step": "treatment_started"}
        ]}),
    )
    .await;
    assert_eq!(
        flow.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        flow.body
    );
    assert!(
        flow.body.contains("person P1: step 1: treatment starts"),
        "{}",
        flow.body
    );
    let p2 = get_as(&f.state, Some(&f.worker), "/api/v1/people/P2").await;
    assert_eq!(
        p2.json()["steps"].as_array().map(Vec::len),
        Some(3),
        "P2's release was not written: {}",
        p2.body
    );
    // Outside her scope (V): refused, and nothing written.
    let outside = crate::support::post_json(
        &f.state,
        "/api/v1/registry",
        &auth,
        serde_json::json!({"steps": [{"ref": "P3", "date": "2020-03-21", "step": "sampled"}]}),
    )
    .await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN, "{}", outside.body);
    // The command centre reads; it does not keep the registry.
    let centre = crate::support::post_json(
        &f.state,
        "/api/v1/registry",
        &[(
            "authorization",
            format!(
                "Bearer {}",
                crate::support::token(&f.state, "centre", jiff::SignedDuration::from_hours(1))
                    .await
            )
            .as_str(),
        )],
        serde_json::json!({"steps": [{"ref": "P1", "date": "2020-03-21", "step": "sampled"}]}),
    )
    .await;
    assert_eq!(centre.status, StatusCode::FORBIDDEN, "{}", centre.body);
    // The figures follow: the new contact is isolated.
    let c = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/compliance?date=2020-03-21&unit=K1",
    )
    .await;
    assert_eq!(c.json()["rows"][0]["isolated"], 1.0, "{}", c.body);
}

#[tokio::test]
async fn a_step_for_many_people_from_the_bulk_form() {
    let f = with_registry().await;
    let form = get_as(&f.state, Some(&f.worker), "/people/bulk?refs=P1%20P2").await;
    assert!(form.body.contains("P1 P2"), "{}", form.body);
    let refused = post_form(
        &f.state,
        Some(&f.worker),
        "/people/bulk",
        &[
            ("csrf", f.worker.csrf.as_str()),
            ("refs", "P1 P2 NOBODY"),
            ("date", "2020-03-21"),
            ("step", "sampled"),
        ],
    )
    .await;
    assert!(
        refused.body.contains(r#"id="problems""#)
            && refused.body.contains("<strong>NOBODY</strong>"),
        "{}",
        refused.body
    );
    let done = post_form(
        &f.state,
        Some(&f.worker),
        "/people/bulk",
        &[
            ("csrf", f.worker.csrf.as_str()),
            ("refs", "P1, P2"),
            ("date", "2020-03-21"),
            ("step", "sampled"),
        ],
    )
    .await;
    assert!(done.body.contains("已为 2 人记录"), "{}", done.body);
    let c = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/compliance?date=2020-03-21&unit=M",
    )
    .await;
    assert_eq!(
        c.json()["rows"][0]["tested"],
        1.0,
        "the contact was sampled: {}",
        c.body
    );
    let stale = post_form(
        &f.state,
        Some(&f.worker),
        "/people/bulk",
        &[
            ("csrf", "wrong"),
            ("refs", "P1"),
            ("date", "2020-03-21"),
            ("step", "sampled"),
        ],
    )
    .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn exporting_personal_data_is_a_granted_permission_and_audited() {
    let f = with_registry().await;
    let refused = get_as(&f.state, Some(&f.worker), "/api/v1/registry/export").await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "reading is not exporting"
    );
    f.state
        .store
        .grant_export(
            &fangkong_domain::access::Username::parse("worker").expect("name"),
            true,
            jiff::Timestamp::now(),
            Some("admin"),
        )
        .await
        .expect("grant");
    let csv = get_as(&f.state, Some(&f.worker), "/api/v1/registry/export").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert_eq!(
        csv.body, "ref,name,resident_id,phone,address,unit_code\nP1,张三,,,,K1\nP2,李四,,,,K2\n",
        "her scope only, in full"
    );
    let beside = get_as(&f.state, Some(&f.worker), "/api/v1/registry/export?unit=V").await;
    assert_eq!(beside.status, StatusCode::FORBIDDEN);
    let audit = f
        .state
        .store
        .audit_entries(&fangkong_store::AuditFilter::default())
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.action == "registry.export" && e.new_value.as_deref() == Some("2 people")),
        "{audit:?}"
    );
    assert!(audit.iter().any(|e| e.action == "account.export_grant"));
}

#[tokio::test]
async fn the_facility_board_shows_beds_in_use_and_free_per_day() {
    let f = with_registry().await;
    let ids = f.state.store.units().await.expect("units").ids;
    f.state
        .store
        .put_facilities(
            &[(
                fangkong_store::StoredFacility {
                    code: "H1".into(),
                    name: "一号定点医院".into(),
                    kind: Place::DesignatedHospital,
                    unit: code("S"),
                    beds: [1, 2, 0],
                },
                ids[&code("S")],
            )],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("facility");
    f.state
        .store
        .registry_add(
            &[],
            &[(
                "P1".to_string(),
                DatedStep {
                    day: day("2020-03-19"),
                    step: Step::Moved {
                        place: Place::DesignatedHospital,
                    },
                },
                Some((
                    "H1".to_string(),
                    fangkong_domain::registry::facility::Bed::Severe,
                )),
            )],
            &[],
            jiff::Timestamp::now(),
            "test",
        )
        .await
        .expect("admission");
    let api = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/facilities?date=2020-03-20",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let doc = api.json();
    let h1 = &doc["facilities"][0];
    assert_eq!(h1["used"], serde_json::json!([0, 1, 0]));
    assert_eq!(h1["free"], serde_json::json!([1, 1, 0]));
    let series = h1["series"].as_array().expect("series");
    assert_eq!(series.len(), 14);
    assert_eq!(series[12], 1, "03-19");
    assert_eq!(series[11], 0, "03-18");
    let page = get_as(&f.state, Some(&f.hotline), "/facilities?date=2020-03-20").await;
    assert!(
        page.body.contains(r#"<tr data-code="H1">"#) && page.body.contains("1 / 1"),
        "{}",
        page.body
    );
    // The severe case counts as such in the stock.
    let c = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/compliance?date=2020-03-20&unit=C",
    )
    .await;
    assert_eq!(c.json()["rows"][0]["severe"], 1, "{}", c.body);
}
