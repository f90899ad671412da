//! Signing in and out. The login form is protected against login CSRF by a
//! double-submit cookie; failures are counted (rate limit) and audited; a
//! session cookie is issued only after argon2 says yes.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use fangkong_store::{AuditEntry, Outcome, random_token};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::{Viewer, check_csrf, cookies};
use crate::error::ApiError;
use crate::href::percent_encode;
use crate::i18n::forms::FormMessages;
use crate::i18n::{Lang, Messages};

/// How long a session lasts: one working day and a night shift.
pub const SESSION_HOURS: i64 = 12;

/// The login page's query.
#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    /// Where to go after signing in.
    pub next: Option<String>,
    /// The language.
    pub lang: Option<Lang>,
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    login_token: String,
    next: Option<String>,
    lang: Option<Lang>,
}

/// The logout form.
#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    csrf: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    m: Messages,
    f: FormMessages,
    nav: Option<Nav>,
    switch_query: String,
    next: String,
    login_token: String,
    username: String,
    error: String,
}

/// Only a path on this site: never `//other.site` or `https://…` (an open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

fn login_page(
    state: &AppState,
    lang: Lang,
    next: &str,
    username: &str,
    error: &str,
    status: StatusCode,
) -> Response {
    let token = match random_token() {
        Ok(t) => t,
        Err(e) => return page_error(ApiError::Internal(e.to_string())),
    };
    let m = lang.messages();
    let page = render(&LoginPage {
        m,
        f: lang.forms(),
        nav: None,
        switch_query: format!("lang={}&next={}", m.other_code, percent_encode(next)),
        next: next.to_string(),
        login_token: token.clone(),
        username: username.to_string(),
        error: error.to_string(),
    });
    (
        status,
        AppendHeaders([(
            SET_COOKIE,
            cookies::set(cookies::LOGIN, &token, 3600, state.secure_cookies),
        )]),
        page,
    )
        .into_response()
}

/// `GET /login`.
pub async fn show(State(state): State<AppState>, Query(q): Query<LoginQuery>) -> Response {
    let next = safe_next(q.next.as_deref());
    login_page(
        &state,
        q.lang.unwrap_or_default(),
        &next,
        "",
        "",
        StatusCode::OK,
    )
}

/// `POST /login`.
pub async fn submit(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = form.lang.unwrap_or_default();
    let next = safe_next(form.next.as_deref());
    let expected = cookies::read(&headers, cookies::LOGIN);
    if !expected.is_some_and(|e| cookies::same_secret(&e, &form.login_token)) {
        return page_error(ApiError::Csrf);
    }
    let address = peer
        .map(|Extension(ConnectInfo(a))| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let name = form.username.trim();
    let audit = |outcome: Outcome, reason: Option<String>| {
        let actor = (outcome == Outcome::Done).then_some(name);
        AuditEntry::new(state.clock.now(), actor, "login", outcome)
            .on(name)
            .because(reason)
    };
    if let Err(e) = crate::auth::limiter::before_login(&state, name, &address).await {
        let _ = state
            .store
            .audit(&audit(
                Outcome::Denied,
                Some(format!("rate limited from {address}")),
            ))
            .await;
        return page_error(e);
    }
    let account = match state.store.check_password(name, &form.password).await {
        Ok(a) => a,
        Err(e) => return page_error(e.into()),
    };
    let Some(account) = account else {
        if let Err(e) = crate::auth::limiter::failed(&state, name, &address).await {
            return page_error(e);
        }
        let _ = state
            .store
            .audit(&audit(
                Outcome::Denied,
                Some(format!(
                    "wrong password, unknown or disabled account, from {address}"
                )),
            ))
            .await;
        let f = lang.forms();
        return login_page(
            &state,
            lang,
            &next,
            name,
            f.bad_login,
            StatusCode::UNAUTHORIZED,
        );
    };
    if let Err(e) = crate::auth::limiter::succeeded(&state, name).await {
        return page_error(e);
    }
    let now = Timestamp::now();
    let session = match state
        .store
        .open_session(account.id, now, SignedDuration::from_hours(SESSION_HOURS))
        .await
    {
        Ok(s) => s,
        Err(e) => return page_error(e.into()),
    };
    let _ = state
        .store
        .audit(&audit(Outcome::Done, Some(format!("from {address}"))))
        .await;
    (
        AppendHeaders([
            (
                SET_COOKIE,
                cookies::set(
                    cookies::SESSION,
                    &session.token,
                    SESSION_HOURS * 3600,
                    state.secure_cookies,
                ),
            ),
            (
                SET_COOKIE,
                cookies::clear(cookies::LOGIN, state.secure_cookies),
            ),
        ]),
        Redirect::to(&next),
    )
        .into_response()
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    if let Err(e) = check_csrf(&state, &viewer, form.csrf.as_deref(), "/logout").await {
        return page_error(e);
    }
    if let Some(token) = cookies::read(&headers, cookies::SESSION)
        && let Err(e) = state.store.close_session(&token).await
    {
        return page_error(e.into());
    }
    (
        AppendHeaders([(
            SET_COOKIE,
            cookies::clear(cookies::SESSION, state.secure_cookies),
        )]),
        Redirect::to("/login"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/units/420102?date=2020-03-01")),
            "/units/420102?date=2020-03-01"
        );
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn next_is_encoded_for_a_query() {
        assert_eq!(
            percent_encode("/units/K1?date=2020-03-01&lang=en"),
            "/units/K1%3Fdate%3D2020-03-01%26lang%3Den"
        );
    }
}
