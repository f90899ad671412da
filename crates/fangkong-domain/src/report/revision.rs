//! Revisions: a report is corrected by a new revision with a reason, never by
//! overwriting (SPEC §2, §9). The first report for a unit and day is revision 1.

use jiff::Timestamp;
use serde::Serialize;

use super::{DailyReport, Measure};
use crate::Day;
use crate::unit::UnitCode;

/// How a report is submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    /// The first report for its unit and day.
    New,
    /// A correction of the latest revision, with its reason.
    Correction {
        /// Why the earlier figures were wrong.
        reason: String,
    },
}

/// One stored revision of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRevision {
    /// 1 for the first report, then 2, 3, … for corrections.
    pub revision: u32,
    /// The report as it stood in this revision.
    pub report: DailyReport,
    /// When the revision was recorded.
    pub recorded_at: Timestamp,
    /// Why it was made (corrections only).
    pub reason: Option<String>,
}

/// A field whose value a correction changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field name.
    pub field: &'static str,
    /// The value before.
    pub old: String,
    /// The value after.
    pub new: String,
}

/// Why a submission cannot become a revision.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RevisionError {
    /// Occurs when a report for the unit and day exists and the submission is not a
    /// correction.
    #[error(
        "unit {unit} already reported for {day} (revision {latest}); to change it, submit a correction with a reason"
    )]
    Duplicate {
        /// The unit.
        unit: UnitCode,
        /// The day.
        day: Day,
        /// The latest revision.
        latest: u32,
    },
    /// Occurs when a correction is submitted for a unit and day with no report.
    #[error("there is no report from unit {unit} for {day} to correct")]
    NothingToCorrect {
        /// The unit.
        unit: UnitCode,
        /// The day.
        day: Day,
    },
    /// Occurs when a correction gives no reason.
    #[error("a correction needs a reason")]
    EmptyReason,
    /// Occurs when a correction changes no field.
    #[error("the correction changes nothing in revision {latest}")]
    Unchanged {
        /// The latest revision.
        latest: u32,
    },
}

/// Decides the revision number of `report` given the latest stored revision of the
/// same unit and day.
pub fn next_revision(
    latest: Option<(u32, &DailyReport)>,
    report: &DailyReport,
    submission: &Submission,
) -> Result<u32, RevisionError> {
    match (latest, submission) {
        (None, Submission::New) => Ok(1),
        (Some((n, _)), Submission::New) => Err(RevisionError::Duplicate {
            unit: report.unit.clone(),
            day: report.day,
            latest: n,
        }),
        (_, Submission::Correction { reason }) if reason.trim().is_empty() => {
            Err(RevisionError::EmptyReason)
        }
        (None, Submission::Correction { .. }) => Err(RevisionError::NothingToCorrect {
            unit: report.unit.clone(),
            day: report.day,
        }),
        (Some((n, old)), Submission::Correction { .. }) => {
            if report.changes_from(old).is_empty() {
                Err(RevisionError::Unchanged { latest: n })
            } else {
                Ok(n + 1)
            }
        }
    }
}

impl DailyReport {
    /// The fields whose values differ from `old`, in form order.
    pub fn changes_from(&self, old: &DailyReport) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut field = |name: &'static str, old: String, new: String| {
            if old != new {
                changes.push(FieldChange {
                    field: name,
                    old,
                    new,
                });
            }
        };
        for (name, (o, n)) in super::daily::COUNT_FIELDS
            .into_iter()
            .zip(old.counts().into_iter().zip(self.counts()))
        {
            field(name, o.to_string(), n.to_string());
        }
        for m in Measure::ALL {
            field(
                m.field(),
                yes_no(old.measures.get(m)),
                yes_no(self.measures.get(m)),
            );
        }
        field("reporter", old.reporter.clone(), self.reporter.clone());
        field(
            "remark",
            old.remark.clone().unwrap_or_default(),
            self.remark.clone().unwrap_or_default(),
        );
        changes
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Count;
    use crate::report::daily::tests::report;

    fn correction() -> Submission {
        Submission::Correction {
            reason: "typing error".into(),
        }
    }

    #[test]
    fn the_first_report_is_revision_one_and_a_second_is_a_duplicate() {
        let r = report("K1", "2020-03-01", 3);
        assert_eq!(next_revision(None, &r, &Submission::New), Ok(1));
        assert!(matches!(
            next_revision(Some((1, &r)), &r, &Submission::New),
            Err(RevisionError::Duplicate { latest: 1, .. })
        ));
    }

    #[test]
    fn a_correction_needs_a_report_a_reason_and_a_change() {
        let old = report("K1", "2020-03-01", 3);
        let new = report("K1", "2020-03-01", 2);
        assert!(matches!(
            next_revision(None, &new, &correction()),
            Err(RevisionError::NothingToCorrect { .. })
        ));
        assert_eq!(
            next_revision(
                Some((1, &old)),
                &new,
                &Submission::Correction { reason: " ".into() }
            ),
            Err(RevisionError::EmptyReason)
        );
        assert_eq!(
            next_revision(Some((1, &old)), &old, &correction()),
            Err(RevisionError::Unchanged { latest: 1 })
        );
        assert_eq!(next_revision(Some((2, &old)), &new, &correction()), Ok(3));
    }

    #[test]
    fn changes_list_old_and_new_values_in_form_order() {
        let old = report("K1", "2020-03-01", 3);
        let mut new = report("K1", "2020-03-01", 2);
        new.new_fever = Count::new(1);
        new.measures = new.measures.with(Measure::Supplies, false);
        new.remark = Some("复核".into());
        let changes = new.changes_from(&old);
        let fields: Vec<(&str, &str, &str)> = changes
            .iter()
            .map(|c| (c.field, c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("new_confirmed", "3", "2"),
                ("new_fever", "0", "1"),
                ("supplies", "yes", "no"),
                ("remark", "", "复核"),
            ]
        );
    }
}
