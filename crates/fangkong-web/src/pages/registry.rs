//! The registry's pages and API: the four "alls" per unit with the people not
//! covered (names masked unless the role needs them), and the day's close-contact
//! follow-up list for the community worker's phone, with one-tap check-ins.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::access::Action;
use fangkong_domain::registry::compliance::FourRatios;
use fangkong_domain::registry::followup::CheckInState;
use fangkong_domain::registry::mask;
use fangkong_domain::registry::stock::CaseStock;
use fangkong_domain::{Day, UnitCode};
use serde::Serialize;

use super::truth::TruthQuery;
use super::{Nav, page_error, render, view};
use crate::AppState;
use crate::auth::{Caller, Viewer, check_csrf};
use crate::error::{ApiError, ErrorBody};
use crate::i18n::{Lang, Messages};

/// One unit's four ratios (from 0 to 1; null where nobody is concerned).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComplianceRow {
    /// The unit's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// People in the registry under it who have not left.
    pub people: u32,
    /// 应收尽收.
    pub admitted: Option<f64>,
    /// 应治尽治.
    pub treated: Option<f64>,
    /// 应检尽检.
    pub tested: Option<f64>,
    /// 应隔尽隔.
    pub isolated: Option<f64>,
    /// Confirmed on the day (the increment).
    pub new_confirmed: u32,
    /// Active confirmed cases (the stock).
    pub active: u32,
    /// Active cases in severe beds.
    pub severe: u32,
    /// Active cases in critical beds.
    pub critical: u32,
    /// Recovered over confirmed (null with no case).
    pub cure_rate: Option<f64>,
    /// Died over confirmed (null with no case).
    pub case_fatality_rate: Option<f64>,
}

impl ComplianceRow {
    /// The row of one unit's figures.
    pub fn of(
        code: String,
        name: String,
        people: u32,
        ratios: &FourRatios,
        cases: &CaseStock,
    ) -> Self {
        ComplianceRow {
            code,
            name,
            people,
            admitted: ratios.admitted.value(),
            treated: ratios.treated.value(),
            tested: ratios.tested.value(),
            isolated: ratios.isolated.value(),
            new_confirmed: cases.new_confirmed,
            active: cases.active(),
            severe: cases.severe,
            critical: cases.critical,
            cure_rate: cases.cure_rate(),
            case_fatality_rate: cases.case_fatality_rate(),
        }
    }
}

/// A person not yet covered.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GapRow {
    /// The source system's reference.
    pub reference: String,
    /// The name: in full for medical staff and community workers of the
    /// person's unit, masked for everyone else.
    pub name: String,
    /// Where the person lives.
    pub unit: String,
    /// `confirmed`, `suspected`, `fever` or `close_contact`.
    pub category: String,
    /// When identified.
    pub identified: String,
    /// Which of the four are missing.
    pub missing: Vec<String>,
}

/// The four ratios of a unit and the units directly under it, and its gaps.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComplianceResponse {
    /// The day.
    pub date: String,
    /// The unit first, then the units directly under it that the account reads.
    pub rows: Vec<ComplianceRow>,
    /// The people not yet covered, oldest first.
    pub gaps: Vec<GapRow>,
}

async fn compliance_for(
    state: &AppState,
    viewer: &Viewer,
    q: &TruthQuery,
) -> Result<ComplianceResponse, ApiError> {
    let unit = q.unit_or_scope(viewer)?;
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    view::authorize(
        state,
        viewer,
        &unit,
        Action::ReadFigures,
        "compliance",
        unit.as_str(),
    )
    .await?;
    let live = state.registry_figures().await?;
    let report = state
        .store
        .compliance(&live, day, &unit, true)
        .await
        .map_err(super::truth::unit_error(&unit))?;
    drop(live);
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let at = view::unit_in(tree, &unit)?;
    let principal = viewer.principal();
    let shown: Vec<UnitCode> = std::iter::once(at)
        .chain(view::readable_children(&principal, tree, at))
        .map(|i| tree.unit(i).code.clone())
        .collect();
    let by_code: HashMap<&UnitCode, &fangkong_store::UnitCompliance> =
        report.rows.iter().map(|r| (&r.code, r)).collect();
    let rows = shown
        .iter()
        .filter_map(|c| by_code.get(c))
        .map(|r| {
            ComplianceRow::of(
                r.code.to_string(),
                r.name.clone(),
                r.people,
                &r.ratios,
                &r.cases,
            )
        })
        .collect();
    let gaps = report
        .gaps
        .into_iter()
        .map(|g| {
            let personal = tree
                .index_of(&g.unit)
                .is_some_and(|i| principal.may(Action::ReadPersonalData(i), tree).is_ok());
            GapRow {
                reference: g.reference,
                name: if personal { g.full_name } else { g.name },
                unit: g.unit.to_string(),
                category: g.category.name().to_string(),
                identified: g.identified.to_string(),
                missing: g.missing.iter().map(|m| m.to_string()).collect(),
            }
        })
        .collect();
    Ok(ComplianceResponse {
        date: day.to_string(),
        rows,
        gaps,
    })
}

/// The four "alls" for a unit and the units under it on a day, from the
/// four-categories registry, with the people not yet covered.
#[utoipa::path(get, path = "/api/v1/compliance", params(TruthQuery),
    responses((status = 200, body = ComplianceResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_compliance(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Query(q): Query<TruthQuery>,
) -> Result<Json<ComplianceResponse>, ApiError> {
    Ok(Json(compliance_for(&state, &viewer, &q).await?))
}

#[derive(Template)]
#[template(path = "compliance.html")]
struct CompliancePage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    unit: String,
    c: ComplianceResponse,
}

/// Formats a ratio for the page: a percentage, or "—" where not applicable.
pub fn percent(r: &Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// `GET /compliance`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<TruthQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let c = match compliance_for(&state, &viewer, &q).await {
        Ok(c) => c,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let unit = q
        .unit_or_scope(&viewer)
        .map(|u| u.to_string())
        .unwrap_or_default();
    render(&CompliancePage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("unit={unit}&date={}&lang={}", c.date, m.other_code),
        unit,
        c,
    })
}

/// The follow-up page's query.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FollowUpQuery {
    /// The day (default: today).
    pub date: Option<String>,
    /// The page's language.
    pub lang: Option<Lang>,
    /// The reference whose check-in was just recorded (a notice).
    pub done: Option<String>,
}

/// One follow-up on the worker's list.
pub struct FollowUpRow {
    reference: String,
    name: String,
    unit: String,
    team: String,
    release: String,
    due_today: bool,
    overdue: usize,
    unwell: bool,
}

#[derive(Template)]
#[template(path = "followup.html")]
struct FollowUpPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    day: String,
    csrf: String,
    rows: Vec<FollowUpRow>,
    notice: String,
}

/// `GET /followup`: the close contacts under the account's scope still followed
/// up today, the ones due first.
pub async fn followup_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<FollowUpQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let result = async {
        let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
        let scope = viewer.account.scope.clone();
        let open = state.store.followups_on(day).await?;
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let root = view::unit_in(tree, &scope)?;
        let principal = viewer.principal();
        let mut rows = Vec::new();
        for f in open {
            let Some(i) = tree.index_of(&f.unit) else {
                continue;
            };
            if !tree.is_within(i, root) || f.on.releasable {
                continue;
            }
            let personal = principal.may(Action::ReadPersonalData(i), tree).is_ok();
            rows.push(FollowUpRow {
                reference: f.person.reference,
                name: if personal {
                    f.person.name
                } else {
                    mask::name(&f.person.name)
                },
                unit: tree.unit(i).name.clone(),
                team: f.team.clone().unwrap_or_default(),
                release: f.schedule.release.to_string(),
                due_today: f.on.due_today,
                overdue: f.on.overdue.len(),
                unwell: f.on.unwell,
            });
        }
        rows.sort_by(|a, b| {
            (!a.due_today, std::cmp::Reverse(a.overdue), &a.reference).cmp(&(
                !b.due_today,
                std::cmp::Reverse(b.overdue),
                &b.reference,
            ))
        });
        Ok::<_, ApiError>((day, rows))
    }
    .await;
    let (day, rows) = match result {
        Ok(x) => x,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&FollowUpPage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("date={day}&lang={}", m.other_code),
        day: day.to_string(),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        rows,
        notice: q.done.clone().unwrap_or_default(),
    })
}

/// `POST /followup/{ref}/checkin`: records today's check-in (form fields
/// `csrf`, `date`, `state`), audited; back to the list.
pub async fn check_in(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    let result = async {
        check_csrf(
            &state,
            &viewer,
            fields.get("csrf").map(String::as_str),
            "/followup",
        )
        .await?;
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let day = Day::parse(&get("date")).map_err(|e| ApiError::Invalid {
            field: "date",
            message: e.to_string(),
        })?;
        let check = CheckInState::parse(&get("state")).ok_or_else(|| ApiError::Invalid {
            field: "state",
            message: "not seen_well, seen_unwell, missed or not_attempted".into(),
        })?;
        let found = state
            .store
            .person(&reference)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("no person {reference}")))?;
        let (person, code) = (found.id, found.unit);
        // Follow-up is registry work: inside the account's subtree.
        view::authorize(
            &state,
            &viewer,
            &code,
            Action::UpdateRegistry,
            "followup",
            &reference,
        )
        .await?;
        let followups = state.store.followups().await?;
        let Some((schedule, _)) = followups.get(&person) else {
            return Err(ApiError::Invalid {
                field: "reference",
                message: format!("{reference} is not followed up"),
            });
        };
        schedule
            .check_in_day(day, state.clock.today())
            .map_err(|message| ApiError::Invalid {
                field: "date",
                message,
            })?;
        state
            .store
            .check_in(person, day, check, state.clock.now(), viewer.name())
            .await?;
        Ok::<_, ApiError>(day)
    }
    .await;
    match result {
        Ok(day) => Redirect::to(&format!(
            "/followup?date={day}&done={}",
            crate::auth::login::percent_encode(&reference)
        ))
        .into_response(),
        Err(e) => page_error(e),
    }
}
