//! `Filer`: the one writer of reports from the web. Requests queue their report;
//! the filer takes everything queued, files it in one transaction (one disk sync
//! for the group: this is what lets SQLite acknowledge thousands of durable
//! reports a second), updates the engine, clears the derived caches, and only then
//! answers each request. An answer means the report is on disk and in every figure.

use std::sync::Arc;

use fangkong_domain::certify::Cell;
use fangkong_store::{Filed, Filing, Loaded, Store, Together};
use tokio::sync::{RwLock, mpsc, oneshot};

use crate::error::ApiError;

/// The most reports filed in one transaction.
const GROUP: usize = 512;

/// Reports waiting to be filed, and where to send the answer.
enum Job {
    /// One report, filed in the next group.
    One {
        filing: Box<Filing>,
        reply: oneshot::Sender<Result<Filed, String>>,
    },
    /// Reports filed all or none, in a transaction of their own.
    Together {
        filings: Vec<Filing>,
        reply: oneshot::Sender<Result<Together, String>>,
    },
}

/// A handle on the filing task; cheap to clone.
#[derive(Clone)]
pub struct Filer {
    queue: mpsc::Sender<Job>,
}

/// What the filer calls after each group (clearing the caches of derived figures).
type AfterGroup = Vec<Box<dyn Fn() + Send + Sync>>;

impl Filer {
    /// Starts the filing task.
    pub fn start(
        store: Store,
        engine: Arc<RwLock<Loaded>>,
        after: AfterGroup,
        clock: crate::clock::Clock,
        metrics: Arc<crate::telemetry::Metrics>,
    ) -> Filer {
        let (queue, jobs) = mpsc::channel(4 * GROUP);
        tokio::spawn(run(store, engine, after, jobs, clock, metrics));
        Filer { queue }
    }

    /// Files one report and waits until it is durable and counted.
    pub async fn file(&self, filing: Filing) -> Result<Filed, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job::One {
                filing: Box::new(filing),
                reply,
            })
            .await
            .map_err(|_| ApiError::Internal("the filing task has stopped".into()))?;
        answer
            .await
            .map_err(|_| ApiError::Internal("the filing task dropped a report".into()))?
            .map_err(ApiError::Internal)
    }
}

impl Filer {
    /// Files reports all or none, and waits until they are durable and counted
    /// (or all refused).
    pub async fn file_together(&self, filings: Vec<Filing>) -> Result<Together, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job::Together { filings, reply })
            .await
            .map_err(|_| ApiError::Internal("the filing task has stopped".into()))?;
        answer
            .await
            .map_err(|_| ApiError::Internal("the filing task dropped reports".into()))?
            .map_err(ApiError::Internal)
    }
}

async fn run(
    store: Store,
    engine: Arc<RwLock<Loaded>>,
    after: AfterGroup,
    mut jobs: mpsc::Receiver<Job>,
    clock: crate::clock::Clock,
    metrics: Arc<crate::telemetry::Metrics>,
) {
    let mut next: Option<Job> = None;
    while let Some(first) = match next.take() {
        Some(job) => Some(job),
        None => jobs.recv().await,
    } {
        let first = match first {
            Job::Together { filings, reply } => {
                let outcome = store
                    .file_reports_together(&filings, clock.now())
                    .await
                    .map_err(|e| e.to_string());
                if let Ok(t) = &outcome
                    && t.committed
                {
                    let each: Vec<_> = t.each.iter().cloned().map(Ok).collect();
                    settle(&engine, &after, &metrics, &filings, &each).await;
                }
                let _ = reply.send(outcome);
                continue;
            }
            Job::One { filing, reply } => (*filing, reply),
        };
        let mut group = vec![first];
        while group.len() < GROUP {
            match jobs.try_recv() {
                Ok(Job::One { filing, reply }) => group.push((*filing, reply)),
                // Filed on its own after this group.
                Ok(together) => {
                    next = Some(together);
                    break;
                }
                Err(_) => break,
            }
        }
        metrics.filing_queue.set(jobs.len() as i64);
        let (filings, replies): (Vec<Filing>, Vec<_>) = group.into_iter().unzip();
        // Recorded on the platform's one clock (the replayed day on the demo).
        let outcomes = match store.file_reports(&filings, clock.now()).await {
            Ok(filed) => filed.into_iter().map(Ok).collect(),
            // One bad report must not sink the others: file each on its own.
            Err(_) if filings.len() > 1 => {
                let mut each = Vec::with_capacity(filings.len());
                for f in &filings {
                    each.push(
                        store
                            .file_reports(std::slice::from_ref(f), clock.now())
                            .await
                            .map(|mut v| v.remove(0))
                            .map_err(|e| e.to_string()),
                    );
                }
                each
            }
            Err(e) => vec![Err(e.to_string())],
        };
        settle(&engine, &after, &metrics, &filings, &outcomes).await;
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            let _ = reply.send(outcome); // the client may have gone; the report stays
        }
    }
}

/// After a write, before anyone hears of it: the recorded reports counted,
/// put into the engine, and the derived caches cleared.
async fn settle(
    engine: &RwLock<Loaded>,
    after: &AfterGroup,
    metrics: &crate::telemetry::Metrics,
    filings: &[Filing],
    outcomes: &[Result<Filed, String>],
) {
    let recorded = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(Filed::Recorded { .. })))
        .count();
    metrics.reports_filed.inc_by(recorded as u64);
    apply(engine, filings, outcomes).await;
    for clear in after {
        clear();
    }
}

/// Puts every recorded report into the engine.
async fn apply(engine: &RwLock<Loaded>, filings: &[Filing], outcomes: &[Result<Filed, String>]) {
    let mut loaded = engine.write().await;
    for (f, outcome) in filings.iter().zip(outcomes) {
        if let Ok(Filed::Recorded { .. }) = outcome
            && let Some(unit) = loaded.engine.tree().index_of(&f.report.unit)
            && !loaded.engine.apply(unit, f.report.day, Cell::of(&f.report))
        {
            // A day past the loaded grid (the server has run past midnight): the
            // report is stored; its figures appear when the server restarts.
            tracing::warn!(
                unit = %f.report.unit,
                day = %f.report.day,
                "a report is stored but outside the loaded days"
            );
        }
    }
}
