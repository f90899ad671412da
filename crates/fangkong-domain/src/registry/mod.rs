//! The four-categories registry (SPEC §5): people, not counts. A person's resident
//! ID and how personal data is masked, their flow through the registry, and the
//! four compliance ratios derived from it.

pub mod compliance;
pub mod facility;
pub mod figures;
pub mod flow;
pub mod followup;
pub mod mask;
pub mod resident_id;
pub mod stock;

pub use flow::{Category, DatedStep, Exit, Place, Situation, Step};
pub use resident_id::{ResidentId, ResidentIdError};

/// The registry's rules (the `[registry]` section of the rules file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RegistryRules {
    /// Days of close-contact follow-up after the last exposure.
    pub follow_up_days: u32,
    /// Whether home isolation counts as isolation in the isolated ratio.
    pub home_isolation_counts: bool,
}

impl Default for RegistryRules {
    fn default() -> Self {
        RegistryRules {
            follow_up_days: 14,
            home_isolation_counts: false,
        }
    }
}

impl RegistryRules {
    /// The follow-up schedule's rules.
    pub fn follow_up(&self) -> followup::FollowUpRules {
        followup::FollowUpRules {
            days: self.follow_up_days,
        }
    }

    /// The isolation policy of the ratios.
    pub fn isolation(&self) -> compliance::IsolationPolicy {
        compliance::IsolationPolicy {
            home_counts: self.home_isolation_counts,
        }
    }
}
