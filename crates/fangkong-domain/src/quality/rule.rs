//! Validation rules as configuration, in the spirit of DHIS2's: a left side, an
//! operator, a right side, a strategy for missing values and a severity.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::expression::{Expression, Facts, Operand};
use super::finding::{Finding, Severity};

/// How two sides compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Operator {
    /// Equal.
    #[serde(rename = "==")]
    Equal,
    /// Not equal.
    #[serde(rename = "!=")]
    NotEqual,
    /// Less than.
    #[serde(rename = "<")]
    Less,
    /// Less than or equal.
    #[serde(rename = "<=")]
    LessOrEqual,
    /// Greater than.
    #[serde(rename = ">")]
    Greater,
    /// Greater than or equal.
    #[serde(rename = ">=")]
    GreaterOrEqual,
}

impl Operator {
    /// Whether `left op right` holds.
    pub fn holds(self, left: f64, right: f64) -> bool {
        // Sides are sums of whole counts and decimal coefficients: compare with a
        // tolerance so that 0.1 * 30 == 3 holds.
        const EPS: f64 = 1e-9;
        match self {
            Operator::Equal => (left - right).abs() <= EPS,
            Operator::NotEqual => (left - right).abs() > EPS,
            Operator::Less => left < right - EPS,
            Operator::LessOrEqual => left <= right + EPS,
            Operator::Greater => left > right + EPS,
            Operator::GreaterOrEqual => left >= right - EPS,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Equal => "==",
            Operator::NotEqual => "!=",
            Operator::Less => "<",
            Operator::LessOrEqual => "<=",
            Operator::Greater => ">",
            Operator::GreaterOrEqual => ">=",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// What to do when an operand is missing (DHIS2's missing value strategies). A
/// missing value is never taken as zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingValues {
    /// Skip the rule if any operand is missing (the default).
    #[default]
    SkipIfAnyMissing,
    /// Skip only if every operand on both sides is missing; otherwise the missing
    /// values are themselves a finding.
    SkipIfAllMissing,
    /// Never skip: any missing operand is a finding.
    NeverSkip,
}

/// One validation rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationRule {
    /// A stable name, shown in every finding.
    pub name: String,
    /// What the rule guards against, for people.
    #[serde(default)]
    pub description: String,
    /// The left side.
    pub left: Expression,
    /// How the sides must compare for the report to pass.
    pub operator: Operator,
    /// The right side.
    pub right: Expression,
    /// What a missing operand does.
    #[serde(default)]
    pub missing: MissingValues,
    /// Whether a failure blocks the report (error) or only flags it (warning).
    pub severity: Severity,
}

impl ValidationRule {
    /// Whether the rule reads the day before: such a rule needs history, so it is
    /// checked by the quality scan, and it may only warn (see [`ValidationRule::check`]).
    pub fn needs_history(&self) -> bool {
        self.left
            .operands()
            .chain(self.right.operands())
            .any(|o| matches!(o, Operand::Yesterday(_)))
    }

    /// Checks that the rule can be enforced: an error blocks a report at the moment
    /// it is filed, so it must be decidable from the report and its unit alone.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("a validation rule has an empty name".into());
        }
        if self.severity == Severity::Error && self.needs_history() {
            return Err(format!(
                "validation rule `{}` reads `yesterday.*` and so cannot block a report as it is filed: make it a warning",
                self.name
            ));
        }
        Ok(())
    }

    /// The report field a failure is shown beside: the first count the rule reads.
    pub fn field(&self) -> Option<&'static str> {
        self.left
            .operands()
            .chain(self.right.operands())
            .find_map(|o| match o {
                Operand::Count(i) | Operand::Yesterday(i) => {
                    crate::report::daily::COUNT_FIELDS.get(i).copied()
                }
                _ => None,
            })
    }

    /// Evaluates the rule; `Some` is a finding.
    pub fn evaluate(&self, facts: &Facts) -> Option<Finding> {
        let left = self.left.evaluate(facts);
        let right = self.right.evaluate(facts);
        let r = facts.report;
        let finding = |message: String, values: Vec<(String, String)>| Finding {
            rule: self.name.clone(),
            severity: self.severity,
            unit: r.unit.clone(),
            day: r.day,
            message,
            values,
        };
        match (left, right) {
            (Ok(l), Ok(rt)) => (!self.operator.holds(l, rt)).then(|| {
                finding(
                    format!(
                        "{} = {} is not {} {} = {}",
                        self.left,
                        number(l),
                        self.operator,
                        self.right,
                        number(rt)
                    ),
                    vec![
                        (self.left.text().to_string(), number(l)),
                        (self.right.text().to_string(), number(rt)),
                    ],
                )
            }),
            (l, rt) => {
                let mut missing: Vec<Operand> = Vec::new();
                let mut present = 0;
                for side in [&l, &rt] {
                    match side {
                        Ok(_) => present += 1,
                        Err(m) => missing.extend(m),
                    }
                }
                let all_missing = present == 0
                    && self.left.operands().count() + self.right.operands().count()
                        == missing.len();
                let skip = match self.missing {
                    MissingValues::SkipIfAnyMissing => true,
                    MissingValues::SkipIfAllMissing => all_missing,
                    MissingValues::NeverSkip => false,
                };
                (!skip).then(|| {
                    let names: Vec<String> = missing.iter().map(|o| o.name()).collect();
                    finding(
                        format!("cannot be checked: {} missing", names.join(", ")),
                        names
                            .into_iter()
                            .map(|n| (n, "missing".to_string()))
                            .collect(),
                    )
                })
            }
        }
    }
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::report;

    fn rule(left: &str, op: Operator, right: &str, missing: MissingValues) -> ValidationRule {
        ValidationRule {
            name: "r".into(),
            description: String::new(),
            left: Expression::parse(left).expect("left"),
            operator: op,
            right: Expression::parse(right).expect("right"),
            missing,
            severity: Severity::Error,
        }
    }

    #[test]
    fn a_broken_rule_names_itself_the_values_and_the_unit() {
        let r = report([30, 20, 0, 5]);
        let f = Facts {
            report: &r,
            population: Some(40),
            yesterday: None,
        };
        let rule = rule(
            "new_confirmed + new_suspected + new_fever",
            Operator::LessOrEqual,
            "population",
            MissingValues::SkipIfAnyMissing,
        );
        let finding = rule.evaluate(&f).expect("55 > 40");
        assert_eq!(finding.rule, "r");
        assert_eq!(finding.unit, r.unit);
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.message.contains("= 55"), "{}", finding.message);
        assert!(
            finding.message.contains("population = 40"),
            "{}",
            finding.message
        );
        let ok = Facts {
            population: Some(55),
            ..f
        };
        assert_eq!(rule.evaluate(&ok), None, "55 <= 55 holds");
    }

    #[test]
    fn every_operator_compares_as_written() {
        let cases = [
            (Operator::Equal, [true, false, false]),
            (Operator::NotEqual, [false, true, true]),
            (Operator::Less, [false, true, false]),
            (Operator::LessOrEqual, [true, true, false]),
            (Operator::Greater, [false, false, true]),
            (Operator::GreaterOrEqual, [true, false, true]),
        ];
        for (op, expect) in cases {
            let got = [op.holds(3.0, 3.0), op.holds(2.0, 3.0), op.holds(4.0, 3.0)];
            assert_eq!(got, expect, "{op}");
        }
        assert!(Operator::Equal.holds(0.1 * 30.0, 3.0), "decimal tolerance");
    }

    #[test]
    fn missing_value_strategies() {
        let r = report([1, 0, 0, 0]);
        let f = Facts {
            report: &r,
            population: None,
            yesterday: None,
        };
        let any = rule(
            "new_confirmed",
            Operator::LessOrEqual,
            "population",
            MissingValues::SkipIfAnyMissing,
        );
        assert_eq!(any.evaluate(&f), None, "skipped: population unknown");
        let all = rule(
            "new_confirmed",
            Operator::LessOrEqual,
            "population",
            MissingValues::SkipIfAllMissing,
        );
        let finding = all.evaluate(&f).expect("one side present: a finding");
        assert!(
            finding.message.contains("population missing"),
            "{}",
            finding.message
        );
        let both_missing = rule(
            "yesterday.new_confirmed",
            Operator::LessOrEqual,
            "population",
            MissingValues::SkipIfAllMissing,
        );
        assert_eq!(both_missing.evaluate(&f), None, "all missing: skipped");
        let never = rule(
            "yesterday.new_confirmed",
            Operator::LessOrEqual,
            "population",
            MissingValues::NeverSkip,
        );
        assert!(
            never.evaluate(&f).is_some(),
            "never skip: missing is a finding"
        );
    }

    #[test]
    fn an_error_rule_that_needs_history_is_refused() {
        let mut r = rule(
            "new_close_contacts",
            Operator::LessOrEqual,
            "10 * yesterday.new_close_contacts + 50",
            MissingValues::SkipIfAnyMissing,
        );
        assert!(r.needs_history());
        assert!(
            r.check()
                .expect_err("error with history")
                .contains("warning")
        );
        r.severity = Severity::Warning;
        assert_eq!(r.check(), Ok(()));
    }
}
