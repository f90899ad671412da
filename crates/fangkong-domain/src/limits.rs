//! The limits on what any channel accepts (`[limits]` in the rules file): the
//! earliest day a record may carry, the length of every kind of text, how
//! many items one request or file may hold, how many parties a dispute may
//! have, and the rule that no stored text holds a control character. Every
//! surface (pages, the API, Open311, the command line, CSV and DHIS2 imports)
//! asks these same functions, so a limit is refused alike wherever it is met.

use serde::Deserialize;

use crate::Day;

/// The limits in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// The earliest day a report, a registry step or an appeal may be about:
    /// before the epidemic, a date is a typing error (`1900-01-01`).
    pub earliest_day: Day,
    /// Characters of a name: a reporter, a resident, a caller, a party.
    pub name_chars: usize,
    /// Characters of an address.
    pub address_chars: usize,
    /// Characters of a phone number.
    pub phone_chars: usize,
    /// Characters of a short note: a report's remark, a correction's reason,
    /// a step's note.
    pub note_chars: usize,
    /// Characters of what a citizen says (an appeal) or of a dispute's account.
    pub text_chars: usize,
    /// Items in one request: reports, appeals, registry people and steps.
    pub batch_items: usize,
    /// Parties to one dispute.
    pub dispute_parties: usize,
    /// Bytes of one request's body.
    pub request_bytes: usize,
    /// Bytes of one field of an imported file.
    pub field_bytes: usize,
    /// The largest count one report may carry for a unit whose population is
    /// unknown. No residential compound or village has 100,000 new cases in
    /// a day; such a figure is a typing error (an extra digit, a cumulative
    /// total in a daily field).
    pub count_without_population: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // Wuhan's first cases fell ill in December 2019.
            earliest_day: Day::known(2019, 12, 1),
            name_chars: 50,
            address_chars: 200,
            phone_chars: 20,
            note_chars: 500,
            text_chars: 4000,
            batch_items: 10_000,
            dispute_parties: 20,
            request_bytes: 16 * 1024 * 1024,
            field_bytes: 64 * 1024,
            count_without_population: 100_000,
        }
    }
}

/// Whether a text may run over several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: no control character at all.
    One,
    /// Several lines: line feeds allowed (after [`normalise`]), no other
    /// control character.
    Many,
}

/// What kind of text a field holds, which decides its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A person's name (one line).
    Name,
    /// An address (one line).
    Address,
    /// A phone number (one line).
    Phone,
    /// A short note: a remark, a reason, a step's note (several lines).
    Note,
    /// What a citizen says, a dispute's account (several lines).
    Long,
}

/// A limit a value breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// Occurs when a text is longer than its limit.
    #[error("at most {max} characters ({got} given)")]
    TooLong {
        /// The limit.
        max: usize,
        /// The length given.
        got: usize,
    },
    /// Occurs when a text holds a control character (a NUL byte, an escape).
    #[error("character {at} is a control character (U+{code:04X}), which no text may hold")]
    Control {
        /// Its position, from 1.
        at: usize,
        /// Its code point.
        code: u32,
    },
    /// Occurs when a list holds more items than its limit.
    #[error("at most {max} {what} at once ({got} given)")]
    TooMany {
        /// What the items are.
        what: &'static str,
        /// The limit.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// Occurs when a day is before the earliest day accepted.
    #[error("{day} is before {earliest}, the earliest day accepted (a typing error?)")]
    TooEarly {
        /// The day given.
        day: Day,
        /// The earliest day.
        earliest: Day,
    },
}

/// A text as it is stored: line breaks as line feeds (a browser's textarea
/// sends CR LF), tabs as spaces; nothing else changes.
pub fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace(['\r'], "\n")
        .replace('\t', " ")
}

impl Limits {
    /// Checks a text against a length and the control-character rule.
    pub fn text(&self, value: &str, max: usize, lines: Lines) -> Result<(), LimitError> {
        if let Some((at, c)) = value
            .chars()
            .enumerate()
            .find(|&(_, c)| c.is_control() && !(lines == Lines::Many && c == '\n'))
        {
            return Err(LimitError::Control {
                at: at + 1,
                code: u32::from(c),
            });
        }
        let got = value.chars().count();
        if got > max {
            return Err(LimitError::TooLong { max, got });
        }
        Ok(())
    }

    /// A text of a kind.
    pub fn check(&self, kind: TextKind, value: &str) -> Result<(), LimitError> {
        match kind {
            TextKind::Name => self.name(value),
            TextKind::Address => self.address(value),
            TextKind::Phone => self.phone(value),
            TextKind::Note => self.note(value),
            TextKind::Long => self.long_text(value),
        }
    }

    /// Checks several fields at once: every one that breaks its limit, named.
    /// An absent field breaks nothing.
    pub fn fields(
        &self,
        fields: &[(&'static str, Option<&str>, TextKind)],
    ) -> Vec<(&'static str, LimitError)> {
        fields
            .iter()
            .filter_map(|&(field, value, kind)| self.check(kind, value?).err().map(|e| (field, e)))
            .collect()
    }

    /// A name (one line).
    pub fn name(&self, value: &str) -> Result<(), LimitError> {
        self.text(value, self.name_chars, Lines::One)
    }

    /// An address (one line).
    pub fn address(&self, value: &str) -> Result<(), LimitError> {
        self.text(value, self.address_chars, Lines::One)
    }

    /// A phone number (one line).
    pub fn phone(&self, value: &str) -> Result<(), LimitError> {
        self.text(value, self.phone_chars, Lines::One)
    }

    /// A short note (several lines).
    pub fn note(&self, value: &str) -> Result<(), LimitError> {
        self.text(value, self.note_chars, Lines::Many)
    }

    /// What a citizen says, or a dispute's account (several lines).
    pub fn long_text(&self, value: &str) -> Result<(), LimitError> {
        self.text(value, self.text_chars, Lines::Many)
    }

    /// A day a record is about.
    pub fn day(&self, day: Day) -> Result<(), LimitError> {
        if day < self.earliest_day {
            Err(LimitError::TooEarly {
                day,
                earliest: self.earliest_day,
            })
        } else {
            Ok(())
        }
    }

    /// The number of items in one request.
    pub fn batch(&self, what: &'static str, got: usize) -> Result<(), LimitError> {
        if got > self.batch_items {
            Err(LimitError::TooMany {
                what,
                max: self.batch_items,
                got,
            })
        } else {
            Ok(())
        }
    }

    /// The number of parties to a dispute.
    pub fn parties(&self, got: usize) -> Result<(), LimitError> {
        if got > self.dispute_parties {
            Err(LimitError::TooMany {
                what: "parties",
                max: self.dispute_parties,
                got,
            })
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn a_nul_byte_is_refused_wherever_it_stands() {
        let e = limits().name("王\u{0}芳").expect_err("refused");
        assert_eq!(e, LimitError::Control { at: 2, code: 0 });
        assert!(e.to_string().contains("U+0000"), "{e}");
        assert!(limits().long_text("a\u{1b}[31m").is_err(), "an escape too");
    }

    #[test]
    fn line_feeds_are_for_texts_of_several_lines_only() {
        assert_eq!(limits().long_text("第一行\n第二行"), Ok(()));
        assert!(limits().name("王\n芳").is_err());
        assert_eq!(normalise("a\r\nb\rc\td"), "a\nb\nc d");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let l = limits();
        assert_eq!(l.name(&"王".repeat(50)), Ok(()));
        assert_eq!(
            l.name(&"王".repeat(51)),
            Err(LimitError::TooLong { max: 50, got: 51 })
        );
        let sixty_mb = "x".repeat(60 * 1024 * 1024);
        assert!(matches!(l.note(&sixty_mb), Err(LimitError::TooLong { .. })));
    }

    #[test]
    fn a_day_before_the_epidemic_is_a_typing_error() {
        let l = limits();
        let e = l
            .day(Day::parse("1900-01-01").expect("day"))
            .expect_err("too early");
        assert!(e.to_string().contains("2019-12-01"), "{e}");
        assert_eq!(l.day(Day::parse("2020-01-20").expect("day")), Ok(()));
    }

    #[test]
    fn fields_are_checked_together_and_named() {
        let l = limits();
        let bad = l.fields(&[
            ("name", Some("王\u{0}"), TextKind::Name),
            ("address", None, TextKind::Address),
            ("text", Some("第一行\n第二行"), TextKind::Long),
            ("phone", Some("1390000000000000000000"), TextKind::Phone),
        ]);
        let fields: Vec<&str> = bad.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "phone"]);
    }

    #[test]
    fn lists_have_their_limits() {
        let l = limits();
        assert_eq!(l.batch("appeals", 10_000), Ok(()));
        assert!(l.batch("appeals", 10_001).is_err());
        assert!(l.parties(10_000).is_err());
        assert_eq!(l.parties(2), Ok(()));
    }
}
