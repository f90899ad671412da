//! Expected against received reports of one day, per level, with the reporting
//! units still missing and who is responsible for each.

use fangkong_domain::access::{Action, Principal};
use fangkong_domain::quality::completeness::{LevelCompleteness, by_level};
use fangkong_domain::quality::{Arrival, Deadline};
use fangkong_domain::{Day, UnitCode, UnitKind};
use jiff::Timestamp;
use serde::Serialize;

use super::{index_by_id, tree_and_root};
use crate::{Store, StoreError};

/// Completeness and timeliness of one day under one unit.
#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    /// The unit.
    pub unit: UnitCode,
    /// The day.
    pub day: Day,
    /// When the day's reports were due.
    pub due: Option<Timestamp>,
    /// Per level, the reporting units first.
    pub levels: Vec<LevelCompleteness>,
    /// Whether the day's reports are not yet due: then the units with no
    /// report are pending, not missing.
    pub pending: bool,
    /// The reporting units with no report, in tree order.
    pub missing: Vec<MissingReport>,
    /// The reporting units whose report came after the deadline, in tree order.
    pub late: Vec<MissingReport>,
}

/// A reporting unit whose report is missing (or late), and who answers for it.
#[derive(Debug, Clone, Serialize)]
pub struct MissingReport {
    /// The unit's code.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Its parent's name.
    pub parent: String,
    /// The account responsible: the one with the narrowest scope that may file
    /// the unit's report, if any.
    pub responsible: Option<String>,
    /// That account's display name.
    pub responsible_name: Option<String>,
    /// When the report arrived (late ones only).
    pub recorded_at: Option<Timestamp>,
    /// Who is on duty that day in the unit's community or village (the kept
    /// rota): the people whose duty the report is, to call (empty where no
    /// rota is kept for it).
    pub on_duty: Vec<crate::OnDuty>,
}

impl MissingReport {
    /// The names of the people on duty, joined for one cell of a table; none
    /// where no rota is kept.
    pub fn on_duty_names(&self) -> Option<String> {
        joined(self.on_duty.iter().map(|d| d.name.clone()))
    }

    /// Their phones, each as `shown` gives it (masked or whole), joined;
    /// none where no phone is known.
    pub fn on_duty_phones(&self, shown: impl Fn(&str) -> String) -> Option<String> {
        joined(
            self.on_duty
                .iter()
                .filter_map(|d| d.phone.as_deref().map(&shown)),
        )
    }
}

/// `parts` joined with the Chinese list mark, or none if there are none.
fn joined(parts: impl Iterator<Item = String>) -> Option<String> {
    Some(parts.collect::<Vec<_>>().join("、")).filter(|t| !t.is_empty())
}

impl Store {
    /// Completeness and timeliness of `day` under `unit`, as of `now`: a report
    /// not yet in is pending before the deadline and missing after it; one in
    /// after the deadline is late.
    pub async fn completeness(
        &self,
        deadline: &Deadline,
        unit: &UnitCode,
        day: Day,
        now: Timestamp,
    ) -> Result<Completeness, StoreError> {
        let units = self.units().await?;
        let (tree, root) = tree_and_root(&units, unit, day)?;
        let by_id = index_by_id(&units, &tree);
        let mut first = vec![None; tree.len()];
        for (id, at) in self.first_recorded(day).await? {
            if let Some(&i) = by_id.get(&id) {
                first[i as usize] = Some(at);
            }
        }
        let arrival = |i: u32| match first[i as usize] {
            None => Arrival::Missing,
            Some(at) => deadline.arrival(day, at),
        };
        let levels = by_level(&tree, root, arrival);
        let accounts: Vec<_> = self
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.disabled_at.is_none())
            .collect();
        let principals: Vec<Principal> = accounts.iter().map(|a| a.principal()).collect();
        let mut on_duty: std::collections::HashMap<UnitCode, Vec<crate::OnDuty>> =
            std::collections::HashMap::new();
        for d in self.on_duty(day).await? {
            on_duty.entry(d.unit.clone()).or_default().push(d);
        }
        let mut missing = Vec::new();
        let mut late = Vec::new();
        for i in tree.subtree(root) {
            if !tree.is_reporting(i) {
                continue;
            }
            let a = arrival(i);
            if a == Arrival::OnTime {
                continue;
            }
            // The narrowest scope that may file this unit's report answers for it.
            let who = principals
                .iter()
                .enumerate()
                .filter(|(_, p)| p.may(Action::FileReport(i), &tree).is_ok())
                .max_by_key(|(_, p)| tree.index_of(&p.scope).map(|s| tree.depth(s)).unwrap_or(0))
                .map(|(k, _)| &accounts[k]);
            let row = MissingReport {
                code: tree.unit(i).code.clone(),
                name: tree.unit(i).name.clone(),
                parent: tree
                    .parent(i)
                    .map(|p| tree.unit(p).name.clone())
                    .unwrap_or_default(),
                responsible: who.map(|a| a.username.to_string()),
                responsible_name: who.map(|a| a.display_name.clone()),
                recorded_at: first[i as usize],
                on_duty: tree
                    .ancestor_of_kind(i, UnitKind::Community)
                    .or_else(|| tree.ancestor_of_kind(i, UnitKind::Village))
                    .and_then(|c| on_duty.get(&tree.unit(c).code))
                    .cloned()
                    .unwrap_or_default(),
            };
            if a == Arrival::Missing {
                missing.push(row);
            } else {
                late.push(row);
            }
        }
        Ok(Completeness {
            unit: unit.clone(),
            day,
            due: deadline.due(day),
            pending: deadline.due(day).is_some_and(|due| now < due),
            levels,
            missing,
            late,
        })
    }
}
