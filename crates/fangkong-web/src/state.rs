//! `AppState`: what every handler shares: the store, the rules, and the engine
//! loaded once at start (a date's status for every unit is then an in-memory pass).

use std::sync::Arc;

use fangkong_domain::Day;
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
        })
    }
}
