//! What the offices' map of districts is shaded by: the share of reporting
//! units epidemic-free (the default), the new confirmed cases the reports
//! under each district count on the day, or the reporting units whose report
//! of the day is not in (not yet due, or late).

use std::sync::Arc;

use fangkong_domain::Day;
use fangkong_domain::certify::ReportGrid;
use fangkong_domain::unit::{UnitIndex, UnitTree};

use crate::AppState;
use crate::day_sums::DaySums;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::catalogue::{format as say, label};
use crate::map::MapView;
use crate::map::count::{Count, counts};
use crate::places::Boundaries;

/// What a map is shaded by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapMeasure {
    /// The share of reporting units epidemic-free.
    #[default]
    Free,
    /// New confirmed cases in the day's reports.
    New,
    /// Reporting units without the day's report.
    Unreported,
}

impl MapMeasure {
    /// Every measure, in the switch's order.
    pub const ALL: [MapMeasure; 3] = [MapMeasure::Free, MapMeasure::New, MapMeasure::Unreported];

    /// Its name in links.
    pub fn code(self) -> &'static str {
        match self {
            MapMeasure::Free => "free",
            MapMeasure::New => "new",
            MapMeasure::Unreported => "unreported",
        }
    }

    /// The measure named `text`; a name not known is a 422 naming `map`.
    pub fn parse(text: Option<&str>, lang: Lang) -> Result<MapMeasure, ApiError> {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(MapMeasure::default()),
            Some(t) => MapMeasure::ALL
                .into_iter()
                .find(|m| m.code() == t)
                .ok_or_else(|| ApiError::invalid_value("map", t, lang)),
        }
    }

    /// Its name in `lang`, for the switch.
    pub fn label(self, lang: Lang) -> &'static str {
        label(lang, "map-measure", self.code())
    }
}

/// The day's sums, kept until a report is filed or the data moves.
pub async fn day_sums(state: &AppState, day: Day) -> Result<Arc<DaySums>, ApiError> {
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    state
        .day_sums
        .get_or(
            (day, tree.len()),
            crate::page_cache::Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || {
                let keys = fangkong_store::TreeKeys::new(&loaded.units, tree);
                let latest = state.store.confirmed_counts(day, day).await?;
                let of_day = latest
                    .iter()
                    .flat_map(|(_, m)| m.iter())
                    .filter_map(|(&id, &n)| Some((keys.get(id)?, n)));
                Ok::<_, ApiError>(DaySums::of(tree, of_day))
            },
        )
        .await
}

/// The reporting units under each of `units` whose report of `day` is not in.
pub fn unreported_under(
    tree: &UnitTree,
    grid: &ReportGrid,
    units: &[UnitIndex],
    day: Day,
) -> Option<Vec<u64>> {
    let at = grid.offset(day)?;
    let mut slot: Vec<Option<usize>> = vec![None; tree.len()];
    for (i, &u) in units.iter().enumerate() {
        slot[u as usize] = Some(i);
    }
    let mut out = vec![0u64; units.len()];
    for s in 0..grid.slots() {
        if grid.get(s, at).is_reported() {
            continue;
        }
        let mut up = Some(grid.leaf(s));
        while let Some(u) = up {
            if let Some(i) = slot[u as usize] {
                out[i] += 1;
                break;
            }
            up = tree.parent(u);
        }
    }
    Some(out)
}

/// The districts' map shaded by a count: new cases or reports not in.
/// `due` says whether the day's reports are due (late, not merely pending).
#[allow(clippy::too_many_arguments)]
pub fn count_map(
    tree: &UnitTree,
    units: &[UnitIndex],
    values: &[Option<u64>],
    measure: MapMeasure,
    due: bool,
    day: Day,
    lang: Lang,
) -> MapView {
    let (title_id, area_id) = match (measure, due) {
        (MapMeasure::New, _) => ("map-title-new", "map-area-new"),
        (_, true) => ("map-title-late", "map-area-late"),
        (_, false) => ("map-title-pending", "map-area-pending"),
    };
    let code = lang.messages().code;
    let figures: Vec<Count> = units
        .iter()
        .zip(values)
        .map(|(&u, &value)| {
            let r = tree.unit(u);
            Count {
                code: r.code.to_string(),
                name: r.name.clone(),
                label: r.name.clone(),
                href: Some(format!("/units/{}?date={day}&lang={code}", r.code)),
                count: value,
                words: say(
                    lang,
                    area_id,
                    &[
                        ("name", r.name.as_str().into()),
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
    counts(
        Boundaries::WuhanDistricts,
        &figures,
        say(lang, title_id, &[("date", day.to_string().into())]),
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_is_named_in_links_and_a_wrong_name_is_refused() {
        assert_eq!(
            MapMeasure::parse(None, Lang::Zh).ok(),
            Some(MapMeasure::Free)
        );
        assert_eq!(
            MapMeasure::parse(Some(""), Lang::Zh).ok(),
            Some(MapMeasure::Free)
        );
        for m in MapMeasure::ALL {
            assert_eq!(MapMeasure::parse(Some(m.code()), Lang::En).ok(), Some(m));
            assert_ne!(m.label(Lang::Zh), m.label(Lang::En));
        }
        assert!(matches!(
            MapMeasure::parse(Some("deaths"), Lang::En),
            Err(ApiError::Invalid { field: "map", .. })
        ));
    }
}
