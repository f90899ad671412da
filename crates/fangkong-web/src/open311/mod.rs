//! Open311 GeoReport v2 (`/open311/v2/…`), so that existing city-service
//! clients can read and file appeals: discovery, services (the SPEC §6
//! categories) and their definitions, requests listed with the standard filters
//! or one by id, and a request filed by POST; every resource in XML and JSON.
//!
//! Our lifecycle maps to Open311's two states (closed is `closed`, everything
//! else `open`), with the last change's note as `status_notes`. One departure
//! from the spec, on purpose: every call needs an `api_key` (a fangkong bearer
//! token), not only POST, because appeals carry what callers say about their
//! lives; and descriptions go out with runs of seven or more digits (phone and
//! ID numbers) masked.

mod document;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use fangkong_domain::Day;
use fangkong_domain::appeals::Category;
use fangkong_domain::appeals::lifecycle::{current_unit, status};
use fangkong_domain::appeals::summary::summary;
use fangkong_store::{AppealInput, StoredAppeal};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;

use crate::AppState;
use document::{Node, json, xml};

/// The routes, under the application's root.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(get_root).post(post_requests))
        .route("/open311/v2/services/{file}", get(get_service))
        .route("/open311/v2/requests/{file}", get(get_request))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xml,
    Json,
}

/// A reply: its status, format, XML root and tree.
struct Reply {
    status: StatusCode,
    format: Format,
    root: &'static str,
    node: Node,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self.format {
            Format::Xml => (
                self.status,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                xml(self.root, &self.node),
            )
                .into_response(),
            Format::Json => (
                self.status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                json(&self.node).to_string(),
            )
                .into_response(),
        }
    }
}

/// An Open311 error body: `errors` → `error` with `code` and `description`.
fn error(format: Format, status: StatusCode, description: impl Into<String>) -> Reply {
    Reply {
        status,
        format,
        root: "errors",
        node: Node::List(
            "error",
            vec![Node::Object(vec![
                ("code", Node::Int(i64::from(status.as_u16()))),
                ("description", Node::Text(description.into())),
            ])],
        ),
    }
}

/// `name.xml` or `name.json` → the name and the format.
fn split(file: &str) -> Result<(&str, Format), Reply> {
    match file.rsplit_once('.') {
        Some((name, "xml")) => Ok((name, Format::Xml)),
        Some((name, "json")) => Ok((name, Format::Json)),
        _ => Err(error(
            Format::Xml,
            StatusCode::NOT_FOUND,
            format!("{file}: a resource ends in .xml or .json"),
        )),
    }
}

/// The account behind an `api_key`, or the 403 the spec asks for.
async fn authorize(state: &AppState, key: Option<&str>, format: Format) -> Result<(), Reply> {
    let key = key
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            error(
                format,
                StatusCode::FORBIDDEN,
                "an api_key is required (a fangkong API token)",
            )
        })?;
    match state.store.token_account(key, Timestamp::now()).await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(error(format, StatusCode::FORBIDDEN, "invalid api_key")),
        Err(e) => {
            eprintln!("error: open311 api_key: {e}");
            Err(error(
                format,
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
            ))
        }
    }
}

/// An instant as Open311 wants it: W3C, with the zone (Asia/Shanghai, +08:00).
fn w3c(t: Timestamp) -> String {
    format!(
        "{}+08:00",
        Day::shanghai_time(t).strftime("%Y-%m-%dT%H:%M:%S")
    )
}

/// A description as Open311 shows it: numbers masked, at most 4,000 characters.
fn masked(text: &str) -> String {
    fangkong_domain::registry::mask::numbers_in(text)
        .chars()
        .take(4000)
        .collect()
}

fn service(c: Category) -> Node {
    Node::Object(vec![
        ("service_code", Node::Text(c.name().into())),
        ("service_name", Node::Text(c.label_zh().into())),
        (
            "description",
            Node::Text(format!("{} ({})", c.label_zh(), c.name())),
        ),
        ("metadata", Node::Bool(false)),
        ("type", Node::Text("realtime".into())),
        ("keywords", Node::Text(c.name().replace('_', ","))),
        ("group", Node::Text("疫情防控".into())),
    ])
}

#[derive(Debug, Default, serde::Deserialize)]
struct Params {
    api_key: Option<String>,
    service_request_id: Option<String>,
    service_code: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    status: Option<String>,
}

/// `discovery`, `services` and `requests`.
async fn get_root(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<Params>,
) -> Reply {
    let (name, format) = match split(&file) {
        Ok(x) => x,
        Err(e) => return e,
    };
    match name {
        "discovery" => Reply {
            status: StatusCode::OK,
            format,
            root: "discovery",
            node: Node::Object(vec![
                ("changeset", Node::Text("2026-11-28 00:00".into())),
                (
                    "contact",
                    Node::Text("The command centre's data office".into()),
                ),
                (
                    "key_service",
                    Node::Text("An administrator issues keys: fangkong user token NAME".into()),
                ),
                (
                    "endpoints",
                    Node::List(
                        "endpoint",
                        vec![Node::Object(vec![
                            (
                                "specification",
                                Node::Text("http://wiki.open311.org/GeoReport_v2".into()),
                            ),
                            ("url", Node::Text("/open311/v2".into())),
                            ("changeset", Node::Text("2026-11-28 00:00".into())),
                            ("type", Node::Text("production".into())),
                            (
                                "formats",
                                Node::List(
                                    "format",
                                    vec![
                                        Node::Text("text/xml".into()),
                                        Node::Text("application/json".into()),
                                    ],
                                ),
                            ),
                        ])],
                    ),
                ),
            ]),
        },
        "services" => {
            if let Err(e) = authorize(&state, q.api_key.as_deref(), format).await {
                return e;
            }
            Reply {
                status: StatusCode::OK,
                format,
                root: "services",
                node: Node::List("service", Category::ALL.into_iter().map(service).collect()),
            }
        }
        "requests" => {
            if let Err(e) = authorize(&state, q.api_key.as_deref(), format).await {
                return e;
            }
            list_requests(&state, &q, format).await
        }
        _ => error(format, StatusCode::NOT_FOUND, format!("no resource {name}")),
    }
}

/// `services/{code}`: the definition (no attributes: metadata is false).
async fn get_service(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<Params>,
) -> Reply {
    let (code, format) = match split(&file) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if let Err(e) = authorize(&state, q.api_key.as_deref(), format).await {
        return e;
    }
    match Category::parse(code) {
        Some(c) => Reply {
            status: StatusCode::OK,
            format,
            root: "service_definition",
            node: Node::Object(vec![
                ("service_code", Node::Text(c.name().into())),
                ("attributes", Node::List("attribute", Vec::new())),
            ]),
        },
        None => error(format, StatusCode::NOT_FOUND, format!("no service {code}")),
    }
}

/// `requests/{id}`: one request, in the list shape.
async fn get_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<Params>,
) -> Reply {
    let (id, format) = match split(&file) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if let Err(e) = authorize(&state, q.api_key.as_deref(), format).await {
        return e;
    }
    let q = Params {
        service_request_id: Some(id.to_string()),
        ..Params::default()
    };
    let reply = list_requests(&state, &q, format).await;
    match &reply.node {
        Node::List(_, items) if items.is_empty() => {
            error(format, StatusCode::NOT_FOUND, format!("no request {id}"))
        }
        _ => reply,
    }
}

fn bad(format: Format, field: &str, message: impl std::fmt::Display) -> Reply {
    error(
        format,
        StatusCode::BAD_REQUEST,
        format!("{field}: {message}"),
    )
}

async fn list_requests(state: &AppState, q: &Params, format: Format) -> Reply {
    let empty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let ids: Option<Vec<String>> =
        empty(&q.service_request_id).map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let codes: Option<Vec<String>> =
        empty(&q.service_code).map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let statuses: Option<Vec<String>> =
        empty(&q.status).map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    if let Some(bad_status) = statuses
        .iter()
        .flatten()
        .find(|s| *s != "open" && *s != "closed")
    {
        return bad(
            format,
            "status",
            format!("'{bad_status}' is not open or closed"),
        );
    }
    let parse = |name: &str, s: Option<String>| -> Result<Option<Timestamp>, Reply> {
        s.map(|t| t.parse::<Timestamp>().map_err(|e| bad(format, name, e)))
            .transpose()
    };
    let (start, end) = match (
        parse("start_date", empty(&q.start_date)),
        parse("end_date", empty(&q.end_date)),
    ) {
        (Ok(s), Ok(e)) => (s, e),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let now = crate::appeals::now(state);
    // The spec's default: the last 90 days (a search by id looks everywhere).
    let ninety = SignedDuration::from_hours(24 * 90);
    let end = end.unwrap_or(now);
    let start = start.unwrap_or_else(|| end.checked_sub(ninety).unwrap_or(end));
    let appeals = match state
        .store
        .appeals(if ids.is_some() { None } else { Some(start) })
        .await
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: open311 requests: {e}");
            return error(format, StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let names = unit_names(state).await;
    let deadlines = state.rules.appeals.deadlines;
    let items: Vec<Node> = appeals
        .iter()
        .filter(|a| match &ids {
            Some(ids) => ids.contains(&a.reference),
            None => a.received_at >= start && a.received_at <= end,
        })
        .filter(|a| {
            codes
                .as_ref()
                .is_none_or(|c| c.iter().any(|c| c == a.category.name()))
        })
        .filter_map(|a| {
            let st = status(&a.changes).ok()?;
            statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|s| s == st.open311()))
                .then(|| request(a, &names, &deadlines, now))
        })
        .take(1000)
        .collect();
    Reply {
        status: StatusCode::OK,
        format,
        root: "service_requests",
        node: Node::List("request", items),
    }
}

/// The names of the units, by code.
async fn unit_names(state: &AppState) -> HashMap<String, String> {
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    tree.units()
        .iter()
        .map(|u| (u.code.to_string(), u.name.clone()))
        .collect()
}

fn request(
    a: &StoredAppeal,
    names: &HashMap<String, String>,
    deadlines: &fangkong_domain::appeals::deadline::Deadlines,
    now: Timestamp,
) -> Node {
    let st = status(&a.changes).map(|s| s.open311()).unwrap_or("open");
    let due = summary(
        a.received_at,
        a.category,
        a.urgency,
        &a.changes,
        deadlines,
        now,
    )
    .map(|s| s.due)
    .ok();
    let with = current_unit(&a.changes, a.unit.as_ref()).map(ToString::to_string);
    let text = |s: Option<String>| Node::Text(s.unwrap_or_default());
    Node::Object(vec![
        ("service_request_id", Node::Text(a.reference.clone())),
        ("status", Node::Text(st.into())),
        (
            "status_notes",
            text(a.changes.last().map(|c| c.note.clone())),
        ),
        ("service_name", Node::Text(a.category.label_zh().into())),
        ("service_code", Node::Text(a.category.name().into())),
        ("description", Node::Text(masked(&a.text))),
        (
            "agency_responsible",
            text(with.and_then(|c| names.get(&c).cloned())),
        ),
        ("service_notice", Node::Text(String::new())),
        ("requested_datetime", Node::Text(w3c(a.received_at))),
        (
            "updated_datetime",
            Node::Text(w3c(a.changes.last().map_or(a.received_at, |c| c.at))),
        ),
        ("expected_datetime", text(due.map(w3c))),
        ("address", text(a.address.clone())),
        ("address_id", Node::Text(String::new())),
        ("zipcode", Node::Text(String::new())),
        ("lat", Node::Number(None)),
        ("long", Node::Number(None)),
        ("media_url", Node::Text(String::new())),
    ])
}

#[derive(Debug, Default, serde::Deserialize)]
struct Filing {
    api_key: Option<String>,
    service_code: Option<String>,
    description: Option<String>,
    address_string: Option<String>,
    address_id: Option<String>,
    lat: Option<String>,
    long: Option<String>,
    phone: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    device_id: Option<String>,
    account_id: Option<String>,
    media_url: Option<String>,
}

/// `POST requests`: files an appeal (form-encoded, as the spec has it).
async fn post_requests(
    State(state): State<AppState>,
    Path(file): Path<String>,
    axum::Form(f): axum::Form<Filing>,
) -> Reply {
    let (name, format) = match split(&file) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if name != "requests" {
        return error(
            format,
            StatusCode::NOT_FOUND,
            format!("no resource {name} to post to"),
        );
    }
    if let Err(e) = authorize(&state, f.api_key.as_deref(), format).await {
        return e;
    }
    let given = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let Some(code) = given(&f.service_code) else {
        return bad(format, "service_code", "required");
    };
    let Some(category) = Category::parse(&code) else {
        return error(format, StatusCode::NOT_FOUND, format!("no service {code}"));
    };
    let located = given(&f.address_string).is_some()
        || given(&f.address_id).is_some()
        || (given(&f.lat).is_some() && given(&f.long).is_some());
    if !located {
        return bad(
            format,
            "location",
            "lat and long, address_string or address_id is required",
        );
    }
    let Some(description) = given(&f.description) else {
        return bad(
            format,
            "description",
            "required: an appeal is what the caller says",
        );
    };
    if description.chars().count() > 4000 {
        return bad(format, "description", "at most 4000 characters");
    }
    let _ = (&f.email, &f.device_id, &f.account_id, &f.media_url);
    let reference = match fangkong_store::new_reference("311") {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: open311 reference: {e}");
            return error(format, StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let name = [given(&f.last_name), given(&f.first_name)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("");
    let input = AppealInput {
        reference: reference.clone(),
        channel: "api",
        received_at: crate::appeals::now(&state),
        text: description,
        name: Some(name).filter(|n| !n.is_empty()),
        phone: given(&f.phone),
        address: given(&f.address_string),
        place: String::new(),
        category: Some(category),
        unit: None,
        urgency: None,
    };
    let at = crate::appeals::now(&state);
    match crate::appeals::intake::write(&state, &[input], at, "open311").await {
        Ok(_) => Reply {
            status: StatusCode::OK,
            format,
            root: "service_requests",
            node: Node::List(
                "request",
                vec![Node::Object(vec![
                    ("service_request_id", Node::Text(reference)),
                    ("service_notice", Node::Text(String::new())),
                    ("account_id", Node::Number(None)),
                ])],
            ),
        },
        Err(e) => {
            eprintln!("error: open311 post: {e}");
            error(format, StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_digit_runs_are_masked_and_short_ones_kept() {
        assert_eq!(masked("电话13912345678，住3栋502"), "电话●●●，住3栋502");
        assert_eq!(masked("身份证420102199001151239"), "身份证●●●");
    }

    #[test]
    fn times_carry_the_zone() {
        let t: Timestamp = "2020-03-01T01:30:00Z".parse().expect("instant");
        assert_eq!(w3c(t), "2020-03-01T09:30:00+08:00");
    }
}
