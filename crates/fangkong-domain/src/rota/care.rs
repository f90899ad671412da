//! Care for the people who work (SPEC §7): rest taken, protective equipment,
//! special insurance, recognition, hardship help and recruitment into
//! professional posts, recorded once and summed for the command centre.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::{Day, UnitCode};

/// What was done for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CareKind {
    /// Rest taken (days in `amount`).
    Rest,
    /// Protective equipment issued (sets in `amount`).
    ProtectiveEquipment,
    /// Special insurance taken out for them.
    Insurance,
    /// Recognition (a commendation, an award).
    Recognition,
    /// Hardship help (yuan in `amount`).
    HardshipHelp,
    /// Recruited into a professional community post (职业化).
    ProfessionalPost,
}

impl CareKind {
    /// Every kind, in the order above.
    pub const ALL: [CareKind; 6] = [
        CareKind::Rest,
        CareKind::ProtectiveEquipment,
        CareKind::Insurance,
        CareKind::Recognition,
        CareKind::HardshipHelp,
        CareKind::ProfessionalPost,
    ];

    /// Its name in files.
    pub fn name(self) -> &'static str {
        match self {
            CareKind::Rest => "rest",
            CareKind::ProtectiveEquipment => "protective_equipment",
            CareKind::Insurance => "insurance",
            CareKind::Recognition => "recognition",
            CareKind::HardshipHelp => "hardship_help",
            CareKind::ProfessionalPost => "professional_post",
        }
    }

    /// The kind named `text` in files.
    pub fn parse(text: &str) -> Option<CareKind> {
        CareKind::ALL.into_iter().find(|k| k.name() == text)
    }
}

/// One thing done for one person on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CareRecord {
    /// The person's roster id.
    pub person: String,
    /// The day.
    pub day: Day,
    /// What was done.
    pub kind: CareKind,
    /// How much, where the kind counts something (days, sets, yuan).
    pub amount: Option<u32>,
    /// A note.
    pub note: String,
}

/// One kind of care in one area: how many records, for how many people, and
/// the amounts added up (none where no record counts one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CareTally {
    /// Records.
    pub records: u32,
    /// Different people.
    pub people: u32,
    /// The amounts added up, where any record gives one.
    pub amount: Option<u64>,
}

/// Sums `records` by area (each person's area given by `area_of`, e.g. their
/// district) and kind; a person with no area is left out.
pub fn summarise<'a>(
    records: &[CareRecord],
    area_of: impl Fn(&str) -> Option<&'a UnitCode>,
) -> BTreeMap<UnitCode, BTreeMap<CareKind, CareTally>> {
    let mut out: BTreeMap<UnitCode, BTreeMap<CareKind, CareTally>> = BTreeMap::new();
    let mut seen: BTreeMap<(UnitCode, CareKind), BTreeSet<&str>> = BTreeMap::new();
    for r in records {
        let Some(area) = area_of(&r.person) else {
            continue;
        };
        let tally = out
            .entry(area.clone())
            .or_default()
            .entry(r.kind)
            .or_default();
        tally.records += 1;
        if let Some(a) = r.amount {
            tally.amount = Some(tally.amount.unwrap_or(0) + u64::from(a));
        }
        if seen
            .entry((area.clone(), r.kind))
            .or_default()
            .insert(&r.person)
        {
            tally.people += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(person: &str, kind: CareKind, amount: Option<u32>) -> CareRecord {
        CareRecord {
            person: person.into(),
            day: Day::parse("2020-02-20").expect("day"),
            kind,
            amount,
            note: String::new(),
        }
    }

    #[test]
    fn kinds_read_and_write_their_names_in_files() {
        for k in CareKind::ALL {
            assert_eq!(CareKind::parse(k.name()), Some(k));
        }
        assert_eq!(CareKind::parse("holiday"), None);
    }

    #[test]
    fn records_are_summed_by_area_and_kind_people_counted_once() {
        let d1 = UnitCode::parse("420102000000").expect("code");
        let d2 = UnitCode::parse("420103000000").expect("code");
        let records = [
            record("a", CareKind::Rest, Some(2)),
            record("a", CareKind::Rest, Some(1)),
            record("b", CareKind::Rest, None),
            record("c", CareKind::Insurance, None),
            record("nobody", CareKind::Rest, Some(9)),
        ];
        let sums = summarise(&records, |p| match p {
            "a" | "b" => Some(&d1),
            "c" => Some(&d2),
            _ => None,
        });
        let rest = &sums[&d1][&CareKind::Rest];
        assert_eq!(
            *rest,
            CareTally {
                records: 3,
                people: 2,
                amount: Some(3)
            }
        );
        assert_eq!(
            sums[&d2][&CareKind::Insurance],
            CareTally {
                records: 1,
                people: 1,
                amount: None
            },
            "no amount is not zero"
        );
        assert_eq!(sums.len(), 2, "the person with no area is left out");
    }
}
