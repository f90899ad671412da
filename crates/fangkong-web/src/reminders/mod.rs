//! Reminders to whoever is on duty where a report is late (issue 21): each
//! missing report past its deadline gives one message per person on duty in
//! its community or village that day, written to the outbox once ([`late`]),
//! then taken out by the configured senders ([`send`]).

pub mod late;
pub mod send;

pub use late::remind_late;
pub use send::{Delivered, Senders, deliver};

use std::time::Duration;

use crate::AppState;

/// The days a round of reminders looks at on `today`: the week before it
/// and today (only those past their deadline are reminded).
pub fn days_to_remind(today: fangkong_domain::Day) -> Vec<fangkong_domain::Day> {
    (0..=7).rev().filter_map(|k| today.plus_days(-k)).collect()
}

/// Looks for late reports and sends the outbox every `every` period for as
/// long as the server runs (the days looked at: today and the week before).
pub fn start(state: AppState, senders: Senders, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let today = state.clock.today();
            let days = days_to_remind(today);
            match remind_late(
                &state.store,
                &state.rules.quality.deadline,
                &days,
                state.clock.now(),
            )
            .await
            {
                Ok(r) if r.written > 0 => {
                    tracing::info!(reminders = r.written, "late reports reminded")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reminding failed"),
            }
            if let Err(e) = deliver(&state.store, &senders, || state.clock.now()).await {
                tracing::warn!(error = %e, "sending the outbox failed");
            }
        }
    })
}
