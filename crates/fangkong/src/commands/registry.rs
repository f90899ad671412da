//! `fangkong registry import` and `fangkong compliance`: the four-categories
//! registry and the four "alls" derived from it.

use fangkong_domain::registry::compliance::{IsolationPolicy, Ratio};
use fangkong_store::Store;

use super::{date_or_today, unit_or_root};
use crate::cli::{ComplianceArgs, RegistryCommand};
use crate::import::CsvInput;
use crate::import::registry::import_registry;
use crate::output::{Cell, Format, Table};

/// Runs one registry command.
pub async fn run(
    store: &Store,
    cmd: RegistryCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let all_rules = crate::derive::rules::load(rules_path)?;
    let (rules, limits) = (all_rules.registry, all_rules.limits);
    match cmd {
        RegistryCommand::Show { reference, format } => {
            let person = store.person(&reference).await?.ok_or_else(|| {
                super::rejected_arg(
                    "REFERENCE",
                    format!("no person {reference} in the registry"),
                )
            })?;
            let flow = store
                .flows_of(std::slice::from_ref(&person.reference))
                .await?
                .remove(&person.reference)
                .unwrap_or_else(|| fangkong_store::FlowOf {
                    unit: person.unit.clone(),
                    steps: Vec::new(),
                    facilities: Vec::new(),
                });
            let mut table = Table::new(&[
                "date", "step", "category", "place", "exit", "facility", "bed",
            ]);
            for (s, f) in flow.steps.iter().zip(&flow.facilities) {
                let (c, p, e) = s.step.parts();
                table.push(vec![
                    s.day.to_string().into(),
                    s.step.name().into(),
                    c.map_or("", |c| c.name()).into(),
                    p.map_or("", |p| p.name()).into(),
                    e.map_or("", |e| e.name()).into(),
                    f.as_ref().map_or("", |f| f.0.as_str()).into(),
                    f.as_ref().map_or("", |f| f.1.name()).into(),
                ]);
            }
            if format == Format::Table {
                crate::out!(
                    "{} {} ({})",
                    person.reference,
                    fangkong_domain::registry::mask::name(&person.name),
                    person.unit
                );
            }
            table.print(format)
        }
        RegistryCommand::Import { people, steps } => {
            let people_csv = CsvInput::open(&people, &limits)?;
            let steps_csv = steps
                .as_deref()
                .map(|s| CsvInput::open(s, &limits))
                .transpose()?;
            let today = crate::clock::today_in(store).await?;
            let done = import_registry(
                store,
                people_csv,
                steps_csv,
                today,
                rules.follow_up(),
                &limits,
                &crate::actor::cli_actor(),
            )
            .await?;
            crate::out!(
                "{} people and {} steps added to the registry; {} close contacts followed up",
                done.people,
                done.steps,
                done.followups
            );
            Ok(())
        }
        RegistryCommand::Duplicates { format } => {
            let mut t = Table::new(&["reference", "other", "matching"]);
            for (a, b, on) in store.registry_duplicates().await? {
                t.push(vec![a.into(), b.into(), on.into()]);
            }
            t.print(format)
        }
        RegistryCommand::Merge {
            keep,
            other,
            reason,
        } => {
            if reason.trim().is_empty() {
                return Err(super::rejected_arg(
                    "--reason",
                    "say why the records are one person".into(),
                )
                .into());
            }
            if keep == other {
                return Err(super::rejected_arg(
                    "OTHER",
                    "a record cannot be merged into itself".into(),
                )
                .into());
            }
            let people = store.registry_people().await?;
            let find = |r: &str, arg: &str| {
                people
                    .iter()
                    .find(|(p, _)| p.reference == r)
                    .map(|(p, _)| p)
                    .ok_or_else(|| {
                        super::rejected_arg(arg, format!("no record {r} (or it is merged already)"))
                    })
            };
            let (k, o) = (find(&keep, "KEEP")?, find(&other, "OTHER")?);
            fangkong_domain::registry::flow::merge(&k.steps, &o.steps).map_err(|e| {
                super::rejected_arg("OTHER", format!("the merged flow is impossible: {e}"))
            })?;
            store
                .merge_persons(
                    k.id,
                    o.id,
                    reason.trim(),
                    crate::clock::now_in(store).await?,
                    &crate::actor::cli_actor(),
                )
                .await?;
            crate::out!("{other} merged into {keep}");
            Ok(())
        }
    }
}

/// Runs `compliance`.
pub async fn compliance(
    store: &Store,
    args: ComplianceArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = crate::derive::rules::load(rules_path)?.registry;
    let day = date_or_today(store, args.date.as_deref()).await?;
    let unit = unit_or_root(store, args.under.as_deref()).await?;
    let policy = IsolationPolicy {
        home_counts: args.home_isolation_counts || rules.home_isolation_counts,
    };
    let live = store.load_registry_figures(policy).await?;
    let report = store
        .compliance(&live, day, &unit, args.gaps || args.format == Format::Json)
        .await?;
    if args.format == Format::Json {
        crate::out!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let rate = |r: Option<f64>| r.map_or(Cell::Empty, Cell::Ratio);
    let table = if args.cases {
        let mut t = Table::new(&[
            "code",
            "name",
            "kind",
            "new_confirmed",
            "active",
            "recovered",
            "died",
            "confirmed",
            "severe",
            "critical",
            "cure_rate",
            "case_fatality_rate",
        ]);
        for row in &report.rows {
            let c = &row.cases;
            t.push(vec![
                row.code.to_string().into(),
                row.name.clone().into(),
                row.kind.name().into(),
                c.new_confirmed.into(),
                c.active().into(),
                c.recovered.into(),
                c.died.into(),
                c.confirmed.into(),
                c.severe.into(),
                c.critical.into(),
                rate(c.cure_rate()),
                rate(c.case_fatality_rate()),
            ]);
        }
        t
    } else if args.gaps {
        let mut t = Table::new(&[
            "reference",
            "name",
            "unit",
            "category",
            "identified",
            "missing",
        ]);
        for g in &report.gaps {
            t.push(vec![
                g.reference.clone().into(),
                g.name.clone().into(),
                g.unit.to_string().into(),
                g.category.name().into(),
                g.identified.to_string().into(),
                g.missing.join(" ").into(),
            ]);
        }
        t
    } else {
        let ratio = |r: Ratio| r.value().map_or(Cell::Empty, Cell::Ratio);
        let mut t = Table::new(&[
            "code", "name", "kind", "people", "admitted", "treated", "tested", "isolated",
        ]);
        for row in &report.rows {
            t.push(vec![
                row.code.to_string().into(),
                row.name.clone().into(),
                row.kind.name().into(),
                row.people.into(),
                ratio(row.ratios.admitted),
                ratio(row.ratios.treated),
                ratio(row.ratios.tested),
                ratio(row.ratios.isolated),
            ]);
        }
        t
    };
    table.print(args.format)
}
