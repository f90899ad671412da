//! `/people`: search the registry, and one person's timeline, as the API gives
//! them (names masked unless the role needs them).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::api::people::{PersonSummary, Timeline, find, timeline_of};
use crate::auth::Viewer;
use crate::i18n::{Lang, Messages};

/// The search page's query.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    /// What to look for.
    pub q: Option<String>,
    /// The page's language.
    pub lang: Option<Lang>,
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    zh: bool,
    q: String,
    people: Vec<PersonSummary>,
}

/// `GET /people`.
pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<SearchQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let text = q.q.clone().unwrap_or_default();
    let people = if text.trim().is_empty() {
        Vec::new()
    } else {
        match find(&state, &viewer, &text).await {
            Ok(p) => p,
            Err(e) => return page_error(e),
        }
    };
    let m = lang.messages();
    render(&PeoplePage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        zh: lang == Lang::Zh,
        q: text,
        people,
    })
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    zh: bool,
    t: Timeline,
}

/// `GET /people/{reference}`.
pub async fn person(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Query(q): Query<SearchQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let t = match timeline_of(&state, &viewer, &reference).await {
        Ok(t) => t,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&PersonPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        zh: lang == Lang::Zh,
        t,
    })
}
