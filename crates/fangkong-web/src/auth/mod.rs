//! Who is asking: a browser session (cookie, with a CSRF token for every change)
//! or a machine client (bearer token, no cookies, so no CSRF). Every handler that
//! shows or changes data takes a [`Viewer`] (pages: redirected to the login page
//! without one) or a [`Caller`] (API: 401 without one), and asks the domain's
//! access rule before acting; refusals are audited.

pub mod cookies;
pub mod gate;
mod guard;
pub mod limiter;
pub mod login;

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

/// Finds the account behind a request: a bearer token first, then the session
/// cookie. `Err` for a bearer token that is unknown, expired or disabled (a
/// machine client should hear so rather than be treated as anonymous).
pub async fn identify(parts: &Parts, state: &AppState) -> Result<Option<Viewer>, ApiError> {
    let now = Timestamp::now();
    if let Some(value) = parts.headers.get(AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                ApiError::Unauthenticated("the Authorization header must be `Bearer TOKEN`".into())
            })?;
        return match state.store.token_account(token, now).await? {
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
                Err(
                    Redirect::to(&format!("/login?next={}", login::percent_encode(back)))
                        .into_response(),
                )
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
                "sign in (session cookie) or send `Authorization: Bearer TOKEN`".into(),
            )
        })
    }
}
