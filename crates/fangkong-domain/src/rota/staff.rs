//! The people who work in a unit and the A/B pairs they form.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::{Day, UnitCode};

/// What a person working in a community is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffKind {
    /// A community (or village) cadre (社区干部).
    CommunityCadre,
    /// A cadre sent down from a government agency (下沉干部).
    SentDownCadre,
    /// A volunteer (party member, deputy, Youth League member…).
    Volunteer,
    /// Property-management staff (红色物业).
    PropertyStaff,
}

impl StaffKind {
    /// Every kind.
    pub const ALL: [StaffKind; 4] = [
        StaffKind::CommunityCadre,
        StaffKind::SentDownCadre,
        StaffKind::Volunteer,
        StaffKind::PropertyStaff,
    ];

    /// Its name in files.
    pub fn name(self) -> &'static str {
        match self {
            StaffKind::CommunityCadre => "community_cadre",
            StaffKind::SentDownCadre => "sent_down_cadre",
            StaffKind::Volunteer => "volunteer",
            StaffKind::PropertyStaff => "property_staff",
        }
    }

    /// The kind named `text` in files.
    pub fn parse(text: &str) -> Option<StaffKind> {
        StaffKind::ALL.into_iter().find(|k| k.name() == text)
    }
}

/// One person working in a community or village.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Their id in the roster.
    pub id: String,
    /// Their name.
    pub name: String,
    /// What they are.
    pub kind: StaffKind,
    /// The community or village they work in.
    pub unit: UnitCode,
    /// The days they may not be on duty: leave, sickness, agreed rest.
    pub away: BTreeSet<Day>,
    /// The day they left the unit (no longer on the roster from that day on).
    pub left_on: Option<Day>,
}

impl Staff {
    /// Whether they may be on duty on `day`: not away, not yet gone.
    pub fn available(&self, day: Day) -> bool {
        !self.away.contains(&day) && self.left_on.is_none_or(|left| day < left)
    }
}

/// What the roster keeps of a person beyond what planning needs: how to reach
/// them, where they come from, what they can do, how they sign in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Their phone, shown masked to the roles that do not see personal data.
    pub phone: Option<String>,
    /// Their email address, where reminders go by email.
    pub email: Option<String>,
    /// A sent-down cadre's home agency, a volunteer's type (party member,
    /// deputy, Youth League…), a property company.
    pub affiliation: Option<String>,
    /// What they can do (driving, first aid, a dialect…).
    pub skills: Vec<String>,
    /// The account they sign in with, to see their shifts and reminders.
    pub account: Option<String>,
}

/// A person on the roster: what planning needs and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rostered {
    /// What planning needs.
    pub staff: Staff,
    /// The rest.
    pub profile: Profile,
}

/// Two people who share an A/B post: one of them on duty each day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The pair's name, e.g. `420102002003-P1`.
    pub name: String,
    /// Post A (index into the staff list).
    pub a: usize,
    /// Post B (index into the staff list).
    pub b: usize,
}

/// The pairs formed by rule: in each unit, its sent-down cadres in id order
/// each with a community cadre in id order (A the sent-down cadre, who does
/// not know the compounds, B the one who does). Whoever is left over (more
/// cadres of one kind, volunteers, property staff) floats: on duty where the
/// minimum needs them.
pub fn form_pairs(staff: &[Staff]) -> Vec<Pair> {
    let mut units: Vec<&UnitCode> = staff.iter().map(|s| &s.unit).collect();
    units.sort();
    units.dedup();
    let mut pairs = Vec::new();
    for unit in units {
        let of_kind = |kind: StaffKind| {
            let mut ids: Vec<usize> = (0..staff.len())
                .filter(|&i| &staff[i].unit == unit && staff[i].kind == kind)
                .collect();
            ids.sort_by(|&x, &y| staff[x].id.cmp(&staff[y].id));
            ids
        };
        let sent = of_kind(StaffKind::SentDownCadre);
        let local = of_kind(StaffKind::CommunityCadre);
        for (n, (&a, &b)) in sent.iter().zip(&local).enumerate() {
            pairs.push(Pair {
                name: format!("{unit}-P{}", n + 1),
                a,
                b,
            });
        }
    }
    pairs
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The day `offset` days after 2020-02-10, where the tests' plans begin.
    pub(crate) fn day(offset: i32) -> Day {
        Day::parse("2020-02-10")
            .expect("day")
            .plus_days(offset)
            .expect("day")
    }

    /// A person of `unit` away on the days given (as offsets from 2020-02-10).
    pub(crate) fn person(id: &str, kind: StaffKind, unit: &str, away: &[i32]) -> Staff {
        Staff {
            id: id.into(),
            name: format!("姓名{id}"),
            kind,
            unit: UnitCode::parse(unit).expect("code"),
            away: away.iter().map(|&d| day(d)).collect(),
            left_on: None,
        }
    }

    #[test]
    fn someone_who_left_is_not_available_from_that_day_on() {
        let mut s = person("s1", StaffKind::Volunteer, "M", &[1]);
        s.left_on = Some(day(3));
        let open: Vec<bool> = (0..5).map(|d| s.available(day(d))).collect();
        assert_eq!(open, [true, false, true, false, false]);
    }

    #[test]
    fn kinds_read_and_write_their_names_in_files() {
        for k in StaffKind::ALL {
            assert_eq!(StaffKind::parse(k.name()), Some(k));
        }
        assert_eq!(StaffKind::parse("cadre"), None);
    }

    #[test]
    fn each_sent_down_cadre_is_paired_with_a_community_cadre_of_the_same_unit() {
        use StaffKind::*;
        let staff = vec![
            person("c2", CommunityCadre, "M1", &[]),
            person("s1", SentDownCadre, "M1", &[]),
            person("c1", CommunityCadre, "M1", &[]),
            person("v1", Volunteer, "M1", &[]),
            person("s9", SentDownCadre, "M2", &[]),
            person("c9", CommunityCadre, "M3", &[]),
        ];
        let pairs = form_pairs(&staff);
        assert_eq!(
            pairs.len(),
            1,
            "M2 and M3 have no one to pair with: {pairs:?}"
        );
        assert_eq!(pairs[0].name, "M1-P1");
        assert_eq!(staff[pairs[0].a].id, "s1");
        assert_eq!(staff[pairs[0].b].id, "c1", "in id order: c1 before c2");
    }
}
