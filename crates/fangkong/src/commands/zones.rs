//! `fangkong zones`: tier counts by days since the last event, per child unit.
//! Events are listed days of case-address lists and grassroots reports with a new
//! confirmed case, suspected case or close contact.

use fangkong_domain::zones::counts::tier_counts;
use fangkong_store::Store;

use super::{code_arg, day_arg, rejected_arg};
use crate::cli::ZonesArgs;
use crate::derive::rules;
use crate::output::Table;
use fangkong_store::TreeKeys;

/// Runs `zones`.
pub async fn run(
    store: &Store,
    args: ZonesArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let policy = rules.zones.get(&args.policy).ok_or_else(|| {
        rejected_arg(
            "--policy",
            format!(
                "no zone policy '{}' (the rules have: {})",
                args.policy,
                rules.zones.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let from = day_arg("--date", &args.date)?;
    let to = args
        .to
        .as_deref()
        .map(|d| day_arg("--to", d))
        .transpose()?
        .unwrap_or(from);
    let units = store.units().await?;
    let tree = units
        .history
        .tree_on(to)
        .map_err(|e| anyhow::anyhow!("the stored tree of {to} is invalid: {}", e[0]))?;
    let under = match args.under.as_deref() {
        Some(code) => {
            let code = code_arg("--under", code)?;
            tree.index_of(&code).ok_or_else(|| {
                rejected_arg("--under", format!("unit {code} is not in the tree on {to}"))
            })?
        }
        None => {
            let roots: Vec<u32> = tree.roots().collect();
            match roots[..] {
                [only] => only,
                [] => {
                    return Err(rejected_arg(
                        "--under",
                        "the tree is empty: import units first".to_string(),
                    )
                    .into());
                }
                _ => {
                    let names: Vec<&str> =
                        roots.iter().map(|&r| tree.unit(r).code.as_str()).collect();
                    return Err(rejected_arg(
                        "--under",
                        format!(
                            "the tree has several roots ({}): name one",
                            names.join(", ")
                        ),
                    )
                    .into());
                }
            }
        }
    };
    let keys = TreeKeys::new(&units, &tree);
    let events = store.event_days(&keys, tree.len()).await?;
    let mut table = Table::new(&["date", "code", "name", "tier", "units"]);
    let mut day = from;
    while day <= to {
        for c in tier_counts(&tree, &events, policy, under, day) {
            let u = tree.unit(c.unit);
            table.push(vec![
                day.to_string().into(),
                u.code.as_str().into(),
                u.name.as_str().into(),
                c.tier.into(),
                (c.units as i64).into(),
            ]);
        }
        let Some(next) = day.next() else { break };
        day = next;
    }
    table.print(args.format)
}
