//! An alert's reason in the reader's language: the store names the cause and
//! its values; the catalogue words it.

use fangkong_store::{Why, WhyValue};

use super::Lang;
use super::catalogue::{Arg, format, label, text};

/// `why` in `lang`.
pub fn why(why: &Why, lang: Lang) -> String {
    let separator = text(lang, "list-separator");
    let args: Vec<(&str, Arg)> = why
        .values
        .iter()
        .map(|(name, value)| {
            let arg = match value {
                WhyValue::Number(n) => Arg::from(*n),
                WhyValue::Figure(f) => Arg::from(f.as_str()),
                WhyValue::Day(d) => Arg::from(d.to_string()),
                WhyValue::Name(n) => Arg::from(n.as_str()),
                WhyValue::Names(names) => Arg::from(names.join(separator)),
                WhyValue::Measures(fields) => Arg::from(
                    fields
                        .iter()
                        .map(|f| label(lang, "measure", f))
                        .collect::<Vec<_>>()
                        .join(separator),
                ),
                WhyValue::Events {
                    confirmed,
                    suspected,
                    contacts,
                } => Arg::from(events(*confirmed, *suspected, *contacts, lang)),
                WhyValue::Category(c) => Arg::from(label(lang, "category", c)),
            };
            (*name, arg)
        })
        .collect();
    format(lang, why.message, &args)
}

/// A report's events in words ("2 close contacts", "新增密接2人"), the ones
/// with a count only.
fn events(confirmed: u32, suspected: u32, contacts: u32, lang: Lang) -> String {
    [
        ("event-confirmed", confirmed),
        ("event-suspected", suspected),
        ("event-contacts", contacts),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(id, n)| format(lang, id, &[("n", n.into())]))
    .collect::<Vec<_>>()
    .join(text(lang, "list-separator"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::Day;

    #[test]
    fn a_lost_status_names_the_close_contacts_not_a_case() {
        let day = Day::parse("2020-03-21").expect("day");
        let w = Why {
            message: "alert-lost-event",
            values: vec![
                ("unit", WhyValue::Name("一号小区".into())),
                ("on", WhyValue::Day(day)),
                (
                    "events",
                    WhyValue::Events {
                        confirmed: 0,
                        suspected: 0,
                        contacts: 2,
                    },
                ),
                ("before", WhyValue::Day(day.plus_days(-1).expect("day"))),
                ("day", WhyValue::Day(day)),
                (
                    "lost",
                    WhyValue::Names(vec!["一号小区".into(), "测试社区".into()]),
                ),
            ],
        };
        let zh = why(&w, Lang::Zh);
        assert_eq!(
            zh,
            "一号小区 2020-03-21 新增密接2人：2020-03-20 为无疫单位、2020-03-21 不再是的有 一号小区、测试社区"
        );
        let en = why(&w, Lang::En);
        assert!(
            en.starts_with("一号小区 reported 2 close contacts on 2020-03-21"),
            "{en}"
        );
        assert!(
            !zh.contains("病例") && !en.contains("case"),
            "contacts are not a case"
        );
    }

    #[test]
    fn one_event_is_singular_in_english() {
        assert_eq!(
            events(1, 0, 1, Lang::En),
            "1 confirmed case, 1 close contact"
        );
        assert_eq!(events(1, 0, 1, Lang::Zh), "新增确诊1例、新增密接1人");
    }
}
