//! Open311 GeoReport v2 (issue 7): filing a request by POST, reading it back in
//! JSON and XML with the standard filters, the spec's error bodies, and every
//! JSON reply checked against the Open311 JSON Schemas
//! (`data/interop/open311/schema/`, from open311/schema-validation).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

use crate::support::{Fixture, fixture, send, token};

fn schema_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/interop/open311/schema")
}

/// A check of `value` against the Draft-4 subset these schemas use: `type`,
/// `required`, `properties`, `items`, `enum`, `anyOf`, `maxLength` and `$ref`
/// to a file beside them. Returns the first violation, by JSON path.
fn violation(schema: &Value, value: &Value, path: &str) -> Option<String> {
    if let Some(file) = schema.get("$ref").and_then(Value::as_str) {
        let text = std::fs::read_to_string(schema_dir().join(file)).expect("schema file");
        let referred: Value = serde_json::from_str(&text).expect("schema JSON");
        return violation(&referred, value, path);
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array)
        && options.iter().all(|o| violation(o, value, path).is_some())
    {
        return Some(format!("{path}: matches none of anyOf"));
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            "null" => value.is_null(),
            _ => true,
        };
        if !ok {
            return Some(format!("{path}: not a {t}: {value}"));
        }
    }
    if let (Some(allowed), false) = (
        schema.get("enum").and_then(Value::as_array),
        value.is_null(),
    ) && !allowed.contains(value)
    {
        return Some(format!("{path}: {value} not in {allowed:?}"));
    }
    if let (Some(max), Some(s)) = (
        schema.get("maxLength").and_then(Value::as_u64),
        value.as_str(),
    ) && s.chars().count() as u64 > max
    {
        return Some(format!("{path}: longer than {max}"));
    }
    if let (Some(required), Some(object)) = (
        schema.get("required").and_then(Value::as_array),
        value.as_object(),
    ) {
        for r in required.iter().filter_map(Value::as_str) {
            if !object.contains_key(r) {
                return Some(format!("{path}: {r} is missing"));
            }
        }
    }
    if let (Some(props), Some(object)) = (
        schema.get("properties").and_then(Value::as_object),
        value.as_object(),
    ) {
        for (k, s) in props {
            if let Some(v) = object.get(k)
                && let Some(e) = violation(s, v, &format!("{path}.{k}"))
            {
                return Some(e);
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            if let Some(e) = violation(items, v, &format!("{path}[{i}]")) {
                return Some(e);
            }
        }
    }
    None
}

fn conforms(schema_file: &str, body: &str) {
    let value: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
    let schema = serde_json::json!({ "$ref": schema_file });
    if let Some(v) = violation(&schema, &value, "$") {
        panic!("{schema_file}: {v}\n{body}");
    }
}

async fn key(f: &Fixture) -> String {
    token(&f.state, "hotline", jiff::SignedDuration::from_hours(1)).await
}

async fn post(f: &Fixture, path: &str, form: &str) -> crate::support::Answer {
    send(
        &f.state,
        Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form.to_string()))
            .expect("request"),
    )
    .await
}

async fn get(f: &Fixture, uri: &str) -> crate::support::Answer {
    send(
        &f.state,
        Request::builder()
            .uri(uri)
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_request_is_filed_and_read_back_in_both_formats() {
    let f = fixture().await;
    let k = key(&f).await;
    let disco = get(&f, "/open311/v2/discovery.json").await;
    assert_eq!(disco.status, StatusCode::OK);
    assert!(
        disco.body.contains("http://wiki.open311.org/GeoReport_v2"),
        "{}",
        disco.body
    );
    let services = get(&f, &format!("/open311/v2/services.json?api_key={k}")).await;
    assert_eq!(services.status, StatusCode::OK, "{}", services.body);
    conforms("services.json", &services.body);
    let xml = get(&f, &format!("/open311/v2/services.xml?api_key={k}")).await;
    assert_eq!(
        xml.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/xml; charset=utf-8")
    );
    assert!(xml.body.starts_with(r#"<?xml version="1.0" encoding="utf-8"?><services><service><service_code>stranded</service_code>"#), "{}", xml.body);
    let definition = get(
        &f,
        &format!("/open311/v2/services/supplies.json?api_key={k}"),
    )
    .await;
    conforms("service-definition.json", &definition.body);

    let filed = post(
        &f,
        "/open311/v2/requests.json",
        &format!(
            "api_key={k}&service_code=supplies&address_string={}&description={}&phone=13900000001",
            enc("测试社区"),
            enc("小区团购的菜一直送不到，电话13900000001")
        ),
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let reply: Value = serde_json::from_str(&filed.body).expect("json");
    let id = reply[0]["service_request_id"]
        .as_str()
        .expect("an id")
        .to_string();
    assert!(
        fangkong_domain::appeals::reference::is_numeric(&id),
        "a reference read over the phone: {id}"
    );

    let list = get(
        &f,
        &format!("/open311/v2/requests.json?api_key={k}&status=open"),
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    conforms("requests.json", &list.body);
    let doc: Value = serde_json::from_str(&list.body).expect("json");
    assert_eq!(doc.as_array().map(Vec::len), Some(1));
    assert_eq!(doc[0]["service_code"], "supplies");
    assert_eq!(doc[0]["status"], "open");
    assert_eq!(
        doc[0]["agency_responsible"], "测试社区",
        "routed by its address"
    );
    assert!(
        doc[0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("●●●") && !d.contains("13900000001")),
        "phone masked: {}",
        doc[0]
    );
    assert!(
        doc[0]["requested_datetime"]
            .as_str()
            .is_some_and(|t| t.ends_with("+08:00"))
    );
    let closed = get(
        &f,
        &format!("/open311/v2/requests.json?api_key={k}&status=closed"),
    )
    .await;
    assert_eq!(closed.body, "[]");
    let other = get(
        &f,
        &format!("/open311/v2/requests.json?api_key={k}&service_code=medical"),
    )
    .await;
    assert_eq!(other.body, "[]");
    let one = get(&f, &format!("/open311/v2/requests/{id}.xml?api_key={k}")).await;
    assert!(
        one.body.contains(&format!("<service_requests><request><service_request_id>{id}</service_request_id><status>open</status>")),
        "{}",
        one.body
    );
    let single = get(&f, &format!("/open311/v2/requests/{id}.json?api_key={k}")).await;
    conforms("requests.json", &single.body);
}

#[tokio::test]
async fn errors_come_in_the_specs_shape_and_status() {
    let f = fixture().await;
    let k = key(&f).await;
    // Reading is public; filing needs a key.
    let no_key = post(
        &f,
        "/open311/v2/requests.xml",
        "service_code=supplies&description=x&address_string=y",
    )
    .await;
    assert_eq!(no_key.status, StatusCode::FORBIDDEN);
    assert!(
        no_key.body.starts_with(
            r#"<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>"#
        ),
        "{}",
        no_key.body
    );
    let bad_key = post(
        &f,
        "/open311/v2/requests.json",
        "api_key=nope&service_code=supplies",
    )
    .await;
    assert_eq!(bad_key.status, StatusCode::FORBIDDEN);
    let e: Value = serde_json::from_str(&bad_key.body).expect("json");
    assert_eq!(e[0]["code"], 403);
    let missing = post(
        &f,
        "/open311/v2/requests.json",
        &format!("api_key={k}&description=x&address_string=y"),
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.body);
    assert!(missing.body.contains("service_code"), "{}", missing.body);
    let unknown = post(
        &f,
        "/open311/v2/requests.json",
        &format!("api_key={k}&service_code=potholes&description=x&address_string=y"),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let nowhere = post(
        &f,
        "/open311/v2/requests.json",
        &format!("api_key={k}&service_code=supplies&description=x"),
    )
    .await;
    assert_eq!(nowhere.status, StatusCode::BAD_REQUEST);
    let no_request = get(&f, &format!("/open311/v2/requests/nobody.json?api_key={k}")).await;
    assert_eq!(no_request.status, StatusCode::NOT_FOUND);
    let bad_status = get(
        &f,
        &format!("/open311/v2/requests.json?api_key={k}&status=investigating"),
    )
    .await;
    assert_eq!(bad_status.status, StatusCode::BAD_REQUEST);
    let bad_format = get(&f, &format!("/open311/v2/services.csv?api_key={k}")).await;
    assert_eq!(bad_format.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn discovery_is_absolute_and_dated_and_requests_page_without_empty_positions() {
    let f = fixture().await;
    let k = key(&f).await;
    let disco = send(
        &f.state,
        Request::builder()
            .uri("/open311/v2/discovery.json")
            .header("host", "fangkong.example:8080")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    let doc: Value = serde_json::from_str(&disco.body).expect("json");
    assert_eq!(
        doc["endpoints"][0]["url"], "http://fangkong.example:8080/open311/v2",
        "{}",
        disco.body
    );
    for changeset in [&doc["changeset"], &doc["endpoints"][0]["changeset"]] {
        let text = changeset.as_str().expect("changeset");
        assert!(
            text.parse::<jiff::Timestamp>().is_ok() && text.ends_with("+08:00"),
            "ISO 8601 with its offset: {text}"
        );
    }
    for text in ["家里菜吃完了", "老人的药没有了"] {
        let filed = post(
            &f,
            "/open311/v2/requests.json",
            &format!(
                "api_key={k}&service_code=supplies&address_string={}&description={}",
                enc("测试社区"),
                enc(text)
            ),
        )
        .await;
        assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    }
    let all = get(&f, &format!("/open311/v2/requests.json?api_key={k}")).await;
    let all: Value = serde_json::from_str(&all.body).expect("json");
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    assert!(
        all[0].get("lat").is_none() && all[0].get("long").is_none(),
        "{all}"
    );
    let xml = get(&f, &format!("/open311/v2/requests.xml?api_key={k}")).await;
    assert!(
        !xml.body.contains("<lat/>") && !xml.body.contains("<long/>"),
        "{}",
        xml.body
    );
    let second = get(
        &f,
        &format!("/open311/v2/requests.json?api_key={k}&page_size=1&page=2"),
    )
    .await;
    let second: Value = serde_json::from_str(&second.body).expect("json");
    assert_eq!(second.as_array().map(Vec::len), Some(1));
    assert_eq!(
        second[0]["service_request_id"],
        all[1]["service_request_id"]
    );
    let bad_page = get(&f, &format!("/open311/v2/requests.json?api_key={k}&page=0")).await;
    assert_eq!(bad_page.status, StatusCode::BAD_REQUEST);
    spec_error(&bad_page.body, 400);
    // The spec caps a search at 90 days.
    let wide = get(
        &f,
        &format!(
            "/open311/v2/requests.json?api_key={k}&start_date=2020-01-01T00:00:00Z&end_date=2020-04-30T00:00:00Z"
        ),
    )
    .await;
    assert_eq!(wide.status, StatusCode::BAD_REQUEST, "{}", wide.body);
    spec_error(&wide.body, 400);
    assert!(wide.body.contains("90 days"), "{}", wide.body);
    // A key in a POST's query string signs it as one in the body does.
    let by_query = post(
        &f,
        &format!("/open311/v2/requests.json?api_key={k}"),
        &format!(
            "service_code=supplies&address_string={}&description={}",
            enc("测试社区"),
            enc("没有米了")
        ),
    )
    .await;
    assert_eq!(by_query.status, StatusCode::OK, "{}", by_query.body);
}

/// GeoReport v2's error list: `[{"code": …, "description": …}]`.
fn spec_error(body: &str, code: u16) {
    let doc: Value = serde_json::from_str(body).expect("json");
    assert_eq!(doc[0]["code"], code, "{body}");
    assert!(
        doc[0]["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{body}"
    );
}

/// GeoReport v2's reads are public, as the clients written for it expect:
/// without a key, every request in the public's view (caller, phone and house
/// number masked, routed unit and status shown); with a key, what its account
/// may read.
#[tokio::test]
async fn requests_read_without_a_key_are_the_public_s_masked_view() {
    let f = fixture().await;
    let k = key(&f).await;
    let filed = post(
        &f,
        "/open311/v2/requests.json",
        &format!(
            "api_key={k}&service_code=supplies&address_string={}&description={}&phone=13900000001&first_name={}",
            enc("测试社区5栋301"),
            enc("家里没有菜了，请回电13900000001"),
            enc("令狐冲")
        ),
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let id = serde_json::from_str::<Value>(&filed.body).expect("json")[0]["service_request_id"]
        .as_str()
        .expect("id")
        .to_string();
    for uri in [
        "/open311/v2/requests.json".to_string(),
        format!("/open311/v2/requests/{id}.json"),
    ] {
        let public = get(&f, &uri).await;
        assert_eq!(public.status, StatusCode::OK, "{uri}: {}", public.body);
        conforms("requests.json", &public.body);
        let doc: Value = serde_json::from_str(&public.body).expect("json");
        assert_eq!(doc[0]["service_request_id"], id.as_str());
        assert_eq!(doc[0]["status"], "open");
        assert_eq!(doc[0]["agency_responsible"], "测试社区");
        for secret in ["13900000001", "令狐冲", "5栋301"] {
            assert!(
                !public.body.contains(secret),
                "{uri} shows {secret}: {}",
                public.body
            );
        }
    }
    let xml = get(&f, "/open311/v2/requests.xml").await;
    assert!(
        xml.body
            .contains(&format!("<service_request_id>{id}</service_request_id>")),
        "{}",
        xml.body
    );
    // A key that names nobody is refused, not read as the public.
    let bad = get(&f, "/open311/v2/requests.json?api_key=nope").await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    spec_error(&bad.body, 403);
}

/// A filing located by a point (a phone's GPS, WGS-84) is routed to the
/// district whose real boundary holds it; by `address_id`, to that unit; one
/// that cannot be located is refused. Requests carry their unit's position
/// where the boundaries give one, and no empty position elsewhere.
#[tokio::test]
async fn a_filing_is_located_by_its_point_or_its_unit_code() {
    let dir = tempfile::tempdir().expect("dir");
    let store = fangkong_store::Store::connect(&crate::support::scratch_location(&dir, "geo.db"))
        .await
        .expect("store");
    use fangkong_domain::UnitKind as K;
    crate::support::add_units(
        &store,
        &[
            ("420100000000", "武汉市", K::City, None),
            ("420106000000", "武昌区", K::District, Some("420100000000")),
            ("420102000000", "江岸区", K::District, Some("420100000000")),
            (
                "420106001000",
                "测试街道",
                K::Subdistrict,
                Some("420106000000"),
            ),
            (
                "420106001001",
                "测试社区",
                K::Community,
                Some("420106001000"),
            ),
        ],
    )
    .await;
    let state = fangkong_web::AppState::load(
        store,
        crate::support::toml_free_rules(),
        fangkong_web::state::Clock::Fixed(crate::support::day("2020-03-21")),
    )
    .await
    .expect("state");
    crate::support::account(
        &state,
        "hotline",
        fangkong_domain::access::Role::HotlineOperator,
        "420100000000",
    )
    .await;
    let k = token(&state, "hotline", jiff::SignedDuration::from_hours(1)).await;
    let file = |extra: String| {
        let state = state.clone();
        let k = k.clone();
        async move {
            send(
                &state,
                Request::builder()
                    .method("POST")
                    .uri("/open311/v2/requests.json")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(Body::from(format!(
                        "api_key={k}&service_code=supplies&description={}&{extra}",
                        enc("家里没有菜了")
                    )))
                    .expect("request"),
            )
            .await
        }
    };
    let read = |id: String| {
        let state = state.clone();
        async move {
            let a = send(
                &state,
                Request::builder()
                    .uri(format!("/open311/v2/requests/{id}.json"))
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
            serde_json::from_str::<Value>(&a.body).expect("json")[0].clone()
        }
    };
    let id_of = |a: &crate::support::Answer| {
        serde_json::from_str::<Value>(&a.body).expect("json")[0]["service_request_id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    // 武汉大学, by GPS: 武昌区.
    let by_point = file("lat=30.5423&long=114.3655".into()).await;
    assert_eq!(by_point.status, StatusCode::OK, "{}", by_point.body);
    let r = read(id_of(&by_point)).await;
    assert_eq!(r["agency_responsible"], "武昌区", "{r}");
    let (lat, long) = (
        r["lat"].as_f64().expect("lat"),
        r["long"].as_f64().expect("long"),
    );
    assert!(
        (30.4..30.7).contains(&lat) && (114.2..114.5).contains(&long),
        "{r}"
    );
    // By unit code: the community, placed at its district's point.
    let by_code = file("address_id=420106001001".into()).await;
    assert_eq!(by_code.status, StatusCode::OK, "{}", by_code.body);
    let r = read(id_of(&by_code)).await;
    assert_eq!(r["agency_responsible"], "测试社区", "{r}");
    assert_eq!(
        (r["lat"].as_f64(), r["long"].as_f64()),
        (Some(lat), Some(long))
    );
    // Nowhere it knows, an unknown code, half a point: refused in the spec's shape.
    for (extra, field) in [
        ("lat=48.85&long=2.35", "lat"),
        ("address_id=999999999999", "address_id"),
        ("lat=30.54", "long"),
    ] {
        let refused = file(extra.into()).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{extra}: {}",
            refused.body
        );
        spec_error(&refused.body, 400);
        assert!(refused.body.contains(field), "{extra}: {}", refused.body);
    }
}

/// Clients that post `multipart/form-data` (with or without a media part)
/// file as those that post a URL-encoded form; any other body is a 415 in
/// the spec's shape.
#[tokio::test]
async fn a_multipart_filing_is_taken_and_another_body_is_a_415() {
    let f = fixture().await;
    let k = key(&f).await;
    let part = |name: &str, value: &str| {
        format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    };
    let mut body = String::new();
    for (name, value) in [
        ("api_key", k.as_str()),
        ("service_code", "supplies"),
        ("address_string", "测试社区"),
        ("description", "家里没有菜了"),
    ] {
        body.push_str(&part(name, value));
    }
    body.push_str("--XyZ\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u{1}\u{2}\r\n--XyZ--\r\n");
    let filed = send(
        &f.state,
        Request::builder()
            .method("POST")
            .uri("/open311/v2/requests.json")
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(Body::from(body))
            .expect("request"),
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    assert!(filed.body.contains("service_request_id"), "{}", filed.body);
    let json = send(
        &f.state,
        Request::builder()
            .method("POST")
            .uri(format!("/open311/v2/requests.json?api_key={k}"))
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .expect("request"),
    )
    .await;
    assert_eq!(
        json.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        json.body
    );
    spec_error(&json.body, 415);
}
