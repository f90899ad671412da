//! `fangkong inspections …`: draw a plan from what is known of each unit's
//! risk, record what inspectors found, list the findings, keep the roster.

use std::collections::HashMap;

use fangkong_domain::appeals::Category;
use fangkong_domain::inspections::{
    Candidate, Drawn, Inspector, Pick, Risk, assign_inspectors, plan,
};
use fangkong_domain::unit::UnitIndex;
use fangkong_domain::{Day, UnitKind};
use fangkong_store::{Loaded, Store};

use super::{code_arg, date_or_today, day_arg, rejected_arg, scope};
use crate::cli::{InspectionListArgs, InspectionsCommand, InspectorsCommand, PlanArgs};
use crate::derive::rules;
use crate::import::CsvInput;
use crate::import::inspections::{InspectionContext, read_inspections, read_inspectors};
use crate::output::{Cell, Table};

/// Runs `inspections …`.
pub async fn run(
    store: &Store,
    cmd: InspectionsCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    match cmd {
        InspectionsCommand::Plan(args) => plan_command(store, args, &rules).await,
        InspectionsCommand::Record { file } => {
            let today = crate::clock::today_in(store).await?;
            let units = store.units().await?;
            let tree = units
                .history
                .tree_on(today)
                .map_err(|e| anyhow::anyhow!("the stored tree of {today} is invalid: {}", e[0]))?;
            let inspectors: Vec<(String, Option<fangkong_domain::UnitCode>)> = store
                .inspectors()
                .await?
                .into_iter()
                .map(|i| (i.code, i.unit))
                .collect();
            let folder = file.parent().map(|p| p.to_path_buf()).unwrap_or_default();
            let input = CsvInput::open(&file, &rules.limits)?;
            let read = read_inspections(
                input,
                &InspectionContext {
                    tree: &tree,
                    inspectors: &inspectors,
                    folder: &folder,
                    photo_max_bytes: rules.inspections.photo_max_bytes,
                },
            )?;
            let now = crate::clock::now_in(store).await?;
            let stored = store
                .record_inspections(&read, now, &crate::actor::cli_actor())
                .await?;
            let failed = stored
                .iter()
                .filter(|i| i.outcome == fangkong_domain::inspections::InspectionOutcome::Failed)
                .count();
            let contradicting = stored.iter().filter(|i| !i.contradicted.is_empty()).count();
            println!(
                "{} inspections recorded: {failed} failed, {contradicting} contradict what the unit attested{}",
                stored.len(),
                if rules.inspections.revoke_on_failure && failed > 0 {
                    " (a failed unit is not epidemic-free until a passing re-inspection)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        InspectionsCommand::List(args) => list(store, args).await,
        InspectionsCommand::Inspectors(InspectorsCommand::Import { file }) => {
            let today = crate::clock::today_in(store).await?;
            let units = store.units().await?;
            let tree = units
                .history
                .tree_on(today)
                .map_err(|e| anyhow::anyhow!("the stored tree of {today} is invalid: {}", e[0]))?;
            let read = read_inspectors(CsvInput::open(&file, &rules.limits)?, &tree)?;
            let now = crate::clock::now_in(store).await?;
            let n = store
                .put_inspectors(&read, now, &crate::actor::cli_actor())
                .await?;
            println!("{n} inspectors on the roster");
            Ok(())
        }
        InspectionsCommand::Inspectors(InspectorsCommand::List { format }) => {
            let mut table = Table::new(&["code", "name", "unit_code", "account"]);
            for i in store.inspectors().await? {
                table.push(vec![
                    i.code.as_str().into(),
                    i.name.as_str().into(),
                    i.unit.map(|u| u.as_str().to_string()).into(),
                    i.account.into(),
                ]);
            }
            table.print(format)
        }
    }
}

/// What is known of each reporting unit's risk on `day`, from the engine
/// (events, a lost status in the look-back), the quality scan of the day
/// before (copied and outlying reports) and the inspections' own
/// contradictions, the appeals (complaints routed to the unit or its
/// community), and the last inspections.
async fn candidates(
    store: &Store,
    loaded: &Loaded,
    rules: &fangkong_domain::config::RulesConfig,
    leaves: &[UnitIndex],
    day: Day,
) -> anyhow::Result<Vec<Candidate>> {
    let engine = &loaded.engine;
    let tree = engine.tree();
    let grid = engine.grid();
    let lookback = rules.inspections.lookback_days as i32;
    let first = day.plus_days(-lookback).unwrap_or(day);
    let yesterday = day.plus_days(-1).unwrap_or(day);
    let days: Vec<Day> = (0..lookback)
        .filter_map(|k| first.plus_days(k))
        .filter(|d| *d < day)
        .collect();
    // A status lost: free on some day of the look-back, not on the last.
    let statuses: Vec<_> = days.iter().filter_map(|d| engine.status_on(*d)).collect();
    let mut findings: HashMap<String, u32> = HashMap::new();
    if let Some(root) = tree.roots().next() {
        let scan = store
            .quality_scan(&rules.quality, &tree.unit(root).code, yesterday)
            .await?;
        for f in scan.findings {
            *findings
                .entry(f.finding.unit.as_str().to_string())
                .or_default() += 1;
        }
    }
    for i in store.inspections(first, yesterday).await? {
        if !i.contradicted.is_empty() {
            *findings.entry(i.unit.as_str().to_string()).or_default() += 1;
        }
    }
    let since = first.at_shanghai(jiff::civil::time(0, 0, 0, 0));
    let mut complaints: HashMap<String, u32> = HashMap::new();
    for a in store.appeals(since).await? {
        if a.category == Category::Complaint
            && let Some(u) = a.unit
            && Day::in_shanghai(a.received_at) < day
        {
            *complaints.entry(u.as_str().to_string()).or_default() += 1;
        }
    }
    let last = store.last_inspections(yesterday).await?;
    let mut out = Vec::with_capacity(leaves.len());
    for &leaf in leaves {
        let Some(slot) = grid.slot(leaf) else {
            continue;
        };
        let unit = tree.unit(leaf);
        let event_days = days
            .iter()
            .filter_map(|d| grid.offset(*d))
            .filter(|&k| grid.get(slot, k).has_event())
            .count() as u32;
        let lost_status = statuses
            .last()
            .is_some_and(|s| !s.units[leaf as usize].epidemic_free)
            && statuses
                .iter()
                .any(|s| s.units[leaf as usize].epidemic_free);
        let community = tree.parent(leaf).filter(|&p| {
            matches!(
                tree.unit(p).kind,
                UnitKind::Community | UnitKind::Village | UnitKind::Other
            )
        });
        let complaint_count = complaints.get(unit.code.as_str()).copied().unwrap_or(0)
            + community
                .and_then(|c| complaints.get(tree.unit(c).code.as_str()))
                .copied()
                .unwrap_or(0);
        let previous = loaded.units.ids.get(&unit.code).and_then(|id| last.get(id));
        out.push(Candidate {
            unit: leaf,
            risk: Risk {
                event_days,
                findings: findings.get(unit.code.as_str()).copied().unwrap_or(0),
                complaints: complaint_count,
                lost_status,
                days_since_inspection: previous
                    .map(|l| u32::try_from(day.offset_from(l.day)).unwrap_or(0)),
                failed_last: previous.is_some_and(|l| !l.passed),
            },
        });
    }
    Ok(out)
}

/// Why a unit weighs what it weighs, in words.
fn why(pick: &Pick) -> String {
    let r = &pick.risk;
    let mut parts = Vec::new();
    if pick.drawn == Drawn::Uniformly {
        parts.push("drawn uniformly".to_string());
    }
    if r.event_days > 0 {
        parts.push(format!("{} days with events", r.event_days));
    }
    if r.findings > 0 {
        parts.push(format!("{} data-truth findings", r.findings));
    }
    if r.complaints > 0 {
        parts.push(format!("{} complaints", r.complaints));
    }
    if r.lost_status {
        parts.push("lost its epidemic-free status".into());
    }
    if r.failed_last {
        parts.push("failed its last inspection".into());
    }
    parts.push(match r.days_since_inspection {
        Some(d) => format!("last inspected {d} days ago"),
        None => "never inspected".into(),
    });
    parts.join("; ")
}

async fn plan_command(
    store: &Store,
    args: PlanArgs,
    rules: &fangkong_domain::config::RulesConfig,
) -> anyhow::Result<()> {
    let day = day_arg("--date", &args.date)?;
    let before = day
        .plus_days(-(rules.inspections.lookback_days as i32))
        .unwrap_or(day);
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, day, before, day, None).await?;
    let tree = loaded.engine.tree();
    let leaves: Vec<UnitIndex> = scope(tree, args.under.as_deref(), &format!(" on {day}"))?
        .into_iter()
        .filter(|&i| tree.is_reporting(i))
        .collect();
    let candidates = candidates(store, &loaded, rules, &leaves, day).await?;
    let seed = match args.seed {
        Some(s) => s,
        None => {
            let t = fangkong_store::random_token()?;
            u64::from_str_radix(&t[..16], 16).unwrap_or(0)
        }
    };
    let stored_inspectors = store.inspectors().await?;
    let inspectors: Vec<Inspector> = stored_inspectors
        .iter()
        .map(|i| Inspector {
            id: i.id,
            unit: i.unit.as_ref().and_then(|c| tree.index_of(c)),
        })
        .collect();
    let last = store
        .last_inspections(day.plus_days(-1).unwrap_or(day))
        .await?;
    let started = std::time::Instant::now();
    let mut drawn = plan(&candidates, &rules.inspections, args.count, seed);
    assign_inspectors(&mut drawn, &inspectors, tree, |u| {
        loaded
            .units
            .ids
            .get(&tree.unit(u).code)
            .and_then(|id| last.get(id))
            .and_then(|l| l.inspector_id)
    });
    tracing::info!(
        micros = started.elapsed().as_micros() as u64,
        units = candidates.len(),
        "inspection plan drawn"
    );
    eprintln!(
        "seed {seed}: {} of {} units drawn ({} eligible, {} rested after a recent visit)",
        drawn.picks.len(),
        candidates.len(),
        drawn.eligible,
        drawn.rested
    );
    let mut table = Table::new(&[
        "unit_code",
        "name",
        "kind",
        "weight",
        "why",
        "drawn",
        "inspector",
        "inspector_name",
    ]);
    for pick in &drawn.picks {
        let unit = tree.unit(pick.unit);
        let inspector = pick.inspector.map(|i| &stored_inspectors[i]);
        table.push(vec![
            unit.code.as_str().into(),
            unit.name.as_str().into(),
            unit.kind.name().into(),
            Cell::from(format!("{:.2}", pick.weight)),
            why(pick).into(),
            match pick.drawn {
                Drawn::ByRisk => "risk",
                Drawn::Uniformly => "uniform",
            }
            .into(),
            inspector.map(|i| i.code.clone()).into(),
            inspector.map(|i| i.name.clone()).into(),
        ]);
    }
    table.print(args.format)
}

async fn list(store: &Store, args: InspectionListArgs) -> anyhow::Result<()> {
    let to = date_or_today(store, args.to.as_deref()).await?;
    let from = match args.from.as_deref() {
        Some(f) => day_arg("--from", f)?,
        None => to.plus_days(-30).unwrap_or(to),
    };
    if from > to {
        return Err(rejected_arg("--from", format!("{from} is after --to {to}")).into());
    }
    let units = store.units().await?;
    let tree = units
        .history
        .tree_on(to)
        .map_err(|e| anyhow::anyhow!("the stored tree of {to} is invalid: {}", e[0]))?;
    let under = match args.under.as_deref() {
        Some(c) => {
            let code = code_arg("--under", c)?;
            Some(tree.index_of(&code).ok_or_else(|| {
                rejected_arg("--under", format!("unit {code} is not in the tree on {to}"))
            })?)
        }
        None => None,
    };
    let mut table = Table::new(&[
        "id",
        "date",
        "unit_code",
        "name",
        "outcome",
        "not_in_place",
        "attested_not_found",
        "announced",
        "inspector",
        "note",
        "photo",
    ]);
    for i in store.inspections(from, to).await? {
        let index = tree.index_of(&i.unit);
        if let Some(root) = under
            && !index.is_some_and(|u| tree.is_within(u, root))
        {
            continue;
        }
        let fields = |ms: Vec<fangkong_domain::report::Measure>| {
            ms.iter().map(|m| m.field()).collect::<Vec<_>>().join(";")
        };
        table.push(vec![
            i.id.into(),
            i.day.to_string().into(),
            i.unit.as_str().into(),
            index.map(|u| tree.unit(u).name.clone()).into(),
            i.outcome.name().into(),
            fields(i.found.missing()).into(),
            fields(i.contradicted.clone()).into(),
            Cell::from(i.announced),
            i.inspector.map(|(c, n)| format!("{c} {n}")).into(),
            i.note.as_str().into(),
            Cell::from(i.has_photo),
        ]);
    }
    table.print(args.format)
}
