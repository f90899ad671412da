//! `fangkong units` and `fangkong unit …`: listing the tree of any day, and the
//! dated edits that keep its history.

use fangkong_domain::unit::{UnitChange, UnitRecord};
use fangkong_domain::{Count, UnitKind};
use fangkong_store::{Store, StoreError};

use super::{code_arg, day_arg, rejected_arg, scope};
use crate::cli::{UnitCommand, UnitsArgs};
use crate::clock;
use crate::output::{Format, Table};

/// Lists units in tree order, filtered by subtree and kind.
pub async fn list(store: &Store, args: UnitsArgs) -> anyhow::Result<()> {
    let stored = store.units().await?;
    let on = args.on.as_deref().map(|d| day_arg("--on", d)).transpose()?;
    let tree = match on {
        Some(day) => stored.history.tree_on(day),
        None => stored.history.current_tree(),
    }
    .map_err(|errors| anyhow::anyhow!("the stored tree is invalid: {}", errors[0]))?;
    let kind = args
        .kind
        .as_deref()
        .map(|k| UnitKind::parse(k).map_err(|e| rejected_arg("--kind", e.to_string())))
        .transpose()?;
    let when = on.map(|d| format!(" on {d}")).unwrap_or_default();
    let order = scope(&tree, args.under.as_deref(), &when)?;
    let mut table = unit_table();
    for i in order {
        let unit = tree.unit(i);
        if kind.is_none_or(|k| k == unit.kind) {
            push_unit(&mut table, unit, tree.is_reporting(i));
        }
    }
    table.print(args.format)
}

fn unit_table() -> Table {
    Table::new(&[
        "code",
        "name",
        "kind",
        "parent_code",
        "population",
        "reporting",
    ])
}

fn push_unit(table: &mut Table, unit: &UnitRecord, reporting: bool) {
    table.push(vec![
        unit.code.as_str().into(),
        unit.name.as_str().into(),
        unit.kind.name().into(),
        unit.parent.as_ref().map(|p| p.as_str()).into(),
        unit.population.into(),
        reporting.into(),
    ]);
}

/// Shows or changes one unit.
pub async fn edit(store: &Store, cmd: UnitCommand) -> anyhow::Result<()> {
    let stored = store.units().await?;
    let history = &stored.history;
    let (code, change, when) = match cmd {
        UnitCommand::Show { code, format } => return show(store, &code, format).await,
        UnitCommand::Add {
            code,
            name,
            kind,
            parent,
            population,
            from,
        } => {
            let record = UnitRecord {
                code: code_arg("CODE", &code)?,
                name,
                kind: UnitKind::parse(&kind).map_err(|e| rejected_arg("--kind", e.to_string()))?,
                parent: parent.map(|p| code_arg("--parent", &p)).transpose()?,
                population,
                from_address_list: false,
            };
            let from = from.map(|d| day_arg("--from", &d)).transpose()?;
            if let Some(day) = from {
                check_not_future(day)?;
            }
            let version = history
                .plan_add(&record, from)
                .map_err(|e| rejected_arg("CODE", e.to_string()))?;
            store
                .add_units(
                    &[(record.code.clone(), version)],
                    crate::clock::now_in(store).await?,
                    &crate::actor::cli_actor(),
                )
                .await?;
            crate::out!("added {} {} ({})", record.kind, record.code, record.name);
            return Ok(());
        }
        UnitCommand::Delete { code } => return delete(store, &stored, &code).await,
        UnitCommand::Rename { code, name, when } => (code, UnitChange::Rename(name), when),
        UnitCommand::Move { code, parent, when } => {
            let parent = code_arg("PARENT", &parent)?;
            (code, UnitChange::Move(parent), when)
        }
        UnitCommand::Population {
            code,
            population,
            when,
        } => {
            let p = if population.trim() == "unknown" {
                None
            } else {
                Some(
                    Count::parse(&population)
                        .map_err(|e| rejected_arg("POPULATION", e.to_string()))?
                        .get(),
                )
            };
            (code, UnitChange::SetPopulation(p), when)
        }
        UnitCommand::Retire { code, when } => (code, UnitChange::Retire, when),
    };
    let code = code_arg("CODE", &code)?;
    let day = day_arg("--from", &when.from)?;
    check_not_future(day)?;
    let version = history
        .plan_change(&code, &change, day, when.reason)
        .map_err(|e| rejected_arg("CODE", e.to_string()))?;
    store
        .add_unit_version(
            &code,
            &version,
            crate::clock::now_in(store).await?,
            &crate::actor::cli_actor(),
        )
        .await?;
    crate::out!(
        "{code}: new version from {day} recorded; `fangkong unit show {code}` lists every version"
    );
    Ok(())
}

/// Unit changes are dated facts; a change dated in the future is refused so that
/// the tree of "today" never silently shifts under the reports already filed.
fn check_not_future(day: fangkong_domain::Day) -> anyhow::Result<()> {
    let today = clock::today();
    if day > today {
        return Err(rejected_arg(
            "--from",
            format!("{day} is in the future (today is {today} in Asia/Shanghai)"),
        )
        .into());
    }
    Ok(())
}

async fn show(store: &Store, code: &str, format: Format) -> anyhow::Result<()> {
    let code = code_arg("CODE", code)?;
    let stored = store.units().await?;
    let versions = stored.history.versions(&code);
    if versions.is_empty() {
        return Err(rejected_arg("CODE", format!("unknown unit {code}")).into());
    }
    let mut table = Table::new(&[
        "valid_from",
        "name",
        "kind",
        "parent_code",
        "population",
        "retired",
        "reason",
    ]);
    for v in versions {
        table.push(vec![
            v.valid_from.map(|d| d.to_string()).into(),
            v.name.as_str().into(),
            v.kind.name().into(),
            v.parent.as_ref().map(|p| p.as_str()).into(),
            v.population.into(),
            v.retired.into(),
            v.reason.clone().into(),
        ]);
    }
    table.print(format)
}

async fn delete(
    store: &Store,
    stored: &fangkong_store::StoredUnits,
    code: &str,
) -> anyhow::Result<()> {
    let code = code_arg("CODE", code)?;
    if stored.history.latest(&code).is_none() {
        return Err(rejected_arg("CODE", format!("unknown unit {code}")).into());
    }
    let has_children = stored.history.codes().any(|c| {
        stored
            .history
            .versions(c)
            .iter()
            .any(|v| v.parent.as_ref() == Some(&code))
    });
    if has_children {
        return Err(rejected_arg(
            "CODE",
            format!("units are (or were) under {code}; it cannot be deleted"),
        )
        .into());
    }
    match store
        .delete_unit(&code, crate::clock::now_in(store).await?, &crate::actor::cli_actor())
        .await {
        Ok(()) => {
            crate::out!("deleted unit {code}");
            Ok(())
        }
        Err(StoreError::Conflict(_)) => Err(rejected_arg(
            "CODE",
            format!("reports or published figures refer to {code}; it is never deleted. Retire it instead: `fangkong unit retire {code} --from DATE`"),
        )
        .into()),
        Err(e) => Err(e.into()),
    }
}
