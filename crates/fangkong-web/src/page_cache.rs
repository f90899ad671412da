//! `PageCache`: what a page derives from the store (a reconciliation, the
//! day's follow-ups, a unit's trend…), kept by key under the [`Basis`] it was
//! derived from and derived again once the basis has moved. The key holds
//! everything the answer depends on but the data (the unit, the days, today);
//! the viewer's access is checked before the cache is asked, and what one
//! viewer may not see is filtered out after.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use fangkong_store::{Store, StoreError};

/// How many answers a cache keeps before it starts again: a season's units'
/// trends or a browse through its days and ranges stays under it, and a
/// crawl through every range cannot grow a cache without end.
const KEPT: usize = 2_000;

/// What the data was when an answer was derived: the reports this process
/// has taken in (its generation moves with every group filed here or read
/// from another process) and the store's version of everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basis {
    reports: u64,
    data: i64,
}

/// The reports' generation: moved after every group of reports is in the
/// engine, like the dashboard's caches are cleared.
#[derive(Debug, Clone, Default)]
pub struct ReportGeneration(Arc<AtomicU64>);

impl ReportGeneration {
    /// A function that moves the generation, for the filer and the follower.
    pub fn into_clear(self) -> Box<dyn Fn() + Send + Sync> {
        Box::new(move || {
            self.0.fetch_add(1, Ordering::SeqCst);
        })
    }

    /// The basis now of what an answer `follows`: read before deriving, so
    /// that a write made meanwhile makes the answer stale rather than hiding
    /// it.
    pub async fn basis(&self, store: &Store, follows: Follows) -> Result<Basis, StoreError> {
        let reports = match follows {
            Follows::ReportsAndData => self.0.load(Ordering::SeqCst),
            Follows::Data => 0,
        };
        let data = store.data_version().await?;
        Ok(Basis { reports, data })
    }
}

/// What an answer derives from: the reports and the rest, or the rest alone
/// (the registry's follow-ups, the appeals, the facilities), which then stays
/// kept while a morning's reports come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follows {
    /// Reports and every other table.
    ReportsAndData,
    /// Every table but the reports.
    Data,
}

/// How many of the keys asked for last a cache remembers, for the warmer
/// ([`crate::warm`]) to derive again after a write.
const RECENT: usize = 8;

/// The kept answers, each with the basis it was derived on, and the keys
/// asked for last (newest last).
struct Kept<K, V> {
    answers: HashMap<K, (Basis, Arc<V>)>,
    recent: std::collections::VecDeque<K>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            answers: HashMap::new(),
            recent: std::collections::VecDeque::new(),
        }
    }
}

/// Answers by key, each under the basis it was derived from.
pub struct PageCache<K, V>(Arc<Mutex<Kept<K, V>>>);

impl<K, V> Clone for PageCache<K, V> {
    fn clone(&self) -> Self {
        PageCache(Arc::clone(&self.0))
    }
}

impl<K, V> Default for PageCache<K, V> {
    fn default() -> Self {
        PageCache(Arc::new(Mutex::new(Kept::default())))
    }
}

impl<K: Eq + Hash + Clone, V> PageCache<K, V> {
    /// The answer for `key` if it was derived on `basis`.
    pub fn get(&self, key: &K, basis: Basis) -> Option<Arc<V>> {
        let cache = self.0.lock().ok()?;
        cache
            .answers
            .get(key)
            .filter(|(b, _)| *b == basis)
            .map(|(_, v)| Arc::clone(v))
    }

    /// Keeps `value` for `key` as derived on `basis`, and returns it shared.
    pub fn put(&self, key: K, basis: Basis, value: V) -> Arc<V> {
        let value = Arc::new(value);
        if let Ok(mut cache) = self.0.lock() {
            if cache.answers.len() >= KEPT {
                cache.answers.clear();
            }
            cache.answers.insert(key, (basis, Arc::clone(&value)));
        }
        value
    }

    /// Remembers `key` as asked for now.
    fn asked(&self, key: &K) {
        if let Ok(mut cache) = self.0.lock() {
            cache.recent.retain(|k| k != key);
            cache.recent.push_back(key.clone());
            while cache.recent.len() > RECENT {
                cache.recent.pop_front();
            }
        }
    }

    /// The keys asked for lately whose kept answer is not of `basis` (or was
    /// dropped), oldest first: what the warmer derives again.
    pub fn stale_recent(&self, basis: Basis) -> Vec<K> {
        let Ok(cache) = self.0.lock() else {
            return Vec::new();
        };
        cache
            .recent
            .iter()
            .filter(|k| cache.answers.get(*k).is_none_or(|(b, _)| *b != basis))
            .cloned()
            .collect()
    }

    /// The answer for `key` on the current basis of what it `follows`: kept,
    /// or derived by `derive` and kept.
    pub async fn get_or<E, F>(
        &self,
        key: K,
        follows: Follows,
        generation: &ReportGeneration,
        store: &Store,
        derive: F,
    ) -> Result<Arc<V>, E>
    where
        E: From<StoreError>,
        F: AsyncFnOnce() -> Result<V, E>,
    {
        self.asked(&key);
        let basis = generation.basis(store, follows).await?;
        if let Some(hit) = self.get(&key, basis) {
            return Ok(hit);
        }
        let value = derive().await?;
        Ok(self.put(key, basis, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basis(reports: u64, data: i64) -> Basis {
        Basis { reports, data }
    }

    #[test]
    fn an_answer_is_given_only_on_the_basis_it_was_derived_on() {
        let cache = PageCache::default();
        cache.put("420100000000", basis(1, 7), 42);
        assert_eq!(
            cache.get(&"420100000000", basis(1, 7)).as_deref(),
            Some(&42)
        );
        assert_eq!(
            cache.get(&"420100000000", basis(2, 7)),
            None,
            "a report came in"
        );
        assert_eq!(
            cache.get(&"420100000000", basis(1, 8)),
            None,
            "other data moved"
        );
        assert_eq!(cache.get(&"420102000000", basis(1, 7)), None, "another key");
    }

    #[test]
    fn the_keys_asked_for_lately_are_remembered_until_kept_on_the_basis() {
        let cache: PageCache<u32, u32> = PageCache::default();
        for k in 0..(RECENT as u32 + 2) {
            cache.asked(&k);
        }
        cache.asked(&3);
        let stale = cache.stale_recent(basis(1, 1));
        assert_eq!(stale.len(), RECENT, "only the last {RECENT}");
        assert_eq!(stale.last(), Some(&3), "asked again: newest");
        assert!(!stale.contains(&0) && !stale.contains(&1), "{stale:?}");
        cache.put(3, basis(1, 1), 30);
        cache.put(4, basis(1, 0), 40);
        let stale = cache.stale_recent(basis(1, 1));
        assert!(!stale.contains(&3), "kept on the basis");
        assert!(stale.contains(&4), "kept on another basis");
    }

    #[test]
    fn the_reports_generation_moves_with_every_clear() {
        let generation = ReportGeneration::default();
        let clear = generation.clone().into_clear();
        let before = generation.0.load(Ordering::SeqCst);
        clear();
        clear();
        assert_eq!(generation.0.load(Ordering::SeqCst), before + 2);
    }

    #[test]
    fn a_full_cache_starts_again_rather_than_growing() {
        let cache = PageCache::default();
        for i in 0..KEPT {
            cache.put(i, basis(0, 0), i);
        }
        cache.put(KEPT, basis(0, 0), KEPT);
        assert_eq!(cache.get(&0, basis(0, 0)), None);
        assert_eq!(cache.get(&KEPT, basis(0, 0)).as_deref(), Some(&KEPT));
    }

    #[tokio::test]
    async fn a_write_to_the_store_makes_a_kept_answer_stale() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("c.db")).await.expect("store");
        let generation = ReportGeneration::default();
        let cache: PageCache<&str, usize> = PageCache::default();
        let derived = std::sync::atomic::AtomicUsize::new(0);
        let ask = |follows| {
            cache.get_or("k", follows, &generation, &store, async || {
                Ok::<_, StoreError>(derived.fetch_add(1, Ordering::SeqCst) + 1)
            })
        };
        let ask = || ask(Follows::ReportsAndData);
        assert_eq!(*ask().await.expect("first"), 1);
        assert_eq!(*ask().await.expect("kept"), 1);
        let record = fangkong_domain::UnitRecord {
            code: fangkong_domain::UnitCode::parse("K1").expect("code"),
            name: "一号小区".into(),
            kind: fangkong_domain::UnitKind::Compound,
            parent: None,
            population: None,
            from_address_list: false,
        };
        let version = fangkong_domain::unit::UnitVersion::first(&record, None);
        store
            .add_units(&[(record.code, version)], jiff::Timestamp::now(), "t")
            .await
            .expect("units");
        assert_eq!(*ask().await.expect("derived again"), 2);
        generation.clone().into_clear()();
        assert_eq!(*ask().await.expect("after reports"), 3);
    }

    #[tokio::test]
    async fn an_answer_that_follows_the_data_alone_stays_while_reports_come_in() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("c.db")).await.expect("store");
        let generation = ReportGeneration::default();
        let cache: PageCache<&str, usize> = PageCache::default();
        let derived = std::sync::atomic::AtomicUsize::new(0);
        let ask = || {
            cache.get_or("k", Follows::Data, &generation, &store, async || {
                Ok::<_, StoreError>(derived.fetch_add(1, Ordering::SeqCst) + 1)
            })
        };
        assert_eq!(*ask().await.expect("first"), 1);
        generation.clone().into_clear()();
        assert_eq!(*ask().await.expect("kept through reports"), 1);
    }
}
