//! `Nav`: the signed-in part of every page's header.

use fangkong_domain::access::{ActionKind, Role};

use crate::auth::Viewer;
use crate::i18n::Lang;
use crate::i18n::catalogue;

/// Who is signed in, and the links that go with it.
pub struct Nav {
    /// The account's display name.
    pub name: String,
    /// The role, in the page's language.
    pub role: &'static str,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// "Sign out".
    pub sign_out: &'static str,
    /// Whether the account files reports (a link to the form).
    pub reports: bool,
    /// Whether the account reads the registry (a link to the follow-up list).
    pub registry: bool,
    /// Whether the account reads reports (a link to data quality).
    pub quality: bool,
    /// Whether the account reads disputes (a link to the register).
    pub disputes: bool,
    /// Whether the account supervises others' unmasking (a link to the log).
    pub glass: bool,
    /// "Unmaskings".
    pub glass_label: &'static str,
    /// "Daily report".
    pub report_label: &'static str,
    /// "Data quality" (every account: for its own subtree).
    pub quality_label: &'static str,
    /// Whether the account reads the audit log (a link to it).
    pub audit: bool,
    /// "Audit log".
    pub audit_label: &'static str,
    /// "Public information".
    pub public_label: &'static str,
    /// "The four alls" (the registry's ratios).
    pub compliance_label: &'static str,
    /// "Follow-up" (for the accounts that file: they check contacts in).
    pub followup_label: &'static str,
    /// "Beds" (the facility board).
    pub facilities_label: &'static str,
    /// Whether the account reads appeals (links to the queue and the alerts).
    pub appeals: bool,
    /// "Appeals".
    pub appeals_label: &'static str,
    /// "Alerts".
    pub alerts_label: &'static str,
    /// "Disputes".
    pub disputes_label: &'static str,
    /// Whether the account reads the roster (a link to staffing and care).
    pub roster: bool,
    /// Whether the account is on the roster (a link to its shifts): the
    /// community workers, who are.
    pub shifts: bool,
    /// "Overview": the dashboard, for the roles that start elsewhere.
    pub dashboard_label: &'static str,
}

impl Nav {
    /// The header of `viewer`'s pages: a link for each kind of work the
    /// access rule gives the account.
    pub fn of(viewer: &Viewer, lang: Lang) -> Option<Nav> {
        let f = lang.forms();
        let principal = viewer.principal();
        let may = |kind: ActionKind| principal.may_ever(kind).is_ok();
        Some(Nav {
            name: viewer.account.display_name.clone(),
            role: role_label(viewer.account.role, lang),
            csrf: viewer.csrf.clone().unwrap_or_default(),
            sign_out: f.sign_out,
            reports: may(ActionKind::FileReport),
            registry: may(ActionKind::ReadRegistry),
            quality: may(ActionKind::ReadReports),
            disputes: may(ActionKind::ReadDisputes),
            glass: may(ActionKind::ReviewAccess),
            glass_label: catalogue::text(lang, "nav-glass"),
            report_label: f.daily_report,
            quality_label: lang.truth().quality,
            audit: crate::truth::reads_audit(viewer),
            audit_label: lang.truth().audit,
            public_label: lang.truth().public,
            compliance_label: catalogue::text(lang, "nav-compliance"),
            dashboard_label: catalogue::text(lang, "nav-dashboard"),
            followup_label: catalogue::text(lang, "nav-followup"),
            facilities_label: catalogue::text(lang, "nav-facilities"),
            appeals: may(ActionKind::ReadAppeals),
            appeals_label: catalogue::text(lang, "nav-appeals"),
            alerts_label: catalogue::text(lang, "nav-alerts"),
            disputes_label: catalogue::text(lang, "nav-disputes"),
            roster: may(ActionKind::ReadRoster),
            shifts: viewer.account.role == Role::CommunityWorker,
        })
    }
}

/// A role's name on the page.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    catalogue::text(lang, &format!("role-{}", role.name()))
}
