//! The labelled sample the standard classifier learns from, built into the
//! program (see `data/appeals/SOURCES.md`):
//! - `data/appeals/training.tsv`, made by `scripts/appeals-sample.py` from the
//!   Teddy Cup 2020 message-board set (mapped to fangkong's categories) and
//!   the texts written for fangkong;
//! - `data/appeals/weibo-train.tsv`, made by `scripts/appeals-weibo-train.py`:
//!   the 600 Weibo help requests of 2020 the project may train on, labelled by
//!   hand after `data/appeals/LABELLING.md`. Every other Weibo post is kept for
//!   evaluation only and is not in the program.

use std::sync::OnceLock;

use super::category::Category;
use super::classifier::Classifier;

const TRAINING: &str = include_str!("../../../../data/appeals/training.tsv");
const WEIBO_TRAIN: &str = include_str!("../../../../data/appeals/weibo-train.tsv");

/// Where a labelled text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A message of the Teddy Cup set, or a text written for fangkong
    /// (`training.tsv`).
    Project,
    /// One of the 600 Weibo help requests the project labelled.
    WeiboTrain,
}

impl Source {
    /// The name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Source::Project => "project",
            Source::WeiboTrain => "weibo-train",
        }
    }
}

/// A labelled text.
#[derive(Debug, Clone, Copy)]
pub struct Labelled {
    /// The text.
    pub text: &'static str,
    /// What it is about.
    pub category: Category,
    /// A second need it states, if labelled with one.
    pub second: Option<Category>,
    /// Where it comes from.
    pub source: Source,
}

/// The project's labelled texts, `(text, category)` (`training.tsv`); lines
/// that do not parse are skipped (a test checks there are none).
pub fn training_sample() -> impl Iterator<Item = (&'static str, Category)> {
    TRAINING.lines().filter_map(|line| {
        let (category, text) = line.split_once('\t')?;
        Some((text, Category::parse(category)?))
    })
}

/// The labelled Weibo training posts (`weibo-train.tsv`: category, second,
/// id, text).
pub fn weibo_training() -> impl Iterator<Item = Labelled> {
    WEIBO_TRAIN.lines().filter_map(|line| {
        let mut parts = line.splitn(4, '\t');
        let category = Category::parse(parts.next()?)?;
        let second = parts.next().and_then(Category::parse);
        let _id = parts.next()?;
        Some(Labelled {
            text: parts.next()?,
            category,
            second,
            source: Source::WeiboTrain,
        })
    })
}

/// Every labelled text the standard classifier learns from.
pub fn labelled() -> Vec<Labelled> {
    training_sample()
        .map(|(text, category)| Labelled {
            text,
            category,
            second: None,
            source: Source::Project,
        })
        .chain(weibo_training())
        .collect()
}

/// The temperature of the standard classifier, fitted on held-out folds of
/// the labelled sample (`fangkong appeals evaluate --reliability` prints the
/// fit; a test keeps this value close to it).
pub const TEMPERATURE: f32 = 0.99;

/// The classifier trained on the built-in sample, trained once per process.
pub fn standard_classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(|| {
        Classifier::train(labelled().iter().map(|l| (l.text, l.category)))
            .with_temperature(TEMPERATURE)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The project sample's commonest confusions (label → decision), and the
    /// lexicon words behind the errors a lexicon group decided most: where a
    /// word names another need in the message-board texts.
    fn print_errors(held: &[super::super::evaluation::HeldOut]) {
        use super::super::lexicon::{GROUPS, hits_at};
        use std::collections::BTreeMap;
        fn top(counts: BTreeMap<String, u32>, n: usize) -> Vec<(String, u32)> {
            let mut v: Vec<(String, u32)> = counts.into_iter().collect();
            v.sort_by_key(|e| std::cmp::Reverse(e.1));
            v.truncate(n);
            v
        }
        let mut confusions: BTreeMap<String, u32> = BTreeMap::new();
        let mut words: BTreeMap<String, u32> = BTreeMap::new();
        for h in held
            .iter()
            .filter(|h| h.source == Source::Project && h.label != h.decision.category)
        {
            let decided = h.decision.category.name();
            *confusions
                .entry(format!("{} -> {decided}", h.label.name()))
                .or_default() += 1;
            let Some(code) = h.decision.because.first().and_then(|w| {
                w.feature
                    .strip_prefix(super::super::features::LEXICON_PREFIX)
            }) else {
                continue;
            };
            let text = super::super::template::readable(h.text);
            for (g, from, to) in hits_at(&text) {
                if GROUPS[g].code == code {
                    *words
                        .entry(format!("{} -> {decided}", &text[from..to]))
                        .or_default() += 1;
                }
            }
        }
        println!("  confusions: {:?}", top(confusions, 12));
        println!("  lexicon words behind errors: {:?}", top(words, 30));
    }

    /// Choosing the training without looking at the evaluation posts: 5-fold
    /// cross-validation of the labelled sample per setting, printing the
    /// recall of each category on each source
    /// (`cargo test -p fangkong-domain --release -- --ignored --nocapture tuning`;
    /// `TUNING_STANDARD=1`: the standard setting only; `TUNING_SHOW=1`: the
    /// Weibo posts decided wrong or not medical; `TUNING_CONFUSION=1`: the
    /// project sample's errors; `TUNING_TOUR=1`: the whole decision on the
    /// README tour's call; `TUNING_TEXT=…`: the decision on a text of one's
    /// own).
    #[test]
    #[ignore = "a tuning aid, not a check"]
    fn tuning() {
        use super::super::classifier::{STANDARD, Training};
        use super::super::evaluation::{cross_validate, tally};
        let sample = labelled();
        let mut settings: Vec<Training> = Vec::new();
        for prior in [0.0, 3.0, 5.0] {
            settings.push(Training { prior, ..STANDARD });
        }
        if let Ok(only) = std::env::var("TUNING_STANDARD") {
            settings.retain(|_| only.is_empty());
            settings.push(STANDARD);
        }
        for how in settings {
            let held = cross_validate(&sample, 5, &how);
            if std::env::var("TUNING_SHOW").is_ok() {
                for h in held.iter().filter(|h| {
                    h.source == Source::WeiboTrain
                        && (h.label != Category::Medical
                            || h.decision.category != Category::Medical)
                }) {
                    println!(
                        "  {} ({:?}) -> {} {:.2} / {:?} {:.2} because {:?}",
                        h.label,
                        h.second_label,
                        h.decision.category,
                        h.decision.confidence,
                        h.decision.runner_up,
                        h.decision.second_confidence,
                        h.decision
                            .because
                            .iter()
                            .take(4)
                            .map(|w| w.feature.as_str())
                            .collect::<Vec<_>>()
                    );
                }
            }
            if std::env::var("TUNING_CONFUSION").is_ok() {
                print_errors(&held);
            }
            let mut line = format!(
                "balance {} rate {} lexicon {} prior {} pull {} epochs {} second at {}:",
                how.balance,
                how.rate,
                how.lexicon,
                how.prior,
                how.prior_pull,
                how.epochs,
                how.second_clause_at
            );
            for source in [Source::Project, Source::WeiboTrain] {
                let e = tally(
                    held.iter()
                        .filter(|h| h.source == source)
                        .map(|h| (h.label, h.decision.category)),
                );
                let recalls: Vec<String> = e
                    .categories
                    .iter()
                    .filter(|c| c.support > 0)
                    .map(|c| format!("{} {}/{}", &c.category.name()[..3], c.correct, c.support))
                    .collect();
                line.push_str(&format!(" | {}: {}", source.name(), recalls.join(" ")));
                let named = held
                    .iter()
                    .filter(|h| h.source == source && h.decision.second.is_some())
                    .count();
                let right = held
                    .iter()
                    .filter(|h| {
                        h.source == source
                            && h.decision.second.is_some()
                            && h.decision.second == h.second_label
                    })
                    .count();
                let labelled = held
                    .iter()
                    .filter(|h| h.source == source && h.second_label.is_some())
                    .count();
                line.push_str(&format!(
                    " second named {named} right {right} of {labelled}"
                ));
            }
            let model = Classifier::train_with(sample.iter().map(|l| (l.text, l.category)), &how)
                .with_temperature(TEMPERATURE);
            let tour =
                model.classify("家里老人发烧三天了，社区一直没有安排核酸检测，也没有车送医院");
            let bed_and_car = model.classify(
                "我妈发烧咳嗽一周，做了CT双肺感染，求床位。家里没有车，公交停运了，去医院没有交通工具",
            );
            println!(
                "{line} | tour: {} {:.2} | bed and car: {} {:.2}",
                tour.category, tour.confidence, bed_and_car.category, bed_and_car.confidence
            );
            if std::env::var("TUNING_TOUR").is_ok() {
                println!("{tour:?}");
            }
            if let Ok(text) = std::env::var("TUNING_TEXT") {
                let d = model.classify(&text);
                println!(
                    "  {text}: {} {:.2}, second {:?} {:?}",
                    d.category, d.confidence, d.second, d.second_because
                );
            }
        }
    }

    #[test]
    fn every_line_of_the_sample_parses_and_every_category_is_taught() {
        assert_eq!(training_sample().count(), TRAINING.lines().count());
        assert_eq!(weibo_training().count(), 600);
        assert_eq!(WEIBO_TRAIN.lines().count(), 600);
        let model = standard_classifier();
        for (category, n) in model.trained_on() {
            assert!(n >= 10, "{category}: {n} texts");
        }
    }

    #[test]
    fn the_weibo_sample_has_its_labels_and_seconds() {
        let w: Vec<Labelled> = weibo_training().collect();
        assert!(w.iter().filter(|l| l.category == Category::Medical).count() > 500);
        assert!(w.iter().any(|l| l.category != Category::Medical));
        assert!(w.iter().any(|l| l.second.is_some()));
        assert!(w.iter().all(|l| l.second != Some(l.category)));
    }
}
