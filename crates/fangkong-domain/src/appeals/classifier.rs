//! Classifying an appeal's text: multinomial naive Bayes over its words and
//! bigrams, a model whose every decision can be shown. The score of a category
//! is the sum, over the text's features, of the log-probability of the feature
//! in that category's training texts (Lidstone smoothing); the category with the
//! highest score wins, and the features that pushed it above the runner-up most
//! are the explanation.
//!
//! Priors are equal: the labelled sample's mix of categories is how it was
//! collected, not how appeals arrive, and letting it decide would push every
//! doubtful text into the sample's largest category. Features never seen in
//! training are left out (they favour no category).

use std::collections::HashMap;

use serde::Serialize;

use super::category::Category;

/// The smoothing of the standard model: Lidstone's 0.01 rather than Laplace's 1,
/// because the vocabulary (about 200,000 words and pairs) is far larger than the
/// small categories' texts, and adding 1 to every feature drowns what those few
/// texts say. Chosen by the mean recall over the categories on a fifth of the
/// training sample held out for it (the `smoothing` tuning aid), never on the
/// evaluation sample.
pub const ALPHA: f64 = 0.01;

/// Whether the standard model counts a feature once per text.
pub const BINARY: bool = false;

/// A trained model.
#[derive(Debug, Clone)]
pub struct Classifier {
    /// Word → its feature column.
    words: HashMap<Box<str>, u32>,
    /// Two neighbouring words' columns → the pair's feature column.
    pairs: HashMap<(u32, u32), u32>,
    /// Column → the feature as text (a word, or two joined by a space).
    names: Vec<String>,
    /// Per category, the log-probability of each feature.
    log_p: Vec<Vec<f32>>,
    /// How many training texts each category had.
    trained_on: Vec<u32>,
    /// Whether a feature counts once per text, however often it appears.
    binary: bool,
}

/// The feature columns of a training text (its words, then its neighbouring
/// pairs), adding the ones not seen before.
fn learn_columns(
    words: &mut HashMap<Box<str>, u32>,
    pairs: &mut HashMap<(u32, u32), u32>,
    names: &mut Vec<String>,
    text: &str,
) -> Vec<u32> {
    let ids: Vec<u32> = super::words::words(text)
        .into_iter()
        .map(|w| match words.get(w) {
            Some(&id) => id,
            None => {
                let id = names.len() as u32;
                words.insert(w.into(), id);
                names.push(w.to_string());
                id
            }
        })
        .collect();
    let mut out = ids.clone();
    for pair in ids.windows(2) {
        let id = *pairs.entry((pair[0], pair[1])).or_insert_with(|| {
            names.push(format!(
                "{} {}",
                names[pair[0] as usize], names[pair[1] as usize]
            ));
            (names.len() - 1) as u32
        });
        out.push(id);
    }
    out
}

/// One feature's weight in a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weight {
    /// The word, or two words joined by a space.
    pub feature: String,
    /// How many times the text has it.
    pub count: u32,
    /// Its log-likelihood ratio for the winner over the runner-up, times the count.
    pub weight: f32,
}

/// A decision and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The category.
    pub category: Category,
    /// The probability the model gives it (equal priors), from 0 to 1.
    pub confidence: f32,
    /// The runner-up.
    pub runner_up: Category,
    /// The features that weigh most for the winner over the runner-up, heaviest
    /// first (at most ten).
    pub because: Vec<Weight>,
    /// Features the model knew (none: the text is out of its vocabulary and the
    /// decision is `other`).
    pub known_features: u32,
}

impl Classifier {
    /// Trains on labelled texts.
    pub fn train<'a>(samples: impl IntoIterator<Item = (&'a str, Category)>) -> Classifier {
        Classifier::train_with(samples, ALPHA, BINARY)
    }

    /// Trains with Lidstone smoothing `alpha` (the count added to every feature).
    pub fn train_with<'a>(
        samples: impl IntoIterator<Item = (&'a str, Category)>,
        alpha: f64,
        binary: bool,
    ) -> Classifier {
        let n = Category::ALL.len();
        let mut words: HashMap<Box<str>, u32> = HashMap::new();
        let mut pairs: HashMap<(u32, u32), u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut counts: Vec<HashMap<u32, u32>> = vec![HashMap::new(); n];
        let mut trained_on = vec![0u32; n];
        for (text, category) in samples {
            let c = category as usize;
            trained_on[c] += 1;
            let mut cols = learn_columns(&mut words, &mut pairs, &mut names, text);
            if binary {
                cols.sort_unstable();
                cols.dedup();
            }
            for id in cols {
                *counts[c].entry(id).or_insert(0) += 1;
            }
        }
        let v = names.len();
        let log_p = counts
            .iter()
            .map(|by_feature| {
                let total: f64 = by_feature.values().map(|&k| f64::from(k)).sum();
                let denominator = (total + alpha * v as f64).ln();
                let mut row = vec![(alpha.ln() - denominator) as f32; v];
                for (&id, &k) in by_feature {
                    row[id as usize] = ((f64::from(k) + alpha).ln() - denominator) as f32;
                }
                row
            })
            .collect();
        Classifier {
            words,
            pairs,
            names,
            log_p,
            trained_on,
            binary,
        }
    }

    /// The feature columns of a text the model knows (words and pairs never
    /// seen in training are left out: they favour no category). No allocation
    /// per feature: words are looked up as they are cut.
    fn known_columns(&self, text: &str) -> Vec<u32> {
        let ids: Vec<Option<u32>> = super::words::words(text)
            .into_iter()
            .map(|w| self.words.get(w).copied())
            .collect();
        let mut out: Vec<u32> = ids.iter().flatten().copied().collect();
        for pair in ids.windows(2) {
            if let (Some(a), Some(b)) = (pair[0], pair[1])
                && let Some(&id) = self.pairs.get(&(a, b))
            {
                out.push(id);
            }
        }
        out
    }

    /// How many training texts each category had.
    pub fn trained_on(&self) -> Vec<(Category, u32)> {
        Category::ALL
            .into_iter()
            .zip(self.trained_on.iter().copied())
            .collect()
    }

    /// The decision on one text, with its explanation.
    pub fn classify(&self, text: &str) -> Decision {
        let mut cols = self.known_columns(text);
        if self.binary {
            cols.sort_unstable();
            cols.dedup();
        }
        // A BTreeMap, so that scores are summed in the same order every time:
        // a HashMap's order changes from run to run, and with it the last bits
        // of a sum, which can tip a close decision.
        let mut seen: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        for id in cols {
            *seen.entry(id).or_insert(0) += 1;
        }
        // Only categories with training texts compete.
        let scores: Vec<(Category, f32)> = Category::ALL
            .into_iter()
            .filter(|c| self.trained_on[*c as usize] > 0)
            .map(|c| {
                let row = &self.log_p[c as usize];
                let s: f32 = seen
                    .iter()
                    .map(|(&id, &k)| row[id as usize] * k as f32)
                    .sum();
                (c, s)
            })
            .collect();
        let mut ranked = scores.clone();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (winner, best) = ranked.first().copied().unwrap_or((Category::Other, 0.0));
        let runner_up = ranked.get(1).map_or(Category::Other, |r| r.0);
        if seen.is_empty() {
            return Decision {
                category: Category::Other,
                confidence: 0.0,
                runner_up: Category::Other,
                because: Vec::new(),
                known_features: 0,
            };
        }
        let total: f32 = scores.iter().map(|(_, s)| (s - best).exp()).sum();
        let mut because: Vec<Weight> = seen
            .iter()
            .map(|(&id, &k)| Weight {
                feature: self.names[id as usize].clone(),
                count: k,
                weight: (self.log_p[winner as usize][id as usize]
                    - self.log_p[runner_up as usize][id as usize])
                    * k as f32,
            })
            .filter(|w| w.weight > 0.0)
            .collect();
        because.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.feature.cmp(&b.feature))
        });
        because.truncate(10);
        Decision {
            category: winner,
            confidence: 1.0 / total,
            runner_up,
            because,
            known_features: seen.values().sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Classifier {
        Classifier::train([
            (
                "滞留武汉无法回家，身上没钱了，住宿怎么办",
                Category::Stranded,
            ),
            ("外地人滞留在汉，酒店不让住，求助回家", Category::Stranded),
            ("家里没有菜了，团购买不到蔬菜和米", Category::Supplies),
            ("小区团购的物资一直送不到，老人买不到菜", Category::Supplies),
            ("父亲发烧咳嗽，社区不安排核酸检测和床位", Category::Medical),
            ("母亲确诊了还住不进医院，求床位", Category::Medical),
        ])
    }

    #[test]
    fn each_text_goes_where_its_words_point_with_the_words_shown() {
        let m = model();
        let d = m.classify("我滞留在武汉回不了家，求助");
        assert_eq!(d.category, Category::Stranded, "{d:?}");
        assert!(d.because.iter().any(|w| w.feature == "滞留"), "{d:?}");
        assert!(d.confidence > 0.5 && d.confidence <= 1.0);
        let d = m.classify("买不到菜，家里没有米了");
        assert_eq!(d.category, Category::Supplies, "{d:?}");
        let d = m.classify("奶奶发烧三天，需要核酸检测");
        assert_eq!(d.category, Category::Medical, "{d:?}");
    }

    #[test]
    fn a_text_the_model_has_no_word_for_is_other() {
        let d = model().classify("ABC 123 ●●●");
        assert_eq!(d.category, Category::Other);
        assert_eq!(d.known_features, 0);
        assert!(d.because.is_empty());
    }

    #[test]
    fn categories_without_training_texts_never_win() {
        let m = model();
        for text in ["心理压力很大", "投诉社区书记", "公交停运了"] {
            let d = m.classify(text);
            assert!(
                matches!(
                    d.category,
                    Category::Stranded | Category::Supplies | Category::Medical | Category::Other
                ),
                "{d:?}"
            );
        }
        assert_eq!(m.trained_on().iter().filter(|(_, n)| *n > 0).count(), 3);
    }
}
