//! Column headings read back: a workbook exported with Chinese headings that
//! keep their codes (`新增确诊（new_confirmed）`, written by
//! `fangkong_web::i18n::workbook`) finds its columns by code.

/// The code of a heading read from a workbook or CSV: the text in its last
/// brackets (full-width or not) when it ends with them, else the heading.
pub fn code_of(heading: &str) -> &str {
    let h = heading.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = h.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
        {
            let code = inner[at + open.len_utf8()..].trim();
            if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return code;
            }
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_web::i18n::workbook::heading;

    #[test]
    fn a_heading_carries_its_code_and_gives_it_back() {
        assert_eq!(heading("new_confirmed"), "新增确诊（new_confirmed）");
        assert_eq!(code_of("新增确诊（new_confirmed）"), "new_confirmed");
        assert_eq!(code_of("New confirmed (new_confirmed)"), "new_confirmed");
        assert_eq!(code_of("new_confirmed"), "new_confirmed");
        assert_eq!(heading("x_unknown"), "x_unknown");
        // Brackets that are not a code are part of the heading.
        assert_eq!(code_of("备注（选填）"), "备注（选填）");
    }
}
