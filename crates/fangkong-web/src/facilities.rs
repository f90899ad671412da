//! The facility board: beds in use and free by kind on a day, per facility,
//! and each facility's occupancy over the fortnight before it, so admission is
//! planned against real capacity. One answer for the page and the JSON API.

use fangkong_domain::registry::facility::Bed;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;
use crate::truth::TruthQuery;

/// One facility on the board.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacilityRow {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// `designated_hospital`, `shelter_hospital` or `isolation_site`.
    pub kind: String,
    /// The unit it stands in.
    pub unit: String,
    /// Beds by kind (ordinary, severe, critical).
    pub beds: [u32; 3],
    /// In use by kind on the day.
    pub used: [u32; 3],
    /// Free by kind (negative when more are in use than there are beds).
    pub free: [i64; 3],
    /// Beds in use in all, on each day of the series.
    pub series: Vec<u32>,
    /// Whether a kind the facility has is full (for the page).
    #[serde(skip)]
    pub full: [bool; 3],
}

/// The board of a day with the fortnight before it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacilityBoard {
    /// The day.
    pub date: String,
    /// The days of the series, oldest first (the day last).
    pub days: Vec<String>,
    /// One row per facility.
    pub facilities: Vec<FacilityRow>,
}

/// The board on `date` (default: the last day with data).
pub async fn board(state: &AppState, date: Option<&str>) -> Result<FacilityBoard, ApiError> {
    let day = TruthQuery::day("date", date, state.clock.today())?;
    let from = day.plus_days(-13).unwrap_or(day);
    // The facilities and their stays, kept until the registry or the
    // facilities move (reports do not touch them).
    let kept = state
        .occupancy
        .get_or(
            (from, day),
            crate::page_cache::Follows::Data,
            &state.reports_generation,
            &state.store,
            async || state.store.occupancy(from, day).await,
        )
        .await?;
    let (facilities, series) = (&kept.0, &kept.1);
    let empty = Default::default();
    let on = series.last().map_or(&empty, |(_, u)| u);
    let rows = facilities
        .iter()
        .map(|f| {
            let used_of = |in_use: &std::collections::HashMap<(String, Bed), u32>, b: Bed| {
                in_use.get(&(f.code.clone(), b)).copied().unwrap_or(0)
            };
            let used = Bed::ALL.map(|b| used_of(on, b));
            FacilityRow {
                code: f.code.clone(),
                name: f.name.clone(),
                kind: f.kind.name().to_string(),
                unit: f.unit.to_string(),
                beds: f.beds,
                used,
                free: [0, 1, 2].map(|k| i64::from(f.beds[k]) - i64::from(used[k])),
                full: [0, 1, 2].map(|k| f.beds[k] > 0 && used[k] >= f.beds[k]),
                series: series
                    .iter()
                    .map(|(_, u)| Bed::ALL.iter().map(|b| used_of(u, *b)).sum())
                    .collect(),
            }
        })
        .collect();
    Ok(FacilityBoard {
        date: day.to_string(),
        days: series.iter().map(|(d, _)| d.to_string()).collect(),
        facilities: rows,
    })
}
