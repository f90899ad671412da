//! The reminders of late reports: one per report and person on duty, keyed so
//! that the outbox never takes a second.

use fangkong_domain::Day;
use fangkong_domain::quality::Deadline;
use fangkong_store::{NewMessage, Store, StoreError};
use jiff::Timestamp;

use crate::i18n::Lang;
use crate::i18n::catalogue::format;

/// What a round of reminding found and wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reminded {
    /// Reports past their deadline and still missing.
    pub late: usize,
    /// Of those, the ones with nobody on duty to remind (no rota kept).
    pub nobody_on_duty: usize,
    /// Messages new to the outbox.
    pub written: usize,
}

/// Writes to the outbox a reminder for each report of `days` past its
/// deadline (as of `now`) and still missing, to each person on duty in the
/// unit's community or village that day. The messages are in Simplified
/// Chinese, the language of the people who file the reports.
pub async fn remind_late(
    store: &Store,
    deadline: &Deadline,
    days: &[Day],
    now: Timestamp,
) -> Result<Reminded, StoreError> {
    let mut out = Reminded::default();
    let units = store.units().await?;
    for &day in days {
        if deadline.due(day).is_none_or(|due| now < due) {
            continue;
        }
        let Ok(tree) = units.history.tree_on(day) else {
            continue;
        };
        let roots: Vec<_> = tree.roots().map(|r| tree.unit(r).code.clone()).collect();
        let mut messages = Vec::new();
        for root in roots {
            let c = store.completeness(deadline, &root, day, now).await?;
            let due = c
                .due
                .map(|d| Day::shanghai_time(d).strftime("%m-%d %H:%M").to_string())
                .unwrap_or_default();
            for m in &c.missing {
                out.late += 1;
                if m.on_duty.is_empty() {
                    out.nobody_on_duty += 1;
                }
                for person in &m.on_duty {
                    let args = |name: &str| {
                        vec![
                            ("unit", m.name.as_str().into()),
                            ("parent", m.parent.as_str().into()),
                            ("day", day.to_string().into()),
                            ("due", due.as_str().into()),
                            ("name", name.into()),
                        ]
                    };
                    messages.push(NewMessage {
                        key: format!("late:{}:{day}:{}", m.code, person.person_id),
                        kind: "report_late".into(),
                        person_id: person.person_id.clone(),
                        unit: m.code.clone(),
                        day,
                        subject: format(Lang::Zh, "reminder-late-subject", &args(&person.name)),
                        body: format(Lang::Zh, "reminder-late-body", &args(&person.name)),
                    });
                }
            }
        }
        out.written += store.enqueue(&messages, now).await?;
    }
    Ok(out)
}
