//! The four-categories registry from CSV: people (`ref,resident_id,name,phone,
//! birth_date,address,unit_code,category,identified_on`) and, optionally, their
//! later steps (`ref,date,step,category,place,exit`). All or nothing: every bad
//! row is named by line and field, and a person who is already registered (the
//! same resident ID, or the same name, phone and birth date) is refused, never
//! added twice silently.

use std::collections::HashMap;

use fangkong_domain::registry::flow::check;
use fangkong_domain::registry::followup::{FollowUpRules, Schedule};
use fangkong_domain::registry::{Category, DatedStep, ResidentId, Step};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{NewPerson, Store};
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
        .into_iter()
        .map(|(p, _)| (p.reference, p.steps))
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
    let mut steps: Vec<(String, DatedStep)> = Vec::new();
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
            if let (Some(day), Some(step)) = (day, step) {
                steps.push((reference, DatedStep { day, step }));
            }
        }
        // Each person's whole flow, stored steps first, must hold.
        let mut flows: HashMap<&str, Vec<DatedStep>> = HashMap::new();
        for (reference, s) in &steps {
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
