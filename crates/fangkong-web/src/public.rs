//! The public figures (信息公開): computed once per day for every face (the
//! public page, `/public.json`, `/api/v1/public`), cacheable, with no personal
//! data and no login.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fangkong_domain::{Day, PublishedDay, UnitCode};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::public_answer::{
    PublicAnswer, PublicDay, PublicDistrict, PublicFigures, PublicInspection, PublicPhase,
    PublicUnit,
};
use crate::view;

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
    /// The page's trend chart: `linear` or `log` (default: the one that fits).
    pub scale: Option<String>,
}

/// The public page's address for `day` in `lang`, which the chart's scale
/// switch links to.
pub fn public_here(day: Day, lang: Lang) -> String {
    format!("/public?date={day}&lang={}", lang.messages().code)
}

/// The public figures of `day` (computed once per day and kept until the next
/// report is filed), with the trend chart.
pub async fn figures(
    state: &AppState,
    day: Day,
    lang: Lang,
) -> Result<Arc<PublicAnswer>, ApiError> {
    // A day whose reports are not yet all due changes with the clock.
    let settled = day < state.pending_from();
    if settled && let Some(hit) = state.public.get(day) {
        return Ok(hit);
    }
    let generation = state.public.generation();
    let on = view::status_on(state, day, lang).await?;
    let (root_code, name, districts) = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let root = view::existing_root(tree)?;
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
            cum_confirmed: d.cum_confirmed,
            cum_dead: d.cum_dead,
            cum_cured: d.cum_cured,
        })
        .collect();
    let annotations = state.store.annotations(Some(&root_code)).await?;
    let headline = [Lang::Zh, Lang::En]
        .map(|lang| crate::headline::strip(&published, &annotations, day, lang));
    let chart = [
        view::trend(
            state,
            &root_code,
            day,
            Lang::Zh,
            None,
            &public_here(day, Lang::Zh),
        )
        .await?
        .chart,
        view::trend(
            state,
            &root_code,
            day,
            Lang::En,
            None,
            &public_here(day, Lang::En),
        )
        .await?
        .chart,
    ];
    let phases = phase_periods(state, &root_code).await?;
    let inspections = published_inspections(state, day).await?;
    let body = PublicFigures {
        date: day.to_string(),
        unit: root_code.to_string(),
        name,
        series,
        phases,
        districts,
        inspections,
    };
    // The JSON is the same for every client: encode it once per day and data.
    let json = serde_json::to_string(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let answer = PublicAnswer {
        figures: body,
        chart,
        headline,
        json,
    };
    if !settled {
        return Ok(Arc::new(answer));
    }
    Ok(state.public.put(day, answer, generation))
}

/// How many days of inspections the public page publishes.
const PUBLISHED_INSPECTION_DAYS: i32 = 30;

/// The inspections of the days up to `day`, without inspector or note.
async fn published_inspections(
    state: &AppState,
    day: Day,
) -> Result<Vec<PublicInspection>, ApiError> {
    let from = day.plus_days(1 - PUBLISHED_INSPECTION_DAYS).unwrap_or(day);
    let stored = state.store.inspections(from, day).await?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    Ok(stored
        .iter()
        .map(|i| PublicInspection {
            date: i.day.to_string(),
            unit: i.unit.to_string(),
            name: tree
                .get(&i.unit)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            outcome: i.outcome.name().to_string(),
            not_in_place: i
                .found
                .missing()
                .iter()
                .map(|m| m.field().to_string())
                .collect(),
        })
        .collect())
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

/// The day a public query asks about: today (at most the last day with data) by default.
pub fn day_of(state: &AppState, q: &PublicQuery) -> Result<Day, ApiError> {
    match q.date.as_deref().filter(|d| !d.is_empty()) {
        None => Ok(state.clock.today().min(state.last_day)),
        Some(d) => Day::parse(d).map_err(|e| ApiError::Invalid {
            field: "date",
            message: e.to_string(),
        }),
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
        let shared = figures(&state, day, q.lang.unwrap_or_default()).await?;
        Ok::<_, ApiError>(shared.json.clone())
    }
    .await;
    match result {
        Ok(body) => cached(&headers, "application/json", body),
        Err(e) => e.into_response(),
    }
}

/// A public answer with its cache headers: `Cache-Control`, and an `ETag` from
/// the body, so a client that has it gets a 304 with no body.
pub fn cached(headers: &HeaderMap, content_type: &'static str, body: String) -> Response {
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
