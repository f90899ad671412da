//! A person's shifts as a calendar (iCalendar, one event per day on duty), as
//! "my shifts" offers it and `rota calendars` writes it.

use fangkong_exchange::ical::{AllDayEvent, calendar};
use fangkong_store::OnDuty;
use jiff::Timestamp;

use crate::i18n::Lang;
use crate::i18n::catalogue::format;

/// The calendar of `name`'s `shifts` in `lang`, units named by `unit_name`.
pub fn shifts_calendar(
    name: &str,
    shifts: &[OnDuty],
    unit_name: impl Fn(&fangkong_domain::UnitCode) -> String,
    lang: Lang,
    now: Timestamp,
) -> String {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let events: Vec<AllDayEvent> = shifts
        .iter()
        .map(|d| {
            let unit = unit_name(&d.unit);
            let summary = match (&d.pair, d.post) {
                (Some(pair), Some(post)) => format(
                    lang,
                    "shift-summary-post",
                    &[
                        ("unit", unit.as_str().into()),
                        ("pair", pair.as_str().into()),
                        ("post", post.name().into()),
                    ],
                ),
                _ => format(lang, "shift-summary", &[("unit", unit.as_str().into())]),
            };
            AllDayEvent {
                uid: format!("duty-{}-{}-{}@fangkong", d.day, d.unit, d.person_id),
                day: d.day,
                summary,
                location: Some(unit.clone()),
                description: Some(format(
                    lang,
                    "shift-description",
                    &[("unit", unit.as_str().into())],
                )),
            }
        })
        .collect();
    calendar(
        &format(lang, "shift-calendar-name", &[("name", name.into())]),
        &stamp,
        &events,
    )
}
