//! The queue of a unit: the appeals with it and under it that an account
//! sees, filtered by where they stand, the most pressing first, with the
//! counts of the units directly under it to drill down.

use fangkong_domain::appeals::Category;
use fangkong_domain::appeals::Urgency;
use fangkong_domain::appeals::deadline::escalated;
use fangkong_domain::appeals::lifecycle::Status;
use fangkong_domain::appeals::triage::awaits_triage;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::board::{QueueRow, queue_row, under};
use super::view::{AppealView, Visible, visible_appeals};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::truth::TruthQuery;
use crate::view;

/// What the queue and the dashboard are asked.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppealsQuery {
    /// The unit (default: the account's scope).
    pub unit: Option<String>,
    /// `open` (default), `overdue`, `escalated` (overdue appeals escalated to
    /// this very unit), `unrouted`, `triage` (open appeals whose category the
    /// classifier was not sure enough of, waiting for a person to choose it),
    /// `online` (open appeals taken in from a feed of public posts), `closed`
    /// or `all`.
    pub show: Option<String>,
    /// Only one category.
    pub category: Option<String>,
    /// The day measured at (default: today).
    pub date: Option<String>,
    /// At most this many appeals (default 200, at most 5,000).
    pub limit: Option<usize>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// A unit's queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct Queue {
    /// The unit.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The day measured at.
    pub date: String,
    /// What is shown.
    pub show: String,
    /// The units directly under it, with their open appeals.
    pub units: Vec<QueueRow>,
    /// Appeals that match, in all.
    pub total: usize,
    /// The appeals shown: overdue first, then urgent, then oldest.
    pub appeals: Vec<AppealView>,
}

/// What a queue can show.
pub const SHOW: [&str; 8] = [
    "open",
    "overdue",
    "escalated",
    "unrouted",
    "triage",
    "online",
    "closed",
    "all",
];

/// The queue `q` asks `viewer` for, at most `q.limit` appeals of it.
pub async fn queue(state: &AppState, viewer: &Viewer, q: &AppealsQuery) -> Result<Queue, ApiError> {
    queue_upto(state, viewer, q, q.limit.unwrap_or(200).min(5000)).await
}

/// The queue `q` asks `viewer` for, with every appeal that matches (a
/// download holds them all).
pub async fn whole_queue(
    state: &AppState,
    viewer: &Viewer,
    q: &AppealsQuery,
) -> Result<Queue, ApiError> {
    queue_upto(state, viewer, q, usize::MAX).await
}

/// The queue with at most `limit` of its appeals.
async fn queue_upto(
    state: &AppState,
    viewer: &Viewer,
    q: &AppealsQuery,
    limit: usize,
) -> Result<Queue, ApiError> {
    let day = TruthQuery::day("date", q.date.as_deref(), state.clock.today())?;
    let show = q.show.as_deref().unwrap_or("open");
    if !SHOW.contains(&show) {
        return Err(ApiError::Invalid {
            field: "show",
            message: format!(
                "'{show}' is not open, overdue, escalated, unrouted, triage, online, closed or all"
            ),
        });
    }
    let triage_below = state.rules.appeals.triage_below;
    let category = match q.category.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(Category::parse(c).ok_or_else(|| ApiError::Invalid {
            field: "category",
            message: format!("'{c}' is not a category"),
        })?),
    };
    let code = match q.unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => view::code_param(u)?,
        None => viewer.account.scope.clone(),
    };
    let (seen, tree) = visible_appeals(state, viewer, super::moment(state, day)).await?;
    let unit = view::unit_in(&tree, &code)?;
    let wanted = |v: &&Visible| {
        v.appeal.duplicate_of.is_none()
            && under(&tree, v, unit)
            && category.is_none_or(|c| v.appeal.category == c)
            && match show {
                "open" => v.summary.status != Status::Closed,
                "overdue" => v.summary.late_by.is_some(),
                "escalated" => {
                    v.summary.escalation > 0
                        && v.with
                            .is_some_and(|w| escalated(&tree, w, v.summary.escalation) == unit)
                }
                "unrouted" => v.with.is_none() && v.summary.status != Status::Closed,
                "online" => v.summary.status != Status::Closed && v.appeal.feed.is_some(),
                "triage" => {
                    v.summary.status != Status::Closed
                        && awaits_triage(
                            v.appeal.category_by_person,
                            v.appeal.confidence,
                            triage_below,
                        )
                }
                "closed" => v.summary.status == Status::Closed,
                _ => true,
            }
    };
    let mut matching: Vec<&Visible> = seen.iter().filter(wanted).collect();
    matching.sort_by_key(|v| {
        (
            std::cmp::Reverse(v.summary.late_by),
            v.appeal.urgency != Urgency::Urgent,
            v.appeal.received_at,
        )
    });
    let mine: Vec<&Visible> = seen.iter().collect();
    let units = tree
        .children(unit)
        .iter()
        .map(|&c| queue_row(&tree, &mine, c))
        .filter(|r| r.open > 0)
        .collect();
    Ok(Queue {
        unit: tree.unit(unit).code.to_string(),
        unit_name: tree.unit(unit).name.clone(),
        date: day.to_string(),
        show: show.into(),
        units,
        total: matching.len(),
        appeals: matching
            .into_iter()
            .take(limit)
            .map(|v| AppealView::of(v, &tree).with_triage(triage_below))
            .collect(),
    })
}

/// The columns of a queue to take away (the caller's name and phone stay on
/// the pages, where the role decides how much of them to show).
pub const TABLE_COLUMNS: [&str; 11] = [
    "reference",
    "received_at",
    "channel",
    "category",
    "urgency",
    "status",
    "unit_code",
    "unit_name",
    "due",
    "late_hours",
    "text",
];

/// The rows of [`TABLE_COLUMNS`], words in `lang`.
pub fn table(q: &Queue, lang: Lang) -> Vec<Vec<crate::i18n::workbook::Cell>> {
    use crate::i18n::workbook::Cell;
    let zh = lang == Lang::Zh;
    let word = |code: &str| Cell::Text(crate::i18n::appeals::word(code, zh).to_string());
    let maybe = |s: &Option<String>| s.as_ref().map_or(Cell::Missing, |s| Cell::Text(s.clone()));
    q.appeals
        .iter()
        .map(|a| {
            vec![
                Cell::Text(a.reference.clone()),
                Cell::Text(a.received_at.clone()),
                word(&a.channel),
                word(&a.category),
                word(&a.urgency),
                word(&a.status),
                maybe(&a.unit),
                maybe(&a.unit_name),
                Cell::Text(a.due.clone()),
                a.late_hours.map_or(Cell::Missing, Cell::Number),
                Cell::Text(a.text.clone()),
            ]
        })
        .collect()
}
