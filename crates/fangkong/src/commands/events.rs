//! `fangkong events`: units that gained or lost the epidemic-free status each day.

use fangkong_store::Store;

use super::status::{as_of_arg, day_before};
use super::{day_arg, rejected_arg, scope};
use crate::cli::EventsArgs;
use crate::derive::rules;
use crate::output::Table;

/// Runs `events`.
pub async fn run(
    store: &Store,
    args: EventsArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let from = day_arg("--from", &args.from)?;
    let to = day_arg("--to", &args.to)?;
    if to < from {
        return Err(rejected_arg("--to", format!("{to} is before --from {from}")).into());
    }
    let as_of = as_of_arg(args.as_recorded_at.as_deref())?;
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, to, day_before(from), to, as_of)
            .await?;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let units = scope(tree, args.under.as_deref(), &format!(" on {to}"))?;
    let mut table = Table::new(&["date", "code", "name", "kind", "change", "zero_days"]);
    let pending = Some(super::status::pending_from(store, &rules, as_of).await?);
    let mut previous = engine.status_as_of(day_before(from), pending);
    let mut day = from;
    while day <= to {
        let Some(current) = engine.status_as_of(day, pending) else {
            break;
        };
        if let Some(prev) = &previous {
            for &i in &units {
                let (p, c) = (&prev.units[i as usize], &current.units[i as usize]);
                // Pending is neither: a unit waiting for reports not yet due has
                // not lost the status, nor gained it.
                if p.pending || c.pending {
                    continue;
                }
                let (was, is) = (p.epidemic_free, c.epidemic_free);
                if was != is {
                    let u = tree.unit(i);
                    table.push(vec![
                        day.to_string().into(),
                        u.code.as_str().into(),
                        u.name.as_str().into(),
                        u.kind.name().into(),
                        if is { "gained" } else { "lost" }.into(),
                        current.units[i as usize].zero_days.into(),
                    ]);
                }
            }
        }
        previous = Some(current);
        let Some(next) = day.next() else { break };
        day = next;
    }
    table.print(args.format)
}
