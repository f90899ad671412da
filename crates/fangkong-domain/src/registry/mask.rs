//! Masking of personal data for the roles that do not need it (SPEC §5): the
//! platform shows enough to recognise a person one already knows, not enough to
//! find one.

/// A name as other roles see it: the family name and a star per other character
/// (`张*`, `欧阳**`... a two-character family name cannot be told from a given
/// name, so only the first character stays).
pub fn name(full: &str) -> String {
    let mut chars = full.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

/// A phone number as other roles see it: the first three and last four digits
/// (`138****5678`); anything shorter than eight characters is hidden whole.
pub fn phone(full: &str) -> String {
    let digits: Vec<char> = full.trim().chars().collect();
    if digits.len() < 8 {
        return "*".repeat(digits.len().max(4));
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(digits.len() - 7))
}

/// An address as other roles see it: nothing after the residential compound (the
/// building, unit and room are cut), since the compound is already public.
pub fn address(full: &str) -> String {
    let t = full.trim();
    // Cut at the first building marker: 栋, 幢, 号楼, 单元, 室.
    let cut = ["号楼", "栋", "幢", "单元", "室"]
        .iter()
        .filter_map(|m| t.find(m))
        .min();
    match cut {
        None => t.to_string(),
        Some(at) => {
            // Drop the building number written just before the marker too.
            let head = t[..at].trim_end_matches(|c: char| c.is_ascii_digit() || c == '-');
            format!("{head}***")
        }
    }
}

/// A free text (an appeal as the caller said it) with every run of seven or
/// more digits (phone and ID numbers) hidden, for the roles that do not see
/// callers' contacts and for the public.
pub fn numbers_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 7 {
            out.push_str("●●●");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_the_first_character() {
        assert_eq!(name("张三"), "张*");
        assert_eq!(name("王小明"), "王**");
        assert_eq!(
            name(" 李 "),
            "李*",
            "a one-character name is not shown whole"
        );
        assert_eq!(name(""), "");
    }

    #[test]
    fn phones_keep_three_and_four_digits() {
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(phone("027-8888888"), "027****8888");
        assert_eq!(phone("12345"), "*****");
    }

    #[test]
    fn addresses_stop_at_the_compound() {
        assert_eq!(
            address("江岸区幸福路100号幸福小区3栋2单元501室"),
            "江岸区幸福路100号幸福小区***"
        );
        assert_eq!(address("汉口花园12号楼"), "汉口花园***");
        assert_eq!(address("保成社区"), "保成社区");
    }
}
