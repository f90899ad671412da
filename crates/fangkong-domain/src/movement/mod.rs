//! Movement by status (逐步放宽, gradual relaxation): what each unit's status
//! allows its residents — where they may be, what they may leave for, when —
//! from a configured table of levels and, for each kind of unit, a ladder of
//! levels climbed by days epidemic-free. Villages can climb first (spring
//! farming), as the table says. Passes ([`crate::pass`]) follow the level in
//! force on each day.

pub mod derive;
pub mod policy;

pub use derive::{LevelInForce, Levels, Why, level_in_force, levels_from, levels_on};
pub use policy::{Ladder, MovementLevel, MovementPolicy, PolicyError, Purpose, Rung, Space};
