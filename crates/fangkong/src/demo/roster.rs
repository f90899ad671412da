//! The demo's roster, rota and care records (synthetic, and marked so): the
//! people who work in every community and village of Jiang'an — a few
//! community cadres, cadres sent down from named agencies, volunteers of each
//! type, property staff — their rota over the season planned under the rules
//! and kept, a few of them worked past the limit by hand (the fatigue cases
//! the alerts find), and the care recorded for them.

use std::collections::BTreeSet;

use fangkong_domain::rota::{
    CareKind, CareRecord, Duty, Profile, Rostered, RotaRules, Staff, StaffKind, form_pairs, plan,
};
use fangkong_domain::{Day, UnitKind, UnitTree};
use fangkong_store::{Store, StoredUnits};
use jiff::Timestamp;

use super::DEMO_COMMUNITY;
use super::registry::{DISTRICT, GIVEN, SURNAMES};
use super::rng::SplitMix64;

/// The agencies cadres were sent down from (synthetic assignments of real
/// kinds of agency).
const AGENCIES: [&str; 12] = [
    "武汉市发展和改革委员会",
    "武汉市财政局",
    "武汉市民政局",
    "武汉市教育局",
    "武汉市税务局",
    "武汉市城市管理执法委员会",
    "江岸区住房和城市更新局",
    "江岸区人力资源和社会保障局",
    "江岸区人民法院",
    "江岸区教育局",
    "湖北省直机关",
    "国网武汉供电公司",
];

/// The kinds of volunteer.
const VOLUNTEERS: [&str; 5] = ["党员", "人大代表", "政协委员", "共青团员", "社区居民"];

/// Skills people bring.
const SKILLS: [&str; 6] = ["驾驶", "急救", "心理疏导", "方言", "信息录入", "电工"];

/// What the demo roster holds.
pub struct Built {
    /// People on the roster.
    pub people: usize,
    /// Units with a roster.
    pub units: usize,
    /// Duties kept.
    pub duties: usize,
    /// Days the plan could not cover by the rules.
    pub gaps: usize,
    /// Care records.
    pub care: usize,
}

/// Builds the roster of every community and village of Jiang'an, plans and
/// keeps its rota from `from` through `through`, and records care.
pub async fn build(
    store: &Store,
    stored: &StoredUnits,
    tree: &UnitTree,
    seed: u64,
    from: Day,
    through: Day,
    now: Timestamp,
) -> anyhow::Result<Built> {
    let mut rng = SplitMix64::stream(seed, 21);
    let district = tree
        .index_of(&fangkong_domain::UnitCode::parse(DISTRICT)?)
        .ok_or_else(|| anyhow::anyhow!("{DISTRICT} is not in the tree"))?;
    let mut people: Vec<Rostered> = Vec::new();
    let mut units = 0;
    let name = |rng: &mut SplitMix64| {
        format!(
            "{}{}{}",
            SURNAMES[rng.between(0, 19) as usize],
            GIVEN[rng.between(0, 19) as usize],
            if rng.chance(0.7) {
                GIVEN[rng.between(0, 19) as usize]
            } else {
                ""
            }
        )
    };
    let days = through.offset_from(from) as u32 + 1;
    for i in tree.subtree(district) {
        let unit = tree.unit(i);
        if !matches!(unit.kind, UnitKind::Community | UnitKind::Village) {
            continue;
        }
        units += 1;
        let cadres = rng.between(3, 6);
        let sent = rng.between(1, cadres.min(4));
        let volunteers = rng.between(2, 8);
        let property = if unit.kind == UnitKind::Community {
            rng.between(0, 2)
        } else {
            0
        };
        let mut n = 0;
        let mut add = |kind: StaffKind, affiliation: Option<String>, rng: &mut SplitMix64| {
            n += 1;
            // A week or two of sick leave or agreed rest for some.
            let mut away = BTreeSet::new();
            if rng.chance(0.15) {
                let start = rng.between(0, days.saturating_sub(14));
                let len = rng.between(3, 10);
                away.extend((start..start + len).filter_map(|d| from.plus_days(d as i32)));
            }
            let skills: Vec<String> = (0..rng.between(0, 2))
                .map(|_| SKILLS[rng.between(0, 5) as usize].to_string())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            people.push(Rostered {
                staff: Staff {
                    id: format!("{}-{n:02}", unit.code),
                    name: name(rng),
                    kind,
                    unit: unit.code.clone(),
                    away,
                    left_on: None,
                    pair: None,
                },
                profile: Profile {
                    // Synthetic numbers in a range no carrier gives out.
                    phone: Some(format!("1990{:07}", rng.between(0, 9_999_999))),
                    email: None,
                    affiliation,
                    skills,
                    account: None,
                },
            });
        };
        for _ in 0..cadres {
            add(StaffKind::CommunityCadre, None, &mut rng);
        }
        for _ in 0..sent {
            let agency = AGENCIES[rng.between(0, AGENCIES.len() as u32 - 1) as usize];
            add(StaffKind::SentDownCadre, Some(agency.to_string()), &mut rng);
        }
        for _ in 0..volunteers {
            let kind = VOLUNTEERS[rng.between(0, VOLUNTEERS.len() as u32 - 1) as usize];
            add(StaffKind::Volunteer, Some(kind.to_string()), &mut rng);
        }
        for _ in 0..property {
            add(
                StaffKind::PropertyStaff,
                Some("红色物业".to_string()),
                &mut rng,
            );
        }
    }
    // The demo's community worker is on the roster of her community, and
    // signs in to see her shifts and reminders.
    if let Some(wang) = people.iter_mut().find(|r| {
        r.staff.unit.as_str() == DEMO_COMMUNITY && r.staff.kind == StaffKind::CommunityCadre
    }) {
        wang.staff.name = "王芳".into();
        wang.staff.away.clear();
        wang.profile.account = Some("wangfang".into());
        wang.profile.email = Some("wangfang@example.org".into());
    }
    let keyed: Vec<(Rostered, i64)> = people
        .iter()
        .filter_map(|r| Some((r.clone(), *stored.ids.get(&r.staff.unit)?)))
        .collect();
    store.put_staff(&keyed, from, now, "demo").await?;

    let staff: Vec<Staff> = people.iter().map(|r| r.staff.clone()).collect();
    let rules = RotaRules::default();
    let pairs = form_pairs(&staff);
    let mut planned = plan(&staff, &pairs, &rules, from, days, &[]);
    // The fatigue cases: a few volunteers who kept coming in over the last
    // fortnight, past the limit and without rest, as the field saw.
    let volunteers: Vec<usize> = (0..staff.len())
        .filter(|&i| staff[i].kind == StaffKind::Volunteer && staff[i].away.is_empty())
        .collect();
    for k in 0..4.min(volunteers.len()) {
        let person = volunteers[(k * 97 + 13) % volunteers.len()];
        for back in 0..(9 + 2 * k as i32) {
            let Some(day) = through.plus_days(-back) else {
                continue;
            };
            let already = planned
                .duties
                .iter()
                .any(|d| d.day == day && d.person == person);
            if !already {
                planned.duties.push(Duty {
                    day,
                    unit: staff[person].unit.clone(),
                    pair: None,
                    post: None,
                    person,
                });
            }
        }
    }
    let duties = store
        .put_rota(&staff, &planned.duties, from, through, now, "demo")
        .await?;

    // Care: insurance for every sent-down cadre, protective equipment each
    // week for everyone on duty, rest taken, some recognition and help, a few
    // recruited into professional community posts.
    let mut care = Vec::new();
    let record =
        |person: &Staff, day: Day, kind: CareKind, amount: Option<u32>, note: &str| CareRecord {
            person: person.id.clone(),
            day,
            kind,
            amount,
            note: note.to_string(),
        };
    for s in &staff {
        if s.kind == StaffKind::SentDownCadre {
            care.push(record(
                s,
                from,
                CareKind::Insurance,
                None,
                "专项保险（合成）",
            ));
        }
        let mut week = from;
        while week <= through {
            care.push(record(
                s,
                week,
                CareKind::ProtectiveEquipment,
                Some(rng.between(3, 10)),
                "",
            ));
            match week.plus_days(7) {
                Some(next) => week = next,
                None => break,
            }
        }
        if rng.chance(0.3) {
            let day = from
                .plus_days(rng.between(20, days - 1) as i32)
                .unwrap_or(from);
            care.push(record(
                s,
                day,
                CareKind::Rest,
                Some(rng.between(1, 3)),
                "轮休",
            ));
        }
        if rng.chance(0.05) {
            care.push(record(
                s,
                through,
                CareKind::Recognition,
                None,
                "抗疫先进个人（合成）",
            ));
        }
        if rng.chance(0.03) {
            care.push(record(
                s,
                through,
                CareKind::HardshipHelp,
                Some(rng.between(5, 20) * 100),
                "",
            ));
        }
        if s.kind == StaffKind::Volunteer && rng.chance(0.02) {
            care.push(record(
                s,
                through,
                CareKind::ProfessionalPost,
                None,
                "招录为社区专职工作者（合成）",
            ));
        }
    }
    let care_records = store.put_care(&care, now, "demo").await?;
    Ok(Built {
        people: people.len(),
        units,
        duties,
        gaps: planned.gaps.len(),
        care: care_records,
    })
}
