//! `fangkong audit`: reads the append-only audit log. There is no command that
//! changes it: the database refuses updates and deletes of its rows outright.

use fangkong_domain::Day;
use fangkong_store::{AuditFilter, Outcome, Store};
use jiff::civil::Time;

use super::day_arg;
use crate::cli::AuditArgs;
use crate::output::Table;

/// Runs `audit`.
pub async fn run(store: &Store, args: AuditArgs) -> anyhow::Result<()> {
    let start_of = |flag: &str, text: &str, after: i32| -> anyhow::Result<_> {
        let day: Day = day_arg(flag, text)?;
        Ok(day
            .plus_days(after)
            .and_then(|d| d.at_shanghai(Time::midnight())))
    };
    let filter = AuditFilter {
        actor: args.actor,
        action: args.action,
        outcome: args.outcome.as_deref().map(|o| {
            if o == "denied" {
                Outcome::Denied
            } else {
                Outcome::Done
            }
        }),
        target: args.target,
        since: args
            .since
            .as_deref()
            .map(|d| start_of("--since", d, 0))
            .transpose()?
            .flatten(),
        until: args
            .until
            .as_deref()
            .map(|d| start_of("--until", d, 1))
            .transpose()?
            .flatten(),
        before_id: None,
        limit: Some(args.limit),
    };
    let entries = store.audit_entries(&filter).await?;
    let mut table = Table::new(&[
        "id",
        "at",
        "actor",
        "action",
        "target",
        "old_value",
        "new_value",
        "reason",
        "outcome",
    ]);
    for e in entries {
        table.push(vec![
            e.id.into(),
            e.at.to_string().into(),
            e.actor.into(),
            e.action.into(),
            e.target.into(),
            e.old_value.into(),
            e.new_value.into(),
            e.reason.into(),
            e.outcome.name().into(),
        ]);
    }
    table.print(args.format)
}
