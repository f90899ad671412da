//! The people who work in a unit and the A/B pairs they form.

use std::collections::{BTreeMap, BTreeSet};

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
    /// The A/B pair they were put in by hand (a label shared with one other
    /// person of their unit); none: paired by rule, or not at all.
    pub pair: Option<String>,
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

/// The pairs of every unit: first those made by hand (two people of the
/// unit sharing a `pair` label, named `{unit}-{label}`; A the sent-down cadre
/// if one of them is, else the first by id), then those formed by rule among
/// the rest: its sent-down cadres in id order each with a community cadre in
/// id order (A the sent-down cadre, who does not know the compounds, B the
/// one who does), named `{unit}-P1`, `-P2`… Whoever is left over (more
/// cadres of one kind, volunteers, property staff) floats: on duty where the
/// minimum needs them. A label held by one person, or by more than two,
/// pairs nobody (the roster's import refuses it).
pub fn form_pairs(staff: &[Staff]) -> Vec<Pair> {
    let mut units: Vec<&UnitCode> = staff.iter().map(|s| &s.unit).collect();
    units.sort();
    units.dedup();
    let mut pairs = Vec::new();
    for unit in units {
        let here: Vec<usize> = (0..staff.len())
            .filter(|&i| &staff[i].unit == unit)
            .collect();
        let mut by_label: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in &here {
            if let Some(label) = staff[i].pair.as_deref() {
                by_label.entry(label).or_default().push(i);
            }
        }
        let mut taken = BTreeSet::new();
        let mut names = BTreeSet::new();
        for (label, mut members) in by_label {
            if members.len() != 2 {
                continue;
            }
            members.sort_by_key(|&i| (staff[i].kind != StaffKind::SentDownCadre, &staff[i].id));
            let name = format!("{unit}-{label}");
            names.insert(name.clone());
            taken.extend(members.iter().copied());
            pairs.push(Pair {
                name,
                a: members[0],
                b: members[1],
            });
        }
        let of_kind = |kind: StaffKind| {
            let mut ids: Vec<usize> = here
                .iter()
                .copied()
                .filter(|i| staff[*i].kind == kind && !taken.contains(i))
                .collect();
            ids.sort_by(|&x, &y| staff[x].id.cmp(&staff[y].id));
            ids
        };
        let sent = of_kind(StaffKind::SentDownCadre);
        let local = of_kind(StaffKind::CommunityCadre);
        let mut n = 0;
        for (&a, &b) in sent.iter().zip(&local) {
            let name = loop {
                n += 1;
                let name = format!("{unit}-P{n}");
                if !names.contains(&name) {
                    break name;
                }
            };
            pairs.push(Pair { name, a, b });
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
            pair: None,
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
    fn two_people_paired_by_hand_keep_their_pair_and_the_rest_pair_by_rule() {
        use StaffKind::*;
        let mut staff = vec![
            person("s1", SentDownCadre, "M", &[]),
            person("s2", SentDownCadre, "M", &[]),
            person("c1", CommunityCadre, "M", &[]),
            person("c2", CommunityCadre, "M", &[]),
            person("v1", Volunteer, "M", &[]),
        ];
        // By hand: s2 with the volunteer v1 (a cadre who knows the place
        // was not free), and a label held by one person pairs nobody.
        staff[1].pair = Some("甲".into());
        staff[4].pair = Some("甲".into());
        staff[2].pair = Some("乙".into());
        let pairs = form_pairs(&staff);
        let named: Vec<(String, &str, &str)> = pairs
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    staff[p.a].id.as_str(),
                    staff[p.b].id.as_str(),
                )
            })
            .collect();
        assert_eq!(
            named,
            [
                ("M-甲".to_string(), "s2", "v1"),
                ("M-P1".to_string(), "s1", "c1"),
            ]
        );
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
