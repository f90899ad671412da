//! The two sides of a validation rule: a sum of weighted operands such as
//! `new_confirmed + new_suspected` or `0.05 * population + 1`.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::DailyReport;

/// A value a rule can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand {
    /// One of the four counts of the report, by its index in `COUNT_FIELDS`.
    Count(usize),
    /// How many of the six measures the report says are in place.
    MeasuresInPlace,
    /// The unit's resident population (missing when unknown).
    Population,
    /// One of the four counts of the same unit's report of the day before (missing
    /// when there is none).
    Yesterday(usize),
}

impl Operand {
    fn parse(name: &str) -> Option<Operand> {
        let count = |n: &str| {
            crate::report::daily::COUNT_FIELDS
                .iter()
                .position(|f| *f == n)
        };
        match name {
            "population" => Some(Operand::Population),
            "measures_in_place" => Some(Operand::MeasuresInPlace),
            _ => match name.strip_prefix("yesterday.") {
                Some(rest) => count(rest).map(Operand::Yesterday),
                None => count(name).map(Operand::Count),
            },
        }
    }

    /// The operand's name as written in rules.
    pub fn name(self) -> String {
        let field = |i: usize| crate::report::daily::COUNT_FIELDS[i.min(3)];
        match self {
            Operand::Count(i) => field(i).to_string(),
            Operand::MeasuresInPlace => "measures_in_place".into(),
            Operand::Population => "population".into(),
            Operand::Yesterday(i) => format!("yesterday.{}", field(i)),
        }
    }
}

/// What a rule is evaluated against: a report and what is known around it.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The report.
    pub report: &'a DailyReport,
    /// The unit's population, if known.
    pub population: Option<u32>,
    /// The unit's report of the day before, if there is one (and if it was looked
    /// up: filing checks only what needs no history).
    pub yesterday: Option<&'a DailyReport>,
}

impl Facts<'_> {
    /// The operand's value, or `None` when it is missing.
    pub fn value(&self, operand: Operand) -> Option<f64> {
        match operand {
            Operand::Count(i) => self.report.counts().get(i).map(|c| f64::from(c.get())),
            Operand::MeasuresInPlace => Some(f64::from(
                crate::Measure::ALL
                    .iter()
                    .filter(|m| self.report.measures.get(**m))
                    .count() as u32,
            )),
            Operand::Population => self.population.map(f64::from),
            Operand::Yesterday(i) => self
                .yesterday
                .and_then(|y| y.counts().get(i).map(|c| f64::from(c.get()))),
        }
    }
}

/// One term: a coefficient times an operand, or a constant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    /// The factor (negative for a subtracted term).
    pub coefficient: f64,
    /// What is multiplied, or `None` for a constant.
    pub operand: Option<Operand>,
}

/// A side of a rule: the sum of its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    text: String,
    terms: Vec<Term>,
}

/// Why an expression's text is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}`: {problem}")]
pub struct ExpressionError {
    /// The text.
    pub text: String,
    /// What is wrong with it.
    pub problem: String,
}

/// The value of an expression, or the operands that were missing.
pub type Evaluation = Result<f64, Vec<Operand>>;

impl Expression {
    /// Parses `a + 2 * b - 3`: terms joined by `+` or `-`, each a number, an
    /// operand, or `number * operand`.
    pub fn parse(text: &str) -> Result<Expression, ExpressionError> {
        let fail = |problem: String| ExpressionError {
            text: text.to_string(),
            problem,
        };
        let mut terms = Vec::new();
        let mut sign = 1.0;
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(fail("is empty".into()));
        }
        loop {
            let end = rest.find(['+', '-']).unwrap_or(rest.len());
            let (term, after) = rest.split_at(end);
            terms.push(parse_term(term.trim(), sign).map_err(fail)?);
            let mut chars = after.chars();
            match chars.next() {
                None => break,
                Some(op) => {
                    sign = if op == '-' { -1.0 } else { 1.0 };
                    rest = chars.as_str();
                }
            }
        }
        Ok(Expression {
            text: text.trim().to_string(),
            terms,
        })
    }

    /// The text as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The operands it reads.
    pub fn operands(&self) -> impl Iterator<Item = Operand> + '_ {
        self.terms.iter().filter_map(|t| t.operand)
    }

    /// Evaluates against `facts`.
    pub fn evaluate(&self, facts: &Facts) -> Evaluation {
        let mut sum = 0.0;
        let mut missing = Vec::new();
        for term in &self.terms {
            match term.operand {
                None => sum += term.coefficient,
                Some(op) => match facts.value(op) {
                    Some(v) => sum += term.coefficient * v,
                    None => missing.push(op),
                },
            }
        }
        if missing.is_empty() {
            Ok(sum)
        } else {
            Err(missing)
        }
    }
}

fn parse_term(term: &str, sign: f64) -> Result<Term, String> {
    if term.is_empty() {
        return Err("a term is empty (two operators in a row, or one at an end)".into());
    }
    let (factor, name) = match term.split_once('*') {
        Some((f, n)) => (Some(f.trim()), n.trim()),
        None => (None, term),
    };
    let number = |s: &str| -> Result<f64, String> {
        s.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("`{s}` is not a number"))
    };
    match factor {
        Some(f) => {
            let coefficient = number(f)?;
            let operand = Operand::parse(name).ok_or_else(|| unknown(name))?;
            Ok(Term {
                coefficient: sign * coefficient,
                operand: Some(operand),
            })
        }
        None => match Operand::parse(name) {
            Some(operand) => Ok(Term {
                coefficient: sign,
                operand: Some(operand),
            }),
            None if name.starts_with(|c: char| c.is_ascii_digit() || c == '.') => Ok(Term {
                coefficient: sign * number(name)?,
                operand: None,
            }),
            None => Err(unknown(name)),
        },
    }
}

fn unknown(name: &str) -> String {
    format!(
        "`{name}` is not an operand (known: new_confirmed, new_suspected, new_close_contacts, new_fever, measures_in_place, population, yesterday.<count>)"
    )
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Expression {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Expression, D::Error> {
        let text = String::deserialize(d)?;
        Expression::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::tests::report;

    fn facts(r: &DailyReport) -> Facts<'_> {
        Facts {
            report: r,
            population: Some(1000),
            yesterday: None,
        }
    }

    #[test]
    fn sums_weighted_terms_and_constants() {
        let r = report([3, 2, 10, 1]);
        let e = Expression::parse("new_confirmed + 2 * new_suspected - 1").expect("valid");
        assert_eq!(e.evaluate(&facts(&r)), Ok(6.0));
        let e = Expression::parse("0.05 * population + 1").expect("valid");
        assert_eq!(e.evaluate(&facts(&r)), Ok(51.0));
        let e = Expression::parse("measures_in_place").expect("valid");
        assert_eq!(e.evaluate(&facts(&r)), Ok(6.0));
    }

    #[test]
    fn a_missing_operand_is_reported_not_taken_as_zero() {
        let r = report([3, 2, 10, 1]);
        let e = Expression::parse("new_confirmed + yesterday.new_confirmed").expect("valid");
        assert_eq!(
            e.evaluate(&facts(&r)),
            Err(vec![Operand::Yesterday(0)]),
            "no report yesterday: missing, not 0"
        );
        let y = report([1, 0, 0, 0]);
        let f = Facts {
            yesterday: Some(&y),
            ..facts(&r)
        };
        assert_eq!(e.evaluate(&f), Ok(4.0));
        let none = Facts {
            population: None,
            ..facts(&r)
        };
        assert_eq!(
            Expression::parse("population")
                .expect("valid")
                .evaluate(&none),
            Err(vec![Operand::Population])
        );
    }

    #[test]
    fn bad_text_names_the_term_at_fault() {
        for (text, needle) in [
            ("", "empty"),
            ("new_confirmed +", "empty"),
            ("new_confirmd", "new_confirmd"),
            ("x * population", "`x` is not a number"),
            ("2 * yesterday.remark", "yesterday.remark"),
            ("new_confirmed ++ 1", "empty"),
        ] {
            let err = Expression::parse(text).expect_err(text);
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn operand_names_round_trip() {
        for name in [
            "new_confirmed",
            "new_fever",
            "population",
            "measures_in_place",
            "yesterday.new_close_contacts",
        ] {
            assert_eq!(
                Operand::parse(name).map(Operand::name).as_deref(),
                Some(name)
            );
        }
    }
}
