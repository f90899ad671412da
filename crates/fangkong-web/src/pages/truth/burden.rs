//! `GET /burden`: the grassroots' load by level over a range of days.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fangkong_store::truth::BurdenReport;

use super::TruthLinks;
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::Messages;
use crate::i18n::truth::{TruthMessages, level_name};
use crate::pages::{Nav, page_error, render};
use crate::truth::burden::measure;
use crate::truth::{TruthQuery, reads_audit};

/// One level's row, formatted.
pub struct LevelRow {
    level: &'static str,
    units: u32,
    unit_days: u32,
    forms: u32,
    per_day: String,
    corrections: u32,
    fields_changed: String,
    median_seconds: String,
}

#[derive(Template)]
#[template(path = "burden.html")]
struct BurdenPage {
    m: Messages,
    t: TruthMessages,
    nav: Option<Nav>,
    switch_query: String,
    links: TruthLinks,
    unit: String,
    from: String,
    to: String,
    levels: Vec<LevelRow>,
    b: BurdenReport,
}

/// `GET /burden`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let b = match measure(&state, &viewer, &q).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let one = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_default();
    let levels = b
        .levels
        .iter()
        .map(|l| LevelRow {
            level: level_name(l.level, lang),
            units: l.units,
            unit_days: l.unit_days,
            forms: l.forms,
            per_day: format!("{:.2}", l.forms_per_unit_day),
            corrections: l.days_with_corrections,
            fields_changed: one(l.mean_fields_changed),
            median_seconds: one(l.median_seconds_to_submit),
        })
        .collect();
    render(&BurdenPage {
        m,
        t: lang.truth(),
        nav: Nav::of(&viewer, lang),
        switch_query: format!(
            "unit={}&from={}&to={}&lang={}",
            b.unit, b.from, b.to, m.other_code
        ),
        links: TruthLinks::new(lang, &b.unit, "burden", reads_audit(&viewer)),
        unit: b.unit.to_string(),
        from: b.from.to_string(),
        to: b.to.to_string(),
        levels,
        b,
    })
}
