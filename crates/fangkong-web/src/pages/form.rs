//! The one form (SPEC §2) on a phone: the list of the account's own reporting
//! units with today's state, and the form itself. Counts start at zero, the six
//! measures from yesterday's answers; a second report of a day is a correction
//! and asks for its reason; a form sent twice is recorded once.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::access::Action;
use fangkong_domain::{Day, Measure, MeasuresInPlace};
use fangkong_store::{Channel, random_token};
use serde::Deserialize;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::{Viewer, check_csrf};
use crate::error::ApiError;
use crate::i18n::forms::FormMessages;
use crate::i18n::{Lang, Messages};
use crate::report_input::{Prefill, ReportInput, file};
use crate::view;

/// Rows listed at most (a district office has thousands of compounds).
const LISTED: usize = 300;

/// The query of the report pages.
#[derive(Debug, Deserialize, Default)]
pub struct FormQuery {
    /// The day (default: today).
    pub date: Option<String>,
    /// The language.
    pub lang: Option<Lang>,
    /// The unit just reported, for the notice.
    pub done: Option<String>,
    /// The revision it became.
    pub rev: Option<u32>,
    /// Whether it had been recorded before (a repeated submission).
    pub repeated: Option<u8>,
    /// The validation rules that flagged it (warnings, comma-separated).
    pub warn: Option<String>,
}

/// One of the account's reporting units.
struct OwnUnit {
    code: String,
    name: String,
    parent: String,
    reported: bool,
    href: String,
}

#[derive(Template)]
#[template(path = "report_list.html")]
struct ReportList {
    m: Messages,
    f: FormMessages,
    nav: Option<Nav>,
    switch_query: String,
    day: String,
    notice: String,
    warnings: Vec<String>,
    units: Vec<OwnUnit>,
    more: usize,
    reported: usize,
    total: usize,
}

/// One measure's checkbox.
struct MeasureBox {
    field: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "report_form.html")]
struct ReportForm {
    m: Messages,
    f: FormMessages,
    nav: Option<Nav>,
    switch_query: String,
    code: String,
    name: String,
    day: String,
    today: String,
    csrf: String,
    submission_id: String,
    opened_at: String,
    prefill: String,
    counts: Vec<(&'static str, &'static str, String, String)>,
    measures: Vec<MeasureBox>,
    reporter: String,
    remark: String,
    /// Carried through a correction unchanged (the offices mark it, not the form).
    backlog: String,
    reason: String,
    correcting: Option<u32>,
    errors: HashMap<&'static str, String>,
    general: String,
}

impl ReportForm {
    /// The error beside `field`, if any.
    fn error(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

fn day_or_today(state: &AppState, date: Option<&str>) -> Result<Day, ApiError> {
    match date.filter(|d| !d.is_empty()) {
        None => Ok(state.clock.today()),
        Some(_) => view::day_param(state, date),
    }
}

/// `GET /report`: the account's reporting units and whether each has reported.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<FormQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let day = match day_or_today(&state, q.date.as_deref()) {
        Ok(d) => d,
        Err(e) => return page_error(e),
    };
    let (f, m) = (lang.forms(), lang.messages());
    let loaded = state.engine.read().await;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let grid = engine.grid();
    let own = viewer.principal().reporting_units(tree);
    let mut units: Vec<OwnUnit> = own
        .iter()
        .map(|&u| {
            let reported = match (grid.slot(u), grid.offset(day)) {
                (Some(slot), Some(k)) => grid.get(slot, k).is_reported(),
                _ => false,
            };
            let record = tree.unit(u);
            OwnUnit {
                code: record.code.to_string(),
                name: record.name.clone(),
                parent: tree
                    .parent(u)
                    .map(|p| tree.unit(p).name.clone())
                    .unwrap_or_default(),
                reported,
                href: format!("/report/{}?date={day}&lang={}", record.code, m.code),
            }
        })
        .collect();
    drop(loaded);
    let total = units.len();
    let reported = units.iter().filter(|u| u.reported).count();
    // The ones still to do first.
    units.sort_by_key(|u| u.reported);
    let more = units.len().saturating_sub(LISTED);
    units.truncate(LISTED);
    let notice = match (&q.done, q.rev) {
        (Some(code), Some(rev)) if q.repeated == Some(1) => {
            format!("{} · {code} · {} {rev}", f.repeated, f.revision)
        }
        (Some(code), Some(rev)) => format!("{} · {code} · {} {rev}", f.recorded, f.revision),
        _ => String::new(),
    };
    let warnings: Vec<String> = q
        .warn
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|w| !w.is_empty())
        .map(|w| {
            state
                .rules
                .quality
                .rules
                .iter()
                .find(|r| r.name == w)
                .map(|r| format!("{w}: {}", r.description))
                .unwrap_or_else(|| w.to_string())
        })
        .collect();
    render(&ReportList {
        m,
        f,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("date={day}&lang={}", m.other_code),
        day: day.to_string(),
        notice,
        warnings,
        units,
        more,
        reported,
        total,
    })
}

/// `GET /report/{code}`: the form for one unit and day.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<FormQuery>,
) -> Response {
    match show_inner(&state, &viewer, &code, &q).await {
        Ok(r) => r,
        Err(e) => page_error(e),
    }
}

async fn show_inner(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    q: &FormQuery,
) -> Result<Response, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let day = day_or_today(state, q.date.as_deref())?;
    let code = view::code_param(code)?;
    view::authorize(
        state,
        viewer,
        &code,
        Action::FileReport,
        "report",
        &format!("{code} {day}"),
    )
    .await?;
    let name = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        tree.unit(view::unit_in(tree, &code)?).name.clone()
    };
    let latest = state.store.report_history(&code, day).await?.pop();
    let yesterday = match day.plus_days(-1) {
        Some(d) => state.store.report_history(&code, d).await?.pop(),
        None => None,
    };
    let mut input = ReportInput {
        unit: code.to_string(),
        date: day.to_string(),
        reporter: viewer.account.display_name.clone(),
        ..ReportInput::default()
    };
    input.counts = ["0"; 4].map(String::from);
    if let Some(y) = &yesterday {
        input.measures = y.report.measures;
    }
    if let Some(l) = &latest {
        input.counts = l.report.counts().map(|c| c.get().to_string());
        input.measures = l.report.measures;
        input.reporter = l.report.reporter.clone();
        input.remark = l.report.remark.clone().unwrap_or_default();
        if l.report.backlog.get() > 0 {
            input.backlog = l.report.backlog.get().to_string();
        }
    }
    input.opened_at = state.clock.now().to_string();
    input.prefill = Prefill {
        counts: latest
            .as_ref()
            .map_or([0; 4], |l| l.report.counts().map(|c| c.get())),
        measures: input.measures,
        remark: input.remark.clone(),
    }
    .encode();
    form_page(
        state,
        viewer,
        lang,
        &name,
        input,
        latest.map(|l| l.revision),
        HashMap::new(),
        StatusCode::OK,
    )
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    name: &str,
    input: ReportInput,
    correcting: Option<u32>,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let (f, m) = (lang.forms(), lang.messages());
    let labels = [
        f.new_confirmed,
        f.new_suspected,
        f.new_close_contacts,
        f.new_fever,
    ];
    let counts = fangkong_domain::report::daily::COUNT_FIELDS
        .into_iter()
        .zip(labels)
        .zip(input.counts)
        .map(|((field, label), value)| {
            (
                field,
                label,
                value,
                errors.get(field).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let measures = Measure::ALL
        .into_iter()
        .map(|ms| MeasureBox {
            field: ms.field(),
            label: lang.measure(ms),
            checked: input.measures.get(ms),
        })
        .collect();
    let submission_id = match input.submission_id {
        Some(id) if !id.is_empty() => id,
        _ => random_token()?,
    };
    let general = if errors.is_empty() {
        String::new()
    } else {
        f.fix_fields.to_string()
    };
    let page = render(&ReportForm {
        m,
        f,
        nav: Nav::of(viewer, lang),
        switch_query: format!("date={}&lang={}", input.date, m.other_code),
        code: input.unit,
        name: name.to_string(),
        day: input.date,
        today: state.clock.today().to_string(),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        submission_id,
        opened_at: input.opened_at,
        prefill: input.prefill,
        counts,
        measures,
        reporter: input.reporter,
        remark: input.remark,
        backlog: input.backlog,
        reason: input.reason,
        correcting,
        errors,
        general,
    });
    Ok((status, page).into_response())
}

/// `POST /report/{code}`: files the form.
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let lang = match get("lang").as_str() {
        "en" => Lang::En,
        _ => Lang::Zh,
    };
    if let Err(e) = check_csrf(
        &state,
        &viewer,
        fields.get("csrf").map(String::as_str),
        &format!("/report/{code}"),
    )
    .await
    {
        return page_error(e);
    }
    let mut measures = MeasuresInPlace::NONE;
    for ms in Measure::ALL {
        measures = measures.with(ms, fields.contains_key(&format!("m_{}", ms.field())));
    }
    let input = ReportInput {
        unit: code.clone(),
        date: get("date"),
        counts: fangkong_domain::report::daily::COUNT_FIELDS.map(get),
        measures,
        reporter: get("reporter"),
        backlog: get("backlog"),
        remark: get("remark"),
        reason: get("reason"),
        submission_id: fields.get("submission_id").cloned(),
        channel: Channel::Form,
        opened_at: get("opened_at"),
        prefill: get("prefill"),
        lang,
    };
    match file(&state, &viewer, input.clone()).await {
        Ok(receipt) => Redirect::to(&format!(
            "/report?date={}&lang={}&done={}&rev={}&repeated={}&warn={}",
            receipt.day,
            lang.messages().code,
            receipt.unit,
            receipt.revision,
            u8::from(receipt.repeated),
            receipt
                .warnings
                .iter()
                .map(|w| w.rule.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ))
        .into_response(),
        Err(not_filed) => {
            let list = match not_filed.into_fields() {
                Ok(list) => list,
                Err(e) => return page_error(e),
            };
            let name = {
                let loaded = state.engine.read().await;
                view::code_param(&code)
                    .ok()
                    .and_then(|c| loaded.engine.tree().get(&c).map(|r| r.name.clone()))
                    .unwrap_or_default()
            };
            let correcting = match (view::code_param(&code), Day::parse(&input.date)) {
                (Ok(c), Ok(d)) => state
                    .store
                    .report_history(&c, d)
                    .await
                    .ok()
                    .and_then(|mut h| h.pop())
                    .map(|r| r.revision),
                _ => None,
            };
            let errors: HashMap<&'static str, String> = list.into_iter().collect();
            form_page(
                &state,
                &viewer,
                lang,
                &name,
                input,
                correcting,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .unwrap_or_else(page_error)
        }
    }
}
