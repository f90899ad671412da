//! The warmer: once a write has made the pages' kept answers stale
//! ([`crate::page_cache`]), derives again, in the background, the ones people
//! asked for lately (a reconciliation, the day's follow-ups, a unit's trend,
//! the day's alerts…), so that the next person to open the page does not pay
//! the derivation. At most one pass per period (`serve --warm-every`, 10 s by
//! default), and only the few keys each cache remembers, so a morning's burst
//! of filings costs a bounded share of the machine.

use std::time::Duration;

use crate::AppState;
use crate::error::ApiError;
use crate::page_cache::Follows;

/// Runs a pass `every` period for as long as the server runs.
pub fn start(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match pass(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(answers = n, "warmed"),
                Err(e) => tracing::warn!(error = %e, "warming failed"),
            }
        }
    })
}

/// One pass: every stale answer asked for lately derived again and kept on
/// the basis read before deriving (a write meanwhile leaves it stale, as a
/// request would). Returns how many answers were derived; one that fails is
/// logged and left for the next request.
pub async fn pass(state: &AppState) -> Result<usize, ApiError> {
    let generation = &state.reports_generation;
    let store = &state.store;
    let reports = generation.basis(store, Follows::ReportsAndData).await?;
    let data = generation.basis(store, Follows::Data).await?;
    let mut derived = 0;
    let mut kept = |ok: bool| derived += usize::from(ok);
    for (code, from, to) in state.reconciliations.stale_recent(reports) {
        let value = fangkong_store::truth::reconciliation(store, &code, from, to).await;
        kept(keep(
            &state.reconciliations,
            (code, from, to),
            reports,
            value,
        ));
    }
    for code in state.trends.stale_recent(reports) {
        let value = crate::derived_trend::derive(store, &code, &state.rules.phases).await;
        kept(keep(&state.trends, code, reports, value));
    }
    let pending_from = state.pending_from();
    for (unit, day, pending) in state.completeness.stale_recent(reports) {
        // Kept under whether the day was due when asked: only if still so.
        if pending != (day >= pending_from) {
            continue;
        }
        let value = store
            .completeness(&state.rules.quality.deadline, &unit, day, state.clock.now())
            .await;
        kept(keep(
            &state.completeness,
            (unit, day, pending),
            reports,
            value,
        ));
    }
    for (unit, from, to) in state.burdens.stale_recent(reports) {
        let value = store.burden(&unit, from, to).await;
        kept(keep(&state.burdens, (unit, from, to), reports, value));
    }
    for (day, asked_pending_from) in state.alerts.stale_recent(reports) {
        if asked_pending_from != pending_from {
            continue;
        }
        let value = {
            let loaded = state.engine.read().await;
            store
                .alerts_on(&loaded, &state.rules, day, Some(pending_from))
                .await
        };
        kept(keep(&state.alerts, (day, pending_from), reports, value));
    }
    for day in state.followups.stale_recent(data) {
        let value = store.followups_on(day).await;
        kept(keep(&state.followups, day, data, value));
    }
    for () in state.appeals.stale_recent(data) {
        let value = store.appeals(None).await;
        kept(keep(&state.appeals, (), data, value));
    }
    for (from, to) in state.occupancy.stale_recent(data) {
        let value = store.occupancy(from, to).await;
        kept(keep(&state.occupancy, (from, to), data, value));
    }
    Ok(derived)
}

/// Keeps a derived answer; a failure is logged (without the key: it may name
/// a unit, never a person) and left to the next request.
fn keep<K, V>(
    cache: &crate::page_cache::PageCache<K, V>,
    key: K,
    basis: crate::page_cache::Basis,
    value: Result<V, fangkong_store::StoreError>,
) -> bool
where
    K: Eq + std::hash::Hash + Clone,
{
    match value {
        Ok(v) => {
            cache.put(key, basis, v);
            true
        }
        Err(e) => {
            tracing::warn!(error = %e, "a kept answer could not be derived again");
            false
        }
    }
}
