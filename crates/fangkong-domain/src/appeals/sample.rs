//! The labelled sample the standard classifier learns from, built into the
//! program: `data/appeals/training.tsv`, made by `scripts/appeals-sample.py` from
//! the Teddy Cup 2020 message-board set (mapped to fangkong's categories) and the
//! texts written for fangkong (see `data/appeals/SOURCES.md`). The Weibo set of
//! Wuhan 2020 help requests is never part of it: it is kept for evaluation.

use std::sync::OnceLock;

use super::category::Category;
use super::classifier::Classifier;

const TRAINING: &str = include_str!("../../../../data/appeals/training.tsv");

/// The labelled texts, `(text, category)`; lines that do not parse are skipped
/// (a test checks there are none).
pub fn training_sample() -> impl Iterator<Item = (&'static str, Category)> {
    TRAINING.lines().filter_map(|line| {
        let (category, text) = line.split_once('\t')?;
        Some((text, Category::parse(category)?))
    })
}

/// The classifier trained on the built-in sample, trained once per process.
pub fn standard_classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(|| Classifier::train(training_sample()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Choosing the smoothing without looking at the evaluation sample: every
    /// fifth training text is held out for validation, the model learns from the
    /// rest, and the mean recall over the categories is printed per smoothing
    /// (`cargo test -p fangkong-domain --release -- --ignored --nocapture smoothing`).
    #[test]
    #[ignore = "a tuning aid, not a check"]
    fn smoothing() {
        let all: Vec<(&str, Category)> = training_sample().collect();
        let learn = all
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != 0)
            .map(|(_, s)| *s);
        let check: Vec<(&str, Category)> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 == 0)
            .map(|(_, s)| *s)
            .collect();
        for (alpha, binary) in [1.0, 0.3, 0.1, 0.03, 0.01, 0.003]
            .into_iter()
            .flat_map(|a| [(a, false), (a, true)])
        {
            let m = Classifier::train_with(learn.clone(), alpha, binary);
            let e = super::super::evaluation::evaluate(&m, check.iter().copied());
            let recalls: Vec<f64> = e.categories.iter().filter_map(|c| c.recall()).collect();
            println!(
                "alpha {alpha} binary {binary}: accuracy {:.3}, mean recall {:.3}",
                f64::from(e.correct) / f64::from(e.texts),
                recalls.iter().sum::<f64>() / recalls.len() as f64
            );
        }
    }

    #[test]
    fn every_line_of_the_sample_parses_and_every_category_is_taught() {
        assert_eq!(training_sample().count(), TRAINING.lines().count());
        let model = standard_classifier();
        for (category, n) in model.trained_on() {
            assert!(n >= 10, "{category}: {n} texts");
        }
    }
}
