//! The staffing board of a unit (issue 21): its communities and villages with
//! the people on their rosters per 1,000 residents against the minimum, the
//! shortest first; who is worn out; the care recorded, summed per area; and,
//! for a community or village, its roster with who is on duty that day.
//! Names and phones are masked for the roles that do not see personal data.

use std::collections::{BTreeMap, HashMap, HashSet};

use fangkong_domain::Day;
use fangkong_domain::access::Action;
use fangkong_domain::registry::mask;
use fangkong_domain::rota::care::summarise;
use fangkong_domain::rota::{CareKind, Strain, fatigue, staffing};
use fangkong_domain::unit::{UnitIndex, UnitTree};
use fangkong_domain::{UnitCode, UnitKind};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::catalogue::{format as say, label};
use crate::view;

/// The staffing board's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct StaffingQuery {
    /// The unit (default: the account's scope).
    pub unit: Option<String>,
    /// The day (default: the last day with data).
    pub date: Option<String>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

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
    /// Communities and villages under the unit, the shortest first.
    pub units: Vec<StaffingRow>,
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

/// The board for the query, access checked (the roster of the unit).
pub async fn board(
    state: &AppState,
    viewer: &Viewer,
    q: &StaffingQuery,
) -> Result<StaffingBoard, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let unit = view::unit_or_scope(q.unit.as_deref(), viewer)?;
    view::authorize(
        state,
        viewer,
        &unit,
        Action::ReadRoster,
        "staffing",
        unit.as_str(),
    )
    .await?;
    let day = view::day_param(state, q.date.as_deref())?;
    let store = &state.store;
    let roster = store.roster().await?;
    let staff: Vec<_> = roster.iter().map(|r| r.staff.clone()).collect();
    let rules = &state.rules.rota;
    let back = rules.rest_window_days.max(rules.max_consecutive_days + 1) as i32;
    let duties = store
        .kept_rota(&staff, day.plus_days(-back).unwrap_or(day), day)
        .await?;
    let care = store
        .care(Day::parse("2000-01-01").unwrap_or(day), day)
        .await?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let at = view::unit_in(tree, &unit)?;
    let principal = viewer.principal();
    let personal = |i: UnitIndex| principal.may(Action::ReadPersonalData(i), tree).is_ok();
    let under = |code: &UnitCode| tree.index_of(code).filter(|&i| tree.is_within(i, at));
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
    let units: Vec<StaffingRow> = units
        .iter()
        .map(|s| row(s, on_duty.get(&s.unit).copied().unwrap_or(0)))
        .collect();
    // The districts: those under the unit, or the one it stands in.
    let districts: Vec<StaffingRow> = if districts.is_empty() {
        match tree.ancestor_of_kind(at, UnitKind::District) {
            Some(d) => {
                let (_, above) = staffing(tree, d, &people, rules);
                above
                    .iter()
                    .map(|s| row(s, district_on_duty(tree, s.unit, &on_duty)))
                    .collect()
            }
            None => Vec::new(),
        }
    } else {
        districts
            .iter()
            .map(|s| row(s, district_on_duty(tree, s.unit, &on_duty)))
            .collect()
    };
    let tired = fatigue(&staff, &duties, rules, day)
        .into_iter()
        .filter_map(|t| {
            let s = &staff[t.person];
            let i = under(&s.unit)?;
            let name = if personal(i) {
                s.name.clone()
            } else {
                mask::name(&s.name)
            };
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
                .join("；");
            Some(TiredRow {
                person_id: s.id.clone(),
                name,
                unit: s.unit.to_string(),
                unit_name: tree.unit(i).name.clone(),
                why,
            })
        })
        .collect();
    let care = care_rows(tree, at, &staff, &care, lang);
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
                let open = personal(i);
                Some(RosterRow {
                    person_id: r.staff.id.clone(),
                    name: if open {
                        r.staff.name.clone()
                    } else {
                        mask::name(&r.staff.name)
                    },
                    kind: r.staff.kind.name().to_string(),
                    kind_name: label(lang, "staff-kind", r.staff.kind.name()).to_string(),
                    affiliation: r.profile.affiliation.clone(),
                    skills: r.profile.skills.clone(),
                    phone: r
                        .profile
                        .phone
                        .as_deref()
                        .map(|p| if open { p.to_string() } else { mask::phone(p) }),
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
    Ok(StaffingBoard {
        unit: unit.to_string(),
        unit_name: tree.unit(at).name.clone(),
        date: day.to_string(),
        min_per_thousand: rules.min_staff_per_thousand,
        units,
        districts,
        tired,
        care,
        roster: roster_rows,
    })
}

/// The people on duty in a district's communities and villages.
fn district_on_duty(tree: &UnitTree, district: UnitIndex, on: &HashMap<UnitIndex, u32>) -> u32 {
    on.iter()
        .filter(|(i, _)| tree.is_within(**i, district))
        .map(|(_, n)| n)
        .sum()
}

/// Care summed per child of `at` (or per district of `at` itself, where `at`
/// is a city or above), in the order of the kinds.
fn care_rows(
    tree: &UnitTree,
    at: UnitIndex,
    staff: &[fangkong_domain::rota::Staff],
    records: &[fangkong_domain::rota::CareRecord],
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
            // The child of `at` the person's unit stands in (or the unit itself).
            while !children.contains(&i) && i != at {
                i = tree.parent(i)?;
            }
            Some((s.id.as_str(), &tree.unit(i).code))
        })
        .collect();
    let sums: BTreeMap<UnitCode, BTreeMap<CareKind, fangkong_domain::rota::CareTally>> =
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
