//! Facilities (SPEC §5): designated hospitals, shelter hospitals and isolation
//! sites with beds by kind; a person occupies a bed from the day they are moved
//! in until the day they move on or leave. An admission to a full facility is
//! refused, with the nearest facilities that have a free bed of the kind.

use std::collections::HashMap;

use serde::Serialize;

use super::flow::Place;
use crate::Day;
use crate::unit::{UnitIndex, UnitTree};

/// A kind of bed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bed {
    /// An ordinary bed.
    Ordinary,
    /// A bed for severe cases.
    Severe,
    /// A bed for critical cases (intensive care).
    Critical,
}

impl Bed {
    /// Every kind.
    pub const ALL: [Bed; 3] = [Bed::Ordinary, Bed::Severe, Bed::Critical];

    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Bed::Ordinary => "ordinary",
            Bed::Severe => "severe",
            Bed::Critical => "critical",
        }
    }

    /// Parses [`Bed::name`]; empty is ordinary.
    pub fn parse(text: &str) -> Option<Bed> {
        match text.trim() {
            "" => Some(Bed::Ordinary),
            t => Bed::ALL.into_iter().find(|b| b.name() == t),
        }
    }
}

/// A facility and its beds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facility {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// What it is: a designated hospital, a shelter hospital or an isolation site.
    pub kind: Place,
    /// The unit it stands in (for "nearest").
    pub unit: UnitIndex,
    /// Beds by kind, in the order of [`Bed::ALL`].
    pub beds: [u32; 3],
}

impl Facility {
    /// The beds of a kind.
    pub fn beds_of(&self, bed: Bed) -> u32 {
        self.beds[bed as usize]
    }
}

/// One person's stay in a facility: from the day moved in, until the day moved
/// out (exclusive), or open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stay {
    /// The facility's code.
    pub facility: String,
    /// The bed kind.
    pub bed: Bed,
    /// The first day.
    pub from: Day,
    /// The day the bed was freed, if it was.
    pub until: Option<Day>,
}

impl Stay {
    /// Whether the stay holds a bed on `day`.
    pub fn on(&self, day: Day) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }
}

/// A person's stays, from their steps and the facility (and bed) each move
/// names: a move into a facility opens a stay, the next move or the exit closes it.
pub fn stays(steps: &[super::flow::DatedStep], facilities: &[Option<(String, Bed)>]) -> Vec<Stay> {
    use super::flow::Step;
    let mut out: Vec<Stay> = Vec::new();
    for (s, f) in steps.iter().zip(facilities) {
        if matches!(s.step, Step::Moved { .. } | Step::Left { .. })
            && let Some(open) = out.last_mut()
            && open.until.is_none()
        {
            open.until = Some(s.day);
        }
        if let (Step::Moved { .. }, Some((facility, bed))) = (s.step, f) {
            out.push(Stay {
                facility: facility.clone(),
                bed: *bed,
                from: s.day,
                until: None,
            });
        }
    }
    out
}

/// Beds in use on `day`, by facility and bed kind.
pub fn occupancy(stays: &[Stay], day: Day) -> HashMap<(String, Bed), u32> {
    let mut out = HashMap::new();
    for s in stays.iter().filter(|s| s.on(day)) {
        *out.entry((s.facility.clone(), s.bed)).or_insert(0) += 1;
    }
    out
}

/// Beds in use, by facility and bed kind.
pub type InUse = HashMap<(String, Bed), u32>;

/// Beds in use on each day from `from` to `to` (inclusive), by facility and bed
/// kind: one pass over the stays, whatever the number of days.
pub fn occupancy_by_day(stays: &[Stay], from: Day, to: Day) -> Vec<(Day, InUse)> {
    let days = (to.offset_from(from) + 1).max(0) as usize;
    // Changes per day: +1 on the first day in range, -1 on the day freed.
    let mut change: HashMap<(String, Bed), Vec<i64>> = HashMap::new();
    for s in stays {
        let start = s.from.offset_from(from).max(0) as usize;
        let end = s
            .until
            .map_or(days, |u| (u.offset_from(from).max(0) as usize).min(days));
        if start >= end {
            continue;
        }
        let row = change
            .entry((s.facility.clone(), s.bed))
            .or_insert_with(|| vec![0; days + 1]);
        row[start] += 1;
        row[end] -= 1;
    }
    let mut out: Vec<(Day, InUse)> = (0..days)
        .filter_map(|k| from.plus_days(k as i32).map(|d| (d, HashMap::new())))
        .collect();
    for (key, row) in change {
        let mut in_use = 0i64;
        for (k, (_, day)) in out.iter_mut().enumerate() {
            in_use += row[k];
            if in_use > 0 {
                day.insert(key.clone(), in_use as u32);
            }
        }
    }
    out
}

/// A facility with free beds of the kind asked for, and how far it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeBeds {
    /// The facility's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Free beds of the kind.
    pub free: u32,
    /// Steps through the tree from the person's unit to the facility's.
    pub distance: u32,
}

/// Why an admission is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdmissionError {
    /// Occurs when the facility is not of the place's kind.
    #[error("{facility} is a {kind:?}, not a {place:?}")]
    WrongKind {
        /// The facility.
        facility: String,
        /// What it is.
        kind: Place,
        /// Where the step moves the person.
        place: Place,
    },
    /// Occurs when every bed of the kind is taken on the day.
    #[error("{facility} has no free {bed} bed on {day} ({beds} of {beds} in use); nearest with a free one: {}", list(.nearest))]
    Full {
        /// The facility.
        facility: String,
        /// The bed kind.
        bed: &'static str,
        /// The day.
        day: Day,
        /// Its beds of the kind.
        beds: u32,
        /// The nearest facilities of the same kind with a free bed of the kind.
        nearest: Vec<FreeBeds>,
    },
}

fn list(nearest: &[FreeBeds]) -> String {
    if nearest.is_empty() {
        return "none".into();
    }
    nearest
        .iter()
        .map(|f| format!("{} {} ({} free)", f.code, f.name, f.free))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Steps through the tree between two units (up to their common ancestor and
/// down).
pub fn distance(tree: &UnitTree, a: UnitIndex, b: UnitIndex) -> u32 {
    let path = |mut u: UnitIndex| {
        let mut p = vec![u];
        while let Some(parent) = tree.parent(u) {
            p.push(parent);
            u = parent;
        }
        p
    };
    let (pa, pb) = (path(a), path(b));
    for (i, u) in pa.iter().enumerate() {
        if let Some(j) = pb.iter().position(|v| v == u) {
            return (i + j) as u32;
        }
    }
    (pa.len() + pb.len()) as u32
}

/// An admission asked for: a person living in `home`, to `facility`, as `place`,
/// in a bed of kind `bed`, on `day`.
#[derive(Debug, Clone, Copy)]
pub struct Admission<'a> {
    /// The facility.
    pub facility: &'a Facility,
    /// Where the step moves the person.
    pub place: Place,
    /// The bed kind.
    pub bed: Bed,
    /// Where the person lives.
    pub home: UnitIndex,
    /// The day.
    pub day: Day,
}

/// Checks an admission, with `in_use` beds taken that day (the admission itself
/// not counted).
pub fn admit(
    tree: &UnitTree,
    facilities: &[Facility],
    in_use: &HashMap<(String, Bed), u32>,
    a: Admission,
) -> Result<(), AdmissionError> {
    let Admission {
        facility,
        place,
        bed,
        home,
        day,
    } = a;
    if facility.kind != place {
        return Err(AdmissionError::WrongKind {
            facility: facility.code.clone(),
            kind: facility.kind,
            place,
        });
    }
    let used = |f: &Facility| in_use.get(&(f.code.clone(), bed)).copied().unwrap_or(0);
    if used(facility) < facility.beds_of(bed) {
        return Ok(());
    }
    let mut nearest: Vec<FreeBeds> = facilities
        .iter()
        .filter(|f| f.kind == place && f.code != facility.code)
        .filter_map(|f| {
            let free = f.beds_of(bed).saturating_sub(used(f));
            (free > 0).then(|| FreeBeds {
                code: f.code.clone(),
                name: f.name.clone(),
                free,
                distance: distance(tree, home, f.unit),
            })
        })
        .collect();
    nearest.sort_by(|a, b| {
        (a.distance, std::cmp::Reverse(a.free), &a.code).cmp(&(
            b.distance,
            std::cmp::Reverse(b.free),
            &b.code,
        ))
    });
    nearest.truncate(3);
    Err(AdmissionError::Full {
        facility: facility.code.clone(),
        bed: bed.name(),
        day,
        beds: facility.beds_of(bed),
        nearest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitCode;
    use crate::unit::tree::tests::small_city;

    fn day(k: i32) -> Day {
        Day::parse("2020-02-01")
            .expect("day")
            .plus_days(k)
            .expect("day")
    }

    fn tree() -> UnitTree {
        UnitTree::build(small_city()).expect("tree")
    }

    fn at(t: &UnitTree, c: &str) -> UnitIndex {
        t.index_of(&UnitCode::parse(c).expect("code"))
            .expect("unit")
    }

    fn hospital(code: &str, unit: UnitIndex, beds: [u32; 3]) -> Facility {
        Facility {
            code: code.into(),
            name: format!("{code}医院"),
            kind: Place::DesignatedHospital,
            unit,
            beds,
        }
    }

    #[test]
    fn occupancy_by_day_equals_occupancy_on_each_day() {
        let d = |k: i32| {
            Day::parse("2020-02-01")
                .expect("day")
                .plus_days(k)
                .expect("day")
        };
        let stay = |f: &str, bed: Bed, from: i32, until: Option<i32>| Stay {
            facility: f.into(),
            bed,
            from: d(from),
            until: until.map(d),
        };
        let stays = [
            stay("H1", Bed::Ordinary, 0, Some(3)),
            stay("H1", Bed::Ordinary, 2, None),
            stay("H1", Bed::Severe, -5, Some(1)),
            stay("H2", Bed::Critical, 4, Some(4)),
            stay("H2", Bed::Ordinary, 9, None),
        ];
        let series = occupancy_by_day(&stays, d(-1), d(10));
        assert_eq!(series.len(), 12);
        for (day, in_use) in &series {
            assert_eq!(in_use, &occupancy(&stays, *day), "{day}");
        }
        assert!(
            occupancy_by_day(&stays, d(3), d(2)).is_empty(),
            "an empty range"
        );
    }

    #[test]
    fn stays_follow_the_moves() {
        use crate::registry::flow::{DatedStep, Step};
        use crate::registry::{Category, Exit};
        let steps = [
            DatedStep {
                day: day(0),
                step: Step::Identified {
                    category: Category::Confirmed,
                },
            },
            DatedStep {
                day: day(1),
                step: Step::Moved {
                    place: Place::ShelterHospital,
                },
            },
            DatedStep {
                day: day(4),
                step: Step::Moved {
                    place: Place::DesignatedHospital,
                },
            },
            DatedStep {
                day: day(9),
                step: Step::Left {
                    exit: Exit::Discharged,
                },
            },
        ];
        let facilities = [
            None,
            Some(("F1".to_string(), Bed::Ordinary)),
            Some(("H1".to_string(), Bed::Severe)),
            None,
        ];
        let s = stays(&steps, &facilities);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].from, s[0].until), (day(1), Some(day(4))));
        assert_eq!(
            (s[1].facility.as_str(), s[1].bed, s[1].until),
            ("H1", Bed::Severe, Some(day(9)))
        );
    }

    #[test]
    fn a_bed_is_held_from_moving_in_until_moving_out() {
        let stay = Stay {
            facility: "H1".into(),
            bed: Bed::Ordinary,
            from: day(2),
            until: Some(day(5)),
        };
        assert!(!stay.on(day(1)) && stay.on(day(2)) && stay.on(day(4)) && !stay.on(day(5)));
        let open = Stay {
            until: None,
            ..stay.clone()
        };
        assert!(open.on(day(100)));
        let occ = occupancy(&[stay, open], day(3));
        assert_eq!(occ.get(&("H1".to_string(), Bed::Ordinary)), Some(&2));
    }

    fn adm(facility: &Facility, place: Place, bed: Bed, home: UnitIndex) -> Admission<'_> {
        Admission {
            facility,
            place,
            bed,
            home,
            day: day(3),
        }
    }

    #[test]
    fn a_full_facility_refuses_and_offers_the_nearest_free_ones() {
        let t = tree();
        let (k1, v, d) = (at(&t, "K1"), at(&t, "V"), at(&t, "D"));
        let full = hospital("H1", k1, [2, 0, 0]);
        let near = hospital("H2", at(&t, "M"), [5, 0, 0]);
        let far = hospital("H3", d, [50, 0, 0]);
        let none = hospital("H4", v, [1, 0, 0]);
        let all = vec![full.clone(), near, far, none];
        let in_use = HashMap::from([
            (("H1".to_string(), Bed::Ordinary), 2),
            (("H4".to_string(), Bed::Ordinary), 1),
        ]);
        let ordinary = adm(&full, Place::DesignatedHospital, Bed::Ordinary, k1);
        let err = admit(&t, &all, &in_use, ordinary).expect_err("full");
        let AdmissionError::Full { nearest, .. } = &err else {
            panic!("{err}")
        };
        let codes: Vec<&str> = nearest.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["H2", "H3"], "nearest first; H4 has no free bed");
        assert!(
            err.to_string().contains(
                "H1 has no free ordinary bed on 2020-02-04 (2 of 2 in use); nearest with a free one: H2 H2医院 (5 free)"
            ),
            "{err}"
        );
        let one_free = HashMap::from([(("H1".to_string(), Bed::Ordinary), 1)]);
        assert_eq!(admit(&t, &all, &one_free, ordinary), Ok(()));
        let critical = adm(&full, Place::DesignatedHospital, Bed::Critical, k1);
        assert!(
            matches!(
                admit(&t, &all, &one_free, critical),
                Err(AdmissionError::Full { .. })
            ),
            "no critical beds at all"
        );
        let shelter = adm(&full, Place::ShelterHospital, Bed::Ordinary, k1);
        assert!(matches!(
            admit(&t, &all, &one_free, shelter),
            Err(AdmissionError::WrongKind { .. })
        ));
        assert_eq!(distance(&t, k1, k1), 0);
        assert_eq!(distance(&t, k1, v), 3, "K1 → M → S ← V");
        assert_eq!(Bed::parse(""), Some(Bed::Ordinary));
    }
}
