//! Citizen appeals (聽民聲、解民憂, SPEC §6): what an appeal is about and how
//! urgent it is, a transparent classifier of its Chinese text trained on a
//! labelled sample the project built, how well it does, and routing an appeal to
//! the unit responsible.

pub mod category;
pub mod classifier;
pub mod deadline;
pub mod duplicates;
pub mod evaluation;
pub mod features;
pub mod lexicon;
pub mod lifecycle;
pub mod reference;
pub mod routing;
pub mod sample;
pub mod summary;
pub mod tally;
pub mod template;
pub mod triage;
pub mod urgency;
pub mod words;

pub use category::{Category, Urgency};
pub use classifier::{Classifier, Decision};
pub use routing::{Route, Router};
