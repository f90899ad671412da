//! iCalendar (RFC 5545) calendars of all-day events: one person's days on
//! duty, for the calendar of their phone. Only what that needs: text escaped
//! (§3.3.11), lines folded at 75 octets without splitting a character
//! (§3.1), CRLF line ends, a UID and DTSTAMP on every event (§3.6.1).

use std::fmt::Write;

use fangkong_domain::Day;

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllDayEvent {
    /// Unique and stable across exports (a calendar app updates the event
    /// with the same UID instead of adding a second).
    pub uid: String,
    /// The day.
    pub day: Day,
    /// Its title.
    pub summary: String,
    /// Where.
    pub location: Option<String>,
    /// More words.
    pub description: Option<String>,
}

/// A calendar named `name` holding `events`, stamped `stamp`
/// (`YYYYMMDDTHHMMSSZ`, the instant it was written).
pub fn calendar(name: &str, stamp: &str, events: &[AllDayEvent]) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//fangkong//rota//ZH".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    line("X-WR-TIMEZONE:Asia/Shanghai".into());
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", compact(e.day)));
        if let Some(next) = e.day.plus_days(1) {
            line(format!("DTEND;VALUE=DATE:{}", compact(next)));
        }
        line(format!("SUMMARY:{}", escape(&e.summary)));
        if let Some(l) = &e.location {
            line(format!("LOCATION:{}", escape(l)));
        }
        if let Some(d) = &e.description {
            line(format!("DESCRIPTION:{}", escape(d)));
        }
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// A day as `YYYYMMDD`.
fn compact(day: Day) -> String {
    day.to_string().replace('-', "")
}

/// A TEXT value escaped: backslash, semicolon, comma, newline.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `text` as content lines of at most 75 octets, each continuation
/// starting with a space, never splitting a UTF-8 character.
fn fold(out: &mut String, text: &str) {
    let mut used = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("day")
    }

    #[test]
    fn an_all_day_event_ends_the_next_day_and_text_is_escaped() {
        let cal = calendar(
            "王芳的值班",
            "20200430T020000Z",
            &[AllDayEvent {
                uid: "duty-2020-02-29-s1@fangkong".into(),
                day: day("2020-02-29"),
                summary: "值班：A岗, 保成社区; 江岸区".into(),
                location: None,
                description: Some("line one\nline two".into()),
            }],
        );
        assert!(cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(cal.contains("DTSTART;VALUE=DATE:20200229\r\n"));
        assert!(cal.contains("DTEND;VALUE=DATE:20200301\r\n"), "leap day");
        assert!(cal.contains("SUMMARY:值班：A岗\\, 保成社区\\; 江岸区\r\n"));
        assert!(cal.contains("DESCRIPTION:line one\\nline two\r\n"));
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
        assert!(!cal.replace("\r\n", "").contains('\n'), "CRLF only");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "值".repeat(40));
        fold(&mut out, &text);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{text}\r\n"));
    }
}
