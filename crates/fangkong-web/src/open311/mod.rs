//! Open311 GeoReport v2 (`/open311/v2/…`), so that existing city-service
//! clients can read and file appeals: discovery, services (the SPEC §6
//! categories) and their definitions, requests listed with the standard filters
//! or one by id, and a request filed by POST; every resource in XML and JSON.
//!
//! Our lifecycle maps to Open311's two states (closed is `closed`, everything
//! else `open`), with the last change's note as `status_notes`. Discovery and
//! the services are public; requests are read and filed with an `api_key` (a
//! fangkong bearer token) through the same gate as every other door
//! ([`crate::doors`]): a key reads the appeals of its account's scope, masked
//! as that account sees them, and only a hotline operator's key files one.

mod document;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use fangkong_domain::Day;
use fangkong_domain::appeals::Category;
use jiff::{SignedDuration, Timestamp};

use crate::AppState;
use crate::appeals::intake::AppealRequest;
use crate::appeals::view::{AppealView, Visible, visible_appeals};
use crate::auth::Viewer;
use document::{Node, json, xml};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xml,
    Json,
}

/// A reply: its status, format, XML root and tree.
pub(crate) struct Reply {
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

impl Format {
    /// The format a path ends in: `.json`, else XML (the spec's default).
    fn of(path: &str) -> Format {
        if path.ends_with(".json") {
            Format::Json
        } else {
            Format::Xml
        }
    }
}

/// An error of any door, in Open311's shape and the format its path asks for.
pub(crate) fn error_for(path: &str, e: crate::error::ApiError) -> impl IntoResponse {
    let status = e.status();
    let message = match &e {
        crate::error::ApiError::Internal(_) => "internal error".to_string(),
        crate::error::ApiError::Refused { problems, .. } => problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    };
    if let crate::error::ApiError::Internal(detail) = &e {
        tracing::error!(detail = %detail, "internal error");
    }
    // GeoReport v2 answers a bad request with 400, not 422.
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    error(Format::of(path), status, message)
}

/// An instant as Open311 wants it: W3C, with the zone (Asia/Shanghai, +08:00).
fn w3c(t: Timestamp) -> String {
    format!(
        "{}+08:00",
        Day::shanghai_time(t).strftime("%Y-%m-%dT%H:%M:%S")
    )
}

/// A description as Open311 shows it: at most 4,000 characters.
fn clip(text: &str) -> String {
    text.chars().take(4000).collect()
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
pub(crate) struct Params {
    service_request_id: Option<String>,
    service_code: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    status: Option<String>,
    /// Which page of the answer (from 1).
    page: Option<String>,
    /// How many requests a page holds (at most 1,000, the default).
    page_size: Option<String>,
}

/// When this endpoint's interface last changed (GeoReport v2 `changeset`, a
/// W3C date-time with its offset).
const CHANGESET: &str = "2026-12-03T00:00:00+08:00";

/// The most requests one answer holds.
const PAGE_SIZE_MAX: usize = 1000;

/// The widest date range a search may span (GeoReport v2: 90 days).
const RANGE_DAYS_MAX: i64 = 90;

/// The endpoint's absolute address, from the request's host (clients and
/// validators follow it as it is).
fn endpoint_url(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}/open311/v2")
}

/// `discovery`: where the endpoints are and what they speak.
pub(crate) async fn get_discovery(uri: Uri, headers: axum::http::HeaderMap) -> Reply {
    Reply {
        status: StatusCode::OK,
        format: Format::of(uri.path()),
        root: "discovery",
        node: Node::Object(vec![
            ("changeset", Node::Text(CHANGESET.into())),
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
                        ("url", Node::Text(endpoint_url(&headers))),
                        ("changeset", Node::Text(CHANGESET.into())),
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
    }
}

/// `services`: the categories appeals are filed under.
pub(crate) async fn get_services(uri: Uri) -> Reply {
    Reply {
        status: StatusCode::OK,
        format: Format::of(uri.path()),
        root: "services",
        node: Node::List("service", Category::ALL.into_iter().map(service).collect()),
    }
}

/// `services/{code}`: the definition (no attributes: metadata is false).
pub(crate) async fn get_service(Path(file): Path<String>) -> Reply {
    let format = Format::of(&file);
    let code = file
        .strip_suffix(".json")
        .or_else(|| file.strip_suffix(".xml"));
    match code.and_then(Category::parse) {
        Some(c) => Reply {
            status: StatusCode::OK,
            format,
            root: "service_definition",
            node: Node::Object(vec![
                ("service_code", Node::Text(c.name().into())),
                ("attributes", Node::List("attribute", Vec::new())),
            ]),
        },
        None => error(format, StatusCode::NOT_FOUND, format!("no service {file}")),
    }
}

/// `requests`: without a key, every request as the public sees it; with
/// one, the appeals its account may read. Masked either way.
pub(crate) async fn get_requests(
    State(state): State<AppState>,
    viewer: Option<Viewer>,
    uri: Uri,
    Query(q): Query<Params>,
) -> Reply {
    list_requests(&state, viewer.as_ref(), &q, Format::of(uri.path())).await
}

/// `requests/{id}`: one request, in the list shape (the gate has checked that
/// a key's account may read it; without a key, the public's view).
pub(crate) async fn get_request(
    State(state): State<AppState>,
    viewer: Option<Viewer>,
    Path(file): Path<String>,
) -> Reply {
    let format = Format::of(&file);
    let id = file
        .strip_suffix(".json")
        .or_else(|| file.strip_suffix(".xml"))
        .unwrap_or(&file);
    let q = Params {
        service_request_id: Some(id.to_string()),
        ..Params::default()
    };
    let reply = list_requests(&state, viewer.as_ref(), &q, format).await;
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

async fn list_requests(
    state: &AppState,
    viewer: Option<&Viewer>,
    q: &Params,
    format: Format,
) -> Reply {
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
    // The spec's default: the last 90 days (a search by id looks everywhere);
    // a range may not span more.
    let ninety = SignedDuration::from_hours(24 * RANGE_DAYS_MAX);
    if let (Some(s), Some(e)) = (start, end)
        && e.duration_since(s) > ninety
    {
        return bad(
            format,
            "end_date",
            format!("the range may not span more than {RANGE_DAYS_MAX} days"),
        );
    }
    let end = end.unwrap_or(now);
    let start = start.unwrap_or_else(|| end.checked_sub(ninety).unwrap_or(end));
    let number = |name: &str, s: Option<String>, default: usize| -> Result<usize, Reply> {
        match s {
            None => Ok(default),
            Some(t) => match t.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(bad(
                    format,
                    name,
                    format!("'{t}' is not a whole number from 1"),
                )),
            },
        }
    };
    let (page, page_size) = match (
        number("page", empty(&q.page), 1),
        number("page_size", empty(&q.page_size), PAGE_SIZE_MAX),
    ) {
        (Ok(p), Ok(s)) => (p, s.min(PAGE_SIZE_MAX)),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let listed = match viewer {
        Some(viewer) => visible_appeals(state, viewer, now).await,
        None => crate::appeals::view::public_appeals(state, now).await,
    };
    let (seen, tree) = match listed {
        Ok(x) => x,
        Err(e) => return error_reply(format, e),
    };
    let items: Vec<Node> = seen
        .iter()
        .filter(|v| match &ids {
            Some(ids) => ids.contains(&v.appeal.reference),
            None => v.appeal.received_at >= start && v.appeal.received_at <= end,
        })
        .filter(|v| {
            codes
                .as_ref()
                .is_none_or(|c| c.iter().any(|c| c == v.appeal.category.name()))
        })
        .filter(|v| {
            statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|s| s == v.summary.status.open311()))
        })
        .skip((page - 1).saturating_mul(page_size))
        .take(page_size)
        .map(|v| {
            let at = v.with.and_then(|i| crate::places::position_of(&tree, i));
            request(v, &open311_view(v, &tree), at)
        })
        .collect();
    Reply {
        status: StatusCode::OK,
        format,
        root: "service_requests",
        node: Node::List("request", items),
    }
}

/// An appeal as Open311 shows it: masked as the public would see it, whatever
/// the key (GeoReport v2 clients show requests to the public); the key only
/// decides which appeals.
fn open311_view(v: &Visible, tree: &fangkong_domain::UnitTree) -> AppealView {
    AppealView::shown(v, tree, false)
}

fn error_reply(format: Format, e: crate::error::ApiError) -> Reply {
    if let crate::error::ApiError::Internal(detail) = &e {
        tracing::error!(detail = %detail, "internal error (Open311)");
        return error(format, StatusCode::INTERNAL_SERVER_ERROR, "internal error");
    }
    error(format, e.status(), e.to_string())
}

/// One request as Open311 shows it: the text and address as the account sees
/// them (masked unless it calls back or visits), the caller never.
fn request(v: &Visible, shown: &AppealView, at: Option<fangkong_domain::geo::Point>) -> Node {
    let a = &v.appeal;
    let text = |s: Option<String>| Node::Text(s.unwrap_or_default());
    let mut fields = vec![
        ("service_request_id", Node::Text(a.reference.clone())),
        ("status", Node::Text(v.summary.status.open311().into())),
        ("status_notes", text(v.past.last().map(|c| c.note.clone()))),
        ("service_name", Node::Text(a.category.label_zh().into())),
        ("service_code", Node::Text(a.category.name().into())),
        ("description", Node::Text(clip(&shown.text))),
        ("agency_responsible", text(shown.unit_name.clone())),
        ("service_notice", Node::Text(String::new())),
        ("requested_datetime", Node::Text(w3c(a.received_at))),
        (
            "updated_datetime",
            Node::Text(w3c(v.past.last().map_or(a.received_at, |c| c.at))),
        ),
        ("expected_datetime", Node::Text(w3c(v.summary.due))),
        ("address", text(shown.address.clone())),
        ("address_id", Node::Text(String::new())),
        ("zipcode", Node::Text(String::new())),
        ("media_url", Node::Text(String::new())),
    ];
    // The routed unit's position (its district's representative point, the
    // finest the public boundaries give); absent, not empty, where unknown.
    if let Some(p) = at {
        let round = |x: f64| (x * 1e5).round() / 1e5;
        fields.push(("lat", Node::Number(Some(round(p.lat)))));
        fields.push(("long", Node::Number(Some(round(p.lon)))));
    }
    Node::Object(fields)
}

/// The largest filing body read (a description holds at most 4,000
/// characters; a multipart body may carry a small media part, not kept).
const OPEN311_FORM_BYTES: usize = 256 * 1024;

/// A filing, form-encoded as the spec has it.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Filing {
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

/// The fields of a form body, URL-encoded or `multipart/form-data` (both of
/// which GeoReport v2 clients send); `Ok(None)` for any other content type.
pub(crate) async fn form_fields(
    parts: &axum::http::request::Parts,
    bytes: axum::body::Bytes,
) -> Result<Option<std::collections::HashMap<String, String>>, String> {
    use axum::extract::FromRequest;
    let kind = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let request = axum::extract::Request::from_parts(parts.clone(), axum::body::Body::from(bytes));
    if kind.starts_with("application/x-www-form-urlencoded") {
        return axum::Form::<std::collections::HashMap<String, String>>::from_request(request, &())
            .await
            .map(|axum::Form(f)| Some(f))
            .map_err(|e| e.body_text());
    }
    if kind.starts_with("multipart/form-data") {
        let mut multipart = axum::extract::Multipart::from_request(request, &())
            .await
            .map_err(|e| e.body_text())?;
        let mut fields = std::collections::HashMap::new();
        while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
            let Some(name) = field.name().map(str::to_string) else {
                continue;
            };
            // A file part (media) is not kept: fangkong stores no media.
            if field.file_name().is_some() {
                continue;
            }
            fields.insert(name, field.text().await.map_err(|e| e.body_text())?);
        }
        return Ok(Some(fields));
    }
    Ok(None)
}

/// `POST requests`: files an appeal as the key's account (a hotline
/// operator), through the same intake as the API: checked, classified,
/// routed, audited. The body is URL-encoded or multipart.
pub(crate) async fn post_requests(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    request: axum::extract::Request,
) -> Reply {
    let format = Format::of(uri.path());
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, OPEN311_FORM_BYTES).await else {
        return error(
            format,
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is too large: at most {OPEN311_FORM_BYTES} bytes"),
        );
    };
    let fields = match form_fields(&parts, bytes).await {
        Ok(Some(fields)) => fields,
        Ok(None) => {
            return error(
                format,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send application/x-www-form-urlencoded or multipart/form-data",
            );
        }
        Err(e) => return bad(format, "body", e),
    };
    let object = fields
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    let f: Filing = match serde_json::from_value(serde_json::Value::Object(object)) {
        Ok(f) => f,
        Err(e) => return bad(format, "body", e),
    };
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
    // Located by a unit (`address_id` is a unit code), by a point (routed to
    // the district whose boundary holds it), or by an address the intake routes.
    let place = Place {
        address_id: given(&f.address_id),
        lat: given(&f.lat),
        long: given(&f.long),
        has_address: given(&f.address_string).is_some(),
    };
    let unit = match locate(&state, place).await {
        Ok(unit) => unit,
        Err((field, message)) => return bad(format, field, message),
    };
    if unit.is_none() && given(&f.address_string).is_none() {
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
    let _ = (&f.email, &f.device_id, &f.account_id, &f.media_url);
    let name = [given(&f.last_name), given(&f.first_name)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("");
    let reference = match state.store.fresh_appeal_reference().await {
        Ok(r) => r,
        Err(e) => return error_reply(format, e.into()),
    };
    let request = AppealRequest {
        reference: Some(reference),
        channel: Some("api".into()),
        received_at: None,
        text: description,
        name: Some(name).filter(|n| !n.is_empty()),
        phone: given(&f.phone),
        address: given(&f.address_string),
        area: None,
        category: Some(category.name().into()),
        unit,
        urgency: None,
    };
    let at = crate::appeals::now(&state);
    let taken =
        crate::appeals::intake::take_in(&state, &viewer, &[request], at, |_| "$".to_string()).await;
    match taken {
        Ok(done) => Reply {
            status: StatusCode::OK,
            format,
            root: "service_requests",
            node: Node::List(
                "request",
                done.outcomes
                    .into_iter()
                    .map(|o| {
                        Node::Object(vec![
                            ("service_request_id", Node::Text(o.reference)),
                            ("service_notice", Node::Text(String::new())),
                            ("account_id", Node::Number(None)),
                        ])
                    })
                    .collect(),
            ),
        },
        Err(e) => error_reply(format, open311_status(e)),
    }
}

/// Where a filing says it is.
struct Place {
    address_id: Option<String>,
    lat: Option<String>,
    long: Option<String>,
    has_address: bool,
}

/// The unit a filing names by `address_id` (a unit code) or by `lat` and
/// `long` (WGS-84, as a phone gives them); `None` when it gives neither. A
/// position outside every known boundary, or a code no unit has, is refused.
async fn locate(state: &AppState, place: Place) -> Result<Option<String>, (&'static str, String)> {
    let tree = state.engine.read().await.engine.tree().clone();
    if let Some(id) = place.address_id {
        return match fangkong_domain::UnitCode::parse(&id) {
            Ok(code) if tree.index_of(&code).is_some() => Ok(Some(code.to_string())),
            _ => Err(("address_id", format!("no unit has the code '{id}'"))),
        };
    }
    match (place.lat, place.long) {
        (None, None) => Ok(None),
        (Some(lat), Some(long)) => {
            let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), long.parse::<f64>()) else {
                return Err(("lat", "lat and long must be decimal degrees".into()));
            };
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(("lat", "lat and long are out of range".into()));
            }
            let point = fangkong_domain::geo::Point { lon, lat };
            match crate::places::unit_at(&tree, point) {
                Some(i) => Ok(Some(tree.unit(i).code.to_string())),
                None if place.has_address => Ok(None),
                None => Err((
                    "lat",
                    format!("{lat},{lon} is outside every district this service knows"),
                )),
            }
        }
        _ => Err(("long", "lat and long are given together".into())),
    }
}

/// GeoReport v2 answers a refused filing with 400.
fn open311_status(e: crate::error::ApiError) -> crate::error::ApiError {
    match e {
        crate::error::ApiError::Refused { problems, .. } => crate::error::ApiError::Rejected {
            status: StatusCode::BAD_REQUEST,
            message: problems
                .iter()
                .map(|p| format!("{}: {}", p.path.trim_start_matches("$."), p.message))
                .collect::<Vec<_>>()
                .join("; "),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_is_clipped_to_the_spec_length() {
        assert_eq!(clip(&"字".repeat(5000)).chars().count(), 4000);
    }

    #[test]
    fn the_format_is_the_path_s_ending() {
        assert_eq!(Format::of("/open311/v2/requests.json"), Format::Json);
        assert_eq!(Format::of("/open311/v2/requests.xml"), Format::Xml);
        assert_eq!(Format::of("/open311/v2/requests"), Format::Xml);
    }

    #[test]
    fn times_carry_the_zone() {
        let t: Timestamp = "2020-03-01T01:30:00Z".parse().expect("instant");
        assert_eq!(w3c(t), "2020-03-01T09:30:00+08:00");
    }
}
