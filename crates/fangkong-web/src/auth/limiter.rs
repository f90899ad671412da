//! `LoginLimiter`: slows password guessing. Failures are counted per username and
//! per client address over a window; past the limit, logins are refused (429)
//! until the window ends, whatever the password.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures allowed per username within [`WINDOW`].
pub const PER_NAME: u32 = 5;
/// Failures allowed per client address within [`WINDOW`] (a shared office NAT).
pub const PER_ADDRESS: u32 = 20;
/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failure counts, shared by every request.
#[derive(Clone, Default)]
pub struct LoginLimiter(Arc<Mutex<HashMap<String, (u32, Instant)>>>);

impl LoginLimiter {
    /// `Some(seconds to wait)` if logins for `name` from `address` are blocked now.
    pub fn blocked(&self, name: &str, address: &str) -> Option<u64> {
        let now = Instant::now();
        let map = self.0.lock().ok()?;
        [(name_key(name), PER_NAME), (addr_key(address), PER_ADDRESS)]
            .into_iter()
            .filter_map(|(key, limit)| {
                let (n, since) = map.get(&key)?;
                let left = WINDOW.checked_sub(now.duration_since(*since))?;
                (*n >= limit).then_some(left.as_secs().max(1))
            })
            .max()
    }

    /// Counts a failed login.
    pub fn failed(&self, name: &str, address: &str) {
        let now = Instant::now();
        if let Ok(mut map) = self.0.lock() {
            if map.len() > 100_000 {
                map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
            }
            for key in [name_key(name), addr_key(address)] {
                let entry = map.entry(key).or_insert((0, now));
                if now.duration_since(entry.1) >= WINDOW {
                    *entry = (0, now);
                }
                entry.0 += 1;
            }
        }
    }

    /// Forgets the failures of `name` after a successful login.
    pub fn succeeded(&self, name: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&name_key(name));
        }
    }
}

fn name_key(name: &str) -> String {
    format!("name:{}", name.trim().to_lowercase())
}

fn addr_key(address: &str) -> String {
    format!("addr:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_for_a_name_is_blocked_and_success_resets_it() {
        let l = LoginLimiter::default();
        for _ in 0..PER_NAME {
            assert_eq!(l.blocked("wang", "1.2.3.4"), None);
            l.failed("wang", "1.2.3.4");
        }
        let wait = l
            .blocked("Wang", "5.6.7.8")
            .expect("blocked by name, any address");
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert_eq!(l.blocked("li", "9.9.9.9"), None, "other names are free");
        l.succeeded("wang");
        assert_eq!(l.blocked("wang", "5.6.7.8"), None);
    }

    #[test]
    fn many_names_from_one_address_are_blocked_too() {
        let l = LoginLimiter::default();
        for i in 0..PER_ADDRESS {
            l.failed(&format!("user{i}"), "1.2.3.4");
        }
        assert!(l.blocked("someone-new", "1.2.3.4").is_some());
        assert_eq!(l.blocked("someone-new", "4.3.2.1"), None);
    }
}
