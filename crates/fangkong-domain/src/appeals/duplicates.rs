//! One problem reported many times is counted once: appeals from the same
//! caller, about the same address, or with nearly the same text, received
//! within a window of each other, form one group. An address counts only when
//! it names one building or door (it has a number or a building word): a
//! whole community or street is where many different problems come from.
//!
//! "Nearly the same text" is a Jaccard similarity of at least 0.8 between the
//! texts' sets of character trigrams (families re-post a request with small
//! edits). Comparing every pair would be quadratic in a day of 87,000 appeals,
//! so candidates come from MinHash signatures (16 hashes in 8 bands of 2: texts
//! that agree on a whole band share a bucket), and every candidate pair is then
//! checked exactly: the grouping never rests on the approximation.

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

const HASHES: usize = 16;
const BAND: usize = 2;

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

struct Groups(Vec<usize>);

impl Groups {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// The groups of duplicates among `appeals` (indices; each group in order, the
/// first received first), received within `window` of each other. Every appeal
/// is in exactly one group.
pub fn group(appeals: &[AppealKey<'_>], window: SignedDuration) -> Vec<Vec<usize>> {
    let n = appeals.len();
    let mut groups = Groups((0..n).collect());
    let near = |a: usize, b: usize| {
        let d = appeals[a].received.duration_since(appeals[b].received);
        d.abs() <= window
    };
    // The same caller, or the same address.
    let mut by_phone: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_address: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in appeals.iter().enumerate() {
        if let Some(p) = a.phone.filter(|p| !p.trim().is_empty()) {
            by_phone.entry(p.trim()).or_default().push(i);
        }
        if let Some(s) = a.address.filter(|s| specific(s)) {
            by_address.entry(s.trim()).or_default().push(i);
        }
    }
    for same in by_phone.values().chain(by_address.values()) {
        for (k, &a) in same.iter().enumerate() {
            for &b in &same[k + 1..] {
                if near(a, b) {
                    groups.join(a, b);
                }
            }
        }
    }
    // Nearly the same text: candidates by MinHash bands, checked exactly.
    let shingles: Vec<HashSet<u64>> = appeals.iter().map(|a| trigrams(a.text)).collect();
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (i, s) in shingles.iter().enumerate() {
        if s.is_empty() {
            continue;
        }
        let signature: Vec<u64> = (0..HASHES as u64)
            .map(|seed| {
                s.iter()
                    .map(|&x| mix(x, seed + 1))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect();
        for (band, rows) in signature.chunks(BAND).enumerate() {
            let key = rows.iter().fold(0u64, |h, r| mix(h ^ r, band as u64));
            buckets.entry((band, key)).or_default().push(i);
        }
    }
    let mut checked: HashSet<(usize, usize)> = HashSet::new();
    for members in buckets.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if checked.insert((a.min(b), a.max(b)))
                    && near(a, b)
                    && jaccard(&shingles[a], &shingles[b]) >= SIMILAR
                {
                    groups.join(a, b);
                }
            }
        }
    }
    let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let root = groups.find(i);
        out.entry(root).or_default().push(i);
    }
    let mut list: Vec<Vec<usize>> = out.into_values().collect();
    for g in &mut list {
        g.sort_by_key(|&i| (appeals[i].received, i));
    }
    list.sort_by_key(|g| g[0]);
    list
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
