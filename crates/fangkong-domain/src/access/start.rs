//! Where each role starts: on its own work, not on the city's trend. The
//! community worker files her compounds' reports, a district or subdistrict
//! office reads its own unit, the hotline takes calls, medical staff follow
//! the registry; the command centre (and the administrator, who has no work
//! of the day) lands on the city's dashboard.

use super::Role;

/// The page a role starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The dashboard of the account's scope.
    Dashboard,
    /// The day's reports to file, unreported first.
    Reports,
    /// The page of the account's own unit.
    OwnUnit,
    /// The intake form of appeals.
    Intake,
    /// The registry's follow-up list.
    FollowUp,
}

impl Role {
    /// The page this role starts on.
    pub fn start(self) -> Start {
        match self {
            Role::CommandCentre | Role::Administrator => Start::Dashboard,
            Role::District | Role::Subdistrict => Start::OwnUnit,
            Role::CommunityWorker => Start::Reports,
            Role::HotlineOperator => Start::Intake,
            Role::Medical => Start::FollowUp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_starts_on_its_work() {
        assert_eq!(Role::CommunityWorker.start(), Start::Reports);
        assert_eq!(Role::District.start(), Start::OwnUnit);
        assert_eq!(Role::Subdistrict.start(), Start::OwnUnit);
        assert_eq!(Role::HotlineOperator.start(), Start::Intake);
        assert_eq!(Role::Medical.start(), Start::FollowUp);
        assert_eq!(Role::CommandCentre.start(), Start::Dashboard);
        assert_eq!(Role::Administrator.start(), Start::Dashboard);
    }
}
