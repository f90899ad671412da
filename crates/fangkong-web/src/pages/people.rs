//! `/people`: search the registry, and one person's timeline, as the API gives
//! them (names masked unless the role needs them).

use crate::i18n::catalogue;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::glass::GlassQuery;
use crate::i18n::{Lang, Messages};
use crate::people::{PersonSummary, Timeline, find, timeline_of};
use crate::registry_change::apply;
use fangkong_domain::access::ActionKind;
use fangkong_domain::access::glass::GlassPurpose;
use fangkong_store::StepInput;

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
    t: Timeline,
    /// Whether the page offers to break the glass (an office, the person masked).
    glass: bool,
    /// The purposes to choose from: (name, label).
    purposes: Vec<(&'static str, &'static str)>,
    /// What was wrong with the last request to unmask.
    problem: String,
}

/// The person page's query.
#[derive(Debug, Default, Deserialize)]
pub struct PersonQuery {
    /// The page's language.
    pub lang: Option<Lang>,
    /// A purpose, to break the glass.
    pub purpose: Option<String>,
    /// The words given with it.
    pub reason: Option<String>,
}

/// `GET /people/{reference}`: the timeline, masked unless the role reads
/// personal data there; an office sees a form to break the glass.
pub async fn person(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Query(q): Query<PersonQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let ask = GlassQuery {
        purpose: q.purpose,
        reason: q.reason,
    };
    let (t, problem) = match timeline_of(&state, &viewer, &reference, &ask).await {
        Ok(t) => (t, String::new()),
        // A reason without substance, or over the hour's share: the masked
        // record again, with what was wrong.
        Err(e @ (ApiError::Invalid { .. } | ApiError::Throttled { .. })) => {
            let why = glass_problem(&e, lang, &state);
            match timeline_of(&state, &viewer, &reference, &GlassQuery::default()).await {
                Ok(t) => (t, why),
                Err(e) => return page_error(e),
            }
        }
        Err(e) => return page_error(e),
    };
    let masked = t.masked;
    let glass = masked
        && viewer
            .principal()
            .may_ever(ActionKind::BreakTheGlass)
            .is_ok();
    let m = lang.messages();
    render(&PersonPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        t,
        glass,
        purposes: GlassPurpose::ALL
            .into_iter()
            .map(|p| (p.name(), catalogue::label(lang, "glass-purpose", p.name())))
            .collect(),
        problem,
    })
}

/// A refused unmasking in the page's language.
fn glass_problem(e: &ApiError, lang: Lang, state: &AppState) -> String {
    let rules = &state.rules.access.break_glass;
    match e {
        ApiError::Throttled { .. } => {
            catalogue::format(lang, "glass-throttled", &[("n", rules.per_hour.into())])
        }
        ApiError::Invalid {
            field: "purpose", ..
        } => catalogue::text(lang, "glass-no-purpose").to_string(),
        ApiError::Invalid { .. } => catalogue::format(
            lang,
            "glass-short-detail",
            &[("n", rules.min_detail_chars.into())],
        ),
        other => other.to_string(),
    }
}

/// The bulk form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct BulkForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// References, separated by spaces, commas or lines.
    pub refs: String,
    /// The day of the step.
    pub date: String,
    /// The step.
    pub step: String,
    /// Its category, place or exit, and the facility and bed of a move.
    #[serde(default)]
    pub category: String,
    /// The place of a move.
    #[serde(default)]
    pub place: String,
    /// The way out.
    #[serde(default)]
    pub exit: String,
    /// The facility of a move.
    #[serde(default)]
    pub facility: String,
    /// The bed kind of a move.
    #[serde(default)]
    pub bed: String,
}

#[derive(Template)]
#[template(path = "bulk.html")]
struct BulkPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    csrf: String,
    refs: String,
    day: String,
    done: String,
    problems: Vec<(String, String)>,
}

/// `GET /people/bulk`: one step for many people at once (`?refs=` pre-fills
/// the list, from a search).
pub async fn bulk_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<BulkQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let m = lang.messages();
    render(&BulkPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        refs: q.refs.unwrap_or_default(),
        day: state.clock.today().to_string(),
        done: String::new(),
        problems: Vec::new(),
    })
}

/// The bulk page's query.
#[derive(Debug, Default, Deserialize)]
pub struct BulkQuery {
    /// References to pre-fill.
    pub refs: Option<String>,
    /// The page's language.
    pub lang: Option<Lang>,
}

/// `POST /people/bulk`: records the step for every person listed, all or
/// nothing, through the same check as the API and the CSV import.
pub async fn bulk_apply(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<BulkQuery>,
    axum::Form(form): axum::Form<BulkForm>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    if let Err(e) = crate::auth::check_csrf(&state, &viewer, Some(&form.csrf), "/people/bulk").await
    {
        return page_error(e);
    }
    let refs: Vec<&str> = form
        .refs
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .filter(|r| !r.is_empty())
        .collect();
    let steps: Vec<StepInput> = refs
        .iter()
        .map(|r| StepInput {
            reference: r.to_string(),
            date: form.date.clone(),
            step: form.step.clone(),
            category: form.category.clone(),
            place: form.place.clone(),
            exit: form.exit.clone(),
            facility: form.facility.clone(),
            bed: form.bed.clone(),
        })
        .collect();
    let (done, problems) = match apply(&state, &viewer, &[], &steps).await {
        Ok(receipt) => (
            catalogue::format(lang, "bulk-recorded", &[("n", receipt.steps.into())]),
            Vec::new(),
        ),
        Err(ApiError::Refused { problems, .. }) => (
            String::new(),
            problems
                .into_iter()
                .map(|p| {
                    // `$.steps[i].field` → the reference it is about.
                    let who = p
                        .path
                        .strip_prefix("$.steps[")
                        .and_then(|rest| rest.split(']').next())
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| refs.get(i))
                        .map_or_else(String::new, |r| r.to_string());
                    (who, p.message)
                })
                .collect(),
        ),
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&BulkPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        refs: if problems.is_empty() {
            String::new()
        } else {
            form.refs.clone()
        },
        day: form.date.clone(),
        done,
        problems,
    })
}
