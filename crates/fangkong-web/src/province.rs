//! The province view: Hubei's cities as their health commissions published
//! them (`data/hubei-cities-daily.csv`, two sources side by side, see
//! data/SOURCES.md), compiled in like the boundaries they are drawn on. These
//! are the published figures of the cities around the deployment, not its
//! own reports: a blank is a figure not transcribed, never zero.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use fangkong_domain::Day;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::catalogue::{format as say, label};
use crate::map::MapView;
use crate::map::count::{Count, counts};
use crate::places::Boundaries;

/// One city's published figures on one day, from one source.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CityDay {
    /// The day.
    #[schema(value_type = String)]
    pub day: Day,
    /// The source (`canghailan` or `dxy`).
    pub source: String,
    /// The city's 12-digit code.
    pub code: String,
    /// Its name as published (a row such as 监狱系统 carries the province's
    /// code and is no city).
    pub name: String,
    /// New confirmed cases.
    pub new_confirmed: Option<i64>,
    /// Confirmed cases so far.
    pub cum_confirmed: Option<i64>,
    /// Cured so far.
    pub cum_cured: Option<i64>,
    /// Deaths so far.
    pub cum_dead: Option<i64>,
}

impl CityDay {
    /// Cases still under treatment: confirmed less cured and dead, none
    /// where any of the three is missing.
    pub fn current(&self) -> Option<i64> {
        Some(self.cum_confirmed? - self.cum_cured? - self.cum_dead?)
    }

    /// The figure a map shades by.
    pub fn of(&self, measure: Measure) -> Option<i64> {
        match measure {
            Measure::New => self.new_confirmed,
            Measure::Current => self.current(),
            Measure::Cumulative => self.cum_confirmed,
        }
    }
}

/// The cities' rows compiled in, in file order (city-level rows only: the
/// province's own total and the unallocated rows are left out).
static CITIES: LazyLock<Vec<CityDay>> =
    LazyLock::new(|| parse(include_str!("../../../data/hubei-cities-daily.csv")));

/// The city-level rows of the long file; a row that cannot be read is left
/// out (the file is compiled in and checked by a test).
fn parse(text: &str) -> Vec<CityDay> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let Ok(headers) = reader.headers().cloned() else {
        return Vec::new();
    };
    let at = |name: &str| headers.iter().position(|h| h == name);
    let (Some(date), Some(source), Some(level), Some(code), Some(name)) = (
        at("date"),
        at("source"),
        at("level"),
        at("admin_code"),
        at("name"),
    ) else {
        return Vec::new();
    };
    let figures = ["new_confirmed", "cum_confirmed", "cum_cured", "cum_dead"].map(at);
    reader
        .records()
        .filter_map(Result::ok)
        .filter(|r| r.get(level) == Some("city"))
        .filter_map(|r| {
            let figure = |i: usize| {
                figures[i]
                    .and_then(|c| r.get(c))
                    .filter(|v| !v.trim().is_empty())
                    .and_then(|v| v.trim().parse::<i64>().ok())
            };
            Some(CityDay {
                day: Day::parse(r.get(date)?).ok()?,
                source: r.get(source)?.to_string(),
                code: format!("{}000000", r.get(code)?),
                name: r.get(name)?.to_string(),
                new_confirmed: figure(0),
                cum_confirmed: figure(1),
                cum_cured: figure(2),
                cum_dead: figure(3),
            })
        })
        .collect()
}

/// What the map shades by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// New confirmed cases of the day.
    New,
    /// Cases under treatment.
    #[default]
    Current,
    /// Confirmed so far.
    Cumulative,
}

impl Measure {
    /// Every measure, in the switch's order.
    pub const ALL: [Measure; 3] = [Measure::New, Measure::Current, Measure::Cumulative];

    /// Its name in links.
    pub fn code(self) -> &'static str {
        match self {
            Measure::New => "new",
            Measure::Current => "current",
            Measure::Cumulative => "cumulative",
        }
    }
}

/// The province page's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ProvinceQuery {
    /// The day (default: the source's last day).
    pub date: Option<String>,
    /// The source: `canghailan` (default) or `dxy`.
    pub source: Option<String>,
    /// What the map shades by: `new`, `current` (default) or `cumulative`.
    pub measure: Option<String>,
    /// The page's language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// The cities on one day from one source.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProvinceDay {
    /// The day.
    #[schema(value_type = String)]
    pub day: Day,
    /// The source.
    pub source: String,
    /// Every source in the file.
    pub sources: Vec<String>,
    /// The source's first and last days.
    #[schema(value_type = Vec<String>)]
    pub span: (Day, Day),
    /// What the map shades by.
    pub measure: Measure,
    /// The cities' rows of that day, in file order; empty on a day the source
    /// did not publish.
    pub cities: Vec<CityDay>,
}

/// The cities of the query's day and source; a source or measure not in the
/// file is a 422 naming the field, in the reader's language.
pub fn day(q: &ProvinceQuery) -> Result<ProvinceDay, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let bad = |field: &'static str, value: &str| ApiError::invalid_value(field, value, lang);
    let sources: Vec<String> = CITIES
        .iter()
        .map(|c| c.source.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let source = match q.source.as_deref().filter(|s| !s.is_empty()) {
        None => "canghailan".to_string(),
        Some(s) if sources.iter().any(|x| x == s) => s.to_string(),
        Some(s) => return Err(bad("source", s)),
    };
    let measure = match q.measure.as_deref().filter(|s| !s.is_empty()) {
        None => Measure::default(),
        Some(m) => Measure::ALL
            .into_iter()
            .find(|x| x.code() == m)
            .ok_or_else(|| bad("measure", m))?,
    };
    let days = || CITIES.iter().filter(|c| c.source == source).map(|c| c.day);
    let (Some(first), Some(last)) = (days().min(), days().max()) else {
        return Err(bad("source", &source));
    };
    let day = match q.date.as_deref().filter(|d| !d.is_empty()) {
        None => last,
        Some(d) => Day::parse(d).map_err(|e| ApiError::Invalid {
            field: "date",
            message: e.to_string(),
        })?,
    };
    let cities = CITIES
        .iter()
        .filter(|c| c.source == source && c.day == day)
        .cloned()
        .collect();
    Ok(ProvinceDay {
        day,
        source,
        sources,
        span: (first, last),
        measure,
        cities,
    })
}

/// A city's name in the reader's language: its English name from the
/// catalogue, its published name in Chinese (or where the catalogue has none).
pub fn city_name(lang: Lang, c: &CityDay) -> String {
    match lang {
        Lang::Zh => c.name.clone(),
        Lang::En => match label(lang, "province-city", &c.code) {
            same if same == c.code => c.name.clone(),
            name => name.to_string(),
        },
    }
}

/// A source's name in the reader's language.
pub fn source_name(lang: Lang, source: &str) -> String {
    label(lang, "province-source", source).to_string()
}

/// The province page's address for another measure, day or source.
pub fn here(p: &ProvinceDay, measure: Measure, lang: Lang) -> String {
    format!(
        "/province?date={}&source={}&measure={}&lang={}",
        p.day,
        p.source,
        measure.code(),
        lang.messages().code
    )
}

/// The map of Hubei's cities shaded by the day's measure; Wuhan links to the
/// deployment's public page, the other cities to nothing (their areas are
/// still reachable by keyboard and read aloud).
pub fn map(p: &ProvinceDay, lang: Lang) -> MapView {
    let measure = label(lang, "province-measure", p.measure.code()).to_string();
    let figures: Vec<Count> = p
        .cities
        .iter()
        .map(|c| {
            let value = c.of(p.measure);
            let name = city_name(lang, c);
            Count {
                code: c.code.clone(),
                // The boundaries carry the published Chinese names.
                name: c.name.clone(),
                label: name.clone(),
                href: (c.code == "420100000000")
                    .then(|| format!("/public?date={}&lang={}", p.day, lang.messages().code)),
                // A write-off can make a day's new cases negative: no class
                // of the map holds it, so it is shown as no figure.
                count: value.and_then(|v| u64::try_from(v).ok()),
                words: say(
                    lang,
                    "province-area",
                    &[
                        ("name", name.as_str().into()),
                        ("measure", measure.as_str().into()),
                        (
                            "value",
                            value
                                .map_or_else(|| "—".to_string(), |v| v.to_string())
                                .into(),
                        ),
                    ],
                ),
            }
        })
        .collect();
    let title = say(
        lang,
        "province-map-title",
        &[
            ("measure", measure.as_str().into()),
            ("date", p.day.to_string().into()),
        ],
    );
    counts(Boundaries::HubeiCities, &figures, title, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(date: &str, source: &str, measure: &str) -> ProvinceQuery {
        ProvinceQuery {
            date: Some(date.into()),
            source: Some(source.into()),
            measure: Some(measure.into()),
            lang: None,
        }
    }

    #[test]
    fn the_cities_of_a_day_are_read_from_the_published_file() {
        let p = day(&q("2020-02-20", "canghailan", "")).expect("a day");
        let wuhan = p.cities.iter().find(|c| c.name == "武汉市").expect("武汉");
        assert_eq!(wuhan.code, "420100000000");
        assert_eq!(wuhan.cum_confirmed, Some(45_346));
        assert_eq!(wuhan.new_confirmed, Some(319));
        assert_eq!(wuhan.current(), Some(45_346 - 6_280 - 1_684));
        assert_eq!(p.measure, Measure::Current);
        // Seventeen cities and the prison system's row under the province's code.
        assert_eq!(p.cities.len(), 18);
        assert_eq!(p.sources, ["canghailan", "dxy"]);
        assert_eq!(p.span.0.to_string(), "2020-01-10");
        let first = day(&q("2020-01-10", "canghailan", "new")).expect("first day");
        let w = first
            .cities
            .iter()
            .find(|c| c.name == "武汉市")
            .expect("武汉");
        assert_eq!(
            w.new_confirmed, None,
            "a blank is not transcribed, not zero"
        );
        assert_eq!(w.of(Measure::New), None);
    }

    #[test]
    fn a_source_or_measure_not_in_the_file_is_refused_by_name() {
        for (query, field) in [
            (q("2020-02-20", "weibo", ""), "source"),
            (q("2020-02-20", "dxy", "deaths"), "measure"),
            (q("2020-02-30", "dxy", ""), "date"),
        ] {
            match day(&query) {
                Err(ApiError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        let default = day(&ProvinceQuery::default()).expect("defaults");
        assert_eq!(default.day, default.span.1, "the last day by default");
        assert!(!default.cities.is_empty());
    }

    #[test]
    fn the_map_shades_each_city_by_the_measure_and_links_wuhan() {
        let p = day(&q("2020-02-20", "canghailan", "cumulative")).expect("a day");
        let v = map(&p, Lang::Zh);
        assert!(
            v.svg
                .contains(r#"data-code="420100000000" data-value="45346""#),
            "{}",
            v.svg
        );
        assert!(
            v.svg
                .contains(r#"<a href="/public?date=2020-02-20&amp;lang=zh""#)
                || v.svg
                    .contains(r#"<a href="/public?date=2020-02-20&lang=zh""#)
        );
        assert!(
            v.svg
                .contains(r#"data-code="429021000000" data-value="10""#)
        );
        assert!(v.title.contains("2020-02-20"), "{}", v.title);
        let none = day(&q("2019-12-01", "canghailan", "")).expect("an empty day");
        assert!(none.cities.is_empty());
        assert!(
            !map(&none, Lang::En).svg.contains("<a href"),
            "nothing shaded on a day without figures"
        );
    }
}
