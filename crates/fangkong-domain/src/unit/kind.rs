//! `UnitKind`: what a unit is, and which kinds may stand under which.

use std::fmt;

use serde::Serialize;

/// The kind of an administrative unit (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A city (市), the root of a deployment.
    City,
    /// A district (區).
    District,
    /// A subdistrict (街道).
    Subdistrict,
    /// A town (鎮).
    Town,
    /// A township (鄉).
    Township,
    /// A special administrative zone at subdistrict level (development zone, scenic area).
    SpecialZone,
    /// An urban community (社區).
    Community,
    /// A village (村).
    Village,
    /// Another community-level unit (virtual community, farm brigade).
    Other,
    /// A residential compound (小區).
    Compound,
    /// A special place (特殊場所): prison, elderly-care home, psychiatric hospital, welfare home.
    SpecialPlace,
}

/// Why a text is not a unit kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a unit kind (expected one of: {list})", list = UnitKind::NAMES.join(", "))]
pub struct UnitKindError(pub String);

impl UnitKind {
    /// Every kind, from the top of the tree down.
    pub const ALL: [UnitKind; 11] = [
        UnitKind::City,
        UnitKind::District,
        UnitKind::Subdistrict,
        UnitKind::Town,
        UnitKind::Township,
        UnitKind::SpecialZone,
        UnitKind::Community,
        UnitKind::Village,
        UnitKind::Other,
        UnitKind::Compound,
        UnitKind::SpecialPlace,
    ];

    /// The names accepted by [`UnitKind::parse`], in the order of [`UnitKind::ALL`].
    pub const NAMES: [&'static str; 11] = [
        "city",
        "district",
        "subdistrict",
        "town",
        "township",
        "special_zone",
        "community",
        "village",
        "other",
        "compound",
        "special_place",
    ];

    /// Parses the platform's own kind names (`city`, …, `special_place`).
    pub fn parse(text: &str) -> Result<UnitKind, UnitKindError> {
        let t = text.trim();
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(t))
            .map(|i| Self::ALL[i])
            .ok_or_else(|| UnitKindError(t.to_string()))
    }

    /// Parses the `unit_type` column of the national division file, where `special`
    /// means a special administrative zone at subdistrict level (not a special place).
    pub fn from_division_type(text: &str) -> Result<UnitKind, UnitKindError> {
        if text.trim() == "special" {
            return Ok(UnitKind::SpecialZone);
        }
        match Self::parse(text)? {
            UnitKind::SpecialPlace | UnitKind::Compound => Err(UnitKindError(text.to_string())),
            kind => Ok(kind),
        }
    }

    /// The kind's name as accepted by [`UnitKind::parse`].
    pub fn name(self) -> &'static str {
        let i = Self::ALL.iter().position(|k| *k == self).unwrap_or(0);
        Self::NAMES[i]
    }

    /// The level in the tree: 0 for a city down to 4 for a compound. A special place
    /// has no level of its own: it stands under whatever unit it is in.
    pub fn level(self) -> Option<u8> {
        match self {
            UnitKind::City => Some(0),
            UnitKind::District => Some(1),
            UnitKind::Subdistrict | UnitKind::Town | UnitKind::Township | UnitKind::SpecialZone => {
                Some(2)
            }
            UnitKind::Community | UnitKind::Village | UnitKind::Other => Some(3),
            UnitKind::Compound => Some(4),
            UnitKind::SpecialPlace => None,
        }
    }

    /// Whether a unit of this kind may stand directly under a unit of kind `parent`.
    ///
    /// Levels must strictly descend (a village under a compound is a data error); a
    /// compound stands only under a community or a village (SPEC §1); a special place
    /// may stand under any unit but another special place.
    pub fn may_stand_under(self, parent: UnitKind) -> bool {
        match (self, parent) {
            (_, UnitKind::SpecialPlace) => false,
            (UnitKind::SpecialPlace, _) => true,
            (UnitKind::Compound, p) => matches!(p, UnitKind::Community | UnitKind::Village),
            (child, p) => match (child.level(), p.level()) {
                (Some(c), Some(p)) => c > p,
                _ => false,
            },
        }
    }

    /// Whether a unit of this kind may be a root of the tree (have no parent in it).
    pub fn may_be_root(self) -> bool {
        self == UnitKind::City
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_the_kinds_in_declaration_order_so_they_can_index_arrays() {
        for (i, kind) in UnitKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i);
        }
    }

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.name()), Ok(kind));
        }
    }

    #[test]
    fn division_special_means_a_special_zone_not_a_special_place() {
        assert_eq!(
            UnitKind::from_division_type("special"),
            Ok(UnitKind::SpecialZone)
        );
        assert!(UnitKind::parse("special").is_err());
        assert!(UnitKind::from_division_type("compound").is_err());
    }

    #[test]
    fn a_compound_stands_only_under_a_community_or_a_village() {
        assert!(UnitKind::Compound.may_stand_under(UnitKind::Community));
        assert!(UnitKind::Compound.may_stand_under(UnitKind::Village));
        for parent in [
            UnitKind::City,
            UnitKind::District,
            UnitKind::Subdistrict,
            UnitKind::Other,
            UnitKind::Compound,
        ] {
            assert!(!UnitKind::Compound.may_stand_under(parent), "{parent}");
        }
    }

    #[test]
    fn levels_must_descend_and_special_places_stand_anywhere_but_under_each_other() {
        assert!(UnitKind::District.may_stand_under(UnitKind::City));
        assert!(!UnitKind::District.may_stand_under(UnitKind::District));
        assert!(!UnitKind::City.may_stand_under(UnitKind::Village));
        assert!(UnitKind::SpecialPlace.may_stand_under(UnitKind::Subdistrict));
        assert!(UnitKind::SpecialPlace.may_stand_under(UnitKind::Compound));
        assert!(!UnitKind::SpecialPlace.may_stand_under(UnitKind::SpecialPlace));
        assert!(!UnitKind::Village.may_stand_under(UnitKind::SpecialPlace));
    }
}
