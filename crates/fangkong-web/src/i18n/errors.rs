//! The domain's refusals of a report, said in the reader's language: the
//! domain names what is wrong with typed values; the catalogue words it.

use fangkong_domain::limits::LimitError;
use fangkong_domain::report::count::CountError;
use fangkong_domain::report::text::FieldProblem;
use fangkong_domain::report::{ReportError, RevisionError};

use super::Lang;
use super::catalogue::format as say;

/// A field of the form that does not parse.
pub fn field_problem(p: &FieldProblem, lang: Lang) -> String {
    match p {
        FieldProblem::Day(fangkong_domain::DayError::Malformed(v)) => {
            say(lang, "err-day-malformed", &[("value", v.as_str().into())])
        }
        FieldProblem::Unit(_) => say(lang, "err-unit-code", &[]),
        FieldProblem::Count(c) => count(c, lang),
        FieldProblem::Answer(a) => say(lang, "err-answer", &[("value", a.0.as_str().into())]),
        FieldProblem::Measures(m) => m.clone(),
    }
}

fn count(c: &CountError, lang: Lang) -> String {
    match c {
        CountError::Empty => say(lang, "err-count-empty", &[]),
        CountError::Negative(v) => say(lang, "err-count-negative", &[("value", v.as_str().into())]),
        CountError::NotWholeNumber(v) => {
            say(lang, "err-count-not-whole", &[("value", v.as_str().into())])
        }
        CountError::TooLarge(v) => {
            say(lang, "err-count-too-large", &[("value", v.as_str().into())])
        }
    }
}

/// A limit every channel shares.
pub fn limit(e: &LimitError, lang: Lang) -> String {
    match e {
        LimitError::TooLong { max, got } => say(
            lang,
            "err-limit-too-long",
            &[("max", max.into()), ("got", got.into())],
        ),
        LimitError::Control { at, code } => say(
            lang,
            "err-limit-control",
            &[
                ("at", at.into()),
                ("code", std::format!("U+{code:04X}").into()),
            ],
        ),
        LimitError::TooMany { what, max, got } => say(
            lang,
            "err-limit-too-many",
            &[
                ("what", (*what).into()),
                ("max", max.into()),
                ("got", got.into()),
            ],
        ),
        LimitError::TooEarly { day, earliest } => say(
            lang,
            "err-limit-too-early",
            &[
                ("day", day.to_string().into()),
                ("earliest", earliest.to_string().into()),
            ],
        ),
    }
}

/// A rule a parsed report breaks.
pub fn report(e: &ReportError, lang: Lang) -> String {
    match e {
        ReportError::FutureDay { day, today } => say(
            lang,
            "err-report-future",
            &[
                ("day", day.to_string().into()),
                ("today", today.to_string().into()),
            ],
        ),
        ReportError::UnknownUnit(u) => say(
            lang,
            "err-report-unknown-unit",
            &[("unit", u.to_string().into())],
        ),
        ReportError::NotInTreeOnDay { unit, day } => say(
            lang,
            "err-report-not-in-tree",
            &[
                ("unit", unit.to_string().into()),
                ("day", day.to_string().into()),
            ],
        ),
        ReportError::NotReporting { unit, children, .. } => say(
            lang,
            "err-report-not-reporting",
            &[
                ("unit", unit.to_string().into()),
                ("children", children.into()),
            ],
        ),
        ReportError::AbovePopulation {
            value, population, ..
        } => say(
            lang,
            "err-report-above-population",
            &[("value", value.into()), ("population", population.into())],
        ),
        ReportError::Absurd { value, limit, .. } => say(
            lang,
            "err-report-absurd",
            &[("value", value.into()), ("limit", limit.into())],
        ),
        ReportError::BacklogAboveConfirmed { backlog, confirmed } => say(
            lang,
            "err-report-backlog",
            &[("backlog", backlog.into()), ("confirmed", confirmed.into())],
        ),
        ReportError::EmptyReporter => say(lang, "err-report-no-reporter", &[]),
        ReportError::Limit { error, .. } => limit(error, lang),
    }
}

/// Why a submission cannot become a revision.
pub fn revision(e: &RevisionError, lang: Lang) -> String {
    match e {
        RevisionError::Duplicate { unit, day, latest } => say(
            lang,
            "err-revision-duplicate",
            &[
                ("unit", unit.to_string().into()),
                ("day", day.to_string().into()),
                ("latest", latest.into()),
            ],
        ),
        RevisionError::NothingToCorrect { unit, day } => say(
            lang,
            "err-revision-nothing",
            &[
                ("unit", unit.to_string().into()),
                ("day", day.to_string().into()),
            ],
        ),
        RevisionError::EmptyReason => say(lang, "err-revision-no-reason", &[]),
        RevisionError::Unchanged { latest } => {
            say(lang, "err-revision-unchanged", &[("latest", latest.into())])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_count_reads_in_each_language() {
        let p = FieldProblem::Count(CountError::Negative("-1".into()));
        assert_eq!(field_problem(&p, Lang::Zh), "“-1”是负数，人数不能为负");
        assert_eq!(field_problem(&p, Lang::En), "'-1' is negative");
    }

    #[test]
    fn an_empty_count_is_not_zero_in_either_language() {
        let p = FieldProblem::Count(CountError::Empty);
        assert!(field_problem(&p, Lang::Zh).contains("不等于零"));
        assert!(field_problem(&p, Lang::En).contains("not zero"));
    }

    #[test]
    fn the_unchanged_correction_counts_its_revision() {
        let e = RevisionError::Unchanged { latest: 2 };
        assert_eq!(
            revision(&e, Lang::En),
            "the correction changes nothing in revision 2"
        );
        assert_eq!(revision(&e, Lang::Zh), "本次更正与第 2 版完全相同");
    }
}
