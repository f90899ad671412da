//! `fangkong staff …` and `fangkong care …`: the roster kept (imported whole,
//! or one person added, changed or leaving), its history, and the care
//! recorded for the people on it.

use std::collections::HashMap;

use fangkong_domain::registry::mask;
use fangkong_domain::rota::care::summarise;
use fangkong_domain::rota::{CareKind, CareRecord, Profile, Rostered, Staff, StaffKind};
use fangkong_domain::{Day, UnitCode, UnitKind, UnitTree};
use fangkong_store::{Store, StoredUnits};

use super::{code_arg, day_arg, rejected_arg};
use crate::cli::{CareCommand, CareSummaryArgs, StaffCommand, StaffFields};
use crate::derive::rules;
use crate::import::CsvInput;
use crate::import::care::read_care;
use crate::import::roster::{away_days, read_roster};
use crate::output::Table;

/// The units and the tree of the database's today.
async fn tree_today(store: &Store) -> anyhow::Result<(StoredUnits, UnitTree, Day)> {
    let today = crate::clock::clock_in(store).await?.today();
    let units = store.units().await?;
    let tree = units
        .history
        .tree_on(today)
        .map_err(|e| anyhow::anyhow!("the stored tree of {today} is invalid: {}", e[0]))?;
    Ok((units, tree, today))
}

/// Writes `people` to the roster as of `on`, each with its unit's key.
async fn write(
    store: &Store,
    units: &StoredUnits,
    people: Vec<Rostered>,
    on: Day,
) -> anyhow::Result<fangkong_store::StaffWritten> {
    let keyed: Vec<(Rostered, i64)> = people
        .into_iter()
        .map(|r| {
            let id = units.ids.get(&r.staff.unit).copied().ok_or_else(|| {
                rejected_arg("--unit", format!("unit {} is not stored", r.staff.unit))
            })?;
            Ok((r, id))
        })
        .collect::<Result<_, crate::import::Rejected>>()?;
    Ok(store
        .put_staff(
            &keyed,
            on,
            crate::clock::now_in(store).await?,
            &crate::actor::cli_actor(),
        )
        .await?)
}

/// Runs `staff …`.
pub async fn staff(
    store: &Store,
    cmd: StaffCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let (units, tree, today) = tree_today(store).await?;
    let on_arg = |on: Option<&str>| on.map_or(Ok(today), |t| day_arg("--on", t));
    match cmd {
        StaffCommand::Import { file, on } => {
            let on = on_arg(on.as_deref())?;
            let people = read_roster(CsvInput::open(&file, &rules.limits)?, &tree)?;
            let done = write(store, &units, people, on).await?;
            crate::out!(
                "{}: {} people added, {} changed, {} unchanged",
                file.display(),
                done.added,
                done.changed,
                done.unchanged
            );
            Ok(())
        }
        StaffCommand::Add(fields) => {
            let on = on_arg(fields.on.as_deref())?;
            let roster = store.roster().await?;
            if roster.iter().any(|r| r.staff.id == fields.person_id) {
                return Err(rejected_arg(
                    "person_id",
                    format!(
                        "{} is already on the roster: use `staff change`",
                        fields.person_id
                    ),
                )
                .into());
            }
            let need = |v: &Option<String>, flag: &str| {
                v.clone()
                    .filter(|t| !t.trim().is_empty())
                    .ok_or_else(|| rejected_arg(flag, "needed to add a person".into()))
            };
            let blank = Rostered {
                staff: Staff {
                    id: fields.person_id.clone(),
                    name: need(&fields.name, "--name")?,
                    kind: StaffKind::Volunteer,
                    unit: code_arg("--unit", &need(&fields.unit, "--unit")?)?,
                    away: Default::default(),
                    left_on: None,
                    pair: None,
                },
                profile: Profile::default(),
            };
            need(&fields.kind, "--kind")?;
            let person = apply(blank, &fields, &tree)?;
            let done = write(store, &units, vec![person], on).await?;
            crate::out!("{}: added ({} added)", fields.person_id, done.added);
            Ok(())
        }
        StaffCommand::Change(fields) => {
            let on = on_arg(fields.on.as_deref())?;
            let before = find(store, &fields.person_id).await?;
            let person = apply(before, &fields, &tree)?;
            let done = write(store, &units, vec![person], on).await?;
            crate::out!(
                "{}: {}",
                fields.person_id,
                if done.changed > 0 {
                    "changed"
                } else {
                    "unchanged"
                }
            );
            Ok(())
        }
        StaffCommand::Leave { person_id, on } => {
            let on = on_arg(on.as_deref())?;
            let mut person = find(store, &person_id).await?;
            person.staff.left_on = Some(on);
            write(store, &units, vec![person], on).await?;
            crate::out!("{person_id}: left on {on} (no duty from that day; history kept)");
            Ok(())
        }
        StaffCommand::List { under, format } => {
            let mut people = store.roster().await?;
            if let Some(under) = under.as_deref() {
                let at = unit_in(&tree, "--under", under)?;
                people.retain(|r| {
                    tree.index_of(&r.staff.unit)
                        .is_some_and(|u| tree.is_within(u, at))
                });
            }
            let mut table = Table::new(&[
                "person_id",
                "name",
                "kind",
                "unit_code",
                "unit_name",
                "affiliation",
                "skills",
                "phone",
                "away",
                "left_on",
                "pair",
            ]);
            for r in &people {
                let s = &r.staff;
                let unit_name = tree.get(&s.unit).map(|u| u.name.clone());
                let away: Vec<String> = s.away.iter().map(Day::to_string).collect();
                table.push(vec![
                    s.id.as_str().into(),
                    s.name.as_str().into(),
                    s.kind.name().into(),
                    s.unit.as_str().into(),
                    unit_name.unwrap_or_default().into(),
                    r.profile.affiliation.clone().into(),
                    r.profile.skills.join(";").into(),
                    r.profile.phone.as_deref().map(mask::phone).into(),
                    away.join(";").into(),
                    s.left_on.map(|d| d.to_string()).into(),
                    s.pair.clone().into(),
                ]);
            }
            table.print(format)
        }
        StaffCommand::History { person_id, format } => {
            find(store, &person_id).await?;
            let mut table = Table::new(&["person_id", "unit_code", "unit_name", "from", "until"]);
            for p in store.postings(&person_id).await? {
                table.push(vec![
                    person_id.as_str().into(),
                    p.unit.as_str().into(),
                    tree.get(&p.unit)
                        .map(|u| u.name.clone())
                        .unwrap_or_default()
                        .into(),
                    p.from.to_string().into(),
                    p.until.map(|d| d.to_string()).into(),
                ]);
            }
            table.print(format)
        }
    }
}

/// The person `person_id` as the roster has them, or an error naming the id.
async fn find(store: &Store, person_id: &str) -> anyhow::Result<Rostered> {
    store
        .roster()
        .await?
        .into_iter()
        .find(|r| r.staff.id == person_id)
        .ok_or_else(|| {
            rejected_arg("person_id", format!("{person_id} is not on the roster")).into()
        })
}

/// The index of `text`'s unit in `tree`, or an error naming `flag`.
fn unit_in(tree: &UnitTree, flag: &str, text: &str) -> Result<u32, crate::import::Rejected> {
    let code = code_arg(flag, text)?;
    tree.index_of(&code)
        .ok_or_else(|| rejected_arg(flag, format!("unit {code} is not in the tree")))
}

/// `person` with the fields given changed, each checked as the import checks it.
fn apply(
    mut person: Rostered,
    f: &StaffFields,
    tree: &UnitTree,
) -> Result<Rostered, crate::import::Rejected> {
    fn some(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim)
    }
    if let Some(name) = some(&f.name) {
        if name.is_empty() {
            return Err(rejected_arg("--name", "empty".into()));
        }
        person.staff.name = name.to_string();
    }
    if let Some(kind) = some(&f.kind) {
        person.staff.kind = StaffKind::parse(kind).ok_or_else(|| {
            rejected_arg(
                "--kind",
                format!(
                    "'{kind}' is not one of {}",
                    StaffKind::ALL.map(StaffKind::name).join(", ")
                ),
            )
        })?;
    }
    if let Some(unit) = some(&f.unit) {
        let at = unit_in(tree, "--unit", unit)?;
        if !matches!(tree.unit(at).kind, UnitKind::Community | UnitKind::Village) {
            return Err(rejected_arg(
                "--unit",
                format!(
                    "{unit} is a {}: people are rostered in a community or village",
                    tree.unit(at).kind
                ),
            ));
        }
        person.staff.unit =
            UnitCode::parse(unit).map_err(|e| rejected_arg("--unit", e.to_string()))?;
    }
    let text = |v: &Option<String>| some(v).map(|t| Some(t.to_string()).filter(|t| !t.is_empty()));
    if let Some(phone) = text(&f.phone) {
        person.profile.phone = phone;
    }
    if let Some(email) = text(&f.email) {
        person.profile.email = email;
    }
    if let Some(a) = text(&f.affiliation) {
        person.profile.affiliation = a;
    }
    if let Some(account) = text(&f.account) {
        person.profile.account = account;
    }
    if let Some(skills) = some(&f.skills) {
        person.profile.skills = skills
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
    }
    if let Some(pair) = some(&f.pair) {
        person.staff.pair = Some(pair.to_string()).filter(|p| !p.is_empty() && p != "-");
    }
    if let Some(away) = some(&f.away) {
        person.staff.away = away_days(away).map_err(|e| rejected_arg("--away", e))?;
    }
    Ok(person)
}

/// Runs `care …`.
pub async fn care(
    store: &Store,
    cmd: CareCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    match cmd {
        CareCommand::Import { file } => {
            let roster = store.staff().await?;
            let records = read_care(CsvInput::open(&file, &rules.limits)?, &roster)?;
            let n = store
                .put_care(
                    &records,
                    crate::clock::now_in(store).await?,
                    &crate::actor::cli_actor(),
                )
                .await?;
            crate::out!("{}: {n} care records added", file.display());
            Ok(())
        }
        CareCommand::Summary(args) => care_summary(store, args).await,
    }
}

async fn care_summary(store: &Store, args: CareSummaryArgs) -> anyhow::Result<()> {
    let (_, tree, today) = tree_today(store).await?;
    let from = match &args.from {
        Some(t) => day_arg("--from", t)?,
        None => Day::parse("2000-01-01")?,
    };
    let through = match &args.through {
        Some(t) => day_arg("--through", t)?,
        None => today,
    };
    let records: Vec<CareRecord> = store.care(from, through).await?;
    let staff = store.staff().await?;
    let under = match &args.under {
        Some(u) => Some(unit_in(&tree, "--under", u)?),
        None => None,
    };
    // Each person's area: the district (or, under --under, the child of that
    // unit) their unit stands in.
    let area: HashMap<&str, &UnitCode> = staff
        .iter()
        .filter_map(|s| {
            let i = tree.index_of(&s.unit)?;
            let a = match under {
                None => tree.ancestor_of_kind(i, UnitKind::District)?,
                Some(root) => {
                    let mut at = i;
                    while tree.parent(at) != Some(root) {
                        at = tree.parent(at)?;
                    }
                    at
                }
            };
            Some((s.id.as_str(), &tree.unit(a).code))
        })
        .collect();
    let sums = summarise(&records, |p| area.get(p).copied());
    let mut table = Table::new(&["unit_code", "name", "kind", "records", "people", "amount"]);
    for (code, kinds) in &sums {
        for kind in CareKind::ALL {
            let Some(t) = kinds.get(&kind) else {
                continue;
            };
            table.push(vec![
                code.as_str().into(),
                tree.get(code)
                    .map(|u| u.name.clone())
                    .unwrap_or_default()
                    .into(),
                kind.name().into(),
                t.records.into(),
                t.people.into(),
                t.amount.map(|a| a as i64).into(),
            ]);
        }
    }
    table.print(args.format)
}
