//! Slowing password guessing: failed logins are counted per account name and
//! per client address over a window. Too many for one name locks that name
//! until the window ends, whatever the password. Too many from one address
//! only slows the logins from it, more with every further failure, and never
//! refuses them: an office, a hospital or a whole district may sit behind one
//! address, and one guesser there must not lock its colleagues out.

use std::time::Duration;

use serde::Deserialize;

/// The limits on failed logins (`[access.logins]` in the rules file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoginRules {
    /// Failures one account name may have in the window before it is locked.
    pub per_name: u32,
    /// Failures from one address in the window before its logins are slowed.
    pub per_address: u32,
    /// How long failures are remembered, in minutes.
    pub window_minutes: u32,
    /// The longest wait a slowed login is made to take, in seconds.
    pub max_delay_seconds: u32,
}

impl Default for LoginRules {
    fn default() -> Self {
        LoginRules {
            per_name: 5,
            per_address: 20,
            window_minutes: 15,
            max_delay_seconds: 8,
        }
    }
}

/// Failures counted under one key: how many, and how long ago the first was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    /// How many.
    pub count: u32,
    /// Seconds since the first of them.
    pub age_seconds: u64,
}

/// What a login attempt may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginVerdict {
    /// Go ahead.
    Open,
    /// Go ahead after this wait (the address has failed often).
    Slowed(Duration),
    /// Refused, whatever the password, for this many more seconds (the name
    /// has failed too often).
    Locked(u64),
}

impl LoginRules {
    /// The window in seconds.
    pub fn window_seconds(&self) -> u64 {
        u64::from(self.window_minutes) * 60
    }

    /// Whether failures of this age still count.
    pub fn fresh(&self, f: Failures) -> bool {
        f.age_seconds < self.window_seconds()
    }

    /// What an attempt for a name from an address may do, given the failures
    /// counted for each.
    pub fn verdict(&self, name: Option<Failures>, address: Option<Failures>) -> LoginVerdict {
        let fresh = |f: Option<Failures>| f.filter(|f| self.fresh(*f));
        if let Some(f) = fresh(name).filter(|f| f.count >= self.per_name) {
            return LoginVerdict::Locked((self.window_seconds() - f.age_seconds).max(1));
        }
        match fresh(address).filter(|f| f.count >= self.per_address) {
            None => LoginVerdict::Open,
            Some(f) => {
                // A quarter second, doubling with every failure past the limit.
                let over = (f.count - self.per_address).min(16);
                let ms = 250u64.saturating_mul(1 << over);
                let max = u64::from(self.max_delay_seconds) * 1000;
                LoginVerdict::Slowed(Duration::from_millis(ms.min(max)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(count: u32, age_seconds: u64) -> Option<Failures> {
        Some(Failures { count, age_seconds })
    }

    #[test]
    fn the_fifth_failure_of_a_name_locks_it_until_the_window_ends() {
        let r = LoginRules::default();
        assert_eq!(r.verdict(f(4, 10), None), LoginVerdict::Open);
        assert_eq!(r.verdict(f(5, 60), None), LoginVerdict::Locked(840));
        assert_eq!(r.verdict(f(5, 900), None), LoginVerdict::Open, "forgotten");
    }

    #[test]
    fn an_address_that_fails_often_is_slowed_never_locked() {
        let r = LoginRules::default();
        assert_eq!(r.verdict(None, f(19, 0)), LoginVerdict::Open);
        assert_eq!(
            r.verdict(None, f(20, 0)),
            LoginVerdict::Slowed(Duration::from_millis(250))
        );
        assert_eq!(
            r.verdict(None, f(22, 0)),
            LoginVerdict::Slowed(Duration::from_millis(1000))
        );
        assert_eq!(
            r.verdict(None, f(10_000, 0)),
            LoginVerdict::Slowed(Duration::from_secs(8)),
            "capped, and still let through"
        );
    }

    #[test]
    fn a_locked_name_is_locked_from_any_address() {
        let r = LoginRules::default();
        assert!(matches!(
            r.verdict(f(5, 0), f(0, 0)),
            LoginVerdict::Locked(_)
        ));
    }
}
