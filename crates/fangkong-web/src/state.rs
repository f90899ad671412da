//! `AppState`: what every handler shares: the store, the rules, and the engine
//! loaded once at start (a date's status for every unit is then an in-memory pass).

use std::sync::Arc;

use fangkong_domain::certify::StatusOn;
use fangkong_domain::config::RulesConfig;
use fangkong_domain::quality::reconcile::Reconciliation;
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{LiveFigures, Loaded, OpenFollowUp, Store, StoreError};
use tokio::sync::RwLock;

use crate::appeal_writer::{AppealWriter, RouterCell};
pub use crate::clock::Clock;
pub use crate::day_cache::DayCache;
use crate::filing::Filer;
use crate::page_cache::{PageCache, ReportGeneration};

/// Shared state of the application; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The rules in force.
    pub rules: Arc<RulesConfig>,
    /// The certification engine over the tree of `last_day` and every report.
    pub engine: Arc<RwLock<Loaded>>,
    /// The last day the engine covers (the last day with reports, or today) and the
    /// pages' default day.
    pub last_day: Day,
    /// Statuses already computed, by day: the data changes only with new reports,
    /// so each day is computed once and shared by every request that asks for it.
    statuses: DayCache<StatusOn>,
    /// The dashboard's JSON already encoded, by day.
    pub status_json: DayCache<String>,
    /// The quality scan of the whole tree, by day (a part of the tree is a filter
    /// of it).
    pub quality: DayCache<fangkong_store::truth::QualityReport>,
    /// The public page's figures and chart, by day.
    pub public: DayCache<crate::public_answer::PublicAnswer>,
    /// Moves with every group of reports taken in: half of what the pages'
    /// caches ([`crate::page_cache`]) are kept under.
    pub reports_generation: ReportGeneration,
    /// Reconciliations by unit and range.
    pub reconciliations: PageCache<(UnitCode, Day, Day), Reconciliation>,
    /// The whole tree's open follow-ups, by day.
    pub followups: PageCache<Day, Vec<OpenFollowUp>>,
    /// Units' trends (their phases and Rt), by unit.
    pub trends: PageCache<UnitCode, crate::derived_trend::DerivedTrend>,
    /// Completeness by unit, day and whether that day's reports are due yet.
    pub completeness: PageCache<(UnitCode, Day, bool), fangkong_store::truth::Completeness>,
    /// The grassroots' burden by unit and range.
    pub burdens: PageCache<(UnitCode, Day, Day), fangkong_store::truth::BurdenReport>,
    /// The whole tree's alerts by day and the first day not yet due.
    pub alerts: PageCache<(Day, Day), Vec<fangkong_store::RaisedAlert>>,
    /// The dashboard's office figures, by role, scope and day.
    pub office: PageCache<crate::headline::OfficeKey, crate::headline::OfficeCounts>,
    /// The day's reported new cases summed up the tree, by day and tree size.
    pub day_sums: PageCache<(Day, usize), crate::day_sums::DaySums>,
    /// The staffing boards asked for, by unit, day, language and whether
    /// the reader sees people unmasked.
    pub staffing:
        PageCache<(UnitCode, Day, crate::i18n::Lang, bool), crate::staffing_board::StaffingBoard>,
    /// Every unit's days with an event (zone tiers), by the tree's size.
    pub zone_events: PageCache<usize, Vec<Vec<Day>>>,
    /// Every appeal with its changes (one key).
    pub appeals: PageCache<(), Vec<fangkong_store::StoredAppeal>>,
    /// The facilities and their beds in use, by first and last day.
    pub occupancy: PageCache<
        (Day, Day),
        (
            Vec<fangkong_store::StoredFacility>,
            fangkong_store::Occupancy,
        ),
    >,
    /// The registry's running figures (the four ratios, stock and flow), brought
    /// up to date from the database before each use.
    pub registry: Arc<tokio::sync::Mutex<LiveFigures>>,
    /// The day taken as today: fixed for a replay of a past season, else the
    /// current Asia/Shanghai day.
    pub clock: Clock,
    /// Files reports in groups, one transaction and one disk sync per group.
    pub filer: Filer,
    /// The appeal router over the engine's tree, built on first use.
    appeal_router: RouterCell,
    /// Takes appeals in, in groups, one transaction and one disk sync per group.
    pub appeal_writer: AppealWriter,
    /// Whether cookies carry the `Secure` attribute (off only for plain-HTTP
    /// deployments other than loopback, which browsers treat as secure anyway).
    pub secure_cookies: bool,
    /// The process's metrics (`/metrics`).
    pub metrics: Arc<crate::telemetry::Metrics>,
}

impl AppState {
    /// Loads the engine over every stored report, up to the last day with reports
    /// or today, whichever is later.
    pub async fn load(
        store: Store,
        rules: RulesConfig,
        clock: Clock,
    ) -> Result<AppState, StoreError> {
        let today = clock.today();
        let last_day = match store.report_span().await? {
            Some((_, last)) if last > today => last,
            _ => today,
        };
        let metrics = Arc::new(crate::telemetry::Metrics::default());
        // Taken before the engine loads: a revision committed meanwhile is
        // read again by the follower, which changes nothing.
        let seen = store.last_revision_key().await?;
        // A replica passes no notices on: its server looks for new revisions.
        let notices = if store.is_replica() {
            None
        } else {
            store.report_notices().await?
        };
        let follows = store.is_replica() || notices.is_some();
        let started = std::time::Instant::now();
        let loaded = fangkong_store::load_engine(
            &store,
            &rules.certification,
            last_day,
            last_day,
            last_day,
            None,
        )
        .await?;
        metrics
            .engine_load_seconds
            .set(started.elapsed().as_secs_f64());
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            units = loaded.units.history.unit_count(),
            "engine loaded"
        );
        let engine = Arc::new(RwLock::new(loaded));
        let registry = store
            .load_registry_figures(rules.registry.isolation())
            .await?;
        let statuses = DayCache::default();
        let status_json = DayCache::default();
        let public = DayCache::default();
        let quality = DayCache::default();
        let reports_generation = ReportGeneration::default();
        // The appeals classifier trains once per process (about a second):
        // on a thread of its own as the server starts, not in the first call.
        tokio::task::spawn_blocking(|| {
            fangkong_domain::appeals::sample::standard_classifier();
        });
        let appeal_router = RouterCell::new(Arc::clone(&engine));
        let appeal_writer =
            AppealWriter::start(store.clone(), appeal_router.clone(), Arc::clone(&metrics));
        // What a new report makes stale: every cache derived from the engine.
        let derived = || -> Vec<Box<dyn Fn() + Send + Sync>> {
            vec![
                statuses.clone().into_clear(),
                status_json.clone().into_clear(),
                public.clone().into_clear(),
                quality.clone().into_clear(),
                reports_generation.clone().into_clear(),
            ]
        };
        let filer = Filer::start(
            store.clone(),
            Arc::clone(&engine),
            derived(),
            clock,
            Arc::clone(&metrics),
        );
        if follows {
            crate::coherence::follow(
                store.clone(),
                Arc::clone(&engine),
                derived(),
                notices,
                crate::coherence::Seen::after(seen),
            );
        }
        Ok(AppState {
            store,
            rules: Arc::new(rules),
            engine,
            last_day,
            statuses,
            status_json,
            public,
            quality,
            reports_generation,
            reconciliations: PageCache::default(),
            followups: PageCache::default(),
            trends: PageCache::default(),
            burdens: PageCache::default(),
            completeness: PageCache::default(),
            occupancy: PageCache::default(),
            appeals: PageCache::default(),
            zone_events: PageCache::default(),
            day_sums: PageCache::default(),
            staffing: PageCache::default(),
            office: PageCache::default(),
            alerts: PageCache::default(),
            registry: Arc::new(tokio::sync::Mutex::new(registry)),
            clock,
            filer,
            appeal_router,
            appeal_writer,
            secure_cookies: true,
            metrics,
        })
    }

    /// The registry's figures, up to date with every write (the web's, the
    /// command line's): the lock is held while they are read.
    pub async fn registry_figures(
        &self,
    ) -> Result<tokio::sync::MutexGuard<'_, LiveFigures>, StoreError> {
        let mut live = self.registry.lock().await;
        self.store.refresh_registry_figures(&mut live).await?;
        Ok(live)
    }

    /// The router of appeals to units.
    pub async fn appeal_router(&self) -> Arc<fangkong_domain::appeals::Router> {
        self.appeal_router.get().await
    }

    /// Reads the holds of failed inspections again into the engine (after an
    /// inspection is recorded) and clears what was derived from it.
    pub async fn reload_holds(&self) -> Result<(), StoreError> {
        if !self.rules.certification.inspection_holds {
            return Ok(());
        }
        let holds = self.store.inspection_holds(None).await?;
        {
            let mut loaded = self.engine.write().await;
            let keys = fangkong_store::TreeKeys::new(&loaded.units, loaded.engine.tree());
            let mapped: Vec<_> = holds
                .into_iter()
                .filter_map(|h| {
                    keys.get(h.unit)
                        .map(|unit| fangkong_domain::inspections::Hold {
                            unit,
                            from: h.from,
                            until: h.until,
                        })
                })
                .collect();
            loaded.engine.set_holds(mapped);
        }
        self.statuses.clear();
        self.status_json.clear();
        self.public.clear();
        self.quality.clear();
        (self.reports_generation.clone().into_clear())();
        Ok(())
    }

    /// The first day whose reports are not yet due now: a unit that has not
    /// reported for it is pending, not missing.
    pub fn pending_from(&self) -> Day {
        self.rules.quality.deadline.pending_from(self.clock.now())
    }

    /// Every unit's status on `day` as of now (reports not yet due are
    /// pending), computed once per day and deadline; `None` outside the data.
    pub async fn status_on(&self, day: Day) -> Option<Arc<StatusOn>> {
        let pending_from = Some(self.pending_from());
        if let Some(hit) = self.statuses.get(day)
            && hit.pending_from == pending_from
        {
            return Some(hit);
        }
        // The generation before computing: a report filed meanwhile makes this
        // result stale, and the cache then refuses to keep it.
        let generation = self.statuses.generation();
        let computed = self
            .engine
            .read()
            .await
            .engine
            .status_as_of(day, pending_from)?;
        Some(self.statuses.put(day, computed, generation))
    }
}
