//! The early warnings of a day (SPEC §8), gathered for the command line, the
//! pages and the API alike: the store reads the reports and appeals each rule
//! needs; the rules themselves are the domain's (`fangkong_domain::alerts`).

use std::collections::{BTreeMap, HashMap};

use fangkong_domain::Day;
use fangkong_domain::alerts::{
    AlertKind, AlertRefusal, AlertRules, AlertState, Severity, may_assign, may_become, resurgence,
    silent, surge,
};
use fangkong_domain::appeals::Category;
use fangkong_domain::certify::{Engine, Holdback};
use fangkong_domain::config::RulesConfig;
use fangkong_domain::unit::{UnitIndex, UnitKind};
use jiff::Timestamp;
use serde::Serialize;

use crate::{Loaded, Store, StoreError, TreeKeys};

/// One alert raised on a day, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaisedAlert {
    /// What kind.
    pub kind: AlertKind,
    /// How serious.
    pub severity: Severity,
    /// What it is about within its kind: a unit's code, or a category's name.
    pub key: String,
    /// The unit's code, when the alert is about a unit.
    pub unit: Option<String>,
    /// The unit's or the category's name.
    pub name: String,
    /// Why, with the figures behind it: a message each surface words in its
    /// reader's language.
    pub why: Why,
    /// What people did about it (`None`: nothing yet, it is open).
    pub state: Option<AlertState>,
    /// The latest note on it.
    pub note: Option<String>,
    /// Who wrote that note.
    pub noted_by: Option<String>,
    /// The account it was last handed to.
    pub assignee: Option<String>,
    /// The codes of the units it is about beyond its own, in tree order (the
    /// units a cause took the epidemic-free status from).
    pub affected: Vec<String>,
}

/// Why an alert is raised: the message that says it and its values. The
/// store names the cause; the message catalogue of the surfaces words it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    /// The message's id in the catalogue (`alert-…`).
    pub message: &'static str,
    /// Its values by name.
    pub values: Vec<(&'static str, WhyValue)>,
}

/// A value of an alert's reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum WhyValue {
    /// A count.
    Number(u32),
    /// A figure already rounded for reading (a median, a threshold).
    Figure(String),
    /// A day.
    Day(Day),
    /// A name (a unit's).
    Name(String),
    /// Names of units, in tree order.
    Names(Vec<String>),
    /// Measures not in place, by field name.
    Measures(Vec<&'static str>),
    /// A report's events: new confirmed, suspected, close contacts.
    Events {
        /// New confirmed cases.
        confirmed: u32,
        /// New suspected cases.
        suspected: u32,
        /// New close contacts.
        contacts: u32,
    },
    /// An appeal category, by name.
    Category(&'static str),
}

impl Why {
    pub(crate) fn new(message: &'static str, values: Vec<(&'static str, WhyValue)>) -> Why {
        Why { message, values }
    }
}

/// Why an alert could not be acknowledged or closed.
#[derive(Debug, thiserror::Error)]
pub enum AlertNoteError {
    /// Occurs when no such alert is raised on the day.
    #[error("no alert {kind}:{key} on {day}")]
    NotRaised {
        /// The kind asked for.
        kind: String,
        /// The key asked for.
        key: String,
        /// The day.
        day: Day,
    },
    /// Occurs when the alert's state does not allow the change.
    #[error(transparent)]
    Refused(#[from] AlertRefusal),
    /// Occurs when the database fails.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RaisedAlert {
    /// Its state's name: `open`, `acknowledged` or `closed`.
    pub fn state_name(&self) -> &'static str {
        self.state.map_or("open", AlertState::name)
    }

    /// The unit it answers to in `tree`: its own unit, or the root for a
    /// category's surge (the city's). `None` for a unit not in the tree.
    pub fn answers_to(&self, tree: &fangkong_domain::UnitTree) -> Option<UnitIndex> {
        match &self.unit {
            None => tree.roots().next(),
            Some(code) => fangkong_domain::UnitCode::parse(code)
                .ok()
                .and_then(|c| tree.index_of(&c)),
        }
    }
}

impl Store {
    /// Every alert of `day`, most serious first, with what people did about it,
    /// at a moment when the reports of `pending_from` on are not yet due (a
    /// report not yet due raises nothing). `loaded`'s engine must cover `day`
    /// and the day before (for lost statuses and cases in special places).
    pub async fn alerts_on(
        &self,
        loaded: &Loaded,
        rules: &RulesConfig,
        day: Day,
        pending_from: Option<Day>,
    ) -> Result<Vec<RaisedAlert>, StoreError> {
        let engine = &loaded.engine;
        let mut raised = Vec::new();
        self.lost_status_alerts(loaded, day, pending_from, &mut raised)
            .await?;
        unit_alerts(engine, day, &mut raised);
        self.report_alerts(loaded, &rules.alerts, day, pending_from, &mut raised)
            .await?;
        self.appeal_alerts(engine, &rules.alerts, day, &mut raised)
            .await?;
        self.staff_alerts(loaded, &rules.rota, day, &mut raised)
            .await?;
        self.inspection_alerts(loaded, day, &mut raised).await?;
        raised.sort_by(|a, b| (a.severity, a.kind, &a.key).cmp(&(b.severity, b.kind, &b.key)));
        let notes = self.alert_notes(day).await?;
        for r in &mut raised {
            if let Some(n) = notes.get(&(r.kind.name().to_string(), r.key.clone())) {
                r.state = Some(n.state);
                r.note = Some(n.note.clone());
                r.noted_by = Some(n.actor.clone());
                r.assignee = n.assignee.clone();
            }
        }
        Ok(raised)
    }

    /// Acknowledges or closes one alert of `day`: it must be raised that day,
    /// and its state must allow it (acknowledged before closed; closing says
    /// what was done).
    #[allow(clippy::too_many_arguments)]
    pub async fn note_alert(
        &self,
        loaded: &Loaded,
        rules: &RulesConfig,
        day: Day,
        kind: &str,
        key: &str,
        state: AlertState,
        note: &str,
        actor: &str,
        pending_from: Option<Day>,
        at: Timestamp,
    ) -> Result<(), AlertNoteError> {
        let raised = self.alerts_on(loaded, rules, day, pending_from).await?;
        let Some(alert) = raised
            .iter()
            .find(|r| r.kind.name() == kind && r.key == key)
        else {
            return Err(AlertNoteError::NotRaised {
                kind: kind.into(),
                key: key.into(),
                day,
            });
        };
        self.note_raised_alert(day, alert, state, note, actor, at)
            .await
    }

    /// Acknowledges or closes `alert`, raised on `day` (as [`Store::alerts_on`]
    /// gave it), if its state allows; recorded at `at`.
    #[allow(clippy::too_many_arguments)]
    pub async fn note_raised_alert(
        &self,
        day: Day,
        alert: &RaisedAlert,
        state: AlertState,
        note: &str,
        actor: &str,
        at: Timestamp,
    ) -> Result<(), AlertNoteError> {
        may_become(alert.state, state, note)?;
        self.add_alert_note(
            day,
            alert.kind.name(),
            &alert.key,
            state,
            note.trim(),
            at,
            actor,
            None,
        )
        .await?;
        Ok(())
    }

    /// Hands `alert`, raised on `day`, to the account `assignee` (which the
    /// caller has checked may handle it), acknowledging it if it was open;
    /// recorded at `at`.
    #[allow(clippy::too_many_arguments)]
    pub async fn assign_raised_alert(
        &self,
        day: Day,
        alert: &RaisedAlert,
        assignee: &str,
        note: &str,
        actor: &str,
        at: Timestamp,
    ) -> Result<(), AlertNoteError> {
        may_assign(alert.state)?;
        self.add_alert_note(
            day,
            alert.kind.name(),
            &alert.key,
            AlertState::Acknowledged,
            note.trim(),
            at,
            actor,
            Some(assignee),
        )
        .await?;
        Ok(())
    }

    /// Resurgence and silence, from the reporting units' own reports.
    async fn report_alerts(
        &self,
        loaded: &Loaded,
        rules: &AlertRules,
        day: Day,
        pending_from: Option<Day>,
        raised: &mut Vec<RaisedAlert>,
    ) -> Result<(), StoreError> {
        let tree = loaded.engine.tree();
        let keys = TreeKeys::new(&loaded.units, tree);
        let span = rules.quiet_days.max(rules.silent_days + 1) as i32;
        let from = day.plus_days(-span).unwrap_or(day);
        let days = (day.offset_from(from) + 1) as usize;
        let mut confirmed: HashMap<UnitIndex, Vec<Option<i64>>> = HashMap::new();
        for (d, counts) in self.confirmed_counts(from, day).await? {
            let k = d.offset_from(from) as usize;
            for (id, cases) in counts {
                if let Some(i) = keys.get(id) {
                    confirmed.entry(i).or_insert_with(|| vec![None; days])[k] =
                        Some(i64::from(cases));
                }
            }
        }
        for i in 0..tree.len() as UnitIndex {
            if !tree.is_reporting(i) {
                continue;
            }
            let u = tree.unit(i);
            let Some(row) = confirmed.get(&i) else {
                continue;
            };
            if let Some(cases) = resurgence(row, rules.quiet_days) {
                raised.push(about_unit(
                    AlertKind::Resurgence,
                    Severity::High,
                    u,
                    Why::new(
                        "alert-resurgence",
                        vec![
                            ("cases", WhyValue::Number(cases as u32)),
                            ("day", WhyValue::Day(day)),
                            ("quiet", WhyValue::Number(rules.quiet_days)),
                        ],
                    ),
                ));
            }
            // Only the days whose reports are due count: a report not yet due
            // is pending, not silence.
            let due = pending_from
                .filter(|p| *p <= day)
                .map_or(days, |p| p.offset_from(from).max(0) as usize);
            let reported: Vec<bool> = row.iter().take(due).map(Option::is_some).collect();
            if silent(&reported, rules.silent_days) {
                raised.push(about_unit(
                    AlertKind::Silence,
                    Severity::Medium,
                    u,
                    Why::new(
                        "alert-silence",
                        vec![("days", WhyValue::Number(rules.silent_days))],
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Appeal surges, per district and per category, day by day.
    async fn appeal_alerts(
        &self,
        engine: &Engine,
        rules: &AlertRules,
        day: Day,
        raised: &mut Vec<RaisedAlert>,
    ) -> Result<(), StoreError> {
        let tree = engine.tree();
        let base = day.plus_days(-(rules.baseline_days as i32)).unwrap_or(day);
        let since = base.at_shanghai(jiff::civil::time(0, 0, 0, 0));
        let appeals = self.appeals(since).await?;
        let width = (day.offset_from(base) + 1) as usize;
        let mut by_district: BTreeMap<UnitIndex, Vec<u32>> = BTreeMap::new();
        let mut by_category: BTreeMap<Category, Vec<u32>> = BTreeMap::new();
        for a in appeals.iter().filter(|a| a.duplicate_of.is_none()) {
            let d = Day::in_shanghai(a.received_at);
            if d < base || d > day {
                continue;
            }
            let k = d.offset_from(base) as usize;
            by_category
                .entry(a.category)
                .or_insert_with(|| vec![0; width])[k] += 1;
            if let Some(district) = a
                .unit
                .as_ref()
                .and_then(|c| tree.index_of(c))
                .and_then(|i| tree.ancestor_of_kind(i, UnitKind::District))
            {
                by_district
                    .entry(district)
                    .or_insert_with(|| vec![0; width])[k] += 1;
            }
        }
        let why =
            |today: u32, category: Option<&'static str>, s: fangkong_domain::alerts::Surge| {
                let mut values = vec![
                    ("today", WhyValue::Number(today)),
                    ("day", WhyValue::Day(day)),
                    ("median", WhyValue::Figure(format!("{:.0}", s.median))),
                    ("baseline", WhyValue::Number(rules.baseline_days)),
                    ("threshold", WhyValue::Figure(format!("{:.1}", s.threshold))),
                ];
                match category {
                    Some(c) => {
                        values.push(("category", WhyValue::Category(c)));
                        Why::new("alert-surge-category", values)
                    }
                    None => Why::new("alert-surge", values),
                }
            };
        let surging = |counts: &[u32]| {
            let (&today, history) = counts.split_last()?;
            surge(history, today, rules.surge_deviations, rules.surge_minimum).map(|s| (today, s))
        };
        for (d, counts) in &by_district {
            if let Some((today, s)) = surging(counts) {
                let u = tree.unit(*d);
                raised.push(about_unit(
                    AlertKind::AppealSurge,
                    Severity::Medium,
                    u,
                    why(today, None, s),
                ));
            }
        }
        for (c, counts) in &by_category {
            if let Some((today, s)) = surging(counts) {
                raised.push(RaisedAlert {
                    kind: AlertKind::AppealSurge,
                    severity: Severity::Medium,
                    key: c.name().into(),
                    unit: None,
                    name: c.label_zh().into(),
                    why: why(today, Some(c.name()), s),
                    state: None,
                    note: None,
                    noted_by: None,
                    assignee: None,
                    affected: Vec::new(),
                });
            }
        }
        Ok(())
    }
}

/// The units that lost the status on `day` (free the day before, neither free
/// nor pending now), grouped by the cause that took it: each cause once, with
/// the units it took the status from in tree order.
fn losses(engine: &Engine, day: Day, pending_from: Option<Day>) -> Vec<(Holdback, Vec<UnitIndex>)> {
    let tree = engine.tree();
    let before = day.plus_days(-1).unwrap_or(day);
    let (Some(was), Some(is)) = (
        engine.status_as_of(before, pending_from),
        engine.status_as_of(day, pending_from),
    ) else {
        return Vec::new();
    };
    let mut groups: Vec<(Holdback, Vec<UnitIndex>)> = Vec::new();
    for i in 0..tree.len() {
        // Pending is not a loss: the reports it waits for are not yet due.
        let (w, s) = (&was.units[i], &is.units[i]);
        let lost = (w.epidemic_free || w.pending) && !s.epidemic_free && !s.pending;
        if !lost {
            continue;
        }
        let cause = s.holdback.unwrap_or(Holdback::ShortHistory {
            since: engine.grid().start(),
        });
        // A unit-wide cause (the history is too short) is the unit's own.
        let shared = !matches!(cause, Holdback::ShortHistory { .. });
        match groups.iter_mut().find(|(c, _)| shared && *c == cause) {
            Some((_, units)) => units.push(i as UnitIndex),
            None => groups.push((cause, vec![i as UnitIndex])),
        }
    }
    groups
}

impl Store {
    /// One alert per cause of lost statuses, at the unit where the cause is
    /// (the reporting unit with the event, the missing report or the measure
    /// not in place), naming the real cause and listing the units it took
    /// the status from.
    async fn lost_status_alerts(
        &self,
        loaded: &Loaded,
        day: Day,
        pending_from: Option<Day>,
        raised: &mut Vec<RaisedAlert>,
    ) -> Result<(), StoreError> {
        let engine = &loaded.engine;
        let tree = engine.tree();
        let groups = losses(engine, day, pending_from);
        // The counts behind every event that took a status.
        let mut ids = Vec::new();
        let (mut first, mut last) = (day, day);
        for (cause, _) in &groups {
            if let Holdback::Event { leaf, day: d } = cause
                && let Some(&id) = loaded.units.ids.get(&tree.unit(*leaf).code)
            {
                ids.push(id);
                first = first.min(*d);
                last = last.max(*d);
            }
        }
        let reports: HashMap<(i64, Day), (u32, u32, u32)> = self
            .latest_reports_of(&ids, first, last)
            .await?
            .into_iter()
            .map(|(id, r)| {
                let p = &r.report;
                (
                    (id, p.day),
                    (
                        p.new_confirmed.get(),
                        p.new_suspected.get(),
                        p.new_close_contacts.get(),
                    ),
                )
            })
            .collect();
        let before = day.plus_days(-1).unwrap_or(day);
        for (cause, units) in groups {
            let name = |u: UnitIndex| tree.unit(u).name.clone();
            let lost: Vec<String> = units.iter().map(|&u| name(u)).collect();
            let (at, message, mut values, case) = match cause {
                Holdback::Event { leaf, day: d } => {
                    let id = loaded.units.ids.get(&tree.unit(leaf).code).copied();
                    let (c, s, k) = id
                        .and_then(|id| reports.get(&(id, d)).copied())
                        .unwrap_or((0, 0, 0));
                    (
                        leaf,
                        "alert-lost-event",
                        vec![
                            ("unit", WhyValue::Name(name(leaf))),
                            ("on", WhyValue::Day(d)),
                            (
                                "events",
                                WhyValue::Events {
                                    confirmed: c,
                                    suspected: s,
                                    contacts: k,
                                },
                            ),
                        ],
                        c + s > 0,
                    )
                }
                Holdback::MissingReport { leaf, day: d } | Holdback::NotYetDue { leaf, day: d } => {
                    (
                        leaf,
                        "alert-lost-missing",
                        vec![
                            ("unit", WhyValue::Name(name(leaf))),
                            ("on", WhyValue::Day(d)),
                        ],
                        false,
                    )
                }
                Holdback::Inspection { leaf, day: d } => (
                    leaf,
                    "alert-lost-inspection",
                    vec![
                        ("unit", WhyValue::Name(name(leaf))),
                        ("on", WhyValue::Day(d)),
                    ],
                    false,
                ),
                Holdback::Measures { leaf, in_place } => (
                    leaf,
                    "alert-lost-measures",
                    vec![
                        ("unit", WhyValue::Name(name(leaf))),
                        (
                            "measures",
                            WhyValue::Measures(
                                in_place.missing().iter().map(|m| m.field()).collect(),
                            ),
                        ),
                    ],
                    false,
                ),
                Holdback::ShortHistory { since } => (
                    units[0],
                    "alert-lost-history",
                    vec![("since", WhyValue::Day(since))],
                    false,
                ),
            };
            values.extend([
                ("before", WhyValue::Day(before)),
                ("day", WhyValue::Day(day)),
                ("lost", WhyValue::Names(lost)),
            ]);
            // A case that takes a whole community or more is serious news.
            let reaches_up = units.iter().any(|&u| {
                !matches!(
                    tree.unit(u).kind,
                    UnitKind::Compound | UnitKind::Village | UnitKind::SpecialPlace
                )
            });
            let severity = if case && reaches_up {
                Severity::High
            } else {
                Severity::Medium
            };
            let mut alert = about_unit(
                AlertKind::LostStatus,
                severity,
                tree.unit(at),
                Why::new(message, values),
            );
            alert.affected = units
                .iter()
                .map(|&u| tree.unit(u).code.to_string())
                .collect();
            raised.push(alert);
        }
        Ok(())
    }
}

/// Cases in special places, from the engine alone.
fn unit_alerts(engine: &Engine, day: Day, raised: &mut Vec<RaisedAlert>) {
    let tree = engine.tree();
    let grid = engine.grid();
    if let Some(offset) = grid.offset(day) {
        for s in 0..grid.slots() {
            let u = tree.unit(grid.leaf(s));
            if u.kind == UnitKind::SpecialPlace && grid.get(s, offset).has_event() {
                raised.push(about_unit(
                    AlertKind::SpecialPlace,
                    Severity::High,
                    u,
                    Why::new(
                        "alert-special-place",
                        vec![
                            ("day", WhyValue::Day(day)),
                            ("unit", WhyValue::Name(u.name.clone())),
                        ],
                    ),
                ));
            }
        }
    }
}

/// An open alert about a unit.
pub(crate) fn about_unit(
    kind: AlertKind,
    severity: Severity,
    u: &fangkong_domain::unit::UnitRecord,
    why: Why,
) -> RaisedAlert {
    RaisedAlert {
        kind,
        severity,
        key: u.code.to_string(),
        unit: Some(u.code.to_string()),
        name: u.name.clone(),
        why,
        state: None,
        note: None,
        noted_by: None,
        assignee: None,
        affected: Vec::new(),
    }
}
