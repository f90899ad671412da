//! Inspections as the pages and the API ask for them: the findings under a
//! unit over a period (access: reading its reports), and recording one
//! (access: recording inspections at its unit, asked before anything is
//! validated), after which the engine's holds are read again.

use fangkong_domain::access::{Action, ActionKind};
use fangkong_domain::inspections::InspectionOutcome;
use fangkong_domain::report::{Measure, MeasuresInPlace};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{NewInspection, Photo, StoredInspection};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::catalogue::{format as say, label, text};
use crate::limits::checked;
use crate::view;
use fangkong_domain::limits::TextKind;

/// The findings' query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    /// The unit whose units' inspections are shown (default: the account's scope).
    pub unit: Option<String>,
    /// The first day (default: 30 days before `to`).
    pub from: Option<String>,
    /// The last day (default: the last day with data).
    pub to: Option<String>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// One inspection as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InspectionRow {
    /// Its key.
    pub id: i64,
    /// The day.
    pub date: String,
    /// The time of the visit (Asia/Shanghai, HH:MM).
    pub time: String,
    /// The unit's code.
    pub unit: String,
    /// The unit's name.
    pub unit_name: String,
    /// `passed` or `failed`.
    pub outcome: String,
    /// The measures found not in place (their names in files).
    pub not_in_place: Vec<String>,
    /// The measures the day's report attested and the inspector did not
    /// find: data-truth findings (their names in files).
    pub attested_not_found: Vec<String>,
    /// Whether the unit had reported that day when the finding was recorded.
    pub reported: bool,
    /// An open inspection (明查) rather than an unannounced one (暗访).
    pub announced: bool,
    /// The inspector's roster code and name.
    pub inspector: Option<String>,
    /// The inspector's note.
    pub note: String,
    /// The photo, where one is kept.
    pub photo: Option<String>,
}

/// The inspections under a unit over a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InspectionBoard {
    /// The unit's code.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// Visits in the period.
    pub visits: usize,
    /// Of which failed.
    pub failed: usize,
    /// Of which contradict what the unit attested.
    pub contradicting: usize,
    /// The inspections, newest first.
    pub rows: Vec<InspectionRow>,
}

/// A measure's name in the reader's language.
pub fn measure_name(lang: Lang, m: Measure) -> String {
    label(lang, "measure", m.field()).to_string()
}

/// One stored inspection as shown, its unit's name from `name`.
pub fn row(i: &StoredInspection, unit_name: String) -> InspectionRow {
    let fields = |ms: Vec<Measure>| ms.iter().map(|m| m.field().to_string()).collect();
    InspectionRow {
        id: i.id,
        date: i.day.to_string(),
        time: Day::shanghai_time(i.at).strftime("%H:%M").to_string(),
        photo: i
            .has_photo
            .then(|| format!("/inspections/{}/{}/photo", i.unit, i.id)),
        unit: i.unit.to_string(),
        unit_name,
        outcome: i.outcome.name().to_string(),
        not_in_place: fields(i.found.missing()),
        attested_not_found: fields(i.contradicted.clone()),
        reported: i.attested.is_some(),
        announced: i.announced,
        inspector: i.inspector.as_ref().map(|(c, n)| format!("{n} ({c})")),
        note: i.note.clone(),
    }
}

/// The board for the query, access checked: reading the unit's reports.
pub async fn board(
    state: &AppState,
    viewer: &Viewer,
    q: &InspectionQuery,
) -> Result<InspectionBoard, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let unit = view::unit_or_scope(q.unit.as_deref(), viewer)?;
    view::authorize(
        state,
        viewer,
        &unit,
        Action::ReadReports,
        "inspections",
        unit.as_str(),
    )
    .await?;
    let to = view::day_param(state, q.to.as_deref())?;
    let from = match q.from.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => Day::parse(f).map_err(|_| ApiError::invalid_value("from", f, lang))?,
        None => to.plus_days(-30).unwrap_or(to),
    };
    let stored = state.store.inspections(from, to).await?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let at = view::unit_in(tree, &unit)?;
    let rows: Vec<InspectionRow> = stored
        .iter()
        .filter_map(|i| {
            let u = tree.index_of(&i.unit)?;
            tree.is_within(u, at)
                .then(|| row(i, tree.unit(u).name.clone()))
        })
        .collect();
    Ok(InspectionBoard {
        unit: unit.to_string(),
        unit_name: tree.unit(at).name.clone(),
        from: from.to_string(),
        to: to.to_string(),
        visits: rows.len(),
        failed: rows
            .iter()
            .filter(|r| r.outcome == InspectionOutcome::Failed.name())
            .count(),
        contradicting: rows
            .iter()
            .filter(|r| !r.attested_not_found.is_empty())
            .count(),
        rows,
    })
}

/// An inspection to record, as the form and the API send it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct InspectionRequest {
    /// The reporting unit inspected.
    pub unit: String,
    /// The day (default today).
    pub date: Option<String>,
    /// The time of the visit, HH:MM Asia/Shanghai (default now).
    pub time: Option<String>,
    /// The inspector's roster code.
    pub inspector: String,
    /// An open inspection (明查); default unannounced (暗访).
    #[serde(default)]
    pub announced: bool,
    /// The measures found in place (their names in files); the others were not.
    #[serde(default)]
    pub in_place: Vec<String>,
    /// What the inspector noted.
    #[serde(default)]
    pub note: String,
    /// A photo (JPEG or PNG; its EXIF and location are removed), in base64
    /// through the API, a file through the form.
    #[serde(default)]
    pub photo_base64: Option<String>,
    /// The photo's bytes (the form's file).
    #[serde(skip)]
    pub photo: Option<Vec<u8>>,
}

fn invalid(
    field: &'static str,
    lang: Lang,
    id: &str,
    args: &[(&str, crate::i18n::catalogue::Arg)],
) -> ApiError {
    ApiError::Invalid {
        field,
        message: say(lang, id, args),
    }
}

/// Records an inspection: the viewer must record inspections at the unit
/// (asked first); then the unit (a reporting unit), the day (not after
/// today), the inspector (on the roster, not of the unit), the measures, the
/// note and the photo are checked; then it is kept, and the engine's holds
/// are read again.
pub async fn record(
    state: &AppState,
    viewer: &Viewer,
    r: &InspectionRequest,
    lang: Lang,
) -> Result<StoredInspection, ApiError> {
    crate::auth::authorize_units(
        state,
        viewer,
        ActionKind::RecordInspections,
        [r.unit.as_str()],
    )
    .await?;
    let unit =
        UnitCode::parse(&r.unit).map_err(|_| ApiError::invalid_value("unit", &r.unit, lang))?;
    let today = state.clock.today();
    let day = match r.date.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Day::parse(d).map_err(|_| ApiError::invalid_value("date", d, lang))?,
        None => today,
    };
    if day > today {
        return Err(invalid(
            "date",
            lang,
            "inspection-error-future",
            &[("day", day.to_string().into())],
        ));
    }
    let time = match r.time.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => jiff::civil::Time::strptime("%H:%M", t)
            .map_err(|_| ApiError::invalid_value("time", t, lang))?,
        None => Day::shanghai_time(state.clock.now()).time(),
    };
    let inspectors = state.store.inspectors().await?;
    let inspector = inspectors
        .iter()
        .find(|i| i.code == r.inspector.trim())
        .ok_or_else(|| {
            invalid(
                "inspector",
                lang,
                "inspection-error-inspector",
                &[("code", r.inspector.clone().into())],
            )
        })?;
    {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let at = tree
            .index_of(&unit)
            .filter(|&i| tree.is_reporting(i))
            .ok_or_else(|| {
                invalid(
                    "unit",
                    lang,
                    "inspection-error-not-reporting",
                    &[("unit", r.unit.clone().into())],
                )
            })?;
        if let Some(home) = inspector.unit.as_ref().and_then(|c| tree.index_of(c))
            && tree.is_within(at, home)
        {
            return Err(invalid(
                "inspector",
                lang,
                "inspection-error-own-unit",
                &[
                    ("inspector", inspector.name.clone().into()),
                    ("unit", tree.unit(home).name.clone().into()),
                ],
            ));
        }
    }
    let mut found = MeasuresInPlace::NONE;
    for m in &r.in_place {
        let measure =
            Measure::from_field(m).ok_or_else(|| ApiError::invalid_value("in_place", m, lang))?;
        found = found.with(measure, true);
    }
    let note = checked(state, "note", TextKind::Note, &r.note)?;
    let bytes = match (&r.photo, &r.photo_base64) {
        (Some(b), _) if !b.is_empty() => Some(b.clone()),
        (_, Some(t)) if !t.is_empty() => Some(
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, t.trim())
                .map_err(|_| invalid("photo_base64", lang, "inspection-error-photo-format", &[]))?,
        ),
        _ => None,
    };
    let photo = match bytes {
        None => None,
        Some(b) => {
            let max = state.rules.inspections.photo_max_bytes;
            if b.len() > max {
                return Err(invalid(
                    "photo",
                    lang,
                    "inspection-error-photo-size",
                    &[("max", (max / 1024).into())],
                ));
            }
            let clean = fangkong_exchange::photo::strip_exif(&b)
                .map_err(|_| invalid("photo", lang, "inspection-error-photo-format", &[]))?;
            Some(Photo {
                bytes: clean.bytes,
                media_type: clean.media_type.to_string(),
            })
        }
    };
    let at = day.at_shanghai(time).unwrap_or_else(|| state.clock.now());
    let recorded = state
        .store
        .record_inspections(
            &[NewInspection {
                unit,
                day,
                at,
                inspector: Some(inspector.code.clone()),
                announced: r.announced,
                found,
                note,
                photo,
            }],
            crate::appeals::now(state),
            viewer.name(),
        )
        .await?;
    state.reload_holds().await?;
    recorded
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound(text(lang, "inspection-title").to_string()))
}
