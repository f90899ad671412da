//! `/disputes`: a unit's disputes register (矛盾纠纷), the form to record one
//! and, on each open dispute, the form for its next mediation step.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::disputes::DisputeKind;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::{Viewer, check_form_csrf};
use crate::disputes::{DisputeRegister, DisputeRequest, DisputeStepRequest, PartyBody};
use crate::error::ApiError;
use crate::href::percent_encode;
use crate::i18n::{Lang, Messages};

/// The register page's query.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DisputesQuery {
    /// The unit (default: the account's scope).
    pub unit: Option<String>,
    /// What was just recorded (a status, or `recorded`).
    pub done: Option<String>,
    /// The language.
    pub lang: Option<Lang>,
}

#[derive(Template)]
#[template(path = "disputes.html")]
struct DisputesPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    zh: bool,
    csrf: String,
    r: DisputeRegister,
    kinds: Vec<(&'static str, &'static str)>,
    done: String,
}

impl DisputesPage {
    fn say<'a>(&self, code: &'a str) -> &'a str {
        crate::i18n::appeals::dispute_word(code, self.zh)
    }
}

/// `GET /disputes`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<DisputesQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let r = match crate::disputes::register(&state, &viewer, q.unit.as_deref()).await {
        Ok(r) => r,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&DisputesPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("unit={}&lang={}", r.unit, m.other_code),
        zh: lang == Lang::Zh,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        kinds: DisputeKind::ALL
            .iter()
            .map(|k| {
                (
                    k.name(),
                    crate::i18n::catalogue::label(lang, "dispute-kind", k.name()),
                )
            })
            .collect(),
        done: q.done.clone().unwrap_or_default(),
        r,
    })
}

fn back(fields: &HashMap<String, String>, done: &str) -> Response {
    Redirect::to(&format!(
        "/disputes?unit={}&done={done}&lang={}",
        percent_encode(fields.get("back").map_or("", String::as_str)),
        percent_encode(fields.get("lang").map_or("zh", String::as_str))
    ))
    .into_response()
}

/// `POST /disputes`: records a dispute from the form (two parties at most
/// there; the API takes any number).
pub async fn record(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    if let Err(e) = check_form_csrf(&state, &viewer, &fields, "/disputes").await {
        return page_error(e);
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let parties = (1..=2)
        .filter(|i| !get(&format!("party{i}_name")).trim().is_empty())
        .map(|i| PartyBody {
            name: get(&format!("party{i}_name")),
            phone: Some(get(&format!("party{i}_phone"))),
            role: Some(if i == 1 { "complainant" } else { "respondent" }.into()),
        })
        .collect();
    let r = DisputeRequest {
        unit: get("unit"),
        kind: get("kind"),
        risk: Some(get("risk")),
        summary: get("summary"),
        parties,
    };
    match crate::disputes::record(&state, &viewer, &r).await {
        Ok(_) => back(&fields, "recorded"),
        Err(e) => page_error(e),
    }
}

/// `POST /disputes/step`: a mediation step from the register.
pub async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    if let Err(e) = check_form_csrf(&state, &viewer, &fields, "/disputes").await {
        return page_error(e);
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let r = DisputeStepRequest {
        step: get("step"),
        to: Some(get("to")),
        note: get("note"),
    };
    let reference = get("reference");
    if reference.is_empty() {
        return page_error(ApiError::Invalid {
            field: "reference",
            message: "which dispute".into(),
        });
    }
    match crate::disputes::step(&state, &viewer, &reference, &r).await {
        Ok(status) => back(&fields, &status),
        Err(e) => page_error(e),
    }
}
