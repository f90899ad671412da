//! Benchmark of rota planning (issue 21's target): every community and
//! village of a city the size of Wuhan (3,400 units) for 60 days in about a
//! second on one core. The roster is synthetic: in each unit two sent-down
//! cadres, two community cadres and two volunteers, one of them away one day
//! in seven.
//!
//! Run: `cargo bench -p fangkong --bench rota`.

use divan::Bencher;
use fangkong_domain::rota::{RotaRules, Staff, StaffKind, form_pairs, plan};
use fangkong_domain::{Day, UnitCode};

fn main() {
    divan::main();
}

/// The synthetic roster of `units` units.
fn roster(units: usize) -> Vec<Staff> {
    let from = Day::parse("2020-02-10").expect("day");
    let kinds = [
        StaffKind::SentDownCadre,
        StaffKind::SentDownCadre,
        StaffKind::CommunityCadre,
        StaffKind::CommunityCadre,
        StaffKind::Volunteer,
        StaffKind::Volunteer,
    ];
    let mut staff = Vec::with_capacity(units * kinds.len());
    for u in 0..units {
        let unit = UnitCode::parse(&format!("420102{u:06}")).expect("code");
        for (k, kind) in kinds.into_iter().enumerate() {
            let n = u * kinds.len() + k;
            staff.push(Staff {
                id: format!("S{n:06}"),
                name: format!("工作人员{n}"),
                kind,
                unit: unit.clone(),
                away: (0..60)
                    .filter(|d| (d + n).is_multiple_of(7) && k == 0)
                    .filter_map(|d| from.plus_days(d as i32))
                    .collect(),
                left_on: None,
                pair: None,
            });
        }
    }
    staff
}

#[divan::bench(sample_count = 10)]
fn wuhan_sized_city_for_60_days(bencher: Bencher) {
    let staff = roster(3_400);
    let pairs = form_pairs(&staff);
    let rules = RotaRules::default();
    let from = Day::parse("2020-02-10").expect("day");
    bencher.bench(|| {
        let p = plan(&staff, &pairs, &rules, from, 60, &[]);
        assert!(p.duties.len() >= 3_400 * 60 * 2);
        p
    });
}
