use proptest::prelude::*;

use super::*;
use crate::unit::UnitCode;
use crate::unit::tree::tests::small_city;

fn rules() -> InspectionRules {
    InspectionRules::default()
}

fn quiet(n: u32) -> Vec<Candidate> {
    (0..n)
        .map(|unit| Candidate {
            unit,
            risk: Risk {
                days_since_inspection: Some(30),
                ..Risk::default()
            },
        })
        .collect()
}

#[test]
fn the_same_seed_draws_the_same_plan_and_another_seed_another() {
    let c = quiet(500);
    let a = plan(&c, &rules(), 20, 7);
    assert_eq!(a, plan(&c, &rules(), 20, 7));
    let b = plan(&c, &rules(), 20, 8);
    let units = |p: &Plan| p.picks.iter().map(|k| k.unit).collect::<Vec<_>>();
    assert_ne!(units(&a), units(&b));
}

#[test]
fn a_plan_leans_towards_units_with_recent_events() {
    // 10 risky units among 200: with 20 drawn, each unit's even chance is 10%.
    let mut c = quiet(200);
    for k in c.iter_mut().take(10) {
        k.risk.event_days = 3;
    }
    let mut risky = 0;
    let mut quiet_drawn = 0;
    for seed in 0..200 {
        for pick in plan(&c, &rules(), 20, seed).picks {
            if pick.unit < 10 {
                risky += 1;
            } else {
                quiet_drawn += 1;
            }
        }
    }
    let risky_rate = f64::from(risky) / (10.0 * 200.0);
    let quiet_rate = f64::from(quiet_drawn) / (190.0 * 200.0);
    assert!(
        risky_rate > 3.0 * quiet_rate,
        "risky {risky_rate:.3} vs quiet {quiet_rate:.3}"
    );
    // And the quiet ones are still visited.
    assert!(quiet_rate > 0.02, "quiet {quiet_rate:.3}");
}

#[test]
fn the_uniform_share_is_drawn_whatever_the_risk() {
    let c = quiet(100);
    let p = plan(&c, &rules(), 10, 1);
    let uniform = p
        .picks
        .iter()
        .filter(|k| k.drawn == Drawn::Uniformly)
        .count();
    assert_eq!(uniform, 3); // 30% of 10
    assert_eq!(p.picks.len(), 10);
}

#[test]
fn a_unit_inspected_within_the_interval_rests_unless_it_failed() {
    let mut c = quiet(3);
    c[0].risk.days_since_inspection = Some(3);
    c[1].risk.days_since_inspection = Some(3);
    c[1].risk.failed_last = true;
    let p = plan(&c, &rules(), 3, 5);
    let units: Vec<_> = p.picks.iter().map(|k| k.unit).collect();
    assert!(!units.contains(&0), "{units:?}");
    assert!(units.contains(&1));
    assert_eq!((p.eligible, p.rested), (2, 1));
}

#[test]
fn a_weight_counts_each_sign_of_risk() {
    let r = rules();
    let base = Risk {
        days_since_inspection: Some(0),
        ..Risk::default()
    };
    assert_eq!(weight(&base, &r), 1.0);
    let risky = Risk {
        event_days: 2,
        findings: 1,
        complaints: 1,
        lost_status: true,
        days_since_inspection: Some(60),
        failed_last: true,
    };
    assert_eq!(weight(&risky, &r), 1.0 + 6.0 + 2.0 + 1.0 + 2.0 + 1.0 + 3.0);
    let never = Risk::default();
    assert_eq!(weight(&never, &r), 1.0 + 0.5 * 2.0);
}

#[test]
fn inspectors_never_visit_their_own_units_nor_the_same_unit_twice_running() {
    let tree = UnitTree::build(small_city()).expect("tree");
    let at = |c: &str| {
        tree.index_of(&UnitCode::parse(c).expect("code"))
            .expect("unit")
    };
    let candidates: Vec<Candidate> = ["V", "K1", "K2"]
        .iter()
        .map(|c| Candidate {
            unit: at(c),
            risk: Risk::default(),
        })
        .collect();
    let inspectors = [
        Inspector {
            id: 1,
            unit: Some(at("M")),
        },
        Inspector {
            id: 2,
            unit: Some(at("V")),
        },
        Inspector { id: 3, unit: None },
    ];
    for seed in 0..50 {
        let mut p = plan(&candidates, &rules(), 3, seed);
        assign_inspectors(&mut p, &inspectors, &tree, |u| (u == at("V")).then_some(3));
        for pick in &p.picks {
            let i = pick.inspector.expect("someone is free");
            let code = tree.unit(pick.unit).code.as_str().to_string();
            match code.as_str() {
                // M's inspector never visits its compounds; V's own and last never V.
                "K1" | "K2" => assert_ne!(inspectors[i].id, 1, "seed {seed}"),
                "V" => assert_eq!(inspectors[i].id, 1, "seed {seed}"),
                _ => unreachable!(),
            }
        }
    }
}

#[test]
fn a_unit_no_inspector_may_take_keeps_none() {
    let tree = UnitTree::build(small_city()).expect("tree");
    let at = |c: &str| {
        tree.index_of(&UnitCode::parse(c).expect("code"))
            .expect("unit")
    };
    let candidates = [Candidate {
        unit: at("K1"),
        risk: Risk::default(),
    }];
    let mut p = plan(&candidates, &rules(), 1, 3);
    assign_inspectors(
        &mut p,
        &[Inspector {
            id: 9,
            unit: Some(at("D")),
        }],
        &tree,
        |_| None,
    );
    assert_eq!(p.picks[0].inspector, None);
}

proptest! {
    #[test]
    fn a_plan_never_draws_a_unit_twice_nor_more_than_asked(
        n in 0u32..80, count in 0usize..100, seed in any::<u64>(), share in 0.0f64..=1.0
    ) {
        let r = InspectionRules { uniform_share: share, ..rules() };
        let p = plan(&quiet(n), &r, count, seed);
        let mut units: Vec<_> = p.picks.iter().map(|k| k.unit).collect();
        prop_assert_eq!(units.len(), count.min(n as usize));
        units.sort_unstable();
        units.dedup();
        prop_assert_eq!(units.len(), count.min(n as usize));
    }
}
