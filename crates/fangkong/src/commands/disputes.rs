//! `fangkong disputes add|step|list`: the disputes register (矛盾纠纷) on the
//! command line. Parties are personal data: the list shows them masked.

use fangkong_domain::UnitCode;
use fangkong_domain::disputes::{DisputeChange, DisputeKind, DisputeStep, Risk};
use fangkong_domain::limits::{Limits, TextKind, normalise};
use fangkong_domain::registry::mask;
use fangkong_store::{DisputeStepError, NewDispute, Party, Store, StoreError};

use super::appeals_life::instant;
use super::rejected_arg;
use crate::cli::DisputesCommand;
use crate::output::Table;

/// Runs a `disputes` command.
pub async fn run(
    store: &Store,
    cmd: DisputesCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let limits = crate::derive::rules::load(rules_path)?.limits;
    match cmd {
        DisputesCommand::Add {
            unit,
            kind,
            risk,
            summary,
            parties,
            reference,
            at,
        } => {
            let unit = UnitCode::parse(&unit).map_err(|e| rejected_arg("--unit", e.to_string()))?;
            let kind = DisputeKind::parse(&kind).ok_or_else(|| {
                rejected_arg(
                    "--kind",
                    format!("'{kind}' is not neighbours, family, property, tenancy, labour, measures or other"),
                )
            })?;
            let risk = Risk::parse(&risk).ok_or_else(|| {
                rejected_arg("--risk", format!("'{risk}' is not high, medium or low"))
            })?;
            let summary = normalise(summary.trim());
            if summary.is_empty() {
                return Err(rejected_arg("--summary", "say what happened".into()).into());
            }
            limits
                .long_text(&summary)
                .map_err(|e| rejected_arg("--summary", e.to_string()))?;
            limits
                .parties(parties.len())
                .map_err(|e| rejected_arg("--party", e.to_string()))?;
            let parties = parties
                .iter()
                .map(|p| party(p, &limits))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| rejected_arg("--party", e))?;
            let reported_at = match at {
                Some(t) => instant(&t).map_err(|e| rejected_arg("--at", e))?,
                None => crate::clock::now_in(store).await?,
            };
            let reference = match reference {
                Some(r) => r,
                None => fangkong_store::new_reference("MD")?,
            };
            let d = NewDispute {
                reference: reference.clone(),
                unit: unit.clone(),
                kind,
                risk,
                summary,
                reported_at,
                parties,
            };
            store
                .add_dispute(
                    &d,
                    crate::clock::now_in(store).await?,
                    &crate::actor::cli_actor(),
                )
                .await
                .map_err(|e| match e {
                    StoreError::NotFound => {
                        anyhow::Error::from(rejected_arg("--unit", format!("no unit {unit}")))
                    }
                    StoreError::Conflict(_) => anyhow::Error::from(rejected_arg(
                        "--ref",
                        format!("a dispute {reference} exists already"),
                    )),
                    other => other.into(),
                })?;
            crate::out!("dispute {reference} recorded in {unit}");
            Ok(())
        }
        DisputesCommand::Step {
            reference,
            step,
            note,
            to,
            at,
        } => {
            let step = DisputeStep::from_parts(&step, to.as_deref())
                .map_err(|e| rejected_arg("STEP", e.to_string()))?;
            let change = DisputeChange {
                at: match at {
                    Some(t) => instant(&t).map_err(|e| rejected_arg("--at", e))?,
                    None => crate::clock::now_in(store).await?,
                },
                actor: crate::actor::cli_actor(),
                step,
                note: {
                    let note = normalise(note.trim());
                    limits
                        .note(&note)
                        .map_err(|e| rejected_arg("--note", e.to_string()))?;
                    note
                },
            };
            match store.add_dispute_step(&reference, &change).await {
                Ok(status) => {
                    crate::out!("dispute {reference} is {}", status.name());
                    Ok(())
                }
                Err(DisputeStepError::Store(e)) => Err(e.into()),
                Err(e @ DisputeStepError::NotFound(_)) => {
                    Err(rejected_arg("REFERENCE", e.to_string()).into())
                }
                Err(e) => Err(rejected_arg("STEP", e.to_string()).into()),
            }
        }
        DisputesCommand::List { unit, open, format } => {
            let units = store.units().await?;
            let tree = units
                .history
                .current_tree()
                .map_err(|e| anyhow::anyhow!("the stored tree is invalid: {}", e[0]))?;
            let under = match unit {
                None => None,
                Some(u) => {
                    let code =
                        UnitCode::parse(&u).map_err(|e| rejected_arg("--unit", e.to_string()))?;
                    Some(
                        tree.index_of(&code)
                            .ok_or_else(|| rejected_arg("--unit", format!("no unit {code}")))?,
                    )
                }
            };
            let mut table = Table::new(&[
                "ref",
                "reported_at",
                "unit",
                "kind",
                "risk",
                "status",
                "parties",
                "steps",
                "last_step",
                "outcome",
            ]);
            for d in store.disputes().await? {
                if let Some(u) = under
                    && !tree.index_of(&d.unit).is_some_and(|i| tree.is_within(i, u))
                {
                    continue;
                }
                let status = d
                    .status()
                    .map_err(|e| anyhow::anyhow!("dispute {}: {e}", d.reference))?;
                if open && !status.is_open() {
                    continue;
                }
                let last = d.steps.last();
                table.push(vec![
                    d.reference.clone().into(),
                    d.reported_at.to_string().into(),
                    d.unit.to_string().into(),
                    d.kind.name().into(),
                    d.risk.name().into(),
                    status.name().into(),
                    d.parties
                        .iter()
                        .map(|p| format!("{} ({})", mask::name(&p.name), p.role))
                        .collect::<Vec<_>>()
                        .join("; ")
                        .into(),
                    (d.steps.len() as i64).into(),
                    last.map(|c| c.step.name().to_string()).into(),
                    last.filter(|_| !status.is_open())
                        .map(|c| c.note.clone())
                        .into(),
                ]);
            }
            table.print(format)
        }
    }
}

/// A party as written: `NAME[,PHONE[,SIDE]]`.
fn party(text: &str, limits: &Limits) -> Result<Party, String> {
    let mut parts = text.splitn(3, ',').map(str::trim);
    let name = parts
        .next()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| format!("'{text}' has no name (NAME[,PHONE[,SIDE]])"))?;
    let phone = parts.next().filter(|p| !p.is_empty());
    if let Some(p) = phone
        && !p.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c))
    {
        return Err(format!("'{p}' is not a phone number"));
    }
    let role = parts.next().filter(|r| !r.is_empty());
    if let Some((field, e)) = limits
        .fields(&[
            ("name", Some(name), TextKind::Name),
            ("phone", phone, TextKind::Phone),
            ("side", role, TextKind::Name),
        ])
        .into_iter()
        .next()
    {
        return Err(format!("'{text}': {field}: {e}"));
    }
    Ok(Party {
        name: name.to_string(),
        phone: phone.map(str::to_string),
        role: role.unwrap_or("party").to_string(),
    })
}
