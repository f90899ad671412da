//! `GET /api/v1/rt/{code}`: Rt over sliding windows (Cori et al. 2013, as
//! EpiEstim) and the doubling or halving time, from the series the phases use.

use axum::Json;
use axum::extract::{Path, Query, State};
use fangkong_domain::access::Action;
use fangkong_domain::trend::outlook::outlook;
use fangkong_domain::trend::phases;
use fangkong_domain::trend::rt::{RtCache, RtSettings, SerialInterval};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::view;

/// The estimate's settings.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RtQuery {
    /// The serial interval's mean in days (default 4.7, Nishiura et al. 2020).
    pub si_mean: Option<f64>,
    /// Its standard deviation in days (default 2.9).
    pub si_sd: Option<f64>,
    /// Days per window (default 7).
    pub window: Option<usize>,
    /// `published` or `reports` (default: published where the unit has it).
    pub source: Option<String>,
}

/// One window.
#[derive(Debug, Serialize, ToSchema)]
pub struct RtRow {
    /// Its first day.
    pub window_start: String,
    /// Its last day.
    pub window_end: String,
    /// The posterior mean (null: no estimate for this window).
    pub mean: Option<f64>,
    /// The posterior median.
    pub median: Option<f64>,
    /// The 2.5% quantile.
    pub q025: Option<f64>,
    /// The 97.5% quantile.
    pub q975: Option<f64>,
    /// The posterior standard deviation.
    pub sd: Option<f64>,
    /// Cases in the window.
    pub cases: i64,
    /// Fewer cases than a posterior CV of 0.3 needs: the prior weighs more.
    pub too_few_cases: bool,
    /// The window reads a missing day: no estimate.
    pub missing_data: bool,
    /// The daily growth rate of a log-linear fit over the window's days.
    pub growth_rate: Option<f64>,
    /// Days to double (negative: days to halve).
    pub doubling_time: Option<f64>,
    /// The 95% interval of that time, where bounded.
    pub doubling_low: Option<f64>,
    /// Its upper end.
    pub doubling_high: Option<f64>,
}

/// Rt of a unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct RtResponse {
    /// The unit.
    pub unit: String,
    /// `published` or `reports`.
    pub source: String,
    /// The serial interval's mean.
    pub si_mean: f64,
    /// Its standard deviation.
    pub si_sd: f64,
    /// Days per window.
    pub window: usize,
    /// The fewest cases a window needs not to be flagged.
    pub min_cases: f64,
    /// The windows, in date order.
    pub windows: Vec<RtRow>,
}

/// The reproduction number Rt of a unit over sliding windows, by the method of
/// Cori et al. (2013) as EpiEstim computes it (parametric serial interval, gamma
/// prior of mean 5 and sd 5), with each window's doubling or halving time.
#[utoipa::path(get, path = "/api/v1/rt/{code}", params(("code" = String, Path, description = "The unit's code"), RtQuery),
    responses((status = 200, body = RtResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_rt(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(code): Path<String>,
    Query(q): Query<RtQuery>,
) -> Result<Json<RtResponse>, ApiError> {
    let code = view::code_param(&code)?;
    let si =
        SerialInterval::new(q.si_mean.unwrap_or(4.7), q.si_sd.unwrap_or(2.9)).map_err(|e| {
            ApiError::Invalid {
                field: "si_mean",
                message: e.to_string(),
            }
        })?;
    let window = q.window.unwrap_or(7);
    let settings = RtSettings {
        serial_interval: si,
        window,
        ..RtSettings::default()
    };
    settings.check().map_err(|e| ApiError::Invalid {
        field: "window",
        message: e.to_string(),
    })?;
    view::authorize(
        &state,
        &viewer,
        &code,
        Action::ReadFigures,
        "rt",
        code.as_str(),
    )
    .await?;
    let (source, series, annotations) = view::series_of(&state, &code, q.source.as_deref()).await?;
    let trend: Vec<_> = phases(&series, &annotations, &state.rules.phases)
        .series
        .iter()
        .map(|t| (t.day, t.trend_value))
        .collect();
    let rows =
        outlook(&trend, &settings, &mut RtCache::default()).map_err(|e| ApiError::Invalid {
            field: "source",
            message: e.to_string(),
        })?;
    Ok(Json(RtResponse {
        unit: code.to_string(),
        source: source.to_string(),
        si_mean: si.mean,
        si_sd: si.sd,
        window,
        min_cases: settings.min_cases(),
        windows: rows
            .iter()
            .map(|r| {
                let p = r.rt.posterior;
                let g = r.growth;
                RtRow {
                    window_start: r.rt.start.to_string(),
                    window_end: r.rt.end.to_string(),
                    mean: p.map(|p| p.mean),
                    median: p.map(|p| p.median),
                    q025: p.map(|p| p.q025),
                    q975: p.map(|p| p.q975),
                    sd: p.map(|p| p.sd),
                    cases: r.rt.cases,
                    too_few_cases: r.rt.too_few_cases,
                    missing_data: r.rt.missing_data,
                    growth_rate: g.map(|g| g.rate),
                    doubling_time: g.map(|g| g.doubling_time),
                    doubling_low: g.and_then(|g| g.time_interval).map(|i| i.0),
                    doubling_high: g.and_then(|g| g.time_interval).map(|i| i.1),
                }
            })
            .collect(),
    }))
}
