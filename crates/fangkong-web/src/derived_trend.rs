//! `DerivedTrend`: what a unit's trend derives from its series whatever the
//! day shown or the language, the phases and the Rt windows; kept between
//! requests in [`crate::AppState::trends`] and drawn per request by
//! [`crate::view::trend`].

use fangkong_domain::trend::PhaseRules;
use fangkong_domain::trend::outlook::{Outlook, outlook};
use fangkong_domain::trend::rt::{RtCache, RtSettings};
use fangkong_domain::trend::{Phases, phases};
use fangkong_domain::{Annotation, Day};

/// A series cut into phases, with Rt over sliding windows of its trend.
pub struct DerivedTrend {
    /// The series cut into phases.
    pub phases: Phases,
    /// Rt over sliding windows of the trend.
    pub windows: Vec<Outlook>,
}

impl DerivedTrend {
    /// Derives the phases and Rt of `series` under `annotations`.
    pub fn of(
        series: &[(Day, Option<i64>)],
        annotations: &[Annotation],
        rules: &PhaseRules,
    ) -> DerivedTrend {
        let phases = phases(series, annotations, rules);
        let trend: Vec<(Day, Option<i64>)> = phases
            .series
            .iter()
            .map(|t| (t.day, t.trend_value))
            .collect();
        let windows =
            outlook(&trend, &RtSettings::default(), &mut RtCache::default()).unwrap_or_default();
        DerivedTrend { phases, windows }
    }
}

/// The trend of unit `code` as its page shows it: its published series (or
/// the sum of its reports) cut into phases under `rules`, with Rt.
pub async fn derive(
    store: &fangkong_store::Store,
    code: &fangkong_domain::UnitCode,
    rules: &PhaseRules,
) -> Result<DerivedTrend, fangkong_store::StoreError> {
    let (_, series, annotations) = fangkong_store::series::trend(store, code, None).await?;
    Ok(DerivedTrend::of(&series, &annotations, rules))
}
