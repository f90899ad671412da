//! `AppState`: what every handler shares: the store, the rules, and the engine
//! loaded once at start (a date's status for every unit is then an in-memory pass).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fangkong_domain::Day;
use fangkong_domain::certify::StatusOn;
use fangkong_domain::config::RulesConfig;
use fangkong_store::{Loaded, Store, StoreError};
use tokio::sync::RwLock;

/// Shared state of the application; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The rules in force.
    pub rules: Arc<RulesConfig>,
    /// The certification engine over the tree of `last_day` and every report.
    pub engine: Arc<RwLock<Loaded>>,
    /// The last day the engine covers (the last day with reports, or today).
    pub last_day: Day,
    /// Statuses already computed, by day: the data changes only with new reports,
    /// so each day is computed once and shared by every request that asks for it.
    statuses: Arc<Mutex<HashMap<Day, Arc<StatusOn>>>>,
}

/// How many days of statuses are kept (a season is about 100; each is ~0.4 MB at
/// Wuhan scale).
const CACHED_DAYS: usize = 400;

impl AppState {
    /// Loads the engine over every stored report up to `last_day`.
    pub async fn load(
        store: Store,
        rules: RulesConfig,
        last_day: Day,
    ) -> Result<AppState, StoreError> {
        let loaded = fangkong_store::load_engine(
            &store,
            &rules.certification,
            last_day,
            last_day,
            last_day,
            None,
        )
        .await?;
        Ok(AppState {
            store,
            rules: Arc::new(rules),
            engine: Arc::new(RwLock::new(loaded)),
            last_day,
            statuses: Arc::default(),
        })
    }

    /// Every unit's status on `day`, computed once per day; `None` outside the data.
    pub async fn status_on(&self, day: Day) -> Option<Arc<StatusOn>> {
        if let Some(hit) = self.statuses.lock().ok().and_then(|c| c.get(&day).cloned()) {
            return Some(hit);
        }
        let computed = Arc::new(self.engine.read().await.engine.status_on(day)?);
        if let Ok(mut cache) = self.statuses.lock() {
            if cache.len() >= CACHED_DAYS {
                cache.clear();
            }
            cache.insert(day, Arc::clone(&computed));
        }
        Some(computed)
    }
}
