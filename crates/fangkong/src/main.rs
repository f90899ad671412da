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
    let default_log = match cli.command {
        fangkong::cli::Command::Serve(_) => "info",
        _ => "warn",
    };
    fangkong::logging::init(cli.log_format, default_log);
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
            if is_broken_pipe(&err) {
                // The reader went away (`fangkong reports | head`): not a failure.
                return ExitCode::SUCCESS;
            }
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

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe))
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
