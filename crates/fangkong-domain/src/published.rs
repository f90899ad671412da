//! Published figures (a health commission's official daily series for a unit) and
//! the annotations on them (definition changes, revisions). Kept apart from the
//! grassroots reports: they are another source, to be compared, never merged.

use std::fmt;

use serde::Serialize;

use crate::Day;
use crate::unit::UnitCode;

/// One day of a unit's published series. Figures are net daily changes as published,
/// so they can be negative (write-offs, 核減); a blank is missing, not zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedDay {
    /// The reference day the figures describe.
    pub day: Day,
    /// New confirmed cases.
    pub new_confirmed: Option<i64>,
    /// New suspected cases.
    pub new_suspected: Option<i64>,
    /// New deaths.
    pub new_dead: Option<i64>,
    /// New cured and discharged.
    pub new_cured: Option<i64>,
}

/// What kind of event an annotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    /// The case definition changed from this day (e.g. clinical diagnoses counted).
    DefinitionChange,
    /// The day's figure includes corrections of earlier figures.
    Revision,
}

/// Why a text is not an annotation kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an annotation kind (expected definition_change or revision)")]
pub struct AnnotationKindError(pub String);

impl AnnotationKind {
    /// Parses `definition_change` or `revision`.
    pub fn parse(text: &str) -> Result<AnnotationKind, AnnotationKindError> {
        match text.trim() {
            "definition_change" => Ok(AnnotationKind::DefinitionChange),
            "revision" => Ok(AnnotationKind::Revision),
            other => Err(AnnotationKindError(other.to_string())),
        }
    }

    /// The kind's name as parsed.
    pub fn name(self) -> &'static str {
        match self {
            AnnotationKind::DefinitionChange => "definition_change",
            AnnotationKind::Revision => "revision",
        }
    }
}

impl fmt::Display for AnnotationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A note on one day of a unit's series that is not epidemic growth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    /// The reference day of the figure the note is about.
    pub day: Day,
    /// The unit whose series it annotates.
    pub unit: UnitCode,
    /// What happened.
    pub kind: AnnotationKind,
    /// How much of the day's new confirmed is not new infection of that day, where known.
    pub excluded_from_trend: Option<u32>,
    /// The explanation.
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_kinds_parse_and_print() {
        for k in [AnnotationKind::DefinitionChange, AnnotationKind::Revision] {
            assert_eq!(AnnotationKind::parse(k.name()), Ok(k));
        }
        assert!(AnnotationKind::parse("typo").is_err());
    }
}
