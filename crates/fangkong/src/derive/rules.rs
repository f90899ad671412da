//! The rules in force: `config/rules.toml` built in, or a file given with `--rules`.

use std::path::Path;

use anyhow::Context;
use fangkong_domain::config::RulesConfig;

/// The default rules, as shipped in `config/rules.toml`.
pub const DEFAULT_RULES: &str = include_str!("../../../../config/rules.toml");

/// Loads the rules from `path`, or the built-in defaults.
pub fn load(path: Option<&Path>) -> anyhow::Result<RulesConfig> {
    match path {
        None => parse(DEFAULT_RULES, "the built-in rules"),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("reading rules {}", p.display()))?;
            parse(&text, &p.display().to_string())
        }
    }
}

fn parse(text: &str, name: &str) -> anyhow::Result<RulesConfig> {
    toml::from_str(text).with_context(|| format!("{name} are not valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_parse_and_hold_the_spec_defaults() {
        let rules = load(None).expect("valid");
        assert_eq!(rules.certification.window_days, 14);
        assert_eq!(rules.phases.confirm_days, 3);
        assert!(rules.zones.contains_key("shanghai-2022"));
        assert!(
            rules
                .policy_for(fangkong_domain::UnitKind::Village)
                .is_some()
        );
    }

    #[test]
    fn an_unknown_key_in_a_rules_file_is_an_error_naming_it() {
        let err = parse("[certification]\nwindow = 10\n", "test.toml").expect_err("unknown key");
        assert!(format!("{err:#}").contains("window"), "{err:#}");
    }
}
