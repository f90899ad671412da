//! How a report revision came in: through which channel, when its form was opened
//! and how many fields were changed from the pre-filled form (the burden figures).

use jiff::Timestamp;

/// The way a revision reached the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Channel {
    /// A CSV import (or the demo's generator).
    #[default]
    Import,
    /// The web form.
    Form,
    /// The JSON API.
    Api,
    /// The `fangkong report` command.
    Cli,
}

impl Channel {
    /// The name stored in the database.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Import => "import",
            Channel::Form => "form",
            Channel::Api => "api",
            Channel::Cli => "cli",
        }
    }

    /// The channel a stored name stands for.
    pub fn from_name(name: &str) -> Option<Channel> {
        [Channel::Import, Channel::Form, Channel::Api, Channel::Cli]
            .into_iter()
            .find(|c| c.name() == name)
    }
}

/// How one revision came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Provenance {
    /// The channel.
    pub channel: Channel,
    /// When it was recorded, if not the moment of writing (a replayed season).
    pub recorded_at: Option<Timestamp>,
    /// When the form was opened, if known.
    pub opened_at: Option<Timestamp>,
    /// Fields changed from the pre-filled form, if known.
    pub fields_changed: Option<u32>,
}

impl Provenance {
    /// A revision from `channel` with nothing else known.
    pub fn from(channel: Channel) -> Provenance {
        Provenance {
            channel,
            ..Provenance::default()
        }
    }
}
