//! `fangkong rota plan|check|keep|calendars`: a rota planned from the kept
//! roster (or a roster file), gaps named, kept as the rota; a plan adjusted
//! by hand checked against the rules and kept; calendars per person.

use fangkong_domain::rota::{Breach, Duty, Gap, Plan, Staff, Why, check, form_pairs, plan};
use fangkong_domain::{Day, UnitTree};
use fangkong_store::Store;

use super::{code_arg, day_arg, rejected_arg};
use crate::cli::{RotaCheckArgs, RotaCommand, RotaPlanArgs};
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
        RotaCommand::Keep { plan } => keep_rota(store, &plan, rules_path).await,
        RotaCommand::Calendars {
            under,
            from,
            days,
            dir,
        } => calendars(store, under.as_deref(), &from, days, &dir).await,
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
        Some(path) => read_roster(CsvInput::open(path, limits)?, &tree)?
            .into_iter()
            .map(|r| r.staff)
            .collect(),
        None => store.staff().await?,
    };
    Ok((staff, tree))
}

/// The people of `staff` under `under` (all without it), and for each of
/// the whole list its index in the ones kept.
fn under_only(
    staff: Vec<Staff>,
    tree: &UnitTree,
    under: Option<&str>,
    day: Day,
) -> Result<(Vec<Staff>, Vec<Option<usize>>), crate::import::Rejected> {
    let Some(under) = under else {
        let n = staff.len();
        return Ok((staff, (0..n).map(Some).collect()));
    };
    let code = code_arg("--under", under)?;
    let at = tree.index_of(&code).ok_or_else(|| {
        rejected_arg(
            "--under",
            format!("unit {code} is not in the tree on {day}"),
        )
    })?;
    let mut kept = Vec::new();
    let mut index = vec![None; staff.len()];
    for (i, s) in staff.into_iter().enumerate() {
        if tree
            .index_of(&s.unit)
            .is_some_and(|u| tree.is_within(u, at))
        {
            index[i] = Some(kept.len());
            kept.push(s);
        }
    }
    Ok((kept, index))
}

async fn plan_rota(
    store: &Store,
    args: RotaPlanArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let from = day_arg("--from", &args.from)?;
    let (whole, tree) = roster(store, args.roster.as_deref(), from, &rules.limits).await?;
    // The kept plan is read against the whole roster; its days before --from
    // are kept as they are: a file's if --kept names one, else the stored
    // rota's (when the plan is to be kept).
    let kept: Vec<Duty> = match &args.kept {
        Some(path) => read_plan(CsvInput::open(path, &rules.limits)?, &whole)?
            .into_iter()
            .filter(|d| d.day < from)
            .collect(),
        None if args.keep => {
            let window = from.plus_days(
                -(rules
                    .rota
                    .rest_window_days
                    .max(rules.rota.max_consecutive_days) as i32)
                    - 1,
            );
            store
                .kept_rota(
                    &whole,
                    window.unwrap_or(from),
                    from.plus_days(-1).unwrap_or(from),
                )
                .await?
        }
        None => Vec::new(),
    };
    // The people outside the unit are left out, and the kept duties' people
    // numbered again for the roster that remains.
    let (staff, index) = under_only(whole, &tree, args.under.as_deref(), from)?;
    let kept: Vec<Duty> = kept
        .into_iter()
        .filter_map(|mut d| {
            d.person = index.get(d.person).copied().flatten()?;
            Some(d)
        })
        .collect();
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
    if args.keep {
        let through = from.plus_days(args.days as i32 - 1).unwrap_or(from);
        let n = store
            .put_rota(
                &staff,
                &planned.duties,
                from,
                through,
                crate::clock::now_in(store).await?,
                &crate::actor::cli_actor(),
            )
            .await?;
        eprintln!("kept: {n} duties from {from} through {through} are the rota now");
    }
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
    for b in &breaches {
        crate::out!("breach: {}", breach_words(b, &staff, &rules.rota));
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

async fn keep_rota(
    store: &Store,
    path: &std::path::Path,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let staff = store.staff().await?;
    let duties = read_plan(CsvInput::open(path, &rules.limits)?, &staff)?;
    let (Some(first), Some(last)) = (
        duties.iter().map(|d| d.day).min(),
        duties.iter().map(|d| d.day).max(),
    ) else {
        crate::out!("{}: the plan has no duties; nothing kept", path.display());
        return Ok(());
    };
    // Held to the rules with the kept days before it counted (days running).
    let before = store
        .kept_rota(
            &staff,
            first
                .plus_days(-(rules.rota.max_consecutive_days as i32))
                .unwrap_or(first),
            first.plus_days(-1).unwrap_or(first),
        )
        .await?;
    let days = last.offset_from(first) as u32 + 1;
    // Only the units the plan covers are held to it (and replaced).
    let units: std::collections::BTreeSet<&fangkong_domain::UnitCode> =
        duties.iter().map(|d| &d.unit).collect();
    let covered: Vec<usize> = (0..staff.len())
        .filter(|&i| units.contains(&staff[i].unit))
        .collect();
    let mut renumber = vec![None; staff.len()];
    let in_plan: Vec<Staff> = covered
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            renumber[i] = Some(n);
            staff[i].clone()
        })
        .collect();
    let move_to = |d: &Duty| {
        let mut d = d.clone();
        d.person = renumber[d.person]?;
        Some(d)
    };
    let held = Plan {
        duties: duties.iter().filter_map(move_to).collect(),
        gaps: Vec::new(),
    };
    let past: Vec<Duty> = before.iter().filter_map(move_to).collect();
    let pairs = form_pairs(&in_plan);
    // A shortfall (fewer on duty than the minimum, a pair with nobody on) is
    // a gap named, as the planner names it: people may simply be too few. A
    // duty that breaks a rule (two posts of a pair, a day away, too many
    // days running, the wrong unit) refuses the whole plan.
    let (gaps, breaches): (Vec<Breach>, Vec<Breach>) =
        check(&held, &in_plan, &pairs, &rules.rota, first, days, &past)
            .into_iter()
            .partition(|b| {
                matches!(
                    b,
                    Breach::Short { .. } | Breach::PairPosts { on_duty: 0, .. }
                )
            });
    for g in &gaps {
        eprintln!("gap: {}", breach_words(g, &in_plan, &rules.rota));
    }
    if !breaches.is_empty() {
        for b in &breaches {
            crate::out!("breach: {}", breach_words(b, &in_plan, &rules.rota));
        }
        return Err(anyhow::anyhow!(
            "{} breaches of the rota rules: nothing was kept",
            breaches.len()
        ));
    }
    let n = store
        .put_rota(
            &in_plan,
            &held.duties,
            first,
            last,
            crate::clock::now_in(store).await?,
            &crate::actor::cli_actor(),
        )
        .await?;
    crate::out!(
        "{}: {n} duties kept from {first} through {last} in {} units",
        path.display(),
        units.len()
    );
    Ok(())
}

async fn calendars(
    store: &Store,
    under: Option<&str>,
    from: &str,
    days: u32,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    let from = day_arg("--from", from)?;
    let through = from.plus_days(days as i32 - 1).unwrap_or(from);
    let units = store.units().await?;
    let tree = units
        .history
        .tree_on(from)
        .map_err(|e| anyhow::anyhow!("the stored tree of {from} is invalid: {}", e[0]))?;
    let (staff, _) = under_only(store.staff().await?, &tree, under, from)?;
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    let now = crate::clock::now_in(store).await?;
    let mut written = 0;
    for s in &staff {
        let shifts = store.shifts_of_person(&s.id, from, through).await?;
        if shifts.is_empty() {
            continue;
        }
        let text = fangkong_web::shifts::shifts_calendar(
            &s.name,
            &shifts,
            |code| {
                tree.get(code)
                    .map_or_else(|| code.to_string(), |u| u.name.clone())
            },
            fangkong_web::i18n::Lang::Zh,
            now,
        );
        // Ids are the roster's own: anything but letters, digits, - and _ is
        // replaced, so that no id can name a path outside the folder.
        let file: String =
            s.id.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
        let path = dir.join(format!("{file}.ics"));
        std::fs::write(&path, text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        written += 1;
    }
    crate::out!(
        "{written} calendars written to {} ({} people; those without a kept duty from {from} through {through} have none)",
        dir.display(),
        staff.len()
    );
    Ok(())
}

/// A breach in words.
fn breach_words(b: &Breach, staff: &[Staff], rules: &fangkong_domain::rota::RotaRules) -> String {
    let who = |i: usize| {
        staff
            .get(i)
            .map_or_else(|| format!("#{i}"), |s| format!("{} ({})", s.id, s.name))
    };
    match b {
        Breach::PairPosts { day, pair, on_duty } => {
            format!("{day}: pair {pair} has {on_duty} posts on duty (one is the rule)")
        }
        Breach::Short { day, unit, on_duty } => format!(
            "{day} {unit}: {on_duty} on duty, {} needed (min_on_duty)",
            rules.min_on_duty
        ),
        Breach::Away { day, person } => {
            format!("{day}: {} is on duty on a day away", who(*person))
        }
        Breach::TooManyDays { day, person } => format!(
            "{day}: {} is on duty more than {} days running",
            who(*person),
            rules.max_consecutive_days
        ),
        Breach::Misplaced { day, person } => {
            format!(
                "{day}: {} is on duty twice or outside their unit",
                who(*person)
            )
        }
    }
}
