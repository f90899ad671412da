//! Several server processes on one PostgreSQL database: each follows the
//! report revisions the others commit (notified through `LISTEN/NOTIFY`),
//! puts them into its own engine and clears its derived caches, so a report
//! filed through one process shows on another's dashboard within a second.

use std::sync::Arc;
use std::time::Duration;

use fangkong_domain::certify::Cell;
use fangkong_store::{Loaded, ReportNotices, Store};
use tokio::sync::RwLock;

/// How long to wait for a notice before looking for new revisions anyway
/// (a notice sent while the listening connection was being made again is lost).
const LOOK_ANYWAY: Duration = Duration::from_secs(5);

/// The caches to clear once new revisions are in the engine.
pub(crate) type Clears = Vec<Box<dyn Fn() + Send + Sync>>;

/// Follows the revisions written after the one keyed `seen`, for as long as
/// the process runs.
pub(crate) fn follow(
    store: Store,
    engine: Arc<RwLock<Loaded>>,
    clears: Clears,
    mut notices: ReportNotices,
    mut seen: i64,
) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = notices.next(LOOK_ANYWAY).await {
                tracing::warn!(error = %e, "listening for other processes' reports");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            match catch_up(&store, &engine, seen).await {
                Ok(Some(last)) => {
                    seen = last;
                    for clear in &clears {
                        clear();
                    }
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "reading other processes' reports"),
            }
        }
    });
}

/// Puts every revision written after `seen` into the engine, in the order
/// written (so each unit's day ends at its latest revision); the key of the
/// last one, if there were any. Revisions this process filed come back too:
/// putting a report in again changes nothing.
async fn catch_up(
    store: &Store,
    engine: &RwLock<Loaded>,
    seen: i64,
) -> Result<Option<i64>, fangkong_store::StoreError> {
    let new = store.revisions_after(seen).await?;
    let Some(&(last, _)) = new.last() else {
        return Ok(None);
    };
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
    Ok(Some(last))
}
