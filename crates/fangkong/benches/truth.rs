//! Benchmarks of the data-truth figures on the demo database (10,741 units, 9,063
//! reporting units, 922,651 reports), each as a page or API call computes it,
//! reading from SQLite: the quality scan of one day for the whole city (28 days of
//! history for the outliers and copies), completeness and timeliness of one day,
//! the burden of 14 days, and the reconciliation of the whole season.
//!
//! Run: `cargo bench -p fangkong --bench truth`.

use std::sync::OnceLock;

use divan::Bencher;
use fangkong::derive::rules;
use fangkong_domain::config::RulesConfig;
use fangkong_domain::{Day, UnitCode};
use fangkong_store::Store;

fn main() {
    divan::main();
}

struct Demo {
    _dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
    store: Store,
    rules: RulesConfig,
}

fn day(s: &str) -> Day {
    Day::parse(s).expect("day")
}

fn city() -> UnitCode {
    UnitCode::parse("420100000000").expect("code")
}

fn demo() -> &'static Demo {
    static D: OnceLock<Demo> = OnceLock::new();
    D.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("demo.db");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(fangkong::demo::build(
            &fangkong_store::Location::Sqlite(db.clone()),
            2020,
            false,
        ))
        .expect("demo");
        let store = rt.block_on(Store::open(&db)).expect("open");
        Demo {
            _dir: dir,
            rt,
            store,
            rules: rules::load(None).expect("rules"),
        }
    })
}

#[divan::bench(sample_count = 10)]
fn quality_scan_city_one_day(b: Bencher) {
    let d = demo();
    b.bench(|| {
        d.rt.block_on(
            d.store
                .quality_scan(&d.rules.quality, &city(), day("2020-02-21")),
        )
        .expect("scan")
    });
}

#[divan::bench(sample_count = 10)]
fn completeness_city_one_day(b: Bencher) {
    let d = demo();
    b.bench(|| {
        d.rt.block_on(d.store.completeness(
            &d.rules.quality.deadline,
            &city(),
            day("2020-03-10"),
            jiff::Timestamp::now(),
        ))
        .expect("completeness")
    });
}

#[divan::bench(sample_count = 10)]
fn burden_city_14_days(b: Bencher) {
    let d = demo();
    b.bench(|| {
        d.rt.block_on(
            d.store
                .burden(&city(), day("2020-04-17"), day("2020-04-30")),
        )
        .expect("burden")
    });
}

#[divan::bench(sample_count = 10)]
fn reconcile_city_season(b: Bencher) {
    let d = demo();
    b.bench(|| {
        d.rt.block_on(fangkong_store::truth::reconciliation(
            &d.store,
            &city(),
            day("2020-01-20"),
            day("2020-04-30"),
        ))
        .expect("reconcile")
    });
}
