//! `GET /my/shifts`: the phone page of a person on the roster, their shifts
//! (the kept rota, the week before today and four weeks ahead) and the
//! reminders sent to them; `GET /my/shifts.ics`: the same shifts as a
//! calendar for their phone. Only one's own: the account signed in is the
//! person (`account` on the roster).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fangkong_store::{OnDuty, OutboxMessage};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::{Lang, Messages};
use crate::pages::{Nav, page_error, render};

/// The page's query.
#[derive(Debug, Default, Deserialize)]
pub struct ShiftsQuery {
    /// The language.
    pub lang: Option<Lang>,
}

/// A shift as the page shows it.
struct ShiftLine {
    day: String,
    today: bool,
    unit_name: String,
    post: String,
}

#[derive(Template)]
#[template(path = "shifts.html")]
struct ShiftsPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    shifts: Vec<ShiftLine>,
    messages: Vec<OutboxMessage>,
}

/// The days shown: the week before today and four weeks ahead.
const BEFORE: i32 = 7;
const AHEAD: i32 = 28;

async fn shifts_of(state: &AppState, viewer: &Viewer) -> Result<Vec<OnDuty>, ApiError> {
    let today = state.clock.today();
    Ok(state
        .store
        .shifts_of(
            viewer.name(),
            today.plus_days(-BEFORE).unwrap_or(today),
            today.plus_days(AHEAD).unwrap_or(today),
        )
        .await?)
}

/// `GET /my/shifts`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ShiftsQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let shifts = match shifts_of(&state, &viewer).await {
        Ok(s) => s,
        Err(e) => return page_error(e),
    };
    let messages = match state.store.messages_for(viewer.name(), 20).await {
        Ok(m) => m,
        Err(e) => return page_error(e.into()),
    };
    let today = state.clock.today();
    let names = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        shifts
            .iter()
            .map(|s| {
                tree.get(&s.unit)
                    .map_or_else(|| s.unit.to_string(), |u| u.name.clone())
            })
            .collect::<Vec<_>>()
    };
    let m = lang.messages();
    render(&ShiftsPage {
        switch_query: format!("lang={}", m.other_code),
        nav: Nav::of(&viewer, lang),
        shifts: shifts
            .iter()
            .zip(names)
            .map(|(s, unit_name)| ShiftLine {
                day: s.day.to_string(),
                today: s.day == today,
                unit_name,
                post: match (&s.pair, s.post) {
                    (Some(pair), Some(post)) => {
                        format!("{pair} {}{}", post.name(), m.t("rota-post"))
                    }
                    _ => String::new(),
                },
            })
            .collect(),
        messages,
        m,
    })
}

/// `GET /my/shifts.ics`: the viewer's shifts as an iCalendar file.
pub async fn ics(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ShiftsQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let shifts = match shifts_of(&state, &viewer).await {
        Ok(s) => s,
        Err(e) => return page_error(e),
    };
    let text = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        crate::shifts::shifts_calendar(
            &viewer.account.display_name,
            &shifts,
            |code| {
                tree.get(code)
                    .map_or_else(|| code.to_string(), |u| u.name.clone())
            },
            lang,
            state.clock.now(),
        )
    };
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"shifts.ics\"",
            ),
        ],
        text,
    )
        .into_response()
}
