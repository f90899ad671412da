//! What a viewer may see of units and their figures, gathered from the engine:
//! rows per unit, figures per kind, the trend, and the parameters that name a
//! day or a unit. Shared by every face (the pages, the JSON API, appeals,
//! disputes), so none of them reaches into another.

use crate::i18n::catalogue::{self, Arg};
use std::sync::Arc;

use crate::rt_chart::rt_svg;
use fangkong_domain::certify::{Engine, Holdback, StatusOn, UnitStatus};
use fangkong_domain::quality::Deadline;
use fangkong_domain::unit::{UnitIndex, UnitTree};
use fangkong_domain::{Day, UnitCode, UnitKind};

use crate::AppState;
use crate::chart::trend_figure;
use crate::error::ApiError;
use crate::i18n::{Lang, kind_name};
use serde::Deserialize;
use utoipa::IntoParams;

/// A special place with a case on the day.
pub struct Alert {
    /// Its name.
    pub name: String,
    /// Its page.
    pub href: String,
}

/// One kind's epidemic-free figures.
pub struct KindRow {
    /// The kind's name in files.
    pub kind: &'static str,
    /// The kind's name on the page.
    pub label: &'static str,
    /// Epidemic-free units.
    pub free: usize,
    /// Units waiting only for reports not yet due.
    pub pending: usize,
    /// All units.
    pub total: usize,
    /// The share, e.g. `5.5%`.
    pub percent: String,
}

/// One unit in a drill-down table.
pub struct UnitRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind, as shown.
    pub kind: &'static str,
    /// Epidemic-free.
    pub free: bool,
    /// Waiting only for reports not yet due.
    pub pending: bool,
    /// Clean days.
    pub zero_days: u32,
    /// Earliest free day.
    pub earliest: String,
    /// Why not.
    pub reason: String,
    /// Its page.
    pub href: String,
}

/// The `date` parameter, or the last day with data.
pub fn day_param(state: &AppState, date: Option<&str>) -> Result<Day, ApiError> {
    match date.filter(|d| !d.is_empty()) {
        None => Ok(state.last_day),
        Some(d) => Day::parse(d).map_err(|e| ApiError::Invalid {
            field: "date",
            message: e.to_string(),
        }),
    }
}

/// The `code` path segment as a unit code, or a 422 naming it.
pub fn code_param(text: &str) -> Result<UnitCode, ApiError> {
    UnitCode::parse(text).map_err(|e| ApiError::Invalid {
        field: "code",
        message: e.to_string(),
    })
}

/// The `unit` query parameter as a unit code (a 422 naming `unit`), or the
/// account's scope where it is absent or empty.
pub fn unit_or_scope(
    text: Option<&str>,
    viewer: &crate::auth::Viewer,
) -> Result<UnitCode, ApiError> {
    match text.filter(|u| !u.is_empty()) {
        Some(u) => code_param(u).map_err(|e| match e {
            ApiError::Invalid { message, .. } => ApiError::Invalid {
                field: "unit",
                message,
            },
            other => other,
        }),
        None => Ok(viewer.account.scope.clone()),
    }
}

/// Checks that `viewer` may do `action` on unit `code` in the loaded tree: a 404
/// for an unknown unit, a 403 (audited as `access.{what}` on `target`) for a refusal.
pub async fn authorize(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    code: &UnitCode,
    action: fn(UnitIndex) -> fangkong_domain::access::Action,
    what: &str,
    target: &str,
) -> Result<(), ApiError> {
    let decision = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        viewer.principal().may(action(unit_in(tree, code)?), tree)
    };
    match decision {
        Ok(()) => Ok(()),
        Err(denied) => Err(crate::auth::refuse(state, viewer, what, target, denied).await),
    }
}

/// The units directly under `unit` whose figures `principal` may read.
pub fn readable_children(
    principal: &fangkong_domain::access::Principal,
    tree: &UnitTree,
    unit: UnitIndex,
) -> Vec<UnitIndex> {
    use fangkong_domain::access::Action;
    tree.children(unit)
        .iter()
        .copied()
        .filter(|&u| principal.may(Action::ReadFigures(u), tree).is_ok())
        .collect()
}

/// The unit's index in the engine's tree, or a 404.
pub fn unit_in(tree: &UnitTree, code: &UnitCode) -> Result<UnitIndex, ApiError> {
    tree.index_of(code)
        .ok_or_else(|| ApiError::NotFound(format!("unit {code} is not in the tree")))
}

/// Why a unit is not epidemic-free, in the page's language.
pub fn reason(
    tree: &UnitTree,
    s: &UnitStatus,
    window: u32,
    deadline: &Deadline,
    lang: Lang,
) -> String {
    let name = |i: UnitIndex| Arg::from(tree.unit(i).name.clone());
    let said = |id: &str, args: &[(&str, Arg)]| catalogue::format(lang, id, args);
    match s.holdback {
        None => String::new(),
        Some(Holdback::Event { leaf, day }) => said(
            "reason-event",
            &[
                ("day", day.to_string().into()),
                ("unit", name(leaf)),
                ("clean", s.zero_days.into()),
                ("window", window.into()),
            ],
        ),
        Some(Holdback::NotYetDue { leaf, day }) => {
            let due = deadline
                .due(day)
                .map(|t| Day::shanghai_time(t).strftime("%m-%d %H:%M").to_string())
                .unwrap_or_default();
            said(
                "reason-pending",
                &[
                    ("day", day.to_string().into()),
                    ("unit", name(leaf)),
                    ("due", due.into()),
                ],
            )
        }
        Some(Holdback::MissingReport { leaf, day }) => said(
            "reason-missing",
            &[("day", day.to_string().into()), ("unit", name(leaf))],
        ),
        Some(Holdback::ShortHistory { since }) => said(
            "reason-short-history",
            &[
                ("since", since.to_string().into()),
                ("clean", s.zero_days.into()),
                ("window", window.into()),
            ],
        ),
        Some(Holdback::Inspection { leaf, day }) => said(
            "reason-inspection",
            &[("unit", name(leaf)), ("day", day.to_string().into())],
        ),
        Some(Holdback::Measures { leaf, in_place }) => {
            let missing: Vec<&str> = in_place
                .missing()
                .iter()
                .map(|m| catalogue::label(lang, "measure", m.field()))
                .collect();
            said(
                "reason-measures",
                &[
                    ("unit", name(leaf)),
                    (
                        "measures",
                        missing.join(catalogue::text(lang, "list-separator")).into(),
                    ),
                ],
            )
        }
    }
}

/// Sorts and filters drill-down rows as the query asks.
pub fn sort_and_filter(mut rows: Vec<UnitRow>, q: &PageQuery) -> Result<Vec<UnitRow>, ApiError> {
    match q.free.as_deref().filter(|f| !f.is_empty()) {
        None => {}
        Some("yes") => rows.retain(|r| r.free),
        Some("no") => rows.retain(|r| !r.free),
        Some(other) => {
            return Err(ApiError::Invalid {
                field: "free",
                message: format!("'{other}' is not yes or no"),
            });
        }
    }
    match q.sort.as_deref().filter(|s| !s.is_empty()) {
        None | Some("code") => rows.sort_by(|a, b| a.code.cmp(&b.code)),
        Some("name") => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        Some("zero_days") => {
            rows.sort_by(|a, b| (a.zero_days, &a.code).cmp(&(b.zero_days, &b.code)))
        }
        Some("earliest") => {
            rows.sort_by(|a, b| (&b.earliest, &a.code).cmp(&(&a.earliest, &b.code)))
        }
        Some(other) => {
            return Err(ApiError::Invalid {
                field: "sort",
                message: format!("'{other}' is not code, name, zero_days or earliest"),
            });
        }
    }
    Ok(rows)
}

/// Every unit's status on `day`, or a 422 naming the date in `lang`.
pub async fn status_on(state: &AppState, day: Day, lang: Lang) -> Result<Arc<StatusOn>, ApiError> {
    state
        .status_on(day)
        .await
        .ok_or_else(|| outside_the_data(day, lang))
}

/// The 422 of a day the engine holds no grid for.
pub fn outside_the_data(day: Day, lang: Lang) -> ApiError {
    ApiError::Invalid {
        field: "date",
        message: catalogue::format(
            lang,
            "date-outside-data",
            &[("day", day.to_string().into())],
        ),
    }
}

/// The statuses of `day` and of the day before (for gains and losses).
pub async fn day_and_before(
    state: &AppState,
    day: Day,
    lang: Lang,
) -> Result<(Arc<StatusOn>, Option<Arc<StatusOn>>), ApiError> {
    let on = status_on(state, day, lang).await?;
    let before = match day.plus_days(-1) {
        Some(d) => state.status_on(d).await,
        None => None,
    };
    Ok((on, before))
}

/// Rows for `units` on the day of `on`.
pub fn unit_rows(
    engine: &Engine,
    on: &StatusOn,
    units: &[UnitIndex],
    state: &AppState,
    lang: Lang,
) -> Result<Vec<UnitRow>, ApiError> {
    let day = on.day;
    let tree = engine.tree();
    let window = state.rules.certification.window_days;
    let code = lang.messages().code;
    Ok(units
        .iter()
        .map(|&u| {
            let r = tree.unit(u);
            let s = &on.units[u as usize];
            UnitRow {
                code: r.code.to_string(),
                name: r.name.clone(),
                kind: kind_name(r.kind, lang),
                free: s.epidemic_free,
                pending: s.pending,
                zero_days: s.zero_days,
                earliest: s.earliest_free.to_string(),
                reason: reason(tree, s, window, &state.rules.quality.deadline, lang),
                href: format!("/units/{}?date={day}&lang={code}", r.code),
            }
        })
        .collect())
}

/// The map's figure of each of `units` (children of one unit) on a day: how
/// many of the reporting units below it are epidemic-free, of how many. One
/// pass over the tree.
pub fn map_shades(
    tree: &UnitTree,
    on: &StatusOn,
    units: &[UnitIndex],
    lang: Lang,
) -> Vec<crate::map::Shade> {
    let mut counts = vec![(0usize, 0usize); units.len()];
    let mut slot: Vec<Option<usize>> = vec![None; tree.len()];
    for (at, &u) in units.iter().enumerate() {
        slot[u as usize] = Some(at);
    }
    for i in 0..tree.len() as UnitIndex {
        if !tree.is_reporting(i) {
            continue;
        }
        let mut up = Some(i);
        while let Some(u) = up {
            if let Some(at) = slot[u as usize] {
                counts[at].0 += usize::from(on.units[i as usize].epidemic_free);
                counts[at].1 += 1;
                break;
            }
            up = tree.parent(u);
        }
    }
    let code = lang.messages().code;
    units
        .iter()
        .zip(counts)
        .map(|(&u, (free, reporting))| {
            let r = tree.unit(u);
            crate::map::Shade {
                code: r.code.to_string(),
                name: r.name.clone(),
                href: format!("/units/{}?date={}&lang={code}", r.code, on.day),
                free,
                reporting,
            }
        })
        .collect()
}

/// How many reporting units reported on `day`; none outside the grid.
pub fn received_on(grid: &fangkong_domain::certify::ReportGrid, day: Day) -> Option<usize> {
    let at = grid.offset(day)?;
    Some(
        (0..grid.slots())
            .filter(|&s| grid.get(s, at).is_reported())
            .count(),
    )
}

/// Kinds, completeness, events and alerts of one day (`before`: the day before).
#[allow(clippy::type_complexity)]
pub fn dashboard_figures(
    engine: &Engine,
    on: &StatusOn,
    before: Option<&StatusOn>,
    lang: Lang,
) -> Result<(Vec<KindRow>, usize, usize, usize, usize, Vec<Alert>), ApiError> {
    let day = on.day;
    let outside = || outside_the_data(day, lang);
    let tree = engine.tree();
    // One pass over the units, counting by kind.
    let mut free = [0usize; UnitKind::ALL.len()];
    let mut pending = [0usize; UnitKind::ALL.len()];
    let mut total = [0usize; UnitKind::ALL.len()];
    for (i, s) in on.units.iter().enumerate() {
        let k = tree.unit(i as u32).kind as usize;
        total[k] += 1;
        free[k] += usize::from(s.epidemic_free);
        pending[k] += usize::from(s.pending);
    }
    let kinds = UnitKind::ALL
        .into_iter()
        .enumerate()
        .filter(|&(k, _)| total[k] > 0)
        .map(|(k, kind)| KindRow {
            kind: kind.name(),
            label: kind_name(kind, lang),
            free: free[k],
            pending: pending[k],
            total: total[k],
            percent: format!("{:.1}%", 100.0 * free[k] as f64 / total[k] as f64),
        })
        .collect();
    let grid = engine.grid();
    let offset = grid.offset(day).ok_or_else(outside)?;
    let expected = grid.slots();
    let received = received_on(grid, day).ok_or_else(outside)?;
    let (mut gained, mut lost) = (0, 0);
    if let Some(before) = before {
        for (b, a) in before.units.iter().zip(&on.units) {
            // Pending is neither a gain nor a loss: its reports are not yet due.
            match (b.epidemic_free, a.epidemic_free, a.pending) {
                (false, true, _) => gained += 1,
                (true, false, false) => lost += 1,
                _ => {}
            }
        }
    }
    let alerts = (0..expected)
        .filter(|&s| {
            tree.unit(grid.leaf(s)).kind == UnitKind::SpecialPlace
                && grid.get(s, offset).has_event()
        })
        .map(|s| {
            let u = tree.unit(grid.leaf(s));
            Alert {
                name: u.name.clone(),
                href: format!("/units/{}?date={day}", u.code),
            }
        })
        .collect();
    Ok((kinds, received, expected, gained, lost, alerts))
}

/// The series a unit's trend reads (`source`: `published` or `reports`;
/// default: published where the unit has it), with its annotations.
pub async fn series_of(
    state: &AppState,
    code: &UnitCode,
    source: Option<&str>,
) -> Result<
    (
        &'static str,
        Vec<(Day, Option<i64>)>,
        Vec<fangkong_domain::Annotation>,
    ),
    ApiError,
> {
    use fangkong_store::series::Source;
    let source = match source {
        None => None,
        Some("published") => Some(Source::Published),
        Some("reports") => Some(Source::Reports),
        Some(other) => {
            return Err(ApiError::Invalid {
                field: "source",
                message: format!("'{other}' is not published or reports"),
            });
        }
    };
    let (source, series, annotations) =
        fangkong_store::series::trend(&state.store, code, source).await?;
    Ok((source.name(), series, annotations))
}

/// The phases in one line, in the page's language: the periods, a zero period
/// saying how many days with scattered cases it holds; or, for a series that
/// never reaches ten a day, that it has too few cases for phases.
pub fn phases_line(
    p: &fangkong_domain::trend::Phases,
    rules: &fangkong_domain::trend::PhaseRules,
    lang: Lang,
) -> String {
    if !p.meaningful(rules) {
        let (days, cases) = p.cases();
        return catalogue::format(
            lang,
            "phases-none",
            &[
                ("low", rules.low_from.into()),
                ("days", days.into()),
                ("cases", cases.into()),
            ],
        );
    }
    p.periods
        .iter()
        .map(|x| {
            let label = catalogue::label(lang, "band", x.band.name());
            let scattered = match p.days_with_cases(x) {
                n if x.band == fangkong_domain::trend::Band::Zero && n > 0 => {
                    catalogue::format(lang, "phases-scattered", &[("days", n.into())])
                }
                _ => String::new(),
            };
            format!("{label}{scattered} {}–{}", x.start, x.end)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A unit's trend: its chart, a one-line summary of its phases, and Rt under it
/// (its chart and the latest well-founded estimate up to `day`).
pub struct TrendView {
    /// The trend chart (SVG).
    pub chart: String,
    /// The phases in one line.
    pub phases_line: String,
    /// The Rt chart (SVG), on the same days.
    pub rt_chart: String,
    /// The Rt of the last window ending on or before the day, in words.
    pub rt_line: String,
}

/// The trend of a unit: its published series, or the sum of its reports, on
/// `scale` (default: the one that fits its counts), with a switch to the other
/// linking to `here` (the page's address and query).
pub async fn trend(
    state: &AppState,
    code: &UnitCode,
    day: Day,
    lang: Lang,
    scale: Option<crate::chart::Scale>,
    here: &str,
) -> Result<TrendView, ApiError> {
    let stored = state
        .trends
        .get_or(
            code.clone(),
            crate::page_cache::Follows::ReportsAndData,
            &state.reports_generation,
            &state.store,
            async || {
                Ok::<_, ApiError>(
                    crate::derived_trend::derive(&state.store, code, &state.rules.phases).await?,
                )
            },
        )
        .await?;
    let (p, windows) = (&stored.phases, &stored.windows);
    let phases_line = phases_line(p, &state.rules.phases, lang);
    // Rt is said only where the window's cases outweigh the prior: the latest
    // window ending by the day, if it rests on enough cases.
    let latest = windows
        .iter()
        .rev()
        .find(|w| w.rt.end <= day && w.rt.posterior.is_some());
    let rt_line = match latest {
        Some(w) if !w.rt.too_few_cases => w.rt.posterior.map_or_else(String::new, |p| {
            catalogue::format(
                lang,
                "rt-line",
                &[
                    ("mean", format!("{:.2}", p.mean).into()),
                    ("low", format!("{:.2}", p.q025).into()),
                    ("high", format!("{:.2}", p.q975).into()),
                    ("from", w.rt.start.to_string().into()),
                    ("to", w.rt.end.to_string().into()),
                    ("cases", w.rt.cases.into()),
                ],
            )
        }),
        Some(w) => catalogue::format(
            lang,
            "rt-too-few",
            &[
                ("from", w.rt.start.to_string().into()),
                ("to", w.rt.end.to_string().into()),
                ("cases", w.rt.cases.into()),
            ],
        ),
        None => String::new(),
    };
    // No chart where no window ever rests on enough cases (a compound, a
    // quiet community): it would draw the prior, not the epidemic.
    let founded = windows
        .iter()
        .any(|w| !w.rt.too_few_cases && w.rt.posterior.is_some());
    let rt_chart = match (p.series.first(), p.series.last(), founded) {
        (Some(f), Some(l), true) => rt_svg(f.day, l.day, windows, Some(day), lang),
        _ => String::new(),
    };
    Ok(TrendView {
        chart: trend_figure(
            p,
            Some(day),
            lang,
            p.meaningful(&state.rules.phases),
            scale,
            here,
        ),
        phases_line,
        rt_chart,
        rt_line,
    })
}

/// The day asked about.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateQuery {
    /// The day (YYYY-MM-DD); default: the last day with data.
    pub date: Option<String>,
}

/// The query every page accepts.
#[derive(Debug, Deserialize, Default)]
pub struct PageQuery {
    /// The day shown (default: the last day with data).
    pub date: Option<String>,
    /// The language (default: Simplified Chinese).
    pub lang: Option<Lang>,
    /// How to sort the drill-down table: `code` (default), `name`, `zero_days`
    /// (fewest clean days first) or `earliest` (latest earliest-free day first).
    pub sort: Option<String>,
    /// Only epidemic-free units (`yes`) or only the others (`no`).
    pub free: Option<String>,
    /// The trend chart's scale: `linear` or `log` (default: the one that fits).
    pub scale: Option<String>,
    /// The page of the day's reports (unit pages), from 1.
    pub page: Option<String>,
    /// What the dashboard's map is shaded by: `free` (default), `new` or
    /// `unreported`.
    pub map: Option<String>,
}

impl PageQuery {
    /// The chart's scale asked for (anything else: the one that fits).
    pub fn scale(&self) -> Option<crate::chart::Scale> {
        self.scale.as_deref().and_then(crate::chart::Scale::parse)
    }
}

/// The root of a tree that has units (a 404 for an empty one).
pub fn existing_root(tree: &UnitTree) -> Result<UnitIndex, ApiError> {
    tree.roots()
        .next()
        .ok_or_else(|| ApiError::NotFound("the tree is empty".into()))
}

/// The root of the tree: the city, whose queue holds the unrouted appeals.
pub fn root(tree: &UnitTree) -> UnitIndex {
    tree.roots().next().unwrap_or(0)
}
