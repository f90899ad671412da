//! Derivation: loading what the store holds into the domain's computations
//! (certification, trend phases) for the commands to show. The rules themselves
//! live in the domain; this layer only gathers their inputs.

pub mod certification;
pub mod keys;
pub mod rules;
pub mod series;
