//! `fangkong reminders …`: reminders to whoever is on duty where a report is
//! late, and where they are sent.

use clap::{Args, Subcommand};

use crate::output::Format;

/// What `reminders` does.
#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// Write a reminder to the outbox for each report now past its deadline
    /// and still missing, addressed to whoever is on duty in the unit's
    /// community or village that day (never twice for the same report), then
    /// send every unsent message with the configured senders. Without a
    /// sender the messages wait in the outbox and on the people's phone page.
    Run {
        /// Only the reports of this day (default: the days whose deadline
        /// passed in the last week).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Where messages go.
        #[command(flatten)]
        senders: SenderArgs,
    },
    /// The outbox, newest first: each message, to whom, sent or not, why not.
    List {
        /// How many, at most.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// The senders that take messages out of the outbox.
#[derive(Debug, Clone, Args)]
pub struct SenderArgs {
    /// POST each message as JSON to this http:// URL (a messaging gateway,
    /// a chat bot); a 2xx answer counts as sent.
    #[arg(long, env = "FANGKONG_WEBHOOK", value_name = "URL")]
    pub webhook: Option<String>,
    /// Send each message by email through this SMTP server (`HOST:PORT`,
    /// plain SMTP as a local relay takes it) to people with an email address.
    #[arg(long, env = "FANGKONG_SMTP", value_name = "HOST:PORT")]
    pub smtp: Option<String>,
    /// The sender address of the emails.
    #[arg(
        long,
        env = "FANGKONG_SMTP_FROM",
        value_name = "ADDRESS",
        default_value = "fangkong@localhost"
    )]
    pub smtp_from: String,
}
