//! What the classifier sees of a text: its readable part (see
//! [`super::template`]) as words and pairs of neighbouring words (jieba), as
//! runs of two and three Chinese characters (which carry a word jieba cut
//! otherwise, or never saw: 核酸检, 买不到), and as hits of the domain
//! lexicon's groups. Each feature is known by a 64-bit key; its readable name
//! is made only when asked (training, explanations).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lexicon::{GROUPS, hits_at};
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

/// One occurrence of a feature in a readable text: its key and the bytes it
/// spans, so that a clause's features are the text's features inside the
/// clause, without segmenting the clause again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The feature's key.
    pub key: u64,
    /// Where it starts (a byte offset).
    pub start: u32,
    /// Where it ends (a byte offset, exclusive).
    pub end: u32,
}

impl Occurrence {
    /// Whether it lies wholly within the bytes `from..to`.
    pub fn within(&self, from: usize, to: usize) -> bool {
        self.start as usize >= from && self.end as usize <= to
    }
}

/// Whether `c` is a Chinese character (a CJK ideograph, not a digit, mask
/// or punctuation): a range check, not Unicode's slower alphabetic table.
pub(super) fn chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// The features of `text`; with `names`, each feature's name is added to it
/// if it is not there yet.
pub fn extract(text: &str, names: Option<&mut KeyMap<String>>) -> Extracted {
    count(occurrences(&readable(text), names))
}

/// Occurrences counted per key, in the order first seen.
fn count(found: Vec<Occurrence>) -> Extracted {
    let mut out = Extracted {
        counts: Vec::with_capacity(found.len()),
    };
    let mut at: KeyMap<usize> = KeyMap::with_capacity_and_hasher(found.len(), Default::default());
    for o in found {
        match at.get(&o.key) {
            Some(&i) => out.counts[i].1 += 1,
            None => {
                at.insert(o.key, out.counts.len());
                out.counts.push((o.key, 1));
            }
        }
    }
    out
}

/// The clauses of a readable text (split at 。！？；， and line breaks,
/// without surrounding blanks, of `shortest` characters or more) as byte
/// ranges.
pub fn clauses(text: &str, shortest: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    let ends = text
        .char_indices()
        .filter(|(_, c)| {
            matches!(
                c,
                '。' | '！' | '？' | '；' | '，' | '!' | '?' | ';' | ',' | '\n'
            )
        })
        .map(|(i, c)| (i, i + c.len_utf8()))
        .chain(std::iter::once((text.len(), text.len())));
    for (end, next) in ends {
        let piece = &text[from..end];
        let trimmed = piece.trim();
        if trimmed.chars().count() >= shortest {
            let lead = piece.len() - piece.trim_start().len();
            out.push((from + lead, from + lead + trimmed.len()));
        }
        from = next;
    }
    out
}

/// Every feature occurrence of text already made readable: words, pairs of
/// words, runs of characters, lexicon hits. With `names`, each feature's name
/// is added to it if it is not there yet.
pub fn occurrences(text: &str, mut names: Option<&mut KeyMap<String>>) -> Vec<Occurrence> {
    let offset = |part: &str| (part.as_ptr() as usize - text.as_ptr() as usize) as u32;
    let words = super::words::words(text);
    // About one feature of each kind per character.
    let mut out = Vec::with_capacity(words.len() * 2 + text.len() * 2 / 3);
    let mut add = |kind: Kind, parts: &[&str], start: u32, end: u32| {
        let key = key_of_parts(kind, parts);
        if let Some(names) = names.as_deref_mut() {
            names
                .entry(key)
                .or_insert_with(|| name(kind, &parts.join(" ")));
        }
        out.push(Occurrence { key, start, end });
    };
    for w in &words {
        let start = offset(w);
        add(Kind::Word, &[w], start, start + w.len() as u32);
    }
    for p in words.windows(2) {
        let end = offset(p[1]) + p[1].len() as u32;
        add(Kind::Pair, p, offset(p[0]), end);
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
                let (start, end) = (w[0].0, w[n].0);
                add(Kind::Chars, &[&text[start..end]], start as u32, end as u32);
            }
        }
    }
    for (g, start, end) in hits_at(text) {
        add(Kind::Lexicon, &[GROUPS[g].code], start as u32, end as u32);
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

    fn sorted_keys(found: impl Iterator<Item = Occurrence>) -> Vec<u64> {
        let mut keys: Vec<u64> = found.map(|o| o.key).collect();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn a_clause_has_the_features_it_would_have_alone() {
        let text = "父亲高烧三天呼吸困难，社区不给安排核酸检测；家里没有车去医院。口罩也买不到!";
        let found = occurrences(text, None);
        let parts = clauses(text, 1);
        assert_eq!(parts.len(), 4, "{parts:?}");
        for (from, to) in parts {
            let alone = sorted_keys(occurrences(&text[from..to], None).into_iter());
            let inside = sorted_keys(found.iter().copied().filter(|o| o.within(from, to)));
            assert_eq!(inside, alone, "{}", &text[from..to]);
        }
    }

    #[test]
    fn clauses_are_trimmed_and_short_ones_left_out() {
        let text = " 发烧咳嗽 ，好，\n没有车去医院 ";
        let parts: Vec<&str> = clauses(text, 4)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect();
        assert_eq!(parts, ["发烧咳嗽", "没有车去医院"]);
        assert_eq!(clauses(text, 1).len(), 3);
        assert!(clauses("", 1).is_empty());
    }
}
