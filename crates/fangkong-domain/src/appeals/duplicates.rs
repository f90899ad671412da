//! One problem reported many times is counted once: appeals from the same
//! caller, about the same address, or with nearly the same text, received
//! within a window of each other, form one group. An address counts only when
//! it names one building or door (it has a number or a building word): a
//! whole community or street is where many different problems come from.
//!
//! "Nearly the same text" is a Jaccard similarity of at least 0.8 between the
//! texts' sets of character trigrams (families re-post a request with small
//! edits). Comparing every pair would be quadratic in a day of 87,000 appeals,
//! so candidates come from MinHash signatures (50 hashes in 10 bands of 5:
//! texts that agree on a whole band share a bucket), and every candidate pair
//! is then checked exactly, so no two texts are joined that are not similar
//! enough. The bands are narrow enough that texts on the same topic (a
//! Jaccard of 0.3) rarely meet (2%), and wide enough that a pair right at the
//! threshold is found 98% of the time, and at 0.9 always but once in 10,000.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};

/// What is compared of one appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealKey<'a> {
    /// When it was received.
    pub received: Timestamp,
    /// The caller's phone, if known.
    pub phone: Option<&'a str>,
    /// The address, normalised, if known.
    pub address: Option<&'a str>,
    /// The text.
    pub text: &'a str,
}

/// The smallest Jaccard similarity of two texts taken as one.
pub const SIMILAR: f64 = 0.8;

const HASHES: usize = 50;
const BAND: usize = 5;

fn trigrams(text: &str) -> HashSet<u64> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars
        .windows(3)
        .map(|w| {
            // FNV-1a over the three characters.
            w.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, c| {
                (h ^ u64::from(*c as u32)).wrapping_mul(0x0100_0000_01b3)
            })
        })
        .collect()
}

fn mix(x: u64, seed: u64) -> u64 {
    // splitmix64 of the trigram's hash and the seed: 16 independent orders.
    let mut z = x ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let both = a.intersection(b).count() as f64;
    both / ((a.len() + b.len()) as f64 - both)
}

/// Whether an address names one building or door, not a whole area.
fn specific(address: &str) -> bool {
    address.chars().any(|c| c.is_ascii_digit())
        || ["栋", "幢", "号", "室", "单元", "楼"]
            .iter()
            .any(|w| address.contains(w))
}

/// One appeal in the index.
#[derive(Debug, Clone)]
struct Entry {
    /// When it was received.
    received: Timestamp,
    /// The reference of its group's first appeal (itself if it is the first;
    /// it may be forgotten since).
    group: Box<str>,
    /// Its text's trigram hashes, sorted and distinct (32 bits are plenty
    /// to compare two texts).
    shingles: Box<[u32]>,
}

/// The appeals of a sliding window, indexed so that each new appeal finds the
/// group it repeats in time proportional to its candidates, not to the window:
/// by phone, by address, and by MinHash band of its text. A new appeal joins
/// the group of the earliest appeal it matches; groups formed earlier are
/// never rewritten.
#[derive(Debug, Clone)]
pub struct DuplicateIndex {
    window: SignedDuration,
    entries: Vec<Entry>,
    by_phone: HashMap<Box<str>, Vec<u32>>,
    by_address: HashMap<Box<str>, Vec<u32>>,
    by_band: HashMap<(u8, u64), Vec<u32>>,
}

/// What inserting an appeal found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The reference of the first appeal of the group it joined, if any.
    pub duplicate_of: Option<String>,
}

fn signature(shingles: &HashSet<u64>) -> Vec<u64> {
    (0..HASHES as u64)
        .map(|seed| {
            shingles
                .iter()
                .map(|&x| mix(x, seed + 1))
                .min()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

fn sorted_jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

impl DuplicateIndex {
    /// An empty index whose groups span `window`.
    pub fn new(window: SignedDuration) -> DuplicateIndex {
        DuplicateIndex {
            window,
            entries: Vec::new(),
            by_phone: HashMap::new(),
            by_address: HashMap::new(),
            by_band: HashMap::new(),
        }
    }

    /// How many appeals it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds an appeal whose group is already known (`head`: the reference of
    /// its group's first appeal, `None` if it is the first), as stored.
    pub fn add_known(&mut self, key: &AppealKey<'_>, reference: &str, head: Option<&str>) {
        self.push(key, head.unwrap_or(reference));
    }

    /// Adds an appeal and returns the group it joins: the group of the
    /// earliest appeal in the window with the same caller, the same specific
    /// address or nearly the same text.
    pub fn insert(&mut self, key: &AppealKey<'_>, reference: &str) -> Found {
        let text = trigrams(key.text);
        let shingles = shingles_of(&text);
        let bands = bands_of(&text);
        let near = |e: &Entry| e.received.duration_since(key.received).abs() <= self.window;
        let mut best: Option<u32> = None;
        // The earliest received (then the first added) of the matches.
        let consider = |i: u32, best: &mut Option<u32>| {
            let e = &self.entries[i as usize];
            let earlier = match *best {
                None => true,
                Some(b) => (e.received, i) < (self.entries[b as usize].received, b),
            };
            if near(e) && earlier {
                *best = Some(i);
            }
        };
        if let Some(p) = phone_of(key) {
            for &i in self.by_phone.get(p).into_iter().flatten() {
                consider(i, &mut best);
            }
        }
        if let Some(a) = address_of(key) {
            for &i in self.by_address.get(a).into_iter().flatten() {
                consider(i, &mut best);
            }
        }
        let mut seen: HashSet<u32> = HashSet::new();
        for band in &bands {
            for &i in self.by_band.get(band).into_iter().flatten() {
                // A member of the group already found, received later than
                // its match, changes nothing: no need to compare.
                let e = &self.entries[i as usize];
                let same_group_later = best.is_some_and(|b| {
                    let b = &self.entries[b as usize];
                    b.group == e.group && b.received <= e.received
                });
                if !same_group_later
                    && seen.insert(i)
                    && sorted_jaccard(&e.shingles, &shingles) >= SIMILAR
                {
                    consider(i, &mut best);
                }
            }
        }
        let group = best.map(|b| self.entries[b as usize].group.to_string());
        self.push_parts(key, group.as_deref().unwrap_or(reference), shingles, bands);
        Found {
            duplicate_of: group,
        }
    }

    fn push(&mut self, key: &AppealKey<'_>, group: &str) {
        let text = trigrams(key.text);
        self.push_parts(key, group, shingles_of(&text), bands_of(&text));
    }

    fn push_parts(
        &mut self,
        key: &AppealKey<'_>,
        group: &str,
        shingles: Vec<u32>,
        bands: Vec<(u8, u64)>,
    ) {
        let i = self.entries.len() as u32;
        if let Some(p) = phone_of(key) {
            self.by_phone.entry(p.into()).or_default().push(i);
        }
        if let Some(a) = address_of(key) {
            self.by_address.entry(a.into()).or_default().push(i);
        }
        for band in bands {
            self.by_band.entry(band).or_default().push(i);
        }
        self.entries.push(Entry {
            received: key.received,
            group: group.into(),
            shingles: shingles.into(),
        });
    }

    /// Forgets the appeals added after the first `len` (a write that failed).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.entries.len() {
            return;
        }
        self.entries.truncate(len);
        let cut = len as u32;
        for list in self
            .by_phone
            .values_mut()
            .chain(self.by_address.values_mut())
            .chain(self.by_band.values_mut())
        {
            while list.last().is_some_and(|&i| i >= cut) {
                list.pop();
            }
        }
        self.by_phone.retain(|_, v| !v.is_empty());
        self.by_address.retain(|_, v| !v.is_empty());
        self.by_band.retain(|_, v| !v.is_empty());
    }

    /// Drops the appeals received before `now` minus the window, once they
    /// are as many as those kept (so the work is paid back by the inserts
    /// that made them); the groups of those kept are unchanged.
    pub fn forget_before(&mut self, now: Timestamp) {
        let Some(cutoff) = now.checked_sub(self.window).ok() else {
            return;
        };
        let old = self.entries.iter().filter(|e| e.received < cutoff).count();
        if old == 0 || old * 2 < self.entries.len() {
            return;
        }
        let kept: Vec<Entry> = std::mem::take(&mut self.entries);
        let mut fresh = DuplicateIndex::new(self.window);
        let mut moved: HashMap<u32, u32> = HashMap::new();
        for (i, e) in kept.into_iter().enumerate() {
            if e.received < cutoff {
                continue;
            }
            moved.insert(i as u32, fresh.entries.len() as u32);
            fresh.entries.push(e);
        }
        // The lookups, renumbered to the entries kept.
        for (k, v) in std::mem::take(&mut self.by_phone) {
            let list: Vec<u32> = v.iter().filter_map(|i| moved.get(i).copied()).collect();
            if !list.is_empty() {
                fresh.by_phone.insert(k, list);
            }
        }
        for (k, v) in std::mem::take(&mut self.by_address) {
            let list: Vec<u32> = v.iter().filter_map(|i| moved.get(i).copied()).collect();
            if !list.is_empty() {
                fresh.by_address.insert(k, list);
            }
        }
        for (k, v) in std::mem::take(&mut self.by_band) {
            let list: Vec<u32> = v.iter().filter_map(|i| moved.get(i).copied()).collect();
            if !list.is_empty() {
                fresh.by_band.insert(k, list);
            }
        }
        *self = fresh;
    }
}

/// The buckets of a text: one per band of its MinHash signature (none for a
/// text too short to have a trigram).
fn bands_of(text: &HashSet<u64>) -> Vec<(u8, u64)> {
    if text.is_empty() {
        return Vec::new();
    }
    signature(text)
        .chunks(BAND)
        .enumerate()
        .map(|(band, rows)| {
            (
                band as u8,
                rows.iter().fold(0u64, |h, r| mix(h ^ r, band as u64)),
            )
        })
        .collect()
}

fn shingles_of(text: &HashSet<u64>) -> Vec<u32> {
    let mut v: Vec<u32> = text.iter().map(|&h| (h ^ (h >> 32)) as u32).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn phone_of<'a>(key: &AppealKey<'a>) -> Option<&'a str> {
    key.phone.map(str::trim).filter(|p| !p.is_empty())
}

fn address_of<'a>(key: &AppealKey<'a>) -> Option<&'a str> {
    key.address.map(str::trim).filter(|a| specific(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(hour: i64) -> Timestamp {
        Timestamp::from_second(1_583_000_000 + hour * 3600).expect("instant")
    }

    fn key(
        hour: i64,
        phone: Option<&'static str>,
        address: Option<&'static str>,
        text: &'static str,
    ) -> AppealKey<'static> {
        AppealKey {
            received: at(hour),
            phone,
            address,
            text,
        }
    }

    /// The groups of duplicates among `appeals` (indices; each group in order, the
    /// first received first), received within `window` of each other, taken in
    /// the order they were received. Every appeal is in exactly one group.
    fn group(appeals: &[AppealKey<'_>], window: SignedDuration) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..appeals.len()).collect();
        order.sort_by_key(|&i| (appeals[i].received, i));
        let mut index = DuplicateIndex::new(window);
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in &order {
            let reference = i.to_string();
            let found = index.insert(&appeals[i], &reference);
            groups
                .entry(found.duplicate_of.unwrap_or(reference))
                .or_default()
                .push(i);
        }
        let mut list: Vec<Vec<usize>> = groups.into_values().collect();
        list.sort_by_key(|g| (appeals[g[0]].received, g[0]));
        list
    }

    const WEEK: SignedDuration = SignedDuration::from_hours(24 * 7);

    #[test]
    fn the_same_caller_address_or_text_within_the_window_is_one_group() {
        let text = "我父亲发烧五天了，社区一直不安排核酸检测，请帮帮我们，住在东湖路社区三栋";
        let appeals = [
            key(0, Some("13900000001"), None, "小区团购的菜一直送不到"),
            key(5, Some("13900000001"), None, "还是没有菜，家里快断粮了"),
            key(1, None, Some("东湖路社区3栋"), "楼道里有人发烧"),
            key(30, None, Some("东湖路社区3栋"), "楼道消毒没有人做"),
            key(2, None, None, text),
            key(
                9,
                None,
                None,
                "我父亲发烧五天了，社区一直不安排核酸检测，请帮帮我们！住在东湖路社区三栋",
            ),
            key(3, Some("13900000001"), None, "another"),
            key(400, Some("13900000001"), None, "三周后又打来：还是买不到药"),
            key(4, None, None, "孩子在宿舍滞留，学校食堂关了"),
            key(6, None, Some("东湖路社区"), "超市关门了，买不到米"),
            key(7, None, Some("东湖路社区"), "公交停了，上班怎么去"),
        ];
        let groups = group(&appeals, WEEK);
        let of = |i: usize| groups.iter().position(|g| g.contains(&i)).expect("grouped");
        assert_eq!(of(0), of(1), "same phone");
        assert_eq!(of(0), of(6), "same phone");
        assert_ne!(of(0), of(7), "same phone, three weeks later: a new problem");
        assert_eq!(of(2), of(3), "same address");
        assert_eq!(of(4), of(5), "nearly the same text");
        assert_ne!(of(8), of(4));
        assert_ne!(of(9), of(10), "a whole community is not one address");
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), appeals.len());
        assert_eq!(groups.len(), 7);
    }

    #[test]
    fn the_index_forgets_what_a_failed_write_added_and_what_left_the_window() {
        let mut index = DuplicateIndex::new(WEEK);
        let first = key(0, Some("13900000001"), None, "小区团购的菜一直送不到");
        assert_eq!(index.insert(&first, "a").duplicate_of, None);
        index.add_known(&key(1, None, None, "孩子在宿舍滞留"), "b", None);
        let n = index.len();
        let again = key(2, Some("13900000001"), None, "还是没有菜");
        assert_eq!(index.insert(&again, "c").duplicate_of.as_deref(), Some("a"));
        index.truncate(n);
        assert_eq!(index.len(), 2, "c's write failed: forgotten");
        assert_eq!(
            index.insert(&again, "c2").duplicate_of.as_deref(),
            Some("a"),
            "and taken again"
        );
        // Three weeks on, the first fortnight is forgotten; a repeat of a
        // forgotten appeal starts a new group.
        for h in 0..3 {
            index.insert(&key(500 + h, None, None, "新的问题"), &format!("n{h}"));
        }
        index.forget_before(at(505));
        assert_eq!(index.len(), 3, "{index:?}");
        let late = key(506, Some("13900000001"), None, "又打来了");
        assert_eq!(index.insert(&late, "d").duplicate_of, None);
        let text_again = key(507, None, None, "新的问题");
        assert_eq!(
            index.insert(&text_again, "e").duplicate_of.as_deref(),
            Some("n0"),
            "the groups kept still hold"
        );
    }

    #[test]
    fn similarity_is_jaccard_of_trigrams() {
        let a = trigrams("abcde");
        let b = trigrams("abcdf");
        // {abc, bcd, cde} and {abc, bcd, cdf}: 2 shared of 4.
        assert!((jaccard(&a, &b) - 0.5).abs() < 1e-12, "{}", jaccard(&a, &b));
        assert_eq!(jaccard(&a, &a), 1.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every appeal is in exactly one group, and the candidates never make
        /// two texts one unless they are similar enough (or share a caller or
        /// an address).
        #[test]
        fn groups_partition_the_appeals(texts in proptest::collection::vec("[滞留回家买菜发烧核酸社区]{3,12}", 1..30)) {
            let appeals: Vec<AppealKey<'_>> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| AppealKey { received: at(i as i64), phone: None, address: None, text: t })
                .collect();
            let groups = group(&appeals, WEEK);
            let mut all: Vec<usize> = groups.iter().flatten().copied().collect();
            all.sort_unstable();
            prop_assert_eq!(all, (0..appeals.len()).collect::<Vec<_>>());
            for g in &groups {
                if g.len() > 1 {
                    // Each member is similar to at least one other member.
                    for &a in g {
                        let sa = trigrams(appeals[a].text);
                        prop_assert!(g.iter().any(|&b| b != a && jaccard(&sa, &trigrams(appeals[b].text)) >= SIMILAR));
                    }
                }
            }
        }
    }
}
