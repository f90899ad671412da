//! Log lines to standard error through `tracing`: text or JSON, filtered by
//! `FANGKONG_LOG`. The server logs one line per request (see
//! `fangkong_web::telemetry`); other commands log only warnings by default, so
//! their own output stays what the user asked for.

use tracing_subscriber::EnvFilter;

use crate::cli::LogFormat;

/// Installs the log subscriber; `default` is the filter without `FANGKONG_LOG`.
pub fn init(format: LogFormat, default: &str) {
    let filter =
        EnvFilter::try_from_env("FANGKONG_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second install (tests running commands in one process) keeps the first.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(false).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
