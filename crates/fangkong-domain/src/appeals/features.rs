//! What the classifier sees of a text: its readable part (see
//! [`super::template`]) as words and pairs of neighbouring words (jieba), as
//! runs of two and three Chinese characters (which carry a word jieba cut
//! otherwise, or never saw: 核酸检, 买不到), and as hits of the domain
//! lexicon's groups. Each feature is known by a 64-bit key; its readable name
//! is made only when asked (training, explanations).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lexicon::{GROUPS, hits};
use super::template::readable;

/// What a feature is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word.
    Word,
    /// Two neighbouring words.
    Pair,
    /// Two or three neighbouring Chinese characters.
    Chars,
    /// A group of the lexicon.
    Lexicon,
}

impl Kind {
    fn tag(self) -> u8 {
        match self {
            Kind::Word => 1,
            Kind::Pair => 2,
            Kind::Chars => 3,
            Kind::Lexicon => 4,
        }
    }
}

/// How a lexicon group's feature name begins.
pub const LEXICON_PREFIX: &str = "lexicon:";

/// The key of a feature whose text is `parts` joined by spaces (FNV-1a over
/// its kind and text), without joining them.
fn key_of_parts(kind: Kind, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(kind.tag());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            eat(b' ');
        }
        for b in part.bytes() {
            eat(b);
        }
    }
    h
}

/// The readable name of a feature: a word as it is, a pair joined by a
/// space, characters in 「」, a lexicon group as `lexicon:<code>`.
fn name(kind: Kind, text: &str) -> String {
    match kind {
        Kind::Word | Kind::Pair => text.to_string(),
        Kind::Chars => format!("「{text}」"),
        Kind::Lexicon => format!("{LEXICON_PREFIX}{text}"),
    }
}

/// Hashes a feature key by itself: keys are already hashes.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// A map keyed by feature keys.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// A text's features: each key with how often it occurs.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Key → occurrences, in the order first seen.
    pub counts: Vec<(u64, u32)>,
}

/// Whether `c` is a Chinese character (a CJK ideograph, not a digit, mask
/// or punctuation): a range check, not Unicode's slower alphabetic table.
fn chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// The features of `text`; with `names`, each feature's name is added to it
/// if it is not there yet.
pub fn extract(text: &str, names: Option<&mut KeyMap<String>>) -> Extracted {
    extract_readable(&readable(text), names)
}

/// The features of text already made readable (see [`readable`]).
pub fn extract_readable(text: &str, mut names: Option<&mut KeyMap<String>>) -> Extracted {
    let mut out = Extracted {
        counts: Vec::with_capacity(text.len()),
    };
    let mut at: KeyMap<usize> = KeyMap::with_capacity_and_hasher(text.len(), Default::default());
    let mut add = |kind: Kind, parts: &[&str]| {
        let k = key_of_parts(kind, parts);
        match at.get(&k) {
            Some(&i) => out.counts[i].1 += 1,
            None => {
                at.insert(k, out.counts.len());
                out.counts.push((k, 1));
                if let Some(names) = names.as_deref_mut() {
                    names
                        .entry(k)
                        .or_insert_with(|| name(kind, &parts.join(" ")));
                }
            }
        }
    };
    let words = super::words::words(text);
    for w in &words {
        add(Kind::Word, &[w]);
    }
    for p in words.windows(2) {
        add(Kind::Pair, p);
    }
    // Runs of characters as slices of the text: where each character starts,
    // and whether it is Chinese.
    let starts: Vec<(usize, bool)> = text
        .char_indices()
        .map(|(i, c)| (i, chinese(c)))
        .chain(std::iter::once((text.len(), false)))
        .collect();
    for n in [2, 3] {
        for w in starts.windows(n + 1) {
            if w[..n].iter().all(|&(_, c)| c) {
                add(Kind::Chars, &[&text[w[0].0..w[n].0]]);
            }
        }
    }
    for (g, &n) in GROUPS.iter().zip(hits(text).iter()) {
        for _ in 0..n {
            add(Kind::Lexicon, &[g.code]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: Kind, text: &str) -> u64 {
        key_of_parts(kind, &[text])
    }

    #[test]
    fn a_text_has_words_pairs_characters_and_lexicon_groups() {
        let mut all = KeyMap::default();
        let e = extract("父亲发烧，社区不给做核酸", Some(&mut all));
        assert_eq!(all.len(), e.counts.len());
        let names: Vec<&str> = all.values().map(String::as_str).collect();
        for want in [
            "发烧",
            "「核酸」",
            "「做核酸」",
            "lexicon:symptom",
            "lexicon:test",
        ] {
            assert!(names.contains(&want), "{want} not in {names:?}");
        }
        assert!(
            names.iter().any(|n| n.contains(' ')),
            "no pair in {names:?}"
        );
    }

    #[test]
    fn repeated_features_are_counted_and_keys_do_not_depend_on_names() {
        let mut names = KeyMap::default();
        let named = extract("发烧 发烧 发烧", Some(&mut names));
        let bare = extract("发烧 发烧 发烧", None);
        assert_eq!(named.counts, bare.counts);
        let word = named
            .counts
            .iter()
            .find(|(k, _)| names[k] == "发烧")
            .expect("the word");
        assert_eq!(word.1, 3);
    }

    #[test]
    fn template_field_names_and_masks_are_not_features() {
        let mut names = KeyMap::default();
        extract(
            "【姓名】某某【联系方式】●●●【病情描述】咳嗽",
            Some(&mut names),
        );
        for (_, n) in names {
            assert!(
                !n.contains("姓名")
                    && !n.contains("某某")
                    && !n.contains('●')
                    && !n.contains("病情"),
                "{n}"
            );
        }
    }

    #[test]
    fn only_chinese_characters_make_runs() {
        assert!(chinese('核') && chinese('㐀') && chinese('𠀀'));
        assert!(
            !chinese('a') && !chinese('5') && !chinese('●') && !chinese('，') && !chinese('ア')
        );
    }

    #[test]
    fn the_same_text_under_two_kinds_is_two_features() {
        assert_ne!(key(Kind::Word, "核酸"), key(Kind::Chars, "核酸"));
    }

    #[test]
    fn a_pair_has_the_key_of_its_words_joined_by_a_space() {
        assert_eq!(
            key_of_parts(Kind::Pair, &["社区", "不管"]),
            key(Kind::Pair, "社区 不管")
        );
    }
}
