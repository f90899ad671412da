//! Appeals on the web (issue 7): a hotline call taken in on the operator's
//! form, classified and routed, followed to closure with a promise kept and
//! the caller's rating; the caller masked by role; the JSON intake all or
//! nothing with every problem by its JSON path; the queue, the dashboard's
//! rising categories; the alert board acknowledged and closed.

use axum::http::StatusCode;
use fangkong_domain::access::Role;
use serde_json::{Value, json};

use crate::support::{Fixture, account, fixture, get_as, post_form, post_json, session, token};

/// The reference an intake redirected to.
fn taken_ref(location: &str) -> String {
    location
        .trim_start_matches("/appeals/")
        .split('?')
        .next()
        .expect("reference")
        .to_string()
}

/// The references of a queue answered by the API, in its order.
fn queue_refs(queue: &Value) -> Vec<&str> {
    queue["appeals"]
        .as_array()
        .expect("appeals")
        .iter()
        .map(|a| a["reference"].as_str().expect("reference"))
        .collect()
}

/// Takes a call on the form as the hotline operator; returns its reference.
async fn take_call(f: &Fixture, phone: &str, address: &str, text: &str) -> String {
    let a = post_form(
        &f.state,
        Some(&f.hotline),
        "/appeals/new",
        &[
            ("csrf", f.hotline.csrf.as_str()),
            ("phone", phone),
            ("name", "李华"),
            ("address", address),
            ("text", text),
            ("category", "auto"),
            ("channel", "hotline"),
        ],
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let location = a.headers["location"].to_str().expect("location");
    assert!(location.contains("taken=1"), "{location}");
    taken_ref(location)
}

/// Records a step from the appeal's page as `who`.
async fn step(
    f: &Fixture,
    who: &crate::support::Session,
    reference: &str,
    fields: &[(&str, &str)],
) -> crate::support::Answer {
    let mut all = vec![("csrf", who.csrf.as_str())];
    all.extend_from_slice(fields);
    post_form(
        &f.state,
        Some(who),
        &format!("/appeals/{reference}/change"),
        &all,
    )
    .await
}

#[tokio::test]
async fn a_call_is_taken_routed_followed_to_a_kept_promise_and_rated() {
    let f = fixture().await;
    // The form is the hotline's: the cursor starts on the phone, Ctrl+Enter files.
    let form = get_as(&f.state, Some(&f.hotline), "/appeals/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains(r#"id="phone" inputmode="tel" autocomplete="off" autofocus"#)
    );
    assert!(form.body.contains("ctrlKey"), "Ctrl+Enter files the call");
    // The unit is chosen by name (保成 → its code), not typed as 12 digits.
    assert!(
        form.body.contains(r#"name="unit" list="unit-choices""#)
            && form.body.contains(r#"<datalist id="unit-choices">"#),
        "{}",
        form.body
    );
    let refused = get_as(&f.state, Some(&f.worker), "/appeals/new").await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "workers do not take calls"
    );

    let r = take_call(
        &f,
        "13912345678",
        "测试街道测试社区5栋301",
        "家里老人发烧三天了，社区一直没有安排核酸检测，也没有车送医院",
    )
    .await;
    assert!(
        fangkong_domain::appeals::reference::is_numeric(&r),
        "ten digits with a check digit: {r}"
    );
    let page = get_as(&f.state, Some(&f.hotline), &format!("/appeals/{r}?taken=1")).await;
    assert_eq!(page.status, StatusCode::OK);
    let spoken = fangkong_domain::appeals::reference::spoken(&r);
    assert!(
        page.body
            .contains(&format!(r#"<span id="reference-spoken">{spoken}</span>"#)),
        "said in groups"
    );
    // Read out over the phone and typed as heard: the same appeal.
    let typed = get_as(
        &f.state,
        Some(&f.hotline),
        &format!("/appeals/{}", spoken.replace(' ', "%20")),
    )
    .await;
    assert_eq!(typed.status, StatusCode::OK, "{}", typed.body);
    // The call asks for two things (a test, and a car to hospital): filed as
    // medical when the model is sure enough, else waiting in triage with its
    // guess, which is one of the two.
    let detail = get_as(&f.state, Some(&f.hotline), &format!("/api/v1/appeals/{r}"))
        .await
        .json();
    let confidence = detail["appeal"]["confidence"].as_f64().expect("confidence");
    let category = detail["appeal"]["category"].as_str().expect("category");
    assert!(matches!(category, "medical" | "transport"), "{detail}");
    assert_eq!(
        detail["appeal"]["awaits_triage"],
        confidence < 0.6,
        "{detail}"
    );
    if confidence < 0.6 {
        assert!(page.body.contains(r#"id="triage""#), "{}", page.body);
        // Its community's worker, a person, chooses: it leaves triage.
        let chosen = post_form(
            &f.state,
            Some(&f.worker),
            &format!("/appeals/{r}/category"),
            &[
                ("csrf", f.worker.csrf.as_str()),
                ("category", "medical"),
                ("reason", "老人发烧要做核酸，车是为了送医"),
            ],
        )
        .await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
        let after = get_as(&f.state, Some(&f.worker), &format!("/appeals/{r}")).await;
        assert!(
            after
                .body
                .contains(r#"id="category" data-category="medical">就医求助<"#),
            "{}",
            after.body
        );
    } else {
        // Filed under one of its two needs, the other named beside it.
        let filed = |c: &str| {
            page.body
                .contains(&format!(r#"id="category" data-category="{c}">"#))
        };
        assert!(
            filed("medical") || (filed("transport") && page.body.contains("也涉及 就医求助")),
            "classified: {}",
            page.body
        );
    }
    assert!(
        page.body
            .contains("测试社区</a> <span class=\"muted\">M</span>"),
        "routed to the community"
    );
    assert!(
        page.body.contains("13912345678"),
        "the hotline calls back: unmasked"
    );
    assert!(
        page.body.contains("发烧"),
        "the features behind the decision are shown"
    );
    assert!(
        page.body.contains(r#"id="next-call""#),
        "the next call is one key away"
    );

    // The command centre reads it with the caller masked.
    let centre = get_as(&f.state, Some(&f.centre), &format!("/appeals/{r}")).await;
    assert!(centre.body.contains("139****5678"), "{}", centre.body);
    assert!(!centre.body.contains("13912345678"));
    assert!(
        centre.body.contains("测试街道测试社区***"),
        "the building and room cut"
    );
    assert!(!centre.body.contains("5栋301"));

    // The community worker finds it in her queue and follows it to closure.
    let queue = get_as(&f.state, Some(&f.worker), "/appeals").await;
    assert!(
        queue.body.contains(&format!(r#"data-ref="{r}""#)),
        "{}",
        queue.body
    );
    // Routed to the community as it was taken in: the worker can start at
    // once, and the history begins with the intake and the route.
    let page = get_as(&f.state, Some(&f.worker), &format!("/appeals/{r}")).await;
    assert!(page.body.contains(r#"id="step-started""#), "{}", page.body);
    assert!(
        page.body.contains("<td>受理</td><td>市长热线</td>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<td>分派至 → M</td><td></td><td>测试街道、测试社区</td>"),
        "{}",
        page.body
    );
    let early = step(&f, &f.worker, &r, &[("event", "closed")]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early
            .body
            .contains("an appeal that is assigned cannot be closed"),
        "{}",
        early.body
    );
    let outside = step(
        &f,
        &f.worker,
        &r,
        &[("event", "assigned"), ("unit", "NOPE")],
    )
    .await;
    assert_eq!(
        outside.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        outside.body
    );
    for fields in [
        vec![("event", "assigned"), ("unit", "K1")],
        vec![("event", "started")],
        vec![
            ("event", "answered"),
            ("note", "明天上门核酸，车辆已安排"),
            ("promised", "2020-03-22"),
        ],
        vec![("event", "closed")],
    ] {
        let a = step(&f, &f.worker, &r, &fields).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{fields:?}: {}", a.body);
    }
    // Satisfaction is asked after closure, once.
    let rated = step(
        &f,
        &f.hotline,
        &r,
        &[("event", "rated"), ("satisfaction", "5")],
    )
    .await;
    assert_eq!(rated.status, StatusCode::SEE_OTHER, "{}", rated.body);
    let again = step(
        &f,
        &f.hotline,
        &r,
        &[("event", "rated"), ("satisfaction", "1")],
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let forged = post_form(
        &f.state,
        Some(&f.worker),
        &format!("/appeals/{r}/change"),
        &[("csrf", "forged"), ("event", "reopened"), ("note", "x")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "CSRF");

    let page = get_as(&f.state, Some(&f.worker), &format!("/appeals/{r}")).await;
    assert!(
        page.body
            .contains(r#"id="status" data-status="closed">已办结<"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"id="promise">2020-03-22 · <span data-promise="kept">已兑现</span><"#)
    );
    assert!(page.body.contains(r#"id="satisfaction">5 / 5<"#));

    // The dashboard counts it: one promise, kept; satisfaction 5.
    let board = get_as(&f.state, Some(&f.centre), "/api/v1/appeals/dashboard").await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    let b = board.json();
    assert_eq!(b["total"]["appeals"], 1);
    assert_eq!(b["total"]["open"], 0);
    assert_eq!(b["total"]["promises_kept"], 1);
    assert_eq!(b["total"]["promises_kept_percent"], 100.0);
    assert_eq!(b["total"]["satisfaction"], 5.0);

    // Open311 fetches it, open/closed, with its notes.
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let o = get_as(
        &f.state,
        None,
        &format!("/open311/v2/requests/{r}.json?api_key={key}"),
    )
    .await;
    assert_eq!(o.status, StatusCode::OK, "{}", o.body);
    assert_eq!(o.json()[0]["status"], "closed");
    // Its category: the model's when it was sure enough, else the worker's.
    let filed = if confidence < 0.6 {
        "medical"
    } else {
        category
    };
    assert_eq!(o.json()[0]["service_code"], filed);
}

#[tokio::test]
async fn the_json_intake_is_all_or_nothing_and_names_every_problem() {
    let f = fixture().await;
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {key}");
    let headers = [("authorization", auth.as_str())];
    let bad = post_json(
        &f.state,
        "/api/v1/appeals",
        &headers,
        json!({"appeals": [
            {"text": "小区团购的菜一直送不到，家里快断粮了", "address": "测试社区"},
            {"text": " ", "channel": "fax", "received_at": "2020-03-25 10:00", "category": "food"},
            {"text": "x", "phone": "call me", "reference": "has space", "unit": "NOPE", "urgency": "soon"}
        ]}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let paths: Vec<String> = bad.json()["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "$.appeals[1].text",
            "$.appeals[1].channel",
            "$.appeals[1].received_at",
            "$.appeals[1].category",
            "$.appeals[2].urgency",
            "$.appeals[2].unit",
            "$.appeals[2].phone",
            "$.appeals[2].reference",
        ]
    );
    let queue = get_as(&f.state, Some(&f.centre), "/api/v1/appeals?show=all").await;
    assert_eq!(queue.json()["total"], 0, "nothing was taken in");

    let ok = post_json(
        &f.state,
        "/api/v1/appeals",
        &headers,
        json!({"appeals": [
            {"reference": "mb-1", "channel": "message_board", "received_at": "2020-03-20 08:00",
             "text": "小区团购的菜一直送不到，家里快断粮了", "address": "测试社区", "phone": "13700000001"},
            {"reference": "mb-2", "received_at": "2020-03-20 09:00",
             "text": "小区团购的菜一直送不到，家里快断粮了！", "phone": "13700000001"},
            {"reference": "mb-3", "received_at": "2020-03-20 10:00", "address": "测试社区",
             "text": "楼道灯坏了", "unit": "K2", "urgency": "urgent"}
        ]}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let v = ok.json();
    assert_eq!(v["appeals"], 3);
    assert_eq!(
        v["outcomes"][2]["unit"], "K2",
        "the operator's unit wins over the route"
    );
    assert_eq!(
        v["outcomes"][2]["urgency"], "urgent",
        "and the operator's urgency"
    );
    assert_eq!(v["outcomes"][0]["category"], "supplies");
    assert_eq!(v["outcomes"][0]["unit"], "M");
    assert_eq!(
        v["outcomes"][1]["duplicate_of"], "mb-1",
        "the same caller again"
    );
    let page = get_as(&f.state, Some(&f.hotline), "/appeals/mb-1").await;
    assert!(
        page.body.contains(r#"<a href="/appeals/mb-2">mb-2</a>"#),
        "the group is on the page: {}",
        page.body
    );
    let twice = post_json(
        &f.state,
        "/api/v1/appeals",
        &headers,
        json!({"appeals": [{"reference": "mb-1", "text": "再问一次"}]}),
    )
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);

    // Only hotline operators take appeals in.
    let worker_key = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let w = format!("Bearer {worker_key}");
    let denied = post_json(
        &f.state,
        "/api/v1/appeals",
        &[("authorization", w.as_str())],
        json!({"appeals": [{"text": "x"}]}),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    // One appeal, with why; a step through the API; a category set by hand.
    let one = get_as(&f.state, Some(&f.worker), "/api/v1/appeals/mb-1").await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    let d = one.json();
    assert_eq!(
        d["appeal"]["status"], "assigned",
        "routed as it was taken in: its unit acts at once"
    );
    assert_eq!(
        d["appeal"]["caller_phone"], "13700000001",
        "a worker visits: unmasked"
    );
    assert!(
        !d["explanation"]["because"]
            .as_array()
            .expect("features")
            .is_empty()
    );
    assert_eq!(d["explanation"]["route_evidence"], json!(["测试社区"]));
    let change = post_json(
        &f.state,
        "/api/v1/appeals/mb-1/changes",
        &[("authorization", w.as_str())],
        json!({"event": "assigned", "unit": "K2"}),
    )
    .await;
    assert_eq!(change.status, StatusCode::CREATED, "{}", change.body);
    assert_eq!(
        change.json(),
        json!({"reference": "mb-1", "from": "assigned", "to": "assigned"})
    );
    let wrong = post_json(
        &f.state,
        "/api/v1/appeals/mb-1/changes",
        &[("authorization", w.as_str())],
        json!({"event": "rated", "satisfaction": 4}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["field"], "event");
    let recat = post_json(
        &f.state,
        "/api/v1/appeals/mb-1/category",
        &[("authorization", w.as_str())],
        json!({"category": "housing", "reason": "其实是房租问题"}),
    )
    .await;
    assert_eq!(recat.status, StatusCode::NO_CONTENT, "{}", recat.body);
    let after = get_as(&f.state, Some(&f.centre), "/api/v1/appeals/mb-1")
        .await
        .json();
    assert_eq!(after["appeal"]["category"], "housing");
    assert_eq!(after["appeal"]["category_by"], "person");
    assert_eq!(
        after["appeal"]["caller_phone"], "137****0001",
        "the centre sees it masked"
    );
    assert_eq!(
        after["explanation"]["category"], "supplies",
        "the model's is kept apart"
    );
    let audit = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/audit?action=appeals.recategorise",
    )
    .await;
    assert!(audit.body.contains("其实是房租问题"), "{}", audit.body);

    // Medical staff do not read appeals; another community's worker cannot see this one.
    account(&f.state, "doctor", Role::Medical, "C").await;
    let doc_key = token(&f.state, "doctor", jiff::SignedDuration::from_hours(1)).await;
    let doc = get_as(&f.state, None, "/api/v1/appeals/mb-1").await;
    assert_eq!(doc.status, StatusCode::UNAUTHORIZED);
    let d = crate::support::send(
        &f.state,
        axum::http::Request::builder()
            .uri("/api/v1/appeals/mb-1")
            .header("authorization", format!("Bearer {doc_key}"))
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(d.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_dashboard_shows_a_rising_category_and_the_queue_drills_down() {
    let f = fixture().await;
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {key}");
    let texts = [
        "团购的大米一个星期了还没送到",
        "超市配送一直约不上，家里没有蔬菜",
        "社区说的保供肉没有来",
        "网上下单总是显示缺货，鸡蛋买不到",
        "楼下的菜店早就关门了，牛奶也没有",
        "志愿者说今天也送不了挂面",
    ];
    let mut appeals: Vec<Value> = Vec::new();
    // One supplies appeal the week before; five this week, the last on
    // 03-19, so that every one is overdue at any hour of 03-21 (a day's
    // deadline).
    for (i, t) in texts.iter().enumerate() {
        let day = if i == 0 { 10 } else { 14 + i };
        appeals.push(json!({"received_at": format!("2020-03-{day:02} 09:00"), "text": t, "address": "测试社区", "category": "supplies"}));
    }
    let a = post_json(
        &f.state,
        "/api/v1/appeals",
        &[("authorization", auth.as_str())],
        json!({"appeals": appeals}),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.json()["grouped"], 0, "{}", a.body);
    let b = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/appeals/dashboard?unit=S",
    )
    .await
    .json();
    let rising = b["rising"].as_array().expect("rising");
    assert_eq!(rising.len(), 1, "{b}");
    assert_eq!(rising[0]["unit"], "M");
    assert_eq!(rising[0]["category"], "supplies");
    assert_eq!(
        (
            rising[0]["this_week"].clone(),
            rising[0]["last_week"].clone()
        ),
        (json!(5), json!(1))
    );
    assert_eq!(
        b["total"]["overdue"], 6,
        "none answered; every deadline passed"
    );
    let page = get_as(&f.state, Some(&f.centre), "/appeals/dashboard?unit=S").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<table id="rising">"#));
    assert!(
        page.body.contains("生活物资供应"),
        "labels in Chinese by default"
    );
    let en = get_as(
        &f.state,
        Some(&f.centre),
        "/appeals/dashboard?unit=S&lang=en",
    )
    .await;
    assert!(en.body.contains("Daily supplies"));

    let q = get_as(&f.state, Some(&f.centre), "/api/v1/appeals?show=overdue")
        .await
        .json();
    assert_eq!(q["total"], 6);
    assert_eq!(q["units"][0]["unit"], "D");
    assert_eq!(q["units"][0]["overdue"], 6);
    // Escalated here: exactly the overdue appeals whose escalation reached
    // the unit, and the oldest has climbed to the city.
    let all = q["appeals"].as_array().expect("appeals");
    assert_eq!(all[0]["escalated_to"], "C", "eleven days late: {}", all[0]);
    assert_eq!(
        all[0]["escalated_to_name"], "测试市",
        "its name beside its code"
    );
    let board = get_as(&f.state, Some(&f.centre), "/appeals/dashboard").await;
    assert!(
        board
            .body
            .contains(r#"<td>测试市 <span class="muted">C</span></td>"#),
        "names beside codes: {}",
        board.body
    );
    for unit in ["C", "D", "S", "M"] {
        let here = get_as(
            &f.state,
            Some(&f.centre),
            &format!("/api/v1/appeals?show=escalated&unit={unit}"),
        )
        .await
        .json();
        let expected = all.iter().filter(|a| a["escalated_to"] == unit).count();
        assert_eq!(here["total"], expected, "escalated to {unit}: {here}");
    }
    let bad = get_as(&f.state, Some(&f.centre), "/api/v1/appeals?show=soon").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The queue as filtered, to take away: every appeal of it, even past the
    // page's limit, in the order of the queue.
    let limited = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/appeals?show=overdue&limit=2",
    )
    .await
    .json();
    assert_eq!(limited["appeals"].as_array().map(Vec::len), Some(2));
    let csv = get_as(
        &f.state,
        Some(&f.centre),
        "/appeals.csv?show=overdue&limit=2",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "reference,received_at,channel,category,urgency,status,unit_code,unit_name,due,late_hours,text"
    );
    assert_eq!(lines.len(), 7, "all six overdue appeals: {}", csv.body);
    let first = all[0]["reference"].as_str().expect("reference");
    assert!(lines[1].starts_with(&format!("{first},")), "{}", lines[1]);
    let xlsx = get_as(&f.state, Some(&f.centre), "/appeals.xlsx?show=overdue").await;
    assert!(xlsx.body.starts_with("PK"));
}

#[tokio::test]
async fn alerts_are_raised_acknowledged_and_closed_by_the_offices() {
    let f = fixture().await;
    // A case in K2 after twenty quiet days: cases again, and K2 loses its status.
    let worker_key = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let w = format!("Bearer {worker_key}");
    let filed = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", w.as_str())],
        json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 1, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"}),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let board = get_as(&f.state, Some(&f.centre), "/api/v1/alerts?date=2020-03-21").await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    let alerts = board.json()["alerts"].clone();
    let kinds: Vec<String> = alerts
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| {
            format!(
                "{}:{}",
                a["kind"].as_str().unwrap_or(""),
                a["key"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(kinds.contains(&"resurgence:K2".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"lost_status:K2".to_string()), "{kinds:?}");
    let lost = alerts
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| a["kind"] == "lost_status")
        .expect("lost");
    assert!(
        lost["why"]
            .as_str()
            .expect("why")
            .starts_with("二号小区 reported 1 confirmed case on 2020-03-21"),
        "{lost}"
    );

    // The worker reads the board but does not close alerts; the centre does.
    let page = get_as(&f.state, Some(&f.worker), "/alerts?date=2020-03-21").await;
    assert!(page.body.contains(r#"data-alert="resurgence:K2""#));
    assert!(
        !page.body.contains("/alerts/resurgence/K2"),
        "no form for the worker"
    );
    assert!(
        page.body.contains("二号小区 2020-03-21 新增确诊1例"),
        "why, in Chinese by default: {}",
        page.body
    );
    let en = get_as(&f.state, Some(&f.worker), "/alerts?date=2020-03-21&lang=en").await;
    assert!(
        en.body
            .contains("二号小区 reported 1 confirmed case on 2020-03-21")
    );
    let denied = post_json(
        &f.state,
        "/api/v1/alerts/resurgence/K2",
        &[("authorization", w.as_str())],
        json!({"state": "acknowledged", "date": "2020-03-21"}),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let early = post_form(
        &f.state,
        Some(&f.centre),
        "/alerts/resurgence/K2",
        &[
            ("csrf", f.centre.csrf.as_str()),
            ("state", "closed"),
            ("note", "x"),
            ("date", "2020-03-21"),
        ],
    )
    .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early.body.contains("请先确认预警，再关闭"),
        "{}",
        early.body
    );
    let early_en = post_form(
        &f.state,
        Some(&f.centre),
        "/alerts/resurgence/K2",
        &[
            ("csrf", f.centre.csrf.as_str()),
            ("state", "closed"),
            ("note", "x"),
            ("date", "2020-03-21"),
            ("lang", "en"),
        ],
    )
    .await;
    assert!(
        early_en
            .body
            .contains("acknowledge the alert before closing it"),
        "{}",
        early_en.body
    );
    for (state, note) in [("acknowledged", ""), ("closed", "已流调，密接已隔离")] {
        let a = post_form(
            &f.state,
            Some(&f.centre),
            "/alerts/resurgence/K2",
            &[
                ("csrf", f.centre.csrf.as_str()),
                ("state", state),
                ("note", note),
                ("date", "2020-03-21"),
            ],
        )
        .await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{state}: {}", a.body);
    }
    let after = get_as(&f.state, Some(&f.centre), "/api/v1/alerts?date=2020-03-21")
        .await
        .json();
    let closed = after["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| a["kind"] == "resurgence")
        .expect("resurgence")
        .clone();
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["note"], "已流调，密接已隔离");
    assert_eq!(closed["noted_by"], "centre");
    let none = post_json(
        &f.state,
        "/api/v1/alerts/resurgence/K1",
        &[],
        json!({"state": "acknowledged"}),
    )
    .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    let district = account(&f.state, "district", Role::District, "D").await;
    let d = session(&f.state, district).await;
    let missing = post_form(
        &f.state,
        Some(&d),
        "/alerts/resurgence/K1",
        &[
            ("csrf", d.csrf.as_str()),
            ("state", "acknowledged"),
            ("date", "2020-03-21"),
        ],
    )
    .await;
    assert_eq!(
        missing.status,
        StatusCode::NOT_FOUND,
        "no such alert that day"
    );
}

/// The kinds and keys of a board answered by the API.
fn alert_ids(board: &Value) -> Vec<String> {
    board["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| {
            format!(
                "{}:{}",
                a["kind"].as_str().unwrap_or(""),
                a["key"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[tokio::test]
async fn the_alert_board_counts_filters_hands_on_and_exports_what_it_shows() {
    // A city free throughout (no contact in K1, unlike the shared fixture), so
    // one case takes the status from every unit above it.
    use fangkong_domain::UnitKind;
    let (dir, state) = crate::support::state_of(
        &[
            ("C", "测试市", UnitKind::City, None),
            ("D", "测试区", UnitKind::District, Some("C")),
            ("S", "测试街道", UnitKind::Subdistrict, Some("D")),
            ("M", "测试社区", UnitKind::Community, Some("S")),
            ("K1", "一号小区", UnitKind::Compound, Some("M")),
            ("K2", "二号小区", UnitKind::Compound, Some("M")),
        ],
        &["K1", "K2"],
        |_, _| 0,
    )
    .await;
    let centre = account(&state, "centre", Role::CommandCentre, "C").await;
    account(&state, "worker", Role::CommunityWorker, "M").await;
    let f = Fixture {
        centre: session(&state, centre).await,
        worker: session(&state, centre).await,
        hotline: session(&state, centre).await,
        state,
        _dir: dir,
    };
    let district = account(&f.state, "district", Role::District, "D").await;
    let d = session(&f.state, district).await;
    let worker_key = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let centre_key = token(&f.state, "centre", jiff::SignedDuration::from_hours(1)).await;
    let (w, c) = (
        format!("Bearer {worker_key}"),
        format!("Bearer {centre_key}"),
    );
    let filed = post_json(
        &f.state,
        "/api/v1/reports",
        &[("authorization", w.as_str())],
        json!({"unit": "K2", "date": "2020-03-21", "new_confirmed": 1, "new_suspected": 0, "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳"}),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);

    // Counts come before the filters and add up; a filter keeps only its own.
    let all = get_as(&f.state, Some(&f.centre), "/api/v1/alerts?date=2020-03-21")
        .await
        .json();
    let counts = &all["counts"];
    let n = all["alerts"].as_array().expect("alerts").len() as u64;
    assert!(n >= 2, "{all}");
    assert_eq!(counts["all"], n);
    assert_eq!(
        counts["high"].as_u64().expect("high") + counts["medium"].as_u64().expect("medium"),
        n
    );
    assert_eq!(counts["open"], n, "nothing handled yet");
    // The dashboard's office strip counts the same open high alerts, with
    // the change from the day before (none raised then), and the appeals past
    // their deadline (none here: a count of nothing, not a missing figure).
    let high_n = counts["high"].as_u64().expect("high");
    assert!(high_n > 0, "{all}");
    let strip = |html: &str| -> String {
        html.split(r#"id="office-figures""#)
            .nth(1)
            .and_then(|o| o.split("</div></div>").next())
            .unwrap_or_default()
            .to_string()
    };
    let dash = strip(
        &get_as(&f.state, Some(&f.centre), "/dashboard?date=2020-03-21")
            .await
            .body,
    );
    assert!(
        dash.contains(&format!(
            "高级预警（未办结）</span><strong>{high_n}</strong><span class=\"change\">较前日 +{high_n}</span>"
        )),
        "{dash}"
    );
    assert!(dash.contains("超时诉求</span><strong>0</strong>"), "{dash}");
    let high = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/alerts?date=2020-03-21&level=high",
    )
    .await
    .json();
    assert_eq!(high["counts"], all["counts"], "counts ignore the filters");
    let kept = high["alerts"].as_array().expect("alerts");
    assert_eq!(kept.len() as u64, counts["high"].as_u64().expect("high"));
    assert!(kept.iter().all(|a| a["severity"] == "high"), "{high}");
    assert!(alert_ids(&high).contains(&"resurgence:K2".to_string()));
    let lost = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/alerts?date=2020-03-21&kind=lost_status&district=D",
    )
    .await
    .json();
    assert_eq!(
        alert_ids(&lost),
        vec!["lost_status:K2".to_string()],
        "{lost}"
    );
    let row = &lost["alerts"][0];
    assert_eq!(row["district"]["code"], "D");
    assert_eq!(row["district"]["name"], "测试区");
    // The units the case took the status from, nested under its cause.
    let affected: Vec<&str> = row["affected"]
        .as_array()
        .expect("affected")
        .iter()
        .map(|u| u["code"].as_str().expect("code"))
        .collect();
    assert!(affected.contains(&"M") && affected.contains(&"D"), "{row}");
    assert!(!affected.contains(&"K2"), "its own unit is the row itself");
    let elsewhere = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/alerts?date=2020-03-21&district=420102000000",
    )
    .await
    .json();
    assert!(elsewhere["alerts"].as_array().expect("alerts").is_empty());
    let bad = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/alerts?date=2020-03-21&kind=fire",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["field"], "kind", "{}", bad.body);
    let bad_page = get_as(
        &f.state,
        Some(&f.centre),
        "/alerts?date=2020-03-21&level=urgent",
    )
    .await;
    assert_eq!(bad_page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_page.body.contains("“urgent”无效"), "{}", bad_page.body);

    // Handed on: only to an account that may handle the alert there.
    let to_worker = post_json(
        &f.state,
        "/api/v1/alerts/resurgence/K2",
        &[("authorization", c.as_str())],
        json!({"state": "assigned", "assignee": "worker", "date": "2020-03-21"}),
    )
    .await;
    assert_eq!(
        to_worker.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        to_worker.body
    );
    assert_eq!(to_worker.json()["field"], "assignee");
    let page = get_as(
        &f.state,
        Some(&f.centre),
        "/alerts?date=2020-03-21&level=high",
    )
    .await;
    assert!(
        page.body
            .contains(r#"<option value="district">district</option>"#),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(r#"<option value="worker">"#),
        "a worker does not handle alerts"
    );
    let handed = post_form(
        &f.state,
        Some(&f.centre),
        "/alerts/resurgence/K2",
        &[
            ("csrf", f.centre.csrf.as_str()),
            ("state", "assigned"),
            ("assignee", "district"),
            ("note", "请区里核实"),
            ("date", "2020-03-21"),
            ("back", "level=high"),
        ],
    )
    .await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER, "{}", handed.body);
    assert_eq!(
        handed.headers["location"],
        "/alerts?date=2020-03-21&level=high&lang=zh#alert-resurgence-K2"
    );
    // The district it was handed to closes it; the hand stays on the record.
    let closed = post_form(
        &f.state,
        Some(&d),
        "/alerts/resurgence/K2",
        &[
            ("csrf", d.csrf.as_str()),
            ("state", "closed"),
            ("note", "已流调"),
            ("date", "2020-03-21"),
        ],
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    let after = get_as(
        &f.state,
        Some(&f.centre),
        "/api/v1/alerts?date=2020-03-21&kind=resurgence",
    )
    .await
    .json();
    let r = &after["alerts"][0];
    assert_eq!(r["state"], "closed");
    assert_eq!(r["assignee"], "district");
    assert_eq!(r["note"], "已流调");
    assert_eq!(after["counts"]["closed"], 1);
    // Closed, it leaves the strip: the kept count moved with the note.
    let dash = strip(
        &get_as(&f.state, Some(&f.centre), "/dashboard?date=2020-03-21")
            .await
            .body,
    );
    assert!(
        dash.contains(&format!(
            "高级预警（未办结）</span><strong>{}</strong>",
            high_n - 1
        )),
        "{dash}"
    );
    let again = post_json(
        &f.state,
        "/api/v1/alerts/resurgence/K2",
        &[("authorization", c.as_str()), ("accept-language", "zh-CN")],
        json!({"state": "assigned", "assignee": "district", "date": "2020-03-21"}),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("该预警已关闭"), "{}", again.body);

    // The page: counts as links, the filters kept, a row per alert.
    let page = get_as(
        &f.state,
        Some(&f.centre),
        "/alerts?date=2020-03-21&state=closed",
    )
    .await;
    assert!(
        page.body.contains(r#"id="alert-resurgence-K2""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("交由 district"));
    assert!(
        !page.body.contains(r#"id="alert-lost_status-K2""#),
        "filtered out"
    );
    assert!(page.body.contains(r#"<option value="closed" selected>"#));
    assert!(
        page.body
            .contains("/alerts.csv?date=2020-03-21&#38;state=closed"),
        "{}",
        page.body
    );

    // The same rows to take away, as filtered.
    let csv = get_as(
        &f.state,
        Some(&f.centre),
        "/alerts.csv?date=2020-03-21&kind=lost_status",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "date,severity,kind,key,unit_code,name,district,why,state,assignee,note,affected"
    );
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[1].starts_with("2020-03-21,"), "{}", lines[1]);
    assert!(
        lines[1].contains(",失去无疫状态,K2,K2,二号小区,测试区,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(",M 测试社区; S 测试街道; D 测试区; C 测试市"),
        "{}",
        lines[1]
    );
    let xlsx = get_as(&f.state, Some(&f.centre), "/alerts.xlsx?date=2020-03-21").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with("PK"), "a zip");
    let anonymous = get_as(&f.state, None, "/alerts.csv?date=2020-03-21").await;
    assert_ne!(anonymous.status, StatusCode::OK);
}

#[tokio::test]
async fn disputes_are_recorded_mediated_and_their_parties_masked_by_role() {
    let f = fixture().await;
    let recorded = post_form(
        &f.state,
        Some(&f.worker),
        "/disputes",
        &[
            ("csrf", f.worker.csrf.as_str()),
            ("unit", "K1"),
            ("kind", "measures"),
            ("risk", "high"),
            ("summary", "封控期间业主与志愿者因物资分配争吵"),
            ("party1_name", "张三"),
            ("party1_phone", "13900000001"),
            ("party2_name", "李四"),
            ("back", "M"),
        ],
    )
    .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let mine = get_as(&f.state, Some(&f.worker), "/api/v1/disputes")
        .await
        .json();
    assert_eq!(mine["open"], 1);
    assert_eq!(mine["high_risk_open"], 1);
    let d = &mine["disputes"][0];
    assert_eq!(d["parties"][0]["name"], "张三", "she visits: unmasked");
    assert_eq!(d["status"], "open");
    let reference = d["reference"].as_str().expect("reference").to_string();
    // Her register's form picks the unit by name.
    let register = get_as(&f.state, Some(&f.worker), "/disputes").await.body;
    assert!(
        register.contains(r#"name="unit" list="unit-choices""#)
            && register.contains(r#"<datalist id="unit-choices">"#),
        "{register}"
    );

    let worker_key = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let w = format!("Bearer {worker_key}");
    let early = post_json(
        &f.state,
        &format!("/api/v1/disputes/{reference}/steps"),
        &[("authorization", w.as_str())],
        json!({"step": "agreed", "note": "x"}),
    )
    .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early
            .body
            .contains("a dispute that is open cannot be agreed")
    );
    for (step, note) in [
        ("mediated", "社区书记上门调解"),
        ("agreed", "物资按户登记、按时配送"),
    ] {
        let a = post_form(
            &f.state,
            Some(&f.worker),
            "/disputes/step",
            &[
                ("csrf", f.worker.csrf.as_str()),
                ("reference", reference.as_str()),
                ("step", step),
                ("note", note),
                ("back", "M"),
            ],
        )
        .await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{step}: {}", a.body);
    }
    let centre = get_as(&f.state, Some(&f.centre), "/disputes").await;
    assert_eq!(centre.status, StatusCode::OK);
    assert!(
        centre.body.contains("张*") && !centre.body.contains("张三"),
        "masked for the centre"
    );
    assert!(!centre.body.contains("13900000001"));
    assert!(centre.body.contains(r#"data-status="resolved""#));
    assert!(
        centre.body.contains("物资按户登记、按时配送"),
        "the outcome is kept"
    );

    // The hotline does not record disputes; a bad dispute names its fields.
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let h = format!("Bearer {key}");
    let denied = post_json(
        &f.state,
        "/api/v1/disputes",
        &[("authorization", h.as_str())],
        json!({"unit": "K1", "kind": "family", "summary": "x"}),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let bad = post_json(
        &f.state,
        "/api/v1/disputes",
        &[("authorization", w.as_str())],
        json!({"unit": "K1", "kind": "noise", "summary": "", "parties": [{"name": "", "phone": "abc"}]}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<String> = bad.json()["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "$.kind",
            "$.summary",
            "$.parties[0].name",
            "$.parties[0].phone"
        ]
    );
    let beside = post_json(
        &f.state,
        "/api/v1/disputes",
        &[("authorization", w.as_str())],
        json!({"unit": "V", "kind": "family", "summary": "x"}),
    )
    .await;
    assert_eq!(
        beside.status,
        StatusCode::FORBIDDEN,
        "V is outside her scope"
    );
}

#[tokio::test]
async fn the_servers_duplicate_index_sees_appeals_another_process_wrote() {
    let f = fixture().await;
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {key}");
    let post = |reference: &'static str, phone: &'static str, text: &'static str| {
        let state = f.state.clone();
        let auth = auth.clone();
        async move {
            post_json(
                &state,
                "/api/v1/appeals",
                &[("authorization", auth.as_str())],
                json!({"appeals": [{"reference": reference, "received_at": "2020-03-20 10:00", "phone": phone, "text": text}]}),
            )
            .await
        }
    };
    // The server's index is built by its first intake.
    let first = post("w-1", "13600000001", "小区门口的路被堵了，救护车进不来").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    // Another process (the command line's import) writes one meanwhile.
    let router = fangkong_domain::appeals::Router::new(f.state.engine.read().await.engine.tree());
    f.state
        .store
        .take_in_appeals(
            &[fangkong_store::AppealInput {
                reference: "cli-1".into(),
                channel: "import",
                received_at: fangkong_domain::day::instant("2020-03-20 11:00").expect("time"),
                text: "家里的药吃完了，医院挂不上号".into(),
                name: None,
                phone: Some("13600000002".into()),
                address: None,
                place: String::new(),
                category: None,
                unit: None,
                urgency: None,
                post: None,
            }],
            &router,
            jiff::Timestamp::now(),
            "import",
        )
        .await
        .expect("import");
    let again = post("w-2", "13600000002", "药还是没有买到").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.json()["outcomes"][0]["duplicate_of"], "cli-1");
    let own = post("w-3", "13600000001", "路还是堵着").await;
    assert_eq!(
        own.json()["outcomes"][0]["duplicate_of"],
        "w-1",
        "its own intakes are remembered"
    );
}

#[tokio::test]
async fn requests_written_together_fail_alone() {
    let f = fixture().await;
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {key}");
    let post = |reference: String| {
        let state = f.state.clone();
        let auth = auth.clone();
        async move {
            post_json(
                &state,
                "/api/v1/appeals",
                &[("authorization", auth.as_str())],
                json!({"appeals": [{"reference": reference, "text": format!("第{reference}号来电：小区封闭，买不到菜")}]}),
            )
            .await
        }
    };
    let first = post("c-0".into()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    // Eight at once, one of them a reference already taken: whether the writer
    // groups them or not, only that one is refused.
    let answers = futures_join(
        (0..8)
            .map(|i| {
                post(if i == 3 {
                    "c-0".into()
                } else {
                    format!("c-{}", i + 10)
                })
            })
            .collect(),
    )
    .await;
    for (i, a) in answers.iter().enumerate() {
        let expected = if i == 3 {
            StatusCode::CONFLICT
        } else {
            StatusCode::CREATED
        };
        assert_eq!(a.status, expected, "request {i}: {}", a.body);
    }
    let q = get_as(&f.state, Some(&f.centre), "/api/v1/appeals?show=all")
        .await
        .json();
    assert_eq!(q["total"], 8, "the first and seven more");
}

/// Runs the futures at once and collects their answers in order.
async fn futures_join<F: std::future::Future<Output = crate::support::Answer> + Send + 'static>(
    futures: Vec<F>,
) -> Vec<crate::support::Answer> {
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

#[tokio::test]
async fn the_openapi_document_describes_appeals_alerts_and_disputes() {
    let f = fixture().await;
    let doc = get_as(&f.state, Some(&f.centre), "/api/v1/openapi.json")
        .await
        .json();
    for (path, method) in [
        ("/api/v1/appeals", "get"),
        ("/api/v1/appeals", "post"),
        ("/api/v1/appeals/dashboard", "get"),
        ("/api/v1/appeals/{reference}", "get"),
        ("/api/v1/appeals/{reference}/changes", "post"),
        ("/api/v1/appeals/{reference}/category", "post"),
        ("/api/v1/alerts", "get"),
        ("/api/v1/alerts/{kind}/{key}", "post"),
        ("/api/v1/disputes", "get"),
        ("/api/v1/disputes", "post"),
        ("/api/v1/disputes/{reference}/steps", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    // Every schema the document refers to is in it.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for part in text.split("\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().expect("name");
        assert!(
            schemas.contains_key(name),
            "{name} is referred to but missing"
        );
    }
}

#[tokio::test]
async fn the_history_says_who_by_name_not_by_username() {
    let f = fixture().await;
    let id = f
        .state
        .store
        .add_account(
            &fangkong_store::NewAccount {
                username: fangkong_domain::access::Username::parse("wangfang").expect("name"),
                display_name: "王芳".into(),
                role: fangkong_domain::access::Role::CommunityWorker,
                scope: crate::support::code("M"),
                password: fangkong_domain::access::Password::new(crate::support::PASSWORD)
                    .expect("password"),
            },
            jiff::Timestamp::now(),
            Some("test"),
        )
        .await
        .expect("account")
        .id;
    let wangfang = crate::support::session(&f.state, id).await;
    let r = take_call(
        &f,
        "13912345678",
        "测试街道测试社区5栋301",
        "家里没有菜了，请帮忙买菜",
    )
    .await;
    let a = step(&f, &wangfang, &r, &[("event", "assigned"), ("unit", "K1")]).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let page = get_as(&f.state, Some(&wangfang), &format!("/appeals/{r}")).await;
    assert!(page.body.contains("<td>王芳</td>"), "{}", page.body);
    assert!(!page.body.contains("<td>wangfang</td>"));
    let bearer = format!(
        "Bearer {}",
        token(&f.state, "wangfang", jiff::SignedDuration::from_hours(1)).await
    );
    let request = axum::http::Request::builder()
        .uri(format!("/api/v1/appeals/{r}"))
        .header("authorization", bearer)
        .body(axum::body::Body::empty())
        .expect("request");
    let json = crate::support::send(&f.state, request).await.json();
    let last = json["appeal"]["changes"]
        .as_array()
        .and_then(|c| c.last().cloned())
        .expect("a change");
    assert_eq!(
        (last["actor"].as_str(), last["actor_name"].as_str()),
        (Some("wangfang"), Some("王芳"))
    );
}

#[tokio::test]
async fn an_appeal_the_model_is_unsure_of_waits_for_a_person_to_choose_its_category() {
    let f = fixture().await;
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {key}");
    let taken = post_json(
        &f.state,
        "/api/v1/appeals",
        &[("authorization", auth.as_str())],
        json!({"appeals": [
            {"reference": "tr-1", "text": "家里老人发烧咳嗽好几天，社区一直不安排核酸检测", "address": "测试社区"},
            {"reference": "tr-2", "text": "社区的事情怎么办", "address": "测试社区"},
            {"reference": "tr-3", "text": "社区的事情怎么办", "address": "测试社区", "category": "housing"}
        ]}),
    )
    .await;
    assert_eq!(taken.status, StatusCode::CREATED, "{}", taken.body);

    let queue = get_as(&f.state, Some(&f.centre), "/api/v1/appeals?show=triage")
        .await
        .json();
    let refs = queue_refs(&queue);
    assert_eq!(
        refs,
        ["tr-2"],
        "only the unsure one whose category no person chose: {queue}"
    );
    assert_eq!(queue["appeals"][0]["awaits_triage"], true);
    assert!(
        queue["appeals"][0]["confidence"]
            .as_f64()
            .expect("confidence")
            < 0.6
    );
    let sure = get_as(&f.state, Some(&f.centre), "/api/v1/appeals/tr-1")
        .await
        .json();
    assert_eq!(sure["appeal"]["awaits_triage"], false);
    assert!(sure["appeal"]["confidence"].as_f64().expect("confidence") >= 0.6);
    let chosen = get_as(&f.state, Some(&f.centre), "/api/v1/appeals/tr-3")
        .await
        .json();
    assert_eq!(
        chosen["appeal"]["confidence"],
        json!(null),
        "a person chose it"
    );
    let board = get_as(&f.state, Some(&f.centre), "/api/v1/appeals/dashboard")
        .await
        .json();
    assert_eq!(board["triage"], 1, "{board}");

    // The page says so, in the reader's language.
    let page = get_as(&f.state, Some(&f.worker), "/appeals/tr-2").await;
    assert!(page.body.contains(r#"id="triage""#), "{}", page.body);
    assert!(page.body.contains("待人工分类"), "{}", page.body);
    let en = get_as(&f.state, Some(&f.worker), "/appeals/tr-2?lang=en").await;
    assert!(en.body.contains("Awaiting triage"), "{}", en.body);

    // A person chooses the category: it leaves the queue.
    let worker_key = token(&f.state, "worker", jiff::SignedDuration::from_hours(1)).await;
    let w = format!("Bearer {worker_key}");
    let recat = post_json(
        &f.state,
        "/api/v1/appeals/tr-2/category",
        &[("authorization", w.as_str())],
        json!({"category": "complaint", "reason": "来电者投诉社区工作"}),
    )
    .await;
    assert_eq!(recat.status, StatusCode::NO_CONTENT, "{}", recat.body);
    let queue = get_as(&f.state, Some(&f.centre), "/api/v1/appeals?show=triage")
        .await
        .json();
    assert_eq!(queue["total"], 0, "{queue}");
}

#[tokio::test]
async fn online_voices_show_apart_and_the_dashboard_counts_what_the_hotline_had_not_heard() {
    let f = fixture().await;
    let key = token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let auth = format!("Bearer {key}");
    let call = post_json(
        &f.state,
        "/api/v1/appeals",
        &[("authorization", auth.as_str())],
        json!({"appeals": [{"reference": "c-1", "received_at": "2020-03-20 09:00",
            "text": "小区团购的菜一直送不到，家里快断粮了，老人没有吃的", "address": "测试社区"}]}),
    )
    .await;
    assert_eq!(call.status, StatusCode::CREATED, "{}", call.body);
    let router = fangkong_domain::appeals::Router::new(f.state.engine.read().await.engine.tree());
    let post = |reference: &str, id: &str, at: &str, text: &str| fangkong_store::AppealInput {
        reference: reference.into(),
        channel: "import",
        received_at: fangkong_domain::day::instant(at).expect("time"),
        text: text.into(),
        name: None,
        phone: None,
        address: None,
        place: "测试社区".into(),
        category: None,
        unit: None,
        urgency: None,
        post: Some(fangkong_store::PublicPost {
            feed: "weibo".into(),
            id: id.into(),
            author: Some("@某网友".into()),
        }),
    };
    f.state
        .store
        .take_in_appeals(
            &[
                post(
                    "weibo-1",
                    "1",
                    "2020-03-20 10:00",
                    "小区团购的菜一直送不到，家里快断粮了，老人没有吃的",
                ),
                post(
                    "weibo-2",
                    "2",
                    "2020-03-20 11:00",
                    "父亲发烧咳嗽五天了，社区一直不安排核酸检测，求床位",
                ),
            ],
            &router,
            jiff::Timestamp::now(),
            "import",
        )
        .await
        .expect("the feed");
    let queue = get_as(&f.state, Some(&f.centre), "/api/v1/appeals?show=online")
        .await
        .json();
    let refs = queue_refs(&queue);
    assert_eq!(
        refs,
        ["weibo-2"],
        "the repeat of the call is in the call's group: {queue}"
    );
    assert_eq!(queue["appeals"][0]["feed"], "weibo");
    let board = get_as(&f.state, Some(&f.centre), "/api/v1/appeals/dashboard")
        .await
        .json();
    assert_eq!(
        (board["online"].as_u64(), board["online_only"].as_u64()),
        (Some(2), Some(1)),
        "{board}"
    );
    let page = get_as(&f.state, Some(&f.centre), "/appeals/dashboard").await;
    assert!(
        page.body.contains(r#"id="online-count""#) && page.body.contains("网上民声"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_second_need_is_shown_with_the_clause_that_names_it() {
    let f = fixture().await;
    let r = take_call(
        &f,
        "13912345670",
        "测试街道测试社区3栋",
        "我妈发烧咳嗽一周，做了CT双肺感染，血氧只有九十，社区说没有床位，求收治。去医院没有交通工具",
    )
    .await;
    let api = get_as(&f.state, Some(&f.worker), &format!("/api/v1/appeals/{r}"))
        .await
        .json();
    assert_eq!(api["explanation"]["category"], "medical", "{api}");
    assert_eq!(api["explanation"]["second"], "transport", "{api}");
    assert_eq!(
        api["explanation"]["second_because"], "去医院没有交通工具",
        "{api}"
    );
    let page = get_as(&f.state, Some(&f.worker), &format!("/appeals/{r}")).await;
    assert!(
        page.body
            .contains("<p id=\"second-because\">第二项诉求见于: 「去医院没有交通工具」</p>"),
        "{}",
        page.body
    );
    let en = get_as(&f.state, Some(&f.worker), &format!("/appeals/{r}?lang=en")).await;
    assert!(
        en.body
            .contains("Second need named in: 「去医院没有交通工具」"),
        "{}",
        en.body
    );
}
