//! The interface's two languages: Simplified Chinese by default, English on request
//! (`?lang=en`). Every template receives one `Messages`.

pub mod access;
pub mod alerts;
pub mod appeals;
pub mod catalogue;
pub mod errors;
pub mod forms;
pub mod truth;
pub mod workbook;

use serde::{Deserialize, Deserializer};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

// Read leniently: `en` (any case) is English, anything else (an empty or unknown
// value in a hand-typed link) is the default, never an error page.
impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let text = String::deserialize(d)?;
        Ok(if text.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Zh
        })
    }
}

crate::catalogue_view! {
    /// Every fixed text of the pages, in one language.
    pub struct Messages ("page") {
        /// The `lang` attribute.
        html_lang,
        /// The query value of this language.
        code,
        /// The query value of the other language, for the switch.
        other_code,
        /// The other language's name, on the switch.
        other_name,
        /// The product's title.
        title,
        /// "Date".
        date,
        /// "Show".
        show,
        /// "Trend of daily new confirmed cases".
        trend,
        /// "Epidemic-free units".
        epidemic_free,
        /// "Kind".
        kind,
        /// "Units".
        units,
        /// "Share".
        share,
        /// "Gained the status".
        gained,
        /// "Lost the status".
        lost,
        /// "Reports received".
        completeness,
        /// "Special places with a case".
        special_alerts,
        /// "None".
        none,
        /// "Districts".
        drill_down,
        /// "Code".
        code_col,
        /// "Name".
        name,
        /// "Status".
        status,
        /// "Clean days".
        zero_days,
        /// "Earliest free".
        earliest_free,
        /// "Reason".
        reason,
        /// "Yes" (epidemic-free).
        free_yes,
        /// "No".
        free_no,
        /// "Pending" (reports not yet due).
        pending,
        /// "Up".
        up,
        /// "Units under it".
        children,
        /// "Policy".
        policy,
        /// "Phases".
        phases,
        /// "Reports of the day".
        reports_of_day,
        /// "Status, last 14 days".
        history,
        /// "Confirmed / suspected / contacts / fever".
        counts,
        /// "Measures not in place".
        measures_missing,
        /// "Reporter".
        reporter,
        /// "Revision".
        revision,
    }
}

impl Messages {
    /// The language of these texts.
    pub fn lang(&self) -> Lang {
        if self.code == "en" {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// A text of the catalogue by id, for templates.
    pub fn t(&self, id: &str) -> &'static str {
        catalogue::text(self.lang(), id)
    }

    /// The label of a stable code (`prefix-code`), or the code.
    pub fn label<'a>(&self, prefix: &str, code: &'a str) -> &'a str {
        catalogue::label(self.lang(), prefix, code)
    }

    /// A text holding a count, in the plural form the count asks for.
    pub fn count<N: Into<catalogue::Arg>>(&self, id: &str, n: N) -> String {
        catalogue::format(self.lang(), id, &[("n", n.into())])
    }
}

impl Lang {
    /// The language a request asks for: `?lang=` first; then, for the API and
    /// Open311 (machine clients, English by default), `Accept-Language`; pages
    /// are in Simplified Chinese unless asked otherwise.
    pub fn of_request(
        uri: &axum::http::Uri,
        headers: &axum::http::HeaderMap,
        face: crate::doors::Face,
    ) -> Lang {
        let asked = uri.query().and_then(|q| {
            q.split('&')
                .filter_map(|pair| pair.strip_prefix("lang="))
                .next_back()
        });
        if let Some(code) = asked {
            return if code.trim().eq_ignore_ascii_case("en") {
                Lang::En
            } else {
                Lang::Zh
            };
        }
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim_start().to_ascii_lowercase());
        match (face, accept) {
            (crate::doors::Face::Page, Some(a)) if a.starts_with("en") => Lang::En,
            (crate::doors::Face::Page, _) => Lang::Zh,
            (_, Some(a)) if a.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The texts of this language.
    pub fn messages(self) -> Messages {
        Messages::of(self)
    }
}

/// The name of a unit kind, for the pages.
pub fn kind_name(kind: fangkong_domain::UnitKind, lang: Lang) -> &'static str {
    catalogue::label(lang, "kind", kind.name())
}

/// A configured text written in both languages as the rules file writes
/// them, `中文（English）`, in `lang`: the Chinese before the last full-width
/// brackets, or the English inside them. A text not written so is shown as it is.
pub fn bilingual(text: &str, lang: Lang) -> &str {
    let t = text.trim();
    let split = t
        .strip_suffix('）')
        .and_then(|inner| {
            inner
                .rfind('（')
                .map(|at| (&inner[..at], &inner[at + '（'.len_utf8()..]))
        })
        .filter(|(_, en)| !en.is_empty() && en.is_ascii());
    match (split, lang) {
        (Some((zh, _)), Lang::Zh) => zh.trim(),
        (Some((_, en)), Lang::En) => en.trim(),
        (None, _) => t,
    }
}

#[cfg(test)]
mod bilingual_tests {
    use super::*;

    #[test]
    fn a_configured_text_is_said_in_the_page_s_language() {
        let t = "继续执行街道封控措施（subdistrict controls continue）";
        assert_eq!(bilingual(t, Lang::Zh), "继续执行街道封控措施");
        assert_eq!(bilingual(t, Lang::En), "subdistrict controls continue");
        assert_eq!(
            bilingual("只有中文（含括号说明）", Lang::En),
            "只有中文（含括号说明）"
        );
        assert_eq!(bilingual("plain", Lang::Zh), "plain");
    }
}
