//! The four "alls" (四應四盡) for a unit and the units under it on a day, from
//! the four-categories registry, with the people not yet covered: one answer
//! for the page and the JSON API.

use std::collections::HashMap;

use fangkong_domain::UnitCode;
use fangkong_domain::access::Action;
use fangkong_domain::registry::compliance::FourRatios;
use fangkong_domain::registry::stock::CaseStock;
use serde::Serialize;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::truth::TruthQuery;
use crate::view;

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

/// The four ratios for the query, access checked.
pub async fn compliance_for(
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
