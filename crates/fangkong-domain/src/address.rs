//! Normalising published case addresses, so that one place listed on many days
//! with small differences of typing becomes one compound.
//!
//! What is normalised, and why:
//! - full-width ASCII letters, digits and punctuation (`１２３号`, `（公寓）`) become
//!   their ASCII forms: the daily lists were typed by different offices, some with a
//!   full-width input mode;
//! - every space, including the ideographic space U+3000, is removed: Chinese
//!   addresses carry no meaningful spaces, and stray ones split one place in two;
//! - list separators and full stops at the end (`、` `，` `。` `；` and their ASCII
//!   forms) are removed: 15,359 entries of the Shanghai lists end in `、`, an
//!   artefact of how the posts separated entries, not part of the address.
//!
//! Nothing else is changed: entries that name several places (`江桥镇五四村、红光村`)
//! are kept whole, because the lists published them as one entry and splitting
//! them would guess at intent.

/// The normal form of a published address entry.
pub fn normalize_address(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    while let Some(last) = out.chars().last() {
        if matches!(last, '、' | '，' | '。' | '；' | ',' | ';' | '.') {
            out.pop();
        } else {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn full_width_forms_spaces_and_trailing_separators_are_normalised() {
        assert_eq!(
            normalize_address("绥宁路６２８号（公寓）"),
            "绥宁路628号(公寓)"
        );
        assert_eq!(normalize_address(" 上南路\u{3000}3520弄、"), "上南路3520弄");
        assert_eq!(normalize_address("北艾路1077弄，。"), "北艾路1077弄");
        assert_eq!(
            normalize_address("江桥镇五四村、红光村"),
            "江桥镇五四村、红光村",
            "inner separators stay"
        );
    }

    proptest! {
        #[test]
        fn normalising_twice_changes_nothing_more(text in "\\PC{0,40}") {
            let once = normalize_address(&text);
            prop_assert_eq!(normalize_address(&once), once.clone());
        }
    }
}
