//! Benchmarks of appeal classification (issue 7's target: ≥ 10,000 appeals/s on
//! one core): the standard classifier and the urgency rule on the Weibo help
//! requests (real texts, 366 characters on average) and on the short texts of
//! the evaluation sample, one thread; and routing over Wuhan's units.
//!
//! Run: `cargo bench -p fangkong --bench appeals`. Throughput is the number of
//! texts per iteration divided by the median time.

use std::sync::OnceLock;

use divan::Bencher;
use fangkong_domain::UnitCode;
use fangkong_domain::appeals::Router;
use fangkong_domain::appeals::sample::standard_classifier;
use fangkong_domain::appeals::urgency::urgency;
use fangkong_domain::unit::{UnitKind, UnitRecord, UnitTree};

fn main() {
    divan::main();
}

fn weibo() -> &'static Vec<String> {
    static W: OnceLock<Vec<String>> = OnceLock::new();
    W.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/appeals/weibo_feiyan_qiuzhu_2020.csv"
        );
        let mut reader = csv::Reader::from_path(path).expect("weibo set");
        let headers = reader.headers().expect("headers").clone();
        let text = headers
            .iter()
            .position(|h| h == "text")
            .expect("text column");
        reader
            .records()
            .filter_map(Result::ok)
            .map(|r| r.get(text).unwrap_or("").to_string())
            .collect()
    })
}

fn short() -> Vec<&'static str> {
    include_str!("../../../data/appeals/evaluation.tsv")
        .lines()
        .filter(|l| l.contains("\tfangkong-written\t"))
        .filter_map(|l| l.rsplit('\t').next())
        .collect()
}

#[divan::bench(sample_count = 20)]
fn classify_weibo_help_requests(bencher: Bencher) {
    let texts = weibo();
    let model = standard_classifier();
    bencher
        .counter(divan::counter::ItemsCount::new(texts.len()))
        .bench(|| {
            texts
                .iter()
                .map(|t| (model.classify(t).category, urgency(t).0))
                .collect::<Vec<_>>()
        });
}

#[divan::bench(sample_count = 20)]
fn classify_short_appeals(bencher: Bencher) {
    let texts = short();
    let model = standard_classifier();
    bencher
        .counter(divan::counter::ItemsCount::new(texts.len()))
        .bench(|| {
            texts
                .iter()
                .map(|t| model.classify(t).category)
                .collect::<Vec<_>>()
        });
}

#[divan::bench(sample_count = 10)]
fn route_weibo_help_requests(bencher: Bencher) {
    let texts = weibo();
    let records: Vec<UnitRecord> = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/wuhan-divisions.csv"
    ))
    .expect("divisions")
    .records()
    .filter_map(Result::ok)
    .filter_map(|r| {
        let kind = match r.get(3)? {
            "city" => UnitKind::City,
            "district" => UnitKind::District,
            "subdistrict" | "town" | "township" | "special" => UnitKind::Subdistrict,
            "community" | "other" => UnitKind::Community,
            "village" => UnitKind::Village,
            _ => return None,
        };
        Some(UnitRecord {
            code: UnitCode::parse(r.get(0)?).ok()?,
            name: r.get(4)?.to_string(),
            kind,
            parent: (kind != UnitKind::City)
                .then(|| UnitCode::parse(r.get(5)?).ok())
                .flatten(),
            population: None,
            from_address_list: false,
        })
    })
    .collect();
    let tree = UnitTree::build(records).expect("the Wuhan tree");
    let router = Router::new(&tree);
    bencher
        .counter(divan::counter::ItemsCount::new(texts.len()))
        .bench(|| texts.iter().filter(|t| router.route(t).is_some()).count());
}

/// Training the standard model (done once per process, when it is first used).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn train_the_standard_model(bencher: Bencher) {
    let sample = fangkong_domain::appeals::sample::labelled();
    bencher.bench(|| {
        fangkong_domain::appeals::Classifier::train(sample.iter().map(|l| (l.text, l.category)))
    });
}
