//! The public page (信息公開): the published figures, the trend with its phases
//! and the epidemic-free communities and villages by district, with no personal
//! data and no login; cacheable, and downloadable as CSV and JSON.

use crate::i18n::workbook::{Cell, workbook};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fangkong_domain::{Day, PublishedDay, UnitCode};
use serde::{Deserialize, Serialize};

use super::{page_error, view};
use crate::AppState;
use crate::error::ApiError;
use crate::i18n::truth::TruthMessages;
use crate::i18n::{Lang, Messages};

/// How long browsers and proxies may keep a public answer: figures change only
/// when reports arrive, and five minutes late is acceptable for the public.
const MAX_AGE: &str = "public, max-age=300";

/// The public page's query.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    /// The day (default: today).
    pub date: Option<String>,
    /// The page's language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
    /// CSV only: `series` (default) or `free` (the epidemic-free units).
    pub table: Option<String>,
}

/// Everything the public sees for one day; no personal data (no reporter, no
/// remark, no account).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicFigures {
    /// The day.
    pub date: String,
    /// The city's code.
    pub unit: String,
    /// The city's name.
    pub name: String,
    /// The published daily series up to the day (null: not published).
    pub series: Vec<PublicDay>,
    /// The trend's periods (band, first and last day).
    pub phases: Vec<PublicPhase>,
    /// Epidemic-free communities and villages by district.
    pub districts: Vec<PublicDistrict>,
}

/// One published day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicDay {
    /// The day.
    pub date: String,
    /// New confirmed cases.
    pub new_confirmed: Option<i64>,
    /// New suspected cases.
    pub new_suspected: Option<i64>,
    /// New deaths.
    pub new_dead: Option<i64>,
    /// New recoveries.
    pub new_cured: Option<i64>,
}

/// One period of the trend.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicPhase {
    /// `high`, `middle`, `low`, `tail` or `zero`.
    #[schema(value_type = String)]
    pub band: fangkong_domain::trend::Band,
    /// The first day.
    pub start: String,
    /// The last day.
    pub end: String,
}

/// One district's epidemic-free community-level units.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicDistrict {
    /// The district's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Community-level units (communities, villages) in it.
    pub units: usize,
    /// Those that are epidemic-free.
    pub epidemic_free: usize,
    /// Their names and kinds.
    pub free: Vec<PublicUnit>,
}

/// An epidemic-free unit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicUnit {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its kind (`community`, `village`, `other`).
    pub kind: String,
}

/// One day's public answer, kept until the next report is filed.
pub struct PublicAnswer {
    /// The figures.
    pub figures: PublicFigures,
    /// The trend chart (SVG), in Chinese and in English.
    pub chart: [String; 2],
    /// The figures as JSON.
    pub json: String,
}

/// The public figures of `day` (computed once per day and kept until the next
/// report is filed), with the trend chart.
pub async fn figures(state: &AppState, day: Day) -> Result<Arc<PublicAnswer>, ApiError> {
    // A day whose reports are not yet all due changes with the clock.
    let settled = day < state.pending_from();
    if settled && let Some(hit) = state.public.get(day) {
        return Ok(hit);
    }
    let generation = state.public.generation();
    let on = view::status_on(state, day).await?;
    let (root_code, name, districts) = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let root = tree
            .roots()
            .next()
            .ok_or_else(|| ApiError::NotFound("the tree is empty".into()))?;
        let districts = tree
            .children(root)
            .iter()
            .map(|&d| {
                let mut free = Vec::new();
                let mut units = 0;
                for u in tree.subtree(d) {
                    let r = tree.unit(u);
                    if r.kind.level() != Some(3) {
                        continue;
                    }
                    units += 1;
                    if on.units[u as usize].epidemic_free {
                        free.push(PublicUnit {
                            code: r.code.to_string(),
                            name: r.name.clone(),
                            kind: r.kind.name().to_string(),
                        });
                    }
                }
                PublicDistrict {
                    code: tree.unit(d).code.to_string(),
                    name: tree.unit(d).name.clone(),
                    units,
                    epidemic_free: free.len(),
                    free,
                }
            })
            .collect::<Vec<_>>();
        (
            tree.unit(root).code.clone(),
            tree.unit(root).name.clone(),
            districts,
        )
    };
    let published: Vec<PublishedDay> = state.store.published_series(&root_code).await?;
    let series = published
        .iter()
        .filter(|d| d.day <= day)
        .map(|d| PublicDay {
            date: d.day.to_string(),
            new_confirmed: d.new_confirmed,
            new_suspected: d.new_suspected,
            new_dead: d.new_dead,
            new_cured: d.new_cured,
        })
        .collect();
    let chart = [
        view::trend(state, &root_code, day, Lang::Zh).await?.chart,
        view::trend(state, &root_code, day, Lang::En).await?.chart,
    ];
    let phases = phase_periods(state, &root_code).await?;
    let body = PublicFigures {
        date: day.to_string(),
        unit: root_code.to_string(),
        name,
        series,
        phases,
        districts,
    };
    // The JSON is the same for every client: encode it once per day and data.
    let json = serde_json::to_string(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let answer = PublicAnswer {
        figures: body,
        chart,
        json,
    };
    if !settled {
        return Ok(Arc::new(answer));
    }
    Ok(state.public.put(day, answer, generation))
}

async fn phase_periods(state: &AppState, code: &UnitCode) -> Result<Vec<PublicPhase>, ApiError> {
    let (_, series, annotations) = fangkong_store::series::trend(&state.store, code, None).await?;
    let p = fangkong_domain::trend::phases(&series, &annotations, &state.rules.phases);
    Ok(p.periods
        .iter()
        .map(|x| PublicPhase {
            band: x.band,
            start: x.start.to_string(),
            end: x.end.to_string(),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "public.html")]
struct PublicPage<'a> {
    m: Messages,
    t: TruthMessages,
    nav: Option<super::Nav>,
    switch_query: String,
    f: &'a PublicFigures,
    chart: &'a str,
    latest: Option<&'a PublicDay>,
    /// (band label, start, end) in the page's language.
    phases: Vec<(&'static str, &'a str, &'a str)>,
}

fn day_of(state: &AppState, q: &PublicQuery) -> Result<Day, ApiError> {
    match q.date.as_deref().filter(|d| !d.is_empty()) {
        None => Ok(state.clock.today().min(state.last_day)),
        Some(d) => Day::parse(d).map_err(|e| ApiError::Invalid {
            field: "date",
            message: e.to_string(),
        }),
    }
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
        let shared = figures(&state, day).await?;
        let chart = match lang {
            Lang::Zh => shared.chart[0].as_str(),
            Lang::En => shared.chart[1].as_str(),
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
            latest: f.series.last(),
            phases,
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

/// `GET /public.json` (and `/api/v1/public`): the same figures as JSON.
pub async fn json(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PublicQuery>,
) -> Response {
    let result = async {
        let day = day_of(&state, &q)?;
        let shared = figures(&state, day).await?;
        Ok::<_, ApiError>(shared.json.clone())
    }
    .await;
    match result {
        Ok(body) => cached(&headers, "application/json", body),
        Err(e) => e.into_response(),
    }
}

/// One of the public page's downloadable tables: its columns and rows.
type PublicTable = (Vec<&'static str>, Vec<Vec<Cell>>);

/// The table `?table=` names on `day`: the published series (`series`, the
/// default) or the epidemic-free units by district (`free`).
async fn public_table(state: &AppState, q: &PublicQuery) -> Result<PublicTable, ApiError> {
    let day = day_of(state, q)?;
    let shared = figures(state, day).await?;
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
            let mut out = columns.join(",");
            out.push('\n');
            for row in rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Cell::Text(s) => field(s),
                        Cell::Number(x) => format!("{x}"),
                        Cell::Missing => String::new(),
                    })
                    .collect();
                out.push_str(&cells.join(","));
                out.push('\n');
            }
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

/// A CSV field, quoted when it has to be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A public answer with its cache headers: `Cache-Control`, and an `ETag` from
/// the body, so a client that has it gets a 304 with no body.
fn cached(headers: &HeaderMap, content_type: &'static str, body: String) -> Response {
    let mut h = DefaultHasher::new();
    body.hash(&mut h);
    let etag = format!("\"{:016x}\"", h.finish());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    response
}
