//! The words of the appeals, alerts and disputes pages: the stable codes of
//! statuses, steps, urgencies, channels, categories, promises, alert kinds and
//! disputes, said in the page's language.

use fangkong_domain::appeals::Category;

use super::Lang;
use super::catalogue::label;

/// A category's label in `lang`.
pub fn category_label(lang: Lang) -> fn(Category) -> &'static str {
    match lang {
        Lang::Zh => |c| label(Lang::Zh, "category", c.name()),
        Lang::En => |c| label(Lang::En, "category", c.name()),
    }
}

/// `code` in words: Chinese when `zh`, else English; an unknown code as it is.
pub fn word(code: &str, zh: bool) -> &str {
    let lang = if zh { Lang::Zh } else { Lang::En };
    if Category::parse(code).is_some() {
        return label(lang, "category", code);
    }
    label(lang, "word", code)
}

/// A dispute's code in words (its kind, status, step or risk), where the
/// words differ from an appeal's (`open` is 待调解 here).
pub fn dispute_word(code: &str, zh: bool) -> &str {
    let lang = if zh { Lang::Zh } else { Lang::En };
    for prefix in ["dispute-kind", "dispute"] {
        let said = label(lang, prefix, code);
        if said != code {
            return said;
        }
    }
    word(code, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_said_in_the_pages_language_and_unknown_ones_kept() {
        assert_eq!(word("in_progress", true), "办理中");
        assert_eq!(word("in_progress", false), "in progress");
        assert_eq!(word("supplies", true), "生活物资供应");
        assert_eq!(word("supplies", false), "Daily supplies");
        assert_eq!(word("K1", true), "K1");
        assert_eq!(word("appeal_surge", true), "诉求激增");
        assert_eq!(
            dispute_word("open", true),
            "待调解",
            "not an appeal's 未处理"
        );
        assert_eq!(dispute_word("high", true), "高");
        assert_eq!(dispute_word("measures", true), "防控措施引发的纠纷");
    }
}
