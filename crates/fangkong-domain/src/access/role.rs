//! `Role`: the kinds of account, each with what it exists to do.

use std::fmt;
use std::str::FromStr;

/// A kind of account (SPEC §10). The anonymous public has no account and no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The city's command centre (指揮部): reads everything in its scope.
    CommandCentre,
    /// A district office: reads, and files or corrects reports, in its district.
    District,
    /// A subdistrict office: reads, and files or corrects reports, in its subdistrict.
    Subdistrict,
    /// A community worker: reads and reports for their own units only.
    CommunityWorker,
    /// A hotline operator: takes citizens' appeals (SPEC §6); reads figures.
    HotlineOperator,
    /// Medical staff: the four-categories registry (SPEC §5); reads figures.
    Medical,
    /// An administrator: manages accounts within their scope and reads the audit log.
    Administrator,
}

impl Role {
    /// Every role, in the order of the list above.
    pub const ALL: [Role; 7] = [
        Role::CommandCentre,
        Role::District,
        Role::Subdistrict,
        Role::CommunityWorker,
        Role::HotlineOperator,
        Role::Medical,
        Role::Administrator,
    ];

    /// The stable name used in the database, the CLI and the API.
    pub fn name(self) -> &'static str {
        match self {
            Role::CommandCentre => "command_centre",
            Role::District => "district",
            Role::Subdistrict => "subdistrict",
            Role::CommunityWorker => "community_worker",
            Role::HotlineOperator => "hotline_operator",
            Role::Medical => "medical",
            Role::Administrator => "administrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role {0:?}: expected one of command_centre, district, subdistrict, community_worker, hotline_operator, medical, administrator"
)]
pub struct RoleError(pub String);

impl FromStr for Role {
    type Err = RoleError;

    fn from_str(s: &str) -> Result<Role, RoleError> {
        Role::ALL
            .into_iter()
            .find(|r| r.name() == s.trim())
            .ok_or_else(|| RoleError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_back_from_its_name() {
        for role in Role::ALL {
            assert_eq!(role.name().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_is_named_in_the_error() {
        let e = "mayor".parse::<Role>().expect_err("not a role");
        assert!(e.to_string().contains("\"mayor\""), "{e}");
    }
}
