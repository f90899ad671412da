//! The access rule: which role may do which action, and where. Scope is a subtree:
//! an account sees its own subtree and the units above it (the totals it feeds
//! into), acts only inside its subtree, and never sees beside it.

use super::{Role, Username};
use crate::unit::{UnitCode, UnitIndex, UnitTree};

/// A signed-in account, as the surfaces know it after login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The account's database key.
    pub user_id: i64,
    /// The login name.
    pub username: Username,
    /// What the account is.
    pub role: Role,
    /// The root of the subtree the account is responsible for.
    pub scope: UnitCode,
    /// Whether an administrator granted this account the export of personal
    /// data (a permission apart from the role).
    pub may_export_personal: bool,
}

/// Something a principal asks to do, on a unit where it is about one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read a unit's figures and status (its page, its trend, its children's statuses).
    ReadFigures(UnitIndex),
    /// Read the reports themselves (reporter, remark, revisions) of a unit.
    ReadReports(UnitIndex),
    /// File a report for a unit, or correct one.
    FileReport(UnitIndex),
    /// Create or disable accounts whose scope is this unit.
    ManageAccounts(UnitIndex),
    /// Read the audit log, which spans the whole tree: asked about the root,
    /// so only accounts scoped to the whole city read it.
    ReadAudit(UnitIndex),
    /// Read the four-categories registry of a unit (search, timelines,
    /// follow-up lists), masked unless [`Action::ReadPersonalData`] also holds:
    /// the roles whose work is the registry (medical staff, community workers)
    /// and the offices that direct it.
    ReadRegistry(UnitIndex),
    /// See people's names, resident IDs, phones and addresses unmasked (SPEC §5):
    /// medical staff and community workers (who go door to door), inside their
    /// subtree; every other role sees them masked.
    ReadPersonalData(UnitIndex),
    /// Add people to the registry and record their steps (identified, tested,
    /// moved, treated, left): medical staff and community workers, inside
    /// their subtree.
    UpdateRegistry(UnitIndex),
    /// Unmask one person whom the role otherwise sees masked, giving a reason
    /// (break the glass): the offices that direct transfers and investigations,
    /// inside their subtree only; every such read is audited and counted.
    BreakTheGlass(UnitIndex),
    /// See who broke the glass among the accounts of a unit's subtree (their
    /// supervisors: the offices and administrators above them).
    ReviewAccess(UnitIndex),
    /// Export people's personal data in bulk: a separate permission an
    /// administrator grants to an account, inside its subtree; audited.
    ExportPersonalData(UnitIndex),
    /// Take citizens' appeals in (the hotline's form, the intake API, Open311):
    /// hotline operators, for appeals anywhere in their subtree.
    TakeAppeals(UnitIndex),
    /// Read the appeals with a unit (its queue, dashboard and lives): every
    /// role that answers to citizens, inside its subtree; unrouted appeals
    /// wait with the root of the tree.
    ReadAppeals(UnitIndex),
    /// Work on an appeal with a unit (assign, start, answer, close, reopen,
    /// recategorise, record the caller's satisfaction): the offices, community
    /// workers and hotline operators, inside their subtree.
    HandleAppeals(UnitIndex),
    /// See an appeal's caller (name and phone) unmasked: hotline operators, who
    /// call back, and community workers, who visit, inside their subtree.
    ReadCallerContact(UnitIndex),
    /// Acknowledge and close the alerts about a unit: the command centre and
    /// the offices, inside their subtree (alerts about a category, at the
    /// root).
    HandleAlerts(UnitIndex),
    /// Read the disputes (矛盾纠纷) of a unit: those who record them and the
    /// command centre.
    ReadDisputes(UnitIndex),
    /// Record disputes (矛盾纠纷) of a unit and their mediation: community
    /// workers and the offices, inside their subtree.
    RecordDisputes(UnitIndex),
    /// Read the roster of the people who work in a unit's communities and
    /// villages, their rota, staffing, fatigue and care (contacts masked
    /// unless [`Action::ReadPersonalData`] also holds): the offices, community
    /// workers and administrators, inside their subtree.
    ReadRoster(UnitIndex),
    /// Change the roster of a unit's communities and villages (send someone
    /// where staff are short, add, change, leave): community workers, the
    /// district and subdistrict offices and administrators, inside their
    /// subtree (a person moved must be in it, and go to a unit in it).
    ManageRoster(UnitIndex),
    /// Record what an inspection found in a unit (明察暗访) and read the
    /// inspection findings with the inspectors' names: the command centre
    /// and the district offices, inside their subtree (inspectors cross
    /// into other subdistricts, so the subdistricts' own offices do not).
    RecordInspections(UnitIndex),
}

/// What an action is, without the unit it is about: what every door of every
/// surface declares before it reads or validates anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionKind {
    /// [`Action::ReadFigures`].
    ReadFigures,
    /// [`Action::ReadReports`].
    ReadReports,
    /// [`Action::FileReport`].
    FileReport,
    /// [`Action::ManageAccounts`].
    ManageAccounts,
    /// [`Action::ReadAudit`].
    ReadAudit,
    /// [`Action::ReadRegistry`].
    ReadRegistry,
    /// [`Action::ReadPersonalData`].
    ReadPersonalData,
    /// [`Action::UpdateRegistry`].
    UpdateRegistry,
    /// [`Action::BreakTheGlass`].
    BreakTheGlass,
    /// [`Action::ReviewAccess`].
    ReviewAccess,
    /// [`Action::ExportPersonalData`].
    ExportPersonalData,
    /// [`Action::TakeAppeals`].
    TakeAppeals,
    /// [`Action::ReadAppeals`].
    ReadAppeals,
    /// [`Action::HandleAppeals`].
    HandleAppeals,
    /// [`Action::ReadCallerContact`].
    ReadCallerContact,
    /// [`Action::HandleAlerts`].
    HandleAlerts,
    /// [`Action::ReadDisputes`].
    ReadDisputes,
    /// [`Action::RecordDisputes`].
    RecordDisputes,
    /// [`Action::ReadRoster`].
    ReadRoster,
    /// [`Action::ManageRoster`].
    ManageRoster,
    /// [`Action::RecordInspections`].
    RecordInspections,
}

impl ActionKind {
    /// Every kind.
    pub const ALL: [ActionKind; 21] = [
        ActionKind::ReadFigures,
        ActionKind::ReadReports,
        ActionKind::FileReport,
        ActionKind::ManageAccounts,
        ActionKind::ReadAudit,
        ActionKind::ReadRegistry,
        ActionKind::ReadPersonalData,
        ActionKind::UpdateRegistry,
        ActionKind::BreakTheGlass,
        ActionKind::ReviewAccess,
        ActionKind::ExportPersonalData,
        ActionKind::TakeAppeals,
        ActionKind::ReadAppeals,
        ActionKind::HandleAppeals,
        ActionKind::ReadCallerContact,
        ActionKind::HandleAlerts,
        ActionKind::ReadDisputes,
        ActionKind::RecordDisputes,
        ActionKind::ReadRoster,
        ActionKind::ManageRoster,
        ActionKind::RecordInspections,
    ];

    /// The action of this kind on `unit`.
    pub fn on(self, unit: UnitIndex) -> Action {
        match self {
            ActionKind::ReadFigures => Action::ReadFigures(unit),
            ActionKind::ReadReports => Action::ReadReports(unit),
            ActionKind::FileReport => Action::FileReport(unit),
            ActionKind::ManageAccounts => Action::ManageAccounts(unit),
            ActionKind::ReadAudit => Action::ReadAudit(unit),
            ActionKind::ReadRegistry => Action::ReadRegistry(unit),
            ActionKind::ReadPersonalData => Action::ReadPersonalData(unit),
            ActionKind::UpdateRegistry => Action::UpdateRegistry(unit),
            ActionKind::BreakTheGlass => Action::BreakTheGlass(unit),
            ActionKind::ReviewAccess => Action::ReviewAccess(unit),
            ActionKind::ExportPersonalData => Action::ExportPersonalData(unit),
            ActionKind::TakeAppeals => Action::TakeAppeals(unit),
            ActionKind::ReadAppeals => Action::ReadAppeals(unit),
            ActionKind::HandleAppeals => Action::HandleAppeals(unit),
            ActionKind::ReadCallerContact => Action::ReadCallerContact(unit),
            ActionKind::HandleAlerts => Action::HandleAlerts(unit),
            ActionKind::ReadDisputes => Action::ReadDisputes(unit),
            ActionKind::RecordDisputes => Action::RecordDisputes(unit),
            ActionKind::ReadRoster => Action::ReadRoster(unit),
            ActionKind::ManageRoster => Action::ManageRoster(unit),
            ActionKind::RecordInspections => Action::RecordInspections(unit),
        }
    }

    /// A stable name, for the audit log (`access.{name}`) and the README.
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::ReadFigures => "read_figures",
            ActionKind::ReadReports => "read_reports",
            ActionKind::FileReport => "file_report",
            ActionKind::ManageAccounts => "manage_accounts",
            ActionKind::ReadAudit => "read_audit",
            ActionKind::ReadRegistry => "read_registry",
            ActionKind::ReadPersonalData => "read_personal_data",
            ActionKind::UpdateRegistry => "update_registry",
            ActionKind::BreakTheGlass => "break_the_glass",
            ActionKind::ReviewAccess => "review_access",
            ActionKind::ExportPersonalData => "export_personal_data",
            ActionKind::TakeAppeals => "take_appeals",
            ActionKind::ReadAppeals => "read_appeals",
            ActionKind::HandleAppeals => "handle_appeals",
            ActionKind::ReadCallerContact => "read_caller_contact",
            ActionKind::HandleAlerts => "handle_alerts",
            ActionKind::ReadDisputes => "read_disputes",
            ActionKind::RecordDisputes => "record_disputes",
            ActionKind::ReadRoster => "read_roster",
            ActionKind::ManageRoster => "manage_roster",
            ActionKind::RecordInspections => "record_inspections",
        }
    }

    /// The action in words, for messages and the audit log.
    pub fn describe(self) -> &'static str {
        match self {
            ActionKind::ReadFigures => "read figures",
            ActionKind::ReadReports => "read reports",
            ActionKind::FileReport => "file reports",
            ActionKind::ManageAccounts => "manage accounts",
            ActionKind::ReadAudit => "read the audit log",
            ActionKind::ReadRegistry => "read the registry",
            ActionKind::ReadPersonalData => "read personal data",
            ActionKind::UpdateRegistry => "update the registry",
            ActionKind::BreakTheGlass => "unmask a person (break the glass)",
            ActionKind::ReviewAccess => "review who broke the glass",
            ActionKind::ExportPersonalData => "export personal data",
            ActionKind::TakeAppeals => "take appeals in",
            ActionKind::ReadAppeals => "read appeals",
            ActionKind::HandleAppeals => "handle appeals",
            ActionKind::ReadCallerContact => "read callers' contacts",
            ActionKind::HandleAlerts => "acknowledge or close alerts",
            ActionKind::ReadDisputes => "read disputes",
            ActionKind::RecordDisputes => "record disputes",
            ActionKind::ReadRoster => "read the roster and rota",
            ActionKind::ManageRoster => "change the roster",
            ActionKind::RecordInspections => "record inspections",
        }
    }

    /// The action in Chinese, for messages.
    pub fn describe_zh(self) -> &'static str {
        match self {
            ActionKind::ReadFigures => "查看数据",
            ActionKind::ReadReports => "查看日报",
            ActionKind::FileReport => "填报日报",
            ActionKind::ManageAccounts => "管理账号",
            ActionKind::ReadAudit => "查看审计日志",
            ActionKind::ReadRegistry => "查看四类人员登记",
            ActionKind::ReadPersonalData => "查看个人信息",
            ActionKind::UpdateRegistry => "更新四类人员登记",
            ActionKind::BreakTheGlass => "查看脱敏前的个人信息（破窗）",
            ActionKind::ReviewAccess => "查看破窗记录",
            ActionKind::ExportPersonalData => "导出个人信息",
            ActionKind::TakeAppeals => "受理诉求",
            ActionKind::ReadAppeals => "查看诉求",
            ActionKind::HandleAppeals => "办理诉求",
            ActionKind::ReadCallerContact => "查看来电人联系方式",
            ActionKind::HandleAlerts => "确认或关闭预警",
            ActionKind::ReadDisputes => "查看矛盾纠纷",
            ActionKind::RecordDisputes => "登记矛盾纠纷",
            ActionKind::ReadRoster => "查看人员与排班",
            ActionKind::ManageRoster => "调整人员名册",
            ActionKind::RecordInspections => "登记明察暗访结果",
        }
    }

    /// Where the kind may reach for `principal`, or `None` if the role never
    /// does it. This table is the whole access rule (SPEC §10).
    fn reach(self, principal: &Principal) -> Option<Reach> {
        use ActionKind as K;
        use Role as R;
        let role = principal.role;
        let office = matches!(role, R::CommandCentre | R::District | R::Subdistrict);
        let reach = match self {
            K::ReadFigures => Reach::SubtreeAndAbove,
            K::ReadReports if office || matches!(role, R::CommunityWorker | R::Administrator) => {
                Reach::Subtree
            }
            K::FileReport if matches!(role, R::CommunityWorker | R::Subdistrict | R::District) => {
                Reach::Subtree
            }
            K::ManageAccounts if role == R::Administrator => Reach::Subtree,
            K::ReadAudit if matches!(role, R::Administrator | R::CommandCentre) => Reach::Subtree,
            K::ReadRegistry if office || matches!(role, R::Medical | R::CommunityWorker) => {
                Reach::Subtree
            }
            K::ReadPersonalData | K::UpdateRegistry
                if matches!(role, R::Medical | R::CommunityWorker) =>
            {
                Reach::Subtree
            }
            K::BreakTheGlass if office => Reach::Subtree,
            K::ReviewAccess if office || role == R::Administrator => Reach::Subtree,
            K::ExportPersonalData if principal.may_export_personal => Reach::Subtree,
            K::TakeAppeals if role == R::HotlineOperator => Reach::Subtree,
            K::ReadAppeals | K::HandleAppeals
                if office || matches!(role, R::CommunityWorker | R::HotlineOperator) =>
            {
                Reach::Subtree
            }
            K::ReadCallerContact if matches!(role, R::HotlineOperator | R::CommunityWorker) => {
                Reach::Subtree
            }
            K::HandleAlerts if office => Reach::Subtree,
            K::ReadDisputes | K::RecordDisputes
                if matches!(role, R::CommunityWorker | R::Subdistrict | R::District) =>
            {
                Reach::Subtree
            }
            K::ReadDisputes if role == R::CommandCentre => Reach::Subtree,
            K::ReadRoster if office || matches!(role, R::CommunityWorker | R::Administrator) => {
                Reach::Subtree
            }
            K::ManageRoster
                if matches!(
                    role,
                    R::CommunityWorker | R::Subdistrict | R::District | R::Administrator
                ) =>
            {
                Reach::Subtree
            }
            K::RecordInspections if matches!(role, R::CommandCentre | R::District) => {
                Reach::Subtree
            }
            _ => return None,
        };
        Some(reach)
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Occurs when the role never does this action.
    #[error("the role {role} may not {action}")]
    Role {
        /// The principal's role.
        role: Role,
        /// The action, in words.
        action: &'static str,
    },
    /// Occurs when the unit is outside the principal's subtree.
    #[error("{unit} is outside the scope of this account ({scope})")]
    Scope {
        /// The unit asked for.
        unit: UnitCode,
        /// The principal's scope.
        scope: UnitCode,
    },
    /// Occurs when the principal's scope unit is not in the tree (retired or moved away).
    #[error("this account's scope {0} is not in the unit tree of this day")]
    ScopeGone(UnitCode),
}

impl Action {
    /// What the action is, without its unit.
    pub fn kind(self) -> ActionKind {
        match self {
            Action::ReadFigures(_) => ActionKind::ReadFigures,
            Action::ReadReports(_) => ActionKind::ReadReports,
            Action::FileReport(_) => ActionKind::FileReport,
            Action::ManageAccounts(_) => ActionKind::ManageAccounts,
            Action::ReadAudit(_) => ActionKind::ReadAudit,
            Action::ReadRegistry(_) => ActionKind::ReadRegistry,
            Action::ReadPersonalData(_) => ActionKind::ReadPersonalData,
            Action::UpdateRegistry(_) => ActionKind::UpdateRegistry,
            Action::BreakTheGlass(_) => ActionKind::BreakTheGlass,
            Action::ReviewAccess(_) => ActionKind::ReviewAccess,
            Action::ExportPersonalData(_) => ActionKind::ExportPersonalData,
            Action::TakeAppeals(_) => ActionKind::TakeAppeals,
            Action::ReadAppeals(_) => ActionKind::ReadAppeals,
            Action::HandleAppeals(_) => ActionKind::HandleAppeals,
            Action::ReadCallerContact(_) => ActionKind::ReadCallerContact,
            Action::HandleAlerts(_) => ActionKind::HandleAlerts,
            Action::ReadDisputes(_) => ActionKind::ReadDisputes,
            Action::RecordDisputes(_) => ActionKind::RecordDisputes,
            Action::ReadRoster(_) => ActionKind::ReadRoster,
            Action::ManageRoster(_) => ActionKind::ManageRoster,
            Action::RecordInspections(_) => ActionKind::RecordInspections,
        }
    }

    /// The action in words, for messages and the audit log.
    pub fn describe(self) -> &'static str {
        self.kind().describe()
    }

    /// The unit the action is about.
    pub fn unit(self) -> UnitIndex {
        match self {
            Action::ReadFigures(u)
            | Action::ReadAudit(u)
            | Action::ReadReports(u)
            | Action::FileReport(u)
            | Action::ManageAccounts(u)
            | Action::ReadRegistry(u)
            | Action::ReadPersonalData(u)
            | Action::UpdateRegistry(u)
            | Action::BreakTheGlass(u)
            | Action::ReviewAccess(u)
            | Action::ExportPersonalData(u)
            | Action::TakeAppeals(u)
            | Action::ReadAppeals(u)
            | Action::HandleAppeals(u)
            | Action::ReadCallerContact(u)
            | Action::HandleAlerts(u)
            | Action::ReadDisputes(u)
            | Action::RecordDisputes(u)
            | Action::ReadRoster(u)
            | Action::ManageRoster(u)
            | Action::RecordInspections(u) => u,
        }
    }
}

/// Where an action may reach relative to the scope.
enum Reach {
    /// The subtree and the units above it.
    SubtreeAndAbove,
    /// The subtree only.
    Subtree,
}

impl Principal {
    /// Whether this principal's role ever does `kind`, wherever: the check every
    /// door makes before it reads or validates anything.
    pub fn may_ever(&self, kind: ActionKind) -> Result<(), Denied> {
        kind.reach(self).map(|_| ()).ok_or(Denied::Role {
            role: self.role,
            action: kind.describe(),
        })
    }

    /// Decides whether this principal may do `action` on `tree`.
    pub fn may(&self, action: Action, tree: &UnitTree) -> Result<(), Denied> {
        let reach = action.kind().reach(self).ok_or(Denied::Role {
            role: self.role,
            action: action.describe(),
        })?;
        let unit = action.unit();
        let scope = tree
            .index_of(&self.scope)
            .ok_or_else(|| Denied::ScopeGone(self.scope.clone()))?;
        let inside = tree.is_within(unit, scope);
        let above = matches!(reach, Reach::SubtreeAndAbove) && tree.is_within(scope, unit);
        if inside || above {
            Ok(())
        } else {
            Err(Denied::Scope {
                unit: tree.unit(unit).code.clone(),
                scope: self.scope.clone(),
            })
        }
    }

    /// The reporting units this principal may file reports for, in tree order.
    pub fn reporting_units(&self, tree: &UnitTree) -> Vec<UnitIndex> {
        let Some(scope) = tree.index_of(&self.scope) else {
            return Vec::new();
        };
        tree.subtree(scope)
            .into_iter()
            .filter(|&u| tree.is_reporting(u) && self.may(Action::FileReport(u), tree).is_ok())
            .collect()
    }
}

#[cfg(test)]
mod tests;
