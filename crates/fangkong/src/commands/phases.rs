//! `fangkong phases`: trend periods, milestones and annotations of a unit's series.

use fangkong_domain::trend::phases;
use fangkong_store::Store;
use serde_json::json;

use super::code_arg;
use crate::cli::{PhasesArgs, SeriesSource};
use crate::derive::rules;
use crate::output::{Format, Table};
use fangkong_store::series;

/// The series a unit's trend reads (`source`, or the published figures where
/// the unit has them and the sum of its reports otherwise), with its
/// annotations ([`series::trend`]).
pub(super) async fn trend_series(
    store: &Store,
    code: &fangkong_domain::UnitCode,
    source: Option<SeriesSource>,
) -> anyhow::Result<(
    SeriesSource,
    Vec<(fangkong_domain::Day, Option<i64>)>,
    Vec<fangkong_domain::Annotation>,
)> {
    let wanted = source.map(|s| match s {
        SeriesSource::Published => series::Source::Published,
        SeriesSource::Reports => series::Source::Reports,
    });
    let (source, data, annotations) = series::trend(store, code, wanted).await?;
    let source = match source {
        series::Source::Published => SeriesSource::Published,
        series::Source::Reports => SeriesSource::Reports,
    };
    Ok((source, data, annotations))
}

/// Runs `phases`.
pub async fn run(
    store: &Store,
    args: PhasesArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let code = code_arg("CODE", &args.code)?;
    let (source, data, annotations) = trend_series(store, &code, args.source).await?;
    if data.is_empty() {
        anyhow::bail!(
            "{code} has no {} series",
            match source {
                SeriesSource::Published => "published",
                SeriesSource::Reports => "reported",
            }
        );
    }
    let p = phases(&data, &annotations, &rules.phases);
    let source_name = match source {
        SeriesSource::Published => "published",
        SeriesSource::Reports => "reports",
    };
    match args.format {
        Format::Json => {
            let doc = json!({
                "unit": code.as_str(),
                "source": source_name,
                "rules": { "high_from": rules.phases.high_from, "middle_from": rules.phases.middle_from, "low_from": rules.phases.low_from, "confirm_days": rules.phases.confirm_days },
                "peak": p.peak.map(|(day, value)| json!({"day": day, "value": value})),
                "periods": p.periods,
                "milestones": p.milestones,
                "current": p.current().map(|c| c.band),
            });
            crate::out!("{}", serde_json::to_string_pretty(&doc)?);
            Ok(())
        }
        format => {
            let mut table = Table::new(&["band", "start", "end", "days", "annotations"]);
            for period in &p.periods {
                table.push(vec![
                    period.band.name().into(),
                    period.start.to_string().into(),
                    period.end.to_string().into(),
                    period.days.into(),
                    period
                        .annotations
                        .iter()
                        .map(|a| format!("{} {}", a.day, a.kind))
                        .collect::<Vec<_>>()
                        .join("; ")
                        .into(),
                ]);
            }
            if format == Format::Table {
                crate::out!(
                    "{code}: {source_name} series, {} days; peak {}",
                    p.series.len(),
                    p.peak
                        .map(|(d, v)| format!("{v} on {d}"))
                        .unwrap_or_else(|| "none".into())
                );
            }
            table.print(format)?;
            if format == Format::Table {
                for m in &p.milestones {
                    crate::out!(
                        "milestone: first day in the {} band after the peak: {} ({})",
                        m.band,
                        m.day,
                        m.value
                    );
                }
            }
            Ok(())
        }
    }
}
