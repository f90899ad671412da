//! `fangkong alerts`: the early warnings of a day (SPEC §8), each with its
//! severity and why, and acknowledging or closing one. The alerts themselves
//! are raised by the store ([`fangkong_store::Store::alerts_on`]), the same for
//! the pages and the API.

use fangkong_domain::access::Action;
use fangkong_domain::alerts::AlertState;
use fangkong_store::{AlertNoteError, Store};

use super::status::day_before;
use super::{date_or_today, rejected_arg};
use crate::derive::rules;
use crate::output::{Format, Table};

/// What `alerts` is asked.
pub struct Request<'a> {
    /// The day.
    pub date: Option<&'a str>,
    /// An alert to acknowledge, `kind:key`.
    pub acknowledge: Option<&'a str>,
    /// An alert to close, `kind:key`.
    pub close: Option<&'a str>,
    /// An alert to hand on, `kind:key`, and the account to hand it to.
    pub assign: Option<(&'a str, &'a str)>,
    /// What was done.
    pub note: &'a str,
    /// The output format.
    pub format: Format,
}

/// Runs `alerts`.
pub async fn run(
    store: &Store,
    request: Request<'_>,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let day = date_or_today(store, request.date).await?;
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, day, day_before(day), day, None)
            .await?;
    if let Some((target, to)) = request.assign {
        return assign(store, &loaded, &rules, day, target, to, request.note).await;
    }
    let wanted = match (request.acknowledge, request.close) {
        (Some(k), _) => Some((k, AlertState::Acknowledged, "--acknowledge")),
        (_, Some(k)) => Some((k, AlertState::Closed, "--close")),
        _ => None,
    };
    if let Some((target, state, flag)) = wanted {
        let (kind, key) = target.split_once(':').ok_or_else(|| {
            rejected_arg(
                flag,
                format!("'{target}' is not KIND:KEY (e.g. resurgence:420102002003-01)"),
            )
        })?;
        let actor = crate::actor::cli_actor();
        let pending = Some(crate::clock::pending_from(store, &rules.quality.deadline).await?);
        return match store
            .note_alert(
                &loaded,
                &rules,
                day,
                kind,
                key,
                state,
                request.note,
                &actor,
                pending,
                crate::clock::clock_in(store).await?.now(),
            )
            .await
        {
            Ok(()) => {
                crate::out!("{kind}:{key} on {day} is {}", state.name());
                Ok(())
            }
            Err(AlertNoteError::Store(e)) => Err(e.into()),
            Err(e) => Err(rejected_arg(flag, e.to_string()).into()),
        };
    }
    let pending = Some(crate::clock::pending_from(store, &rules.quality.deadline).await?);
    let raised = store.alerts_on(&loaded, &rules, day, pending).await?;
    let mut table = Table::new(&[
        "kind", "severity", "key", "unit", "name", "why", "state", "note", "assignee",
    ]);
    for r in raised {
        let state = r.state_name();
        table.push(vec![
            r.kind.name().into(),
            r.severity.name().into(),
            r.key.into(),
            r.unit.into(),
            r.name.into(),
            fangkong_web::i18n::alerts::why(&r.why, fangkong_web::i18n::Lang::En).into(),
            state.into(),
            r.note.into(),
            r.assignee.into(),
        ]);
    }
    if request.format == Format::Table {
        crate::out!("alerts on {day}");
    }
    table.print(request.format)
}

/// Hands alert `target` (`kind:key`) of `day` to the account `to`, which
/// must be enabled and may handle alerts where the alert answers (the same
/// rule as the pages' and the API's).
async fn assign(
    store: &Store,
    loaded: &fangkong_store::Loaded,
    rules: &fangkong_domain::config::RulesConfig,
    day: fangkong_domain::Day,
    target: &str,
    to: &str,
    note: &str,
) -> anyhow::Result<()> {
    let (kind, key) = target.split_once(':').ok_or_else(|| {
        rejected_arg(
            "--assign",
            format!("'{target}' is not KIND:KEY (e.g. resurgence:420102002003-01)"),
        )
    })?;
    let pending = Some(crate::clock::pending_from(store, &rules.quality.deadline).await?);
    let raised = store.alerts_on(loaded, rules, day, pending).await?;
    let tree = loaded.engine.tree();
    let alert = raised
        .iter()
        .find(|r| r.kind.name() == kind && r.key == key)
        .ok_or_else(|| rejected_arg("--assign", format!("no alert {kind}:{key} on {day}")))?;
    let handles = |a: &fangkong_store::Account| {
        alert
            .answers_to(tree)
            .is_some_and(|at| a.principal().may(Action::HandleAlerts(at), tree).is_ok())
    };
    let account = store
        .accounts()
        .await?
        .into_iter()
        .find(|a| a.username.as_str() == to && a.disabled_at.is_none());
    if !account.as_ref().is_some_and(handles) {
        return Err(rejected_arg(
            "--to",
            format!(
                "'{to}' is not an enabled account that may handle alerts of {}",
                alert.name
            ),
        )
        .into());
    }
    let actor = crate::actor::cli_actor();
    match store
        .assign_raised_alert(
            day,
            alert,
            to,
            note,
            &actor,
            crate::clock::clock_in(store).await?.now(),
        )
        .await
    {
        Ok(()) => {
            crate::out!("{kind}:{key} on {day} is handed to {to}");
            Ok(())
        }
        Err(AlertNoteError::Store(e)) => Err(e.into()),
        Err(e) => Err(rejected_arg("--assign", e.to_string()).into()),
    }
}
