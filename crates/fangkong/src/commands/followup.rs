//! `fangkong followup`: close contacts' daily check-ins, what is due and overdue,
//! and extensions.

use fangkong_domain::registry::followup::CheckInState;
use fangkong_domain::registry::mask;
use fangkong_store::Store;

use super::{date_or_today, day_arg, rejected_arg, unit_or_root};
use crate::cli::FollowupCommand;
use crate::output::{Format, Table};

/// Runs one follow-up command.
pub async fn run(store: &Store, cmd: FollowupCommand) -> anyhow::Result<()> {
    let actor = crate::actor::cli_actor();
    match cmd {
        FollowupCommand::List {
            date,
            under,
            overdue,
            team,
            by_team,
            format,
        } => {
            let day = date_or_today(store, date.as_deref()).await?;
            let unit = unit_or_root(store, under.as_deref()).await?;
            let units = store.units().await?;
            let tree = units
                .history
                .tree_on(day)
                .map_err(|e| anyhow::anyhow!("the stored tree of {day} is invalid: {}", e[0]))?;
            let root = tree
                .index_of(&unit)
                .ok_or_else(|| rejected_arg("--under", format!("no unit {unit} on {day}")))?;
            let open: Vec<_> = store
                .followups_on(day)
                .await?
                .into_iter()
                .filter(|f| {
                    tree.index_of(&f.unit)
                        .is_some_and(|i| tree.is_within(i, root))
                        && !(overdue && f.on.overdue.is_empty())
                        && team.as_deref().is_none_or(|t| f.team.as_deref() == Some(t))
                })
                .collect();
            if by_team {
                // One line per team and unit: who is behind, and by how much.
                let mut groups: std::collections::BTreeMap<(String, String), (i64, i64, i64)> =
                    Default::default();
                for f in &open {
                    let g = groups
                        .entry((f.team.clone().unwrap_or_default(), f.unit.to_string()))
                        .or_default();
                    g.0 += 1;
                    g.1 += i64::from(!f.on.overdue.is_empty());
                    g.2 += f.on.overdue.len() as i64;
                }
                let mut table =
                    Table::new(&["team", "unit", "open", "overdue_people", "overdue_days"]);
                for ((t, u), (n, late, days)) in groups {
                    table.push(vec![t.into(), u.into(), n.into(), late.into(), days.into()]);
                }
                if format == Format::Table {
                    crate::out!("follow-ups open on {day} under {unit}, by team and unit");
                }
                return table.print(format);
            }
            let mut table = Table::new(&[
                "reference",
                "name",
                "unit",
                "team",
                "last_exposure",
                "release",
                "due_today",
                "overdue",
                "overdue_days",
                "releasable",
                "unwell",
            ]);
            for f in open {
                table.push(vec![
                    f.person.reference.into(),
                    mask::name(&f.person.name).into(),
                    f.unit.to_string().into(),
                    f.team.unwrap_or_default().into(),
                    f.schedule.last_exposure.to_string().into(),
                    f.schedule.release.to_string().into(),
                    f.on.due_today.into(),
                    (f.on.overdue.len() as i64).into(),
                    f.on.overdue
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                        .into(),
                    f.on.releasable.into(),
                    f.on.unwell.into(),
                ]);
            }
            if format == Format::Table {
                crate::out!("follow-ups open on {day} under {unit}");
            }
            table.print(format)
        }
        FollowupCommand::Checkin {
            reference,
            date,
            state,
        } => {
            let day = day_arg("--date", &date)?;
            let state = CheckInState::parse(&state)
                .ok_or_else(|| rejected_arg("--state", format!("'{state}' is not a state")))?;
            let person = person(store, &reference).await?;
            let followups = store.followups().await?;
            let Some((schedule, _)) = followups.get(&person) else {
                return Err(
                    rejected_arg("REFERENCE", format!("{reference} is not followed up")).into(),
                );
            };
            schedule
                .check_in_day(day, crate::clock::today_in(store).await?)
                .map_err(|e| rejected_arg("--date", format!("{reference}: {e}")))?;
            store
                .check_in(
                    person,
                    day,
                    state,
                    crate::clock::now_in(store).await?,
                    &actor,
                )
                .await?;
            crate::out!(
                "check-in of {reference} on {day} recorded: {}",
                state.name()
            );
            Ok(())
        }
        FollowupCommand::Extend {
            reference,
            to,
            reason,
        } => {
            let to = day_arg("--to", &to)?;
            if reason.trim().is_empty() {
                return Err(
                    rejected_arg("--reason", "say why the follow-up is extended".into()).into(),
                );
            }
            let person = person(store, &reference).await?;
            let followups = store.followups().await?;
            let Some((schedule, _)) = followups.get(&person) else {
                return Err(
                    rejected_arg("REFERENCE", format!("{reference} is not followed up")).into(),
                );
            };
            let mut extended = schedule.clone();
            extended.extend(to).map_err(|e| rejected_arg("--to", e))?;
            store
                .extend_followup(
                    person,
                    to,
                    reason.trim(),
                    crate::clock::now_in(store).await?,
                    &actor,
                )
                .await?;
            crate::out!("the follow-up of {reference} now ends on {to}");
            Ok(())
        }
        FollowupCommand::Assign { reference, team } => {
            let person = person(store, &reference).await?;
            let team = Some(team.trim()).filter(|t| !t.is_empty());
            store
                .assign_team(person, team, crate::clock::now_in(store).await?, &actor)
                .await
                .map_err(|e| match e {
                    fangkong_store::StoreError::NotFound => anyhow::Error::from(rejected_arg(
                        "REFERENCE",
                        format!("{reference} is not followed up"),
                    )),
                    other => other.into(),
                })?;
            match team {
                Some(t) => crate::out!("{reference} is followed up by {t}"),
                None => crate::out!("{reference} is followed up by no team"),
            }
            Ok(())
        }
    }
}

async fn person(store: &Store, reference: &str) -> anyhow::Result<i64> {
    store.person_key(reference).await?.ok_or_else(|| {
        rejected_arg(
            "REFERENCE",
            format!("no person {reference} in the registry"),
        )
        .into()
    })
}
