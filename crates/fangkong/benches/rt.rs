//! Benchmark of Rt (issue 8's target): Rt for every unit of the demo (10,741
//! units: the reporting units' own reports summed up the tree) over the whole
//! season, ≤ 100 ms; with the doubling or halving time of every window too.
//!
//! Run: `cargo bench -p fangkong --bench rt`.

use std::collections::HashMap;
use std::sync::OnceLock;

use divan::Bencher;
use fangkong_domain::Day;
use fangkong_domain::trend::outlook::outlook;
use fangkong_domain::trend::rt::{RtCache, RtSettings, estimate};
use fangkong_store::Store;

fn main() {
    divan::main();
}

/// One unit's daily series.
type Series = Vec<(Day, Option<i64>)>;

/// Every unit's daily new confirmed cases over the season (a day with no report
/// below the unit is missing).
fn series() -> &'static Vec<Series> {
    static S: OnceLock<Vec<Series>> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("demo.db");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            fangkong::demo::build(&fangkong_store::Location::Sqlite(db.clone()), 2020, false)
                .await
                .expect("demo");
            let store = Store::open(&db).await.expect("open");
            let (first, last) = store.report_span().await.expect("span").expect("reports");
            let units = store.units().await.expect("units");
            let tree = units.history.current_tree().expect("tree");
            let days = (last.offset_from(first) + 1) as usize;
            let mut sums: Vec<Vec<Option<i64>>> = vec![vec![None; days]; tree.len()];
            let reports = store.latest_reports(first, last).await.expect("reports");
            for r in reports.into_values().map(|r| r.report) {
                let Some(mut at) = tree.index_of(&r.unit) else {
                    continue;
                };
                let k = r.day.offset_from(first) as usize;
                loop {
                    let cell = &mut sums[at as usize][k];
                    *cell = Some(cell.unwrap_or(0) + i64::from(r.new_confirmed.get()));
                    match tree.parent(at) {
                        Some(p) => at = p,
                        None => break,
                    }
                }
            }
            let out: Vec<Series> = sums
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .enumerate()
                        .map(|(k, v)| (first.plus_days(k as i32).expect("day"), v))
                        .collect()
                })
                .collect();
            let counted: HashMap<bool, usize> = out.iter().fold(HashMap::new(), |mut m, s| {
                *m.entry(s.iter().any(|(_, v)| v.is_some())).or_default() += 1;
                m
            });
            eprintln!(
                "fixture: {} units × {days} days ({} with reports)",
                out.len(),
                counted.get(&true).copied().unwrap_or(0)
            );
            out
        })
    })
}

#[divan::bench(sample_count = 20)]
fn rt_every_unit_whole_season(bencher: Bencher) {
    let all = series();
    let settings = RtSettings::default();
    bencher.bench(|| {
        let mut cache = RtCache::default();
        all.iter()
            .map(|s| {
                estimate(s, &settings, &mut cache)
                    .map(|w| w.len())
                    .unwrap_or(0)
            })
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 20)]
fn rt_and_growth_every_unit_whole_season(bencher: Bencher) {
    let all = series();
    let settings = RtSettings::default();
    bencher.bench(|| {
        let mut cache = RtCache::default();
        all.iter()
            .map(|s| {
                outlook(s, &settings, &mut cache)
                    .map(|w| w.len())
                    .unwrap_or(0)
            })
            .sum::<usize>()
    });
}

/// As a server keeps it: the serial interval and the gamma quantiles already
/// computed by an earlier pass.
#[divan::bench(sample_count = 20)]
fn rt_every_unit_whole_season_warm_cache(bencher: Bencher) {
    let all = series();
    let settings = RtSettings::default();
    let mut cache = RtCache::default();
    for s in all {
        let _ = estimate(s, &settings, &mut cache);
    }
    bencher.bench_local(|| {
        all.iter()
            .map(|s| {
                estimate(s, &settings, &mut cache)
                    .map(|w| w.len())
                    .unwrap_or(0)
            })
            .sum::<usize>()
    });
}
