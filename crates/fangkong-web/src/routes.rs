//! Every door of the application in one table: each route, its method, its
//! handler, and what it asks of the one access rule ([`crate::doors::Need`])
//! before anything is read or validated. The router is built from this table
//! alone ([`crate::app`]), and the gate ([`crate::gate`]) enforces each door's
//! need for pages, the JSON API, Open311 and DHIS2 alike, so a route cannot
//! exist without a declared rule (`clippy.toml` forbids `Router::route`
//! anywhere else). This is the one module that knows every surface.

use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use fangkong_domain::access::ActionKind;

use crate::AppState;
use crate::doors::{Door, Need, Target};
use crate::{api, dhis2, open311, ops, pages};

/// Every door, without its handler: what the tests walk and the README lists.
pub fn list() -> Vec<Door> {
    table().into_iter().map(|(door, _)| door).collect()
}

fn act(kind: ActionKind, target: Target) -> Need {
    Need::Act(kind, target)
}

/// Every door with its handler.
pub(crate) fn table() -> Vec<(Door, MethodRouter<AppState>)> {
    use ActionKind as K;
    use Target::{Body, PathUnit, QueryUnit, Scope};
    const UNIT: Target = QueryUnit("unit");
    let g = |path, need, service| {
        (
            Door {
                method: Method::GET,
                path,
                need,
            },
            service,
        )
    };
    let p = |path, need, service| {
        (
            Door {
                method: Method::POST,
                path,
                need,
            },
            service,
        )
    };
    let appeal = Target::Appeal("reference");
    let person = Target::Person("reference");
    vec![
        // Pages.
        // Each role's start (the dashboard for the command centre).
        g("/", act(K::ReadFigures, Scope), get(pages::start)),
        g(
            "/dashboard",
            act(K::ReadFigures, Scope),
            get(pages::dashboard),
        ),
        g(
            "/units/{code}",
            act(K::ReadFigures, PathUnit("code")),
            get(pages::unit_page),
        ),
        g(
            "/units/{code}/reports.csv",
            act(K::ReadReports, PathUnit("code")),
            get(pages::day_reports::csv),
        ),
        g(
            "/units/{code}/reports.xlsx",
            act(K::ReadReports, PathUnit("code")),
            get(pages::day_reports::xlsx),
        ),
        g("/login", Need::Public, get(pages::login::show)),
        p("/login", Need::Public, post(pages::login::submit)),
        p("/logout", Need::Public, post(pages::login::logout)),
        g("/report", act(K::FileReport, Scope), get(pages::form::list)),
        g(
            "/report/{code}",
            act(K::FileReport, PathUnit("code")),
            get(pages::form::show),
        ),
        p(
            "/report/{code}",
            act(K::FileReport, PathUnit("code")),
            post(pages::form::submit),
        ),
        g(
            "/compliance",
            act(K::ReadFigures, UNIT),
            get(pages::registry::page),
        ),
        g(
            "/compliance.csv",
            act(K::ReadFigures, UNIT),
            get(pages::registry::csv),
        ),
        g(
            "/compliance.xlsx",
            act(K::ReadFigures, UNIT),
            get(pages::registry::xlsx),
        ),
        g(
            "/facilities",
            act(K::ReadFigures, Scope),
            get(pages::facilities::page),
        ),
        g(
            "/people",
            act(K::ReadRegistry, Scope),
            get(pages::people::search),
        ),
        g(
            "/people/bulk",
            act(K::UpdateRegistry, Scope),
            get(pages::people::bulk_form),
        ),
        p(
            "/people/bulk",
            act(K::UpdateRegistry, Body),
            post(pages::people::bulk_apply),
        ),
        g(
            "/people/{reference}",
            act(K::ReadRegistry, person),
            get(pages::people::person),
        ),
        g(
            "/followup",
            act(K::ReadRegistry, UNIT),
            get(pages::registry::followup_page),
        ),
        p(
            "/followup/{reference}/checkin",
            act(K::UpdateRegistry, person),
            post(pages::registry::check_in),
        ),
        g(
            "/glass",
            act(K::ReviewAccess, UNIT),
            get(pages::glass::page),
        ),
        g("/public", Need::Public, get(pages::public::page)),
        g("/province", Need::Public, get(pages::province::page)),
        g("/public.json", Need::Public, get(crate::public::json)),
        g("/public.csv", Need::Public, get(pages::public::csv)),
        g("/public.xlsx", Need::Public, get(pages::public::xlsx)),
        g(
            "/quality",
            act(K::ReadReports, UNIT),
            get(pages::truth::quality::page),
        ),
        g(
            "/reconcile/{code}",
            act(K::ReadFigures, PathUnit("code")),
            get(pages::truth::reconcile::page),
        ),
        g(
            "/completeness",
            act(K::ReadReports, UNIT),
            get(pages::truth::completeness::page),
        ),
        g(
            "/completeness.csv",
            act(K::ReadReports, UNIT),
            get(pages::truth::completeness::csv),
        ),
        g(
            "/completeness.xlsx",
            act(K::ReadReports, UNIT),
            get(pages::truth::completeness::xlsx),
        ),
        g("/zones", act(K::ReadFigures, UNIT), get(pages::zones::page)),
        // What each unit's status allows its residents (逐步放宽).
        g(
            "/movement",
            act(K::ReadFigures, UNIT),
            get(pages::movement::page),
        ),
        g(
            "/movement.csv",
            act(K::ReadFigures, UNIT),
            get(pages::movement::csv),
        ),
        g(
            "/movement.xlsx",
            act(K::ReadFigures, UNIT),
            get(pages::movement::xlsx),
        ),
        // Inspections (明察暗访): the findings, the inspector's form, a photo.
        g(
            "/inspections",
            act(K::ReadReports, UNIT),
            get(pages::inspections::page),
        ),
        g(
            "/inspections/new",
            act(K::RecordInspections, UNIT),
            get(pages::inspections::form),
        ),
        p(
            "/inspections",
            act(K::RecordInspections, Body),
            post(pages::inspections::submit),
        ),
        g(
            "/inspections/{unit}/{id}/photo",
            act(K::ReadReports, PathUnit("unit")),
            get(pages::inspections::photo),
        ),
        // The guard's page at the gate: the token is the credential.
        g("/pass/{token}", Need::Public, get(pages::pass::page)),
        g(
            "/staffing",
            act(K::ReadRoster, UNIT),
            get(pages::staffing::page),
        ),
        p(
            "/staffing/move",
            act(K::ManageRoster, Body),
            post(pages::staffing::move_person),
        ),
        g(
            "/staffing.csv",
            act(K::ReadRoster, UNIT),
            get(pages::staffing::csv),
        ),
        g(
            "/staffing.xlsx",
            act(K::ReadRoster, UNIT),
            get(pages::staffing::xlsx),
        ),
        // One's own shifts: every signed-in account may ask, and gets only
        // the duties of the roster entry that names it.
        g(
            "/my/shifts",
            act(K::ReadFigures, Scope),
            get(pages::shifts::page),
        ),
        g(
            "/my/shifts.ics",
            act(K::ReadFigures, Scope),
            get(pages::shifts::ics),
        ),
        g(
            "/zones.csv",
            act(K::ReadFigures, UNIT),
            get(pages::zones::csv),
        ),
        g(
            "/zones.xlsx",
            act(K::ReadFigures, UNIT),
            get(pages::zones::xlsx),
        ),
        g(
            "/burden",
            act(K::ReadReports, UNIT),
            get(pages::truth::burden::page),
        ),
        g(
            "/audit",
            act(K::ReadAudit, Target::Root),
            get(pages::truth::audit::page),
        ),
        g(
            "/audit.csv",
            act(K::ReadAudit, Target::Root),
            get(pages::truth::audit::csv),
        ),
        g(
            "/audit.xlsx",
            act(K::ReadAudit, Target::Root),
            get(pages::truth::audit::xlsx),
        ),
        g(
            "/reconcile.csv",
            act(K::ReadFigures, UNIT),
            get(pages::truth::reconcile::csv),
        ),
        g(
            "/reconcile.xlsx",
            act(K::ReadFigures, UNIT),
            get(pages::truth::reconcile::xlsx),
        ),
        g(
            "/appeals",
            act(K::ReadAppeals, UNIT),
            get(pages::appeals::queue_page),
        ),
        g(
            "/appeals.csv",
            act(K::ReadAppeals, UNIT),
            get(pages::appeals::queue_csv),
        ),
        g(
            "/appeals.xlsx",
            act(K::ReadAppeals, UNIT),
            get(pages::appeals::queue_xlsx),
        ),
        g(
            "/appeals/new",
            act(K::TakeAppeals, Scope),
            get(pages::appeals::intake_form),
        ),
        p(
            "/appeals/new",
            act(K::TakeAppeals, Body),
            post(pages::appeals::intake_submit),
        ),
        g(
            "/appeals/dashboard",
            act(K::ReadAppeals, UNIT),
            get(pages::appeals::dashboard_page),
        ),
        g(
            "/appeals/{reference}",
            act(K::ReadAppeals, appeal),
            get(pages::appeals::appeal_page),
        ),
        p(
            "/appeals/{reference}/change",
            act(K::HandleAppeals, appeal),
            post(pages::appeals::change_submit),
        ),
        p(
            "/appeals/{reference}/category",
            act(K::HandleAppeals, appeal),
            post(pages::appeals::category_submit),
        ),
        g(
            "/alerts",
            act(K::ReadFigures, Scope),
            get(pages::appeals::alerts_page),
        ),
        g(
            "/alerts.csv",
            act(K::ReadFigures, Scope),
            get(pages::appeals::alerts_csv),
        ),
        g(
            "/alerts.xlsx",
            act(K::ReadFigures, Scope),
            get(pages::appeals::alerts_xlsx),
        ),
        p(
            "/alerts/{kind}/{key}",
            act(K::HandleAlerts, Body),
            post(pages::appeals::alert_submit),
        ),
        g(
            "/disputes",
            act(K::ReadDisputes, UNIT),
            get(pages::disputes::page),
        ),
        p(
            "/disputes",
            act(K::RecordDisputes, Body),
            post(pages::disputes::record),
        ),
        p(
            "/disputes/step",
            act(K::RecordDisputes, Body),
            post(pages::disputes::step),
        ),
        // The JSON API.
        g(
            "/api/v1/inspections",
            act(K::ReadReports, UNIT),
            get(api::movement::get_inspections),
        ),
        p(
            "/api/v1/inspections",
            act(K::RecordInspections, Body),
            post(api::movement::post_inspection),
        ),
        g(
            "/api/v1/movement",
            act(K::ReadFigures, UNIT),
            get(api::movement::get_movement),
        ),
        g(
            "/api/v1/passes/verify",
            Need::Public,
            get(api::movement::get_pass_verdict),
        ),
        g(
            "/api/v1/staffing",
            act(K::ReadRoster, UNIT),
            get(api::staff::get_staffing),
        ),
        g(
            "/api/v1/rota",
            act(K::ReadRoster, UNIT),
            get(api::staff::get_rota),
        ),
        g(
            "/api/v1/status",
            act(K::ReadFigures, Scope),
            get(api::get_status),
        ),
        g(
            "/api/v1/units",
            act(K::ReadFigures, Scope),
            get(api::units::get_units),
        ),
        g(
            "/api/v1/units/{code}",
            act(K::ReadFigures, PathUnit("code")),
            get(api::get_unit),
        ),
        g(
            "/api/v1/phases/{code}",
            act(K::ReadFigures, PathUnit("code")),
            get(api::get_phases),
        ),
        g(
            "/api/v1/rt/{code}",
            act(K::ReadFigures, PathUnit("code")),
            get(api::rt::get_rt),
        ),
        p(
            "/api/v1/reports",
            act(K::FileReport, Body),
            post(api::reports::post_report),
        ),
        g(
            "/api/v1/reports/{code}/{date}",
            act(K::ReadReports, PathUnit("code")),
            get(api::reports::get_revisions),
        ),
        g(
            "/api/v1/quality",
            act(K::ReadReports, UNIT),
            get(api::truth::get_quality),
        ),
        g(
            "/api/v1/reconcile/{code}",
            act(K::ReadFigures, PathUnit("code")),
            get(api::truth::get_reconcile),
        ),
        g(
            "/api/v1/completeness",
            act(K::ReadReports, UNIT),
            get(api::truth::get_completeness),
        ),
        g(
            "/api/v1/burden",
            act(K::ReadReports, UNIT),
            get(api::truth::get_burden),
        ),
        g(
            "/api/v1/audit",
            act(K::ReadAudit, Target::Root),
            get(api::truth::get_audit),
        ),
        g("/api/v1/public", Need::Public, get(api::truth::get_public)),
        g(
            "/api/v1/compliance",
            act(K::ReadFigures, UNIT),
            get(api::compliance::get_compliance),
        ),
        g(
            "/api/v1/people",
            act(K::ReadRegistry, Scope),
            get(api::people::search),
        ),
        g(
            "/api/v1/people/{reference}",
            act(K::ReadRegistry, person),
            get(api::people::timeline),
        ),
        p(
            "/api/v1/registry",
            act(K::UpdateRegistry, Body),
            post(api::registry::post_registry),
        ),
        g(
            "/api/v1/facilities",
            act(K::ReadFigures, Scope),
            get(api::facilities::get_facilities),
        ),
        g(
            "/api/v1/registry/export",
            act(K::ExportPersonalData, UNIT),
            get(api::registry::export),
        ),
        g(
            "/api/v1/glass",
            act(K::ReviewAccess, UNIT),
            get(api::glass::get_glass),
        ),
        g(
            "/api/v1/appeals",
            act(K::ReadAppeals, UNIT),
            get(api::appeals::get_queue),
        ),
        p(
            "/api/v1/appeals",
            act(K::TakeAppeals, Body),
            post(api::appeals::post_appeals),
        ),
        g(
            "/api/v1/appeals/dashboard",
            act(K::ReadAppeals, UNIT),
            get(api::appeals::get_dashboard),
        ),
        g(
            "/api/v1/appeals/{reference}",
            act(K::ReadAppeals, appeal),
            get(api::appeals::get_appeal),
        ),
        p(
            "/api/v1/appeals/{reference}/changes",
            act(K::HandleAppeals, appeal),
            post(api::appeals::post_change),
        ),
        p(
            "/api/v1/appeals/{reference}/category",
            act(K::HandleAppeals, appeal),
            post(api::appeals::post_category),
        ),
        g(
            "/api/v1/alerts",
            act(K::ReadFigures, Scope),
            get(api::appeals::get_alerts),
        ),
        p(
            "/api/v1/alerts/{kind}/{key}",
            act(K::HandleAlerts, Body),
            post(api::appeals::post_alert),
        ),
        g(
            "/api/v1/disputes",
            act(K::ReadDisputes, UNIT),
            get(api::disputes::get_disputes),
        ),
        p(
            "/api/v1/disputes",
            act(K::RecordDisputes, Body),
            post(api::disputes::post_dispute),
        ),
        p(
            "/api/v1/disputes/{reference}/steps",
            act(K::RecordDisputes, Target::Dispute("reference")),
            post(api::disputes::post_step),
        ),
        g("/api/v1/openapi.json", Need::Public, get(api::get_openapi)),
        // Open311 GeoReport v2.
        g(
            "/open311/v2/discovery.json",
            Need::Public,
            get(open311::get_discovery),
        ),
        g(
            "/open311/v2/discovery.xml",
            Need::Public,
            get(open311::get_discovery),
        ),
        g(
            "/open311/v2/services.json",
            Need::Public,
            get(open311::get_services),
        ),
        g(
            "/open311/v2/services.xml",
            Need::Public,
            get(open311::get_services),
        ),
        g(
            "/open311/v2/services/{file}",
            Need::Public,
            get(open311::get_service),
        ),
        g(
            "/open311/v2/requests.json",
            Need::PublicOr(K::ReadAppeals, Scope),
            get(open311::get_requests),
        ),
        g(
            "/open311/v2/requests.xml",
            Need::PublicOr(K::ReadAppeals, Scope),
            get(open311::get_requests),
        ),
        p(
            "/open311/v2/requests.json",
            act(K::TakeAppeals, Scope),
            post(open311::post_requests),
        ),
        p(
            "/open311/v2/requests.xml",
            act(K::TakeAppeals, Scope),
            post(open311::post_requests),
        ),
        g(
            "/open311/v2/requests/{file}",
            Need::PublicOr(K::ReadAppeals, Target::Appeal("file")),
            get(open311::get_request),
        ),
        // For whoever keeps the server running: the metrics are read by an
        // account that may read the audit log (a scraper's bearer token);
        // health says nothing but whether the process answers and can write.
        g(
            "/metrics",
            act(K::ReadAudit, Target::Root),
            get(ops::metrics::get_metrics),
        ),
        g("/healthz", Need::Public, get(ops::health::get_healthz)),
        g("/favicon.ico", Need::Public, get(pages::favicon::favicon)),
        g("/readyz", Need::Public, get(ops::health::get_readyz)),
        // DHIS2's own paths: the units are named inside the body or the query
        // (in UIDs, codes or names), each asked of the rule by the handler.
        p(
            "/api/dataValueSets",
            act(K::FileReport, Body),
            post(dhis2::post_data_value_sets),
        ),
    ]
    .into_iter()
    // GET in the format of the path's extension, else of `Accept`.
    .chain(
        [
            "/api/dataValueSets",
            "/api/dataValueSets.json",
            "/api/dataValueSets.xml",
            "/api/dataValueSets.csv",
        ]
        .map(|path| {
            g(
                path,
                act(K::ReadReports, Body),
                get(dhis2::get_data_value_sets),
            )
        }),
    )
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doors::Face;

    #[test]
    fn every_door_is_declared_once() {
        let doors = list();
        let mut seen = std::collections::HashSet::new();
        for d in &doors {
            assert!(
                seen.insert((d.method.clone(), d.path)),
                "{} {} twice",
                d.method,
                d.path
            );
        }
    }

    #[test]
    fn a_path_says_its_face() {
        assert_eq!(Face::of("/api/v1/units/C"), Face::Api);
        assert_eq!(Face::of("/open311/v2/requests.json"), Face::Open311);
        assert_eq!(Face::of("/api/v10"), Face::Dhis2);
        assert_eq!(Face::of("/api/dataValueSets.json"), Face::Dhis2);
        assert_eq!(Face::of("/apis"), Face::Page);
        assert_eq!(Face::of("/units/C"), Face::Page);
    }

    #[test]
    fn the_doors_open_to_the_public_with_a_view_are_open311_s_reads() {
        let open: Vec<String> = list()
            .into_iter()
            .filter(|d| matches!(d.need, Need::PublicOr(..)))
            .map(|d| format!("{} {}", d.method, d.path))
            .collect();
        assert_eq!(
            open,
            [
                "GET /open311/v2/requests.json",
                "GET /open311/v2/requests.xml",
                "GET /open311/v2/requests/{file}"
            ]
        );
    }

    #[test]
    fn only_public_doors_are_open_without_an_account_and_none_of_them_is_personal() {
        for d in list().into_iter().filter(|d| d.need == Need::Public) {
            assert!(
                !d.path.contains("people")
                    && !d.path.contains("appeals")
                    && !d.path.contains("requests")
                    && !d.path.contains("registry"),
                "{} is public",
                d.path
            );
        }
    }
}
