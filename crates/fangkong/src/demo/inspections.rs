//! The demo's inspections and passes (synthetic, and marked so): an
//! inspector roster for Jiang'an (one inspector belonging to each
//! subdistrict, two from the city), a season of plans drawn every few days
//! by the same rule as `inspections plan` — a few visits failing, each
//! followed by a passing re-inspection, one holding a compound's
//! epidemic-free status back meanwhile — and passes for the compounds of
//! 保成社区.

use std::collections::HashMap;

use fangkong_domain::config::RulesConfig;
use fangkong_domain::inspections::{Candidate, Inspector, Risk, assign_inspectors, plan};
use fangkong_domain::movement::{Purpose, levels_on};
use fangkong_domain::report::{Measure, MeasuresInPlace};
use fangkong_domain::unit::UnitIndex;
use fangkong_domain::{Day, UnitCode, UnitKind, UnitTree};
use fangkong_store::{NewInspection, NewInspector, Store};
use fangkong_web::pass_check::{self, PassRequest};
use jiff::Timestamp;

use super::DEMO_COMMUNITY;
use super::registry::{DISTRICT, GIVEN, SURNAMES};
use super::rng::SplitMix64;

/// Marks every note the demo writes.
const SYNTHETIC: &str = "（合成数据）";

/// What an inspector notes when a measure is not in place.
fn lapse_note(m: Measure) -> &'static str {
    match m {
        Measure::ClosedManagement => "门岗无人值守，外来人员未登记即可进出",
        Measure::Screening => "排查台账停在三天前，新入住住户未登记",
        Measure::Disinfection => "垃圾站当日未消杀，无消杀记录",
        Measure::Supplies => "团购物资无人配送，老人反映已断菜两天",
        Measure::Stability => "楼栋长不在岗，居民聚集未劝散",
        Measure::Publicity => "公告栏仍张贴过期通知",
    }
}

/// What the demo's inspections hold.
pub struct Built {
    /// Inspectors on the roster.
    pub inspectors: usize,
    /// Inspections recorded.
    pub inspections: usize,
    /// Of which failed.
    pub failed: usize,
    /// Passes issued.
    pub passes: usize,
}

fn name(rng: &mut SplitMix64) -> String {
    let s = SURNAMES[rng.between(0, SURNAMES.len() as u32 - 1) as usize];
    let g = GIVEN[rng.between(0, GIVEN.len() as u32 - 1) as usize];
    format!("{s}{g}")
}

/// Builds the roster, the season of inspections from `start` through `end`
/// (the day before the demo's today), and the passes of 保成社区 from `today`.
pub async fn build(
    store: &Store,
    rules: &RulesConfig,
    seed: u64,
    (start, end, today): (Day, Day, Day),
    now: Timestamp,
) -> anyhow::Result<Built> {
    let mut rng = SplitMix64::stream(seed, 0x1A5);
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, today, start, today, None).await?;
    let tree: &UnitTree = loaded.engine.tree();
    let district = tree
        .index_of(&UnitCode::parse(DISTRICT)?)
        .ok_or_else(|| anyhow::anyhow!("the demo district {DISTRICT} is missing"))?;

    // The roster: one inspector of each subdistrict, two of the city.
    let mut roster: Vec<NewInspector> = tree
        .children(district)
        .iter()
        .filter(|&&s| tree.unit(s).kind == UnitKind::Subdistrict)
        .enumerate()
        .map(|(k, &s)| NewInspector {
            code: format!("JA-{:02}", k + 1),
            name: name(&mut rng),
            unit: Some(tree.unit(s).code.clone()),
            account: None,
        })
        .collect();
    for k in 1..=2 {
        roster.push(NewInspector {
            code: format!("WH-{k:02}"),
            name: name(&mut rng),
            unit: None,
            account: None,
        });
    }
    store.put_inspectors(&roster, now, "demo").await?;
    let stored = store.inspectors().await?;
    let inspectors: Vec<Inspector> = stored
        .iter()
        .map(|i| Inspector {
            id: i.id,
            unit: i.unit.as_ref().and_then(|c| tree.index_of(c)),
        })
        .collect();

    // The season: a plan every four days, risk from the reports' events.
    let leaves: Vec<UnitIndex> = tree
        .subtree(district)
        .into_iter()
        .filter(|&i| tree.is_reporting(i))
        .collect();
    let grid = loaded.engine.grid();
    let mut last: HashMap<UnitIndex, (Day, bool, Option<i64>)> = HashMap::new();
    let mut visits: Vec<NewInspection> = Vec::new();
    let mut reinspect: Vec<(Day, UnitIndex, i64)> = Vec::new();
    let first = Day::parse("2020-03-02")?;
    // The one failure whose hold the README tells of.
    let forced = Day::parse("2020-04-19")?;
    let mut day = first;
    while day <= end {
        let candidates: Vec<Candidate> = leaves
            .iter()
            .filter_map(|&leaf| {
                let slot = grid.slot(leaf)?;
                let event_days = (1..=rules.inspections.lookback_days as i32)
                    .filter_map(|k| day.plus_days(-k).and_then(|d| grid.offset(d)))
                    .filter(|&k| grid.get(slot, k).has_event())
                    .count() as u32;
                let previous = last.get(&leaf);
                Some(Candidate {
                    unit: leaf,
                    risk: Risk {
                        event_days,
                        days_since_inspection: previous
                            .map(|(d, _, _)| u32::try_from(day.offset_from(*d)).unwrap_or(0)),
                        failed_last: previous.is_some_and(|(_, passed, _)| !passed),
                        ..Risk::default()
                    },
                })
            })
            .collect();
        let mut drawn = plan(
            &candidates,
            &rules.inspections,
            5,
            seed ^ day.offset_from(first) as u64,
        );
        assign_inspectors(&mut drawn, &inspectors, tree, |u| {
            last.get(&u).and_then(|l| l.2)
        });
        for (k, pick) in drawn.picks.iter().enumerate() {
            let Some(inspector) = pick.inspector.map(|i| &stored[i]) else {
                continue;
            };
            let fails = (day == forced && k == 0) || rng.chance(0.08);
            let mut found = MeasuresInPlace::ALL;
            let mut note = format!("{SYNTHETIC}六项措施均落实到位");
            if fails {
                let m = Measure::ALL[rng.between(0, 5) as usize];
                found = found.with(m, false);
                note = format!("{SYNTHETIC}{}", lapse_note(m));
                let back = day
                    .plus_days(if day == forced { 4 } else { 3 })
                    .unwrap_or(day);
                reinspect.push((back, pick.unit, inspector.id));
            }
            let time = jiff::civil::time(9 + (k as i8), 30, 0, 0);
            visits.push(NewInspection {
                unit: tree.unit(pick.unit).code.clone(),
                day,
                at: day.at_shanghai(time).unwrap_or(now),
                inspector: Some(inspector.code.clone()),
                announced: k % 3 == 2,
                found,
                note,
                photo: None,
            });
            last.insert(pick.unit, (day, !fails, Some(inspector.id)));
        }
        // Re-inspections due by the next plan, by the same inspector.
        let next = day.plus_days(4).unwrap_or(day);
        for &(back, unit, inspector_id) in
            reinspect.iter().filter(|(b, _, _)| *b < next && *b <= end)
        {
            let code = stored
                .iter()
                .find(|i| i.id == inspector_id)
                .map(|i| i.code.clone());
            visits.push(NewInspection {
                unit: tree.unit(unit).code.clone(),
                day: back,
                at: back
                    .at_shanghai(jiff::civil::time(15, 0, 0, 0))
                    .unwrap_or(now),
                inspector: code,
                announced: true,
                found: MeasuresInPlace::ALL,
                note: format!("{SYNTHETIC}复查：问题已整改"),
                photo: None,
            });
            last.insert(unit, (back, true, Some(inspector_id)));
        }
        reinspect.retain(|(b, _, _)| *b >= next && *b <= end);
        day = next;
    }
    visits.sort_by_key(|v| v.at);
    let recorded = store.record_inspections(&visits, now, "demo").await?;
    let failed = recorded
        .iter()
        .filter(|i| i.outcome == fangkong_domain::inspections::InspectionOutcome::Failed)
        .count();

    // Passes for 保成社区's compounds, where their level on today allows.
    let loaded =
        fangkong_store::load_engine(store, &rules.certification, today, start, today, None).await?;
    let tree = loaded.engine.tree();
    let pending = Some(rules.quality.deadline.pending_from(now));
    let levels = levels_on(&loaded.engine, &rules.movement, today, pending)
        .ok_or_else(|| anyhow::anyhow!("{today} is outside the demo's reports"))?;
    let community = tree
        .index_of(&UnitCode::parse(DEMO_COMMUNITY)?)
        .ok_or_else(|| anyhow::anyhow!("the demo community is missing"))?;
    let mut passes = 0;
    for &compound in tree.children(community) {
        let Some(level) = levels.levels[compound as usize].as_ref() else {
            continue;
        };
        for _ in 0..2 {
            let holder = name(&mut rng);
            let request = PassRequest {
                unit: tree.unit(compound).code.as_str(),
                holder: &holder,
                purpose: Purpose::Essential,
                from: today,
                days: 7,
                max_days: rules.inspections.pass_max_days,
            };
            if pass_check::issue(store, &request, Some(level.level), now, "demo")
                .await
                .is_ok()
            {
                passes += 1;
            }
        }
    }
    Ok(Built {
        inspectors: roster.len(),
        inspections: recorded.len(),
        failed,
        passes,
    })
}
