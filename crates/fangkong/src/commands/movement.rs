//! `fangkong movement`: the level in force for every unit on a day, and why;
//! the levels the pass commands check against.

use fangkong_domain::certify::Engine;
use fangkong_domain::config::RulesConfig;
use fangkong_domain::movement::{Levels, Why, levels_on};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{Loaded, Store};

use super::status::reason_text;
use super::{date_or_today, scope};
use crate::cli::MovementArgs;
use crate::derive::rules;
use crate::output::{Cell, Table};

/// The engine over `day` and the day before, with what is pending now.
pub(crate) async fn engine_for(
    store: &Store,
    rules: &RulesConfig,
    day: Day,
) -> anyhow::Result<(Loaded, Option<Day>)> {
    let before = day.plus_days(-1).unwrap_or(day);
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, day, before, day, None).await?;
    let pending = crate::clock::pending_from(store, &rules.quality.deadline).await?;
    Ok((loaded, Some(pending)))
}

/// Every unit's level on `day`.
pub(crate) fn levels<'a>(
    engine: &Engine,
    rules: &'a RulesConfig,
    day: Day,
    pending: Option<Day>,
) -> anyhow::Result<Levels<'a>> {
    levels_on(engine, &rules.movement, day, pending)
        .ok_or_else(|| anyhow::anyhow!("{day} is outside the reports kept"))
}

/// The level of one unit, by code.
pub(crate) fn level_of(
    engine: &Engine,
    levels: &Levels<'_>,
    code: &str,
) -> Option<fangkong_domain::movement::MovementLevel> {
    let code = UnitCode::parse(code).ok()?;
    let i = engine.tree().index_of(&code)?;
    levels.levels[i as usize].as_ref().map(|l| l.level.clone())
}

/// Why a unit stands at its level, in words.
pub(crate) fn why_text(engine: &Engine, levels: &Levels<'_>, i: usize, why: &Why) -> String {
    match why {
        Why::Free { days, after_days } => {
            format!("epidemic-free, {days} days beyond the first (this level from {after_days})")
        }
        Why::Pending { days, .. } => format!(
            "today's report not yet due: the day before's level holds (epidemic-free, {days} days beyond the first)"
        ),
        Why::NotFree { .. } => format!(
            "not epidemic-free: {}",
            reason_text(
                engine.tree(),
                &levels.status.units[i],
                engine.rules().window_days
            )
        ),
    }
}

/// Runs `movement`.
pub async fn run(
    store: &Store,
    args: MovementArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let day = date_or_today(store, args.date.as_deref()).await?;
    let (loaded, pending) = engine_for(store, &rules, day).await?;
    let engine = &loaded.engine;
    let levels = levels(engine, &rules, day, pending)?;
    let tree = engine.tree();
    let units = scope(tree, args.under.as_deref(), &format!(" on {day}"))?;
    let mut table = Table::new(&[
        "unit_code",
        "name",
        "kind",
        "level",
        "label",
        "space",
        "leave_for",
        "hours",
        "why",
    ]);
    for i in units {
        let Some(l) = &levels.levels[i as usize] else {
            continue;
        };
        let unit = tree.unit(i);
        let leave: Vec<&str> = l.level.leave_for.iter().map(|p| p.name()).collect();
        table.push(vec![
            unit.code.as_str().into(),
            unit.name.as_str().into(),
            unit.kind.name().into(),
            l.level.name.as_str().into(),
            l.level.label_zh.as_str().into(),
            l.level.space.name().into(),
            leave.join(";").into(),
            l.level.hours.clone().unwrap_or_default().into(),
            Cell::from(why_text(engine, &levels, i as usize, &l.why)),
        ]);
    }
    table.print(args.format)
}
