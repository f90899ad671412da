//! A change to the registry (new people, new steps, bulk status changes) read
//! from raw fields and checked against what is stored, the same way whichever
//! surface it came from (a CSV file, the API, a page): every field is parsed, a
//! person already registered is refused with the stored reference, each
//! person's whole flow must hold, and every admission is checked against real
//! beds in date order. A refusal names the item and the field, so a CSV import
//! can name the line and the API the JSON path.

use std::collections::{HashMap, HashSet};

use fangkong_domain::limits::{Limits, TextKind};
use fangkong_domain::registry::facility::{Admission, Bed, Stay, admit, occupancy, stays};
use fangkong_domain::registry::flow::check;
use fangkong_domain::registry::followup::{FollowUpRules, Schedule};
use fangkong_domain::registry::{Category, DatedStep, ResidentId, Step};
use fangkong_domain::{Day, UnitCode};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::codec::decode_day;
use crate::sql::Sql;
use crate::{NewPerson, NewStep, Store, StoreError, StoredFacility};

/// A person as a surface received them: every field as text.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PersonInput {
    /// The source system's reference (unique).
    #[serde(rename = "ref")]
    pub reference: String,
    /// The 18-character resident ID, or empty.
    pub resident_id: String,
    /// The name.
    pub name: String,
    /// The phone, or empty.
    pub phone: String,
    /// The birth date (`YYYY-MM-DD`), or empty (then the resident ID's).
    pub birth_date: String,
    /// The address, or empty.
    pub address: String,
    /// The code of the unit where the person lives.
    pub unit_code: String,
    /// `confirmed`, `suspected`, `fever` or `close_contact`.
    pub category: String,
    /// The day identified.
    pub identified_on: String,
    /// A close contact's last exposure, or empty (then the day identified).
    pub last_exposure: String,
    /// The team that follows a close contact up, or empty.
    pub team: String,
}

/// A step as a surface received it: every field as text.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StepInput {
    /// The person's reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The day of the step.
    pub date: String,
    /// `identified`, `recategorised`, `sampled`, `moved`, `treatment_started` or `left`.
    pub step: String,
    /// The category (`recategorised`).
    pub category: String,
    /// The place (`moved`).
    pub place: String,
    /// The way out (`left`).
    pub exit: String,
    /// The facility a move goes into, or empty.
    pub facility: String,
    /// The bed kind in it (`ordinary` if empty).
    pub bed: String,
}

/// Which item of a change a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// The n-th person (0-based).
    Person(usize),
    /// The n-th step (0-based).
    Step(usize),
    /// A person's flow as a whole (no one step is to blame).
    Flow,
}

/// Why (part of) a change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The item.
    pub item: Item,
    /// The field.
    pub field: &'static str,
    /// What is wrong, in words.
    pub message: String,
}

/// A checked change, ready to write.
#[derive(Debug, Clone, Default)]
pub struct RegistryChange {
    /// New people.
    pub people: Vec<NewPerson>,
    /// Their identifications, then the new steps.
    pub steps: Vec<NewStep>,
    /// Follow-ups to start (new close contacts).
    pub followups: Vec<(String, Schedule)>,
    /// The team of each follow-up that names one, by reference.
    pub teams: Vec<(String, String)>,
    /// The unit of each person the change touches (new or stored), by reference:
    /// the surfaces check the writer's scope with it.
    pub units: HashMap<String, UnitCode>,
}

impl Store {
    /// Reads and checks a change: `Ok(Err(refusals))` when anything is wrong
    /// (nothing is written either way). The steps are checked only once the
    /// people are clean, since they may refer to them. `locate` says where an
    /// item is in the caller's terms ("line 5", "$.people[3]"), for messages
    /// that point at another item.
    pub async fn read_registry_change(
        &self,
        people: &[PersonInput],
        steps: &[StepInput],
        today: Day,
        follow_up: FollowUpRules,
        limits: &Limits,
        locate: impl Fn(Item) -> String,
    ) -> Result<Result<RegistryChange, Vec<Refusal>>, StoreError> {
        let units = self.units().await?;
        let mut refusals = Vec::new();
        let mut change = RegistryChange::default();
        let mut refs: Vec<String> = people
            .iter()
            .map(|p| p.reference.trim().to_string())
            .collect();
        refs.extend(steps.iter().map(|s| s.reference.trim().to_string()));
        let stored = self.flows_of(&refs).await?;
        let mut seen_ref: HashMap<String, usize> = HashMap::new();
        let mut seen_id: HashMap<String, usize> = HashMap::new();
        let mut seen_triple: HashMap<(String, String, Day), usize> = HashMap::new();
        let mut at: Vec<usize> = Vec::new();
        for (i, p) in people.iter().enumerate() {
            let mut refuse = |field: &'static str, message: String| {
                refusals.push(Refusal {
                    item: Item::Person(i),
                    field,
                    message,
                })
            };
            let reference = p.reference.trim().to_string();
            if reference.is_empty() {
                refuse("ref", "the reference is empty".into());
            } else if stored.contains_key(&reference) {
                refuse("ref", format!("{reference} is already registered"));
            } else if let Some(first) = seen_ref.insert(reference.clone(), i) {
                refuse(
                    "ref",
                    format!(
                        "{reference} appears twice (first on {})",
                        locate(Item::Person(first))
                    ),
                );
            }
            let resident_id = match p.resident_id.trim() {
                "" => None,
                text => ResidentId::parse(text)
                    .map_err(|e| refuse("resident_id", e.to_string()))
                    .ok(),
            };
            let name = p.name.trim().to_string();
            if name.is_empty() {
                refuse("name", "the name is empty".into());
            }
            for (field, e) in limits.fields(&[
                ("ref", Some(reference.as_str()), TextKind::Name),
                ("name", Some(name.as_str()), TextKind::Name),
                ("phone", Some(p.phone.trim()), TextKind::Phone),
                ("address", Some(p.address.trim()), TextKind::Address),
                ("team", Some(p.team.trim()), TextKind::Name),
            ]) {
                refuse(field, e.to_string());
            }
            let phone = Some(p.phone.trim().to_string()).filter(|p| !p.is_empty());
            let birth_date = match p.birth_date.trim() {
                "" => resident_id
                    .as_ref()
                    .and_then(|id| id.birth_date())
                    .and_then(|d| Day::from_ymd(d.year(), d.month(), d.day()).ok()),
                text => Day::parse(text)
                    .map_err(|e| refuse("birth_date", e.to_string()))
                    .ok(),
            };
            if let (Some(id), Some(b)) = (&resident_id, birth_date)
                && id.birth_date().map(|d| d.to_string()) != Some(b.to_string())
            {
                refuse(
                    "birth_date",
                    format!("{b} is not the birth date in the resident ID"),
                );
            }
            let address = Some(p.address.trim().to_string()).filter(|a| !a.is_empty());
            let unit = match UnitCode::parse(p.unit_code.trim()) {
                Ok(code) => match units.ids.get(&code) {
                    Some(&id) => Some((code, id)),
                    None => {
                        refuse("unit_code", format!("unknown unit {code}"));
                        None
                    }
                },
                Err(e) => {
                    refuse("unit_code", e.to_string());
                    None
                }
            };
            let category = Category::parse(p.category.trim());
            if category.is_none() {
                refuse(
                    "category",
                    format!(
                        "'{}' is not a category (confirmed, suspected, fever, close_contact)",
                        p.category.trim()
                    ),
                );
            }
            let identified = Day::parse(p.identified_on.trim())
                .map_err(|e| refuse("identified_on", e.to_string()))
                .ok();
            if let Some(d) = identified
                && d > today
            {
                refuse("identified_on", format!("{d} is in the future"));
            }
            if let Some(Err(e)) = identified.map(|d| limits.day(d)) {
                refuse("identified_on", e.to_string());
            }
            if let Some(id) = &resident_id
                && let Some(first) = seen_id.insert(id.as_str().to_string(), i)
            {
                refuse(
                    "resident_id",
                    format!(
                        "the same person as {} (same resident ID): merge them",
                        locate(Item::Person(first))
                    ),
                );
            }
            if let (Some(phone), Some(b)) = (&phone, birth_date)
                && let Some(first) = seen_triple.insert((name.clone(), phone.clone(), b), i)
            {
                refuse(
                    "name",
                    format!(
                        "the same person as {} (same name, phone and birth date): merge them",
                        locate(Item::Person(first))
                    ),
                );
            }
            let exposure = match p.last_exposure.trim() {
                "" => identified,
                text => Day::parse(text)
                    .map_err(|e| refuse("last_exposure", e.to_string()))
                    .ok(),
            };
            if let (Some(e), Some(d)) = (exposure, identified)
                && e > d
            {
                refuse(
                    "last_exposure",
                    format!("{e} is after the day identified ({d})"),
                );
            }
            let (Some((code, unit_id)), Some(category), Some(identified), Some(exposure)) =
                (unit, category, identified, exposure)
            else {
                continue;
            };
            if category == Category::CloseContact
                && let Some(schedule) = Schedule::from_exposure(exposure, follow_up)
            {
                change.followups.push((reference.clone(), schedule));
                if !p.team.trim().is_empty() {
                    change
                        .teams
                        .push((reference.clone(), p.team.trim().to_string()));
                }
            } else if !p.team.trim().is_empty() {
                refuse(
                    "team",
                    "only close contacts are followed up by a team".into(),
                );
            }
            change.steps.push((
                reference.clone(),
                DatedStep {
                    day: identified,
                    step: Step::Identified { category },
                },
                None,
            ));
            change.units.insert(reference.clone(), code);
            at.push(i);
            change.people.push(NewPerson {
                reference,
                resident_id,
                name,
                phone,
                birth_date,
                address,
                unit_id,
            });
        }
        // Already registered: found, and refused with the stored reference.
        for (k, m) in self.registry_matches(&change.people).await? {
            refusals.push(Refusal {
                item: Item::Person(at[k]),
                field: if m.on == "resident_id" {
                    "resident_id"
                } else {
                    "name"
                },
                message: format!(
                    "already registered as {} (same {}): add steps to that person instead",
                    m.reference, m.on
                ),
            });
        }
        if !refusals.is_empty() {
            return Ok(Err(refusals));
        }
        for (reference, p) in &stored {
            change.units.insert(reference.clone(), p.unit.clone());
        }
        let facilities = self.facilities().await?;
        let first_new = change.steps.len();
        for (i, s) in steps.iter().enumerate() {
            let mut refuse = |field: &'static str, message: String| {
                refusals.push(Refusal {
                    item: Item::Step(i),
                    field,
                    message,
                })
            };
            let reference = s.reference.trim().to_string();
            if !seen_ref.contains_key(&reference) && !stored.contains_key(&reference) {
                refuse(
                    "ref",
                    format!("no person {reference} in the registry or the people given"),
                );
                continue;
            }
            let day = Day::parse(s.date.trim())
                .map_err(|e| refuse("date", e.to_string()))
                .ok();
            if let Some(d) = day
                && d > today
            {
                refuse("date", format!("{d} is in the future"));
            }
            if let Some(Err(e)) = day.map(|d| limits.day(d)) {
                refuse("date", e.to_string());
            }
            let step = Step::from_parts(&s.step, &s.category, &s.place, &s.exit)
                .map_err(|(field, message)| refuse(field, message))
                .ok();
            let facility = match s.facility.trim() {
                "" => None,
                code => match (facilities.iter().find(|f| f.code == code), step) {
                    (None, _) => {
                        refuse("facility", format!("no facility {code}"));
                        None
                    }
                    (Some(f), Some(Step::Moved { place })) if f.kind == place => {
                        match Bed::parse(&s.bed) {
                            Some(bed) => Some((f.code.clone(), bed)),
                            None => {
                                refuse(
                                    "bed",
                                    format!(
                                        "'{}' is not a bed kind (ordinary, severe, critical)",
                                        s.bed.trim()
                                    ),
                                );
                                None
                            }
                        }
                    }
                    (Some(f), Some(Step::Moved { place })) => {
                        refuse(
                            "facility",
                            format!("{code} is a {}, not a {}", f.kind.name(), place.name()),
                        );
                        None
                    }
                    (Some(_), _) => {
                        refuse("facility", "only a move goes into a facility".to_string());
                        None
                    }
                },
            };
            if let (Some(day), Some(step)) = (day, step) {
                change
                    .steps
                    .push((reference, DatedStep { day, step }, facility));
            }
        }
        // Each person's whole flow, stored steps first, must hold.
        let mut flows: HashMap<&str, Vec<DatedStep>> = HashMap::new();
        for (reference, s, _) in &change.steps {
            flows
                .entry(reference.as_str())
                .or_insert_with(|| {
                    stored
                        .get(reference)
                        .map(|p| p.steps.clone())
                        .unwrap_or_default()
                })
                .push(*s);
        }
        let mut broken: Vec<(&str, String)> = flows
            .iter()
            .filter_map(|(r, flow)| check(flow).err().map(|e| (*r, e.to_string())))
            .collect();
        broken.sort();
        for (reference, e) in broken {
            refusals.push(Refusal {
                item: Item::Flow,
                field: "step",
                message: format!("person {reference}: {e}"),
            });
        }
        if !refusals.is_empty() {
            return Ok(Err(refusals));
        }
        let capacity = self
            .check_capacity(&units, &stored, &change, first_new, &facilities)
            .await?;
        refusals.extend(capacity.into_iter().map(|(k, message)| Refusal {
            item: Item::Step(k),
            field: "facility",
            message,
        }));
        Ok(if refusals.is_empty() {
            Ok(change)
        } else {
            Err(refusals)
        })
    }

    /// Refuses admissions to a facility with no free bed of the kind on their
    /// day, naming the nearest ones that have one: the index of the step (among
    /// the new steps) and why. Admissions are taken in date order, so the first
    /// to arrive gets the last bed.
    async fn check_capacity(
        &self,
        units: &crate::StoredUnits,
        stored: &HashMap<String, FlowOf>,
        change: &RegistryChange,
        first_new: usize,
        facilities: &[StoredFacility],
    ) -> Result<Vec<(usize, String)>, StoreError> {
        let new_moves: Vec<usize> = (first_new..change.steps.len())
            .filter(|&k| change.steps[k].2.is_some())
            .collect();
        if new_moves.is_empty() {
            return Ok(Vec::new());
        }
        let tree = units
            .history
            .current_tree()
            .map_err(|e| StoreError::Corrupt(format!("the stored tree is invalid: {}", e[0])))?;
        let placed: Vec<_> = facilities.iter().filter_map(|f| f.in_tree(&tree)).collect();
        let touched: HashSet<&str> = change.steps.iter().map(|s| s.0.as_str()).collect();
        // Every stay of the people the change leaves alone, as stored.
        let mut accepted: Vec<Stay> = self
            .stored_stays()
            .await?
            .into_iter()
            .filter(|(r, _)| !touched.contains(r.as_str()))
            .map(|(_, s)| s)
            .collect();
        // The people the change touches: their stays from the whole flow; the
        // ones a new move opens are to be checked.
        let mut new_stays: Vec<(Stay, usize, &str)> = Vec::new();
        for reference in touched {
            let (mut flow, mut beds, mut origin): (Vec<DatedStep>, Vec<_>, Vec<Option<usize>>) =
                match stored.get(reference) {
                    Some(p) => (
                        p.steps.clone(),
                        p.facilities.clone(),
                        vec![None; p.steps.len()],
                    ),
                    None => Default::default(),
                };
            for (k, (r, s, f)) in change.steps.iter().enumerate() {
                if r == reference {
                    flow.push(*s);
                    beds.push(f.clone());
                    origin.push(k.checked_sub(first_new));
                }
            }
            let openers = flow
                .iter()
                .zip(&beds)
                .zip(&origin)
                .filter(|((s, f), _)| matches!(s.step, Step::Moved { .. }) && f.is_some())
                .map(|(_, o)| *o);
            for (stay, o) in stays(&flow, &beds).into_iter().zip(openers) {
                match o {
                    Some(k) => new_stays.push((stay, k, reference)),
                    None => accepted.push(stay),
                }
            }
        }
        new_stays.sort_by_key(|a| (a.0.from, a.1));
        let mut out = Vec::new();
        for (stay, k, reference) in new_stays {
            let in_use = occupancy(&accepted, stay.from);
            let home = change.units.get(reference).and_then(|c| tree.index_of(c));
            let (Some(f), Some(home)) = (placed.iter().find(|f| f.code == stay.facility), home)
            else {
                accepted.push(stay);
                continue;
            };
            // The move's place is the facility's kind: reading the steps refused any
            // other.
            let ask = Admission {
                facility: f,
                place: f.kind,
                bed: stay.bed,
                home,
                day: stay.from,
            };
            match admit(&tree, &placed, &in_use, ask) {
                Ok(()) => accepted.push(stay),
                Err(e) => out.push((k, e.to_string())),
            }
        }
        Ok(out)
    }

    /// The stored flows (with facilities) of the people with these references,
    /// not merged away.
    pub async fn flows_of(&self, refs: &[String]) -> Result<HashMap<String, FlowOf>, StoreError> {
        let mut wanted: Vec<&str> = refs
            .iter()
            .map(String::as_str)
            .filter(|r| !r.is_empty())
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out: HashMap<String, FlowOf> = HashMap::new();
        for chunk in wanted.chunks(500) {
            let mut q = Sql::new(
                "SELECT p.ref, u.code, s.day, s.step, s.category, s.place, s.exit, s.facility_code, s.bed \
                 FROM persons p JOIN units u ON u.id = p.unit_id JOIN person_steps s ON s.person_id = p.id \
                 WHERE p.merged_into IS NULL AND p.ref IN (",
            );
            let mut list = q.separated(", ");
            for r in chunk {
                list.push_bind(*r);
            }
            q.push(") ORDER BY p.id, s.day, s.id");
            for r in q.build(self.backend()).fetch_all(self.pool()).await? {
                let reference: String = r.get("ref");
                let (step, facility) = crate::registry::decode_step(&r)?;
                let e = match out.entry(reference) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(v) => v.insert(FlowOf {
                        unit: crate::codec::decode_code(r.get("code"))?,
                        steps: Vec::new(),
                        facilities: Vec::new(),
                    }),
                };
                e.steps.push(step);
                e.facilities.push(facility);
            }
        }
        Ok(out)
    }

    /// Every stay in a facility, as stored, with the person's reference: a move
    /// into a facility and the next move or exit that ends it.
    pub async fn stored_stays(&self) -> Result<Vec<(String, Stay)>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.ref, s.facility_code, s.bed, s.day, \
             (SELECT n.day FROM person_steps n WHERE n.person_id = s.person_id \
              AND n.step IN ('moved', 'left') AND (n.day > s.day OR (n.day = s.day AND n.id > s.id)) \
              ORDER BY n.day, n.id LIMIT 1) AS until \
             FROM person_steps s JOIN persons p ON p.id = s.person_id \
             WHERE s.facility_code IS NOT NULL AND p.merged_into IS NULL",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let bed: Option<String> = r.get("bed");
                let until: Option<String> = r.get("until");
                Ok((
                    r.get("ref"),
                    Stay {
                        facility: r.get("facility_code"),
                        bed: Bed::parse(bed.as_deref().unwrap_or("")).unwrap_or(Bed::Ordinary),
                        from: decode_day(r.get("day"))?,
                        until: until.as_deref().map(decode_day).transpose()?,
                    },
                ))
            })
            .collect()
    }
}

/// A stored person's flow, as a change needs it.
#[derive(Debug, Clone)]
pub struct FlowOf {
    /// The unit where they live.
    pub unit: UnitCode,
    /// The steps, in order.
    pub steps: Vec<DatedStep>,
    /// The facility and bed each step names, aligned with `steps`.
    pub facilities: Vec<Option<(String, Bed)>>,
}
