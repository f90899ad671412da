//! Who is asking: a browser session (cookie, with a CSRF token for every change)
//! or a machine client (bearer token, no cookies, so no CSRF). Every handler that
//! shows or changes data takes a [`Viewer`] (pages: redirected to the login page
//! without one) or a [`Caller`] (API: 401 without one), and asks the domain's
//! access rule before acting; refusals are audited.

pub mod cookies;
mod guard;
pub mod limiter;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::access::Principal;
use fangkong_store::Account;
use jiff::Timestamp;

use crate::AppState;
use crate::error::ApiError;

pub use guard::{authorize_units, check_csrf, check_form_csrf, check_header_csrf, refuse};

/// A signed-in account making this request.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The account.
    pub account: Account,
    /// The session's CSRF token; `None` for a bearer token (no cookies, no CSRF).
    pub csrf: Option<String>,
}

impl Viewer {
    /// The account as the access rules see it.
    pub fn principal(&self) -> Principal {
        self.account.principal()
    }

    /// The login name, for the audit log.
    pub fn name(&self) -> &str {
        self.account.username.as_str()
    }
}

/// Finds the account behind a request: the `Authorization` header first (a
/// bearer token, DHIS2's `ApiToken`, or HTTP Basic with a username and
/// password, as DHIS2 clients send them), then the session cookie. `Err` for
/// credentials that do not hold (a machine client should hear so rather than
/// be treated as anonymous).
pub async fn identify(parts: &Parts, state: &AppState) -> Result<Option<Viewer>, ApiError> {
    let now = Timestamp::now();
    if let Some(value) = parts.headers.get(AUTHORIZATION) {
        let value = value.to_str().unwrap_or("").trim();
        let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
        let credentials = credentials.trim();
        if scheme.eq_ignore_ascii_case("Basic") {
            return basic(parts, state, credentials).await.map(Some);
        }
        if !(scheme.eq_ignore_ascii_case("Bearer") || scheme.eq_ignore_ascii_case("ApiToken"))
            || credentials.is_empty()
        {
            return Err(ApiError::Unauthenticated(
                "the Authorization header must be `Bearer TOKEN`, `ApiToken TOKEN` or `Basic` with a username and password".into(),
            ));
        }
        return match state.store.token_account(credentials, now).await? {
            Some(account) => Ok(Some(Viewer {
                account,
                csrf: None,
            })),
            None => Err(ApiError::Unauthenticated(
                "the bearer token is unknown, expired or its account disabled".into(),
            )),
        };
    }
    let Some(token) = cookies::read(&parts.headers, cookies::SESSION) else {
        return Ok(None);
    };
    Ok(state.store.session(&token, now).await?.map(|s| Viewer {
        account: s.account,
        csrf: Some(s.csrf_token),
    }))
}

/// HTTP Basic: the account's username and password, held to the same login
/// throttle as the login form (a failure counts against the name and the
/// client's address, and is audited). Like a token, it carries no cookies and
/// needs no CSRF token.
async fn basic(parts: &Parts, state: &AppState, credentials: &str) -> Result<Viewer, ApiError> {
    use base64::Engine;
    let bad =
        || ApiError::Unauthenticated("the Basic credentials are not base64 `user:password`".into());
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(credentials)
        .map_err(|_| bad())?;
    let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
    let (name, password) = decoded.split_once(':').ok_or_else(bad)?;
    let address = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    limiter::before_login(state, name, &address).await?;
    match state.store.check_password(name, password).await? {
        Some(account) => Ok(Viewer {
            account,
            csrf: None,
        }),
        None => {
            limiter::failed(state, name, &address).await?;
            let entry = fangkong_store::AuditEntry::new(
                state.clock.now(),
                None,
                "login",
                fangkong_store::Outcome::Denied,
            )
            .on(name)
            .because(Some(format!(
                "HTTP Basic: wrong password, unknown or disabled account, from {address}"
            )));
            let _ = state.store.audit(&entry).await;
            Err(ApiError::Unauthenticated(
                "the username or password is wrong, or the account is disabled".into(),
            ))
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    /// Pages: without an account, to the login page and back here afterwards.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, Response> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        match identify(parts, state).await {
            Ok(Some(v)) => Ok(v),
            Ok(None) | Err(ApiError::Unauthenticated(_)) => {
                let back = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                Err(Redirect::to(&format!(
                    "/login?next={}",
                    crate::href::percent_encode(back)
                ))
                .into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

// Doors open to the public with a view of their own (`Need::PublicOr`): the
// gate has identified whoever signed in; nobody is `None`.
impl axum::extract::OptionalFromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &AppState,
    ) -> Result<Option<Viewer>, Self::Rejection> {
        Ok(parts.extensions.get::<Viewer>().cloned())
    }
}

/// An API caller: a [`Viewer`] whose absence is a JSON 401, not a redirect.
#[derive(Debug, Clone)]
pub struct Caller(pub Viewer);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(Caller(v.clone()));
        }
        identify(parts, state).await?.map(Caller).ok_or_else(|| {
            ApiError::Unauthenticated(
                "sign in (session cookie) or send `Authorization: Bearer TOKEN` (or HTTP Basic)"
                    .into(),
            )
        })
    }
}
