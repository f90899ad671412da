//! The movement board as the pages and the API ask for it: for each unit
//! under the chosen one that the viewer may read, the level in force on a
//! day (where residents may go, what they may leave for, hours) and why,
//! and how many reporting units beneath stand at each level.

use fangkong_domain::Day;
use fangkong_domain::access::Action;
use std::sync::Arc;

use fangkong_domain::certify::{Engine, StatusOn};
use fangkong_domain::movement::{
    LevelInForce, MovementLevel, MovementPolicy, Why, level_in_force, levels_from,
};
use fangkong_domain::unit::UnitIndex;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::i18n::catalogue::format as say;
use crate::view;

/// The movement board's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MovementQuery {
    /// The unit whose units are shown (default: the account's scope).
    pub unit: Option<String>,
    /// The day (default: the last day with data).
    pub date: Option<String>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// A level as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LevelShown {
    /// Its name in files.
    pub name: String,
    /// Its label in the reader's language.
    pub label: String,
    /// How far residents may go (`home`, `compound`, `community`, `subdistrict`, `district`).
    pub space: String,
    /// What they may leave for, with a pass (`essential`, `work`, `farm`).
    pub leave_for: Vec<String>,
    /// Hours they may be out, if limited.
    pub hours: Option<String>,
}

impl LevelShown {
    /// A level in the reader's language.
    pub fn of(level: &MovementLevel, lang: Lang) -> LevelShown {
        LevelShown {
            name: level.name.clone(),
            label: match lang {
                Lang::Zh => level.label_zh.clone(),
                Lang::En => level.label_en.clone(),
            },
            space: level.space.name().to_string(),
            leave_for: level
                .leave_for
                .iter()
                .map(|p| p.name().to_string())
                .collect(),
            hours: level.hours.clone(),
        }
    }
}

/// One unit under the chosen one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MovementRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Its own level, where its kind has one (compounds, villages,
    /// communities, special places).
    pub level: Option<LevelShown>,
    /// Why it stands there, in the reader's language.
    pub why: Option<String>,
    /// Reporting units beneath (itself, if it reports) at each level, in
    /// the order of `levels`.
    pub counts: Vec<usize>,
    /// Its own board, where it has units under it.
    pub href: Option<String>,
}

/// The levels of the units under one unit on one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MovementBoard {
    /// The unit's code.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The day.
    pub date: String,
    /// Every configured level, strictest first.
    pub levels: Vec<LevelShown>,
    /// The unit itself.
    pub own: MovementRow,
    /// One row per readable unit under it, in the tree's order.
    pub rows: Vec<MovementRow>,
}

/// Every unit's status on a day and the day before, as of now (cached):
/// what the levels of the day follow.
pub struct DayStatuses {
    /// The day's.
    pub today: Arc<StatusOn>,
    /// The day before's.
    pub yesterday: Option<Arc<StatusOn>>,
}

impl DayStatuses {
    /// The statuses of `day` and the day before; `None` outside the data.
    /// Asked before the engine is locked for reading (they lock it themselves).
    pub async fn of(state: &AppState, day: Day) -> Option<DayStatuses> {
        let today = state.status_on(day).await?;
        let yesterday = match day.plus_days(-1) {
            Some(d) => state.status_on(d).await,
            None => None,
        };
        Some(DayStatuses { today, yesterday })
    }

    /// The level of every unit of `engine`'s tree.
    pub fn levels<'a>(
        &self,
        engine: &Engine,
        policy: &'a MovementPolicy,
    ) -> Vec<Option<LevelInForce<'a>>> {
        levels_from(
            engine.tree(),
            policy,
            &self.today,
            self.yesterday.as_deref(),
            engine.rules().window_days,
        )
    }

    /// The level of one unit.
    pub fn level_of<'a>(
        &self,
        engine: &Engine,
        policy: &'a MovementPolicy,
        i: UnitIndex,
    ) -> Option<LevelInForce<'a>> {
        let k = i as usize;
        level_in_force(
            policy,
            engine.tree().unit(i).kind,
            self.today.units.get(k)?,
            self.yesterday.as_ref().and_then(|y| y.units.get(k)),
            engine.rules().window_days,
        )
    }
}

/// Why a unit stands at its level, in words.
pub fn why_text(
    state: &AppState,
    engine: &Engine,
    status: &StatusOn,
    i: UnitIndex,
    why: &Why,
    lang: Lang,
) -> String {
    match why {
        Why::Free { days, after_days } => say(
            lang,
            "movement-why-free",
            &[("days", (*days).into()), ("after", (*after_days).into())],
        ),
        Why::Pending { days, .. } => say(lang, "movement-why-pending", &[("days", (*days).into())]),
        Why::NotFree { .. } => say(
            lang,
            "movement-why-not-free",
            &[(
                "reason",
                view::reason(
                    engine.tree(),
                    &status.units[i as usize],
                    engine.rules().window_days,
                    &state.rules.quality.deadline,
                    lang,
                )
                .into(),
            )],
        ),
    }
}

/// A pass checked today, as the guard's page and the API answer it.
pub struct PassToday {
    /// The day checked.
    pub day: Day,
    /// The pass, once its signature holds.
    pub pass: Option<fangkong_domain::pass::Pass>,
    /// Valid, or why not.
    pub result: Result<(), fangkong_domain::pass::Refusal>,
    /// Its unit's code and name (the code where the tree has no such unit).
    pub unit: Option<(String, String)>,
    /// The level in force for its unit today.
    pub level: Option<MovementLevel>,
}

/// Checks `token` today: the signature and the pass kept
/// ([`crate::pass_check::read`]), then the level of its unit from the day's
/// cached statuses, then the pass's own conditions.
pub async fn pass_today(state: &AppState, token: &str) -> Result<PassToday, ApiError> {
    let day = state.clock.today();
    let read = crate::pass_check::read(&state.store, token).await?;
    let statuses = DayStatuses::of(state, day).await;
    let r = match read {
        Err(refusal) => {
            return Ok(PassToday {
                day,
                pass: None,
                result: Err(refusal),
                unit: None,
                level: None,
            });
        }
        Ok(r) => r,
    };
    let (unit, level) = {
        let loaded = state.engine.read().await;
        let engine = &loaded.engine;
        let tree = engine.tree();
        match fangkong_domain::UnitCode::parse(&r.pass.unit)
            .ok()
            .and_then(|c| tree.index_of(&c))
        {
            Some(i) => (
                (r.pass.unit.clone(), tree.unit(i).name.clone()),
                statuses
                    .as_ref()
                    .and_then(|s| s.level_of(engine, &state.rules.movement, i))
                    .map(|l| l.level.clone()),
            ),
            None => ((r.pass.unit.clone(), r.pass.unit.clone()), None),
        }
    };
    Ok(PassToday {
        day,
        result: crate::pass_check::judge(&r, day, level.as_ref()),
        pass: Some(r.pass),
        unit: Some(unit),
        level,
    })
}

/// The board for the query, access checked: the viewer must read the
/// unit's figures, and sees only the units under it that it may read.
pub async fn board(
    state: &AppState,
    viewer: &Viewer,
    q: &MovementQuery,
) -> Result<MovementBoard, ApiError> {
    let lang = q.lang.unwrap_or_default();
    let unit = view::unit_or_scope(q.unit.as_deref(), viewer)?;
    view::authorize(
        state,
        viewer,
        &unit,
        Action::ReadFigures,
        "movement",
        unit.as_str(),
    )
    .await?;
    let day = view::day_param(state, q.date.as_deref())?;
    let statuses = DayStatuses::of(state, day)
        .await
        .ok_or_else(|| ApiError::invalid_value("date", &day.to_string(), lang))?;
    let loaded = state.engine.read().await;
    let engine = &loaded.engine;
    let tree = engine.tree();
    let at = view::unit_in(tree, &unit)?;
    let levels = statuses.levels(engine, &state.rules.movement);
    let names: Vec<&str> = state
        .rules
        .movement
        .levels
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    let row = |i: UnitIndex| {
        let u = tree.unit(i);
        let mut counts = vec![0usize; names.len()];
        for leaf in tree
            .subtree(i)
            .into_iter()
            .filter(|&l| tree.is_reporting(l))
        {
            if let Some(k) = levels[leaf as usize]
                .as_ref()
                .and_then(|l| names.iter().position(|n| *n == l.level.name))
            {
                counts[k] += 1;
            }
        }
        let own = levels[i as usize].as_ref();
        MovementRow {
            code: u.code.to_string(),
            name: u.name.clone(),
            kind: u.kind.name().to_string(),
            level: own.map(|l| LevelShown::of(l.level, lang)),
            why: own.map(|l| why_text(state, engine, &statuses.today, i, &l.why, lang)),
            counts,
            href: (!tree.children(i).is_empty()).then(|| here(u.code.as_str(), day, lang)),
        }
    };
    let rows = view::readable_children(&viewer.principal(), tree, at)
        .into_iter()
        .map(row)
        .collect();
    Ok(MovementBoard {
        unit: unit.to_string(),
        unit_name: tree.unit(at).name.clone(),
        date: day.to_string(),
        levels: state
            .rules
            .movement
            .levels
            .iter()
            .map(|l| LevelShown::of(l, lang))
            .collect(),
        own: row(at),
        rows,
    })
}

/// The movement page of `unit` on `day`.
pub fn here(unit: &str, day: Day, lang: Lang) -> String {
    format!(
        "/movement?unit={unit}&date={day}&lang={}",
        lang.messages().code
    )
}
