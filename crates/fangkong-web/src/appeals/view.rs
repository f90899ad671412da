//! Which appeals an account sees, and one appeal as it is shown: where it
//! stands, its deadline and promise, its life, and the caller masked unless
//! the account's role calls back or visits (SPEC §5).

use fangkong_domain::access::{Action, Principal};
use fangkong_domain::appeals::deadline::{Deadlines, escalated};
use fangkong_domain::appeals::lifecycle::{Change, Event, current_unit};
use fangkong_domain::appeals::summary::{Summary, summary};
use fangkong_domain::registry::mask;
use fangkong_domain::unit::{UnitIndex, UnitTree};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::StoredAppeal;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;

/// An appeal an account may read, with where it stands at a moment.
pub struct Visible {
    /// The appeal with its whole life.
    pub appeal: StoredAppeal,
    /// The changes up to the moment.
    pub past: Vec<Change>,
    /// Where it stands at the moment.
    pub summary: Summary,
    /// The unit it is with (its last assignment, else its route), in the tree.
    pub with: Option<UnitIndex>,
    /// Whether the account sees the caller unmasked.
    pub contact: bool,
    /// Whether the account may work on it.
    pub handle: bool,
}

/// The unit an appeal answers to for access: the one it is with, else the
/// root (unrouted appeals wait in the city's queue).
pub fn access_unit(tree: &UnitTree, with: Option<UnitIndex>) -> UnitIndex {
    with.unwrap_or_else(|| crate::view::root(tree))
}

/// Whether `principal` may do `action` about an appeal with `with`.
pub fn may(
    principal: &Principal,
    tree: &UnitTree,
    with: Option<UnitIndex>,
    action: fn(UnitIndex) -> Action,
) -> bool {
    principal.may(action(access_unit(tree, with)), tree).is_ok()
}

/// The appeals `viewer` may read, received by `now`, each summarised at `now`;
/// duplicates included (marked by `duplicate_of`), oldest first.
pub async fn visible_appeals(
    state: &AppState,
    viewer: &Viewer,
    now: Timestamp,
) -> Result<(Vec<Visible>, UnitTree), ApiError> {
    let appeals = every_appeal(state).await?;
    let deadlines = &state.rules.appeals.deadlines;
    let tree = state.engine.read().await.engine.tree().clone();
    let principal = viewer.principal();
    let mut out = Vec::new();
    for a in appeals.iter().filter(|a| a.received_at <= now) {
        let Some(v) = visible(&principal, &tree, deadlines, a.clone(), now)? else {
            continue;
        };
        out.push(v);
    }
    Ok((out, tree))
}

/// Every stored appeal with its changes, read once and kept until any appeal,
/// change or post is written (the data version moves); what each viewer sees
/// of them, and as of when, is derived on every request.
async fn every_appeal(state: &AppState) -> Result<std::sync::Arc<Vec<StoredAppeal>>, ApiError> {
    state
        .appeals
        .get_or(
            (),
            crate::page_cache::Follows::Data,
            &state.reports_generation,
            &state.store,
            async || state.store.appeals(None).await,
        )
        .await
        .map_err(ApiError::from)
}

/// Every appeal as the public sees it at `now` (Open311 without a key): no
/// caller's contact, nothing to handle; the views shown from these are masked.
pub async fn public_appeals(
    state: &AppState,
    now: Timestamp,
) -> Result<(Vec<Visible>, UnitTree), ApiError> {
    let appeals = every_appeal(state).await?;
    let deadlines = &state.rules.appeals.deadlines;
    let tree = state.engine.read().await.engine.tree().clone();
    let mut out = Vec::new();
    for appeal in appeals.iter().filter(|a| a.received_at <= now) {
        let (past, with) = as_of(appeal, &tree, now);
        out.push(seen(
            appeal.clone(),
            past,
            with,
            deadlines,
            now,
            false,
            false,
        )?);
    }
    Ok((out, tree))
}

/// An appeal's changes up to `now`, and the unit it is with then.
fn as_of(
    appeal: &StoredAppeal,
    tree: &UnitTree,
    now: Timestamp,
) -> (Vec<Change>, Option<UnitIndex>) {
    let past: Vec<Change> = appeal
        .changes
        .iter()
        .filter(|c| c.at <= now)
        .cloned()
        .collect();
    let with = current_unit(&past, appeal.unit.as_ref()).and_then(|c| tree.index_of(c));
    (past, with)
}

/// An appeal with what its reader may do with it.
fn seen(
    appeal: StoredAppeal,
    past: Vec<Change>,
    with: Option<UnitIndex>,
    deadlines: &Deadlines,
    now: Timestamp,
    contact: bool,
    handle: bool,
) -> Result<Visible, ApiError> {
    let s = summary(
        appeal.received_at,
        appeal.category,
        appeal.urgency,
        appeal.unit.is_some(),
        &past,
        deadlines,
        now,
    )
    .map_err(|e| ApiError::Internal(format!("appeal {}: {e}", appeal.reference)))?;
    Ok(Visible {
        contact,
        handle,
        appeal,
        past,
        summary: s,
        with,
    })
}

/// One appeal as `principal` may see it at `now`, or `None` if it may not.
pub fn visible(
    principal: &Principal,
    tree: &UnitTree,
    deadlines: &Deadlines,
    appeal: StoredAppeal,
    now: Timestamp,
) -> Result<Option<Visible>, ApiError> {
    let (past, with) = as_of(&appeal, tree, now);
    if !may(principal, tree, with, Action::ReadAppeals) {
        return Ok(None);
    }
    let contact = may(principal, tree, with, Action::ReadCallerContact);
    let handle = may(principal, tree, with, Action::HandleAppeals);
    seen(appeal, past, with, deadlines, now, contact, handle).map(Some)
}

/// An instant as the pages and the API show it: Asia/Shanghai civil time.
pub fn shanghai(t: Timestamp) -> String {
    Day::shanghai_time(t).strftime("%Y-%m-%d %H:%M").to_string()
}

/// One appeal as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppealView {
    /// Its reference.
    pub reference: String,
    /// The reference as it is read out over the phone (`572 403 1969`).
    pub reference_spoken: String,
    /// `hotline`, `message_board`, `api` or `import`.
    pub channel: String,
    /// When it was received (Asia/Shanghai).
    pub received_at: String,
    /// What the caller said (numbers masked unless the caller is visible).
    pub text: String,
    /// The caller's name (masked unless visible).
    pub caller_name: Option<String>,
    /// The caller's phone (masked unless visible).
    pub caller_phone: Option<String>,
    /// The address given (cut after the compound unless visible).
    pub address: Option<String>,
    /// Whether the caller is shown masked.
    pub masked: bool,
    /// The unit it is with (its code), if any.
    pub unit: Option<String>,
    /// That unit's name.
    pub unit_name: Option<String>,
    /// The category (`stranded`, `transport`, …).
    pub category: String,
    /// The category's label in Chinese.
    pub category_zh: String,
    /// How sure the classifier was of the category (0 to 1), where it chose it.
    pub confidence: Option<f32>,
    /// Whether the appeal waits for a person to choose its category (the
    /// classifier was less sure than the rules' `triage_below`).
    pub awaits_triage: bool,
    /// The feed of public posts it was taken in from, if it came from online.
    pub feed: Option<String>,
    /// `model` or `person`.
    pub category_by: String,
    /// `urgent` or `normal`.
    pub urgency: String,
    /// `received`, `assigned`, `in_progress`, `answered` or `closed`.
    pub status: String,
    /// When it is due to be answered (Asia/Shanghai).
    pub due: String,
    /// Hours past due, if unanswered and late.
    pub late_hours: Option<f64>,
    /// Hours from receipt to the first answer, if answered.
    pub response_hours: Option<f64>,
    /// The unit it is escalated to when late (its code).
    pub escalated_to: Option<String>,
    /// That unit's name, shown beside its code.
    pub escalated_to_name: Option<String>,
    /// The day last promised.
    pub promised: Option<String>,
    /// `kept`, `broken` or `pending`.
    pub promise: Option<String>,
    /// The caller's satisfaction with the last closure, 1 to 5.
    pub satisfaction: Option<u8>,
    /// The first appeal of its group, if it repeats one.
    pub duplicate_of: Option<String>,
    /// Whether the account may work on it.
    pub may_handle: bool,
    /// The unit it was routed to as it was taken in, if it was.
    pub routed_to: Option<String>,
    /// Its life, oldest first.
    pub changes: Vec<ChangeView>,
}

/// One change of an appeal's life.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChangeView {
    /// When (Asia/Shanghai).
    pub at: String,
    /// Who: the account's username.
    pub actor: String,
    /// Who, as people read it: the account's name (its username if none is
    /// known, as for a system step).
    pub actor_name: String,
    /// `assigned`, `started`, `answered`, `closed`, `rated` or `reopened`.
    pub event: String,
    /// The unit assigned to.
    pub unit: Option<String>,
    /// The day promised with an answer.
    pub promised: Option<String>,
    /// The caller's rating.
    pub satisfaction: Option<u8>,
    /// The note.
    pub note: String,
}

impl AppealView {
    /// Marks whether the appeal waits in the triage queue under a threshold
    /// of `triage_below` percent.
    pub fn with_triage(mut self, triage_below: u8) -> AppealView {
        self.awaits_triage = self.status != "closed"
            && fangkong_domain::appeals::triage::awaits_triage(
                self.category_by == "person",
                self.confidence
                    .map(fangkong_domain::appeals::triage::permille),
                triage_below,
            );
        self
    }

    /// `v` as shown to the account that may see it.
    pub fn of(v: &Visible, tree: &UnitTree) -> AppealView {
        AppealView::shown(v, tree, v.contact)
    }

    /// `v` as shown, with the caller unmasked only if `contact` (and the
    /// account may see it).
    pub fn shown(v: &Visible, tree: &UnitTree, contact: bool) -> AppealView {
        let contact = contact && v.contact;
        let a = &v.appeal;
        let s = &v.summary;
        let hidden = |x: &Option<String>, f: fn(&str) -> String| {
            x.as_deref()
                .map(|t| if contact { t.to_string() } else { f(t) })
        };
        let unit = v.with.map(|i| tree.unit(i));
        AppealView {
            reference: a.reference.clone(),
            reference_spoken: fangkong_domain::appeals::reference::spoken(&a.reference),
            channel: a.channel.clone(),
            received_at: shanghai(a.received_at),
            text: if contact {
                a.text.clone()
            } else {
                mask::numbers_in(&a.text)
            },
            caller_name: hidden(&a.caller_name, mask::name),
            caller_phone: hidden(&a.caller_phone, mask::phone),
            address: hidden(&a.address, mask::address),
            masked: !contact,
            unit: unit.map(|u| u.code.to_string()),
            unit_name: unit.map(|u| u.name.clone()),
            category: a.category.name().into(),
            category_zh: a.category.label_zh().into(),
            confidence: a.confidence.map(|c| f32::from(c) / 1000.0),
            awaits_triage: false,
            feed: a.feed.clone(),
            category_by: if a.category_by_person {
                "person"
            } else {
                "model"
            }
            .into(),
            urgency: a.urgency.name().into(),
            status: s.status.name().into(),
            due: shanghai(s.due),
            late_hours: s.late_by.map(|d| round1(d.as_secs_f64() / 3600.0)),
            response_hours: s.response.map(|d| round1(d.as_secs_f64() / 3600.0)),
            escalated_to: v
                .with
                .filter(|_| s.escalation > 0)
                .map(|i| tree.unit(escalated(tree, i, s.escalation)).code.to_string()),
            escalated_to_name: v
                .with
                .filter(|_| s.escalation > 0)
                .map(|i| tree.unit(escalated(tree, i, s.escalation)).name.clone()),
            promised: s.promise.map(|p| p.0.to_string()),
            promise: s.promise.map(|p| p.1.name().into()),
            satisfaction: s.satisfaction,
            duplicate_of: a.duplicate_of.clone(),
            may_handle: v.handle,
            routed_to: a.unit.as_ref().map(ToString::to_string),
            changes: v.past.iter().map(change_view).collect(),
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn change_view(c: &Change) -> ChangeView {
    let (unit, promised, satisfaction) = match &c.event {
        Event::Assigned { unit } => (Some(unit.to_string()), None, None),
        Event::Answered { promised } => (None, promised.map(|d| d.to_string()), None),
        Event::Rated { satisfaction } => (None, None, Some(*satisfaction)),
        Event::Started | Event::Closed | Event::Reopened => (None, None, None),
    };
    ChangeView {
        at: shanghai(c.at),
        actor: c.actor.clone(),
        actor_name: c.actor.clone(),
        event: c.event.name().into(),
        unit,
        promised,
        satisfaction,
        note: c.note.clone(),
    }
}

impl AppealView {
    /// Puts the appeal's intake and its routing first in its history: taken in
    /// (by `channel`, as said on the page) and, if it was routed, to which unit
    /// and by which names in its text (`evidence`; none when the unit was given).
    pub fn with_intake(&mut self, channel: &str, evidence: &[String]) {
        let line = |event: &str, unit: Option<String>, who: &str, note: String| ChangeView {
            at: self.received_at.clone(),
            actor: String::new(),
            actor_name: who.to_string(),
            event: event.into(),
            unit,
            promised: None,
            satisfaction: None,
            note,
        };
        let mut first = vec![line("taken_in", None, channel, String::new())];
        if let Some(unit) = &self.routed_to {
            first.push(line("routed", Some(unit.clone()), "", evidence.join("、")));
        }
        self.changes.splice(0..0, first);
    }

    /// Says who made each change by name (王芳), not by username (`wangfang`).
    pub async fn name_actors(&mut self, state: &AppState) -> Result<(), ApiError> {
        let names = crate::names::by_username(state).await?;
        for c in &mut self.changes {
            c.actor_name = crate::names::of(&names, &c.actor).to_string();
        }
        Ok(())
    }
}

/// The appeal `reference` as `viewer` may see it at `now`: 404 if there is
/// none, an audited 403 if it is outside the account's reach.
pub async fn one(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    now: Timestamp,
) -> Result<(Visible, UnitTree), ApiError> {
    let appeal = state
        .store
        .appeal(reference)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no appeal {reference}")))?;
    let tree = state.engine.read().await.engine.tree().clone();
    let principal = viewer.principal();
    let with = current_unit(&appeal.changes, appeal.unit.as_ref()).and_then(|c| tree.index_of(c));
    if let Err(denied) = principal.may(Action::ReadAppeals(access_unit(&tree, with)), &tree) {
        return Err(crate::auth::refuse(state, viewer, "appeals", reference, denied).await);
    }
    let v = visible(
        &principal,
        &tree,
        &state.rules.appeals.deadlines,
        appeal,
        now,
    )?
    .ok_or_else(|| ApiError::NotFound(format!("no appeal {reference}")))?;
    Ok((v, tree))
}

/// The unit `code` in `tree`, as a 422 naming `field` when it is not there.
pub fn unit_named(tree: &UnitTree, field: &'static str, code: &str) -> Result<UnitCode, ApiError> {
    let code = UnitCode::parse(code.trim()).map_err(|e| ApiError::Invalid {
        field,
        message: e.to_string(),
    })?;
    if tree.index_of(&code).is_none() {
        return Err(ApiError::Invalid {
            field,
            message: format!("no unit {code}"),
        });
    }
    Ok(code)
}
