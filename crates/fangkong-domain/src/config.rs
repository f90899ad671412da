//! `RulesConfig`: every rule SPEC calls "configuration, not constants", in one
//! document (TOML in practice; the parsing is the caller's). Missing sections take
//! the SPEC defaults.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::UnitKind;
use crate::certify::CertificationRules;
use crate::quality::QualityRules;
use crate::trend::PhaseRules;
use crate::zones::ZonePolicy;

/// The rules in force.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RulesConfig {
    /// Epidemic-free certification (SPEC §4).
    pub certification: CertificationRules,
    /// What residents of a unit may do, by unit kind and status (SPEC §4).
    pub policy: BTreeMap<String, KindPolicy>,
    /// Trend phases (SPEC §3).
    pub phases: PhaseRules,
    /// Zone tier policies by name, e.g. `shanghai-2022`.
    pub zones: BTreeMap<String, ZonePolicy>,
    /// Data quality: validation rules, outliers, copied reports, the deadline (SPEC §9).
    pub quality: QualityRules,
    /// The four-categories registry: follow-up days, the isolation policy (SPEC §5).
    pub registry: crate::registry::RegistryRules,
    /// Citizen appeals: deadlines by category and urgency (SPEC §6).
    pub appeals: AppealRules,
    /// Early warnings (SPEC §8).
    pub alerts: crate::alerts::AlertRules,
    /// Access: breaking the glass (SPEC §5, §10).
    pub access: crate::access::AccessRules,
    /// What any channel accepts: days, text lengths, batch sizes (issue 15).
    pub limits: crate::limits::Limits,
    /// Duty rotas: the minimum on duty, the days running at most (SPEC §7).
    pub rota: crate::rota::RotaRules,
    /// Open and unannounced inspections (明察暗访): plans, findings, holds.
    pub inspections: crate::inspections::InspectionRules,
    /// What each status allows residents, by kind of unit (逐步放宽).
    pub movement: crate::movement::MovementPolicy,
}

/// The `[appeals]` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AppealRules {
    /// Hours to answer, by category and for urgent appeals.
    pub deadlines: crate::appeals::deadline::Deadlines,
    /// Appeals the classifier is less sure of than this (a percentage of
    /// confidence) wait for a person to choose their category, in the triage
    /// queue, instead of being filed under a guess; 0 sends none there.
    pub triage_below: u8,
}

impl Default for AppealRules {
    fn default() -> Self {
        AppealRules {
            deadlines: crate::appeals::deadline::Deadlines::default(),
            triage_below: crate::appeals::triage::TRIAGE_BELOW,
        }
    }
}

/// The measures that apply to one kind of unit, by status.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindPolicy {
    /// What an epidemic-free unit of this kind may do.
    pub epidemic_free: String,
    /// What applies while it is not.
    pub not_free: String,
}

impl RulesConfig {
    /// The policy for a kind, if the table has one.
    pub fn policy_for(&self, kind: UnitKind) -> Option<&KindPolicy> {
        self.policy.get(kind.name())
    }
}
