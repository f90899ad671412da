//! One log line per request: a request id (the client's `X-Request-Id` if it
//! sent a plain one, else one of ours, echoed in the answer), the method, the
//! route's template (`/api/v1/people/{reference}`: never the real path nor the
//! query, which can carry names and ID numbers), the status, the latency and
//! the account's key. The same facts feed the latency histogram of
//! `/metrics`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::telemetry::metrics::RouteLabels;

/// The route a request reached, set by its door's gate.
#[derive(Debug, Clone, Copy)]
pub struct Route(pub &'static str);

/// The account a request was made by, set by its door's gate.
#[derive(Debug, Clone, Copy)]
pub struct AccountKey(pub i64);

/// The header carrying a request's id.
const REQUEST_ID: &str = "x-request-id";

/// Requests answered by this process, for request ids.
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// The id of a request: the client's if it is short and plain, else ours.
fn request_id(request: &Request) -> String {
    let theirs = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    match theirs {
        Some(id) => id.to_string(),
        None => format!(
            "{:x}-{:x}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ),
    }
}

/// The middleware around the whole application.
pub(crate) async fn log(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&request);
    let method = request.method().clone();
    let mut response = next.run(request).await;
    let latency = started.elapsed();
    let route = response
        .extensions()
        .get::<Route>()
        .map_or("(no route)", |r| r.0);
    let account = response.extensions().get::<AccountKey>().map(|a| a.0);
    let status = response.status().as_u16();
    tracing::info!(
        target: "fangkong::request",
        request_id = %id,
        method = %method,
        route,
        status,
        latency_ms = latency.as_secs_f64() * 1000.0,
        account,
        "request"
    );
    state
        .metrics
        .requests
        .get_or_create(&RouteLabels {
            method: method.to_string(),
            route: route.to_string(),
            status,
        })
        .observe(latency.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[test]
    fn a_plain_client_id_is_kept_and_anything_else_replaced() {
        let with = |v: &str| {
            Request::builder()
                .header(REQUEST_ID, v)
                .body(Body::empty())
                .expect("request")
        };
        assert_eq!(request_id(&with("abc-123_X")), "abc-123_X");
        let ours = request_id(&with("张三 13900000001"));
        assert!(!ours.contains("张三"), "{ours}");
        let long = "a".repeat(65);
        assert_ne!(request_id(&with(&long)), long);
        let a = request_id(&Request::new(Body::empty()));
        let b = request_id(&Request::new(Body::empty()));
        assert_ne!(a, b, "each request its own id");
    }
}
