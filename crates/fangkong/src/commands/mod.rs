//! The commands: each module turns parsed arguments into calls on the store and
//! the domain, and prints the result. No rule lives here.

mod alerts;
mod appeals;
mod appeals_evaluation;
mod appeals_life;
mod appeals_voices;
mod audit;
mod backup;
mod burden;
mod completeness;
mod copy;
mod demo;
pub mod dhis2;
mod disputes;
mod events;
mod explain;
mod facilities;
mod followup;
mod history;
mod import;
mod inspections;
mod movement;
mod pass;
mod phases;
mod published;
mod quality;
mod reconcile;
mod registry;
pub mod reminders;
mod report;
mod reports;
mod rota;
mod rt;
mod serve;
mod staff;
mod status;
mod units;
mod user;
mod zones;

use anyhow::Context;
use fangkong_domain::unit::{UnitIndex, UnitTree};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::Store;

use crate::cli::{Cli, Command};
use crate::import::Rejected;

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Demo(args) = &cli.command {
        return demo::run(&cli.db, args).await;
    }
    if let Command::Openapi = &cli.command {
        println!("{}", fangkong_web::api::openapi_json()?);
        return Ok(());
    }
    if let Command::Copy(args) = &cli.command {
        return copy::run(args.from.as_ref().unwrap_or(&cli.db), &args.to).await;
    }
    if let Command::Serve(args) = &cli.command {
        return serve::run(&cli.db, cli.rules.as_deref(), args).await;
    }
    let store = Store::connect(&cli.db)
        .await
        .with_context(|| format!("opening the database {}", cli.db))?;
    let rules = cli.rules.as_deref();
    let result = match cli.command {
        Command::Import(cmd) => import::run(&store, cmd, rules).await,
        Command::Report(args) => report::run(&store, args, rules).await,
        Command::Units(args) => units::list(&store, args).await,
        Command::Unit(cmd) => units::edit(&store, cmd).await,
        Command::Reports(args) => reports::run(&store, args).await,
        Command::History(args) => history::run(&store, args).await,
        Command::Published(args) => published::series(&store, args).await,
        Command::Annotations(args) => published::annotations(&store, args).await,
        Command::Status(args) => status::run(&store, args, rules).await,
        Command::Explain(args) => explain::run(&store, args, rules).await,
        Command::Events(args) => events::run(&store, args, rules).await,
        Command::Phases(args) => phases::run(&store, args, rules).await,
        Command::Rt(args) => rt::run(&store, args, rules).await,
        Command::Appeals(cmd) => appeals::run(&store, cmd, rules).await,
        Command::Disputes(cmd) => disputes::run(&store, cmd, rules).await,
        Command::Alerts {
            date,
            acknowledge,
            close,
            assign,
            to,
            note,
            format,
        } => {
            alerts::run(
                &store,
                alerts::Request {
                    date: date.as_deref(),
                    acknowledge: acknowledge.as_deref(),
                    close: close.as_deref(),
                    assign: assign.as_deref().zip(to.as_deref()),
                    note: &note,
                    format,
                },
                rules,
            )
            .await
        }
        Command::Zones(args) => zones::run(&store, args, rules).await,
        Command::Rota(cmd) => rota::run(&store, cmd, rules).await,
        Command::Staff(cmd) => staff::staff(&store, cmd, rules).await,
        Command::Care(cmd) => staff::care(&store, cmd, rules).await,
        Command::Reminders(cmd) => reminders::run(&store, cmd, rules).await,
        Command::User(cmd) => user::run(&store, cmd).await,
        Command::Inspections(cmd) => inspections::run(&store, cmd, rules).await,
        Command::Movement(args) => movement::run(&store, args, rules).await,
        Command::Pass(cmd) => pass::run(&store, cmd, rules).await,
        Command::Quality(args) => quality::run(&store, args, rules).await,
        Command::Reconcile(args) => reconcile::run(&store, args).await,
        Command::Completeness(args) => completeness::run(&store, args, rules).await,
        Command::Burden(args) => burden::run(&store, args).await,
        Command::Audit(args) => audit::run(&store, args).await,
        Command::Backup(args) => backup::run(&store, &cli.db, &args.file).await,
        Command::Dhis2(cmd) => dhis2::run(&store, cmd, rules).await,
        Command::Registry(cmd) => registry::run(&store, cmd, rules).await,
        Command::Followup(cmd) => followup::run(&store, cmd).await,
        Command::Facilities(cmd) => facilities::run(&store, cmd, rules).await,
        Command::Compliance(args) => registry::compliance(&store, args, rules).await,
        Command::Demo(_) | Command::Serve(_) | Command::Openapi | Command::Copy(_) => Ok(()),
    };
    store.close().await;
    result
}

/// Parses a day given on the command line, naming the flag on failure.
pub(crate) fn day_arg(flag: &str, text: &str) -> Result<Day, Rejected> {
    Day::parse(text).map_err(|e| rejected_arg(flag, e.to_string()))
}

/// Parses a unit code given on the command line, naming the argument on failure.
pub(crate) fn code_arg(flag: &str, text: &str) -> Result<UnitCode, Rejected> {
    UnitCode::parse(text).map_err(|e| rejected_arg(flag, e.to_string()))
}

/// The units a command covers, parents first: `--under CODE` and everything
/// beneath it, or the whole tree. `when` says which tree, for the message.
pub(crate) fn scope(
    tree: &UnitTree,
    under: Option<&str>,
    when: &str,
) -> Result<Vec<UnitIndex>, Rejected> {
    match under {
        None => Ok(tree.preorder()),
        Some(code) => {
            let code = code_arg("--under", code)?;
            let root = tree.index_of(&code).ok_or_else(|| {
                rejected_arg("--under", format!("unit {code} is not in the tree{when}"))
            })?;
            Ok(tree.subtree(root))
        }
    }
}

/// A rejection of one command-line argument.
pub(crate) fn rejected_arg(flag: &str, message: String) -> Rejected {
    let mut r = Rejected::new("the command line");
    r.add(None, Some(flag), message);
    r
}

/// A new report, or a correction with its reason (`--correct --reason`),
/// the reason within the limits of a note.
pub(crate) fn submission(
    correct: bool,
    reason: Option<String>,
    limits: &fangkong_domain::limits::Limits,
) -> Result<fangkong_domain::report::Submission, Rejected> {
    match (correct, reason) {
        (true, Some(reason)) => {
            limits
                .note(&reason)
                .map_err(|e| rejected_arg("--reason", e.to_string()))?;
            Ok(fangkong_domain::report::Submission::Correction { reason })
        }
        _ => Ok(fangkong_domain::report::Submission::New),
    }
}

/// The unit a reporting command is about: `code` if given, else the root of the
/// tree (the city).
pub(crate) async fn unit_or_root(store: &Store, code: Option<&str>) -> anyhow::Result<UnitCode> {
    if let Some(code) = code {
        return Ok(code_arg("CODE", code)?);
    }
    let units = store.units().await?;
    let tree = units
        .history
        .current_tree()
        .map_err(|e| anyhow::anyhow!("the stored tree is invalid: {}", e[0]))?;
    let mut roots = tree.roots();
    match (roots.next(), roots.next()) {
        (Some(root), None) => Ok(tree.unit(root).code.clone()),
        (None, _) => anyhow::bail!("the database holds no units: import some first"),
        (Some(_), Some(_)) => anyhow::bail!("the tree has several roots: name the unit (CODE)"),
    }
}

/// A `--date` argument, or today for this database.
pub(crate) async fn date_or_today(store: &Store, date: Option<&str>) -> anyhow::Result<Day> {
    match date {
        Some(d) => Ok(day_arg("--date", d)?),
        None => crate::clock::today_in(store).await,
    }
}
