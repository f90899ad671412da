//! The one form as text: parsing its fields into a [`DailyReport`], every bad
//! field named. Every surface (CSV rows, command-line flags, the web form, the JSON
//! API) fills a [`ReportText`] and calls [`ReportText::parse`], so a field is read
//! the same way wherever it comes from.

use super::count::CountError;
use super::daily::COUNT_FIELDS;
use super::{AnswerError, Count, DailyReport, Measure, MeasuresInPlace, parse_answer};
use crate::Day;
use crate::unit::UnitCode;

/// The report's fields as text, before any parsing.
#[derive(Debug, Clone, Copy)]
pub struct ReportText<'a> {
    /// `date`.
    pub date: &'a str,
    /// `unit_code`.
    pub unit_code: &'a str,
    /// The four counts in form order.
    pub counts: [&'a str; 4],
    /// The six measures, as the input gives them.
    pub measures: MeasuresText<'a>,
    /// `reporter`.
    pub reporter: &'a str,
    /// `remark` (empty: none).
    pub remark: &'a str,
    /// `backlog`: of the new confirmed, how many belong to earlier days
    /// (empty: none marked).
    pub backlog: &'a str,
}

/// The six measures as the input gives them.
#[derive(Debug, Clone, Copy)]
pub enum MeasuresText<'a> {
    /// One yes/no text per measure, in form order (CSV columns).
    Answers([&'a str; 6]),
    /// A list of the measures in place: `all`, `none` or comma-separated names (flags).
    List(&'a str),
    /// Already known (checkboxes, a JSON list checked by the caller).
    Given(MeasuresInPlace),
}

/// A field at fault and what is wrong with it.
pub type FieldError = (&'static str, String);

/// What is wrong with one field of the form, as a value each surface says in
/// its reader's language (its `Display` is the English of files and flags).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    /// The date does not parse.
    #[error(transparent)]
    Day(#[from] crate::DayError),
    /// The unit code does not parse.
    #[error(transparent)]
    Unit(#[from] crate::unit::UnitCodeError),
    /// A count does not parse.
    #[error(transparent)]
    Count(#[from] CountError),
    /// A measure's yes/no answer does not parse.
    #[error(transparent)]
    Answer(#[from] AnswerError),
    /// The list of measures does not parse.
    #[error("{0}")]
    Measures(String),
}

impl ReportText<'_> {
    /// Parses every field; on failure, every bad field with its message, in form order.
    pub fn parse(&self) -> Result<DailyReport, Vec<FieldError>> {
        self.parse_typed().map_err(|errors| {
            errors
                .into_iter()
                .map(|(f, p)| (f, p.to_string()))
                .collect()
        })
    }

    /// Parses every field; on failure, every bad field with what is wrong with it.
    pub fn parse_typed(&self) -> Result<DailyReport, Vec<(&'static str, FieldProblem)>> {
        let mut errors: Vec<(&'static str, FieldProblem)> = Vec::new();
        let day = Day::parse(self.date)
            .map_err(|e| errors.push(("date", e.into())))
            .ok();
        let unit = UnitCode::parse(self.unit_code)
            .map_err(|e| errors.push(("unit_code", e.into())))
            .ok();
        let mut counts = [Count::ZERO; 4];
        for ((slot, field), value) in counts.iter_mut().zip(COUNT_FIELDS).zip(self.counts) {
            match Count::parse(value) {
                Ok(c) => *slot = c,
                Err(e) => errors.push((field, e.into())),
            }
        }
        let mut measures = MeasuresInPlace::NONE;
        match self.measures {
            MeasuresText::Answers(answers) => {
                for (m, answer) in Measure::ALL.into_iter().zip(answers) {
                    match parse_answer(answer) {
                        Ok(yes) => measures = measures.with(m, yes),
                        Err(e) => errors.push((m.field(), e.into())),
                    }
                }
            }
            MeasuresText::List(list) => match parse_measure_list(list) {
                Ok(m) => measures = m,
                Err(msg) => errors.push(("in_place", FieldProblem::Measures(msg))),
            },
            MeasuresText::Given(m) => measures = m,
        }
        let backlog = match self.backlog.trim() {
            "" => Count::ZERO,
            text => Count::parse(text).unwrap_or_else(|e| {
                errors.push(("backlog", e.into()));
                Count::ZERO
            }),
        };
        match (day, unit) {
            (Some(day), Some(unit)) if errors.is_empty() => Ok(DailyReport {
                day,
                unit,
                new_confirmed: counts[0],
                new_suspected: counts[1],
                new_close_contacts: counts[2],
                new_fever: counts[3],
                measures,
                reporter: self.reporter.trim().to_string(),
                remark: Some(self.remark.trim())
                    .filter(|r| !r.is_empty())
                    .map(crate::limits::normalise),
                backlog,
            }),
            _ => Err(errors),
        }
    }
}

/// Parses `all`, `none` or a comma list of measure names.
pub fn parse_measure_list(list: &str) -> Result<MeasuresInPlace, String> {
    match list.trim() {
        "all" => return Ok(MeasuresInPlace::ALL),
        "none" => return Ok(MeasuresInPlace::NONE),
        _ => {}
    }
    let mut set = MeasuresInPlace::NONE;
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let m = Measure::from_field(name).ok_or_else(|| {
            format!(
                "'{name}' is not a measure (use all, none, or a list of: {})",
                Measure::ALL.map(Measure::field).join(", ")
            )
        })?;
        set = set.with(m, true);
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(date: &'a str, counts: [&'a str; 4], measures: MeasuresText<'a>) -> ReportText<'a> {
        ReportText {
            date,
            unit_code: "420102002003-01",
            counts,
            measures,
            reporter: " 王芳 ",
            remark: "  ",
            backlog: "",
        }
    }

    #[test]
    fn a_backlog_is_none_unless_marked_and_never_above_the_confirmed() {
        let mut t = text(
            "2020-03-01",
            ["3", "0", "0", "0"],
            MeasuresText::List("all"),
        );
        assert_eq!(t.parse().expect("valid").backlog, Count::ZERO);
        t.backlog = "2";
        let r = t.parse().expect("valid");
        assert_eq!(r.backlog, Count::new(2));
        t.backlog = "-1";
        assert_eq!(t.parse().expect_err("refused")[0].0, "backlog");
        t.backlog = "4";
        let r = t.parse().expect("parses");
        let errors = r.check(
            Day::parse("2020-03-02").expect("day"),
            &crate::report::ReportingStatus::Reporting { population: None },
            &crate::limits::Limits::default(),
        );
        assert!(errors.iter().any(|e| e.field() == "backlog"), "{errors:?}");
    }

    #[test]
    fn a_good_form_parses_with_trimmed_text() {
        let r = text(
            "2020-03-01",
            ["0", "1", "2", "3"],
            MeasuresText::List("all"),
        )
        .parse()
        .expect("valid");
        assert_eq!(r.new_suspected.get(), 1);
        assert_eq!(r.new_fever.get(), 3);
        assert_eq!(r.reporter, "王芳");
        assert_eq!(r.remark, None, "a blank remark is none");
        assert!(r.measures.all_in_place());
    }

    #[test]
    fn every_bad_field_is_named_in_form_order() {
        let errors = text(
            "2020-02-30",
            ["-1", "0", "x", "0"],
            MeasuresText::Answers(["1", "0", "maybe", "1", "1", "1"]),
        )
        .parse()
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "date",
                "new_confirmed",
                "new_close_contacts",
                "disinfection"
            ]
        );
    }

    #[test]
    fn measures_come_as_answers_a_list_or_already_known() {
        let answers = text(
            "2020-03-01",
            ["0"; 4],
            MeasuresText::Answers(["是", "否", "1", "0", "yes", "no"]),
        )
        .parse()
        .expect("valid");
        assert_eq!(
            answers.measures.missing(),
            [Measure::Screening, Measure::Supplies, Measure::Publicity]
        );
        let given = MeasuresInPlace::NONE.with(Measure::Stability, true);
        let r = text("2020-03-01", ["0"; 4], MeasuresText::Given(given))
            .parse()
            .expect("valid");
        assert_eq!(r.measures, given);
        let e = text(
            "2020-03-01",
            ["0"; 4],
            MeasuresText::List("screening,magic"),
        )
        .parse()
        .expect_err("invalid");
        assert_eq!(e[0].0, "in_place");
        assert!(e[0].1.contains("'magic' is not a measure"));
        assert_eq!(parse_measure_list("none"), Ok(MeasuresInPlace::NONE));
    }
}
