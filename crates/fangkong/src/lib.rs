//! The surfaces of fangkong over the domain and the store: the command line, CSV
//! imports, output formats and the demo builder. The `fangkong` binary is a thin
//! `main` over this library; benchmarks and tests call the same code.
#![forbid(unsafe_code)]

pub mod actor;
pub mod cli;
pub mod clock;
pub mod columns;
pub mod commands;
pub mod demo;
pub mod derive;
pub mod import;
pub mod logging;
pub mod output;
