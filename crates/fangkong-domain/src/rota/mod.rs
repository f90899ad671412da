//! Duty rotas for the people who work in a community or village (SPEC §7):
//! a sent-down cadre paired with a community cadre in A/B posts (AB岗) that
//! alternate work and rest, at least a minimum on duty in every unit every
//! day, nobody on duty more days running than the rules allow, leave and
//! sickness respected, fair shares over the period. Where the people are not
//! enough, the plan says where and why ([`Gap`]) instead of breaking a rule;
//! [`check`] verifies any plan against the same rules on its own.

pub mod care;
pub mod check;
pub mod fatigue;
pub mod plan;
pub mod staff;
pub mod staffing;

pub use care::{CareKind, CareRecord, CareTally};
pub use check::{Breach, check};
pub use fatigue::{Strain, Tired, fatigue};
pub use plan::{Duty, Gap, Plan, Post, Why, plan};
pub use staff::{Pair, Profile, Rostered, Staff, StaffKind, form_pairs};
pub use staffing::{Staffing, staffing};

use serde::Deserialize;

/// The `[rota]` section of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RotaRules {
    /// People on duty in every community and village every day, at least.
    pub min_on_duty: u32,
    /// Days on duty running, at most (then a day of rest).
    pub max_consecutive_days: u32,
    /// The days looked back over for rest: someone with fewer than
    /// `min_rest_days` days off in them is worn out.
    pub rest_window_days: u32,
    /// Days off in every `rest_window_days`, at least.
    pub min_rest_days: u32,
    /// People on the roster per 1,000 residents, at least, in every
    /// community and village (and so in every district).
    pub min_staff_per_thousand: f64,
}

impl Default for RotaRules {
    fn default() -> Self {
        RotaRules {
            min_on_duty: 2,
            max_consecutive_days: 6,
            rest_window_days: 14,
            min_rest_days: 2,
            min_staff_per_thousand: 1.5,
        }
    }
}
