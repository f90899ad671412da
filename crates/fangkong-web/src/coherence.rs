//! Several server processes on one PostgreSQL database: each follows the
//! report revisions the others commit (notified through `LISTEN/NOTIFY`, or,
//! on a read-only replica, which passes no notices on, looking for them),
//! puts them into its own engine and clears its derived caches, so a report
//! filed through one process shows on another's dashboard within a second.
//!
//! Keys are handed out when a row is written, not when it is committed: a
//! transaction of another process may commit a lower key after a higher one
//! was read. The keys skipped over are therefore looked at again, for a while
//! ([`Seen`]).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fangkong_domain::certify::Cell;
use fangkong_store::{Loaded, ReportNotices, Store};
use tokio::sync::RwLock;

/// How long to wait for a notice before looking for new revisions anyway
/// (a notice sent while the listening connection was being made again is lost).
const LOOK_ANYWAY: Duration = Duration::from_secs(5);

/// How often a server on a replica looks for new revisions: a standby does
/// not pass on notices (`LISTEN` is refused there), so it asks; with the
/// replication's own delay, well inside a second.
const POLL: Duration = Duration::from_millis(250);

/// How long notices are gathered before one look at the new revisions: well
/// inside the second within which another process's report must show.
const GATHER: Duration = Duration::from_millis(100);

/// Keys skipped over are looked at again for this long (a transaction that
/// stays open longer, a very long import, shows after a restart).
const SKIPPED_FOR: Duration = Duration::from_secs(600);

/// At most this many skipped keys are looked at again (a rolled-back import
/// leaves its keys unused forever).
const SKIPPED_AT_MOST: usize = 20_000;

/// The keys this process has read: every key up to `upto`, except those
/// skipped over (not committed when read, or never), each since when.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    upto: i64,
    skipped: BTreeMap<i64, Instant>,
}

impl Seen {
    /// Every key up to `upto` taken as read.
    pub(crate) fn after(upto: i64) -> Seen {
        Seen {
            upto,
            skipped: BTreeMap::new(),
        }
    }

    /// The skipped keys to look at again.
    fn skipped(&self) -> Vec<i64> {
        self.skipped.keys().copied().collect()
    }

    /// Records the keys just read (new ones above `upto`, and skipped ones
    /// found at last); forgets skipped keys older than [`SKIPPED_FOR`].
    fn record(&mut self, found: &[i64], now: Instant) {
        let found_set: HashSet<i64> = found.iter().copied().collect();
        for key in found {
            self.skipped.remove(key);
        }
        if let Some(&max) = found.iter().max()
            && max > self.upto
        {
            for key in self.upto + 1..max {
                if self.skipped.len() >= SKIPPED_AT_MOST {
                    break;
                }
                if !found_set.contains(&key) {
                    self.skipped.insert(key, now);
                }
            }
            self.upto = max;
        }
        self.skipped
            .retain(|_, since| now.duration_since(*since) < SKIPPED_FOR);
    }
}

/// The caches to clear once new revisions are in the engine.
pub(crate) type Clears = Vec<Box<dyn Fn() + Send + Sync>>;

/// Follows the revisions written after the one keyed `seen`, for as long as
/// the process runs: woken by `notices`, or, without them (a replica),
/// looking every [`POLL`].
pub(crate) fn follow(
    store: Store,
    engine: Arc<RwLock<Loaded>>,
    clears: Clears,
    mut notices: Option<ReportNotices>,
    mut seen: Seen,
) {
    tokio::spawn(async move {
        loop {
            match notices.as_mut() {
                None => tokio::time::sleep(POLL).await,
                Some(notices) => match notices.next(LOOK_ANYWAY).await {
                    Ok(true) => {
                        // Under load a notice comes with every group committed
                        // anywhere (this process's too): gather those of a
                        // moment and look once, not once per group.
                        tokio::time::sleep(GATHER).await;
                        notices.drain();
                    }
                    Ok(false) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for other processes' reports");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                },
            }
            match catch_up(&store, &engine, &mut seen).await {
                Ok(true) => {
                    for clear in &clears {
                        clear();
                    }
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "reading other processes' reports"),
            }
        }
    });
}

/// Puts every revision not yet seen into the engine, in key order; whether
/// there were any. A unit's day ends at its latest revision whatever the
/// order: a correction is decided after the revision it corrects was
/// committed, so its key is higher. Revisions this process filed come back
/// too: putting a report in again changes nothing.
async fn catch_up(
    store: &Store,
    engine: &RwLock<Loaded>,
    seen: &mut Seen,
) -> Result<bool, fangkong_store::StoreError> {
    let mut new = store.revisions_keyed(&seen.skipped()).await?;
    new.extend(store.revisions_after(seen.upto).await?);
    let keys: Vec<i64> = new.iter().map(|(key, _)| *key).collect();
    seen.record(&keys, Instant::now());
    if new.is_empty() {
        return Ok(false);
    }
    // Taken without queueing for it: a waiting writer would hold back every
    // new reader, and a request that reads the engine twice (a page asking
    // for two days) would then wait on itself.
    let mut loaded = loop {
        match engine.try_write() {
            Ok(guard) => break guard,
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    };
    for (_, revision) in &new {
        let r = &revision.report;
        if let Some(unit) = loaded.engine.tree().index_of(&r.unit) {
            // A day past the loaded grid waits for the next start, as the filer's do.
            loaded.engine.apply(unit, r.day, Cell::of(r));
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_skipped_over_are_looked_at_again_until_found_or_old() {
        let t0 = Instant::now();
        let mut seen = Seen::after(10);
        // 11 and 13 were not committed yet when 12 and 14 were read.
        seen.record(&[12, 14], t0);
        assert_eq!(seen.upto, 14);
        assert_eq!(seen.skipped(), vec![11, 13]);
        // 13 commits; nothing above 14 yet.
        seen.record(&[13], t0 + Duration::from_secs(1));
        assert_eq!(seen.upto, 14);
        assert_eq!(seen.skipped(), vec![11]);
        // 11 never comes (rolled back): forgotten after a while.
        seen.record(&[15], t0 + SKIPPED_FOR + Duration::from_secs(1));
        assert_eq!(seen.skipped(), Vec::<i64>::new());
        assert_eq!(seen.upto, 15);
    }

    #[test]
    fn a_large_gap_keeps_a_bounded_list() {
        let mut seen = Seen::after(0);
        seen.record(&[1_000_000], Instant::now());
        assert_eq!(seen.skipped.len(), SKIPPED_AT_MOST);
        assert_eq!(seen.upto, 1_000_000);
    }
}
