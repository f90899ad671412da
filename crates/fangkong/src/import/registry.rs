//! The four-categories registry from CSV: people (`ref,resident_id,name,phone,
//! birth_date,address,unit_code,category,identified_on`) and, optionally, their
//! later steps (`ref,date,step,category,place,exit`). All or nothing: every bad
//! row is named by line and field, and a person who is already registered (the
//! same resident ID, or the same name, phone and birth date) is refused, never
//! added twice silently.

use fangkong_domain::Day;
use fangkong_domain::limits::Limits;
use fangkong_domain::registry::followup::FollowUpRules;
use fangkong_store::{Item, PersonInput, StepInput, Store};

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

/// Imports people and (optionally) steps; `today` bounds every date. The
/// fields are read here; what they mean and whether they fit the registry is
/// checked by the store, as for the API.
pub async fn import_registry(
    store: &Store,
    mut people_csv: CsvInput,
    steps_csv: Option<CsvInput>,
    today: Day,
    follow_up: FollowUpRules,
    limits: &Limits,
    actor: &str,
) -> anyhow::Result<RegistryImported> {
    let columns = people_csv.columns(&PEOPLE_COLUMNS)?;
    let col: Vec<Option<usize>> = PEOPLE_COLUMNS.iter().map(|c| columns.at(c)).collect();
    // Optional: a close contact's last exposure (default: the day identified).
    let exposure_col = columns.at("last_exposure");
    // Optional: the team that follows a close contact up.
    let team_col = columns.at("team");
    let mut rejected = Rejected::new(people_csv.label());
    let mut people = Vec::new();
    let mut people_lines = Vec::new();
    while let Some(row) = people_csv.next_row(&mut rejected) {
        let get = |k: usize| row.get(col[k]).to_string();
        people.push(PersonInput {
            reference: get(0),
            resident_id: get(1),
            name: get(2),
            phone: get(3),
            birth_date: get(4),
            address: get(5),
            unit_code: get(6),
            category: get(7),
            identified_on: get(8),
            last_exposure: row.get(exposure_col).to_string(),
            team: row.get(team_col).to_string(),
        });
        people_lines.push(row.line);
    }
    rejected.into_result()?;
    let mut steps = Vec::new();
    let mut step_lines = Vec::new();
    let steps_label = match steps_csv {
        Some(mut input) => {
            let mut steps_rejected = Rejected::new(input.label());
            let columns = input.columns(&STEP_COLUMNS)?;
            let col: Vec<Option<usize>> = STEP_COLUMNS.iter().map(|c| columns.at(c)).collect();
            // Optional: the facility a move goes into, and the bed kind.
            let (facility_col, bed_col) = (columns.at("facility"), columns.at("bed"));
            while let Some(row) = input.next_row(&mut steps_rejected) {
                let get = |k: usize| row.get(col[k]).to_string();
                steps.push(StepInput {
                    reference: get(0),
                    date: get(1),
                    step: get(2),
                    category: get(3),
                    place: get(4),
                    exit: get(5),
                    facility: row.get(facility_col).to_string(),
                    bed: row.get(bed_col).to_string(),
                });
                step_lines.push(row.line);
            }
            steps_rejected.into_result()?;
            Some(input.label().to_string())
        }
        None => None,
    };
    let change = match store
        .read_registry_change(
            &people,
            &steps,
            today,
            follow_up,
            limits,
            |item| match item {
                Item::Person(i) => format!("line {}", people_lines.get(i).copied().unwrap_or(0)),
                Item::Step(i) => format!("line {}", step_lines.get(i).copied().unwrap_or(0)),
                Item::Flow => String::new(),
            },
        )
        .await?
    {
        Ok(change) => change,
        Err(refusals) => {
            let people_label = people_csv.label();
            let mut on_people = Rejected::new(people_label);
            let mut on_steps = Rejected::new(steps_label.as_deref().unwrap_or(people_label));
            for r in refusals {
                match r.item {
                    Item::Person(i) => {
                        on_people.add(people_lines.get(i).copied(), Some(r.field), r.message)
                    }
                    Item::Step(i) => {
                        on_steps.add(step_lines.get(i).copied(), Some(r.field), r.message)
                    }
                    Item::Flow => on_steps.add(None, Some(r.field), r.message),
                }
            }
            on_people.into_result()?;
            on_steps.into_result()?;
            anyhow::bail!("the registry change was refused");
        }
    };
    let ids = store
        .registry_add_with_teams(
            &change.people,
            &change.steps,
            &change.followups,
            &change.teams,
            crate::clock::now_in(store).await?,
            actor,
        )
        .await?;
    Ok(RegistryImported {
        people: ids.len(),
        steps: change.steps.len(),
        followups: change.followups.len(),
    })
}
