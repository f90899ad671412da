//! The `fangkong` binary: parses the command line and hands off to a command.
//!
//! Exit codes: 0 success; 1 a failure of the platform (database, file system);
//! 2 a usage error (unknown flag, missing argument); 3 input rejected by the rules
//! (a bad row in an import, an invalid report or unit change). Nothing is half-done
//! on a non-zero exit.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use fangkong::cli::Cli;
use fangkong::commands;
use fangkong::import::Rejected;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(rejected) = err.downcast_ref::<Rejected>() {
                eprintln!("{rejected}");
                ExitCode::from(3)
            } else {
                eprintln!("error: {err:#}");
                ExitCode::from(1)
            }
        }
    }
}
