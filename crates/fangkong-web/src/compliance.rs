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
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GapRow {
    /// The source system's reference.
    pub reference: String,
    /// The name: in full for medical staff and community workers of the
    /// person's unit, masked for everyone else.
    pub name: String,
    /// Where the person lives.
    pub unit: String,
    /// That unit's name.
    pub unit_name: String,
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
                unit_name: tree
                    .index_of(&g.unit)
                    .map(|i| tree.unit(i).name.clone())
                    .unwrap_or_default(),
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

/// The four "alls" page's query: the unit and day, and which people not yet
/// covered to list (by what they miss and by category) and which page of them.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ComplianceQuery {
    /// The unit (default: the account's scope).
    pub unit: Option<String>,
    /// The day (default: today).
    pub date: Option<String>,
    /// The page's language.
    pub lang: Option<crate::i18n::Lang>,
    /// Only the people missing this: `admitted`, `treated`, `tested` or `isolated`.
    pub missing: Option<String>,
    /// Only the people of this category: `confirmed`, `suspected`, `fever` or `close_contact`.
    pub category: Option<String>,
    /// The page of the list, from 1.
    pub page: Option<String>,
    /// Downloads: `units` (the four "alls" per unit, the default) or `gaps`.
    pub table: Option<String>,
}

/// What the people-not-covered list may be filtered by.
pub const MISSING: [&str; 4] = ["admitted", "treated", "tested", "isolated"];

impl ComplianceQuery {
    /// The unit and day, as the four "alls" are asked for.
    pub fn truth(&self) -> TruthQuery {
        TruthQuery {
            unit: self.unit.clone(),
            date: self.date.clone(),
            lang: self.lang,
            ..TruthQuery::default()
        }
    }

    /// The filters asked for, checked: (missing, category).
    pub fn filters(
        &self,
        lang: crate::i18n::Lang,
    ) -> Result<(Option<String>, Option<String>), ApiError> {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let bad = |field: &'static str, value: &str| ApiError::invalid_value(field, value, lang);
        let missing = given(&self.missing);
        if let Some(m) = &missing
            && !MISSING.contains(&m.as_str())
        {
            return Err(bad("missing", m));
        }
        let category = given(&self.category);
        if let Some(c) = &category
            && fangkong_domain::registry::flow::Category::parse(c).is_none()
        {
            return Err(bad("category", c));
        }
        Ok((missing, category))
    }
}

/// The people of `gaps` missing `missing` and of `category` (each `None`: any).
pub fn kept_gaps(gaps: Vec<GapRow>, missing: Option<&str>, category: Option<&str>) -> Vec<GapRow> {
    gaps.into_iter()
        .filter(|g| missing.is_none_or(|m| g.missing.iter().any(|x| x == m)))
        .filter(|g| category.is_none_or(|c| g.category == c))
        .collect()
}

/// The columns of the four "alls" per unit, to take away.
pub const UNIT_COLUMNS: [&str; 14] = [
    "date",
    "unit_code",
    "name",
    "people",
    "admitted",
    "treated",
    "tested",
    "isolated",
    "new_confirmed",
    "active",
    "severe",
    "critical",
    "cure_rate",
    "case_fatality_rate",
];

/// The rows of [`UNIT_COLUMNS`]; a ratio that does not apply is empty.
pub fn unit_table(c: &ComplianceResponse) -> Vec<Vec<crate::i18n::workbook::Cell>> {
    use crate::i18n::workbook::Cell;
    let ratio = |r: Option<f64>| r.map_or(Cell::Missing, Cell::Number);
    c.rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(c.date.clone()),
                Cell::Text(r.code.clone()),
                Cell::Text(r.name.clone()),
                Cell::Number(f64::from(r.people)),
                ratio(r.admitted),
                ratio(r.treated),
                ratio(r.tested),
                ratio(r.isolated),
                Cell::Number(f64::from(r.new_confirmed)),
                Cell::Number(f64::from(r.active)),
                Cell::Number(f64::from(r.severe)),
                Cell::Number(f64::from(r.critical)),
                ratio(r.cure_rate),
                ratio(r.case_fatality_rate),
            ]
        })
        .collect()
}

/// The columns of the people not yet covered, to take away (names as the
/// page shows them, masked for the roles that see them masked).
pub const GAP_COLUMNS: [&str; 8] = [
    "date",
    "reference",
    "name",
    "unit_code",
    "unit_name",
    "category",
    "identified",
    "missing",
];

/// The rows of [`GAP_COLUMNS`], words in `lang`.
pub fn gap_table(
    date: &str,
    gaps: &[GapRow],
    lang: crate::i18n::Lang,
) -> Vec<Vec<crate::i18n::workbook::Cell>> {
    use crate::i18n::catalogue::label;
    use crate::i18n::workbook::Cell;
    gaps.iter()
        .map(|g| {
            vec![
                Cell::Text(date.to_string()),
                Cell::Text(g.reference.clone()),
                Cell::Text(g.name.clone()),
                Cell::Text(g.unit.clone()),
                Cell::Text(g.unit_name.clone()),
                Cell::Text(label(lang, "registry", &g.category).to_string()),
                Cell::Text(g.identified.clone()),
                Cell::Text(
                    g.missing
                        .iter()
                        .map(|m| label(lang, "registry", m))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            ]
        })
        .collect()
}
