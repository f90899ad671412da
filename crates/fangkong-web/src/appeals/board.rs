//! The appeals dashboard's figures for a unit on a day: the appeals it holds
//! (open, overdue, response-time percentiles, promises kept, satisfaction),
//! the same per category, the categories rising in the units under it, and the
//! longest overdue. The queue's counts per unit come from here too.

use std::collections::BTreeMap;

use fangkong_domain::Day;
use fangkong_domain::appeals::Category;
use fangkong_domain::appeals::lifecycle::Status;
use fangkong_domain::appeals::tally::{Rise, Tally};
use fangkong_domain::unit::{UnitIndex, UnitTree};
use serde::Serialize;
use utoipa::ToSchema;

use super::queue::AppealsQuery;
use super::view::{AppealView, Visible, visible_appeals};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::appeals::category_label;
use crate::truth::TruthQuery;
use crate::view;

/// A tally as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TallyView {
    /// Appeals (each group of duplicates once).
    pub appeals: u32,
    /// Duplicates.
    pub duplicates: u32,
    /// Not closed.
    pub open: u32,
    /// Unanswered past their deadline.
    pub overdue: u32,
    /// Median hours to the first answer.
    pub response_p50_hours: Option<f64>,
    /// 90th percentile of hours to the first answer.
    pub response_p90_hours: Option<f64>,
    /// Promises kept.
    pub promises_kept: u32,
    /// Promises broken.
    pub promises_broken: u32,
    /// Promises whose day has not come.
    pub promises_pending: u32,
    /// Kept of those decided, in percent.
    pub promises_kept_percent: Option<f64>,
    /// The callers' mean satisfaction, 1 to 5.
    pub satisfaction: Option<f64>,
}

impl TallyView {
    fn of(mut t: Tally) -> TallyView {
        let r = |x: Option<f64>| x.map(|v| (v * 10.0).round() / 10.0);
        TallyView {
            response_p50_hours: r(t.response_hours(0.5)),
            response_p90_hours: r(t.response_hours(0.9)),
            promises_kept_percent: r(t.kept_share().map(|s| 100.0 * s)),
            satisfaction: r(t.satisfaction()),
            appeals: t.appeals,
            duplicates: t.duplicates,
            open: t.open,
            overdue: t.overdue,
            promises_kept: t.kept,
            promises_broken: t.broken,
            promises_pending: t.pending,
        }
    }
}

/// One category's figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryRow {
    /// The category.
    pub category: String,
    /// Its label in the page's language.
    pub label: String,
    /// Its figures.
    pub tally: TallyView,
}

/// A category rising in a unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RisingRow {
    /// The unit's code.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The category.
    pub category: String,
    /// Its label in the page's language.
    pub label: String,
    /// Appeals in the seven days up to the day.
    pub this_week: u32,
    /// Appeals in the seven days before.
    pub last_week: u32,
    /// The change in percent (none from nothing).
    pub change_percent: Option<f64>,
}

/// One unit's place in the queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueRow {
    /// The unit's code.
    pub unit: String,
    /// Its name.
    pub name: String,
    /// Open appeals with it or under it.
    pub open: u32,
    /// Of those, overdue.
    pub overdue: u32,
    /// Of those, urgent.
    pub urgent: u32,
}

/// The dashboard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppealBoard {
    /// The unit.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The day.
    pub date: String,
    /// Its appeals in all.
    pub total: TallyView,
    /// Per category.
    pub categories: Vec<CategoryRow>,
    /// Categories rising in the units directly under it (and in it).
    pub rising: Vec<RisingRow>,
    /// Its units' queues.
    pub units: Vec<QueueRow>,
    /// The longest overdue (at most 20).
    pub overdue: Vec<AppealView>,
    /// Appeals waiting unrouted (the city's queue), if the unit is the root.
    pub unrouted: u32,
    /// Open appeals waiting for a person to choose their category (the
    /// classifier was not sure enough of it).
    pub triage: u32,
    /// Appeals taken in from feeds of public posts (网上民声).
    pub online: u32,
    /// Of those, the ones that repeat no appeal taken in before them: what
    /// the hotline and the message board had not heard.
    pub online_only: u32,
}

/// The dashboard of the unit `q` asks for (default: the account's scope), as
/// `viewer` sees it, categories labelled in `lang`.
pub async fn dashboard(
    state: &AppState,
    viewer: &Viewer,
    q: &AppealsQuery,
    lang: Lang,
) -> Result<AppealBoard, ApiError> {
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    let code = match q.unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => view::code_param(u)?,
        None => viewer.account.scope.clone(),
    };
    let (seen, tree) = visible_appeals(state, viewer, super::moment(state, day)).await?;
    let unit = view::unit_in(&tree, &code)?;
    Ok(board(
        &tree,
        &seen,
        unit,
        day,
        category_label(lang),
        state.rules.appeals.triage_below,
    ))
}

/// Whether `v` is with `unit` or a unit under it.
pub fn under(tree: &UnitTree, v: &Visible, unit: UnitIndex) -> bool {
    match v.with {
        Some(w) => tree.is_within(w, unit),
        None => unit == crate::view::root(tree),
    }
}

/// The fewest more appeals this week that make a rise worth showing.
const RISE_MINIMUM: u32 = 3;

/// The dashboard of `unit` on `day` over the appeals an account sees.
pub fn board(
    tree: &UnitTree,
    seen: &[Visible],
    unit: UnitIndex,
    day: Day,
    label: fn(Category) -> &'static str,
    triage_below: u8,
) -> AppealBoard {
    let mine: Vec<&Visible> = seen.iter().filter(|v| under(tree, v, unit)).collect();
    let mut total = Tally::default();
    let mut per: BTreeMap<Category, Tally> = BTreeMap::new();
    for v in &mine {
        let t = per.entry(v.appeal.category).or_default();
        if v.appeal.duplicate_of.is_some() {
            total.add_duplicate();
            t.add_duplicate();
        } else {
            total.add(&v.summary);
            t.add(&v.summary);
        }
    }
    let categories = per
        .into_iter()
        .map(|(c, t)| CategoryRow {
            category: c.name().into(),
            label: label(c).into(),
            tally: TallyView::of(t),
        })
        .collect();

    // Rising: this week against last, per unit directly under (or the unit
    // itself when it has none) and category.
    let week_start = day.plus_days(-6).unwrap_or(day);
    let before_start = day.plus_days(-13).unwrap_or(day);
    let children: Vec<UnitIndex> = match tree.children(unit) {
        [] => vec![unit],
        c => c.to_vec(),
    };
    let mut weeks: BTreeMap<(UnitIndex, Category), Rise> = BTreeMap::new();
    for v in mine.iter().filter(|v| v.appeal.duplicate_of.is_none()) {
        let d = Day::in_shanghai(v.appeal.received_at);
        if d < before_start || d > day {
            continue;
        }
        let Some(&child) = children.iter().find(|&&c| under(tree, v, c)) else {
            continue;
        };
        let r = weeks.entry((child, v.appeal.category)).or_insert(Rise {
            this_week: 0,
            last_week: 0,
        });
        if d >= week_start {
            r.this_week += 1;
        } else {
            r.last_week += 1;
        }
    }
    let mut rising: Vec<RisingRow> = weeks
        .into_iter()
        .filter(|(_, r)| r.is_rising(RISE_MINIMUM))
        .map(|((u, c), r)| RisingRow {
            unit: tree.unit(u).code.to_string(),
            unit_name: tree.unit(u).name.clone(),
            category: c.name().into(),
            label: label(c).into(),
            this_week: r.this_week,
            last_week: r.last_week,
            change_percent: r.change().map(|x| (100.0 * x).round()),
        })
        .collect();
    // The largest rises first.
    rising.sort_by(|a, b| {
        (b.this_week.saturating_sub(b.last_week))
            .cmp(&a.this_week.saturating_sub(a.last_week))
            .then(a.unit.cmp(&b.unit))
    });

    let units = children
        .iter()
        .filter(|&&c| c != unit)
        .map(|&c| queue_row(tree, &mine, c))
        .collect();
    let mut late: Vec<&&Visible> = mine
        .iter()
        .filter(|v| v.appeal.duplicate_of.is_none() && v.summary.late_by.is_some())
        .collect();
    late.sort_by_key(|v| std::cmp::Reverse(v.summary.late_by));
    let overdue = late
        .into_iter()
        .take(20)
        .map(|v| AppealView::of(v, tree).with_triage(triage_below))
        .collect();
    let triage = mine
        .iter()
        .filter(|v| {
            v.appeal.duplicate_of.is_none()
                && v.summary.status != fangkong_domain::appeals::lifecycle::Status::Closed
                && fangkong_domain::appeals::triage::awaits_triage(
                    v.appeal.category_by_person,
                    v.appeal.confidence,
                    triage_below,
                )
        })
        .count() as u32;
    let online = mine.iter().filter(|v| v.appeal.feed.is_some()).count() as u32;
    let online_only = mine
        .iter()
        .filter(|v| v.appeal.feed.is_some() && v.appeal.duplicate_of.is_none())
        .count() as u32;
    let unrouted = if unit == crate::view::root(tree) {
        mine.iter()
            .filter(|v| v.with.is_none() && v.summary.status != Status::Closed)
            .count() as u32
    } else {
        0
    };
    AppealBoard {
        unit: tree.unit(unit).code.to_string(),
        unit_name: tree.unit(unit).name.clone(),
        date: day.to_string(),
        total: TallyView::of(total),
        categories,
        rising,
        units,
        overdue,
        unrouted,
        triage,
        online,
        online_only,
    }
}

/// The open appeals with `unit` or under it.
pub fn queue_row(tree: &UnitTree, seen: &[&Visible], unit: UnitIndex) -> QueueRow {
    let mut row = QueueRow {
        unit: tree.unit(unit).code.to_string(),
        name: tree.unit(unit).name.clone(),
        open: 0,
        overdue: 0,
        urgent: 0,
    };
    for v in seen.iter().filter(|v| {
        v.appeal.duplicate_of.is_none()
            && v.summary.status != Status::Closed
            && v.with.is_some_and(|w| tree.is_within(w, unit))
    }) {
        row.open += 1;
        row.overdue += u32::from(v.summary.late_by.is_some());
        row.urgent += u32::from(v.appeal.urgency == fangkong_domain::appeals::Urgency::Urgent);
    }
    row
}
