//! The registry's pages: the four "alls" per unit with the people not covered
//! (names masked unless the role needs them; [`crate::compliance`]), and the
//! day's close-contact follow-up list for the community worker's phone, with
//! one-tap check-ins.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::Day;
use fangkong_domain::access::Action;
use fangkong_domain::registry::followup::CheckInState;
use fangkong_domain::registry::mask;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::{Viewer, check_csrf};
use crate::compliance::{ComplianceQuery, ComplianceResponse, GapRow, compliance_for, kept_gaps};
use crate::error::ApiError;
use crate::i18n::{Lang, Messages};
use crate::truth::TruthQuery;
use crate::view;

#[derive(Template)]
#[template(path = "compliance.html")]
struct CompliancePage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    unit: String,
    c: ComplianceResponse,
    /// The people not yet covered that the filters keep, this page's part.
    gaps: Vec<crate::compliance::GapRow>,
    /// Which page of them.
    paging: crate::paging::Paging,
    /// The filters: what they miss, their category (empty: any).
    missing: String,
    category: String,
    /// The query asking for this list again (unit, day, filters), without the page.
    query: String,
    /// The registry's categories, for the filter.
    categories: [&'static str; 4],
}

/// Formats a ratio for the page: a percentage, or "—" where not applicable.
pub fn percent(r: &Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// The four "alls" of `q`'s unit and day, and its filtered list of the people
/// not yet covered.
async fn compliance_asked(
    state: &AppState,
    viewer: &Viewer,
    q: &ComplianceQuery,
    lang: Lang,
) -> Result<
    (
        ComplianceResponse,
        Vec<GapRow>,
        Option<String>,
        Option<String>,
    ),
    ApiError,
> {
    let (missing, category) = q.filters(lang)?;
    let mut c = compliance_for(state, viewer, &q.truth()).await?;
    let gaps = kept_gaps(
        std::mem::take(&mut c.gaps),
        missing.as_deref(),
        category.as_deref(),
    );
    Ok((c, gaps, missing, category))
}

/// `GET /compliance`: the four "alls" per unit, and the people not yet
/// covered, filtered and a page at a time.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ComplianceQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let (c, gaps, missing, category) = match compliance_asked(&state, &viewer, &q, lang).await {
        Ok(asked) => asked,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let unit = q
        .truth()
        .unit_or_scope(&viewer)
        .map(|u| u.to_string())
        .unwrap_or_default();
    let paging = crate::paging::Paging::of(
        gaps.len(),
        crate::paging::asked(q.page.as_deref()),
        crate::paging::ROWS,
    );
    let (missing, category) = (missing.unwrap_or_default(), category.unwrap_or_default());
    let query = format!(
        "unit={unit}&date={}&missing={}&category={}",
        c.date,
        crate::href::percent_encode(&missing),
        crate::href::percent_encode(&category)
    );
    let gaps = paging.slice(&gaps).to_vec();
    render(&CompliancePage {
        m,
        nav: Nav::of(&viewer, lang),
        switch_query: format!("{query}&page={}&lang={}", paging.number, m.other_code),
        unit,
        c,
        gaps,
        paging,
        missing,
        category,
        query,
        categories: fangkong_domain::registry::flow::Category::ALL.map(|c| c.name()),
    })
}

/// `GET /compliance.csv`: the four "alls" per unit (`table=units`) or the
/// people not yet covered as filtered (`table=gaps`), to take away.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ComplianceQuery>,
) -> Response {
    download(&state, &viewer, &q, crate::download::csv).await
}

/// `GET /compliance.xlsx`: the same as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ComplianceQuery>,
) -> Response {
    download(&state, &viewer, &q, crate::download::xlsx).await
}

/// The table `q` asks for, written by `write`.
async fn download(
    state: &AppState,
    viewer: &Viewer,
    q: &ComplianceQuery,
    write: fn(&str, &[&str], &[Vec<crate::i18n::workbook::Cell>]) -> Response,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let (c, gaps, _, _) = match compliance_asked(state, viewer, q, lang).await {
        Ok(asked) => asked,
        Err(e) => return page_error(e),
    };
    match q.table.as_deref() {
        Some("gaps") => write(
            &format!("uncovered-{}", c.date),
            &crate::compliance::GAP_COLUMNS,
            &crate::compliance::gap_table(&c.date, &gaps, lang),
        ),
        _ => write(
            &format!("four-alls-{}", c.date),
            &crate::compliance::UNIT_COLUMNS,
            &crate::compliance::unit_table(&c),
        ),
    }
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
        // The whole tree's follow-ups of the day, kept until the registry
        // moves (reports do not touch them); this account's part is picked out below.
        let open = state
            .followups
            .get_or(
                day,
                crate::page_cache::Follows::Data,
                &state.reports_generation,
                &state.store,
                async || state.store.followups_on(day).await,
            )
            .await?;
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let root = view::unit_in(tree, &scope)?;
        let principal = viewer.principal();
        let mut rows = Vec::new();
        for f in open.iter() {
            let Some(i) = tree.index_of(&f.unit) else {
                continue;
            };
            if !tree.is_within(i, root) || f.on.releasable {
                continue;
            }
            let personal = principal.may(Action::ReadPersonalData(i), tree).is_ok();
            rows.push(FollowUpRow {
                reference: f.person.reference.clone(),
                name: if personal {
                    f.person.name.clone()
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
            crate::href::percent_encode(&reference)
        ))
        .into_response(),
        Err(e) => page_error(e),
    }
}
