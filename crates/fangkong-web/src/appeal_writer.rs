//! `AppealWriter`: the one writer of appeals from the web (the hotline's form,
//! the JSON API, Open311). Requests queue their appeals; the writer takes
//! everything queued, groups it against its duplicate index (the window's
//! appeals, kept in memory and brought up to date from the database first, so
//! another process's appeals count too), writes it in one transaction (one disk
//! sync for the group, one audit line per account), and only then answers
//! each request. One request whose appeals cannot be written does not sink the
//! others: the group is then written request by request.

use std::collections::HashSet;

use fangkong_domain::appeals::Router;
use fangkong_domain::appeals::duplicates::DuplicateIndex;
use fangkong_store::{AppealInput, Store, StoreError, TakenIn};
use jiff::Timestamp;
use tokio::sync::{mpsc, oneshot};

use std::sync::Arc;

use fangkong_store::Loaded;
use tokio::sync::RwLock;

/// The most appeals written in one transaction.
const GROUP: usize = 5_000;

/// Appeals waiting to be written, and where to send the answer.
struct Job {
    inputs: Vec<AppealInput>,
    at: Timestamp,
    actor: String,
    reply: oneshot::Sender<Result<TakenIn, StoreError>>,
}

/// A handle on the writing task; cheap to clone.
#[derive(Clone)]
pub struct AppealWriter {
    queue: mpsc::Sender<Job>,
    metrics: std::sync::Arc<crate::telemetry::Metrics>,
}

/// The duplicate index of the server: the appeals of the window, those this
/// process wrote, and the last database key read.
struct LiveIndex {
    index: DuplicateIndex,
    /// The highest appeal key read from the database.
    last_id: i64,
    /// References this process wrote since the last read (already indexed).
    own: HashSet<String>,
}

impl AppealWriter {
    /// Starts the writing task; `router` gives the router of the day's tree.
    pub fn start(
        store: Store,
        router: RouterCell,
        metrics: std::sync::Arc<crate::telemetry::Metrics>,
    ) -> AppealWriter {
        let (queue, jobs) = mpsc::channel(1024);
        tokio::spawn(run(store, router, jobs));
        AppealWriter { queue, metrics }
    }

    /// Takes `inputs` in as `actor` and waits until they are on disk.
    pub async fn write(
        &self,
        inputs: Vec<AppealInput>,
        at: Timestamp,
        actor: &str,
    ) -> Result<TakenIn, StoreError> {
        let (reply, answer) = oneshot::channel();
        let count = inputs.len();
        let stopped = || StoreError::Corrupt("the appeal writer has stopped".into());
        self.queue
            .send(Job {
                inputs,
                at,
                actor: actor.to_string(),
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        let taken = answer.await.map_err(|_| stopped())??;
        self.metrics.appeals_taken_in.inc_by(count as u64);
        Ok(taken)
    }
}

async fn run(store: Store, router: RouterCell, mut jobs: mpsc::Receiver<Job>) {
    let mut live: Option<LiveIndex> = None;
    while let Some(first) = jobs.recv().await {
        let mut count = first.inputs.len();
        let mut group = vec![first];
        while count < GROUP {
            match jobs.try_recv() {
                Ok(job) => {
                    count += job.inputs.len();
                    group.push(job);
                }
                Err(_) => break,
            }
        }
        let router = router.get().await;
        let answers = write_group(&store, &router, &mut live, &group).await;
        for (job, answer) in group.into_iter().zip(answers) {
            // A request that gave up waiting is not an error here.
            let _ = job.reply.send(answer);
        }
    }
}

/// Writes a group; one answer per job.
async fn write_group(
    store: &Store,
    router: &Router,
    live: &mut Option<LiveIndex>,
    group: &[Job],
) -> Vec<Result<TakenIn, StoreError>> {
    let at = group
        .iter()
        .map(|j| j.at)
        .max()
        .unwrap_or_else(Timestamp::now);
    let live = match ready(store, live, at).await {
        Ok(l) => l,
        Err(e) => return group.iter().map(|_| Err(clone_error(&e))).collect(),
    };
    let inputs: Vec<AppealInput> = group.iter().flat_map(|j| j.inputs.clone()).collect();
    let by: Vec<(String, usize)> = group
        .iter()
        .map(|j| (j.actor.clone(), j.inputs.len()))
        .collect();
    match store
        .take_in_appeals_by(&inputs, &by, router, &mut live.index, at)
        .await
    {
        Ok(done) => {
            remember(live, &inputs, at);
            split(done, group)
        }
        Err(e) if group.len() == 1 => vec![Err(e)],
        Err(_) => {
            let mut each = Vec::with_capacity(group.len());
            for j in group {
                let one = store
                    .take_in_appeals_with(&j.inputs, router, &mut live.index, j.at, &j.actor)
                    .await;
                if one.is_ok() {
                    remember(live, &j.inputs, j.at);
                }
                each.push(one);
            }
            each
        }
    }
}

/// The index, loaded on first use and brought up to date with what other
/// processes wrote since the last look.
async fn ready<'a>(
    store: &Store,
    live: &'a mut Option<LiveIndex>,
    at: Timestamp,
) -> Result<&'a mut LiveIndex, StoreError> {
    let l = match live {
        Some(l) => l,
        empty => {
            let (index, last_id) = store.duplicate_index(at).await?;
            empty.insert(LiveIndex {
                index,
                last_id,
                own: HashSet::new(),
            })
        }
    };
    l.last_id = store
        .learn_appeals(&mut l.index, None, l.last_id, &l.own)
        .await?;
    l.own.clear();
    Ok(l)
}

fn remember(live: &mut LiveIndex, inputs: &[AppealInput], at: Timestamp) {
    live.own.extend(inputs.iter().map(|a| a.reference.clone()));
    live.index.forget_before(at);
}

/// The group's result cut back into each job's.
fn split(done: TakenIn, group: &[Job]) -> Vec<Result<TakenIn, StoreError>> {
    let mut outcomes = done.outcomes.into_iter();
    group
        .iter()
        .map(|j| {
            let mine: Vec<_> = outcomes.by_ref().take(j.inputs.len()).collect();
            Ok(TakenIn {
                appeals: mine.len(),
                routed: mine.iter().filter(|o| o.unit.is_some()).count(),
                grouped: mine.iter().filter(|o| o.duplicate_of.is_some()).count(),
                outcomes: mine,
            })
        })
        .collect()
}

/// A store error for each of several answers (the error itself is not Clone).
fn clone_error(e: &StoreError) -> StoreError {
    match e {
        StoreError::NotFound => StoreError::NotFound,
        StoreError::Conflict(m) => StoreError::Conflict(m.clone()),
        StoreError::Corrupt(m) => StoreError::Corrupt(m.clone()),
        other => StoreError::Corrupt(other.to_string()),
    }
}

/// The appeal router over the engine's tree, built on first use (the names
/// of some four thousand units in one automaton) and shared.
#[derive(Clone)]
pub struct RouterCell {
    cell: Arc<tokio::sync::OnceCell<Arc<fangkong_domain::appeals::Router>>>,
    engine: Arc<RwLock<Loaded>>,
}

impl RouterCell {
    /// A cell over `engine`'s tree, empty until first asked.
    pub fn new(engine: Arc<RwLock<Loaded>>) -> RouterCell {
        RouterCell {
            cell: Arc::default(),
            engine,
        }
    }

    /// The router.
    pub async fn get(&self) -> Arc<fangkong_domain::appeals::Router> {
        Arc::clone(
            self.cell
                .get_or_init(|| async {
                    let loaded = self.engine.read().await;
                    Arc::new(fangkong_domain::appeals::Router::new(loaded.engine.tree()))
                })
                .await,
        )
    }
}
