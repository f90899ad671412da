//! `GET /province`: Hubei's cities on a day as their health commissions
//! published them, on the map of the province and in a table, for anyone.

use askama::Template;
use axum::extract::Query;
use axum::response::Response;

use crate::i18n::Messages;
use crate::i18n::catalogue::label;
use crate::map::MapView;
use crate::pages::{page_error, render};
use crate::province::{
    Measure, ProvinceDay, ProvinceQuery, city_name, day, here, map, source_name,
};

/// A measure's switch link.
struct MeasureLink {
    label: String,
    href: String,
    current: bool,
}

/// A city's row, every figure as shown (`—` for one not published).
struct CityRow {
    name: String,
    code: String,
    new_confirmed: String,
    current: String,
    cum_confirmed: String,
    cum_cured: String,
    cum_dead: String,
    on_map: bool,
}

#[derive(Template)]
#[template(path = "province.html")]
struct ProvincePage {
    m: Messages,
    nav: Option<crate::pages::Nav>,
    switch_query: String,
    p: ProvinceDay,
    map: MapView,
    measures: Vec<MeasureLink>,
    rows: Vec<CityRow>,
    /// Each source: its name in files, in the reader's language, and whether
    /// it is the one shown.
    sources: Vec<(String, String, bool)>,
}

/// `GET /province`.
pub async fn page(Query(q): Query<ProvinceQuery>) -> Response {
    let lang = q.lang.unwrap_or_default();
    let p = match day(&q) {
        Ok(p) => p,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let shown = |v: Option<i64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let rows = p
        .cities
        .iter()
        .map(|c| CityRow {
            name: city_name(lang, c),
            code: c.code.clone(),
            new_confirmed: shown(c.new_confirmed),
            current: shown(c.current()),
            cum_confirmed: shown(c.cum_confirmed),
            cum_cured: shown(c.cum_cured),
            cum_dead: shown(c.cum_dead),
            on_map: crate::places::Boundaries::HubeiCities
                .places()
                .iter()
                .any(|b| b.code == c.code && b.name == c.name),
        })
        .collect();
    let measures = Measure::ALL
        .into_iter()
        .map(|x| MeasureLink {
            label: label(lang, "province-measure", x.code()).to_string(),
            href: here(&p, x, lang),
            current: x == p.measure,
        })
        .collect();
    render(&ProvincePage {
        switch_query: format!(
            "date={}&source={}&measure={}&lang={}",
            p.day,
            p.source,
            p.measure.code(),
            m.other_code
        ),
        nav: None,
        map: map(&p, lang),
        measures,
        rows,
        sources: p
            .sources
            .iter()
            .map(|s| (s.clone(), source_name(lang, s), *s == p.source))
            .collect(),
        m,
        p,
    })
}
