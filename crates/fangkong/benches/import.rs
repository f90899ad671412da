//! Benchmark: importing one season of daily reports for every Wuhan reporting unit
//! from CSV into SQLite (issue #2's target: at least 200,000 rows/s).
//!
//! Setup, done once and not timed: the demo's unit tree (real divisions plus
//! synthetic compounds) in a template database, and the demo season written out
//! as a report CSV (~9,000 units × 102 days, ~920,000 rows). Each sample copies the
//! template to a fresh file and imports the CSV through the same code as
//! `fangkong import reports`, validation and the single transaction included.
//!
//! Run: `cargo bench -p fangkong --bench import`. Peak memory is measured on the
//! real binary by `scripts/load-import.sh`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::ItemsCount;
use fangkong::demo::{self, season::Season};
use fangkong::import::{CsvInput, reports::import_reports, units::import_units};
use fangkong_domain::report::Submission;
use fangkong_domain::{Day, Measure, UnitCode};
use fangkong_store::Store;

fn main() {
    divan::main();
}

struct Fixture {
    _dir: tempfile::TempDir,
    template: PathBuf,
    season_csv: PathBuf,
    rows: usize,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Builds the template database and the season CSV once.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let template = dir.path().join("units.db");
        let season_csv = dir.path().join("season.csv");
        let rows = runtime().block_on(async {
            let store = Store::open(&template).await.expect("open");
            import_units(
                &store,
                CsvInput::from_bytes("divisions", demo::DIVISIONS),
                None,
            )
            .await
            .expect("divisions");
            let stored = store.units().await.expect("units");
            let tree = stored.history.current_tree().expect("tree");
            let compounds = demo::compounds::generate(&tree, 2020);
            let versions = stored
                .history
                .plan_adds(&compounds, None)
                .expect("compounds");
            let pairs: Vec<(UnitCode, _)> = compounds
                .iter()
                .map(|r| r.code.clone())
                .zip(versions)
                .collect();
            store
                .add_units(&pairs, jiff::Timestamp::now(), "bench")
                .await
                .expect("add");
            let tree = store
                .units()
                .await
                .expect("units")
                .history
                .current_tree()
                .expect("tree");
            store.close().await;
            write_season(&tree, &season_csv)
        });
        Fixture {
            _dir: dir,
            template,
            season_csv,
            rows,
        }
    })
}

/// Writes the demo season as a report CSV; returns the number of rows.
fn write_season(tree: &fangkong_domain::UnitTree, path: &Path) -> usize {
    let start = Day::parse(demo::SEASON_START).expect("day");
    let end = Day::parse(demo::SEASON_END).expect("day");
    let days = (end.offset_from(start) + 1) as usize;
    // A plausible epidemic curve; the import cost does not depend on the figures.
    let totals = (0..days)
        .map(|d| Some(((d as i64 - 25).pow(2) % 900) + 1))
        .collect();
    let season = Season::new(tree, start, totals, 2020);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    out.write_all(b"date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark\n").expect("write");
    let mut rows = 0;
    for d in 0..season.days() {
        for r in season.reports_for(d) {
            let measures: Vec<&str> = Measure::ALL
                .iter()
                .map(|m| if r.measures.get(*m) { "1" } else { "0" })
                .collect();
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{}",
                r.day,
                r.unit,
                r.new_confirmed,
                r.new_suspected,
                r.new_close_contacts,
                r.new_fever,
                measures.join(","),
                r.reporter,
                r.remark.unwrap_or_default()
            )
            .expect("write");
            rows += 1;
        }
    }
    rows
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn import_season_csv(bencher: Bencher) {
    let f = fixture();
    let rt = runtime();
    let mut n = 0;
    bencher
        .counter(ItemsCount::new(f.rows))
        .with_inputs(|| {
            n += 1;
            let db = f.template.with_file_name(format!("fresh-{n}.db"));
            std::fs::copy(&f.template, &db).expect("copy template");
            db
        })
        .bench_local_values(|db| {
            rt.block_on(async {
                let store = Store::open(&db).await.expect("open");
                let input = CsvInput::open(&f.season_csv, &Default::default()).expect("csv");
                let today = Day::parse("2026-01-01").expect("day");
                let written =
                    import_reports(&store, input, today, Submission::New, &Default::default())
                        .await
                        .expect("import");
                assert_eq!(written, f.rows);
                store.close().await;
            });
            let _ = std::fs::remove_file(&db);
        });
}
