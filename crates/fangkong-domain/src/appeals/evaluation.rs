//! How well a classifier does on labelled texts it did not learn from: per
//! category, precision (of the texts it put there, how many belong) and recall
//! (of the texts that belong, how many it put there).

use serde::Serialize;

use super::category::Category;
use super::classifier::{Classifier, Decision, Training, probabilities};
use super::sample::{Labelled, Source};

/// One category's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CategoryScore {
    /// The category.
    pub category: Category,
    /// Texts labelled with it.
    pub support: u32,
    /// Texts the classifier put in it.
    pub predicted: u32,
    /// Of those, labelled with it.
    pub correct: u32,
}

impl CategoryScore {
    /// Correct over predicted, or `None` when it predicted none.
    pub fn precision(&self) -> Option<f64> {
        (self.predicted > 0).then(|| f64::from(self.correct) / f64::from(self.predicted))
    }

    /// Correct over support, or `None` when no text has the label.
    pub fn recall(&self) -> Option<f64> {
        (self.support > 0).then(|| f64::from(self.correct) / f64::from(self.support))
    }
}

/// The figures of every category, and in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Per category, in [`Category::ALL`] order.
    pub categories: Vec<CategoryScore>,
    /// Texts evaluated.
    pub texts: u32,
    /// Texts classified as labelled.
    pub correct: u32,
}

/// Classifies every text and counts.
pub fn evaluate<'a>(
    classifier: &Classifier,
    samples: impl IntoIterator<Item = (&'a str, Category)>,
) -> Evaluation {
    tally(
        samples
            .into_iter()
            .map(|(text, label)| (label, classifier.classify(text).category)),
    )
}

/// Counts `(label, decided)` pairs.
pub fn tally(pairs: impl IntoIterator<Item = (Category, Category)>) -> Evaluation {
    let mut categories: Vec<CategoryScore> = Category::ALL
        .into_iter()
        .map(|category| CategoryScore {
            category,
            support: 0,
            predicted: 0,
            correct: 0,
        })
        .collect();
    let (mut texts, mut correct) = (0, 0);
    for (label, got) in pairs {
        texts += 1;
        categories[label as usize].support += 1;
        categories[got as usize].predicted += 1;
        if got == label {
            correct += 1;
            categories[label as usize].correct += 1;
        }
    }
    Evaluation {
        categories,
        texts,
        correct,
    }
}

/// A decision on a text the model did not learn from.
#[derive(Debug, Clone)]
pub struct HeldOut {
    /// The text's label.
    pub label: Category,
    /// Its second label, if it has one.
    pub second_label: Option<Category>,
    /// Where it comes from.
    pub source: Source,
    /// The text.
    pub text: &'static str,
    /// The model's decision.
    pub decision: Decision,
    /// The scores before the temperature.
    pub scores: [f32; Category::ALL.len()],
}

/// The fold of a text: by a hash of its first readable characters, so that
/// a post repeated with small edits (families posted the same plea several
/// times) falls in one fold and is never learned and tested at once.
pub fn fold_of(text: &str, folds: u32) -> u32 {
    let readable = super::template::readable(text);
    let head: String = readable
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(40)
        .collect();
    let mut h: u32 = 0x811c_9dc5;
    for b in head.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % folds.max(1)
}

/// Cross-validation: for each of `folds` folds, a model trained as `how`
/// says on the other folds decides the fold's texts.
pub fn cross_validate(sample: &[Labelled], folds: u32, how: &Training) -> Vec<HeldOut> {
    let fold: Vec<u32> = sample.iter().map(|l| fold_of(l.text, folds)).collect();
    let mut out = Vec::with_capacity(sample.len());
    for f in 0..folds {
        let model = Classifier::train_with(
            sample
                .iter()
                .zip(&fold)
                .filter(|(_, g)| **g != f)
                .map(|(l, _)| (l.text, l.category)),
            how,
        );
        for (l, _) in sample.iter().zip(&fold).filter(|(_, g)| **g == f) {
            out.push(HeldOut {
                label: l.category,
                second_label: l.second,
                source: l.source,
                text: l.text,
                decision: model.classify(l.text),
                scores: model.scores(l.text),
            });
        }
    }
    out
}

/// The temperature that makes held-out probabilities most likely (least
/// mean negative log-likelihood), searched from 0.1 to 50 in steps of 2 %.
pub fn fit_temperature(held: &[HeldOut]) -> f32 {
    let nll = |t: f32| -> f64 {
        held.iter()
            .map(|h| {
                let p = probabilities(&h.scores, t)[h.label as usize];
                -f64::from(p.max(1e-9)).ln()
            })
            .sum::<f64>()
    };
    (0..=314)
        .map(|i| 0.1 * 1.02f32.powi(i))
        .min_by(|a, b| nll(*a).total_cmp(&nll(*b)))
        .unwrap_or(1.0)
}

/// Decisions whose confidence falls in a range, and how often they were right.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// The range's lower end (inclusive).
    pub from: f32,
    /// Its upper end (exclusive; the last includes 1).
    pub to: f32,
    /// Decisions in it.
    pub texts: u32,
    /// Their mean confidence.
    pub mean_confidence: f64,
    /// The share of them that were right.
    pub accuracy: f64,
}

/// The reliability table of `held` decisions at `temperature`: below 0.5,
/// then tenths up to 1.
pub fn reliability(held: &[HeldOut], temperature: f32) -> Vec<Bin> {
    let edges = [0.0f32, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    let mut bins: Vec<(u32, f64, u32)> = vec![(0, 0.0, 0); edges.len() - 1];
    for h in held {
        let p = probabilities(&h.scores, temperature);
        let (best, confidence) =
            p.iter().enumerate().fold(
                (0, f32::MIN),
                |acc, (k, &x)| if x > acc.1 { (k, x) } else { acc },
            );
        let b = edges
            .windows(2)
            .position(|w| confidence < w[1])
            .unwrap_or(edges.len() - 2);
        bins[b].0 += 1;
        bins[b].1 += f64::from(confidence);
        bins[b].2 += u32::from(best == h.label as usize);
    }
    edges
        .windows(2)
        .zip(bins)
        .map(|(w, (n, sum, right))| Bin {
            from: w[0],
            to: w[1],
            texts: n,
            mean_confidence: if n > 0 { sum / f64::from(n) } else { 0.0 },
            accuracy: if n > 0 {
                f64::from(right) / f64::from(n)
            } else {
                0.0
            },
        })
        .collect()
}

/// The expected calibration error of a reliability table: the mean gap
/// between confidence and accuracy, weighted by the texts in each bin.
pub fn calibration_error(bins: &[Bin]) -> f64 {
    let n: u32 = bins.iter().map(|b| b.texts).sum();
    if n == 0 {
        return 0.0;
    }
    bins.iter()
        .map(|b| f64::from(b.texts) * (b.accuracy - b.mean_confidence).abs())
        .sum::<f64>()
        / f64::from(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_and_recall_count_what_they_say() {
        let e = tally([
            (Category::Supplies, Category::Supplies),
            (Category::Medical, Category::Medical),
            (Category::Supplies, Category::Medical),
        ]);
        let s = e.categories[Category::Supplies as usize];
        let m_ = e.categories[Category::Medical as usize];
        assert_eq!((s.support, s.predicted, s.correct), (2, 1, 1));
        assert_eq!((m_.support, m_.predicted, m_.correct), (1, 2, 1));
        assert_eq!(s.precision(), Some(1.0));
        assert_eq!(s.recall(), Some(0.5));
        assert_eq!(m_.precision(), Some(0.5));
        assert_eq!(e.categories[Category::Stranded as usize].precision(), None);
        assert_eq!((e.texts, e.correct), (3, 2));
    }

    fn labelled(text: &'static str, category: Category) -> Labelled {
        Labelled {
            text,
            category,
            second: None,
            source: Source::Project,
        }
    }

    #[test]
    fn cross_validation_decides_every_text_once_by_a_model_that_did_not_see_it() {
        let sample = [
            labelled("家里没有菜了，团购买不到蔬菜", Category::Supplies),
            labelled("小区团购的物资送不到，买不到菜", Category::Supplies),
            labelled("团购的米和菜一直送不到", Category::Supplies),
            labelled("父亲发烧咳嗽，需要核酸检测", Category::Medical),
            labelled("母亲确诊了没有床位，求收治", Category::Medical),
            labelled("奶奶发烧，核酸排不上，没有床位", Category::Medical),
        ];
        let held = cross_validate(&sample, 3, &crate::appeals::classifier::STANDARD);
        assert_eq!(held.len(), sample.len());
        let mut labels: Vec<Category> = held.iter().map(|h| h.label).collect();
        labels.sort();
        assert_eq!(
            labels.iter().filter(|c| **c == Category::Supplies).count(),
            3
        );
    }

    #[test]
    fn repeated_posts_fall_in_one_fold() {
        let a = "【年龄】65【病情描述】父亲发烧十天，社区说没有床位，求求大家帮帮我们";
        let b =
            "求助人信息【年龄】65【病情描述】父亲发烧十天，社区说没有床位，求求大家帮帮我们！！";
        assert_eq!(fold_of(a, 5), fold_of(b, 5));
    }

    fn held(label: Category, scores: [f32; 8]) -> HeldOut {
        HeldOut {
            label,
            second_label: None,
            source: Source::Project,
            text: "",
            decision: Decision {
                category: label,
                confidence: 0.0,
                runner_up: label,
                second: None,
                second_confidence: 0.0,
                second_because: None,
                because: Vec::new(),
                known_features: 1,
            },
            scores,
        }
    }

    #[test]
    fn an_overconfident_model_gets_a_temperature_above_one() {
        // Scores that say "certain" but are right only 6 times in 10.
        let mut h = Vec::new();
        for i in 0..10 {
            let label = if i < 6 {
                Category::Medical
            } else {
                Category::Supplies
            };
            let mut s = [f32::NEG_INFINITY; 8];
            s[Category::Medical as usize] = 10.0;
            s[Category::Supplies as usize] = 0.0;
            h.push(held(label, s));
        }
        let t = fit_temperature(&h);
        assert!(t > 2.0, "{t}");
        let bins = reliability(&h, t);
        let used: Vec<&Bin> = bins.iter().filter(|b| b.texts > 0).collect();
        assert_eq!(used.len(), 1);
        assert!((used[0].accuracy - 0.6).abs() < 1e-9);
        assert!((used[0].mean_confidence - 0.6).abs() < 0.05, "{used:?}");
        assert!(calibration_error(&bins) < 0.05);
        assert!(calibration_error(&reliability(&h, 1.0)) > 0.35);
    }
}
