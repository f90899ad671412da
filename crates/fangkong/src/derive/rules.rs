//! The rules in force: `config/rules.toml` built in, or a file given with `--rules`.

use std::path::Path;

use anyhow::Context;
use fangkong_domain::config::RulesConfig;

/// The default rules, as shipped in `config/rules.toml`.
pub const DEFAULT_RULES: &str = include_str!("../../../../config/rules.toml");

/// The text of the rules in force and where it comes from (for the audit log).
pub fn text(path: Option<&Path>) -> anyhow::Result<(String, String)> {
    match path {
        None => Ok((
            DEFAULT_RULES.to_string(),
            "built-in config/rules.toml".into(),
        )),
        Some(p) => Ok((
            std::fs::read_to_string(p).with_context(|| format!("reading rules {}", p.display()))?,
            p.display().to_string(),
        )),
    }
}

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
    let mut rules: RulesConfig =
        toml::from_str(text).with_context(|| format!("{name} are not valid"))?;
    rules.certification.inspection_holds = rules.inspections.revoke_on_failure;
    rules
        .inspections
        .check()
        .map_err(|e| anyhow::anyhow!("{name} are not valid: {e}"))?;
    rules
        .movement
        .check()
        .map_err(|e| anyhow::anyhow!("{name} are not valid: {e}"))?;
    rules
        .quality
        .check()
        .map_err(|e| anyhow::anyhow!("{name} are not valid: {e}"))?;
    Ok(rules)
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
        assert_eq!(rules.quality.rules.len(), 3);
        assert_eq!(rules.quality.outliers.threshold, 3.5);
        assert!(
            rules
                .policy_for(fangkong_domain::UnitKind::Village)
                .is_some()
        );
    }

    #[test]
    fn a_validation_rule_that_cannot_be_enforced_is_refused_with_its_name() {
        let text = "[[quality.rules]]\nname = \"jump\"\nleft = \"new_confirmed\"\noperator = \"<=\"\nright = \"yesterday.new_confirmed\"\nseverity = \"error\"\n";
        let err = parse(text, "test.toml").expect_err("error rule with history");
        assert!(format!("{err:#}").contains("jump"), "{err:#}");
        let bad = text.replace("yesterday.new_confirmed", "populaton");
        let err = parse(&bad, "test.toml").expect_err("unknown operand");
        assert!(format!("{err:#}").contains("populaton"), "{err:#}");
    }

    #[test]
    fn an_unknown_key_in_a_rules_file_is_an_error_naming_it() {
        let err = parse("[certification]\nwindow = 10\n", "test.toml").expect_err("unknown key");
        assert!(format!("{err:#}").contains("window"), "{err:#}");
    }
}
