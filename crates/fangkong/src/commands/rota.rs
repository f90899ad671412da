//! `fangkong rota plan|check` and `fangkong staff import|list`: the roster
//! kept, a rota planned from it (or from a roster file), gaps named, and a
//! plan (perhaps adjusted by hand) checked against the rules.

use fangkong_domain::rota::{Breach, Duty, Gap, Plan, Staff, Why, check, form_pairs, plan};
use fangkong_domain::{Day, UnitTree};
use fangkong_store::Store;

use super::{code_arg, day_arg, rejected_arg};
use crate::cli::{RotaCheckArgs, RotaCommand, RotaPlanArgs, StaffCommand};
use crate::derive::rules;
use crate::import::CsvInput;
use crate::import::roster::{read_plan, read_roster};
use crate::output::Table;

/// Runs `rota …`.
pub async fn run(
    store: &Store,
    cmd: RotaCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    match cmd {
        RotaCommand::Plan(args) => plan_rota(store, args, rules_path).await,
        RotaCommand::Check(args) => check_rota(store, args, rules_path).await,
    }
}

/// The roster of `path`, or the stored one, for the tree of `day`.
async fn roster(
    store: &Store,
    path: Option<&std::path::Path>,
    day: Day,
    limits: &fangkong_domain::limits::Limits,
) -> anyhow::Result<(Vec<Staff>, UnitTree)> {
    let units = store.units().await?;
    let tree = units
        .history
        .tree_on(day)
        .map_err(|e| anyhow::anyhow!("the stored tree of {day} is invalid: {}", e[0]))?;
    let staff = match path {
        Some(path) => read_roster(CsvInput::open(path, limits)?, &tree)?,
        None => store.staff().await?,
    };
    Ok((staff, tree))
}

/// Runs `staff …`.
pub async fn staff(
    store: &Store,
    cmd: StaffCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    match cmd {
        StaffCommand::Import { file } => {
            let units = store.units().await?;
            let today = crate::clock::today();
            let tree = units
                .history
                .tree_on(today)
                .map_err(|e| anyhow::anyhow!("the stored tree of {today} is invalid: {}", e[0]))?;
            let people = read_roster(CsvInput::open(&file, &rules.limits)?, &tree)?;
            let keyed: Vec<(Staff, i64)> = people
                .into_iter()
                .filter_map(|s| {
                    let id = units.ids.get(&s.unit).copied()?;
                    Some((s, id))
                })
                .collect();
            let done = store
                .put_staff(
                    &keyed,
                    crate::clock::now_in(store).await?,
                    &crate::actor::cli_actor(),
                )
                .await?;
            crate::out!(
                "{}: {} people added, {} changed, {} unchanged",
                file.display(),
                done.added,
                done.changed,
                done.unchanged
            );
            Ok(())
        }
        StaffCommand::List { under, format } => {
            let (mut people, tree) =
                roster(store, None, crate::clock::today(), &rules.limits).await?;
            if let Some(under) = under.as_deref() {
                let code = code_arg("--under", under)?;
                let at = tree.index_of(&code).ok_or_else(|| {
                    rejected_arg("--under", format!("unit {code} is not in the tree"))
                })?;
                people.retain(|s| {
                    tree.index_of(&s.unit)
                        .is_some_and(|u| tree.is_within(u, at))
                });
            }
            let mut table = Table::new(&[
                "person_id",
                "name",
                "kind",
                "unit_code",
                "unit_name",
                "away",
            ]);
            for s in &people {
                let unit_name = tree.index_of(&s.unit).map(|i| tree.unit(i).name.clone());
                let away: Vec<String> = s.away.iter().map(Day::to_string).collect();
                table.push(vec![
                    s.id.as_str().into(),
                    s.name.as_str().into(),
                    s.kind.name().into(),
                    s.unit.as_str().into(),
                    unit_name.unwrap_or_default().into(),
                    away.join(";").into(),
                ]);
            }
            table.print(format)
        }
    }
}

async fn plan_rota(
    store: &Store,
    args: RotaPlanArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let from = day_arg("--from", &args.from)?;
    let (mut staff, tree) = roster(store, args.roster.as_deref(), from, &rules.limits).await?;
    // The kept plan is read against the whole roster; its days before --from
    // are kept as they are.
    let mut kept: Vec<Duty> = match &args.kept {
        Some(path) => read_plan(CsvInput::open(path, &rules.limits)?, &staff)?
            .into_iter()
            .filter(|d| d.day < from)
            .collect(),
        None => Vec::new(),
    };
    if let Some(under) = args.under.as_deref() {
        let code = code_arg("--under", under)?;
        let at = tree.index_of(&code).ok_or_else(|| {
            rejected_arg(
                "--under",
                format!("unit {code} is not in the tree on {from}"),
            )
        })?;
        // The people outside the unit are left out, and the kept duties'
        // people numbered again for the roster that remains.
        let whole = std::mem::take(&mut staff);
        let mut index = vec![None; whole.len()];
        for (i, s) in whole.into_iter().enumerate() {
            if tree
                .index_of(&s.unit)
                .is_some_and(|u| tree.is_within(u, at))
            {
                index[i] = Some(staff.len());
                staff.push(s);
            }
        }
        kept = kept
            .into_iter()
            .filter_map(|mut d| {
                d.person = index.get(d.person).copied().flatten()?;
                Some(d)
            })
            .collect();
    }
    let pairs = form_pairs(&staff);
    let planned = plan(&staff, &pairs, &rules.rota, from, args.days, &kept);
    let mut table = Table::new(&[
        "date",
        "unit_code",
        "pair",
        "post",
        "person_id",
        "name",
        "role",
    ]);
    for d in kept.iter().chain(&planned.duties) {
        let s = &staff[d.person];
        table.push(vec![
            d.day.to_string().into(),
            d.unit.as_str().into(),
            d.pair.clone().unwrap_or_default().into(),
            d.post.map_or("", |p| p.name()).into(),
            s.id.as_str().into(),
            s.name.as_str().into(),
            s.kind.name().into(),
        ]);
    }
    table.print(args.format)?;
    // Gaps go to standard error, so the plan on standard output stays a table.
    for g in &planned.gaps {
        eprintln!(
            "gap: {}",
            gap_words(g, &staff, rules.rota.max_consecutive_days)
        );
    }
    if !planned.gaps.is_empty() {
        eprintln!(
            "{} gaps: the roster is not enough to keep every rule on those days (nothing was broken to hide them)",
            planned.gaps.len()
        );
    }
    Ok(())
}

/// A gap in words.
fn gap_words(g: &Gap, staff: &[Staff], max_days: u32) -> String {
    match g {
        Gap::PairUncovered {
            day,
            unit,
            pair,
            why,
        } => {
            let reasons: Vec<String> = why
                .iter()
                .map(|(m, w)| {
                    let s = &staff[*m];
                    match w {
                        Why::Away => format!("{} ({}) away", s.id, s.name),
                        Why::AtLimit => format!(
                            "{} ({}) on duty {max_days} days running already",
                            s.id, s.name
                        ),
                    }
                })
                .collect();
            format!(
                "{day} {unit}: pair {pair} has no one on duty: {}",
                reasons.join("; ")
            )
        }
        Gap::Short {
            day,
            unit,
            needed,
            on_duty,
        } => format!(
            "{day} {unit}: {on_duty} on duty, {needed} needed (min_on_duty): not enough people free"
        ),
    }
}

async fn check_rota(
    store: &Store,
    args: RotaCheckArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let (staff, _) = roster(
        store,
        args.roster.as_deref(),
        crate::clock::today(),
        &rules.limits,
    )
    .await?;
    let duties = read_plan(CsvInput::open(&args.plan, &rules.limits)?, &staff)?;
    let (Some(first), Some(last)) = (
        duties.iter().map(|d| d.day).min(),
        duties.iter().map(|d| d.day).max(),
    ) else {
        crate::out!("the plan has no duties");
        return Ok(());
    };
    let days = last.offset_from(first) as u32 + 1;
    let pairs = form_pairs(&staff);
    let held = Plan {
        duties,
        gaps: Vec::new(),
    };
    let breaches = check(&held, &staff, &pairs, &rules.rota, first, days, &[]);
    let who = |i: usize| {
        staff
            .get(i)
            .map_or_else(|| format!("#{i}"), |s| format!("{} ({})", s.id, s.name))
    };
    for b in &breaches {
        let line = match b {
            Breach::PairPosts { day, pair, on_duty } => {
                format!("{day}: pair {pair} has {on_duty} posts on duty (one is the rule)")
            }
            Breach::Short { day, unit, on_duty } => format!(
                "{day} {unit}: {on_duty} on duty, {} needed (min_on_duty)",
                rules.rota.min_on_duty
            ),
            Breach::Away { day, person } => {
                format!("{day}: {} is on duty on a day away", who(*person))
            }
            Breach::TooManyDays { day, person } => format!(
                "{day}: {} is on duty more than {} days running",
                who(*person),
                rules.rota.max_consecutive_days
            ),
            Breach::Misplaced { day, person } => {
                format!(
                    "{day}: {} is on duty twice or outside their unit",
                    who(*person)
                )
            }
        };
        crate::out!("breach: {line}");
    }
    if breaches.is_empty() {
        crate::out!("the plan keeps every rule ({days} days from {first})");
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "{} breaches of the rota rules",
            breaches.len()
        ))
    }
}
