//! The zones page's figures: for each unit under the chosen one that the
//! viewer may read, how many reporting units stand in each tier of a zone
//! policy on a day (days since the last case-address listing or reported
//! case), and the map of them where the units have boundaries.

use fangkong_domain::Day;
use fangkong_domain::access::Action;
use fangkong_domain::certify::ReportGrid;
use fangkong_domain::zones::counts::tier_counts;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::catalogue::{format as say, label};
use crate::map::MapView;
use crate::map::count::{Count, counts};
use crate::page_cache::Follows;
use crate::places::Boundaries;
use crate::view;

/// The zones page's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ZoneQuery {
    /// The unit whose children are counted (default: the account's scope).
    pub unit: Option<String>,
    /// The day (default: the last day with data).
    pub date: Option<String>,
    /// The zone policy (default: the first configured).
    pub policy: Option<String>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// One unit under the chosen one: its reporting units per tier.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ZoneRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Its own zones page, where it has units under it.
    pub href: Option<String>,
    /// Reporting units per tier, in the policy's order.
    pub counts: Vec<usize>,
    /// Reporting units in all.
    pub total: usize,
}

/// The zones of the units under one unit on one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ZoneBoard {
    /// The unit's code.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The day.
    pub date: String,
    /// The policy, none where the rules configure none.
    pub policy: Option<String>,
    /// Every configured policy.
    pub policies: Vec<String>,
    /// The policy's tiers, strictest first (their names in files).
    pub tiers: Vec<String>,
    /// One row per readable unit under the unit, in the tree's order.
    pub rows: Vec<ZoneRow>,
}

/// The board for the query, access checked: the viewer must read the unit's
/// figures, and sees only the units under it that it may read.
pub async fn board(
    state: &AppState,
    viewer: &Viewer,
    q: &ZoneQuery,
) -> Result<ZoneBoard, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let unit = view::unit_or_scope(q.unit.as_deref(), viewer)?;
    view::authorize(
        state,
        viewer,
        &unit,
        Action::ReadFigures,
        "zones",
        unit.as_str(),
    )
    .await?;
    let day = view::day_param(state, q.date.as_deref())?;
    let policies: Vec<String> = state.rules.zones.keys().cloned().collect();
    let name = match q.policy.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        // No policy configured: a page that says so, not an error.
        None => match policies.first() {
            Some(first) => first.clone(),
            None => {
                return Ok(ZoneBoard {
                    unit: unit.to_string(),
                    unit_name: unit_name(state, &unit).await,
                    date: day.to_string(),
                    policy: None,
                    policies,
                    tiers: Vec::new(),
                    rows: Vec::new(),
                });
            }
        },
    };
    let policy = state
        .rules
        .zones
        .get(&name)
        .ok_or_else(|| ApiError::invalid_value("policy", &name, lang))?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let at = view::unit_in(tree, &unit)?;
    // The lists change only with an import; the reports' events are the
    // engine's (each unit's latest revision of each day), read in memory.
    let listed = state
        .zone_events
        .get_or(
            tree.len(),
            Follows::Data,
            &state.reports_generation,
            &state.store,
            async || {
                let keys = fangkong_store::TreeKeys::new(&loaded.units, tree);
                Ok::<_, ApiError>(state.store.listed_days(&keys, tree.len()).await?)
            },
        )
        .await?;
    let events = with_reported_events(&listed, loaded.engine.grid());
    let readable = view::readable_children(&viewer.principal(), tree, at);
    let tiers: Vec<String> = policy.tiers.iter().map(|t| t.name.clone()).collect();
    let all = tier_counts(tree, &events, policy, at, day);
    let rows = readable
        .iter()
        .map(|&child| {
            let u = tree.unit(child);
            let counts: Vec<usize> = all
                .iter()
                .filter(|c| c.unit == child)
                .map(|c| c.units)
                .collect();
            ZoneRow {
                code: u.code.to_string(),
                name: u.name.clone(),
                href: (!tree.children(child).is_empty())
                    .then(|| here(u.code.as_str(), day, &name, lang)),
                total: counts.iter().sum(),
                counts,
            }
        })
        .collect();
    Ok(ZoneBoard {
        unit: unit.to_string(),
        unit_name: tree.unit(at).name.clone(),
        date: day.to_string(),
        policy: Some(name),
        policies,
        tiers,
        rows,
    })
}

/// The days listed, with the days each reporting unit's latest report of
/// the day counts a new case or contact, per tree index, sorted.
fn with_reported_events(listed: &[Vec<Day>], grid: &ReportGrid) -> Vec<Vec<Day>> {
    let mut events = listed.to_vec();
    for slot in 0..grid.slots() {
        let Some(days) = events.get_mut(grid.leaf(slot) as usize) else {
            continue;
        };
        let before = days.len();
        days.extend(
            grid.row(slot)
                .iter()
                .enumerate()
                .filter(|(_, c)| c.has_event())
                .map(|(offset, _)| grid.day(offset)),
        );
        if days.len() > before {
            days.sort();
            days.dedup();
        }
    }
    events
}

/// The unit's name in the loaded tree (its code where it is not there).
async fn unit_name(state: &AppState, unit: &fangkong_domain::UnitCode) -> String {
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    tree.index_of(unit)
        .map_or_else(|| unit.to_string(), |i| tree.unit(i).name.clone())
}

/// A policy's name in the reader's language (the configured name where the
/// catalogue has none).
pub fn policy_name(lang: Lang, policy: &str) -> String {
    label(lang, "zone-policy", policy).to_string()
}

/// The zones page of `unit` on `day` under `policy`.
pub fn here(unit: &str, day: Day, policy: &str, lang: Lang) -> String {
    format!(
        "/zones?unit={unit}&date={day}&policy={}&lang={}",
        crate::href::percent_encode(policy),
        lang.messages().code
    )
}

/// A tier's name in the reader's language (the configured name where the
/// catalogue has none).
pub fn tier_name(lang: Lang, tier: &str) -> String {
    label(lang, "zone-tier", tier).to_string()
}

/// The map of a board's units on their boundaries, each shaded by its count
/// in the strictest tier; none where the units have no boundaries.
pub fn map(board: &ZoneBoard, lang: Lang) -> Option<MapView> {
    let set = Boundaries::best_for(
        board
            .rows
            .iter()
            .map(|r| (r.code.as_str(), r.name.as_str())),
    )?;
    let strictest = tier_name(lang, board.tiers.first()?);
    let figures: Vec<Count> = board
        .rows
        .iter()
        .map(|r| {
            let parts: Vec<String> = board
                .tiers
                .iter()
                .zip(&r.counts)
                .map(|(t, n)| format!("{} {n}", tier_name(lang, t)))
                .collect();
            Count {
                code: r.code.clone(),
                name: r.name.clone(),
                label: r.name.clone(),
                href: r.href.clone(),
                // A unit with no reporting unit under it has no figure.
                count: (r.total > 0).then(|| r.counts.first().copied().unwrap_or(0) as u64),
                words: say(
                    lang,
                    "zones-area",
                    &[
                        ("name", r.name.as_str().into()),
                        (
                            "tiers",
                            parts.join(say(lang, "list-separator", &[]).as_str()).into(),
                        ),
                    ],
                ),
            }
        })
        .collect();
    let title = say(
        lang,
        "zones-map-title",
        &[
            ("unit", board.unit_name.as_str().into()),
            ("tier", strictest.into()),
            ("date", board.date.as_str().into()),
        ],
    );
    Some(counts(set, &figures, title, lang))
}
