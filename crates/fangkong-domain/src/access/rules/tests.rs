//! Every role against every action, inside, above and beside its scope; and the
//! invariants as properties on every pair of units.

use proptest::prelude::*;

use super::*;
use crate::unit::UnitKind;
use crate::unit::tree::tests::{rec, small_city};

/// The small city with a second subdistrict beside `S`.
fn tree() -> UnitTree {
    let mut records = small_city();
    records.push(rec("S2", UnitKind::Subdistrict, Some("D")));
    records.push(rec("M2", UnitKind::Community, Some("S2")));
    records.push(rec("K3", UnitKind::Compound, Some("M2")));
    UnitTree::build(records).expect("valid")
}

fn at(tree: &UnitTree, code: &str) -> UnitIndex {
    tree.index_of(&UnitCode::parse(code).expect("code"))
        .expect("in tree")
}

fn who(role: Role, scope: &str) -> Principal {
    Principal {
        user_id: 1,
        username: Username::parse("tester").expect("name"),
        role,
        scope: UnitCode::parse(scope).expect("code"),
        may_export_personal: false,
    }
}

#[test]
fn a_community_worker_reports_for_own_compounds_only() {
    let t = tree();
    let worker = who(Role::CommunityWorker, "M");
    assert_eq!(worker.may(Action::FileReport(at(&t, "K1")), &t), Ok(()));
    assert_eq!(
        worker.may(Action::FileReport(at(&t, "K3")), &t),
        Err(Denied::Scope {
            unit: UnitCode::parse("K3").expect("code"),
            scope: UnitCode::parse("M").expect("code"),
        })
    );
    let own: Vec<&str> = worker
        .reporting_units(&t)
        .into_iter()
        .map(|u| t.unit(u).code.as_str())
        .collect();
    assert_eq!(own, ["K1", "K2"]);
}

#[test]
fn figures_are_readable_above_the_scope_but_not_beside_it() {
    let t = tree();
    let worker = who(Role::CommunityWorker, "M");
    for code in ["C", "D", "S", "M", "K1"] {
        assert_eq!(
            worker.may(Action::ReadFigures(at(&t, code)), &t),
            Ok(()),
            "{code}"
        );
    }
    for code in ["S2", "M2", "K3", "V"] {
        assert!(
            worker.may(Action::ReadFigures(at(&t, code)), &t).is_err(),
            "{code}"
        );
    }
    // Reports (names, remarks) only inside.
    assert!(worker.may(Action::ReadReports(at(&t, "S")), &t).is_err());
    assert_eq!(worker.may(Action::ReadReports(at(&t, "K2")), &t), Ok(()));
}

#[test]
fn the_command_centre_reads_everything_and_files_nothing() {
    let t = tree();
    let centre = who(Role::CommandCentre, "C");
    for u in 0..t.len() as UnitIndex {
        assert_eq!(centre.may(Action::ReadFigures(u), &t), Ok(()));
        assert_eq!(centre.may(Action::ReadReports(u), &t), Ok(()));
        assert!(matches!(
            centre.may(Action::FileReport(u), &t),
            Err(Denied::Role { .. })
        ));
    }
    assert_eq!(centre.may(Action::ReadAudit(at(&t, "C")), &t), Ok(()));
}

#[test]
fn only_administrators_manage_accounts_and_only_inside_their_scope() {
    let t = tree();
    let admin = who(Role::Administrator, "S");
    assert_eq!(admin.may(Action::ManageAccounts(at(&t, "M")), &t), Ok(()));
    assert!(admin.may(Action::ManageAccounts(at(&t, "D")), &t).is_err());
    for role in Role::ALL.into_iter().filter(|r| *r != Role::Administrator) {
        assert!(
            who(role, "C")
                .may(Action::ManageAccounts(at(&t, "M")), &t)
                .is_err(),
            "{role}"
        );
    }
}

#[test]
fn hotline_and_medical_staff_file_no_reports_and_read_no_audit() {
    let t = tree();
    for role in [Role::HotlineOperator, Role::Medical, Role::CommunityWorker] {
        let p = who(role, "C");
        assert!(p.may(Action::ReadAudit(at(&t, "C")), &t).is_err(), "{role}");
    }
    for role in [Role::HotlineOperator, Role::Medical] {
        assert!(who(role, "C").reporting_units(&t).is_empty(), "{role}");
    }
}

#[test]
fn the_registry_is_kept_by_medical_staff_and_workers_inside_their_scope() {
    let t = tree();
    for role in [Role::Medical, Role::CommunityWorker] {
        let w = who(role, "M");
        assert!(w.may(Action::UpdateRegistry(at(&t, "K1")), &t).is_ok());
        assert!(matches!(
            w.may(Action::UpdateRegistry(at(&t, "K3")), &t),
            Err(Denied::Scope { .. })
        ));
        // Outside the scope, nothing: no registry, no personal data, no glass.
        assert!(w.may(Action::ReadRegistry(at(&t, "K3")), &t).is_err());
        assert!(w.may(Action::ReadPersonalData(at(&t, "K3")), &t).is_err());
        assert!(w.may(Action::BreakTheGlass(at(&t, "K3")), &t).is_err());
    }
    for role in [
        Role::CommandCentre,
        Role::District,
        Role::HotlineOperator,
        Role::Administrator,
    ] {
        let o = who(role, "C");
        assert!(
            o.may(Action::UpdateRegistry(at(&t, "K1")), &t).is_err(),
            "{role}"
        );
    }
}

#[test]
fn the_glass_is_broken_only_by_offices_inside_their_scope() {
    // See: issue 15. A worker must never see more than her commander.
    let t = tree();
    let district = who(Role::District, "S");
    assert!(
        district
            .may(Action::BreakTheGlass(at(&t, "K1")), &t)
            .is_ok()
    );
    assert!(matches!(
        district.may(Action::BreakTheGlass(at(&t, "K3")), &t),
        Err(Denied::Scope { .. })
    ));
    assert!(
        who(Role::CommandCentre, "C")
            .may(Action::BreakTheGlass(at(&t, "K3")), &t)
            .is_ok()
    );
    for role in [
        Role::CommunityWorker,
        Role::Medical,
        Role::HotlineOperator,
        Role::Administrator,
    ] {
        assert!(
            matches!(
                who(role, "C").may(Action::BreakTheGlass(at(&t, "K1")), &t),
                Err(Denied::Role { .. })
            ),
            "{role}"
        );
    }
}

#[test]
fn the_hotline_and_administrators_read_figures_not_people() {
    let t = tree();
    for role in [Role::HotlineOperator, Role::Administrator] {
        let p = who(role, "C");
        assert!(
            p.may(Action::ReadFigures(at(&t, "K1")), &t).is_ok(),
            "{role}"
        );
        assert!(p.may_ever(ActionKind::ReadRegistry).is_err(), "{role}");
        assert!(p.may_ever(ActionKind::ReadPersonalData).is_err(), "{role}");
        assert!(p.may_ever(ActionKind::ReadDisputes).is_err(), "{role}");
    }
    assert!(
        who(Role::HotlineOperator, "C")
            .may_ever(ActionKind::ReadReports)
            .is_err()
    );
}

#[test]
fn who_broke_the_glass_is_seen_by_the_offices_and_administrators_above() {
    let t = tree();
    assert!(
        who(Role::District, "D")
            .may(Action::ReviewAccess(at(&t, "M")), &t)
            .is_ok()
    );
    assert!(
        who(Role::Administrator, "S")
            .may(Action::ReviewAccess(at(&t, "S2")), &t)
            .is_err()
    );
    assert!(
        who(Role::CommunityWorker, "M")
            .may_ever(ActionKind::ReviewAccess)
            .is_err()
    );
}

#[test]
fn may_ever_agrees_with_may_somewhere() {
    // The gate asks may_ever before it knows the unit: it must refuse exactly
    // the kinds that no unit would allow.
    let t = tree();
    for role in Role::ALL {
        for export in [false, true] {
            let mut p = who(role, "D");
            p.may_export_personal = export;
            for kind in ActionKind::ALL {
                let somewhere = (0..t.len() as UnitIndex).any(|u| p.may(kind.on(u), &t).is_ok());
                assert_eq!(p.may_ever(kind).is_ok(), somewhere, "{role} {kind:?}");
            }
        }
    }
}

#[test]
fn every_kind_names_its_unit_and_round_trips() {
    for kind in ActionKind::ALL {
        assert_eq!(kind.on(3).kind(), kind);
        assert_eq!(kind.on(3).unit(), 3);
        assert!(!kind.name().is_empty() && !kind.describe_zh().is_empty());
    }
}

#[test]
fn exporting_personal_data_needs_its_own_grant_and_stays_in_scope() {
    let t = tree();
    for role in Role::ALL {
        let mut p = who(role, "S");
        assert!(
            p.may(Action::ExportPersonalData(at(&t, "K1")), &t).is_err(),
            "{role} without the grant"
        );
        p.may_export_personal = true;
        assert!(
            p.may(Action::ExportPersonalData(at(&t, "K1")), &t).is_ok(),
            "{role}"
        );
        assert!(
            p.may(Action::ExportPersonalData(at(&t, "K3")), &t).is_err(),
            "{role} beside"
        );
    }
}

#[test]
fn a_scope_missing_from_the_tree_denies_everything_about_units() {
    let t = tree();
    let gone = who(Role::District, "GONE");
    assert_eq!(
        gone.may(Action::ReadFigures(at(&t, "C")), &t),
        Err(Denied::ScopeGone(UnitCode::parse("GONE").expect("code")))
    );
    assert!(gone.reporting_units(&t).is_empty());
}

proptest! {
    /// Filing implies reading; and anything that acts on a unit only acts inside
    /// the scope's subtree.
    #[test]
    fn acting_implies_reading_and_stays_inside(role in 0usize..7, scope in 0u32..10, unit in 0u32..10) {
        let t = tree();
        let p = who(Role::ALL[role], t.unit(scope).code.as_str());
        for action in [Action::FileReport(unit), Action::ManageAccounts(unit), Action::ReadReports(unit)] {
            if p.may(action, &t).is_ok() {
                prop_assert!(t.is_within(unit, scope));
                prop_assert!(p.may(Action::ReadFigures(unit), &t).is_ok());
            }
        }
        if p.may(Action::FileReport(unit), &t).is_ok() {
            prop_assert!(p.may(Action::ReadReports(unit), &t).is_ok());
        }
    }
}

#[test]
fn personal_data_is_for_medical_staff_and_community_workers_inside_their_scope() {
    let t = tree();
    let k1 = at(&t, "K1");
    for (role, scope, allowed) in [
        (Role::Medical, "C", true),
        (Role::CommunityWorker, "M", true),
        (Role::CommunityWorker, "M2", false),
        (Role::CommandCentre, "C", false),
        (Role::District, "D", false),
        (Role::Administrator, "C", false),
        (Role::HotlineOperator, "C", false),
    ] {
        assert_eq!(
            who(role, scope)
                .may(Action::ReadPersonalData(k1), &t)
                .is_ok(),
            allowed,
            "{role:?} at {scope}"
        );
    }
}

#[test]
fn appeals_are_taken_by_the_hotline_and_handled_inside_the_scope() {
    let t = tree();
    let hotline = who(Role::HotlineOperator, "C");
    assert!(hotline.may(Action::TakeAppeals(at(&t, "K3")), &t).is_ok());
    assert!(
        hotline
            .may(Action::ReadCallerContact(at(&t, "K3")), &t)
            .is_ok()
    );
    let worker = who(Role::CommunityWorker, "M");
    assert!(worker.may(Action::TakeAppeals(at(&t, "K1")), &t).is_err());
    assert!(worker.may(Action::HandleAppeals(at(&t, "K1")), &t).is_ok());
    assert!(
        worker
            .may(Action::ReadCallerContact(at(&t, "K1")), &t)
            .is_ok()
    );
    assert!(
        worker.may(Action::HandleAppeals(at(&t, "K3")), &t).is_err(),
        "beside the scope"
    );
    assert!(
        worker.may(Action::ReadAppeals(at(&t, "C")), &t).is_err(),
        "the root's queue is the city's"
    );
    let district = who(Role::District, "D");
    assert!(
        district
            .may(Action::HandleAppeals(at(&t, "K1")), &t)
            .is_ok()
    );
    assert!(
        district
            .may(Action::ReadCallerContact(at(&t, "K1")), &t)
            .is_err(),
        "offices see callers masked"
    );
    for role in [Role::Medical, Role::Administrator] {
        assert!(
            who(role, "C")
                .may(Action::ReadAppeals(at(&t, "K1")), &t)
                .is_err()
        );
    }
}

#[test]
fn alerts_are_closed_by_offices_and_disputes_recorded_near_the_ground() {
    let t = tree();
    assert!(
        who(Role::CommandCentre, "C")
            .may(Action::HandleAlerts(at(&t, "C")), &t)
            .is_ok()
    );
    assert!(
        who(Role::District, "D")
            .may(Action::HandleAlerts(at(&t, "C")), &t)
            .is_err()
    );
    assert!(
        who(Role::CommunityWorker, "M")
            .may(Action::HandleAlerts(at(&t, "K1")), &t)
            .is_err()
    );
    assert!(
        who(Role::CommunityWorker, "M")
            .may(Action::RecordDisputes(at(&t, "K1")), &t)
            .is_ok()
    );
    assert!(
        who(Role::HotlineOperator, "C")
            .may(Action::RecordDisputes(at(&t, "K1")), &t)
            .is_err()
    );
    assert!(
        who(Role::CommandCentre, "C")
            .may(Action::RecordDisputes(at(&t, "K1")), &t)
            .is_err()
    );
}

#[test]
fn the_audit_log_is_read_only_from_the_root() {
    // The log spans the city: an administrator of one district does not read
    // another's.
    let t = tree();
    let c = at(&t, "C");
    assert!(
        who(Role::Administrator, "C")
            .may(Action::ReadAudit(c), &t)
            .is_ok()
    );
    assert!(matches!(
        who(Role::Administrator, "D").may(Action::ReadAudit(c), &t),
        Err(Denied::Scope { .. })
    ));
}
