//! Benchmarks of the four-categories registry at 1,000,000 people (issue 6's
//! targets): on the demo database (Wuhan's 10,741 units, its reports and the
//! demo's 31,786-person registry) with synthetic people added in every compound
//! until the registry holds a million.
//!
//! - the four ratios (and the case stock) of every unit for one day, from the
//!   running figures (≤ 50 ms), and the same as the compliance rows a page shows;
//! - a search: p50, p95 and the worst of 1,000 searches are printed once (≤ 50 ms
//!   at p95), and each kind of search is benched;
//! - a bulk status change of 1,000 people, read, checked and written (≤ 1 s),
//!   and bringing the running figures up to date after it.
//!
//! Run: `cargo bench -p fangkong --bench registry`. Building the fixture takes
//! a few minutes on two cores; the figures it prints come before the table.

use std::sync::OnceLock;
use std::time::Instant;

use divan::Bencher;
use fangkong_domain::registry::followup::FollowUpRules;
use fangkong_domain::registry::{Category, DatedStep, Place, Step};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{LiveFigures, NewPerson, NewStep, PeopleSearch, StepInput, Store};

fn main() {
    divan::main();
}

const PEOPLE: usize = 1_000_000;

struct Registry {
    _dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
    store: Store,
    live: std::sync::Mutex<LiveFigures>,
    people: usize,
    /// The synthetic people's references, and their compounds.
    refs: Vec<(String, UnitCode)>,
    /// The references of those who never leave the registry (a bulk change can
    /// add a step to them).
    open: Vec<String>,
}

fn day(s: &str) -> Day {
    Day::parse(s).expect("day")
}

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
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
        let (store, live, refs, open) = rt.block_on(async {
            let store = Store::open(&db).await.expect("open");
            let units = store.units().await.expect("units");
            let tree = units.history.current_tree().expect("tree");
            let compounds: Vec<(UnitCode, i64)> = (0..tree.len() as u32)
                .filter(|&i| tree.is_reporting(i))
                .map(|i| {
                    let code = tree.unit(i).code.clone();
                    let id = units.ids[&code];
                    (code, id)
                })
                .collect();
            let stored: usize = sqlx_count(&store).await;
            let started = Instant::now();
            let (refs, open) = add_people(&store, &compounds, PEOPLE.saturating_sub(stored)).await;
            eprintln!(
                "fixture: {} people added in {:.1} s ({} compounds)",
                refs.len(),
                started.elapsed().as_secs_f64(),
                compounds.len()
            );
            let started = Instant::now();
            let live = store
                .load_registry_figures(Default::default())
                .await
                .expect("figures");
            eprintln!(
                "fixture: running figures of {} people loaded in {:.2} s",
                live.figures.len(),
                started.elapsed().as_secs_f64()
            );
            (store, live, refs, open)
        });
        print_memory();
        let r = Registry {
            _dir: dir,
            rt,
            store,
            people: live.figures.len(),
            live: std::sync::Mutex::new(live),
            refs,
            open,
        };
        search_percentiles(&r);
        r
    })
}

async fn sqlx_count(store: &Store) -> usize {
    store.registry_people().await.map(|p| p.len()).unwrap_or(0)
}

/// `n` synthetic people spread over the compounds, each with a plausible
/// flow over the season: identified, sampled, isolated or admitted, and half
/// of them released or discharged two weeks later.
async fn add_people(
    store: &Store,
    compounds: &[(UnitCode, i64)],
    n: usize,
) -> (Vec<(String, UnitCode)>, Vec<String>) {
    let first = day("2020-01-20");
    let mut refs = Vec::with_capacity(n);
    let mut open = Vec::new();
    for batch in (0..n).collect::<Vec<_>>().chunks(100_000) {
        let mut people = Vec::with_capacity(batch.len());
        let mut steps: Vec<NewStep> = Vec::with_capacity(batch.len() * 4);
        for &i in batch {
            let (code, unit_id) = &compounds[i % compounds.len()];
            let reference = format!("B{i:07}");
            // A cheap, deterministic spread of categories and days.
            let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33;
            let category = match h % 10 {
                0 => Category::Confirmed,
                1 => Category::Suspected,
                2 | 3 => Category::Fever,
                _ => Category::CloseContact,
            };
            let d0 = first.plus_days((h % 80) as i32).expect("day");
            let at = |k: i32| d0.plus_days(k).expect("day");
            let mut push = |k: i32, step: Step| {
                steps.push((reference.clone(), DatedStep { day: at(k), step }, None));
            };
            push(0, Step::Identified { category });
            if !h.is_multiple_of(7) {
                push(1, Step::Sampled);
            }
            let place = match category {
                Category::Confirmed => Place::ShelterHospital,
                Category::Suspected => Place::DesignatedHospital,
                _ => Place::IsolationSite,
            };
            let leaves = !h.is_multiple_of(5) && h.is_multiple_of(2);
            if !leaves {
                open.push(reference.clone());
            }
            if !h.is_multiple_of(5) {
                push(1, Step::Moved { place });
                if leaves {
                    push(
                        15,
                        Step::Left {
                            exit: if place.is_hospital() {
                                fangkong_domain::registry::Exit::Discharged
                            } else {
                                fangkong_domain::registry::Exit::Released
                            },
                        },
                    );
                }
            }
            people.push(NewPerson {
                reference: reference.clone(),
                resident_id: None,
                name: format!("测试{}", i % 50_000),
                phone: Some(format!("139{i:08}")),
                birth_date: None,
                address: None,
                unit_id: *unit_id,
            });
            refs.push((reference, code.clone()));
        }
        store
            .registry_add(&people, &steps, &[], jiff::Timestamp::now(), "bench")
            .await
            .expect("add");
    }
    (refs, open)
}

fn print_memory() {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for l in status
            .lines()
            .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        {
            eprintln!("fixture: {l}");
        }
    }
}

/// 1,000 searches of every kind, as the command centre (the whole city) and as
/// a community's worker; prints p50, p95 and the worst.
fn search_percentiles(r: &Registry) {
    let mut times = Vec::with_capacity(1_000);
    let community: Vec<UnitCode> = vec![r.refs[0].1.clone()];
    for k in 0..1_000usize {
        let (reference, _) = &r.refs[(k * 7_919) % r.refs.len()];
        let phone = format!("139{:08}", (k * 104_729) % r.refs.len());
        let name = format!("测试{}", k * 31 % 50_000);
        let (text, personal, units) = match k % 4 {
            0 => (reference.as_str(), false, None),
            1 => (&reference[..6], false, None),
            2 => (phone.as_str(), true, Some(community.as_slice())),
            _ => (name.as_str(), true, None),
        };
        let started = Instant::now();
        let found =
            r.rt.block_on(r.store.find_people(PeopleSearch {
                text,
                personal,
                units,
                limit: 100,
            }))
            .expect("search");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(found);
    }
    times.sort_by(f64::total_cmp);
    eprintln!(
        "search over {} people, 1,000 queries: p50 {:.2} ms, p95 {:.2} ms, worst {:.2} ms",
        r.people, times[500], times[950], times[999]
    );
}

#[divan::bench]
fn four_ratios_every_unit_one_day(bencher: Bencher) {
    let r = registry();
    let d = day("2020-02-20");
    let live = r.live.lock().expect("figures");
    bencher.bench(|| live.figures.on(d));
}

#[divan::bench(sample_count = 20)]
fn compliance_rows_every_unit_one_day(bencher: Bencher) {
    let r = registry();
    let d = day("2020-02-20");
    let city = UnitCode::parse("420100000000").expect("code");
    let live = r.live.lock().expect("figures");
    bencher.bench(|| {
        r.rt.block_on(r.store.compliance(&live, d, &city, false))
            .expect("compliance")
    });
}

#[divan::bench(sample_count = 20)]
fn search_by_reference(bencher: Bencher) {
    let r = registry();
    bencher.bench(|| {
        r.rt.block_on(r.store.find_people(PeopleSearch {
            text: "B0512345",
            personal: false,
            units: None,
            limit: 100,
        }))
        .expect("search")
    });
}

#[divan::bench(sample_count = 20)]
fn search_by_name_prefix(bencher: Bencher) {
    let r = registry();
    bencher.bench(|| {
        r.rt.block_on(r.store.find_people(PeopleSearch {
            text: "测试1234",
            personal: true,
            units: None,
            limit: 100,
        }))
        .expect("search")
    });
}

/// One step ("sampled" on the season's last day) for 1,000 people, through the
/// same check as the API and the CSV import, then written in one transaction;
/// each sample takes the next 1,000 people.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn bulk_status_change_of_1000_people(bencher: Bencher) {
    let r = registry();
    let next = std::sync::atomic::AtomicUsize::new(0);
    bencher.bench(|| {
        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let steps: Vec<StepInput> = r.open[k * 1_000..(k + 1) * 1_000]
            .iter()
            .map(|reference| StepInput {
                reference: reference.clone(),
                date: "2020-04-30".into(),
                step: "sampled".into(),
                ..Default::default()
            })
            .collect();
        r.rt.block_on(async {
            let change = r
                .store
                .read_registry_change(
                    &[],
                    &steps,
                    day("2020-04-30"),
                    FollowUpRules::default(),
                    &Default::default(),
                    |_| String::new(),
                )
                .await
                .expect("read")
                .expect("a valid change");
            r.store
                .registry_add(
                    &change.people,
                    &change.steps,
                    &change.followups,
                    jiff::Timestamp::now(),
                    "bench",
                )
                .await
                .expect("write")
        })
    });
}

/// Bringing the running figures up to date after 1,000 people's new steps:
/// only those people are read again.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn figures_follow_a_bulk_change_of_1000_people(bencher: Bencher) {
    let r = registry();
    let next = std::sync::atomic::AtomicUsize::new(500);
    bencher
        .with_inputs(|| {
            // Untimed: catch up with earlier writes, then write 1,000 steps.
            let mut live = r.live.lock().expect("figures");
            r.rt.block_on(r.store.refresh_registry_figures(&mut live))
                .expect("refresh");
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let steps: Vec<NewStep> = r.open[k * 1_000..(k + 1) * 1_000]
                .iter()
                .map(|reference| {
                    (
                        reference.clone(),
                        DatedStep {
                            day: day("2020-04-30"),
                            step: Step::Sampled,
                        },
                        None,
                    )
                })
                .collect();
            r.rt.block_on(
                r.store
                    .registry_add(&[], &steps, &[], jiff::Timestamp::now(), "bench"),
            )
            .expect("write");
        })
        .bench_local_values(|()| {
            let mut live = r.live.lock().expect("figures");
            r.rt.block_on(r.store.refresh_registry_figures(&mut live))
                .expect("refresh")
        });
}
