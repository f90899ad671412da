//! Fuzzing every file reader (the CSV imports and DHIS2's CSV and JSON) with generated input (proptest strategies over
//! mutated real files and raw bytes): no input may panic, and an input that is
//! refused must leave the database exactly as it was (an import is all or
//! nothing).
//!
//! `csv_readers_survive_generated_input` runs a fixed number of cases in every
//! test run. The long run is `scripts/fuzz-csv.sh` (ten minutes by default), which
//! runs the ignored `…_for_a_while` test with `FUZZ_SECONDS`.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::{Duration, Instant};

use fangkong::import::{CsvInput, annotations, case_addresses, published, reports, units};
use fangkong_domain::Day;
use fangkong_domain::report::Submission;
use fangkong_store::{AuditFilter, Store};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// Valid files, one per reader: the seeds the mutations start from.
const SEEDS: [(&str, &str); 8] = [
    (
        "units",
        "code,name,kind,parent_code,population\nC,测试市,city,,\nD,测试区,district,C,\nS,测试街道,subdistrict,D,\nM,测试社区,community,S,\nK1,一号小区,compound,M,500\nK2,二号小区,compound,M,\nV,测试村,village,S,800\nK3,三号小区,compound,M,300\n",
    ),
    (
        "reports",
        "date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark\n2020-03-02,K1,1,0,3,0,1,1,1,1,1,1,王芳,\n2020-03-02,K2,0,0,0,1,是,否,yes,no,true,false,李明,\"复核, 无异常\"\n2020-03-02,V,0,0,0,0,1,1,1,1,1,1,张伟,\n",
    ),
    (
        "published",
        "date,new_confirmed,new_suspected,new_dead,new_cured\n2020-03-01,3,1,0,2\n2020-03-02,,4,1,\n2020-03-03,-2,0,0,5\n",
    ),
    (
        "annotations",
        "date,unit_code,kind,excluded_from_trend,note\n2020-03-02,C,definition_change,2,临床诊断病例计入\n2020-03-03,C,revision,,核减\n",
    ),
    (
        "addresses",
        "date,district,address\n2020-03-02,测试区,幸福路100弄\n2020-03-03,测试区,\"幸福路100弄, 2号\"\n2020-03-03,新区,光明路1号\n",
    ),
    (
        "dhis2",
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\nFK_NEW_CONFIRMED,20200302,K3,,,1,王芳,,,false,false\nFK_NEW_SUSPECTED,20200302,K3,,,0,王芳,,,false,false\nFK_NEW_CLOSE_CONTACTS,20200302,K3,,,2,王芳,,,false,false\nFK_NEW_FEVER,20200302,K3,,,0,王芳,,,false,false\nFK_IN_PLACE_CLOSED_MANAGEMENT,20200302,K3,,,true,王芳,,,false,false\nFK_IN_PLACE_SCREENING,20200302,K3,,,true,王芳,,,false,false\nFK_IN_PLACE_DISINFECTION,20200302,K3,,,true,王芳,,,false,false\nFK_IN_PLACE_SUPPLIES,20200302,K3,,,false,王芳,,,false,false\nFK_IN_PLACE_STABILITY,20200302,K3,,,1,王芳,,,false,false\nFK_IN_PLACE_PUBLICITY,20200302,K3,,,t,王芳,,,false,false\n",
    ),
    (
        "dhis2json",
        r#"{"dataSet":"FK_DAILY_REPORT","dataValues":[{"dataElement":"FK_NEW_CONFIRMED","period":"20200302","orgUnit":"K3","value":"1","storedBy":"王芳"},{"dataElement":"FK_NEW_SUSPECTED","period":"20200302","orgUnit":"K3","value":"0"},{"dataElement":"FK_NEW_CLOSE_CONTACTS","period":"20200302","orgUnit":"K3","value":"2"},{"dataElement":"FK_NEW_FEVER","period":"20200302","orgUnit":"K3","value":"0"},{"dataElement":"FK_IN_PLACE_CLOSED_MANAGEMENT","period":"20200302","orgUnit":"K3","value":"true"},{"dataElement":"FK_IN_PLACE_SCREENING","period":"20200302","orgUnit":"K3","value":"true"},{"dataElement":"FK_IN_PLACE_DISINFECTION","period":"20200302","orgUnit":"K3","value":"true"},{"dataElement":"FK_IN_PLACE_SUPPLIES","period":"20200302","orgUnit":"K3","value":"false"},{"dataElement":"FK_IN_PLACE_STABILITY","period":"20200302","orgUnit":"K3","value":"true"},{"dataElement":"FK_IN_PLACE_PUBLICITY","period":"20200302","orgUnit":"K3","value":"true"}]}"#,
    ),
    (
        "dhis2xml",
        "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\" dataSet=\"FK_DAILY_REPORT\" idScheme=\"CODE\" period=\"20200302\" orgUnit=\"K3\" completeDate=\"2020-03-02\">\n<dataValue dataElement=\"FK_NEW_CONFIRMED\" value=\"1\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_NEW_SUSPECTED\" value=\"0\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_NEW_CLOSE_CONTACTS\" value=\"2\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_NEW_FEVER\" value=\"0\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_IN_PLACE_CLOSED_MANAGEMENT\" value=\"true\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_IN_PLACE_SCREENING\" value=\"true\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_IN_PLACE_DISINFECTION\" value=\"true\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_IN_PLACE_SUPPLIES\" value=\"false\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_IN_PLACE_STABILITY\" value=\"true\" comment=\"&amp;\"/>\n<dataValue dataElement=\"FK_IN_PLACE_PUBLICITY\" value=\"true\" comment=\"&amp;\"/>\n</dataValueSet>\n",
    ),
];

/// Bytes that break CSV and parsers in interesting ways.
const SPICE: &[&[u8]] = &[
    b",",
    b"\"",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xef\xbb\xbf",
    b"-",
    b"-1",
    b"0",
    b"4294967296",
    b"99999999999999999999",
    b"2020-02-30",
    b"2020-13-01",
    b"20200230",
    "中".as_bytes(),
    "是".as_bytes(),
    b"true",
    b" ",
    b"\t",
    b";",
    b"e",
    b"NaN",
    b"1e9",
    b"K1",
    b"C",
    b"city",
    b"compound",
    b"revision",
];

/// One edit of a seed.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
    Truncate(usize),
    Long(usize, usize),
}

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for e in edits {
        let n = b.len().max(1);
        match *e {
            Edit::Flip(i, x) => {
                if let Some(byte) = b.get_mut(i % n) {
                    *byte ^= x;
                }
            }
            Edit::Insert(i, k) => {
                let at = (i % n).min(b.len());
                let spice = SPICE[k % SPICE.len()];
                b.splice(at..at, spice.iter().copied());
            }
            Edit::Delete(i, len) => {
                let at = (i % n).min(b.len());
                let end = (at + len % 16).min(b.len());
                b.drain(at..end);
            }
            Edit::DuplicateLine(i) => {
                let lines: Vec<&[u8]> = b.split(|c| *c == b'\n').collect();
                if let Some(line) = lines.get(i % lines.len().max(1)) {
                    let mut copy = line.to_vec();
                    copy.push(b'\n');
                    b.extend(copy);
                }
            }
            Edit::Truncate(i) => b.truncate(i % n),
            Edit::Long(i, len) => {
                let at = (i % n).min(b.len());
                let filler = vec![b'9'; len % 5_000];
                b.splice(at..at, filler);
            }
        }
    }
    b
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, x)| Edit::Flip(i, x)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, k)| Edit::Insert(i, k)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, l)| Edit::Delete(i, l)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(i, l)| Edit::Long(i, l)),
    ]
}

/// A generated case: which reader, and its input.
fn case() -> impl Strategy<Value = (usize, Vec<u8>)> {
    prop_oneof![
        8 => (0..SEEDS.len(), proptest::collection::vec(edit(), 1..8))
            .prop_map(|(k, edits)| (k, apply(SEEDS[k].1.as_bytes(), &edits))),
        1 => (0..SEEDS.len(), proptest::collection::vec(any::<u8>(), 0..400)),
        1 => (0..SEEDS.len(), "[a-z_,\"\\n0-9\u{4e00}-\u{4e10}-]{0,300}")
            .prop_map(|(k, s)| (k, s.into_bytes())),
    ]
}

/// Everything an import can write, counted.
async fn snapshot(store: &Store) -> String {
    let t = store.totals().await.expect("totals");
    let audit = store
        .audit_entries(&AuditFilter {
            limit: Some(5_000),
            ..Default::default()
        })
        .await
        .expect("audit")
        .len();
    let events = store.address_events().await.expect("events").len();
    format!("{t:?} audit={audit} events={events}")
}

/// Runs one reader on `input`; `Ok(true)` if it was accepted.
async fn run(store: &Store, dir: &Path, reader: usize, input: Vec<u8>) -> anyhow::Result<()> {
    let label = format!("{}.csv", SEEDS[reader].0);
    let csv = CsvInput::from_vec(&label, input.clone());
    let today = Day::parse("2020-03-31")?;
    match SEEDS[reader].0 {
        "units" => units::import_units(store, csv, None).await.map(|_| ()),
        "reports" => {
            reports::import_reports(store, csv, today, Submission::New, &Default::default())
                .await
                .map(|_| ())
        }
        "published" => published::import_published(store, csv, "C", false, &[])
            .await
            .map(|_| ()),
        "annotations" => annotations::import_annotations(store, csv, false)
            .await
            .map(|_| ()),
        "addresses" => case_addresses::import_case_addresses(store, csv, "上海市", "310000000000")
            .await
            .map(|_| ()),
        kind => {
            use fangkong_exchange::dhis2::Format;
            let (format, name) = match kind {
                "dhis2json" => (Format::Json, "values.json"),
                "dhis2xml" => (Format::Xml, "values.xml"),
                _ => (Format::Csv, "values.csv"),
            };
            let path = dir.join(name);
            std::fs::write(&path, &input)?;
            fangkong::commands::dhis2::import(
                store,
                &label,
                &path,
                format,
                Default::default(),
                &Default::default(),
            )
            .await
            .map(|_| ())
        }
    }
}

/// Fuzzes until `cases` cases or `budget` time, whichever comes first.
fn fuzz(cases: u64, budget: Duration) -> (u64, u64) {
    let dir = tempfile::tempdir().expect("dir");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let store = rt.block_on(async {
        let store = Store::open(&dir.path().join("fuzz.db"))
            .await
            .expect("store");
        let csv = CsvInput::from_vec("units.csv", SEEDS[0].1.as_bytes().to_vec());
        units::import_units(&store, csv, None)
            .await
            .expect("seed units");
        store
    });
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let started = Instant::now();
    let (mut done, mut accepted) = (0u64, 0u64);
    while done < cases && started.elapsed() < budget {
        let (reader, input) = strategy.new_tree(&mut runner).expect("generate").current();
        let before = rt.block_on(snapshot(&store));
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            rt.block_on(run(&store, dir.path(), reader, input.clone()))
        }));
        let failed_input = || {
            let out =
                Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-failure-{done}.csv"));
            let _ = std::fs::write(&out, &input);
            out.display().to_string()
        };
        match outcome {
            Err(_) => panic!("{} panicked on {}", SEEDS[reader].0, failed_input()),
            Ok(Ok(())) => accepted += 1,
            Ok(Err(_)) => {
                let after = rt.block_on(snapshot(&store));
                assert_eq!(
                    before,
                    after,
                    "{} refused {} but changed the database",
                    SEEDS[reader].0,
                    failed_input()
                );
            }
        }
        done += 1;
    }
    (done, accepted)
}

#[test]
fn csv_readers_survive_generated_input() {
    let (done, accepted) = fuzz(300, Duration::from_secs(3_600));
    assert_eq!(done, 300);
    // Some mutations leave a file valid: the accepting path is exercised too.
    assert!(accepted > 0, "no generated input was accepted");
}

#[test]
#[ignore = "runs for FUZZ_SECONDS (scripts/fuzz-csv.sh)"]
fn csv_readers_survive_generated_input_for_a_while() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let (done, accepted) = fuzz(u64::MAX, Duration::from_secs(seconds));
    eprintln!(
        "fuzzed {done} inputs in {seconds} s ({accepted} accepted, {} refused whole); no panic, no partial write",
        done - accepted
    );
}
