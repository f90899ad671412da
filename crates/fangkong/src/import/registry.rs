//! The four-categories registry from CSV: people (`ref,resident_id,name,phone,
//! birth_date,address,unit_code,category,identified_on`) and, optionally, their
//! later steps (`ref,date,step,category,place,exit`). All or nothing: every bad
//! row is named by line and field, and a person who is already registered (the
//! same resident ID, or the same name, phone and birth date) is refused, never
//! added twice silently.

use std::collections::HashMap;

use fangkong_domain::registry::facility::{Admission, Bed, admit, occupancy, stays};
use fangkong_domain::registry::flow::check;
use fangkong_domain::registry::followup::{FollowUpRules, Schedule};
use fangkong_domain::registry::{Category, DatedStep, ResidentId, Step};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{NewPerson, NewStep, Store};
use jiff::Timestamp;

use super::{CsvInput, Rejected};

/// The columns of the people file.
pub const PEOPLE_COLUMNS: [&str; 9] = [
    "ref",
    "resident_id",
    "name",
    "phone",
    "birth_date",
    "address",
    "unit_code",
    "category",
    "identified_on",
];

/// The columns of the steps file.
pub const STEP_COLUMNS: [&str; 6] = ["ref", "date", "step", "category", "place", "exit"];

/// What an import added.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RegistryImported {
    /// New people.
    pub people: usize,
    /// Steps, identifications included.
    pub steps: usize,
    /// Follow-ups started (close contacts).
    pub followups: usize,
}

/// Imports people and (optionally) steps; `today` bounds every date.
pub async fn import_registry(
    store: &Store,
    mut people_csv: CsvInput,
    steps_csv: Option<CsvInput>,
    today: Day,
    follow_up: FollowUpRules,
    actor: &str,
) -> anyhow::Result<RegistryImported> {
    let units = store.units().await?;
    let stored = store.registry_people().await?;
    let stored_steps: HashMap<String, Vec<DatedStep>> = stored
        .iter()
        .map(|(p, _)| (p.reference.clone(), p.steps.clone()))
        .collect();
    let columns = people_csv.columns(&PEOPLE_COLUMNS)?;
    let col: Vec<Option<usize>> = PEOPLE_COLUMNS.iter().map(|c| columns.at(c)).collect();
    // Optional: a close contact's last exposure (default: the day identified).
    let exposure_col = columns.at("last_exposure");
    let mut followups: Vec<(String, Schedule)> = Vec::new();
    let mut rejected = Rejected::new(people_csv.label());
    // Every rejection below is returned before anything is written.
    let mut people: Vec<NewPerson> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    let mut steps: Vec<NewStep> = Vec::new();
    let mut seen_ref: HashMap<String, u64> = HashMap::new();
    let mut seen_id: HashMap<String, u64> = HashMap::new();
    let mut seen_triple: HashMap<(String, String, Day), u64> = HashMap::new();
    while let Some(row) = people_csv.next_row(&mut rejected) {
        let line = Some(row.line);
        let get = |k: usize| row.get(col[k]).trim().to_string();
        let reference = get(0);
        if reference.is_empty() {
            rejected.add(line, Some("ref"), "the reference is empty");
        } else if stored_steps.contains_key(&reference) {
            rejected.add(
                line,
                Some("ref"),
                format!("{reference} is already registered"),
            );
        } else if let Some(first) = seen_ref.insert(reference.clone(), row.line) {
            rejected.add(
                line,
                Some("ref"),
                format!("{reference} appears twice (first on line {first})"),
            );
        }
        let resident_id = match get(1).as_str() {
            "" => None,
            text => ResidentId::parse(text)
                .map_err(|e| rejected.add(line, Some("resident_id"), e.to_string()))
                .ok(),
        };
        let name = get(2);
        if name.is_empty() {
            rejected.add(line, Some("name"), "the name is empty");
        }
        let phone = Some(get(3)).filter(|p| !p.is_empty());
        let birth_date = match get(4).as_str() {
            "" => resident_id
                .as_ref()
                .and_then(|id| id.birth_date())
                .and_then(|d| Day::from_ymd(d.year(), d.month(), d.day()).ok()),
            text => Day::parse(text)
                .map_err(|e| rejected.add(line, Some("birth_date"), e.to_string()))
                .ok(),
        };
        if let (Some(id), Some(b)) = (&resident_id, birth_date)
            && id.birth_date().map(|d| d.to_string()) != Some(b.to_string())
        {
            rejected.add(
                line,
                Some("birth_date"),
                format!("{b} is not the birth date in the resident ID"),
            );
        }
        let address = Some(get(5)).filter(|a| !a.is_empty());
        let unit_id = match UnitCode::parse(&get(6)) {
            Ok(code) => match units.ids.get(&code) {
                Some(&id) => Some(id),
                None => {
                    rejected.add(line, Some("unit_code"), format!("unknown unit {code}"));
                    None
                }
            },
            Err(e) => {
                rejected.add(line, Some("unit_code"), e.to_string());
                None
            }
        };
        let category = Category::parse(&get(7));
        if category.is_none() {
            rejected.add(
                line,
                Some("category"),
                format!(
                    "'{}' is not a category (confirmed, suspected, fever, close_contact)",
                    get(7)
                ),
            );
        }
        let identified = Day::parse(&get(8))
            .map_err(|e| rejected.add(line, Some("identified_on"), e.to_string()))
            .ok();
        if let Some(d) = identified
            && d > today
        {
            rejected.add(line, Some("identified_on"), format!("{d} is in the future"));
        }
        // The same person twice in the file.
        if let Some(id) = &resident_id
            && let Some(first) = seen_id.insert(id.as_str().to_string(), row.line)
        {
            rejected.add(
                line,
                Some("resident_id"),
                format!("the same person as line {first} (same resident ID): merge the rows"),
            );
        }
        if let (Some(phone), Some(b)) = (&phone, birth_date)
            && let Some(first) = seen_triple.insert((name.clone(), phone.clone(), b), row.line)
        {
            rejected.add(line, Some("name"), format!("the same person as line {first} (same name, phone and birth date): merge the rows"));
        }
        let exposure = match row.get(exposure_col).trim() {
            "" => identified,
            text => Day::parse(text)
                .map_err(|e| rejected.add(line, Some("last_exposure"), e.to_string()))
                .ok(),
        };
        if let (Some(e), Some(i)) = (exposure, identified)
            && e > i
        {
            rejected.add(
                line,
                Some("last_exposure"),
                format!("{e} is after the day identified ({i})"),
            );
        }
        let (Some(unit_id), Some(category), Some(identified), Some(exposure)) =
            (unit_id, category, identified, exposure)
        else {
            continue;
        };
        if category == Category::CloseContact
            && let Some(schedule) = Schedule::from_exposure(exposure, follow_up)
        {
            followups.push((reference.clone(), schedule));
        }
        steps.push((
            reference.clone(),
            DatedStep {
                day: identified,
                step: Step::Identified { category },
            },
            None,
        ));
        lines.push(row.line);
        people.push(NewPerson {
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
    for (i, m) in store.registry_matches(&people).await? {
        rejected.add(
            Some(lines[i]),
            Some(if m.on == "resident_id" {
                "resident_id"
            } else {
                "name"
            }),
            format!(
                "already registered as {} (same {}): add steps to that person instead",
                m.reference, m.on
            ),
        );
    }
    // The people file's problems first; the steps file is read only if it is clean
    // (its problems name its own lines).
    rejected.into_result()?;
    if let Some(mut input) = steps_csv {
        let mut steps_rejected = Rejected::new(input.label());
        let columns = input.columns(&STEP_COLUMNS)?;
        let col: Vec<Option<usize>> = STEP_COLUMNS.iter().map(|c| columns.at(c)).collect();
        // Optional: the facility a move goes into, and the bed kind.
        let (facility_col, bed_col) = (columns.at("facility"), columns.at("bed"));
        let facilities = store.facilities().await?;
        let mut step_lines: Vec<Option<u64>> = Vec::new();
        while let Some(row) = input.next_row(&mut steps_rejected) {
            let line = Some(row.line);
            let get = |k: usize| row.get(col[k]).trim().to_string();
            let reference = get(0);
            if !seen_ref.contains_key(&reference) && !stored_steps.contains_key(&reference) {
                steps_rejected.add(
                    line,
                    Some("ref"),
                    format!("no person {reference} in the registry or the people file"),
                );
                continue;
            }
            let day = Day::parse(&get(1))
                .map_err(|e| steps_rejected.add(line, Some("date"), e.to_string()))
                .ok();
            if let Some(d) = day
                && d > today
            {
                steps_rejected.add(line, Some("date"), format!("{d} is in the future"));
            }
            let step = Step::from_parts(&get(2), &get(3), &get(4), &get(5))
                .map_err(|(field, message)| steps_rejected.add(line, Some(field), message))
                .ok();
            let facility = match row.get(facility_col).trim() {
                "" => None,
                code => match (facilities.iter().find(|f| f.code == code), step) {
                    (None, _) => {
                        steps_rejected.add(line, Some("facility"), format!("no facility {code}"));
                        None
                    }
                    (Some(f), Some(Step::Moved { place })) if f.kind == place => {
                        match Bed::parse(row.get(bed_col)) {
                            Some(bed) => Some((f.code.clone(), bed)),
                            None => {
                                steps_rejected.add(
                                    line,
                                    Some("bed"),
                                    format!(
                                        "'{}' is not a bed kind (ordinary, severe, critical)",
                                        row.get(bed_col)
                                    ),
                                );
                                None
                            }
                        }
                    }
                    (Some(f), Some(Step::Moved { place })) => {
                        steps_rejected.add(
                            line,
                            Some("facility"),
                            format!("{code} is a {}, not a {}", f.kind.name(), place.name()),
                        );
                        None
                    }
                    (Some(_), _) => {
                        steps_rejected.add(
                            line,
                            Some("facility"),
                            "only a move goes into a facility".to_string(),
                        );
                        None
                    }
                },
            };
            if let (Some(day), Some(step)) = (day, step) {
                steps.push((reference, DatedStep { day, step }, facility));
                step_lines.push(line);
            }
        }
        // Each person's whole flow, stored steps first, must hold.
        let mut flows: HashMap<&str, Vec<DatedStep>> = HashMap::new();
        for (reference, s, _) in &steps {
            flows
                .entry(reference.as_str())
                .or_insert_with(|| stored_steps.get(reference).cloned().unwrap_or_default())
                .push(*s);
        }
        for (reference, flow) in &flows {
            if let Err(e) = check(flow) {
                steps_rejected.add(None, Some("step"), format!("person {reference}: {e}"));
            }
        }
        if !steps_rejected.is_empty() {
            return Err(steps_rejected.into());
        }
        // Every admission against real capacity, in date order.
        check_capacity(
            &units,
            &stored,
            &people,
            &steps,
            &step_lines,
            &facilities,
            &mut steps_rejected,
        )?;
        steps_rejected.into_result()?;
    }
    let ids = store
        .registry_add(&people, &steps, &followups, Timestamp::now(), actor)
        .await?;
    Ok(RegistryImported {
        people: ids.len(),
        steps: steps.len(),
        followups: followups.len(),
    })
}

/// Refuses admissions to a facility with no free bed of the kind on their day,
/// naming the nearest ones that have one. Admissions are taken in date order, so
/// the first to arrive gets the last bed.
fn check_capacity(
    units: &fangkong_store::StoredUnits,
    stored: &[(fangkong_store::StoredPerson, UnitCode)],
    people: &[NewPerson],
    steps: &[NewStep],
    step_lines: &[Option<u64>],
    facilities: &[fangkong_store::StoredFacility],
    rejected: &mut Rejected,
) -> anyhow::Result<()> {
    let new_steps = &steps[steps.len() - step_lines.len()..];
    if new_steps.iter().all(|(_, _, f)| f.is_none()) {
        return Ok(());
    }
    let tree = units
        .history
        .current_tree()
        .map_err(|e| anyhow::anyhow!("the stored tree is invalid: {}", e[0]))?;
    let placed: Vec<_> = facilities.iter().filter_map(|f| f.in_tree(&tree)).collect();
    // Each person's flow: stored steps, then the new ones, with their facilities
    // and where each step comes from.
    type Flow = (Vec<DatedStep>, Vec<Option<(String, Bed)>>, Vec<Origin>);
    let mut flows: HashMap<String, Flow> = HashMap::new();
    let mut homes: HashMap<String, UnitCode> = HashMap::new();
    for (p, code) in stored {
        homes.insert(p.reference.clone(), code.clone());
        flows.insert(
            p.reference.clone(),
            (
                p.steps.clone(),
                p.facilities.clone(),
                vec![Origin::Stored; p.steps.len()],
            ),
        );
    }
    let unit_codes: HashMap<i64, &UnitCode> = units.ids.iter().map(|(c, id)| (*id, c)).collect();
    for p in people {
        if let Some(c) = unit_codes.get(&p.unit_id) {
            homes.insert(p.reference.clone(), (*c).clone());
        }
    }
    let first_new = steps.len() - step_lines.len();
    for (k, (reference, s, f)) in steps.iter().enumerate() {
        let e = flows.entry(reference.clone()).or_default();
        e.0.push(*s);
        e.1.push(f.clone());
        e.2.push(match k.checked_sub(first_new) {
            Some(i) => Origin::New(step_lines[i]),
            None => Origin::New(None),
        });
    }
    // Stays; the new ones with the line of the move that opens them.
    let mut accepted = Vec::new();
    let mut new_stays = Vec::new();
    for (reference, (st, fs, origins)) in &flows {
        // `stays` opens one stay per move into a facility, in order.
        let openers = st
            .iter()
            .zip(fs)
            .zip(origins)
            .filter(|((s, f), _)| matches!(s.step, Step::Moved { .. }) && f.is_some())
            .map(|(_, o)| *o);
        for (stay, origin) in stays(st, fs).into_iter().zip(openers) {
            match origin {
                Origin::New(line) => new_stays.push((stay, line, reference)),
                Origin::Stored => accepted.push(stay),
            }
        }
    }
    new_stays.sort_by_key(|a| (a.0.from, a.1));
    for (stay, line, reference) in new_stays {
        let in_use = occupancy(&accepted, stay.from);
        let (Some(f), Some(home)) = (
            placed.iter().find(|f| f.code == stay.facility),
            homes.get(reference).and_then(|c| tree.index_of(c)),
        ) else {
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
            Err(e) => rejected.add(line, Some("facility"), e.to_string()),
        }
    }
    Ok(())
}

/// Where a step of a flow comes from: the database, or this import (with its line
/// in the steps file, if it came from there).
#[derive(Debug, Clone, Copy)]
enum Origin {
    Stored,
    New(Option<u64>),
}
