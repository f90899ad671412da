//! The public page (信息公開): the published figures, the trend with its phases
//! and the epidemic-free communities and villages by district ([`crate::public`]),
//! with no personal data and no login; downloadable as CSV and Excel.

use crate::i18n::workbook::{Cell, workbook};

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::page_error;
use crate::AppState;
use crate::error::ApiError;
use crate::i18n::truth::TruthMessages;
use crate::i18n::{Lang, Messages};
use crate::public::{PublicQuery, cached, day_of, figures};
use crate::public_answer::PublicFigures;

#[derive(Template)]
#[template(path = "public.html")]
struct PublicPage<'a> {
    m: Messages,
    t: TruthMessages,
    nav: Option<super::Nav>,
    switch_query: String,
    f: &'a PublicFigures,
    chart: &'a str,
    /// (band label, start, end) in the page's language.
    phases: Vec<(&'static str, &'a str, &'a str)>,
    /// The districts' map.
    map: crate::map::MapView,
    /// The headline figures.
    headline: Option<&'a crate::headline::HeadlineStrip>,
}

/// The public map: each district shaded by its share of epidemic-free
/// communities and villages, a link to its row of the table below.
fn public_map(f: &PublicFigures, lang: crate::i18n::Lang) -> crate::map::MapView {
    let shades: Vec<crate::map::Shade> = f
        .districts
        .iter()
        .map(|d| crate::map::Shade {
            code: d.code.clone(),
            name: d.name.clone(),
            href: format!("#d-{}", d.code),
            free: d.epidemic_free,
            reporting: d.units,
        })
        .collect();
    crate::map::districts(&shades, crate::map::Counted::Communities, lang)
}

/// `GET /public`: the page, in the asked language.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PublicQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let result = async {
        let day = day_of(&state, &q)?;
        let shared = figures(&state, day, lang).await?;
        // The scale asked for by name is drawn anew (from the kept trend);
        // the default one is kept with the page's figures.
        let asked = match q.scale.as_deref().and_then(crate::chart::Scale::parse) {
            Some(scale) => {
                let root = fangkong_domain::UnitCode::parse(&shared.figures.unit)
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                let here = crate::public::public_here(day, lang);
                Some(
                    crate::view::trend(&state, &root, day, lang, Some(scale), &here)
                        .await?
                        .chart,
                )
            }
            None => None,
        };
        let chart = match (&asked, lang) {
            (Some(c), _) => c.as_str(),
            (None, Lang::Zh) => shared.chart[0].as_str(),
            (None, Lang::En) => shared.chart[1].as_str(),
        };
        let f = &shared.figures;
        let m = lang.messages();
        let phases = f
            .phases
            .iter()
            .map(|p| {
                let label = crate::i18n::catalogue::label(lang, "band", p.band.name());
                (label, p.start.as_str(), p.end.as_str())
            })
            .collect();
        let html = PublicPage {
            m,
            t: lang.truth(),
            nav: None,
            switch_query: format!("date={day}&lang={}", m.other_code),
            f,
            chart,
            phases,
            map: public_map(f, lang),
            headline: match lang {
                Lang::Zh => shared.headline[0].as_ref(),
                Lang::En => shared.headline[1].as_ref(),
            },
        }
        .render()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok::<_, ApiError>(html)
    }
    .await;
    match result {
        Ok(html) => cached(&headers, "text/html; charset=utf-8", html),
        Err(e) => page_error(e),
    }
}

/// One of the public page's downloadable tables: its columns and rows.
type PublicTable = (Vec<&'static str>, Vec<Vec<Cell>>);

/// The table `?table=` names on `day`: the published series (`series`, the
/// default) or the epidemic-free units by district (`free`).
async fn public_table(state: &AppState, q: &PublicQuery) -> Result<PublicTable, ApiError> {
    let day = day_of(state, q)?;
    let shared = figures(state, day, q.lang.unwrap_or_default()).await?;
    let f = &shared.figures;
    let n = |x: Option<i64>| x.map_or(Cell::Missing, |v| Cell::Number(v as f64));
    let t = |s: &str| Cell::Text(s.to_string());
    match q.table.as_deref().unwrap_or("series") {
        "series" => Ok((
            vec![
                "date",
                "new_confirmed",
                "new_suspected",
                "new_dead",
                "new_cured",
            ],
            f.series
                .iter()
                .map(|d| {
                    vec![
                        t(&d.date),
                        n(d.new_confirmed),
                        n(d.new_suspected),
                        n(d.new_dead),
                        n(d.new_cured),
                    ]
                })
                .collect(),
        )),
        "free" => Ok((
            vec!["date", "district_code", "district", "code", "name", "kind"],
            f.districts
                .iter()
                .flat_map(|d| {
                    d.free.iter().map(move |u| {
                        vec![
                            t(&f.date),
                            t(&d.code),
                            t(&d.name),
                            t(&u.code),
                            t(&u.name),
                            t(&u.kind),
                        ]
                    })
                })
                .collect(),
        )),
        other => Err(ApiError::Invalid {
            field: "table",
            message: format!("'{other}' is not series or free"),
        }),
    }
}

/// `GET /public.csv`: the published series (`?table=series`, the default) or the
/// epidemic-free units by district (`?table=free`).
pub async fn csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PublicQuery>,
) -> Response {
    match public_table(&state, &q).await {
        Ok((columns, rows)) => {
            let out = crate::download::csv_text(&columns, &rows);
            cached(&headers, "text/csv; charset=utf-8", out)
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /public.xlsx`: the same tables as an Excel workbook.
pub async fn xlsx(State(state): State<AppState>, Query(q): Query<PublicQuery>) -> Response {
    let table = public_table(&state, &q).await;
    let bytes = table.and_then(|(columns, rows)| {
        workbook(&columns, &rows).map_err(|e| ApiError::Internal(e.to_string()))
    });
    match bytes {
        Ok(bytes) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"public.xlsx\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
