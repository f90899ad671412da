//! `fangkong appeals evaluate [--cross-validate|--reliability|--triage]`: the
//! classifier's figures on the texts kept out of training, and on every
//! labelled text, each decided by a model trained without it (5 folds; a post
//! repeated with small edits stays in one fold).

use fangkong_domain::appeals::Category;
use fangkong_domain::appeals::classifier::STANDARD;
use fangkong_domain::appeals::evaluation::{
    CategoryScore, Evaluation, HeldOut, calibration_error, cross_validate, evaluate,
    fit_temperature, reliability as bins, tally,
};
use fangkong_domain::appeals::sample::{Source, TEMPERATURE, labelled, standard_classifier};
use fangkong_domain::appeals::triage::{awaits_triage, permille};

use crate::output::{Cell, Format, Table};

/// Folds of the cross-validation.
const FOLDS: u32 = 5;

/// The evaluation sample (`data/appeals/evaluation.tsv`: category, source, text).
const EVALUATION: &str = include_str!("../../../../data/appeals/evaluation.tsv");

/// The columns every per-category table starts with.
const SCORE_COLUMNS: [&str; 7] = [
    "sample",
    "category",
    "support",
    "predicted",
    "correct",
    "precision",
    "recall",
];

/// A category's row of `sample`: its first [`SCORE_COLUMNS`].
fn score_cells(sample: &str, c: &CategoryScore) -> Vec<Cell> {
    vec![
        sample.into(),
        c.category.name().into(),
        c.support.into(),
        c.predicted.into(),
        c.correct.into(),
        c.precision().map_or(Cell::Empty, Cell::Ratio),
        c.recall().map_or(Cell::Empty, Cell::Ratio),
    ]
}

/// The accuracy row of `sample`, padded with `pad` empty cells.
fn accuracy_cells(sample: &str, e: &Evaluation, pad: usize) -> Vec<Cell> {
    let mut row = vec![
        sample.into(),
        "(accuracy)".into(),
        e.texts.into(),
        e.texts.into(),
        e.correct.into(),
        Cell::Empty,
        if e.texts > 0 {
            Cell::Ratio(f64::from(e.correct) / f64::from(e.texts))
        } else {
            Cell::Empty
        },
    ];
    row.extend(std::iter::repeat_with(|| Cell::Empty).take(pad));
    row
}

/// On the texts kept out of training (`evaluation.tsv`), per source.
pub fn held_out_split(format: Format) -> anyhow::Result<()> {
    let samples: Vec<(&str, Category, &str)> = EVALUATION
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            let category = Category::parse(parts.next()?)?;
            let source = parts.next()?;
            Some((parts.next()?, category, source))
        })
        .collect();
    let model = standard_classifier();
    let mut table = Table::new(&SCORE_COLUMNS);
    for source in ["all", "teddycup", "fangkong-written"] {
        let e = evaluate(
            model,
            samples
                .iter()
                .filter(|s| source == "all" || s.2 == source)
                .map(|s| (s.0, s.1)),
        );
        for c in &e.categories {
            table.push(score_cells(source, c));
        }
        table.push(accuracy_cells(source, &e, 0));
    }
    table.print(format)
}

/// Every labelled text decided by a model that did not learn from it, at
/// the standard temperature.
fn held_out() -> Vec<HeldOut> {
    let how = fangkong_domain::appeals::classifier::Training {
        temperature: TEMPERATURE,
        ..STANDARD
    };
    cross_validate(&labelled(), FOLDS, &how)
}

/// Per source and category: precision and recall of the first category, and
/// how often a category labelled first or second is named first or second.
pub fn cross_validated(format: Format) -> anyhow::Result<()> {
    let held = held_out();
    let mut columns = SCORE_COLUMNS.to_vec();
    columns.extend([
        "labelled_first_or_second",
        "found_first_or_second",
        "named_second",
        "named_second_right",
    ]);
    let mut table = Table::new(&columns);
    for source in [Source::Project, Source::WeiboTrain] {
        let mine: Vec<&HeldOut> = held.iter().filter(|h| h.source == source).collect();
        let e = tally(mine.iter().map(|h| (h.label, h.decision.category)));
        for c in &e.categories {
            let labelled: Vec<&&HeldOut> = mine
                .iter()
                .filter(|h| h.label == c.category || h.second_label == Some(c.category))
                .collect();
            let found = labelled
                .iter()
                .filter(|h| {
                    h.decision.category == c.category || h.decision.second == Some(c.category)
                })
                .count();
            let named: Vec<&&HeldOut> = mine
                .iter()
                .filter(|h| h.decision.second == Some(c.category))
                .collect();
            let named_right = named
                .iter()
                .filter(|h| h.label == c.category || h.second_label == Some(c.category))
                .count();
            let mut row = score_cells(source.name(), c);
            row.extend([
                (labelled.len() as u32).into(),
                if labelled.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Ratio(found as f64 / labelled.len() as f64)
                },
                (named.len() as u32).into(),
                (named_right as u32).into(),
            ]);
            table.push(row);
        }
        table.push(accuracy_cells(source.name(), &e, 4));
    }
    table.print(format)
}

/// The reliability table at the standard temperature and at the one the
/// held-out folds fit, with the expected calibration error of each.
pub fn reliability(format: Format) -> anyhow::Result<()> {
    let held = held_out();
    let fitted = fit_temperature(&held);
    let mut table = Table::new(&[
        "temperature",
        "which",
        "confidence_from",
        "confidence_to",
        "texts",
        "mean_confidence",
        "accuracy",
    ]);
    for (which, t) in [("standard", TEMPERATURE), ("fitted", fitted)] {
        let b = bins(&held, t);
        for bin in &b {
            table.push(vec![
                Cell::Estimate(f64::from(t)),
                which.into(),
                Cell::Ratio(f64::from(bin.from)),
                Cell::Ratio(f64::from(bin.to)),
                bin.texts.into(),
                if bin.texts > 0 {
                    Cell::Ratio(bin.mean_confidence)
                } else {
                    Cell::Empty
                },
                if bin.texts > 0 {
                    Cell::Ratio(bin.accuracy)
                } else {
                    Cell::Empty
                },
            ]);
        }
        table.push(vec![
            Cell::Estimate(f64::from(t)),
            which.into(),
            "(calibration error)".into(),
            Cell::Empty,
            (held.len() as u32).into(),
            Cell::Empty,
            Cell::Ratio(calibration_error(&b)),
        ]);
    }
    table.print(format)
}

/// Per threshold: how many held-out texts would wait for a person, and how
/// often the filed rest are right (all texts, and medical recall on the
/// Weibo training posts among the filed).
pub fn triage(format: Format, configured: u8) -> anyhow::Result<()> {
    let held = held_out();
    let mut table = Table::new(&[
        "triage_below_percent",
        "configured",
        "texts",
        "to_triage",
        "share_to_triage",
        "accuracy_of_filed",
        "accuracy_of_triaged_guesses",
    ]);
    let mut thresholds: Vec<u8> = vec![0, 30, 40, 50, 60, 70, 80, 90];
    if !thresholds.contains(&configured) {
        thresholds.push(configured);
        thresholds.sort_unstable();
    }
    for t in thresholds {
        let waits = |h: &HeldOut| awaits_triage(false, Some(permille(h.decision.confidence)), t);
        let (to_triage, filed): (Vec<&HeldOut>, Vec<&HeldOut>) =
            held.iter().partition(|h| waits(h));
        let right = |v: &[&HeldOut]| v.iter().filter(|h| h.decision.category == h.label).count();
        let ratio = |n: usize, d: usize| {
            if d > 0 {
                Cell::Ratio(n as f64 / d as f64)
            } else {
                Cell::Empty
            }
        };
        table.push(vec![
            u32::from(t).into(),
            (t == configured).into(),
            (held.len() as u32).into(),
            (to_triage.len() as u32).into(),
            ratio(to_triage.len(), held.len()),
            ratio(right(&filed), filed.len()),
            ratio(right(&to_triage), to_triage.len()),
        ]);
    }
    table.print(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_labelled_text_is_held_out_once() {
        let held = held_out();
        assert_eq!(held.len(), labelled().len());
        assert!(held.iter().any(|h| h.label == Category::Medical));
    }
}
