//! Trend phases (疫情走勢研判, SPEC §3): order-of-magnitude bands of the daily new
//! confirmed cases, periods that a brief fluctuation does not end, milestones, and
//! the annotations that mark definition changes and revisions; and where the
//! series is heading: the reproduction number Rt (Cori et al. 2013) and the
//! doubling or halving time.

mod band;
pub mod growth;
pub mod outlook;
mod periods;
pub mod rt;

pub use band::{Band, PhaseRules};
pub use periods::{Milestone, Period, PeriodNote, Phases, TrendDay, phases};
