//! `fangkong pass …`: issue a pass as a QR code, verify one (exit 3 when it
//! does not hold), revoke, list; the keys that sign them.

use base64::Engine as _;
use fangkong_domain::movement::Purpose;
use fangkong_domain::pass::Refusal;
use fangkong_store::Store;
use fangkong_web::pass_check::{self, IssueFailure, PassRequest};

use super::movement::{engine_for, level_of, levels};
use super::{code_arg, date_or_today, rejected_arg, scope};
use crate::cli::{IssueArgs, KeysAction, PassCommand};
use crate::derive::rules;
use crate::output::{Cell, Table};

/// Runs `pass …`.
pub async fn run(
    store: &Store,
    cmd: PassCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    match cmd {
        PassCommand::Issue(args) => issue(store, args, rules_path).await,
        PassCommand::Verify { token, date } => {
            verify(store, &token, date.as_deref(), rules_path).await
        }
        PassCommand::Revoke { id, on, reason } => {
            let on = date_or_today(store, on.as_deref()).await?;
            if reason.trim().is_empty() {
                return Err(rejected_arg("--reason", "say why the pass is revoked".into()).into());
            }
            let now = crate::clock::now_in(store).await?;
            if store.pass(&id).await?.is_none() {
                return Err(rejected_arg("ID", format!("no pass {id}")).into());
            }
            let done = store
                .revoke_pass(&id, on, reason.trim(), now, &crate::actor::cli_actor())
                .await?;
            if done {
                println!("pass {id} revoked from {on}");
            } else {
                println!("pass {id} was revoked already");
            }
            Ok(())
        }
        PassCommand::List { under, format } => {
            let units = store.units().await?;
            let today = crate::clock::today_in(store).await?;
            let tree = units
                .history
                .tree_on(today)
                .map_err(|e| anyhow::anyhow!("the stored tree of {today} is invalid: {}", e[0]))?;
            let codes: Vec<_> = scope(&tree, under.as_deref(), "")?
                .into_iter()
                .map(|i| tree.unit(i).code.clone())
                .collect();
            let mut table = Table::new(&[
                "id",
                "unit_code",
                "name",
                "holder",
                "purpose",
                "from",
                "until",
                "kid",
                "revoked_on",
            ]);
            for p in store.passes(Some(&codes)).await? {
                let name = tree
                    .get(&code_arg("unit", &p.pass.unit)?)
                    .map(|u| u.name.clone())
                    .unwrap_or_default();
                table.push(vec![
                    p.pass.id.as_str().into(),
                    p.pass.unit.as_str().into(),
                    name.into(),
                    p.pass.holder.as_str().into(),
                    p.pass.purpose.name().into(),
                    p.pass.from.to_string().into(),
                    p.pass.until.to_string().into(),
                    p.kid.as_str().into(),
                    p.revoked_on.map(|d| d.to_string()).into(),
                ]);
            }
            table.print(format)
        }
        PassCommand::Keys { action } => keys(store, action).await,
    }
}

async fn keys(store: &Store, action: KeysAction) -> anyhow::Result<()> {
    let b64 = base64::engine::general_purpose::STANDARD;
    match action {
        KeysAction::Rotate => {
            let now = crate::clock::now_in(store).await?;
            let key = pass_check::rotate_key(store, now, &crate::actor::cli_actor()).await?;
            println!(
                "{} signs from now on; older keys still verify what they signed",
                key.kid
            );
        }
        KeysAction::Public => {
            let map: serde_json::Map<String, serde_json::Value> = store
                .signing_keys()
                .await?
                .into_iter()
                .map(|k| (k.kid, serde_json::Value::String(b64.encode(k.public))))
                .collect();
            println!("{}", serde_json::to_string_pretty(&map)?);
        }
        KeysAction::List => {
            let mut table = Table::new(&["kid", "public_key", "created_at", "retired_at"]);
            for k in store.signing_keys().await? {
                table.push(vec![
                    k.kid.as_str().into(),
                    b64.encode(k.public).into(),
                    k.created_at.to_string().into(),
                    k.retired_at.map(|t| t.to_string()).into(),
                ]);
            }
            table.print(crate::output::Format::Table)?;
        }
    }
    Ok(())
}

async fn issue(
    store: &Store,
    args: IssueArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let unit = code_arg("--unit", &args.unit)?;
    let purpose = Purpose::parse(&args.purpose).ok_or_else(|| {
        rejected_arg(
            "--purpose",
            format!(
                "'{}' is not one of {}",
                args.purpose,
                Purpose::ALL.map(Purpose::name).join(", ")
            ),
        )
    })?;
    let from = date_or_today(store, args.from.as_deref()).await?;
    let (loaded, pending) = engine_for(store, &rules, from).await?;
    if loaded.engine.tree().index_of(&unit).is_none() {
        return Err(rejected_arg(
            "--unit",
            format!("unit {unit} is not in the tree on {from}"),
        )
        .into());
    }
    let levels = levels(&loaded.engine, &rules, from, pending)?;
    let level = level_of(&loaded.engine, &levels, unit.as_str());
    let now = crate::clock::now_in(store).await?;
    let request = PassRequest {
        unit: unit.as_str(),
        holder: &args.holder,
        purpose,
        from,
        days: args.days,
        max_days: rules.inspections.pass_max_days,
    };
    let issued = match pass_check::issue(
        store,
        &request,
        level.as_ref(),
        now,
        &crate::actor::cli_actor(),
    )
    .await
    {
        Ok(i) => i,
        Err(IssueFailure::Refused(e)) => return Err(rejected_arg("--unit", e.to_string()).into()),
        Err(e) => return Err(e.into()),
    };
    let url = format!("{}/pass/{}", args.base.trim_end_matches('/'), issued.token);
    if let Some(out) = &args.out {
        let png = fangkong_exchange::qr::png(&url, 6)?;
        std::fs::write(out, png)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?;
        eprintln!("QR code written to {}", out.display());
    }
    eprintln!(
        "pass {} for {} of {}: {} from {} until {}",
        issued.pass.id, issued.pass.holder, unit, purpose, issued.pass.from, issued.pass.until
    );
    println!("{url}");
    Ok(())
}

/// A refusal in words.
pub(crate) fn refusal_text(r: &Refusal) -> String {
    match r {
        Refusal::BadSignature => {
            "the signature does not hold: altered, forged or signed by an unknown key".into()
        }
        Refusal::Unreadable => "not a pass token".into(),
        Refusal::NotYet { from } => format!("not valid before {from}"),
        Refusal::Expired { until } => format!("expired: valid until {until}"),
        Refusal::Revoked { on } => format!("revoked from {on}"),
        Refusal::Unknown => "not a pass this server issued".into(),
        Refusal::LevelDisallows { level, purpose } => {
            format!("the unit's level that day ({level}) does not allow going out for {purpose}")
        }
        Refusal::NoLevel => "the unit has no movement level".into(),
    }
}

async fn verify(
    store: &Store,
    token: &str,
    date: Option<&str>,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let day = date_or_today(store, date).await?;
    let (loaded, pending) = engine_for(store, &rules, day).await?;
    let levels = levels(&loaded.engine, &rules, day, pending)?;
    let verdict = pass_check::verify(store, token, day, |code| {
        level_of(&loaded.engine, &levels, code)
    })
    .await?;
    let level = verdict
        .level
        .as_ref()
        .map(|l| format!("{} ({})", l.name, l.label_zh))
        .unwrap_or_else(|| "none".into());
    match (&verdict.pass, &verdict.result) {
        (Some(p), Ok(())) => {
            let mut table = Table::new(&[
                "valid",
                "day",
                "id",
                "unit_code",
                "holder",
                "purpose",
                "until",
                "level",
            ]);
            table.push(vec![
                Cell::from(true),
                day.to_string().into(),
                p.id.as_str().into(),
                p.unit.as_str().into(),
                p.holder.as_str().into(),
                p.purpose.name().into(),
                p.until.to_string().into(),
                level.into(),
            ]);
            table.print(crate::output::Format::Table)
        }
        (pass, Err(r)) => {
            let what = pass
                .as_ref()
                .map(|p| format!("pass {} of {}", p.id, p.unit))
                .unwrap_or_else(|| "the pass".into());
            Err(rejected_arg(
                "TOKEN",
                format!(
                    "{what} is not valid on {day}: {} [{}]; level: {level}",
                    refusal_text(r),
                    r.name()
                ),
            )
            .into())
        }
        (None, Ok(())) => anyhow::bail!("a valid verdict without its pass"),
    }
}
