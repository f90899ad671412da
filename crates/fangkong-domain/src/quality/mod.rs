//! Data truth (SPEC §9): validation rules as configuration, outliers, copied
//! reports, reconciliation of reports with published figures, completeness and
//! timeliness, and the grassroots' burden. Every finding names the rule, the
//! values and the unit.

pub mod burden;
pub mod completeness;
pub mod copies;
pub mod expression;
pub mod finding;
pub mod outlier;
pub mod reconcile;
pub mod rule;
pub mod scan;

use serde::Deserialize;

pub use completeness::{Arrival, Deadline};
pub use copies::CopyRules;
pub use expression::{Expression, Facts};
pub use finding::{Finding, Severity};
pub use outlier::OutlierRules;
pub use rule::{MissingValues, Operator, ValidationRule};

/// The data-quality rules in force (the `[quality]` section of the rules file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QualityRules {
    /// Configured validation rules, checked on every report.
    pub rules: Vec<ValidationRule>,
    /// Outliers against the unit's own history.
    pub outliers: OutlierRules,
    /// Copied reports.
    pub copies: CopyRules,
    /// When a day's report is due.
    pub deadline: Deadline,
}

impl QualityRules {
    /// Checks every rule can be enforced, and names are unique.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for r in &self.rules {
            r.check()?;
            if !seen.insert(r.name.as_str()) {
                return Err(format!("two validation rules are named `{}`", r.name));
            }
        }
        Ok(())
    }

    /// The report field a configured rule's failure is shown beside, if it reads one.
    pub fn field_of(&self, rule: &str) -> Option<&'static str> {
        self.rules.iter().find(|r| r.name == rule)?.field()
    }

    /// The findings of the configured rules that need no history, for a report
    /// being filed: errors among them refuse it, warnings go back with the receipt.
    pub fn on_filing(&self, report: &crate::DailyReport, population: Option<u32>) -> Vec<Finding> {
        let facts = Facts {
            report,
            population,
            yesterday: None,
        };
        self.rules
            .iter()
            .filter(|r| !r.needs_history())
            .filter_map(|r| r.evaluate(&facts))
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::{Count, DailyReport, Day, MeasuresInPlace, UnitCode};

    /// 2020-02-01 plus `k` days.
    pub(crate) fn day(k: i32) -> Day {
        Day::parse("2020-02-01")
            .expect("day")
            .plus_days(k)
            .expect("in range")
    }

    /// A report of K1 on `day(k)` with the four counts.
    pub(crate) fn report_on(k: i32, counts: [u32; 4]) -> DailyReport {
        DailyReport {
            day: day(k),
            unit: UnitCode::parse("K1").expect("code"),
            new_confirmed: Count::new(counts[0]),
            new_suspected: Count::new(counts[1]),
            new_close_contacts: Count::new(counts[2]),
            new_fever: Count::new(counts[3]),
            measures: MeasuresInPlace::ALL,
            reporter: "王芳".into(),
            remark: None,
            backlog: Count::ZERO,
        }
    }

    /// A report of K1 on 2020-02-01 with the four counts.
    pub(crate) fn report(counts: [u32; 4]) -> DailyReport {
        report_on(0, counts)
    }

    #[test]
    fn on_filing_skips_rules_that_need_history_and_checks_the_rest() {
        let rules: super::QualityRules = super::QualityRules {
            rules: vec![
                rule("cap", "new_confirmed", "population", super::Severity::Error),
                rule(
                    "jump",
                    "new_confirmed",
                    "yesterday.new_confirmed",
                    super::Severity::Warning,
                ),
            ],
            ..Default::default()
        };
        assert_eq!(rules.check(), Ok(()));
        let found = rules.on_filing(&report([5, 0, 0, 0]), Some(3));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "cap");
        let twice = super::QualityRules {
            rules: vec![
                rule("cap", "new_confirmed", "population", super::Severity::Error),
                rule("cap", "new_fever", "population", super::Severity::Error),
            ],
            ..Default::default()
        };
        assert!(twice.check().expect_err("duplicate").contains("cap"));
    }

    fn rule(
        name: &str,
        left: &str,
        right: &str,
        severity: super::Severity,
    ) -> super::ValidationRule {
        super::ValidationRule {
            name: name.into(),
            description: String::new(),
            left: super::Expression::parse(left).expect("left"),
            operator: super::Operator::LessOrEqual,
            right: super::Expression::parse(right).expect("right"),
            missing: super::MissingValues::SkipIfAnyMissing,
            severity,
        }
    }
}
