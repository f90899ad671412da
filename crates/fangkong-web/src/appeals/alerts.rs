//! The alert board (SPEC §8) on the web: the day's alerts an account may see
//! (about units whose figures it reads; a category's surge is the city's),
//! filtered by level, kind, district and state, counted per level, and
//! acknowledged, handed to someone or closed, by the accounts that handle
//! alerts there.

use fangkong_domain::Day;
use fangkong_domain::access::{Action, Principal};
use fangkong_domain::alerts::{AlertKind, AlertRefusal, AlertState, Severity};
use fangkong_domain::unit::{UnitIndex, UnitKind, UnitTree};
use fangkong_store::{AlertNoteError, RaisedAlert};
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::catalogue::format as say;

/// One alert as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    /// `resurgence`, `lost_status`, `silence`, `appeal_surge` or `special_place`.
    pub kind: String,
    /// `high` or `medium`.
    pub severity: String,
    /// What it is about within its kind (a unit's code, a category's name):
    /// with the kind, what acknowledging or closing it names.
    pub key: String,
    /// The unit, when about one.
    pub unit: Option<String>,
    /// The unit's or category's name.
    pub name: String,
    /// The district the unit is in (the city's alerts have none).
    pub district: Option<NamedUnit>,
    /// The units it is about beyond its own (those a cause took the
    /// epidemic-free status from), nested under it.
    pub affected: Vec<NamedUnit>,
    /// Why, with the figures behind it.
    pub why: String,
    /// The same in Chinese.
    pub why_zh: String,
    /// `open`, `acknowledged` or `closed`.
    pub state: String,
    /// The latest note.
    pub note: Option<String>,
    /// Who wrote it.
    pub noted_by: Option<String>,
    /// The account it was handed to.
    pub assignee: Option<String>,
    /// That account's name.
    pub assignee_name: Option<String>,
    /// Whether the account may acknowledge, hand on or close it.
    pub may_handle: bool,
    /// The accounts it may be handed to (those that may handle it), for an
    /// account that may handle it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignable: Vec<Assignable>,
}

/// A unit by its code and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NamedUnit {
    /// The 12-digit code (or compound code).
    pub code: String,
    /// Its name.
    pub name: String,
}

/// An account an alert may be handed to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Assignable {
    /// The login name.
    pub username: String,
    /// The name shown.
    pub name: String,
}

/// How many alerts an account sees, per level and per state, before filters.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct AlertCounts {
    /// All of them.
    pub all: usize,
    /// Level high.
    pub high: usize,
    /// Level medium.
    pub medium: usize,
    /// Nobody has acknowledged them yet.
    pub open: usize,
    /// Acknowledged (or handed to someone), not closed.
    pub acknowledged: usize,
    /// Closed.
    pub closed: usize,
}

/// The alerts of a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertBoard {
    /// The day.
    pub date: String,
    /// Counts of everything the account sees that day, before the filters.
    pub counts: AlertCounts,
    /// The districts of those alerts, for the district filter.
    pub districts: Vec<NamedUnit>,
    /// The filters applied.
    pub filter: AlertFilter,
    /// The alerts the filters keep, most serious first.
    pub alerts: Vec<AlertView>,
}

/// The filters of the alert board; each empty or absent keeps everything.
#[derive(Debug, Default, Clone, Deserialize, Serialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertFilter {
    /// `high` or `medium`.
    pub level: Option<String>,
    /// `resurgence`, `lost_status`, `silence`, `appeal_surge` or `special_place`.
    pub kind: Option<String>,
    /// A district's code: only the alerts inside it.
    pub district: Option<String>,
    /// `open`, `acknowledged` or `closed`.
    pub state: Option<String>,
}

/// The alert board's query: the day, the filters and the page's language.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// The day (default: today).
    pub date: Option<String>,
    /// `high` or `medium`.
    pub level: Option<String>,
    /// An alert kind.
    pub kind: Option<String>,
    /// A district's code.
    pub district: Option<String>,
    /// `open`, `acknowledged` or `closed`.
    pub state: Option<String>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

impl AlertQuery {
    /// The filters asked for, each checked against what it may be, so a
    /// misspelt filter is an error rather than an empty board.
    pub fn filter(&self, lang: Lang) -> Result<AlertFilter, ApiError> {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let f = AlertFilter {
            level: given(&self.level),
            kind: given(&self.kind),
            district: given(&self.district),
            state: given(&self.state),
        };
        let bad = |field: &'static str, value: &str| ApiError::invalid_value(field, value, lang);
        if let Some(l) = &f.level
            && ![Severity::High, Severity::Medium]
                .iter()
                .any(|s| s.name() == l)
        {
            return Err(bad("level", l));
        }
        if let Some(k) = &f.kind
            && AlertKind::parse(k).is_none()
        {
            return Err(bad("kind", k));
        }
        if let Some(s) = &f.state
            && !["open", "acknowledged", "closed"].contains(&s.as_str())
        {
            return Err(bad("state", s));
        }
        if let Some(d) = &f.district
            && fangkong_domain::UnitCode::parse(d).is_err()
        {
            return Err(bad("district", d));
        }
        Ok(f)
    }
}

impl AlertFilter {
    /// Whether `a` passes every filter.
    fn keeps(&self, a: &AlertView) -> bool {
        let is = |filter: &Option<String>, value: Option<&str>| {
            filter.as_deref().is_none_or(|f| Some(f) == value)
        };
        is(&self.level, Some(&a.severity))
            && is(&self.kind, Some(&a.kind))
            && is(&self.state, Some(&a.state))
            && is(&self.district, a.district.as_ref().map(|d| d.code.as_str()))
    }
}

/// Acknowledging, handing on or closing an alert.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AlertNoteRequest {
    /// `acknowledged`, `assigned` (to `assignee`) or `closed`.
    pub state: String,
    /// What was done (required to close).
    pub note: String,
    /// The account to hand it to (with `assigned`): one that may handle it.
    pub assignee: Option<String>,
    /// The alert's day (default: today).
    pub date: Option<String>,
}

/// A unit of the tree by code and name.
fn named(tree: &UnitTree, i: UnitIndex) -> NamedUnit {
    let u = tree.unit(i);
    NamedUnit {
        code: u.code.to_string(),
        name: u.name.clone(),
    }
}

/// The accounts (enabled) that may handle an alert at `at`, by name.
fn handlers(
    accounts: &[fangkong_store::Account],
    names: &HashMap<String, String>,
    tree: &UnitTree,
    at: UnitIndex,
) -> Vec<Assignable> {
    accounts
        .iter()
        .filter(|a| a.disabled_at.is_none())
        .filter(|a| a.principal().may(Action::HandleAlerts(at), tree).is_ok())
        .map(|a| Assignable {
            username: a.username.as_str().to_string(),
            name: crate::names::of(names, a.username.as_str()).to_string(),
        })
        .collect()
}

/// The day's alerts, kept until the reports, the appeals or the notes move
/// (or the day's reports fall due).
async fn raised_on(
    state: &AppState,
    loaded: &fangkong_store::Loaded,
    day: Day,
) -> Result<std::sync::Arc<Vec<RaisedAlert>>, ApiError> {
    let pending_from = state.pending_from();
    Ok(state
        .alerts
        .get_or(
            (day, pending_from),
            crate::page_cache::Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || {
                state
                    .store
                    .alerts_on(loaded, &state.rules, day, Some(pending_from))
                    .await
            },
        )
        .await?)
}

/// The alerts of `day` that `viewer` may see, counted, then filtered by `filter`.
pub async fn board(
    state: &AppState,
    viewer: &Viewer,
    day: Day,
    filter: AlertFilter,
) -> Result<AlertBoard, ApiError> {
    let loaded = state.engine.read().await;
    let raised = raised_on(state, &loaded, day).await?;
    let tree = loaded.engine.tree();
    let principal = viewer.principal();
    let accounts = state.store.accounts().await?;
    let names = crate::names::of_accounts(&accounts);
    let seen: Vec<AlertView> = raised
        .iter()
        .filter_map(|r| view(r, tree, &principal, &accounts, &names))
        .collect();
    let mut counts = AlertCounts {
        all: seen.len(),
        ..AlertCounts::default()
    };
    let mut districts: Vec<NamedUnit> = Vec::new();
    for a in &seen {
        match a.severity.as_str() {
            "high" => counts.high += 1,
            _ => counts.medium += 1,
        }
        match a.state.as_str() {
            "open" => counts.open += 1,
            "acknowledged" => counts.acknowledged += 1,
            _ => counts.closed += 1,
        }
        if let Some(d) = &a.district
            && !districts.iter().any(|x| x.code == d.code)
        {
            districts.push(d.clone());
        }
    }
    districts.sort_by(|a, b| a.code.cmp(&b.code));
    let alerts = seen.into_iter().filter(|a| filter.keeps(a)).collect();
    Ok(AlertBoard {
        date: day.to_string(),
        counts,
        districts,
        filter,
        alerts,
    })
}

/// How many high alerts of `day` that `principal` may see are not closed:
/// the dashboard's 高级预警 figure.
pub async fn open_high(
    state: &AppState,
    principal: &Principal,
    day: Day,
) -> Result<usize, ApiError> {
    let loaded = state.engine.read().await;
    let raised = raised_on(state, &loaded, day).await?;
    let tree = loaded.engine.tree();
    Ok(raised
        .iter()
        .filter(|r| r.severity == Severity::High && r.state != Some(AlertState::Closed))
        .filter(|r| {
            r.answers_to(tree)
                .is_some_and(|at| principal.may(Action::ReadFigures(at), tree).is_ok())
        })
        .count())
}

/// One raised alert as `principal` sees it, or `None` if it may not.
fn view(
    r: &RaisedAlert,
    tree: &UnitTree,
    principal: &Principal,
    accounts: &[fangkong_store::Account],
    names: &HashMap<String, String>,
) -> Option<AlertView> {
    let at = r.answers_to(tree)?;
    principal.may(Action::ReadFigures(at), tree).ok()?;
    let may_handle = principal.may(Action::HandleAlerts(at), tree).is_ok();
    let open = r.state != Some(AlertState::Closed);
    let district = r
        .unit
        .as_ref()
        .and_then(|_| tree.ancestor_of_kind(at, UnitKind::District))
        .map(|d| named(tree, d));
    // The nearest first: the community, its subdistrict, the district, the city.
    let mut affected: Vec<UnitIndex> = r
        .affected
        .iter()
        .filter(|c| Some(c.as_str()) != r.unit.as_deref())
        .filter_map(|c| fangkong_domain::UnitCode::parse(c).ok())
        .filter_map(|c| tree.index_of(&c))
        .collect();
    affected.sort_by_key(|&i| (std::cmp::Reverse(tree.depth(i)), i));
    let affected = affected.into_iter().map(|i| named(tree, i)).collect();
    Some(AlertView {
        state: r.state_name().into(),
        may_handle,
        assignable: if may_handle && open {
            handlers(accounts, names, tree, at)
        } else {
            Vec::new()
        },
        kind: r.kind.name().into(),
        severity: r.severity.name().into(),
        key: r.key.clone(),
        unit: r.unit.clone(),
        name: r.name.clone(),
        district,
        affected,
        why: crate::i18n::alerts::why(&r.why, Lang::En),
        why_zh: crate::i18n::alerts::why(&r.why, Lang::Zh),
        note: r.note.clone(),
        noted_by: r
            .noted_by
            .as_deref()
            .map(|u| crate::names::of(names, u).to_string()),
        assignee_name: r
            .assignee
            .as_deref()
            .map(|u| crate::names::of(names, u).to_string()),
        assignee: r.assignee.clone(),
    })
}

/// A refusal of the domain's, in `lang`.
fn refused(e: AlertRefusal, lang: Lang) -> ApiError {
    ApiError::Invalid {
        field: "state",
        message: say(lang, &format!("alert-refused-{}", e.name()), &[]),
    }
}

/// Acknowledges, hands on or closes alert `kind:key` of `day` as `viewer`;
/// what is wrong is said in `lang`.
#[allow(clippy::too_many_arguments)]
pub async fn note(
    state: &AppState,
    viewer: &Viewer,
    day: Day,
    kind: &str,
    key: &str,
    r: &AlertNoteRequest,
    lang: Lang,
) -> Result<(), ApiError> {
    let loaded = state.engine.read().await;
    let raised = state
        .store
        .alerts_on(&loaded, &state.rules, day, Some(state.pending_from()))
        .await?;
    let tree = loaded.engine.tree();
    let not_found = || {
        ApiError::NotFound(say(
            lang,
            "alerts-not-raised",
            &[
                ("alert", format!("{kind}:{key}").into()),
                ("day", day.to_string().into()),
            ],
        ))
    };
    let alert = raised
        .iter()
        .find(|r| r.kind.name() == kind && r.key == key)
        .ok_or_else(not_found)?;
    let at = alert.answers_to(tree).ok_or_else(not_found)?;
    if let Err(d) = viewer.principal().may(Action::HandleAlerts(at), tree) {
        drop(loaded);
        return Err(
            crate::auth::refuse(state, viewer, "alerts", &format!("{kind}:{key}"), d).await,
        );
    }
    // What to do with it is checked only once the account may handle it.
    let note = crate::limits::checked(
        state,
        "note",
        fangkong_domain::limits::TextKind::Note,
        &r.note,
    )?;
    let at_time = state.clock.now();
    let done = match r.state.trim() {
        "acknowledged" => {
            drop(loaded);
            state
                .store
                .note_raised_alert(
                    day,
                    alert,
                    AlertState::Acknowledged,
                    &note,
                    viewer.name(),
                    at_time,
                )
                .await
        }
        "closed" => {
            drop(loaded);
            state
                .store
                .note_raised_alert(
                    day,
                    alert,
                    AlertState::Closed,
                    &note,
                    viewer.name(),
                    at_time,
                )
                .await
        }
        "assigned" => {
            let to = r.assignee.as_deref().map(str::trim).unwrap_or_default();
            let accounts = state.store.accounts().await?;
            let names = crate::names::of_accounts(&accounts);
            if !handlers(&accounts, &names, tree, at)
                .iter()
                .any(|a| a.username == to)
            {
                return Err(ApiError::Invalid {
                    field: "assignee",
                    message: say(lang, "alerts-assignee-invalid", &[("who", to.into())]),
                });
            }
            drop(loaded);
            state
                .store
                .assign_raised_alert(day, alert, to, &note, viewer.name(), at_time)
                .await
        }
        other => {
            return Err(ApiError::Invalid {
                field: "state",
                message: say(lang, "alerts-state-invalid", &[("value", other.into())]),
            });
        }
    };
    done.map_err(|e| match e {
        AlertNoteError::NotRaised { .. } => not_found(),
        AlertNoteError::Refused(r) => refused(r, lang),
        AlertNoteError::Store(s) => s.into(),
    })
}

/// The columns of the board as a table to take away.
pub const TABLE_COLUMNS: [&str; 12] = [
    "date",
    "severity",
    "kind",
    "key",
    "unit_code",
    "name",
    "district",
    "why",
    "state",
    "assignee",
    "note",
    "affected",
];

/// The board's alerts as rows of [`TABLE_COLUMNS`], words in `lang`.
pub fn table(b: &AlertBoard, lang: Lang) -> Vec<Vec<crate::i18n::workbook::Cell>> {
    use crate::i18n::workbook::Cell;
    let text = |s: &str| Cell::Text(s.to_string());
    let maybe = |s: Option<&str>| s.map_or(Cell::Missing, |s| Cell::Text(s.to_string()));
    let word = |code: &str| crate::i18n::appeals::word(code, lang == Lang::Zh).to_string();
    b.alerts
        .iter()
        .map(|a| {
            vec![
                text(&b.date),
                Cell::Text(word(&a.severity)),
                Cell::Text(word(&a.kind)),
                text(&a.key),
                maybe(a.unit.as_deref()),
                text(&a.name),
                maybe(a.district.as_ref().map(|d| d.name.as_str())),
                text(if lang == Lang::Zh { &a.why_zh } else { &a.why }),
                Cell::Text(word(&a.state)),
                maybe(a.assignee_name.as_deref()),
                maybe(a.note.as_deref()),
                Cell::Text(
                    a.affected
                        .iter()
                        .map(|u| format!("{} {}", u.code, u.name))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ]
        })
        .collect()
}
