//! What the public sees for one day (信息公開), as kept in the day cache until
//! the next report is filed: no personal data (no reporter, no remark, no
//! account).

use serde::Serialize;

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
    /// The inspections of the 30 days up to the day, published (一公开):
    /// unit, outcome and the measures not in place; no inspector, no note.
    pub inspections: Vec<PublicInspection>,
}

/// One inspection as published.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicInspection {
    /// The day.
    pub date: String,
    /// The unit's code.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// `passed` or `failed`.
    pub outcome: String,
    /// The measures not in place (their names in files).
    pub not_in_place: Vec<String>,
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
    /// Confirmed so far, as published.
    pub cum_confirmed: Option<i64>,
    /// Deaths so far, as published.
    pub cum_dead: Option<i64>,
    /// Cured so far, as published.
    pub cum_cured: Option<i64>,
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
    /// The headline figures of the day, in Chinese and in English (none: the
    /// day was not published).
    pub headline: [Option<crate::headline::HeadlineStrip>; 2],
    /// The figures as JSON.
    pub json: String,
}
