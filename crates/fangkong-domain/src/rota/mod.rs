//! Duty rotas for the people who work in a community or village (SPEC §7):
//! a sent-down cadre paired with a community cadre in A/B posts (AB岗) that
//! alternate work and rest, at least a minimum on duty in every unit every
//! day, nobody on duty more days running than the rules allow, leave and
//! sickness respected, fair shares over the period. Where the people are not
//! enough, the plan says where and why ([`Gap`]) instead of breaking a rule;
//! [`check`] verifies any plan against the same rules on its own.

pub mod check;
pub mod plan;
pub mod staff;

pub use check::{Breach, check};
pub use plan::{Duty, Gap, Plan, Post, Why, plan};
pub use staff::{Pair, Staff, StaffKind, form_pairs};

use serde::Deserialize;

/// The `[rota]` section of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RotaRules {
    /// People on duty in every community and village every day, at least.
    pub min_on_duty: u32,
    /// Days on duty running, at most (then a day of rest).
    pub max_consecutive_days: u32,
}

impl Default for RotaRules {
    fn default() -> Self {
        RotaRules {
            min_on_duty: 2,
            max_consecutive_days: 6,
        }
    }
}
