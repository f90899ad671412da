//! What the framework answers on its own (a query string that does not parse,
//! a body too large or of the wrong type, a method or a path the application
//! does not have) and what a handler's panic would leave unanswered, turned
//! into the door's own format (a page, JSON, an Open311 error) in the reader's
//! language. No request is ever left without an answer.

use std::panic::AssertUnwindSafe;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use crate::doors::Face;
use crate::error::ApiError;
use crate::gate::answer;
use crate::i18n::{Lang, access as words};

/// The most of a framework rejection's text that is read to reword it.
const REJECTION_BYTES: usize = 16 * 1024;

/// The middleware around the whole application.
pub(crate) async fn reword(request: Request, next: Next) -> Response {
    let uri = request.uri().clone();
    let face = Face::of(uri.path());
    let lang = Lang::of_request(&uri, request.headers(), face);
    let back = referer_path(request.headers());
    let response = match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => {
            // The panic's message went to the error output with its location.
            tracing::error!("a request panicked (its message and place are above)");
            answer(face, &uri, lang, ApiError::Internal("panic".into()))
        }
    };
    let status = response.status();
    let response = if status.is_client_error() && is_plain(&response) {
        let detail = match axum::body::to_bytes(response.into_body(), REJECTION_BYTES).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => String::new(),
        };
        let message = words::rejected(status.as_u16(), &detail, lang);
        let e = match status {
            StatusCode::NOT_FOUND => ApiError::NotFound(message),
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(message),
            _ => ApiError::Rejected { status, message },
        };
        answer(face, &uri, lang, e)
    } else {
        response
    };
    match response.extensions().get::<crate::pages::PageFault>() {
        Some(fault) if face == Face::Page => {
            let message = fault.words(lang);
            crate::pages::error_page(response, &message, lang, back.as_deref())
        }
        _ => response,
    }
}

/// The page a person came from, as a path on this site (the way back from an
/// error page); never another site's address.
fn referer_path(headers: &axum::http::HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let after_scheme = referer.split_once("://").map_or(referer, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/')?..];
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

/// Whether a response is the framework's own: plain text or no body type.
fn is_plain(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"))
}

/// The answer for a path no door has.
pub(crate) async fn no_door() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, "")
}
