//! The four-categories registry (SPEC §5): people, not counts. A person's resident
//! ID and how personal data is masked, their flow through the registry, and the
//! four compliance ratios derived from it.

pub mod compliance;
pub mod flow;
pub mod mask;
pub mod resident_id;

pub use flow::{Category, DatedStep, Exit, Place, Situation, Step};
pub use resident_id::{ResidentId, ResidentIdError};
