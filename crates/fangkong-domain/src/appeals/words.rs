//! The words of an appeal's text, as jieba segments them; the classifier adds
//! the pairs of neighbouring words (bigrams), which carry phrases such as
//! 无法 回家 that single words miss. Punctuation, digits, masks (`●●●`, `X`) and
//! the help-post template's field names are left out: they say nothing of the
//! category.

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// The segmenter, loaded once (its dictionary is built into the program).
fn jieba() -> &'static Jieba {
    static J: OnceLock<Jieba> = OnceLock::new();
    J.get_or_init(Jieba::new)
}

/// Words of the help-post template (【姓名】【所在城市】…) and other words that
/// appear in appeals of every kind.
const STOP: [&str; 24] = [
    "姓名",
    "年龄",
    "所在",
    "城市",
    "小区",
    "社区",
    "患病",
    "时间",
    "联系方式",
    "其他",
    "紧急",
    "联系人",
    "病情",
    "描述",
    "的",
    "了",
    "是",
    "我",
    "我们",
    "在",
    "和",
    "有",
    "也",
    "都",
];

/// The words of `text` worth counting, in order.
pub fn words(text: &str) -> Vec<&str> {
    jieba()
        .cut(text, false)
        .into_iter()
        .map(|t| t.word)
        // A Chinese character is checked by its range first: Unicode's
        // alphabetic table is slow.
        .filter(|w| {
            w.chars()
                .any(|c| super::features::chinese(c) || (!c.is_ascii() && c.is_alphabetic()))
        })
        .filter(|w| !STOP.contains(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_leave_out_punctuation_digits_masks_and_template_fields() {
        let w = words("【姓名】某某【联系方式】●●●，父亲发烧5天，社区不给安排核酸检测！");
        assert!(w.contains(&"发烧"), "{w:?}");
        assert!(w.contains(&"核酸"), "{w:?}");
        assert!(
            !w.iter()
                .any(|x| x.contains('●') || x.contains('5') || *x == "姓名"),
            "{w:?}"
        );
    }

    #[test]
    fn words_come_in_the_order_of_the_text() {
        let w = words("滞留武汉无法回家");
        assert_eq!(w.first(), Some(&"滞留"), "{w:?}");
        assert!(w.len() >= 3, "{w:?}");
    }
}
