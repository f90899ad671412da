//! `fangkong rota plan`: a rota from a roster file, gaps named.

use fangkong_domain::rota::{Gap, Why, form_pairs, plan};
use fangkong_store::Store;

use super::{code_arg, day_arg, rejected_arg};
use crate::cli::{RotaCommand, RotaPlanArgs};
use crate::derive::rules;
use crate::import::CsvInput;
use crate::import::roster::read_roster;
use crate::output::Table;

/// Runs `rota …`.
pub async fn run(
    store: &Store,
    cmd: RotaCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    match cmd {
        RotaCommand::Plan(args) => plan_rota(store, args, rules_path).await,
    }
}

async fn plan_rota(
    store: &Store,
    args: RotaPlanArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let from = day_arg("--from", &args.from)?;
    let units = store.units().await?;
    let tree = units
        .history
        .tree_on(from)
        .map_err(|e| anyhow::anyhow!("the stored tree of {from} is invalid: {}", e[0]))?;
    let mut staff = read_roster(CsvInput::open(&args.roster, &rules.limits)?, &tree)?;
    if let Some(under) = args.under.as_deref() {
        let code = code_arg("--under", under)?;
        let at = tree.index_of(&code).ok_or_else(|| {
            rejected_arg(
                "--under",
                format!("unit {code} is not in the tree on {from}"),
            )
        })?;
        staff.retain(|s| {
            tree.index_of(&s.unit)
                .is_some_and(|i| tree.is_within(i, at))
        });
    }
    let pairs = form_pairs(&staff);
    let planned = plan(&staff, &pairs, &rules.rota, from, args.days, &[]);
    let mut table = Table::new(&[
        "date",
        "unit_code",
        "pair",
        "post",
        "person_id",
        "name",
        "role",
    ]);
    for d in &planned.duties {
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
        let line = match g {
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
                                "{} ({}) on duty {} days running already",
                                s.id, s.name, rules.rota.max_consecutive_days
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
        };
        eprintln!("gap: {line}");
    }
    if !planned.gaps.is_empty() {
        eprintln!(
            "{} gaps: the roster is not enough to keep every rule on those days (nothing was broken to hide them)",
            planned.gaps.len()
        );
    }
    Ok(())
}
