//! The one message catalogue: every text a person reads, in Project Fluent
//! files under `locales/` (one folder per language, one file per area of the
//! product), compiled into the binary. Fluent gives each language its own
//! plural rules and word order; the code names a message by its id and hands
//! it the values.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

/// The catalogue's files, per language, in the order they are loaded.
const FILES: [(Lang, &str, &[&str]); 2] = [
    (
        Lang::Zh,
        "zh-Hans",
        &[
            include_str!("../../locales/zh-Hans/pages.ftl"),
            include_str!("../../locales/zh-Hans/truth.ftl"),
            include_str!("../../locales/zh-Hans/forms.ftl"),
            include_str!("../../locales/zh-Hans/words.ftl"),
            include_str!("../../locales/zh-Hans/errors.ftl"),
            include_str!("../../locales/zh-Hans/rota.ftl"),
            include_str!("../../locales/zh-Hans/inspections.ftl"),
        ],
    ),
    (
        Lang::En,
        "en",
        &[
            include_str!("../../locales/en/pages.ftl"),
            include_str!("../../locales/en/truth.ftl"),
            include_str!("../../locales/en/forms.ftl"),
            include_str!("../../locales/en/words.ftl"),
            include_str!("../../locales/en/errors.ftl"),
            include_str!("../../locales/en/rota.ftl"),
            include_str!("../../locales/en/inspections.ftl"),
        ],
    ),
];

/// One language's bundle, and its messages without arguments already said.
struct Language {
    bundle: FluentBundle<FluentResource>,
    fixed: HashMap<String, String>,
    /// Every message id, in file order.
    ids: Vec<String>,
}

static CATALOGUE: LazyLock<[Language; 2]> = LazyLock::new(|| FILES.map(load));

// The files are part of the binary and their tests parse them: a syntax error
// is a build defect, found by `every_file_of_the_catalogue_parses`.
fn load((_, tag, files): (Lang, &str, &[&str])) -> Language {
    let id: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: the texts go into HTML and CSV as they are.
    bundle.set_use_isolating(false);
    let mut ids = Vec::new();
    for text in files {
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
        ids.extend(message_ids(&resource));
        let _ = bundle.add_resource(resource);
    }
    let mut fixed = HashMap::new();
    for id in &ids {
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, None, &mut errors);
            if errors.is_empty() {
                fixed.insert(id.clone(), text.into_owned());
            }
        }
    }
    Language { bundle, fixed, ids }
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

fn language(lang: Lang) -> &'static Language {
    &CATALOGUE[match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }]
}

/// A message without arguments; its id where the catalogue lacks it (which
/// the catalogue's tests and the language crawl catch).
pub fn text(lang: Lang, id: &str) -> &'static str {
    let language = language(lang);
    match language.fixed.get(id) {
        Some(t) => t,
        None => CATALOGUE_MISSES.get_or(id),
    }
}

/// The label of a stable code (`prefix-code` in the catalogue): a status, a
/// kind, a category; the code itself where the catalogue has no label for it
/// (a unit code, a configured name).
pub fn label<'a>(lang: Lang, prefix: &str, code: &'a str) -> &'a str {
    match language(lang).fixed.get(&format!("{prefix}-{code}")) {
        Some(t) => t,
        None => code,
    }
}

/// A value handed to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number: chooses the plural form.
    Number(f64),
    /// A text, as it is.
    Text(String),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(n as f64)
            }
        }

        impl From<&$t> for Arg {
            fn from(n: &$t) -> Arg {
                Arg::Number(*n as f64)
            }
        }
    )*};
}
number_arg!(u32, u64, usize, i32, i64, f64);

/// A message with its values.
pub fn format(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let language = language(lang);
    let Some(pattern) = language.bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            Arg::Text(t) => fluent_args.set(*name, FluentValue::from(t.clone())),
        }
    }
    let mut errors = Vec::new();
    language
        .bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// Whether the catalogue has `id` in `lang`.
pub fn has(lang: Lang, id: &str) -> bool {
    language(lang).bundle.has_message(id)
}

/// Every message id of `lang`, in file order, for the catalogue's tests.
pub fn ids(lang: Lang) -> Vec<String> {
    language(lang).ids.clone()
}

/// Ids asked for but missing, kept so `text` can hand back a `'static` str.
struct Misses(std::sync::Mutex<Vec<&'static str>>);

static CATALOGUE_MISSES: Misses = Misses(std::sync::Mutex::new(Vec::new()));

impl Misses {
    fn get_or(&self, id: &str) -> &'static str {
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = seen.iter().find(|s| **s == id) {
            return s;
        }
        // Bounded by the ids the code names: a missing id is a defect the
        // tests report, not user input.
        let s: &'static str = Box::leak(id.to_string().into_boxed_str());
        seen.push(s);
        s
    }
}

/// Declares a typed view of the catalogue: a struct of `&'static str` whose
/// fields are messages `prefix-field`, so a template that names a text that
/// does not exist does not compile.
#[macro_export]
macro_rules! catalogue_view {
    ($(#[$meta:meta])* pub struct $name:ident ($prefix:literal) {
        $( $(#[$field_meta:meta])* $field:ident ),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: &'static str, )*
        }

        impl $name {
            /// Every message id of the view.
            pub const IDS: &'static [&'static str] = &[$(concat!($prefix, "-", stringify!($field))),*];

            /// The view in `lang`.
            pub fn of(lang: $crate::i18n::Lang) -> $name {
                $name {
                    $( $field: $crate::i18n::catalogue::text(
                        lang,
                        concat!($prefix, "-", stringify!($field)),
                    ), )*
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_catalogue_parses() {
        for (_, tag, files) in FILES {
            for (i, text) in files.iter().enumerate() {
                if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
                    panic!("locales/{tag} file {i}: {errors:?}");
                }
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_messages_and_no_id_twice() {
        let zh = ids(Lang::Zh);
        let en = ids(Lang::En);
        for (lang, list) in [("zh-Hans", &zh), ("en", &en)] {
            let mut seen = std::collections::BTreeSet::new();
            for id in list.iter() {
                assert!(seen.insert(id), "{id} twice in {lang}");
            }
        }
        let zh: std::collections::BTreeSet<_> = zh.into_iter().collect();
        let en: std::collections::BTreeSet<_> = en.into_iter().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "only in zh-Hans: {only_zh:?}");
        assert!(only_en.is_empty(), "only in en: {only_en:?}");
    }

    #[test]
    fn plurals_follow_each_language() {
        let one = format(Lang::En, "chart-cases", &[("n", 1u32.into())]);
        let two = format(Lang::En, "chart-cases", &[("n", 2u32.into())]);
        assert_eq!((one.as_str(), two.as_str()), ("1 case", "2 cases"));
        assert_eq!(
            format(Lang::Zh, "chart-cases", &[("n", 2u32.into())]),
            "2例"
        );
    }

    #[test]
    fn a_missing_id_is_said_as_the_id_and_known() {
        assert_eq!(text(Lang::Zh, "no-such-message"), "no-such-message");
        assert!(!has(Lang::En, "no-such-message"));
        assert_eq!(format(Lang::En, "no-such-message", &[]), "no-such-message");
    }
}

#[cfg(test)]
mod views {
    use super::*;

    #[test]
    fn every_text_of_the_typed_views_is_in_both_languages() {
        let ids = super::super::Messages::IDS
            .iter()
            .chain(super::super::forms::FormMessages::IDS)
            .chain(super::super::truth::TruthMessages::IDS);
        for id in ids {
            for lang in [Lang::Zh, Lang::En] {
                assert!(has(lang, id), "{id} is missing in {lang:?}");
            }
        }
    }
}
