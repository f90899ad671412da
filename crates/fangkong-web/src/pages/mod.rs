//! The HTML pages: the command-centre dashboard, the unit drill-down, the report
//! form and the data-truth pages.

pub(crate) mod appeals;
pub(crate) mod day_reports;
pub(crate) mod disputes;
pub(crate) mod facilities;
pub(crate) mod favicon;
pub(crate) mod form;
pub(crate) mod glass;
pub(crate) mod inspections;
pub mod login;
pub(crate) mod movement;
mod nav;
mod office;
pub(crate) mod pass;
pub(crate) mod people;
pub(crate) mod province;
pub(crate) mod public;
pub(crate) mod registry;
pub(crate) mod shifts;
pub(crate) mod staffing;
pub(crate) mod truth;
pub(crate) mod zones;

pub use nav::Nav;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use fangkong_domain::access::Action;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::{Lang, Messages, kind_name};
use crate::view::{self, Alert, KindRow, PageQuery, UnitRow, unit_rows};

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    m: Messages,
    t: crate::i18n::truth::TruthMessages,
    nav: Option<Nav>,
    switch_query: String,
    day: String,
    first_day: String,
    last_day: String,
    root_name: String,
    map: crate::map::MapView,
    /// What the map can be shaded by: label, link, whether shown.
    map_measures: Vec<(&'static str, String, bool)>,
    headline: Option<crate::headline::HeadlineStrip>,
    office: Vec<crate::headline::HeadlineItem>,
    trend: view::TrendView,
    kinds: Vec<KindRow>,
    received: usize,
    expected: usize,
    gained: usize,
    lost: usize,
    alerts: Vec<Alert>,
    rows: Vec<UnitRow>,
    /// The four alls and the cases of the whole city, from the registry.
    registry: crate::compliance::ComplianceRow,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    up_href: Option<String>,
    code: String,
    name: String,
    kind: &'static str,
    day: String,
    first_day: String,
    last_day: String,
    free: bool,
    pending: bool,
    zero_days: u32,
    earliest: String,
    reason: String,
    policy: String,
    trend: view::TrendView,
    rows: Vec<UnitRow>,
    history: Vec<(String, bool)>,
    /// Whether the account reads this unit's reports (and may take them away).
    reads_reports: bool,
    /// This page's part of the day's reports.
    reports: Vec<ReportRow>,
    /// Which page of the day's reports.
    paging: crate::paging::Paging,
    /// The query asking for this page again, without the page.
    query: String,
    /// Below a district, where no boundaries exist: the units under this one
    /// as tiles shaded like the district map.
    map: Option<crate::map::MapView>,
}

/// One report as the unit page lists it.
struct ReportRow {
    unit: String,
    /// The reporting unit's name.
    name: String,
    revision: u32,
    counts: String,
    measures_missing: String,
    reporter: String,
    reason: String,
}

/// Renders a template, or a 500.
pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => ApiError::Internal(e.to_string()).into_response(),
    }
}

/// The message of an error page, carried to the middleware that knows the
/// reader's language and styles the page (`rejections::reword`).
#[derive(Debug, Clone)]
pub(crate) struct PageFault {
    /// The parameter at fault, if the error names one.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub message: String,
}

impl PageFault {
    /// The fault in `lang`: the field by its name in that language, then the
    /// message (worded in the reader's language where it was made).
    pub fn words(&self, lang: Lang) -> String {
        match self.field {
            Some(field) => format!(
                "{}: {}",
                crate::i18n::catalogue::label(lang, "field", field),
                self.message
            ),
            None => self.message.clone(),
        }
    }
}

/// An error page: its status as a heading in the reader's language, the
/// message, and the ways back (the page the reader came from, the start).
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    m: Messages,
    nav: Option<nav::Nav>,
    switch_query: String,
    status: u16,
    heading: &'static str,
    message: String,
    back: String,
}

/// `response` (an error answer of a page door) as the styled error page.
pub(crate) fn error_page(
    response: Response,
    message: &str,
    lang: Lang,
    back: Option<&str>,
) -> Response {
    let status = response.status();
    let (mut parts, _) = response.into_parts();
    let m = lang.messages();
    let code = status.as_u16();
    let heading_id = format!("error-title-{code}");
    let heading = if crate::i18n::catalogue::has(lang, &heading_id) {
        crate::i18n::catalogue::text(lang, &heading_id)
    } else {
        crate::i18n::catalogue::text(lang, "error-title-other")
    };
    // A failure's detail stays in the log; a 503 is said on purpose (a
    // server on a replica) and its words are for the reader.
    let message = if code >= 500 && code != 503 {
        crate::i18n::catalogue::text(lang, "error-internal").to_string()
    } else {
        message.to_string()
    };
    let page = ErrorPage {
        m,
        nav: None,
        switch_query: format!("lang={}", m.other_code),
        status: code,
        heading,
        message,
        back: back.unwrap_or_default().to_string(),
    };
    let html = page.render().unwrap_or_else(|_| page.message.clone());
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, axum::body::Body::from(html))
}

/// An error as a small HTML page with its status (styled in the reader's
/// language on its way out).
pub(crate) fn page_error(e: ApiError) -> Response {
    let status = e.status();
    let text = match &e {
        ApiError::Internal(_) => "internal error".to_string(),
        other => other.to_string(),
    };
    if let ApiError::Internal(detail) = &e {
        tracing::error!(detail = %detail, "internal error");
    }
    let retry_after = match e {
        ApiError::RateLimited(secs) => secs.to_string(),
        _ => String::new(),
    };
    let mut response = (
        status,
        Html(format!(
            "<!doctype html><meta charset=utf-8><title>{}</title><p>{}</p>",
            status.as_u16(),
            crate::chart::escape(&text)
        )),
    )
        .into_response();
    let fault = match e {
        ApiError::Invalid { field, message } => PageFault {
            field: Some(field),
            message,
        },
        _ => PageFault {
            field: None,
            message: text,
        },
    };
    response.extensions_mut().insert(fault);
    if !retry_after.is_empty()
        && let Ok(v) = retry_after.parse()
    {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, v);
    }
    response
}

/// `GET /`: each role's start ([`fangkong_domain::access::Start`]): the
/// dashboard itself for the command centre, a redirect to its work for the
/// others, in the asked language.
pub(crate) async fn start(
    state: State<AppState>,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    use fangkong_domain::access::Start;
    let code = q.lang.unwrap_or_default().messages().code;
    let to = match viewer.account.role.start() {
        Start::Dashboard => return dashboard(state, viewer, Query(q)).await,
        Start::Reports => format!("/report?lang={code}"),
        Start::OwnUnit => format!("/units/{}?lang={code}", viewer.account.scope),
        Start::Intake => format!("/appeals/new?lang={code}"),
        Start::FollowUp => format!("/followup?lang={code}"),
    };
    axum::response::Redirect::to(&to).into_response()
}

/// `GET /dashboard` (and `/` for the command centre): the scope's figures.
pub(crate) async fn dashboard(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    match dashboard_inner(state, viewer, q).await {
        Ok(r) => r,
        Err(e) => page_error(e),
    }
}

async fn dashboard_inner(
    state: AppState,
    viewer: Viewer,
    q: PageQuery,
) -> Result<Response, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let m = lang.messages();
    let day = view::day_param(&state, q.date.as_deref())?;
    let (on, before) = view::day_and_before(&state, day, lang).await?;
    // Before the engine is held: the office figures read it too, and a
    // second read behind a waiting writer would never be granted.
    let office = office::office(&state, &viewer, day, lang).await;
    let measure = crate::map_measure::MapMeasure::parse(q.map.as_deref(), lang)?;
    let sums = match measure {
        crate::map_measure::MapMeasure::New => {
            Some(crate::map_measure::day_sums(&state, day).await?)
        }
        _ => None,
    };
    let loaded = state.engine.read().await;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let root = tree
        .roots()
        .next()
        .ok_or_else(|| ApiError::NotFound("no units".into()))?;
    let (kinds, received, expected, gained, lost, alerts) =
        view::dashboard_figures(engine, &on, before.as_deref(), lang)?;
    // The districts this account may look into (all of them for the city's
    // offices; the one above its scope for the others).
    let principal = viewer.principal();
    let readable = view::readable_children(&principal, tree, root);
    let rows = view::sort_and_filter(unit_rows(engine, &on, &readable, &state, lang)?, &q)?;
    let map = districts_map(
        (tree, engine.grid(), &on),
        &readable,
        (measure, sums.as_deref()),
        day < state.pending_from(),
        lang,
    );
    let map_measures = crate::map_measure::MapMeasure::ALL
        .into_iter()
        .map(|x| {
            (
                x.label(lang),
                format!(
                    "/dashboard?date={day}&map={}&lang={}#map-heading",
                    x.code(),
                    lang.messages().code
                ),
                x == measure,
            )
        })
        .collect();
    let here = format!("/dashboard?date={day}&lang={}", lang.messages().code);
    let trend = view::trend(&state, &tree.unit(root).code, day, lang, q.scale(), &here).await?;
    let headline = crate::headline::strip(
        &state.store.published_series(&tree.unit(root).code).await?,
        &state.store.annotations(Some(&tree.unit(root).code)).await?,
        day,
        lang,
    );
    let first = engine.grid().start();
    let registry = {
        let live = state.registry_figures().await?;
        let f = live.figures.on(day);
        let at = live
            .tree
            .index_of(&tree.unit(root).code)
            .map_or_else(Default::default, |i| f[i as usize]);
        crate::compliance::ComplianceRow::of(
            tree.unit(root).code.to_string(),
            tree.unit(root).name.clone(),
            at.people,
            &at.ratios,
            &at.cases,
        )
    };
    Ok(render(&Dashboard {
        m,
        t: lang.truth(),
        nav: Nav::of(&viewer, lang),
        switch_query: format!("date={day}&lang={}", m.other_code),
        day: day.to_string(),
        first_day: first.to_string(),
        last_day: state.last_day.to_string(),
        root_name: tree.unit(root).name.clone(),
        trend,
        kinds,
        received,
        expected,
        gained,
        lost,
        alerts,
        rows,
        registry,
        map,
        map_measures,
        headline,
        office,
    }))
}

/// The districts `readable` on the map, shaded by `measure`: the share
/// epidemic-free, the day's new cases (`sums`), or the reports not in
/// (`due`: late rather than pending).
fn districts_map(
    (tree, grid, on): (
        &fangkong_domain::unit::UnitTree,
        &fangkong_domain::certify::ReportGrid,
        &fangkong_domain::certify::StatusOn,
    ),
    readable: &[fangkong_domain::unit::UnitIndex],
    (measure, sums): (
        crate::map_measure::MapMeasure,
        Option<&crate::day_sums::DaySums>,
    ),
    due: bool,
    lang: Lang,
) -> crate::map::MapView {
    use crate::map_measure::{MapMeasure, count_map, unreported_under};
    let values: Vec<Option<u64>> = match measure {
        MapMeasure::Free => {
            return crate::map::districts(
                &view::map_shades(tree, on, readable, lang),
                crate::map::Counted::ReportingUnits,
                lang,
            );
        }
        MapMeasure::New => readable
            .iter()
            .map(|&u| sums.and_then(|s| s.new_under(u)))
            .collect(),
        MapMeasure::Unreported => match unreported_under(tree, grid, readable, on.day) {
            Some(v) => v.into_iter().map(Some).collect(),
            None => vec![None; readable.len()],
        },
    };
    count_map(tree, readable, &values, measure, due, on.day, lang)
}

pub(crate) async fn unit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    match unit_inner(state, viewer, code, q).await {
        Ok(r) => r,
        Err(e) => page_error(e),
    }
}

async fn unit_inner(
    state: AppState,
    viewer: Viewer,
    code: String,
    q: PageQuery,
) -> Result<Response, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let m = lang.messages();
    let day = view::day_param(&state, q.date.as_deref())?;
    let code = view::code_param(&code)?;
    view::authorize(
        &state,
        &viewer,
        &code,
        Action::ReadFigures,
        "unit",
        code.as_str(),
    )
    .await?;
    // Through the shared per-day cache, like the dashboard and the API.
    let on = view::status_on(&state, day, lang).await?;
    let loaded = state.engine.read().await;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let unit = view::unit_in(tree, &code)?;
    let principal = viewer.principal();
    let may_read_reports = principal.may(Action::ReadReports(unit), tree).is_ok();
    let s = &on.units[unit as usize];
    let record = tree.unit(unit);
    let policy = state
        .rules
        .policy_for(record.kind)
        .map(|p| {
            let text = if s.epidemic_free {
                &p.epidemic_free
            } else {
                &p.not_free
            };
            crate::i18n::bilingual(text, lang).to_string()
        })
        .unwrap_or_default();
    let readable = view::readable_children(&principal, tree, unit);
    let rows = view::sort_and_filter(unit_rows(engine, &on, &readable, &state, lang)?, &q)?;
    // The units under this one shaded: on their real boundaries where the
    // boundaries are known (the city's districts), else as tiles (below a
    // district); not for reporting units, which the tables list.
    let map = (readable.len() > 1 && readable.iter().all(|&c| !tree.is_reporting(c))).then(|| {
        let shades = view::map_shades(tree, &on, &readable, lang);
        let bounded = readable.iter().all(|&c| {
            let u = tree.unit(c);
            crate::places::Boundaries::WuhanDistricts
                .place_of(u.code.as_str(), &u.name)
                .is_some()
        });
        if bounded {
            // The page's own table of the units under it holds the figures.
            let mut map = crate::map::districts(&shades, crate::map::Counted::ReportingUnits, lang);
            map.table = false;
            map
        } else {
            crate::map::tiles(&record.name, &shades, lang)
        }
    });
    let here = format!(
        "/units/{}?date={day}&lang={}",
        record.code,
        lang.messages().code
    );
    let trend = view::trend(&state, &record.code, day, lang, q.scale(), &here).await?;
    let window = state.rules.certification.window_days;
    // The last 14 days of the unit's status, oldest first.
    let mut history = Vec::new();
    for back in (0..14).rev() {
        if let Some(d) = day.plus_days(-back)
            && let Some(st) = state.status_on(d).await
        {
            history.push((d.to_string(), st.units[unit as usize].epidemic_free));
        }
    }
    // The day's reports from the reporting units beneath, with their revisions:
    // read for those units only, not the whole city's day. Reporters' names and
    // remarks only inside the account's own subtree.
    let day_reports = if may_read_reports {
        day_reports::under(&state, &loaded, unit, day).await?
    } else {
        Vec::new()
    };
    // A page at a time (a district's day is hundreds of reports), every one
    // reachable: the page links say how many there are.
    let paging = crate::paging::Paging::of(
        day_reports.len(),
        crate::paging::asked(q.page.as_deref()),
        crate::paging::ROWS,
    );
    let reports = paging
        .slice(&day_reports)
        .iter()
        .map(|r| ReportRow {
            unit: r.report.unit.to_string(),
            name: day_reports::name_of(tree, &r.report.unit),
            revision: r.revision,
            counts: format!(
                "{} / {} / {} / {}",
                r.report.new_confirmed,
                r.report.new_suspected,
                r.report.new_close_contacts,
                r.report.new_fever
            ),
            measures_missing: r
                .report
                .measures
                .missing()
                .iter()
                .map(|m| crate::i18n::catalogue::label(lang, "measure", m.field()))
                .collect::<Vec<_>>()
                .join(if lang == Lang::Zh { "、" } else { ", " }),
            reporter: r.report.reporter.clone(),
            reason: r.reason.clone().unwrap_or_default(),
        })
        .collect();
    Ok(render(&UnitPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("date={day}&lang={}", m.other_code),
        up_href: tree
            .parent(unit)
            .map(|p| format!("/units/{}?date={day}&lang={}", tree.unit(p).code, m.code)),
        code: record.code.to_string(),
        name: record.name.clone(),
        kind: kind_name(record.kind, lang),
        day: day.to_string(),
        first_day: engine.grid().start().to_string(),
        last_day: state.last_day.to_string(),
        free: s.epidemic_free,
        pending: s.pending,
        zero_days: s.zero_days,
        earliest: s.earliest_free.to_string(),
        reason: view::reason(tree, s, window, &state.rules.quality.deadline, lang),
        policy,
        trend,
        rows,
        history,
        reads_reports: may_read_reports,
        reports,
        paging,
        query: format!("date={day}"),
        map,
    }))
}
