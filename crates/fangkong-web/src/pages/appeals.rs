//! The appeals pages (SPEC §6): the hotline operator's intake form, built for
//! the keyboard (the cursor starts on the phone field, Tab walks the form,
//! Ctrl+Enter files it, and the next call is one key away); a unit's queue;
//! one appeal with its life and the forms for its next step; the dashboard;
//! and the alert board (SPEC §8).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::access::Action;
use fangkong_domain::appeals::Category;
use fangkong_domain::appeals::lifecycle::allowed_next;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::appeals::alerts::{AlertBoard, AlertNoteRequest, AlertQuery};
use crate::appeals::board::{AppealBoard, dashboard};
use crate::appeals::explain::{Explanation, explain};
use crate::appeals::intake::{AppealRequest, may_take, take_in};
use crate::appeals::queue::{AppealsQuery, Queue, queue};
use crate::appeals::view::AppealView;
use crate::appeals::work::{CategoryRequest, ChangeRequest};
use crate::auth::{Viewer, check_form_csrf};
use crate::error::ApiError;
use crate::href::percent_encode;
use crate::i18n::appeals::category_label;
use crate::i18n::{Lang, Messages};
use crate::truth::TruthQuery;

/// The page's words for the appeals' codes.
macro_rules! says {
    ($($page:ident),*) => {$(
        impl $page {
            fn say<'a>(&self, code: &'a str) -> &'a str {
                crate::i18n::appeals::word(code, self.zh)
            }
        }
    )*};
}

says!(QueuePage, AppealPage, DashboardPage, AlertsPage);

/// The categories for a select: name and label.
fn categories(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Category::ALL
        .iter()
        .map(|&c| (c.name(), category_label(lang)(c)))
        .collect()
}

#[derive(Template)]
#[template(path = "appeals_queue.html")]
struct QueuePage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    zh: bool,
    q: Queue,
    categories: Vec<(&'static str, &'static str)>,
    category: String,
    may_take: bool,
}

/// `GET /appeals`: a unit's queue.
pub async fn queue_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AppealsQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let answer = match queue(&state, &viewer, &q).await {
        Ok(a) => a,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let category = q.category.clone().unwrap_or_default();
    render(&QueuePage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!(
            "unit={}&show={}&date={}&category={category}&lang={}",
            answer.unit, answer.show, answer.date, m.other_code
        ),
        zh: lang == Lang::Zh,
        categories: categories(lang),
        category,
        may_take: takes_calls(&state, &viewer).await,
        q: answer,
    })
}

/// Whether `viewer` takes calls (a link to the intake form), by the access
/// rules, without auditing (nothing was attempted).
async fn takes_calls(state: &AppState, viewer: &Viewer) -> bool {
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let principal = viewer.principal();
    tree.index_of(&principal.scope)
        .is_some_and(|scope| principal.may(Action::TakeAppeals(scope), tree).is_ok())
}

#[derive(Template)]
#[template(path = "appeal_new.html")]
struct IntakePage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    csrf: String,
    categories: Vec<(&'static str, &'static str)>,
    received_at: String,
    error: String,
    form: HashMap<String, String>,
}

impl IntakePage {
    /// A field as typed before a refusal.
    fn typed(&self, field: &str) -> &str {
        self.form.get(field).map_or("", String::as_str)
    }
}

fn intake_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    error: String,
    form: HashMap<String, String>,
) -> Response {
    let m = lang.messages();
    render(&IntakePage {
        m,
        nav: Nav::of(viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        categories: categories(lang),
        received_at: crate::appeals::view::shanghai(crate::appeals::now(state)),
        error,
        form,
    })
}

/// `GET /appeals/new`: the hotline operator's form.
pub async fn intake_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AppealsQuery>,
) -> Response {
    if let Err(e) = may_take(&state, &viewer).await {
        return page_error(e);
    }
    intake_page(
        &state,
        &viewer,
        q.lang.unwrap_or_default(),
        String::new(),
        HashMap::new(),
    )
}

/// `POST /appeals/new`: takes the call in and shows where it went; a refusal
/// shows the form again, as typed, with what is wrong.
pub async fn intake_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    let lang = match fields.get("lang").map(String::as_str) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    if let Err(e) = check_form_csrf(&state, &viewer, &fields, "/appeals/new").await {
        return page_error(e);
    }
    let get = |k: &str| fields.get(k).cloned().filter(|v| !v.trim().is_empty());
    let reference = match state.store.fresh_appeal_reference().await {
        Ok(r) => r,
        Err(e) => return page_error(e.into()),
    };
    let request = AppealRequest {
        reference: Some(reference.clone()),
        channel: get("channel"),
        received_at: get("received_at"),
        text: get("text").unwrap_or_default(),
        name: get("name"),
        phone: get("phone"),
        address: get("address"),
        area: None,
        category: get("category").filter(|c| c != "auto"),
        unit: get("unit"),
        urgency: get("urgency").filter(|c| c != "auto"),
    };
    let at = crate::appeals::now(&state);
    match take_in(&state, &viewer, &[request], at, |_| "form".into()).await {
        Ok(_) => Redirect::to(&format!(
            "/appeals/{}?taken=1&lang={}",
            percent_encode(&reference),
            lang.messages().code
        ))
        .into_response(),
        Err(ApiError::Refused { problems, .. }) => {
            let text = problems
                .iter()
                .map(|p| format!("{}: {}", p.path.trim_start_matches("form."), p.message))
                .collect::<Vec<_>>()
                .join("; ");
            let mut r = intake_page(&state, &viewer, lang, text, fields);
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(e),
    }
}

#[derive(Template)]
#[template(path = "appeal.html")]
struct AppealPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    zh: bool,
    csrf: String,
    a: AppealView,
    why: Explanation,
    categories: Vec<(&'static str, &'static str)>,
    taken: bool,
    done: String,
    may_take: bool,
    /// The events that may come next.
    next: Vec<&'static str>,
    /// The unit suggested for an assignment.
    suggested_unit: String,
    /// Its group: the other appeals it repeats or that repeat it.
    group: Vec<String>,
}

/// The page's query.
#[derive(Debug, serde::Deserialize, Default)]
pub struct AppealQuery {
    /// Just taken in (show where it went).
    pub taken: Option<String>,
    /// The step just recorded.
    pub done: Option<String>,
    /// The language.
    pub lang: Option<Lang>,
}

/// `GET /appeals/{reference}`.
pub async fn appeal_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Query(q): Query<AppealQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let now = crate::appeals::moment(&state, state.clock.today());
    let (v, tree) = match crate::appeals::view::one(&state, &viewer, &reference, now).await {
        Ok(x) => x,
        Err(e) => return page_error(e),
    };
    let router = state.appeal_router().await;
    let why = explain(&router, &v.appeal.text, v.appeal.address.as_deref());
    let mut a = AppealView::of(&v, &tree).with_triage(state.rules.appeals.triage_below);
    if let Err(e) = a.name_actors(&state).await {
        return page_error(e);
    }
    let channel = crate::i18n::appeals::word(&a.channel, lang == Lang::Zh).to_string();
    a.with_intake(&channel, &why.route_evidence);
    // The steps the rules allow now, offered to those who may handle it.
    let next: Vec<&'static str> = if a.may_handle {
        allowed_next(v.appeal.unit.is_some(), &v.past)
    } else {
        Vec::new()
    };
    let group = match state.store.appeal_group(&v.appeal.reference).await {
        Ok(g) => g,
        Err(e) => return page_error(e.into()),
    };
    let m = lang.messages();
    render(&AppealPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        zh: lang == Lang::Zh,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        suggested_unit: a.unit.clone().unwrap_or_default(),
        categories: categories(lang),
        taken: q.taken.is_some(),
        done: q.done.unwrap_or_default(),
        may_take: takes_calls(&state, &viewer).await,
        next,
        group,
        why,
        a,
    })
}

/// `POST /appeals/{reference}/change`: one step of its life, from the page.
pub async fn change_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    if let Err(e) = check_form_csrf(&state, &viewer, &fields, "/appeals").await {
        return page_error(e);
    }
    let get = |k: &str| fields.get(k).cloned().filter(|v| !v.trim().is_empty());
    let satisfaction = match get("satisfaction").map(|s| s.trim().parse::<u8>()) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(_)) => {
            return page_error(ApiError::Invalid {
                field: "satisfaction",
                message: "1 to 5".into(),
            });
        }
    };
    let r = ChangeRequest {
        event: get("event").unwrap_or_default(),
        unit: get("unit"),
        note: get("note").unwrap_or_default(),
        promised: get("promised"),
        satisfaction,
    };
    let lang = fields.get("lang").map_or("zh", String::as_str).to_string();
    match crate::appeals::work::change(&state, &viewer, &reference, &r).await {
        Ok(receipt) => Redirect::to(&format!(
            "/appeals/{}?done={}&lang={}",
            percent_encode(&reference),
            receipt.to,
            percent_encode(&lang)
        ))
        .into_response(),
        Err(e) => page_error(e),
    }
}

/// `POST /appeals/{reference}/category`: a category set by hand, audited.
pub async fn category_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    if let Err(e) = check_form_csrf(&state, &viewer, &fields, "/appeals").await {
        return page_error(e);
    }
    let r = CategoryRequest {
        category: fields.get("category").cloned().unwrap_or_default(),
        reason: fields.get("reason").cloned().unwrap_or_default(),
    };
    match crate::appeals::work::recategorise(&state, &viewer, &reference, &r).await {
        Ok(()) => Redirect::to(&format!(
            "/appeals/{}?done=recategorised",
            percent_encode(&reference)
        ))
        .into_response(),
        Err(e) => page_error(e),
    }
}

#[derive(Template)]
#[template(path = "appeals_dashboard.html")]
struct DashboardPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    zh: bool,
    b: AppealBoard,
}

/// `GET /appeals/dashboard`.
pub async fn dashboard_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AppealsQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let b = match dashboard(&state, &viewer, &q, lang).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&DashboardPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("unit={}&date={}&lang={}", b.unit, b.date, m.other_code),
        zh: lang == Lang::Zh,
        b,
    })
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    zh: bool,
    csrf: String,
    /// The query that asks for this board again (day and filters).
    query: String,
    /// The filters alone, kept through a form's round trip.
    filters: String,
    b: AlertBoard,
}

/// `GET /appeals.csv`: the queue as filtered, every appeal of it.
pub async fn queue_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AppealsQuery>,
) -> Response {
    queue_download(&state, &viewer, &q, crate::download::csv).await
}

/// `GET /appeals.xlsx`: the same as an Excel workbook.
pub async fn queue_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AppealsQuery>,
) -> Response {
    queue_download(&state, &viewer, &q, crate::download::xlsx).await
}

/// The queue `q` asks for, written by `write`.
async fn queue_download(
    state: &AppState,
    viewer: &Viewer,
    q: &AppealsQuery,
    write: fn(&str, &[&str], &[Vec<crate::i18n::workbook::Cell>]) -> Response,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    match crate::appeals::queue::whole_queue(state, viewer, q).await {
        Ok(answer) => write(
            &format!("appeals-{}-{}-{}", answer.unit, answer.show, answer.date),
            &crate::appeals::queue::TABLE_COLUMNS,
            &crate::appeals::queue::table(&answer, lang),
        ),
        Err(e) => page_error(e),
    }
}

/// `GET /alerts`: the alert board of a day, filtered.
pub async fn alerts_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AlertQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let b = match alert_board(&state, &viewer, &q, lang).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let filters = alert_filters(&b);
    let query = if filters.is_empty() {
        format!("date={}", b.date)
    } else {
        format!("date={}&{filters}", b.date)
    };
    render(&AlertsPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("{query}&lang={}", m.other_code),
        query,
        filters,
        zh: lang == Lang::Zh,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        b,
    })
}

/// The board `q` asks for, as `viewer` sees it.
async fn alert_board(
    state: &AppState,
    viewer: &Viewer,
    q: &AlertQuery,
    lang: Lang,
) -> Result<AlertBoard, ApiError> {
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    let filter = q.filter(lang)?;
    crate::appeals::alerts::board(state, viewer, day, filter).await
}

/// The query string of `b`'s filters (empty when none is set).
fn alert_filters(b: &AlertBoard) -> String {
    let f = &b.filter;
    [
        ("level", &f.level),
        ("kind", &f.kind),
        ("district", &f.district),
        ("state", &f.state),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some(format!("{name}={}", percent_encode(value.as_deref()?))))
    .collect::<Vec<_>>()
    .join("&")
}

/// `GET /alerts.csv`: the board as filtered, to take away.
pub async fn alerts_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AlertQuery>,
) -> Response {
    alerts_download(&state, &viewer, &q, crate::download::csv).await
}

/// `GET /alerts.xlsx`: the board as filtered, as an Excel workbook.
pub async fn alerts_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AlertQuery>,
) -> Response {
    alerts_download(&state, &viewer, &q, crate::download::xlsx).await
}

/// The board `q` asks for, written by `write` (CSV or Excel).
async fn alerts_download(
    state: &AppState,
    viewer: &Viewer,
    q: &AlertQuery,
    write: fn(&str, &[&str], &[Vec<crate::i18n::workbook::Cell>]) -> Response,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    match alert_board(state, viewer, q, lang).await {
        Ok(b) => write(
            &format!("alerts-{}", b.date),
            &crate::appeals::alerts::TABLE_COLUMNS,
            &crate::appeals::alerts::table(&b, lang),
        ),
        Err(e) => page_error(e),
    }
}

/// `POST /alerts/{kind}/{key}`: acknowledge or close, from the board.
pub async fn alert_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((kind, key)): Path<(String, String)>,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    if let Err(e) = check_form_csrf(&state, &viewer, &fields, "/alerts").await {
        return page_error(e);
    }
    let lang = if fields.get("lang").is_some_and(|l| l == "en") {
        Lang::En
    } else {
        Lang::Zh
    };
    let r = AlertNoteRequest {
        state: fields.get("state").cloned().unwrap_or_default(),
        note: fields.get("note").cloned().unwrap_or_default(),
        assignee: fields.get("assignee").cloned(),
        date: fields.get("date").cloned(),
    };
    let result = async {
        let day = TruthQuery::day("date", r.date.as_deref(), state.clock.today())?;
        crate::appeals::alerts::note(&state, &viewer, day, &kind, &key, &r, lang).await?;
        Ok::<_, ApiError>(day)
    }
    .await;
    // Back to the board as it was filtered, at the row acted on.
    let back = fields
        .get("back")
        .filter(|b| !b.contains(['#', '\\', '\r', '\n']))
        .cloned()
        .unwrap_or_default();
    match result {
        Ok(day) => Redirect::to(&format!(
            "/alerts?date={day}{}{back}&lang={}#alert-{}-{}",
            if back.is_empty() { "" } else { "&" },
            percent_encode(lang.messages().code),
            percent_encode(&kind),
            percent_encode(&key),
        ))
        .into_response(),
        Err(e) => page_error(e),
    }
}
