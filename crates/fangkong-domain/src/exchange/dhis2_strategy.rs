//! What a DHIS2 import does with each report it carries, by its
//! `importStrategy`: a new report is created, a changed one is corrected (a
//! visible revision, never an overwrite), an unchanged one is left alone, and
//! a deletion is refused (reports are corrected, never deleted). The counts
//! are DHIS2's: data values imported, updated and ignored.

use super::dhis2::to_values;
use crate::DailyReport;

/// DHIS2's `importStrategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// New reports created, changed ones corrected (DHIS2's default).
    #[default]
    CreateAndUpdate,
    /// Only new reports; one already stored is a conflict.
    Create,
    /// Only corrections; a report not yet stored is a conflict.
    Update,
    /// Deletion: refused.
    Delete,
}

impl Strategy {
    /// Reads DHIS2's names, old and new (`NEW_AND_UPDATES`, `CREATE_AND_UPDATE`…).
    pub fn parse(text: &str) -> Result<Strategy, String> {
        match text.trim().to_ascii_uppercase().as_str() {
            "CREATE_AND_UPDATE" | "NEW_AND_UPDATES" => Ok(Strategy::CreateAndUpdate),
            "CREATE" | "NEW" => Ok(Strategy::Create),
            "UPDATE" | "UPDATES" => Ok(Strategy::Update),
            "DELETE" | "DELETES" => Ok(Strategy::Delete),
            other => Err(format!(
                "'{other}' is not an import strategy: CREATE_AND_UPDATE, CREATE, UPDATE or DELETE"
            )),
        }
    }
}

/// What becomes of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Filed as a new report: all its values imported.
    Create,
    /// Filed as a correction of the stored report: `updated` values changed,
    /// the others ignored.
    Correct {
        /// Values that differ from the stored report.
        updated: u32,
    },
    /// The same as the stored report: nothing to file, every value ignored.
    Unchanged,
    /// Refused, with why.
    Refuse(&'static str),
}

/// Decides what `strategy` does with `incoming` given the stored report, if any.
pub fn decide(
    strategy: Strategy,
    stored: Option<&DailyReport>,
    incoming: &DailyReport,
) -> Decision {
    if strategy == Strategy::Delete {
        return Decision::Refuse("reports are corrected, never deleted: DELETE is not taken");
    }
    let Some(stored) = stored else {
        return match strategy {
            Strategy::Update => Decision::Refuse("there is no stored report to update"),
            _ => Decision::Create,
        };
    };
    let updated = changed_values(stored, incoming);
    match (updated, strategy) {
        (0, _) => Decision::Unchanged,
        (_, Strategy::Create) => {
            Decision::Refuse("a report is already stored for this unit and day (strategy CREATE)")
        }
        (n, _) => Decision::Correct { updated: n },
    }
}

/// How many of the ten data values differ between two reports (a value, or
/// the remark carried on the first count's comment).
pub fn changed_values(a: &DailyReport, b: &DailyReport) -> u32 {
    to_values(a)
        .iter()
        .zip(to_values(b).iter())
        .filter(|(x, y)| x.value != y.value || x.comment != y.comment)
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Count;
    use crate::quality::tests::report_on;

    #[test]
    fn each_strategy_decides_as_dhis2_names_it() {
        let stored = report_on(0, [1, 0, 0, 0]);
        let mut changed = stored.clone();
        changed.new_fever = Count::new(3);
        use Strategy::*;
        assert_eq!(decide(CreateAndUpdate, None, &stored), Decision::Create);
        assert_eq!(decide(Create, None, &stored), Decision::Create);
        assert!(matches!(decide(Update, None, &stored), Decision::Refuse(_)));
        assert_eq!(
            decide(CreateAndUpdate, Some(&stored), &changed),
            Decision::Correct { updated: 1 }
        );
        assert_eq!(
            decide(Update, Some(&stored), &changed),
            Decision::Correct { updated: 1 }
        );
        assert!(matches!(
            decide(Create, Some(&stored), &changed),
            Decision::Refuse(_)
        ));
        assert_eq!(decide(Create, Some(&stored), &stored), Decision::Unchanged);
        assert!(matches!(
            decide(Delete, Some(&stored), &stored),
            Decision::Refuse(_)
        ));
        assert!(matches!(decide(Delete, None, &stored), Decision::Refuse(_)));
    }

    #[test]
    fn a_changed_remark_is_a_changed_value() {
        let stored = report_on(0, [1, 0, 0, 0]);
        let mut remarked = stored.clone();
        remarked.remark = Some("复核".into());
        assert_eq!(changed_values(&stored, &remarked), 1);
        assert_eq!(changed_values(&stored, &stored), 0);
    }

    #[test]
    fn strategies_read_in_dhis2_s_old_and_new_names() {
        assert_eq!(
            Strategy::parse("new_and_updates"),
            Ok(Strategy::CreateAndUpdate)
        );
        assert_eq!(Strategy::parse("CREATE"), Ok(Strategy::Create));
        assert_eq!(Strategy::parse("UPDATES"), Ok(Strategy::Update));
        assert!(Strategy::parse("MERGE").is_err());
    }
}
