//! Unit and property tests of certification: every edge case of SPEC §4, and the
//! engine against a naive reference on random trees and reports.

use proptest::prelude::*;

use super::*;
use crate::report::Measure;
use crate::unit::tree::tests::{rec, small_city};
use crate::unit::{UnitCode, UnitKind, UnitRecord};

fn day(s: &str) -> Day {
    Day::parse(s).expect("day")
}

fn start() -> Day {
    day("2020-03-01")
}

/// A 30-day grid over `records`, every report present, clean, all measures.
fn engine_with(records: Vec<UnitRecord>) -> Engine {
    let tree = UnitTree::build(records).expect("valid");
    let mut grid = ReportGrid::new(&tree, start(), 30);
    for slot in 0..grid.slots() {
        for k in 0..30 {
            grid.set(
                grid.leaf(slot),
                start().plus_days(k).expect("day"),
                Cell::reported(false, MeasuresInPlace::ALL),
            );
        }
    }
    Engine::new(tree, grid, CertificationRules::default())
}

fn engine() -> Engine {
    engine_with(small_city())
}

fn idx(e: &Engine, code: &str) -> UnitIndex {
    e.tree()
        .index_of(&UnitCode::parse(code).expect("code"))
        .expect("unit")
}

fn status(e: &Engine, code: &str, d: &str) -> UnitStatus {
    e.status_on(day(d)).expect("in grid").units[idx(e, code) as usize].clone()
}

fn report(e: &mut Engine, code: &str, d: &str, event: bool, measures: MeasuresInPlace) {
    let u = idx(e, code);
    assert!(e.apply(u, day(d), Cell::reported(event, measures)));
}

#[test]
fn clean_reports_for_fourteen_days_make_every_unit_epidemic_free() {
    let e = engine();
    let s = status(&e, "C", "2020-03-14");
    assert!(s.epidemic_free, "{s:?}");
    assert_eq!(s.zero_days, 14);
    assert_eq!(s.earliest_free, day("2020-03-14"));
    assert!(
        !status(&e, "C", "2020-03-13").epidemic_free,
        "13 days are not enough"
    );
    assert_eq!(
        status(&e, "K1", "2020-03-13").holdback,
        Some(Holdback::ShortHistory { since: start() })
    );
}

#[test]
fn fever_alone_does_not_count_against_a_unit() {
    // A report with only fever patients is a clean report: Cell::of ignores fever.
    let mut e = engine();
    let mut r = crate::report::daily::tests::report("K1", "2020-03-10", 0);
    r.new_fever = crate::Count::new(3);
    let u = idx(&e, "K1");
    e.apply(u, r.day, Cell::of(&r));
    assert!(status(&e, "M", "2020-03-20").epidemic_free);
}

#[test]
fn a_suspected_case_or_a_close_contact_alone_breaks_zero_occurrence() {
    for field in ["suspected", "contacts"] {
        let mut e = engine();
        let mut r = crate::report::daily::tests::report("K1", "2020-03-10", 0);
        match field {
            "suspected" => r.new_suspected = crate::Count::new(1),
            _ => r.new_close_contacts = crate::Count::new(2),
        }
        let u = idx(&e, "K1");
        e.apply(u, r.day, Cell::of(&r));
        let s = status(&e, "M", "2020-03-20");
        assert!(!s.epidemic_free, "{field}");
        assert_eq!(s.zero_days, 10);
        assert_eq!(
            s.holdback,
            Some(Holdback::Event {
                leaf: u,
                day: day("2020-03-10")
            })
        );
        assert_eq!(
            s.earliest_free,
            day("2020-03-24"),
            "14 clean days after the event"
        );
        assert!(
            status(&e, "V", "2020-03-20").epidemic_free,
            "the village next door is unaffected"
        );
    }
}

#[test]
fn a_missing_report_breaks_the_run_unknown_is_not_zero() {
    let mut e = engine();
    let k2 = idx(&e, "K2");
    e.apply(k2, day("2020-03-15"), Cell::MISSING);
    let s = status(&e, "C", "2020-03-20");
    assert!(!s.epidemic_free);
    assert_eq!(s.zero_days, 5);
    assert_eq!(
        s.holdback,
        Some(Holdback::MissingReport {
            leaf: k2,
            day: day("2020-03-15")
        })
    );
    let on_the_day = status(&e, "K2", "2020-03-15");
    assert_eq!(on_the_day.zero_days, 0);
    assert_eq!(on_the_day.earliest_free, day("2020-03-29"));
}

#[test]
fn a_measure_not_in_place_on_the_day_withholds_the_status() {
    let mut e = engine();
    let lapse = MeasuresInPlace::ALL.with(Measure::Supplies, false);
    report(&mut e, "V", "2020-03-20", false, lapse);
    let s = status(&e, "S", "2020-03-20");
    assert_eq!(s.zero_days, 20, "zero occurrence still holds");
    assert!(!s.epidemic_free);
    assert_eq!(
        s.holdback,
        Some(Holdback::Measures {
            leaf: idx(&e, "V"),
            in_place: lapse
        })
    );
    assert_eq!(s.earliest_free, day("2020-03-21"));
    assert!(
        status(&e, "S", "2020-03-21").epidemic_free,
        "the next day's report restores it"
    );
    assert!(
        status(&e, "M", "2020-03-20").epidemic_free,
        "a sibling subtree is unaffected"
    );
}

#[test]
fn a_failed_inspection_holds_the_status_back_until_a_passing_one() {
    let mut e = engine();
    let k1 = idx(&e, "K1");
    e.set_holds([crate::inspections::Hold {
        unit: k1,
        from: day("2020-03-20"),
        until: Some(day("2020-03-24")),
    }]);
    assert!(status(&e, "K1", "2020-03-19").epidemic_free);
    for d in ["2020-03-20", "2020-03-23"] {
        let s = status(&e, "K1", d);
        assert!(!s.epidemic_free, "{d}");
        assert_eq!(
            s.holdback,
            Some(Holdback::Inspection {
                leaf: k1,
                day: day("2020-03-20")
            })
        );
        // The compound's community and the city above are held back too.
        let up = status(&e, "C", d);
        assert!(!up.epidemic_free);
        assert!(matches!(up.holdback, Some(Holdback::Inspection { .. })));
        // Its run of zero days is not broken: the hold is about measures.
        assert_eq!(s.zero_days, status(&e, "K2", d).zero_days);
    }
    assert!(status(&e, "K1", "2020-03-24").epidemic_free);
    assert!(status(&e, "K2", "2020-03-21").epidemic_free);
}

#[test]
fn an_open_hold_lasts_to_the_end_and_clearing_holds_lifts_it() {
    let mut e = engine();
    let v = idx(&e, "V");
    e.set_holds([crate::inspections::Hold {
        unit: v,
        from: day("2020-02-01"),
        until: None,
    }]);
    assert!(!status(&e, "V", "2020-03-30").epidemic_free);
    e.set_holds([]);
    assert!(status(&e, "V", "2020-03-30").epidemic_free);
}

#[test]
fn measures_may_come_from_an_older_report_only_if_configured() {
    let tree = UnitTree::build(small_city()).expect("valid");
    let mut grid = ReportGrid::new(&tree, start(), 30);
    for slot in 0..grid.slots() {
        for k in 0..30 {
            grid.set(
                grid.leaf(slot),
                start().plus_days(k).expect("day"),
                Cell::reported(false, MeasuresInPlace::ALL),
            );
        }
    }
    let rules = CertificationRules {
        window_days: 14,
        measures_max_age_days: 2,
        inspection_holds: true,
    };
    let mut e = Engine::new(tree, grid, rules);
    let lapse = MeasuresInPlace::ALL.with(Measure::Publicity, false);
    report(&mut e, "V", "2020-03-20", false, lapse);
    assert!(
        !status(&e, "V", "2020-03-20").epidemic_free,
        "the latest report is the one that counts"
    );
}

#[test]
fn a_special_place_with_a_case_holds_back_the_unit_it_stands_in() {
    let mut records = small_city();
    records.push(rec("P", UnitKind::SpecialPlace, Some("V")));
    let mut e = engine_with(records);
    report(&mut e, "P", "2020-03-18", true, MeasuresInPlace::ALL);
    let s = status(&e, "V", "2020-03-20");
    assert!(!s.epidemic_free);
    assert_eq!(
        s.holdback,
        Some(Holdback::Event {
            leaf: idx(&e, "P"),
            day: day("2020-03-18")
        })
    );
}

#[test]
fn corrections_work_in_either_direction() {
    let mut e = engine();
    report(&mut e, "K1", "2020-03-18", true, MeasuresInPlace::ALL);
    assert!(!status(&e, "C", "2020-03-25").epidemic_free);
    // Corrected to zero: the status comes back, as if the event never was.
    report(&mut e, "K1", "2020-03-18", false, MeasuresInPlace::ALL);
    assert!(status(&e, "C", "2020-03-25").epidemic_free);
    assert_eq!(status(&e, "C", "2020-03-25").zero_days, 25);
}

#[test]
fn a_unit_moved_between_parents_brings_its_reports_along() {
    // On the day of the query, K2 stands under V: its event counts against V, not M.
    let mut records = small_city();
    records
        .iter_mut()
        .find(|r| r.code.as_str() == "K2")
        .expect("K2")
        .parent = UnitCode::parse("V").ok();
    let mut e = engine_with(records);
    report(&mut e, "K2", "2020-03-18", true, MeasuresInPlace::ALL);
    assert!(status(&e, "M", "2020-03-25").epidemic_free);
    assert!(!status(&e, "V", "2020-03-25").epidemic_free);
    assert!(!status(&e, "S", "2020-03-25").epidemic_free);
}

#[test]
fn refresh_after_a_report_equals_a_full_recompute() {
    let mut e = engine();
    let mut cached = e.status_on(day("2020-03-25")).expect("day");
    report(&mut e, "K1", "2020-03-20", true, MeasuresInPlace::ALL);
    e.refresh(&mut cached, idx(&e, "K1"));
    let full = e.status_on(day("2020-03-25")).expect("day");
    assert_eq!(cached.units, full.units);
}

#[test]
fn explain_lists_every_reporting_unit_that_holds_back() {
    let mut e = engine();
    report(&mut e, "K1", "2020-03-18", true, MeasuresInPlace::ALL);
    e.apply(idx(&e, "V"), day("2020-03-22"), Cell::MISSING);
    let x = e.explain(idx(&e, "S"), day("2020-03-25")).expect("day");
    assert_eq!(x.reporting_units, 3);
    let held: Vec<(UnitIndex, u32)> = x.held_back.iter().map(|h| (h.leaf, h.zero_days)).collect();
    assert_eq!(held, [(idx(&e, "V"), 3), (idx(&e, "K1"), 7)]);
    assert_eq!(
        x.status.holdback,
        Some(Holdback::MissingReport {
            leaf: idx(&e, "V"),
            day: day("2020-03-22")
        })
    );
}

/// The rule of SPEC §4 written as plainly as possible, for comparison.
fn naive_free(
    tree: &UnitTree,
    grid: &ReportGrid,
    unit: UnitIndex,
    offset: usize,
    n: usize,
) -> (bool, u32) {
    let leaves: Vec<usize> = tree
        .subtree(unit)
        .into_iter()
        .filter_map(|u| grid.slot(u))
        .collect();
    let mut zero_days = 0u32;
    for k in (0..=offset).rev() {
        if leaves.iter().all(|&s| grid.get(s, k).is_clean()) {
            zero_days += 1;
        } else {
            break;
        }
    }
    let measures = leaves
        .iter()
        .all(|&s| grid.get(s, offset).measures().all_in_place());
    (zero_days as usize >= n && measures, zero_days)
}

/// A random tree of up to 40 units (city, districts, subdistricts, communities,
/// compounds) and a random grid of `days` days.
fn random_case() -> impl Strategy<Value = (UnitTree, ReportGrid)> {
    (
        proptest::collection::vec(0usize..1000, 1..40),
        proptest::collection::vec(0u8..20, 40 * 25),
    )
        .prop_map(|(shape, noise)| {
            let kinds = [
                UnitKind::District,
                UnitKind::Subdistrict,
                UnitKind::Community,
                UnitKind::Compound,
            ];
            let mut records = vec![rec("root", UnitKind::City, None)];
            let mut levels = vec![0usize];
            for (i, pick) in shape.iter().enumerate() {
                let candidates: Vec<usize> =
                    (0..records.len()).filter(|&j| levels[j] < 4).collect();
                let p = candidates[pick % candidates.len()];
                records.push(rec(
                    &format!("u{i}"),
                    kinds[levels[p]],
                    Some(records[p].code.as_str()),
                ));
                levels.push(levels[p] + 1);
            }
            let tree = UnitTree::build(records).expect("valid");
            let days = 25;
            let mut grid = ReportGrid::new(&tree, Day::parse("2020-03-01").expect("day"), days);
            for slot in 0..grid.slots() {
                for k in 0..days {
                    // Mostly clean; sometimes missing, an event, or a lapsed measure.
                    let cell = match noise[(slot * days + k) % noise.len()] {
                        0 => Cell::MISSING,
                        1 => Cell::reported(true, MeasuresInPlace::ALL),
                        2 => Cell::reported(
                            false,
                            MeasuresInPlace::ALL.with(Measure::Stability, false),
                        ),
                        _ => Cell::reported(false, MeasuresInPlace::ALL),
                    };
                    let leaf = grid.leaf(slot);
                    grid.set(
                        leaf,
                        Day::parse("2020-03-01")
                            .expect("day")
                            .plus_days(k as i32)
                            .expect("day"),
                        cell,
                    );
                }
            }
            (tree, grid)
        })
}

fn small_rules() -> CertificationRules {
    CertificationRules {
        window_days: 5,
        measures_max_age_days: 0,
        inspection_holds: true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_engine_agrees_with_the_naive_rule_on_every_unit_and_day((tree, grid) in random_case()) {
        let e = Engine::new(tree.clone(), grid.clone(), small_rules());
        for k in 0..grid.days() {
            let on = e.status_on(grid.day(k)).expect("day");
            for u in 0..tree.len() as UnitIndex {
                let (free, zero_days) = naive_free(&tree, &grid, u, k, 5);
                prop_assert_eq!(on.units[u as usize].epidemic_free, free, "unit {} day {}", u, k);
                prop_assert_eq!(on.units[u as usize].zero_days, zero_days);
            }
        }
    }

    #[test]
    fn a_unit_is_never_free_while_a_leaf_below_is_missing_on_the_day((tree, grid) in random_case()) {
        let e = Engine::new(tree.clone(), grid.clone(), small_rules());
        for k in 0..grid.days() {
            let on = e.status_on(grid.day(k)).expect("day");
            for u in 0..tree.len() as UnitIndex {
                let missing = tree.subtree(u).into_iter().filter_map(|l| grid.slot(l)).any(|s| !grid.get(s, k).is_reported());
                prop_assert!(!(missing && on.units[u as usize].epidemic_free));
            }
        }
    }

    #[test]
    fn adding_an_event_never_makes_a_unit_free((tree, grid) in random_case(), pick in 0usize..10_000, k in 0usize..25) {
        let mut e = Engine::new(tree.clone(), grid.clone(), small_rules());
        let before: Vec<StatusOn> = (0..25).map(|d| e.status_on(grid.day(d)).expect("day")).collect();
        let leaf = grid.leaf(pick % grid.slots());
        e.apply(leaf, grid.day(k), Cell::reported(true, MeasuresInPlace::ALL));
        for (d, b) in before.iter().enumerate() {
            let after = e.status_on(grid.day(d)).expect("day");
            for u in 0..tree.len() {
                prop_assert!(!after.units[u].epidemic_free || b.units[u].epidemic_free);
            }
        }
    }

    #[test]
    fn adding_a_clean_report_with_all_measures_never_takes_the_status_away((tree, mut grid) in random_case(), pick in 0usize..10_000, k in 0usize..25) {
        // Start from a grid where that report is missing, then file it.
        let leaf = grid.leaf(pick % grid.slots());
        let missing_day = grid.day(k);
        grid.set(leaf, missing_day, Cell::MISSING);
        let mut e = Engine::new(tree.clone(), grid.clone(), small_rules());
        let before: Vec<StatusOn> = (0..25).map(|d| e.status_on(grid.day(d)).expect("day")).collect();
        e.apply(leaf, grid.day(k), Cell::reported(false, MeasuresInPlace::ALL));
        for (d, b) in before.iter().enumerate() {
            let after = e.status_on(grid.day(d)).expect("day");
            for u in 0..tree.len() {
                prop_assert!(!b.units[u].epidemic_free || after.units[u].epidemic_free);
            }
        }
    }

    #[test]
    fn incremental_updates_match_a_rebuild((tree, grid) in random_case(), edits in proptest::collection::vec((0usize..10_000, 0usize..25, 0u8..4), 1..20)) {
        let mut e = Engine::new(tree.clone(), grid.clone(), small_rules());
        let mut g = grid.clone();
        for (pick, k, kind) in edits {
            let leaf = grid.leaf(pick % grid.slots());
            let cell = match kind {
                0 => Cell::MISSING,
                1 => Cell::reported(true, MeasuresInPlace::ALL),
                _ => Cell::reported(false, MeasuresInPlace::ALL),
            };
            e.apply(leaf, grid.day(k), cell);
            g.set(leaf, grid.day(k), cell);
        }
        let rebuilt = Engine::new(tree.clone(), g, small_rules());
        for d in 0..25 {
            prop_assert_eq!(e.status_on(grid.day(d)).expect("day").units, rebuilt.status_on(grid.day(d)).expect("day").units);
        }
    }
}

/// `code`'s status on `d` when the reports of `from` on are not yet due.
fn status_as_of(e: &Engine, code: &str, d: &str, from: &str) -> UnitStatus {
    e.status_as_of(day(d), Some(day(from)))
        .expect("in grid")
        .units[idx(e, code) as usize]
        .clone()
}

#[test]
fn a_report_not_yet_due_is_pending_not_missing() {
    // See: issue 16 (on the demo's last day, compounds that had until 10:00
    // the next morning read as not epidemic-free and raised alerts).
    let mut e = engine();
    let k1 = idx(&e, "K1");
    assert!(e.apply(k1, day("2020-03-20"), Cell::MISSING));
    // Once due, missing is missing: K1 and every unit above it lose the status.
    let due = status(&e, "K1", "2020-03-20");
    assert!(!due.epidemic_free && !due.pending);
    assert!(matches!(due.holdback, Some(Holdback::MissingReport { .. })));
    // Before the deadline, K1 and the units above it are pending; a unit
    // beside it is free as before.
    for code in ["K1", "M", "S", "D", "C"] {
        let s = status_as_of(&e, code, "2020-03-20", "2020-03-20");
        assert!(!s.epidemic_free && s.pending, "{code}: {s:?}");
        assert_eq!(
            s.holdback,
            Some(Holdback::NotYetDue {
                leaf: k1,
                day: day("2020-03-20")
            }),
            "{code}"
        );
    }
    assert_eq!(
        status_as_of(&e, "K1", "2020-03-20", "2020-03-20").earliest_free,
        day("2020-03-20"),
        "free today if the report comes in clean"
    );
    let beside = status_as_of(&e, "K2", "2020-03-20", "2020-03-20");
    assert!(beside.epidemic_free && !beside.pending);
    // A day asked before the pending days is unchanged.
    assert_eq!(
        status_as_of(&e, "K1", "2020-03-19", "2020-03-20"),
        status(&e, "K1", "2020-03-19")
    );
}

#[test]
fn a_unit_held_back_by_anything_else_is_not_pending() {
    let mut e = engine();
    report(&mut e, "K1", "2020-03-18", true, MeasuresInPlace::ALL);
    let k2 = idx(&e, "K2");
    assert!(e.apply(k2, day("2020-03-20"), Cell::MISSING));
    // M waits for K2's report, but K1's contact of the 18th holds it back anyway.
    let m = status_as_of(&e, "M", "2020-03-20", "2020-03-20");
    assert!(!m.epidemic_free && !m.pending, "{m:?}");
    // A missing report of a day already due is missing, whatever is pending.
    let mut e = engine();
    assert!(e.apply(k2, day("2020-03-19"), Cell::MISSING));
    assert!(e.apply(k2, day("2020-03-20"), Cell::MISSING));
    let k = status_as_of(&e, "K2", "2020-03-20", "2020-03-20");
    assert!(!k.epidemic_free && !k.pending, "{k:?}");
    // A report of the pending day that attests too few measures holds it back.
    let mut e = engine();
    report(&mut e, "K2", "2020-03-20", false, MeasuresInPlace::NONE);
    let k = status_as_of(&e, "K2", "2020-03-20", "2020-03-20");
    assert!(!k.epidemic_free && !k.pending, "{k:?}");
}

proptest! {
    /// Pending is never free, never without a pending day, and knowing that
    /// nothing is pending changes nothing.
    #[test]
    fn pending_is_neither_free_nor_a_change_when_nothing_is_pending(
        (tree, grid) in random_case(),
        from in 0i32..25,
        d in 0usize..25,
    ) {
        let e = Engine::new(tree, grid.clone(), CertificationRules::default());
        let day = grid.day(d);
        let pending_from = grid.start().plus_days(from).expect("day");
        let as_of = e.status_as_of(day, Some(pending_from)).expect("day");
        let due = e.status_on(day).expect("day");
        prop_assert_eq!(e.status_as_of(day, None).expect("day").units, due.units.clone());
        for (a, b) in as_of.units.iter().zip(&due.units) {
            prop_assert!(!(a.pending && a.epidemic_free));
            // What is free once everything is due was free before.
            prop_assert_eq!(a.epidemic_free, b.epidemic_free);
            if day < pending_from {
                prop_assert!(!a.pending);
            }
        }
    }
}

#[test]
fn a_case_today_not_a_report_not_yet_due_is_why_a_unit_lost_the_status() {
    // K1 has not yet reported for the day (not due) and K2 reports a case:
    // both runs are zero, and the cause above them is K2's case.
    let mut e = engine();
    let (k1, k2) = (idx(&e, "K1"), idx(&e, "K2"));
    assert!(e.apply(k1, day("2020-03-20"), Cell::MISSING));
    report(&mut e, "K2", "2020-03-20", true, MeasuresInPlace::ALL);
    for code in ["M", "S", "D", "C"] {
        let s = status_as_of(&e, code, "2020-03-20", "2020-03-20");
        assert!(!s.epidemic_free && !s.pending, "{code}: {s:?}");
        assert_eq!(
            s.holdback,
            Some(Holdback::Event {
                leaf: k2,
                day: day("2020-03-20")
            }),
            "{code}"
        );
    }
    // The other order in the tree gives the same cause.
    let mut e = engine();
    assert!(e.apply(k2, day("2020-03-20"), Cell::MISSING));
    report(&mut e, "K1", "2020-03-20", true, MeasuresInPlace::ALL);
    let m = status_as_of(&e, "M", "2020-03-20", "2020-03-20");
    assert_eq!(
        m.holdback,
        Some(Holdback::Event {
            leaf: k1,
            day: day("2020-03-20")
        })
    );
}
