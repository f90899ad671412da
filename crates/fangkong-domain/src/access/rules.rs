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

/// Something a principal asks to do.
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
    /// Read the audit log.
    ReadAudit,
    /// See people's names, resident IDs, phones and addresses unmasked (SPEC §5):
    /// medical staff and community workers (who go door to door), inside their
    /// subtree; every other role sees them masked.
    ReadPersonalData(UnitIndex),
    /// Add people to the registry and record their steps (identified, tested,
    /// moved, treated, left): medical staff and community workers, inside
    /// their subtree.
    UpdateRegistry(UnitIndex),
    /// Read one person's personal data outside one's subtree, giving a reason
    /// (break the glass: a patient transferred across districts); the roles
    /// that read personal data at all, anywhere, and every such read is audited.
    BreakTheGlass(UnitIndex),
    /// Export people's personal data in bulk: a separate permission an
    /// administrator grants to an account, inside its subtree; audited.
    ExportPersonalData(UnitIndex),
    /// Take citizens' appeals in (the hotline's form, the intake API): hotline
    /// operators, for appeals anywhere in their subtree.
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
    /// Record disputes (矛盾纠纷) of a unit and their mediation: community
    /// workers and the offices, inside their subtree.
    RecordDisputes(UnitIndex),
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
    /// The action in words, for messages and the audit log.
    pub fn describe(self) -> &'static str {
        match self {
            Action::ReadFigures(_) => "read figures",
            Action::ReadReports(_) => "read reports",
            Action::FileReport(_) => "file reports",
            Action::ManageAccounts(_) => "manage accounts",
            Action::ReadAudit => "read the audit log",
            Action::ReadPersonalData(_) => "read personal data",
            Action::UpdateRegistry(_) => "update the registry",
            Action::BreakTheGlass(_) => "read personal data outside its scope",
            Action::ExportPersonalData(_) => "export personal data",
            Action::TakeAppeals(_) => "take appeals in",
            Action::ReadAppeals(_) => "read appeals",
            Action::HandleAppeals(_) => "handle appeals",
            Action::ReadCallerContact(_) => "read callers' contacts",
            Action::HandleAlerts(_) => "acknowledge or close alerts",
            Action::RecordDisputes(_) => "record disputes",
        }
    }

    /// The unit the action is about, if any.
    pub fn unit(self) -> Option<UnitIndex> {
        match self {
            Action::ReadFigures(u)
            | Action::ReadReports(u)
            | Action::FileReport(u)
            | Action::ManageAccounts(u)
            | Action::ReadPersonalData(u)
            | Action::UpdateRegistry(u)
            | Action::BreakTheGlass(u)
            | Action::ExportPersonalData(u)
            | Action::TakeAppeals(u)
            | Action::ReadAppeals(u)
            | Action::HandleAppeals(u)
            | Action::ReadCallerContact(u)
            | Action::HandleAlerts(u)
            | Action::RecordDisputes(u) => Some(u),
            Action::ReadAudit => None,
        }
    }
}

/// Where an action may reach relative to the scope.
enum Reach {
    /// The subtree and the units above it.
    SubtreeAndAbove,
    /// The subtree only.
    Subtree,
    /// Not about a unit.
    Anywhere,
}

impl Principal {
    /// Decides whether this principal may do `action` on `tree`.
    pub fn may(&self, action: Action, tree: &UnitTree) -> Result<(), Denied> {
        let reach = match (action, self.role) {
            (Action::ReadFigures(_), _) => Reach::SubtreeAndAbove,
            (Action::ReadReports(_), _) => Reach::Subtree,
            (Action::FileReport(_), Role::CommunityWorker | Role::Subdistrict | Role::District) => {
                Reach::Subtree
            }
            (Action::ManageAccounts(_), Role::Administrator) => Reach::Subtree,
            (Action::ReadAudit, Role::Administrator | Role::CommandCentre) => Reach::Anywhere,
            (Action::ReadPersonalData(_), Role::Medical | Role::CommunityWorker) => Reach::Subtree,
            (Action::UpdateRegistry(_), Role::Medical | Role::CommunityWorker) => Reach::Subtree,
            (Action::BreakTheGlass(_), Role::Medical | Role::CommunityWorker) => Reach::Anywhere,
            (Action::ExportPersonalData(_), _) if self.may_export_personal => Reach::Subtree,
            (Action::TakeAppeals(_), Role::HotlineOperator) => Reach::Subtree,
            (
                Action::ReadAppeals(_) | Action::HandleAppeals(_),
                Role::CommandCentre
                | Role::District
                | Role::Subdistrict
                | Role::CommunityWorker
                | Role::HotlineOperator,
            ) => Reach::Subtree,
            (Action::ReadCallerContact(_), Role::HotlineOperator | Role::CommunityWorker) => {
                Reach::Subtree
            }
            (Action::HandleAlerts(_), Role::CommandCentre | Role::District | Role::Subdistrict) => {
                Reach::Subtree
            }
            (
                Action::RecordDisputes(_),
                Role::CommunityWorker | Role::Subdistrict | Role::District,
            ) => Reach::Subtree,
            _ => {
                return Err(Denied::Role {
                    role: self.role,
                    action: action.describe(),
                });
            }
        };
        let Some(unit) = action.unit() else {
            return Ok(());
        };
        let scope = tree
            .index_of(&self.scope)
            .ok_or_else(|| Denied::ScopeGone(self.scope.clone()))?;
        let inside = tree.is_within(unit, scope);
        let above = matches!(reach, Reach::SubtreeAndAbove) && tree.is_within(scope, unit);
        if inside || above || matches!(reach, Reach::Anywhere) {
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
