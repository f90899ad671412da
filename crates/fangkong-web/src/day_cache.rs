//! `DayCache`: values derived from the engine once per day and shared by every
//! request, with a generation so that a value computed before a report was filed
//! is never kept after it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fangkong_domain::Day;

/// How many days a cache keeps (a season is about 100; a day's statuses are
/// ~0.4 MB at Wuhan scale).
const CACHED_DAYS: usize = 400;

/// The cached days and the generation they belong to.
struct Entries<T> {
    generation: u64,
    days: HashMap<Day, Arc<T>>,
}

/// Values computed once per day and shared; cleared whole when it grows past
/// [`CACHED_DAYS`] and after every group of filed reports.
pub struct DayCache<T>(Arc<Mutex<Entries<T>>>);

impl<T> Clone for DayCache<T> {
    fn clone(&self) -> Self {
        DayCache(Arc::clone(&self.0))
    }
}

impl<T> Default for DayCache<T> {
    fn default() -> Self {
        DayCache(Arc::new(Mutex::new(Entries {
            generation: 0,
            days: HashMap::new(),
        })))
    }
}

impl<T> DayCache<T> {
    /// The value of `day`, if computed.
    pub fn get(&self, day: Day) -> Option<Arc<T>> {
        self.0.lock().ok().and_then(|c| c.days.get(&day).cloned())
    }

    /// The current generation: read it before computing a value to [`put`](Self::put).
    pub fn generation(&self) -> u64 {
        self.0.lock().map(|c| c.generation).unwrap_or(u64::MAX)
    }

    /// Forgets every value and starts a new generation (after new reports).
    pub fn clear(&self) {
        if let Ok(mut cache) = self.0.lock() {
            cache.days.clear();
            cache.generation += 1;
        }
    }

    /// Returns `value` shared, and keeps it for `day` if nothing was cleared since
    /// `generation` (otherwise it may predate a report, and is only passed on).
    pub fn put(&self, day: Day, value: T, generation: u64) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut cache) = self.0.lock()
            && cache.generation == generation
        {
            if cache.days.len() >= CACHED_DAYS {
                cache.days.clear();
            }
            cache.days.insert(day, Arc::clone(&value));
        }
        value
    }
}

impl<T: Send + Sync + 'static> DayCache<T> {
    /// A function that clears this cache, for the filer to call after each group.
    pub fn into_clear(self) -> Box<dyn Fn() + Send + Sync> {
        Box::new(move || self.clear())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Day {
        Day::parse("2020-03-06").expect("day")
    }

    #[test]
    fn a_value_computed_before_a_clear_is_not_kept() {
        let cache = DayCache::default();
        let before = cache.generation();
        cache.clear(); // a report was filed while the value was being computed
        assert_eq!(*cache.put(day(), 1, before), 1, "the caller still gets it");
        assert_eq!(cache.get(day()), None, "but it is not kept");
        let now = cache.generation();
        cache.put(day(), 2, now);
        assert_eq!(cache.get(day()).as_deref(), Some(&2));
    }
}
