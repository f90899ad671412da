//! Benchmarks of the certification engine (issue #3's targets), side by side:
//!
//! - Wuhan scale, on the demo database (10,741 units, 9,063 reporting units, 102
//!   days): the status of every unit for one date (≤ 5 ms), every unit on every day
//!   of the season (≤ 200 ms), the update after one new or corrected report
//!   (≤ 100 µs), loading the engine from SQLite (≤ 2 s), and the same one-date
//!   answer from one straightforward SQL query in SQLite, for the ratio; an
//!   inspection plan over every reporting unit, and every unit's movement level
//!   on one date (issue 22).
//! - National scale, synthetic (700,000 reporting units × 100 days, built in
//!   memory): one date (≤ 300 ms). Peak memory is printed once the fixture exists.
//!
//! Run: `cargo bench -p fangkong --bench engine`.

use std::sync::OnceLock;

use divan::Bencher;
use fangkong::derive::rules;
use fangkong_domain::certify::{Cell, CertificationRules, Engine, ReportGrid};
use fangkong_domain::config::RulesConfig;
use fangkong_domain::report::{Measure, MeasuresInPlace};
use fangkong_domain::unit::{UnitRecord, UnitTree};
use fangkong_domain::{Day, UnitCode, UnitKind};
use fangkong_store::Store;
use fangkong_store::load_engine;

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

struct Wuhan {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    rules: RulesConfig,
    engine: Engine,
}

fn day(s: &str) -> Day {
    Day::parse(s).expect("day")
}

fn wuhan() -> &'static Wuhan {
    static W: OnceLock<Wuhan> = OnceLock::new();
    W.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("demo.db");
        let rt = runtime();
        rt.block_on(fangkong::demo::build(
            &fangkong_store::Location::Sqlite(db.clone()),
            2020,
            false,
        ))
        .expect("demo");
        let rules = rules::load(None).expect("rules");
        let engine = rt.block_on(async {
            let store = Store::open(&db).await.expect("open");
            let d = day("2020-04-30");
            let loaded = fangkong_store::load_engine(&store, &rules.certification, d, d, d, None)
                .await
                .expect("load");
            store.close().await;
            loaded.engine
        });
        Wuhan {
            _dir: dir,
            db,
            rules,
            engine,
        }
    })
}

#[divan::bench]
fn wuhan_one_date_every_unit(bencher: Bencher) {
    let w = wuhan();
    bencher.bench(|| w.engine.status_on(day("2020-03-06")).expect("in grid"));
}

#[divan::bench(sample_count = 20)]
fn wuhan_whole_season_every_unit_every_day(bencher: Bencher) {
    let w = wuhan();
    let grid = w.engine.grid();
    bencher.bench(|| {
        let mut free = 0usize;
        for k in 0..grid.days() {
            let on = w.engine.status_on(grid.day(k)).expect("in grid");
            free += on.units.iter().filter(|s| s.epidemic_free).count();
        }
        free
    });
}

/// Issue 22: an inspection plan over every reporting unit of Wuhan (9,063),
/// risk from the engine's grid (days with events in the look-back), 200 units
/// drawn and an inspector drawn for each from 30 (no unit of their own, not
/// the last one's); beside `wuhan_one_date_every_unit` for the ratio.
#[divan::bench]
fn wuhan_inspection_plan_every_reporting_unit(bencher: Bencher) {
    use fangkong_domain::inspections::{Candidate, Inspector, Risk, assign_inspectors, plan};
    let w = wuhan();
    let grid = w.engine.grid();
    let tree = w.engine.tree();
    let d = day("2020-03-06");
    let today = grid.offset(d).expect("in grid");
    let districts: Vec<_> = tree
        .roots()
        .flat_map(|r| tree.children(r).to_vec())
        .collect();
    let inspectors: Vec<Inspector> = (0..30)
        .map(|i| Inspector {
            id: i as i64,
            unit: Some(districts[i % districts.len()]),
        })
        .collect();
    bencher.bench(|| {
        let candidates: Vec<Candidate> = (0..grid.slots())
            .map(|slot| Candidate {
                unit: grid.leaf(slot),
                risk: Risk {
                    event_days: (today.saturating_sub(14)..today)
                        .filter(|&k| grid.get(slot, k).has_event())
                        .count() as u32,
                    days_since_inspection: Some((slot % 90) as u32),
                    ..Risk::default()
                },
            })
            .collect();
        let mut drawn = plan(&candidates, &w.rules.inspections, 200, 42);
        assign_inspectors(&mut drawn, &inspectors, tree, |_| None);
        drawn.picks.len()
    });
}

/// Issue 22: the movement level of every unit on one date (the statuses of
/// the day and the day before, then each unit's ladder).
#[divan::bench]
fn wuhan_movement_levels_every_unit(bencher: Bencher) {
    let w = wuhan();
    bencher.bench(|| {
        fangkong_domain::movement::levels_on(&w.engine, &w.rules.movement, day("2020-04-20"), None)
            .expect("in grid")
            .levels
            .len()
    });
}

#[divan::bench]
fn wuhan_incremental_update_after_one_report(bencher: Bencher) {
    let w = wuhan();
    let mut engine = w.engine.clone();
    let d = day("2020-03-06");
    let mut status = engine.status_on(d).expect("in grid");
    let leaf = engine.grid().leaf(engine.grid().slots() / 2);
    let report_day = day("2020-02-28");
    let mut event = false;
    bencher.bench_local(|| {
        // A correction that flips one report between an event and a clean day.
        event = !event;
        engine.apply(
            leaf,
            report_day,
            Cell::reported(event, MeasuresInPlace::ALL),
        );
        engine.refresh(&mut status, leaf);
        status.units[0].zero_days
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn wuhan_load_engine_from_sqlite(bencher: Bencher) {
    let w = wuhan();
    let rt = runtime();
    bencher.bench_local(|| {
        rt.block_on(async {
            let store = Store::open(&w.db).await.expect("open");
            let d = day("2020-03-06");
            let loaded = load_engine(&store, &w.rules.certification, d, d, d, None)
                .await
                .expect("load");
            store.close().await;
            loaded.engine.grid().slots()
        })
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn wuhan_one_date_by_straightforward_sql(bencher: Bencher) {
    let w = wuhan();
    let rt = runtime();
    let store = rt.block_on(Store::open(&w.db)).expect("open");
    bencher.bench_local(|| {
        rt.block_on(store.epidemic_free_by_sql(day("2020-03-06"), 14))
            .expect("sql")
            .len()
    });
}

/// 700,000 compounds under 50 districts × 20 subdistricts × 35 communities, 100
/// days of reports: mostly clean, with events, gaps and lapses spread through.
fn national() -> &'static Engine {
    static N: OnceLock<Engine> = OnceLock::new();
    N.get_or_init(|| {
        let code = |s: String| UnitCode::parse(&s).expect("code");
        let unit = |c: String, kind, parent: Option<String>| UnitRecord {
            code: code(c),
            name: String::new(),
            kind,
            parent: parent.map(code),
            population: None,
            from_address_list: false,
        };
        let mut records = vec![unit("N".into(), UnitKind::City, None)];
        for d in 0..50 {
            let dc = format!("d{d}");
            records.push(unit(dc.clone(), UnitKind::District, Some("N".into())));
            for s in 0..20 {
                let sc = format!("{dc}s{s}");
                records.push(unit(sc.clone(), UnitKind::Subdistrict, Some(dc.clone())));
                for m in 0..35 {
                    let mc = format!("{sc}m{m}");
                    records.push(unit(mc.clone(), UnitKind::Community, Some(sc.clone())));
                    for k in 0..20 {
                        records.push(unit(
                            format!("{mc}k{k}"),
                            UnitKind::Compound,
                            Some(mc.clone()),
                        ));
                    }
                }
            }
        }
        let tree = UnitTree::build(records).expect("tree");
        let days = 100;
        let start = day("2020-01-20");
        let mut grid = ReportGrid::new(&tree, start, days);
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for slot in 0..grid.slots() {
            let leaf = grid.leaf(slot);
            for k in 0..days {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let cell = match x % 200 {
                    0 => Cell::MISSING,
                    1..=3 => Cell::reported(true, MeasuresInPlace::ALL),
                    4 => Cell::reported(false, MeasuresInPlace::ALL.with(Measure::Supplies, false)),
                    _ => Cell::reported(false, MeasuresInPlace::ALL),
                };
                grid.set(leaf, start.plus_days(k as i32).expect("day"), cell);
            }
        }
        let engine = Engine::new(tree, grid, CertificationRules::default());
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            for line in status
                .lines()
                .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
            {
                eprintln!("national fixture built: {line}");
            }
        }
        engine
    })
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn national_one_date_every_unit(bencher: Bencher) {
    let engine = national();
    bencher.bench(|| engine.status_on(day("2020-04-20")).expect("in grid"));
}
