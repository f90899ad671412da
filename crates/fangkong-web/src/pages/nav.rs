//! `Nav`: the signed-in part of every page's header.

use fangkong_domain::access::{ActionKind, Role};

use crate::auth::Viewer;
use crate::i18n::Lang;

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
            glass_label: if lang == Lang::Zh {
                "破窗记录"
            } else {
                "Unmaskings"
            },
            report_label: f.daily_report,
            quality_label: lang.truth().quality,
            audit: super::truth::reads_audit(viewer),
            audit_label: lang.truth().audit,
            public_label: lang.truth().public,
            compliance_label: if lang == Lang::Zh {
                "四应四尽"
            } else {
                "Four alls"
            },
            followup_label: if lang == Lang::Zh {
                "密接随访"
            } else {
                "Follow-up"
            },
            facilities_label: if lang == Lang::Zh {
                "床位看板"
            } else {
                "Beds"
            },
            appeals: may(ActionKind::ReadAppeals),
            appeals_label: if lang == Lang::Zh {
                "诉求"
            } else {
                "Appeals"
            },
            alerts_label: if lang == Lang::Zh { "预警" } else { "Alerts" },
            disputes_label: if lang == Lang::Zh {
                "矛盾纠纷"
            } else {
                "Disputes"
            },
        })
    }
}

/// A role's name on the page.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match (lang, role) {
        (Lang::Zh, Role::CommandCentre) => "指挥部",
        (Lang::Zh, Role::District) => "区",
        (Lang::Zh, Role::Subdistrict) => "街道",
        (Lang::Zh, Role::CommunityWorker) => "社区工作者",
        (Lang::Zh, Role::HotlineOperator) => "热线接线员",
        (Lang::Zh, Role::Medical) => "医疗",
        (Lang::Zh, Role::Administrator) => "管理员",
        (Lang::En, Role::CommandCentre) => "command centre",
        (Lang::En, Role::District) => "district",
        (Lang::En, Role::Subdistrict) => "subdistrict",
        (Lang::En, Role::CommunityWorker) => "community worker",
        (Lang::En, Role::HotlineOperator) => "hotline operator",
        (Lang::En, Role::Medical) => "medical",
        (Lang::En, Role::Administrator) => "administrator",
    }
}
