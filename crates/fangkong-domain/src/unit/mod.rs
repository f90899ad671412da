//! The tree of administrative units (SPEC §1): codes, kinds, the validated tree of
//! one day, and the dated history of renames, moves and retirements.

pub mod change;
pub mod code;
pub mod history;
pub mod kind;
pub mod search;
pub mod tree;

pub use change::{UnitChange, UnitChangeError};
pub use code::{UnitCode, UnitCodeError};
pub use history::{TreeCalendar, UnitHistory, UnitVersion};
pub use kind::{UnitKind, UnitKindError};
pub use tree::{TreeError, UnitIndex, UnitRecord, UnitTree};
