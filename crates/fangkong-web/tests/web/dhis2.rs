//! DHIS2 over HTTP, as DHIS2's own clients speak it: data value sets posted
//! with HTTP Basic (`curl -u`) in JSON, XML and CSV, answered with DHIS2's
//! import summary, and read back by GET in the id scheme asked for.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use fangkong_domain::exchange::dhis2_ids::uid_of;
use serde_json::{Value, json};

use crate::support::{Answer, Fixture, PASSWORD, fixture, send};

const ELEMENTS: [(&str, &str); 10] = [
    ("FK_NEW_CONFIRMED", "2"),
    ("FK_NEW_SUSPECTED", "0"),
    ("FK_NEW_CLOSE_CONTACTS", "5"),
    ("FK_NEW_FEVER", "1"),
    ("FK_IN_PLACE_CLOSED_MANAGEMENT", "true"),
    ("FK_IN_PLACE_SCREENING", "true"),
    ("FK_IN_PLACE_DISINFECTION", "true"),
    ("FK_IN_PLACE_SUPPLIES", "false"),
    ("FK_IN_PLACE_STABILITY", "true"),
    ("FK_IN_PLACE_PUBLICITY", "true"),
];

fn basic(user: &str, password: &str) -> String {
    let pair = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

async fn post(f: &Fixture, uri: &str, auth: &str, media: &str, body: String) -> Answer {
    let request = Request::builder()
        .method("POST")
        .uri(uri)
        .header("authorization", auth)
        .header("content-type", media)
        .body(Body::from(body))
        .expect("request");
    send(&f.state, request).await
}

async fn get(f: &Fixture, uri: &str, auth: &str) -> Answer {
    let request = Request::builder()
        .uri(uri)
        .header("authorization", auth)
        .body(Body::empty())
        .expect("request");
    send(&f.state, request).await
}

/// A set for K1 on 2020-03-21 in JSON, the envelope carrying period and org unit.
fn json_set(org_unit: &str, extra: Value) -> String {
    let values: Vec<Value> = ELEMENTS
        .iter()
        .map(|(e, v)| json!({"dataElement": e, "value": v}))
        .collect();
    let mut set = json!({"dataSet": "FK_DAILY_REPORT", "period": "20200321",
                         "orgUnit": org_unit, "dataValues": values});
    if let (Value::Object(set), Value::Object(extra)) = (&mut set, extra) {
        set.extend(extra);
    }
    set.to_string()
}

fn summary(a: &Answer) -> Value {
    a.json()["response"].clone()
}

#[tokio::test]
async fn a_set_posted_with_basic_auth_lands_and_comes_back_by_get() {
    let f = fixture().await;
    let auth = basic("worker", PASSWORD);
    let a = post(
        &f,
        "/api/dataValueSets",
        &auth,
        "application/json",
        json_set("K1", json!({"completeDate": "2020-03-21"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let s = summary(&a);
    assert_eq!(s["responseType"], "ImportSummary");
    assert_eq!(s["status"], "SUCCESS");
    assert_eq!(
        s["importCount"],
        json!({"imported": 10, "updated": 0, "ignored": 0, "deleted": 0})
    );
    assert_eq!(s["dataSetComplete"], "2020-03-21");
    // Filed as a report: the API shows it, recorded at the completeDate.
    let revisions = get(&f, "/api/v1/reports/K1/2020-03-21", &auth).await;
    assert_eq!(revisions.status, StatusCode::OK, "{}", revisions.body);
    let r = &revisions.json()[0];
    assert_eq!(r["new_close_contacts"], 5);
    assert_eq!(r["recorded_at"], "2020-03-21T00:00:00+08:00", "{r}");
    // Back by GET, in UIDs (DHIS2's default), with the org unit asked by code.
    let back = get(
        &f,
        "/api/dataValueSets.json?dataSet=FK_DAILY_REPORT&period=20200321&orgUnit=K1",
        &auth,
    )
    .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    let doc = back.json();
    assert_eq!(doc["dataSet"], uid_of("dataSet", "FK_DAILY_REPORT"));
    let values = doc["dataValues"].as_array().expect("values");
    assert_eq!(values.len(), 10);
    let fever = values
        .iter()
        .find(|v| v["dataElement"] == uid_of("dataElement", "FK_NEW_FEVER"))
        .expect("fever");
    assert_eq!(fever["value"], "1");
    assert_eq!(fever["orgUnit"], uid_of("organisationUnit", "K1"));
    // XML and CSV by extension or Accept, codes by idScheme.
    let xml = get(
        &f,
        "/api/dataValueSets.xml?dataSet=FK_DAILY_REPORT&period=20200321&orgUnit=M&children=true&idScheme=CODE",
        &auth,
    )
    .await;
    assert!(
        xml.body.contains(r#"<dataValue dataElement="FK_NEW_CLOSE_CONTACTS" period="20200321" orgUnit="K1" value="5""#),
        "{}",
        xml.body
    );
    let csv = get(
        &f,
        "/api/dataValueSets.csv?dataSet=FK_DAILY_REPORT&startDate=2020-03-20&endDate=2020-03-21&orgUnit=K1&idScheme=CODE",
        &auth,
    )
    .await;
    assert_eq!(
        csv.body.lines().count(),
        21,
        "a header and two reports: {}",
        csv.body
    );
}

#[tokio::test]
async fn xml_and_csv_bodies_in_uids_are_read_as_dhis2_sends_them() {
    let f = fixture().await;
    let auth = basic("worker", PASSWORD);
    let k2 = uid_of("organisationUnit", "K2");
    let mut xml = format!(
        "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\" dataSet=\"{}\" period=\"20200321\" orgUnit=\"{k2}\">\n",
        uid_of("dataSet", "FK_DAILY_REPORT")
    );
    for (e, v) in ELEMENTS {
        xml.push_str(&format!(
            "  <dataValue dataElement=\"{}\" value=\"{v}\"/>\n",
            uid_of("dataElement", e)
        ));
    }
    xml.push_str("</dataValueSet>\n");
    let a = post(&f, "/api/dataValueSets", &auth, "application/xml", xml).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(summary(&a)["importCount"]["imported"], 10);
    // CSV, by code, with a changed value: a correction, one value updated.
    let mut csv = String::from("dataelement,period,orgunit,catoptcombo,attroptcombo,value\n");
    for (e, v) in ELEMENTS {
        let v = if e == "FK_NEW_FEVER" { "4" } else { v };
        csv.push_str(&format!("{e},20200321,K2,,,{v}\n"));
    }
    let a = post(
        &f,
        "/api/dataValueSets?idScheme=CODE",
        &auth,
        "application/csv",
        csv.clone(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        summary(&a)["importCount"],
        json!({"imported": 0, "updated": 1, "ignored": 9, "deleted": 0})
    );
    let revisions = get(&f, "/api/v1/reports/K2/2020-03-21", &auth).await;
    let revisions = revisions.json();
    assert_eq!(
        revisions.as_array().map(Vec::len),
        Some(2),
        "a visible correction"
    );
    assert!(
        revisions[1]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("DHIS2") && r.contains("worker")),
        "{revisions}"
    );
    // The same again: nothing changes, every value ignored.
    let a = post(
        &f,
        "/api/dataValueSets?idScheme=CODE",
        &auth,
        "text/csv",
        csv,
    )
    .await;
    assert_eq!(summary(&a)["importCount"]["ignored"], 10, "{}", a.body);
}

#[tokio::test]
async fn conflicts_name_the_value_and_nothing_is_imported() {
    let f = fixture().await;
    let auth = basic("worker", PASSWORD);
    let mut set: Value = serde_json::from_str(&json_set("K1", json!({}))).expect("json");
    set["dataValues"][3]["value"] = json!("-1");
    set["dataValues"][9]["orgUnit"] = json!("K404");
    let a = post(
        &f,
        "/api/dataValueSets",
        &auth,
        "application/json",
        set.to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    let m = a.json();
    assert_eq!(m["httpStatusCode"], 409);
    assert_eq!(m["status"], "ERROR");
    let s = &m["response"];
    assert_eq!(s["status"], "ERROR");
    assert_eq!(s["importCount"]["imported"], 0);
    assert_eq!(s["importCount"]["ignored"], 10);
    let conflicts = s["conflicts"].as_array().expect("conflicts");
    let unit = conflicts
        .iter()
        .find(|c| c["property"] == "orgUnit")
        .expect("unknown unit");
    assert_eq!(unit["errorCode"], "E7612");
    assert_eq!(unit["indexes"], json!([9]));
    assert!(
        unit["value"].as_str().is_some_and(
            |v| v.contains("$.dataValues[9].orgUnit") && v.contains("unknown org unit 'K404'")
        ),
        "{unit}"
    );
    let value = conflicts
        .iter()
        .find(|c| c["property"] == "value")
        .expect("bad value");
    assert_eq!(value["errorCode"], "E7619");
    assert_eq!(value["indexes"], json!([3]));
    let none = get(&f, "/api/v1/reports/K1/2020-03-21", &auth).await;
    assert_eq!(none.json(), json!([]), "nothing was imported");
    // Another data set is refused by name.
    let other = json_set("K1", json!({"dataSet": "pBOMPrpg1QX"}));
    let a = post(&f, "/api/dataValueSets", &auth, "application/json", other).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(
        summary(&a)["conflicts"][0]["errorCode"],
        "E7600",
        "{}",
        a.body
    );
}

#[tokio::test]
async fn dry_runs_strategies_and_the_doors_refusals_answer_as_dhis2_does() {
    let f = fixture().await;
    let auth = basic("worker", PASSWORD);
    let dry = post(
        &f,
        "/api/dataValueSets?dryRun=true",
        &auth,
        "application/json",
        json_set("K1", json!({})),
    )
    .await;
    assert_eq!(summary(&dry)["importCount"]["imported"], 10, "{}", dry.body);
    let none = get(&f, "/api/v1/reports/K1/2020-03-21", &auth).await;
    assert_eq!(none.json(), json!([]), "a dry run writes nothing");
    // UPDATE with nothing stored, and DELETE: refused.
    for strategy in ["UPDATE", "DELETE"] {
        let a = post(
            &f,
            &format!("/api/dataValueSets?importStrategy={strategy}"),
            &auth,
            "application/json",
            json_set("K1", json!({})),
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT, "{strategy}: {}", a.body);
    }
    // Outside the account's scope: 403, audited, before any value is read.
    let a = post(
        &f,
        "/api/dataValueSets",
        &auth,
        "application/json",
        json_set("V", json!({})),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert_eq!(a.json()["httpStatusCode"], 403);
    // A wrong password: 401 with a Basic challenge, in DHIS2's message.
    let a = post(
        &f,
        "/api/dataValueSets",
        &basic("worker", "wrong"),
        "application/json",
        json_set("K1", json!({})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    assert!(a.headers.contains_key("www-authenticate"));
    assert_eq!(a.json()["httpStatusCode"], 401);
    // A body of another type: 415.
    let a = post(&f, "/api/dataValueSets", &auth, "text/plain", "x".into()).await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.body);
    assert_eq!(a.json()["httpStatusCode"], 415);
    // An id scheme fangkong does not have: 400, naming it.
    let a = post(
        &f,
        "/api/dataValueSets?orgUnitIdScheme=attribute:X",
        &auth,
        "application/json",
        json_set("K1", json!({})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
}
