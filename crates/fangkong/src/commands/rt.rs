//! `fangkong rt`: Rt and the doubling or halving time of a unit's series.

use fangkong_domain::trend::outlook::outlook;
use fangkong_domain::trend::phases;
use fangkong_domain::trend::rt::{RtCache, RtSettings, SerialInterval};
use fangkong_store::Store;

use super::{code_arg, rejected_arg};
use crate::cli::{RtArgs, SeriesSource};
use crate::derive::rules;
use crate::output::{Cell, Format, Table};

/// Runs `rt`.
pub async fn run(
    store: &Store,
    args: RtArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let code = code_arg("CODE", &args.code)?;
    let si = SerialInterval::new(args.si_mean, args.si_sd)
        .map_err(|e| rejected_arg("--si-mean/--si-sd", e.to_string()))?;
    if args.window == 0 {
        return Err(rejected_arg("--window", "a window is at least 1 day".into()).into());
    }
    let settings = RtSettings {
        serial_interval: si,
        window: args.window,
        ..RtSettings::default()
    };
    let (source, data, annotations) =
        super::phases::trend_series(store, &code, args.source).await?;
    if data.is_empty() {
        anyhow::bail!("{code} has no series to estimate Rt from");
    }
    // The trend's figures: each day less the part its annotations leave out.
    let trend: Vec<_> = phases(&data, &annotations, &rules.phases)
        .series
        .iter()
        .map(|t| (t.day, t.trend_value))
        .collect();
    let rows = outlook(&trend, &settings, &mut RtCache::default())?;
    if args.format == Format::Json {
        let doc = serde_json::json!({
            "unit": code.as_str(),
            "source": match source { SeriesSource::Published => "published", SeriesSource::Reports => "reports" },
            "settings": settings,
            "min_cases": settings.min_cases(),
            "windows": rows,
        });
        crate::out!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    let mut table = Table::new(&[
        "window_start",
        "window_end",
        "mean",
        "median",
        "q025",
        "q975",
        "sd",
        "cases",
        "too_few_cases",
        "missing_data",
        "growth_rate",
        "doubling_time",
        "doubling_low",
        "doubling_high",
    ]);
    let est = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Estimate);
    for r in &rows {
        let p = r.rt.posterior;
        let g = r.growth;
        table.push(vec![
            r.rt.start.to_string().into(),
            r.rt.end.to_string().into(),
            est(p.map(|p| p.mean)),
            est(p.map(|p| p.median)),
            est(p.map(|p| p.q025)),
            est(p.map(|p| p.q975)),
            est(p.map(|p| p.sd)),
            r.rt.cases.into(),
            r.rt.too_few_cases.into(),
            r.rt.missing_data.into(),
            est(g.map(|g| g.rate)),
            est(g.map(|g| g.doubling_time)),
            est(g.and_then(|g| g.time_interval).map(|i| i.0)),
            est(g.and_then(|g| g.time_interval).map(|i| i.1)),
        ]);
    }
    if args.format == Format::Table {
        crate::out!(
            "{code}: Rt over {}-day windows, serial interval mean {} sd {} days (Cori et al. 2013, as EpiEstim); a window flagged too_few_cases has fewer than {} cases",
            settings.window,
            si.mean,
            si.sd,
            settings.min_cases()
        );
    }
    table.print(args.format)
}
