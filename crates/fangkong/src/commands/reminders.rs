//! `fangkong reminders run|list`: late reports reminded to whoever is on
//! duty, once each, and the outbox sent and shown.

use fangkong_domain::Day;
use fangkong_domain::registry::mask;
use fangkong_store::Store;
use fangkong_web::reminders::{Senders, deliver, remind_late};

use super::day_arg;
use crate::cli::{RemindersCommand, SenderArgs};
use crate::derive::rules;
use crate::output::Table;

/// The senders `args` configure.
pub fn senders(args: &SenderArgs) -> Senders {
    Senders {
        webhook: args.webhook.clone(),
        smtp: args.smtp.clone(),
        smtp_from: args.smtp_from.clone(),
    }
}

/// Runs `reminders …`.
pub async fn run(
    store: &Store,
    cmd: RemindersCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    match cmd {
        RemindersCommand::Run { date, senders: s } => {
            let rules = rules::load(rules_path)?;
            let clock = crate::clock::clock_in(store).await?;
            let days = match date {
                Some(d) => vec![day_arg("--date", &d)?],
                None => fangkong_web::reminders::days_to_remind(clock.today()),
            };
            let found = remind_late(store, &rules.quality.deadline, &days, clock.now()).await?;
            crate::out!(
                "{} reports late, {} with nobody on duty in the kept rota; {} reminders new in the outbox",
                found.late,
                found.nobody_on_duty,
                found.written
            );
            let senders = senders(&s);
            if senders.any() {
                let done = deliver(store, &senders, || clock.now()).await?;
                crate::out!(
                    "sent {}, failed {} (kept to try again), {} with no way to reach them",
                    done.sent,
                    done.failed,
                    done.unreachable
                );
            } else {
                crate::out!(
                    "no sender configured (--webhook, --smtp): the reminders wait in the outbox and on the people's phone page"
                );
            }
            Ok(())
        }
        RemindersCommand::List { limit, format } => {
            let mut table = Table::new(&[
                "id",
                "kind",
                "person_id",
                "name",
                "phone",
                "unit_code",
                "date",
                "subject",
                "sent_at",
                "sent_by",
                "attempts",
                "last_error",
            ]);
            for m in store.outbox(limit).await? {
                table.push(vec![
                    m.id.into(),
                    m.kind.into(),
                    m.person_id.into(),
                    m.name.into(),
                    m.phone.as_deref().map(mask::phone).into(),
                    m.unit.map(|u| u.to_string()).into(),
                    m.day.map(|d| d.to_string()).into(),
                    m.subject.into(),
                    m.sent_at
                        .map(|t| Day::shanghai_time(t).strftime("%Y-%m-%d %H:%M").to_string())
                        .into(),
                    m.sent_by.into(),
                    m.attempts.into(),
                    m.last_error.into(),
                ]);
            }
            table.print(format)
        }
    }
}
