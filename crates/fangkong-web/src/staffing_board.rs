//! The staffing board of a unit, derived from what the store keeps (issue
//! 21): its communities and villages with the people on their rosters per
//! 1,000 residents against the minimum, the shortest first; who is worn out;
//! the care recorded, summed per area; and, for a community, village or
//! subdistrict, its roster with who is on duty that day. Names and phones are
//! masked unless the reader sees personal data. No I/O here: the surface
//! reads the store, checks access and keeps the answer ([`crate::staffing`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use fangkong_domain::Day;
use fangkong_domain::registry::mask;
use fangkong_domain::rota::care::summarise;
use fangkong_domain::rota::{
    CareKind, CareRecord, CareTally, Duty, Rostered, RotaRules, Staff, Strain, fatigue, staffing,
};
use fangkong_domain::unit::{UnitIndex, UnitTree};
use fangkong_domain::{UnitCode, UnitKind};
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Lang;
use crate::i18n::catalogue::{format as say, label};

/// One community, village or district: its people against its need.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffingRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// People on its roster that day.
    pub people: u32,
    /// Of them, on duty that day (the kept rota).
    pub on_duty: u32,
    /// Residents, where every reporting unit under it gives a population.
    pub residents: Option<u32>,
    /// People per 1,000 residents, where known.
    pub per_thousand: Option<f64>,
    /// People it needs under the rules, where known.
    pub needed: Option<u32>,
    /// People short, where known.
    pub short_by: Option<u32>,
}

/// Someone worn out that day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TiredRow {
    /// Roster id.
    pub person_id: String,
    /// Name (masked for the roles that do not see personal data).
    pub name: String,
    /// Their unit's code.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// How, in the reader's language.
    pub why: String,
}

/// One person on the roster of the unit shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RosterRow {
    /// Roster id.
    pub person_id: String,
    /// Name (masked for the roles that do not see personal data).
    pub name: String,
    /// Kind, in files.
    pub kind: String,
    /// Kind, in the reader's language.
    pub kind_name: String,
    /// Home agency, volunteer type or company.
    pub affiliation: Option<String>,
    /// Skills.
    pub skills: Vec<String>,
    /// Phone (masked for the roles that do not see personal data).
    pub phone: Option<String>,
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// On duty that day, and on which post (`A`, `B`, or empty outside a pair).
    pub on_duty: Option<String>,
    /// Away that day (leave, sickness, rest).
    pub away: bool,
}

/// Care of one kind in one area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CareRow {
    /// The area's code (a child of the unit shown, or a district).
    pub code: String,
    /// Its name.
    pub name: String,
    /// The kind, in files.
    pub kind: String,
    /// The kind, in the reader's language.
    pub kind_name: String,
    /// Records.
    pub records: u32,
    /// Different people.
    pub people: u32,
    /// The amounts added up, where any record gives one.
    pub amount: Option<u64>,
}

/// The board.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffingBoard {
    /// The unit's code.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The day.
    pub date: String,
    /// People per 1,000 residents, at least (the rules).
    pub min_per_thousand: f64,
    /// Communities and villages under the unit with a roster kept, the
    /// shortest first, those whose residents are unknown last.
    pub units: Vec<StaffingRow>,
    /// Communities and villages under the unit with nobody on a roster:
    /// unknown, not short (no roster kept is not zero people).
    pub without_roster: u32,
    /// The districts under (or above) it, summed.
    pub districts: Vec<StaffingRow>,
    /// Who is worn out that day.
    pub tired: Vec<TiredRow>,
    /// Care recorded up to that day, per child of the unit and kind.
    pub care: Vec<CareRow>,
    /// The roster, where the unit is a community or village (or a
    /// subdistrict: its communities' rosters together).
    pub roster: Vec<RosterRow>,
}

/// What the board is derived from.
pub struct BoardInput<'a> {
    /// The tree of the day.
    pub tree: &'a UnitTree,
    /// The unit shown.
    pub at: UnitIndex,
    /// The roster, whole.
    pub roster: &'a [Rostered],
    /// The kept rota around the day (people as indexes into `roster`).
    pub duties: &'a [Duty],
    /// The care recorded up to the day.
    pub care: &'a [CareRecord],
    /// The `[rota]` rules.
    pub rules: &'a RotaRules,
    /// The day.
    pub day: Day,
    /// The reader's language.
    pub lang: Lang,
    /// Whether the reader sees the people of the unit unmasked.
    pub personal: bool,
}

/// The board of `input`.
pub fn derive(input: &BoardInput) -> StaffingBoard {
    let BoardInput {
        tree,
        at,
        roster,
        duties,
        care,
        rules,
        day,
        lang,
        personal,
    } = *input;
    let staff: Vec<Staff> = roster.iter().map(|r| r.staff.clone()).collect();
    let under = |code: &UnitCode| tree.index_of(code).filter(|&i| tree.is_within(i, at));
    let name_of = |full: &str| {
        if personal {
            full.to_string()
        } else {
            mask::name(full)
        }
    };
    let today: HashMap<usize, Option<&'static str>> = duties
        .iter()
        .filter(|d| d.day == day)
        .map(|d| (d.person, d.post.map(|p| p.name())))
        .collect();
    let mut people: HashMap<UnitIndex, u32> = HashMap::new();
    let mut on_duty: HashMap<UnitIndex, u32> = HashMap::new();
    for (k, s) in staff.iter().enumerate() {
        if s.left_on.is_some_and(|l| l <= day) {
            continue;
        }
        if let Some(i) = tree.index_of(&s.unit) {
            *people.entry(i).or_default() += 1;
            if today.contains_key(&k) {
                *on_duty.entry(i).or_default() += 1;
            }
        }
    }
    let row = |s: &fangkong_domain::rota::Staffing, on: u32| StaffingRow {
        code: tree.unit(s.unit).code.to_string(),
        name: tree.unit(s.unit).name.clone(),
        people: s.people,
        on_duty: on,
        residents: s.residents,
        per_thousand: s.per_thousand.map(|p| (p * 10.0).round() / 10.0),
        needed: s.needed,
        short_by: s.short_by(),
    };
    let (units, districts) = staffing(tree, at, &people, rules);
    // A unit with nobody on a roster is unknown, not short: counted apart.
    let without_roster = units.iter().filter(|s| s.people == 0).count() as u32;
    let units: Vec<StaffingRow> = units
        .iter()
        .filter(|s| s.people > 0)
        .map(|s| row(s, on_duty.get(&s.unit).copied().unwrap_or(0)))
        .collect();
    let district_row = |s: &fangkong_domain::rota::Staffing| {
        let on = on_duty
            .iter()
            .filter(|(i, _)| tree.is_within(**i, s.unit))
            .map(|(_, n)| n)
            .sum();
        row(s, on)
    };
    // The districts under the unit (with a roster kept), or the one it stands in.
    let districts: Vec<StaffingRow> = if districts.is_empty() {
        tree.ancestor_of_kind(at, UnitKind::District)
            .map(|d| {
                staffing(tree, d, &people, rules)
                    .1
                    .iter()
                    .map(district_row)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        districts
            .iter()
            .filter(|s| s.people > 0)
            .map(district_row)
            .collect()
    };
    let tired = fatigue(&staff, duties, rules, day)
        .into_iter()
        .filter_map(|t| {
            let s = &staff[t.person];
            let i = under(&s.unit)?;
            let name = name_of(&s.name);
            let why = t
                .strains
                .iter()
                .map(|strain| match *strain {
                    Strain::OverLimit { days, limit } => say(
                        lang,
                        "alert-fatigue-days",
                        &[
                            ("person", name.as_str().into()),
                            ("days", days.into()),
                            ("limit", limit.into()),
                        ],
                    ),
                    Strain::NoRest {
                        days_off,
                        window,
                        needed,
                    } => say(
                        lang,
                        "alert-fatigue-rest",
                        &[
                            ("person", name.as_str().into()),
                            ("off", days_off.into()),
                            ("window", window.into()),
                            ("needed", needed.into()),
                        ],
                    ),
                })
                .collect::<Vec<_>>()
                .join(say(lang, "list-separator", &[]).as_str());
            Some(TiredRow {
                person_id: s.id.clone(),
                name,
                unit: s.unit.to_string(),
                unit_name: tree.unit(i).name.clone(),
                why,
            })
        })
        .collect();
    let care = care_rows(tree, at, &staff, care, lang);
    // The roster itself, for a community, village or subdistrict.
    let small = matches!(
        tree.unit(at).kind,
        UnitKind::Community | UnitKind::Village | UnitKind::Subdistrict
    );
    let roster_rows = if small {
        roster
            .iter()
            .enumerate()
            .filter(|(_, r)| r.staff.left_on.is_none_or(|l| day < l))
            .filter_map(|(k, r)| {
                let i = under(&r.staff.unit)?;
                Some(RosterRow {
                    person_id: r.staff.id.clone(),
                    name: name_of(&r.staff.name),
                    kind: r.staff.kind.name().to_string(),
                    kind_name: label(lang, "staff-kind", r.staff.kind.name()).to_string(),
                    affiliation: r.profile.affiliation.clone(),
                    skills: r.profile.skills.clone(),
                    phone: r.profile.phone.as_deref().map(|p| {
                        if personal {
                            p.to_string()
                        } else {
                            mask::phone(p)
                        }
                    }),
                    unit: r.staff.unit.to_string(),
                    unit_name: tree.unit(i).name.clone(),
                    on_duty: today.get(&k).map(|p| p.unwrap_or("").to_string()),
                    away: r.staff.away.contains(&day),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    StaffingBoard {
        unit: tree.unit(at).code.to_string(),
        unit_name: tree.unit(at).name.clone(),
        date: day.to_string(),
        min_per_thousand: rules.min_staff_per_thousand,
        units,
        without_roster,
        districts,
        tired,
        care,
        roster: roster_rows,
    }
}

/// Care summed per child of `at` (each person counted in the child their
/// unit stands in), in the order of the kinds.
fn care_rows(
    tree: &UnitTree,
    at: UnitIndex,
    staff: &[Staff],
    records: &[CareRecord],
    lang: Lang,
) -> Vec<CareRow> {
    let children: HashSet<UnitIndex> = tree.children(at).iter().copied().collect();
    let area: HashMap<&str, &UnitCode> = staff
        .iter()
        .filter_map(|s| {
            let mut i = tree.index_of(&s.unit)?;
            if !tree.is_within(i, at) {
                return None;
            }
            while !children.contains(&i) && i != at {
                i = tree.parent(i)?;
            }
            Some((s.id.as_str(), &tree.unit(i).code))
        })
        .collect();
    let sums: BTreeMap<UnitCode, BTreeMap<CareKind, CareTally>> =
        summarise(records, |p| area.get(p).copied());
    let mut rows = Vec::new();
    for (code, kinds) in &sums {
        for kind in CareKind::ALL {
            if let Some(t) = kinds.get(&kind) {
                rows.push(CareRow {
                    code: code.to_string(),
                    name: tree.get(code).map(|u| u.name.clone()).unwrap_or_default(),
                    kind: kind.name().to_string(),
                    kind_name: label(lang, "care-kind", kind.name()).to_string(),
                    records: t.records,
                    people: t.people,
                    amount: t.amount,
                });
            }
        }
    }
    rows
}
