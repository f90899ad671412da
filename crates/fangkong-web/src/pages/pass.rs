//! `GET /pass/{token}`: the guard's page at the gate. Anyone with the QR
//! code opens it (the token is the credential; it carries nothing personal
//! but a masked name): a large green or red answer for today, the unit and
//! its level in force, the pass's purpose and period. A small page that
//! works on a cheap phone: no script, no image, one request.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::i18n::{Lang, Messages};
use crate::movement::{LevelShown, PassToday, pass_today};
use crate::pages::{page_error, render};
use crate::pass_check;

/// The page's query.
#[derive(Debug, Default, Deserialize)]
pub struct PassQuery {
    /// The language.
    pub lang: Option<Lang>,
}

#[derive(Template)]
#[template(path = "pass.html")]
struct PassPage {
    m: Messages,
    valid: bool,
    reason: String,
    day: String,
    checked_at: String,
    unit: Option<(String, String)>,
    level: Option<LevelShown>,
    holder: String,
    purpose: String,
    period: String,
    switch_query: String,
}

/// `GET /pass/{token}`.
pub async fn page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<PassQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let m = lang.messages();
    let PassToday {
        day,
        pass,
        result,
        unit,
        level,
    } = match pass_today(&state, &token).await {
        Ok(t) => t,
        Err(e) => return page_error(e),
    };
    let pass = pass.as_ref();
    let valid = result.is_ok();
    let page = PassPage {
        valid,
        reason: match &result {
            Ok(()) => String::new(),
            Err(r) => pass_check::refusal_text(r, lang, level.as_ref()),
        },
        day: day.to_string(),
        checked_at: fangkong_domain::Day::shanghai_time(state.clock.now())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        unit,
        level: level.as_ref().map(|l| LevelShown::of(l, lang)),
        holder: pass.map(|p| p.holder.clone()).unwrap_or_default(),
        purpose: pass
            .map(|p| m.label("pass-purpose", p.purpose.name()).to_string())
            .unwrap_or_default(),
        period: pass
            .map(|p| format!("{} – {}", p.from, p.until))
            .unwrap_or_default(),
        switch_query: format!("lang={}", m.other_code),
        m,
    };
    // A refused pass still answers 200: the page is the answer, and a guard's
    // phone shows it the same way.
    let mut response = render(&page);
    response.headers_mut().insert(
        "x-pass-valid",
        axum::http::HeaderValue::from_static(if valid { "true" } else { "false" }),
    );
    response.into_response()
}
