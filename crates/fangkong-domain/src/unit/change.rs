//! `UnitChange`: renaming, moving, re-populating and retiring a unit from a given
//! day, checked so that the tree stays valid on that day and on every later one.

use super::{TreeError, UnitCode, UnitHistory, UnitRecord, UnitVersion};
use crate::Day;

/// One edit to a unit, taking effect on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitChange {
    /// The unit is renamed.
    Rename(String),
    /// The unit moves under another parent.
    Move(UnitCode),
    /// The unit's resident population changes (or becomes unknown).
    SetPopulation(Option<u32>),
    /// The unit stops existing; its reports stay.
    Retire,
}

/// Why a change cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitChangeError {
    /// Occurs when no unit has the code.
    #[error("unit {0} does not exist")]
    UnknownUnit(UnitCode),
    /// Occurs when a unit with the code already exists (on adding).
    #[error("unit {0} already exists")]
    AlreadyExists(UnitCode),
    /// Occurs when the unit was already retired.
    #[error("unit {0} is retired")]
    Retired(UnitCode),
    /// Occurs when the change would take effect on or before the unit's latest
    /// version: history is appended to, never rewritten.
    #[error("unit {code} already has a version from {latest}; a change must take effect after it")]
    NotAfterLatest {
        /// The unit.
        code: UnitCode,
        /// The day of its latest version.
        latest: Day,
    },
    /// Occurs when the change would leave the unit exactly as it is.
    #[error("the change leaves unit {0} as it is")]
    NoChange(UnitCode),
    /// Occurs when the name is empty.
    #[error("the name is empty")]
    EmptyName,
    /// Occurs when the tree would break on some day from the change on.
    #[error("the change would break the tree{}: {}", day.map(|d| format!(" on {d}")).unwrap_or_default(), errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    WouldBreakTree {
        /// The first day on which the tree would be invalid (`None`: the current tree).
        day: Option<Day>,
        /// What would break.
        errors: Vec<TreeError>,
    },
}

impl UnitHistory {
    /// Checks `change` to unit `code` from `effective` on, and returns the version to
    /// store. Nothing is changed here: the caller stores the version.
    pub fn plan_change(
        &self,
        code: &UnitCode,
        change: &UnitChange,
        effective: Day,
        reason: Option<String>,
    ) -> Result<UnitVersion, UnitChangeError> {
        let latest = self
            .latest(code)
            .ok_or_else(|| UnitChangeError::UnknownUnit(code.clone()))?;
        if latest.retired {
            return Err(UnitChangeError::Retired(code.clone()));
        }
        if let Some(from) = latest.valid_from
            && effective <= from
        {
            return Err(UnitChangeError::NotAfterLatest {
                code: code.clone(),
                latest: from,
            });
        }
        let mut next = latest.clone();
        next.valid_from = Some(effective);
        next.reason = reason;
        match change {
            UnitChange::Rename(name) => {
                let name = name.trim();
                if name.is_empty() {
                    return Err(UnitChangeError::EmptyName);
                }
                next.name = name.to_string();
            }
            UnitChange::Move(parent) => next.parent = Some(parent.clone()),
            UnitChange::SetPopulation(p) => next.population = *p,
            UnitChange::Retire => next.retired = true,
        }
        if (
            &next.name,
            next.kind,
            &next.parent,
            next.population,
            next.retired,
        ) == (
            &latest.name,
            latest.kind,
            &latest.parent,
            latest.population,
            latest.retired,
        ) {
            return Err(UnitChangeError::NoChange(code.clone()));
        }
        let mut trial = self.clone();
        trial.push(code.clone(), next.clone());
        trial.check_from(effective)?;
        Ok(next)
    }

    /// Checks adding a new unit from `effective` on (`None`: since before any record),
    /// and returns its first version.
    pub fn plan_add(
        &self,
        record: &UnitRecord,
        effective: Option<Day>,
    ) -> Result<UnitVersion, UnitChangeError> {
        let mut versions = self.plan_adds(std::slice::from_ref(record), effective)?;
        versions.pop().ok_or(UnitChangeError::EmptyName)
    }

    /// Checks adding many new units at once (the tree is checked once, not once per
    /// unit), and returns their first versions in the same order.
    pub fn plan_adds(
        &self,
        records: &[UnitRecord],
        effective: Option<Day>,
    ) -> Result<Vec<UnitVersion>, UnitChangeError> {
        let mut trial = self.clone();
        let mut versions = Vec::with_capacity(records.len());
        for record in records {
            if trial.latest(&record.code).is_some() {
                return Err(UnitChangeError::AlreadyExists(record.code.clone()));
            }
            if record.name.trim().is_empty() {
                return Err(UnitChangeError::EmptyName);
            }
            let version = UnitVersion::first(record, effective);
            trial.push(record.code.clone(), version.clone());
            versions.push(version);
        }
        match effective {
            Some(day) => trial.check_from(day)?,
            None => {
                trial
                    .current_tree()
                    .map_err(|errors| UnitChangeError::WouldBreakTree { day: None, errors })?;
            }
        }
        Ok(versions)
    }

    /// Checks the tree on `from` and on every later change day.
    fn check_from(&self, from: Day) -> Result<(), UnitChangeError> {
        let days =
            std::iter::once(from).chain(self.change_days().iter().copied().filter(|d| *d > from));
        for day in days {
            self.tree_on(day)
                .map_err(|errors| UnitChangeError::WouldBreakTree {
                    day: Some(day),
                    errors,
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitKind;
    use crate::unit::tree::tests::{rec, small_city};

    fn day(s: &str) -> Day {
        Day::parse(s).expect("day")
    }

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).expect("code")
    }

    fn city() -> UnitHistory {
        let mut h = UnitHistory::new();
        for r in small_city() {
            let v = h.plan_add(&r, None).expect("valid");
            h.push(r.code, v);
        }
        h
    }

    #[test]
    fn a_rename_keeps_the_old_name_readable() {
        let mut h = city();
        let v = h
            .plan_change(
                &code("M"),
                &UnitChange::Rename("新名社区".into()),
                day("2020-03-01"),
                Some("merger".into()),
            )
            .expect("valid");
        h.push(code("M"), v);
        assert_eq!(
            h.version_on(&code("M"), day("2020-02-01")).expect("v").name,
            "unit M"
        );
        assert_eq!(
            h.version_on(&code("M"), day("2020-03-01")).expect("v").name,
            "新名社区"
        );
    }

    #[test]
    fn a_change_before_the_latest_version_is_refused() {
        let mut h = city();
        let v = h
            .plan_change(
                &code("M"),
                &UnitChange::Rename("A".into()),
                day("2020-03-01"),
                None,
            )
            .expect("valid");
        h.push(code("M"), v);
        let err = h
            .plan_change(
                &code("M"),
                &UnitChange::Rename("B".into()),
                day("2020-03-01"),
                None,
            )
            .expect_err("not after");
        assert!(matches!(err, UnitChangeError::NotAfterLatest { .. }));
    }

    #[test]
    fn retiring_a_unit_with_units_under_it_is_refused() {
        let h = city();
        let err = h
            .plan_change(&code("M"), &UnitChange::Retire, day("2020-03-01"), None)
            .expect_err("has compounds");
        assert!(
            matches!(err, UnitChangeError::WouldBreakTree { .. }),
            "{err}"
        );
        assert!(
            h.plan_change(&code("K1"), &UnitChange::Retire, day("2020-03-01"), None)
                .is_ok()
        );
    }

    #[test]
    fn moving_a_compound_under_a_subdistrict_is_refused() {
        let h = city();
        let err = h
            .plan_change(
                &code("K1"),
                &UnitChange::Move(code("S")),
                day("2020-03-01"),
                None,
            )
            .expect_err("kind rule");
        assert!(err.to_string().contains("cannot stand under"), "{err}");
    }

    #[test]
    fn a_move_that_creates_a_cycle_or_an_unknown_parent_is_refused() {
        let h = city();
        assert!(
            h.plan_change(
                &code("D"),
                &UnitChange::Move(code("K1")),
                day("2020-03-01"),
                None
            )
            .is_err()
        );
        assert!(
            h.plan_change(
                &code("K1"),
                &UnitChange::Move(code("NONE")),
                day("2020-03-01"),
                None
            )
            .is_err()
        );
    }

    #[test]
    fn adding_a_duplicate_or_unplaceable_unit_is_refused() {
        let h = city();
        assert!(matches!(
            h.plan_add(&rec("M", UnitKind::Community, Some("S")), None),
            Err(UnitChangeError::AlreadyExists(_))
        ));
        assert!(
            h.plan_add(
                &rec("K9", UnitKind::Compound, Some("D")),
                Some(day("2020-03-01"))
            )
            .is_err()
        );
        assert!(
            h.plan_add(
                &rec("K9", UnitKind::Compound, Some("V")),
                Some(day("2020-03-01"))
            )
            .is_ok()
        );
    }

    #[test]
    fn a_change_that_changes_nothing_is_refused() {
        let h = city();
        assert!(matches!(
            h.plan_change(
                &code("M"),
                &UnitChange::Rename("unit M".into()),
                day("2020-03-01"),
                None
            ),
            Err(UnitChangeError::NoChange(_))
        ));
    }
}
