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
    statuses: DayCache<StatusOn>,
    /// The dashboard's JSON already encoded, by day.
    pub status_json: DayCache<String>,
}

/// How many days a cache keeps (a season is about 100; a day's statuses are
/// ~0.4 MB at Wuhan scale).
const CACHED_DAYS: usize = 400;

/// Values computed once per day and shared; cleared whole when it grows past
/// [`CACHED_DAYS`] (and, once reports can be filed over HTTP, on every new report).
pub struct DayCache<T>(Arc<Mutex<HashMap<Day, Arc<T>>>>);

impl<T> Clone for DayCache<T> {
    fn clone(&self) -> Self {
        DayCache(Arc::clone(&self.0))
    }
}

impl<T> Default for DayCache<T> {
    fn default() -> Self {
        DayCache(Arc::default())
    }
}

impl<T> DayCache<T> {
    /// The value of `day`, if computed.
    pub fn get(&self, day: Day) -> Option<Arc<T>> {
        self.0.lock().ok().and_then(|c| c.get(&day).cloned())
    }

    /// Keeps the value of `day` and returns it shared.
    pub fn put(&self, day: Day, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut cache) = self.0.lock() {
            if cache.len() >= CACHED_DAYS {
                cache.clear();
            }
            cache.insert(day, Arc::clone(&value));
        }
        value
    }
}

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
            statuses: DayCache::default(),
            status_json: DayCache::default(),
        })
    }

    /// Every unit's status on `day`, computed once per day; `None` outside the data.
    pub async fn status_on(&self, day: Day) -> Option<Arc<StatusOn>> {
        if let Some(hit) = self.statuses.get(day) {
            return Some(hit);
        }
        let computed = self.engine.read().await.engine.status_on(day)?;
        Some(self.statuses.put(day, computed))
    }
}
