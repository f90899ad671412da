//! A fast, non-cryptographic hasher for the import's hot lookups (unit code to
//! unit, unit and day to first line): the FxHash multiply-rotate scheme, as used
//! inside rustc. SipHash, the standard default, resists hash flooding by untrusted
//! keys; the keys here are unit codes already validated against the stored tree
//! and days, and the profile showed hashing as a top cost of the import.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash state.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_different_keys_mostly_differ() {
        let mut m: FxHashMap<String, u32> = FxHashMap::default();
        for i in 0..10_000u32 {
            m.insert(format!("420102002{i:03}-{:02}", i % 13), i);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m.get("420102002005-05"), Some(&5));
        let set: FxHashSet<u64> = (0..10_000u64)
            .map(|i| {
                let mut h = FxHasher::default();
                h.write(format!("{i}").as_bytes());
                h.finish()
            })
            .collect();
        assert!(set.len() > 9_990, "few collisions");
    }
}
