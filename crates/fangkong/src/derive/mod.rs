//! Derivation helpers of the command line: the rules in force. Loading the store's
//! data into the domain's computations lives in `fangkong_store` (`load_engine`,
//! `series`); the rules themselves live in the domain.

pub mod rules;
