//! Classifying an appeal's text: multinomial logistic regression over what
//! [`super::features`] sees (words, pairs of words, runs of characters, the
//! lexicon's groups), a model whose every decision can be shown. A category's
//! score is its bias plus the sum, over the text's features, of the feature's
//! value times its weight for that category; the probabilities are the
//! softmax of the scores divided by a temperature, fitted on held-out folds so
//! that a confidence of 0.8 is right about 8 times in 10 (the reliability table
//! in BENCHMARKS.md). The features that pushed the winner above the runner-up
//! most are the explanation.
//!
//! Training weighs each category by how rare it is (the labelled sample's mix
//! is how it was collected, not how appeals arrive: unweighted, the model would
//! call every doubtful text medical), with L2 regularisation and AdaGrad steps
//! over the texts in a fixed shuffled order, so the same sample always gives the
//! same model. Features seen in one training text only are left out: they are
//! names, places and typos more often than signs of a need. A lexicon group
//! the sample teaches little (few texts of its need use its words) starts
//! from a prior weight for its need and is pulled back towards it, so that
//! the lexicon's knowledge holds where the sample is thin.

use serde::Serialize;

use super::category::Category;
use super::features::{KeyMap, Occurrence, clauses, extract, occurrences};
use super::lexicon::{GROUPS, hits_at};

/// How many categories there are.
const K: usize = Category::ALL.len();

/// How a model is trained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Training {
    /// Passes over the sample.
    pub epochs: u32,
    /// AdaGrad's step size.
    pub rate: f32,
    /// L2 regularisation of the weights.
    pub l2: f32,
    /// How strongly rare categories are weighed up: a text of category `c`
    /// weighs `(n / (k · n_c))^balance` (0: not at all, 1: fully balanced).
    pub balance: f32,
    /// The temperature the scores are divided by before the softmax.
    pub temperature: f32,
    /// Texts a feature must appear in to be kept.
    pub min_texts: u32,
    /// The value of a lexicon group's feature per `1 + ln(hits)`, outside the
    /// text's normalisation: a need named once in a long post is not diluted
    /// by the post's length (0: lexicon groups are features like any other).
    pub lexicon: f32,
    /// The weight, for its own category, that the feature of a lexicon group
    /// the sample teaches little ([`Training::prior_below`]) starts from and
    /// is pulled back towards (0: none). The lexicon is knowledge of what each
    /// need sounds like; the labelled sample has few texts of most needs (two
    /// supplies posts among 600 crisis posts), and without a prior a long
    /// medical story outweighs the one clause that asks for medicine.
    pub prior: f32,
    /// A lexicon group has a prior when fewer training texts than this, of
    /// its own category, use its words; the groups the sample teaches well
    /// (medical's, transport's, housing's) learn their weights from it alone.
    pub prior_below: u32,
    /// How strongly a lexicon feature's weights are pulled towards their prior
    /// (L2 towards it rather than towards 0).
    pub prior_pull: f32,
    /// How sure the model must be of one clause of a text (split at 。！？；，
    /// and line breaks) to name its category as the text's second need. A
    /// post that asks for two things usually asks for the second in a clause
    /// of its own (口罩也买不到, 家里没有车), which the whole text's score drowns.
    pub second_clause_at: f32,
}

/// The standard model's training: chosen by the mean recall over the
/// categories under 5-fold cross-validation of the project's sample (the
/// `tuning` aid in `sample.rs`), never on the Weibo posts kept for
/// evaluation. Its temperature is fitted on the same folds' held-out scores
/// (`fangkong appeals evaluate --reliability` prints the fit).
pub const STANDARD: Training = Training {
    epochs: 12,
    rate: 0.3,
    l2: 1e-5,
    balance: 1.0,
    temperature: 1.0,
    min_texts: 2,
    lexicon: 1.0,
    prior: 4.0,
    prior_below: 50,
    prior_pull: 0.01,
    second_clause_at: 0.9,
};

/// A probability below which the runner-up is not named as a second need.
pub const SECOND_AT: f32 = 0.2;

/// The shortest clause (in characters) read for a second need.
const SHORTEST_CLAUSE: usize = 4;

/// The most clauses of a text read for a second need.
const MOST_CLAUSES: usize = 3;

/// The most features an explanation shows.
const SHOWN: usize = 10;

/// A trained model.
#[derive(Debug, Clone)]
pub struct Classifier {
    /// Feature key → its column.
    columns: KeyMap<u32>,
    /// Column → the feature's readable name.
    names: Vec<String>,
    /// Column-major weights: `weights[column * K + category]`.
    weights: Vec<f32>,
    /// Per category, its bias.
    bias: [f32; K],
    /// How many training texts each category had.
    trained_on: [u32; K],
    /// The temperature of the softmax.
    temperature: f32,
    /// Per column, whether it is a lexicon group's.
    is_lexicon: Vec<bool>,
    /// The value of a lexicon feature per `1 + ln(hits)` (see [`Training`]).
    lexicon: f32,
    /// See [`Training::second_clause_at`].
    second_clause_at: f32,
}

/// One feature's weight in a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weight {
    /// The feature: a word, two words joined by a space, characters in 「」,
    /// or a lexicon group `lexicon:<code>`.
    pub feature: String,
    /// How many times the text has it.
    pub count: u32,
    /// How much it adds to the winner's score over the runner-up's.
    pub weight: f32,
}

/// A decision and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The category.
    pub category: Category,
    /// The calibrated probability of the category, from 0 to 1.
    pub confidence: f32,
    /// The runner-up.
    pub runner_up: Category,
    /// A second need the text states: the category of a clause the model is
    /// sure enough of ([`Training::second_clause_at`]), other than the
    /// winner; else the
    /// runner-up, when its probability is at least [`SECOND_AT`].
    pub second: Option<Category>,
    /// The runner-up's probability.
    pub second_confidence: f32,
    /// The clause that named the second need, if one did.
    pub second_because: Option<String>,
    /// The features that weigh most for the winner over the runner-up,
    /// heaviest first (at most ten).
    pub because: Vec<Weight>,
    /// Features the model knew (none: the text is out of its vocabulary and
    /// the decision is `other`).
    pub known_features: u32,
}

/// A text as the model reads it: columns and values (L2-normalised).
type Vector = Vec<(u32, f32)>;

/// The vector of a text's `(column, count)` features: `1 + ln(count)`,
/// normalised to length 1, except lexicon features when `lexicon` is above 0
/// (their value is `lexicon · (1 + ln(hits))`, outside the normalisation).
fn vector(cols: impl IntoIterator<Item = (u32, u32)>, is_lexicon: &[bool], lexicon: f32) -> Vector {
    let apart = |c: u32| lexicon > 0.0 && is_lexicon.get(c as usize).copied().unwrap_or(false);
    let mut v: Vector = cols
        .into_iter()
        .map(|(c, n)| (c, 1.0 + (n as f32).ln()))
        .collect();
    let norm = v
        .iter()
        .filter(|(c, _)| !apart(*c))
        .map(|(_, x)| x * x)
        .sum::<f32>()
        .sqrt();
    for (c, x) in &mut v {
        if apart(*c) {
            *x *= lexicon;
        } else if norm > 0.0 {
            *x /= norm;
        }
    }
    v
}

/// A small deterministic generator for the training order.
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self, below: usize) -> usize {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z % below as u64) as usize
    }
}

/// The softmax of `scores / temperature` over the categories with training
/// texts (the others get 0).
fn softmax(scores: &[f32; K], present: &[u32; K], temperature: f32) -> [f32; K] {
    let best = (0..K)
        .filter(|&k| present[k] > 0)
        .map(|k| scores[k] / temperature)
        .fold(f32::NEG_INFINITY, f32::max);
    let mut p = [0.0; K];
    let mut total = 0.0;
    for k in 0..K {
        if present[k] > 0 {
            p[k] = (scores[k] / temperature - best).exp();
            total += p[k];
        }
    }
    if total > 0.0 {
        for x in &mut p {
            *x /= total;
        }
    }
    p
}

impl Classifier {
    /// Trains the standard way on labelled texts.
    pub fn train<'a>(samples: impl IntoIterator<Item = (&'a str, Category)>) -> Classifier {
        Classifier::train_with(samples, &STANDARD)
    }

    /// Trains on labelled texts as `how` says.
    pub fn train_with<'a>(
        samples: impl IntoIterator<Item = (&'a str, Category)>,
        how: &Training,
    ) -> Classifier {
        let mut all_names: KeyMap<String> = KeyMap::default();
        let texts: Vec<(super::features::Extracted, Category)> = samples
            .into_iter()
            .map(|(text, c)| (extract(text, Some(&mut all_names)), c))
            .collect();
        // Columns for the features of at least `min_texts` texts, in the
        // order first seen.
        let mut in_texts: KeyMap<u32> = KeyMap::default();
        for (e, _) in &texts {
            for (k, _) in &e.counts {
                *in_texts.entry(*k).or_insert(0) += 1;
            }
        }
        let mut columns: KeyMap<u32> = KeyMap::default();
        let mut names: Vec<String> = Vec::new();
        for (e, _) in &texts {
            for (k, _) in &e.counts {
                if in_texts[k] >= how.min_texts && !columns.contains_key(k) {
                    columns.insert(*k, names.len() as u32);
                    names.push(all_names.remove(k).unwrap_or_default());
                }
            }
        }
        // Per column, the category of its lexicon group (none: not a group).
        let group_of: Vec<Option<usize>> = names
            .iter()
            .map(|name| {
                let code = name.strip_prefix(super::features::LEXICON_PREFIX)?;
                let group = GROUPS.iter().find(|g| g.code == code)?;
                Some(group.category as usize)
            })
            .collect();
        let is_lexicon: Vec<bool> = group_of.iter().map(Option::is_some).collect();
        let rows: Vec<(Vector, usize)> = texts
            .iter()
            .map(|(e, c)| {
                let v = vector(
                    e.counts
                        .iter()
                        .filter_map(|(k, n)| columns.get(k).map(|&col| (col, *n))),
                    &is_lexicon,
                    how.lexicon,
                );
                (v, *c as usize)
            })
            .collect();
        let mut trained_on = [0u32; K];
        for (_, c) in &rows {
            trained_on[*c] += 1;
        }
        let present = trained_on.iter().filter(|&&n| n > 0).count().max(1) as f32;
        let n = rows.len().max(1) as f32;
        let weigh: [f32; K] = std::array::from_fn(|k| {
            if trained_on[k] == 0 {
                0.0
            } else {
                (n / (present * trained_on[k] as f32)).powf(how.balance)
            }
        });
        // Per column, the category whose weight has a prior: a lexicon
        // group's own, where fewer than `prior_below` training texts of that
        // category use the group's words.
        let mut own_texts = vec![0u32; names.len()];
        for (e, c) in &texts {
            for (k, _) in &e.counts {
                if let Some(&col) = columns.get(k)
                    && group_of[col as usize] == Some(*c as usize)
                {
                    own_texts[col as usize] += 1;
                }
            }
        }
        let prior_of: Vec<Option<usize>> = group_of
            .iter()
            .zip(&own_texts)
            .map(|(k, &n)| k.filter(|_| how.prior > 0.0 && n < how.prior_below))
            .collect();
        let mut weights = vec![0.0f32; names.len() * K];
        for (col, k) in prior_of.iter().enumerate() {
            if let Some(k) = k {
                weights[col * K + k] = how.prior;
            }
        }
        let mut squares = vec![0.0f32; names.len() * K];
        let mut bias = [0.0f32; K];
        let mut bias_squares = [0.0f32; K];
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut shuffle = Shuffle(0x5eed);
        for _ in 0..how.epochs {
            for i in (1..order.len()).rev() {
                let j = shuffle.next(i + 1);
                order.swap(i, j);
            }
            for &i in &order {
                let (v, label) = &rows[i];
                let mut scores = bias;
                for &(col, x) in v {
                    let w = &weights[col as usize * K..col as usize * K + K];
                    for k in 0..K {
                        scores[k] += x * w[k];
                    }
                }
                let p = softmax(&scores, &trained_on, 1.0);
                let g: [f32; K] = std::array::from_fn(|k| {
                    weigh[*label] * (p[k] - if k == *label { 1.0 } else { 0.0 })
                });
                for k in 0..K {
                    if trained_on[k] == 0 {
                        continue;
                    }
                    bias_squares[k] += g[k] * g[k];
                    bias[k] -= how.rate * g[k] / (bias_squares[k].sqrt() + 1e-6);
                }
                for &(col, x) in v {
                    let at = col as usize * K;
                    for k in 0..K {
                        if trained_on[k] == 0 {
                            continue;
                        }
                        let grad = match prior_of[col as usize] {
                            Some(own) => {
                                let prior = if own == k { how.prior } else { 0.0 };
                                g[k] * x + how.prior_pull * (weights[at + k] - prior)
                            }
                            None => g[k] * x + how.l2 * weights[at + k],
                        };
                        squares[at + k] += grad * grad;
                        weights[at + k] -= how.rate * grad / (squares[at + k].sqrt() + 1e-6);
                    }
                }
            }
        }
        Classifier {
            columns,
            names,
            weights,
            bias,
            trained_on,
            temperature: how.temperature,
            is_lexicon,
            lexicon: how.lexicon,
            second_clause_at: how.second_clause_at,
        }
    }

    /// The same model with another temperature.
    pub fn with_temperature(mut self, temperature: f32) -> Classifier {
        self.temperature = temperature;
        self
    }

    /// The temperature of the softmax.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// How many training texts each category had.
    pub fn trained_on(&self) -> Vec<(Category, u32)> {
        Category::ALL
            .into_iter()
            .zip(self.trained_on.iter().copied())
            .collect()
    }

    /// The known features among `found` as `(column, count)`, in column
    /// order.
    fn known<'a>(&self, found: impl Iterator<Item = &'a Occurrence>) -> Vec<(u32, u32)> {
        let mut columns: Vec<u32> = found
            .filter_map(|o| self.columns.get(&o.key).copied())
            .collect();
        columns.sort_unstable();
        let mut known: Vec<(u32, u32)> = Vec::with_capacity(columns.len());
        for c in columns {
            match known.last_mut() {
                Some((last, n)) if *last == c => *n += 1,
                _ => known.push((c, 1)),
            }
        }
        known
    }

    /// Each category's score (before the temperature) of known features, and
    /// their vector.
    fn scores_of(&self, known: &[(u32, u32)]) -> ([f32; K], Vector) {
        let v = vector(known.iter().copied(), &self.is_lexicon, self.lexicon);
        let mut scores = self.bias;
        for &(col, x) in &v {
            let w = &self.weights[col as usize * K..col as usize * K + K];
            for k in 0..K {
                scores[k] += x * w[k];
            }
        }
        (scores, v)
    }

    /// Each category's score before the temperature (categories without
    /// training texts: negative infinity), for fitting a temperature.
    pub fn scores(&self, text: &str) -> [f32; K] {
        let found = occurrences(&super::template::readable(text), None);
        let (mut s, _) = self.scores_of(&self.known(found.iter()));
        for (score, &n) in s.iter_mut().zip(&self.trained_on) {
            if n == 0 {
                *score = f32::NEG_INFINITY;
            }
        }
        s
    }

    /// The decision on one text, with its explanation.
    pub fn classify(&self, text: &str) -> Decision {
        let readable = super::template::readable(text);
        let found = occurrences(&readable, None);
        let known = self.known(found.iter());
        let (scores, v) = self.scores_of(&known);
        if known.is_empty() {
            return Decision {
                category: Category::Other,
                confidence: 0.0,
                runner_up: Category::Other,
                second: None,
                second_confidence: 0.0,
                second_because: None,
                because: Vec::new(),
                known_features: 0,
            };
        }
        let p = softmax(&scores, &self.trained_on, self.temperature);
        let mut ranked: Vec<usize> = (0..K).filter(|&k| self.trained_on[k] > 0).collect();
        ranked.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
        let winner = ranked.first().copied().unwrap_or(Category::Other as usize);
        let runner = ranked.get(1).copied().unwrap_or(winner);
        let because = self.heaviest(&v, &known, winner, runner);
        let clause = self.second_clause(&readable, &found, winner);
        let second = match &clause {
            Some((c, _)) => Some(*c),
            None => (runner != winner && p[runner] >= SECOND_AT).then(|| Category::ALL[runner]),
        };
        Decision {
            category: Category::ALL[winner],
            confidence: p[winner],
            runner_up: Category::ALL[runner],
            second,
            second_confidence: if runner == winner { 0.0 } else { p[runner] },
            second_because: clause.map(|(_, c)| c),
            because,
            known_features: known.iter().map(|(_, n)| n).sum(),
        }
    }

    /// The features of vector `v` (of `known`) that weigh most for `winner`
    /// over `runner`, heaviest first, at most [`SHOWN`]; ties by name.
    fn heaviest(
        &self,
        v: &Vector,
        known: &[(u32, u32)],
        winner: usize,
        runner: usize,
    ) -> Vec<Weight> {
        let mut weighed: Vec<(f32, usize)> = v
            .iter()
            .enumerate()
            .map(|(i, &(col, x))| {
                let at = col as usize * K;
                (
                    x * (self.weights[at + winner] - self.weights[at + runner]),
                    i,
                )
            })
            .filter(|(w, _)| *w > 0.0)
            .collect();
        let order = |a: &(f32, usize), b: &(f32, usize)| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.names[v[a.1].0 as usize].cmp(&self.names[v[b.1].0 as usize]))
        };
        // Only the shown ones are put in order: a long post has hundreds.
        if weighed.len() > SHOWN {
            weighed.select_nth_unstable_by(SHOWN - 1, order);
            weighed.truncate(SHOWN);
        }
        weighed.sort_unstable_by(order);
        // Names are copied for the shown ones only.
        weighed
            .into_iter()
            .map(|(weight, i)| Weight {
                feature: self.names[v[i].0 as usize].clone(),
                count: known[i].1,
                weight,
            })
            .collect()
    }

    /// The clause of the readable text the model is surest names a need other
    /// than the category `winner`, if it is sure enough. Only clauses that
    /// name, in the lexicon, a need of another category are read: a clause
    /// without one is not where a second need is asked for. A clause's
    /// features are the text's `found` inside it: it is not segmented again.
    fn second_clause(
        &self,
        readable: &str,
        found: &[Occurrence],
        winner: usize,
    ) -> Option<(Category, String)> {
        let clauses = clauses(readable, SHORTEST_CLAUSE);
        // Per clause, how many words of other categories' needs it names.
        let mut others = vec![0u32; clauses.len()];
        let mut at = 0;
        for (g, start, end) in hits_at(readable) {
            if GROUPS[g].category as usize == winner {
                continue;
            }
            while at < clauses.len() && clauses[at].1 <= start {
                at += 1;
            }
            if at < clauses.len() && clauses[at].0 <= start && end <= clauses[at].1 {
                others[at] += 1;
            }
        }
        // The clauses naming most of them, at most MOST_CLAUSES, first ones
        // first among equals.
        let mut candidates: Vec<(u32, usize)> = others
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| (*n, i))
            .collect();
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(MOST_CLAUSES);
        let mut best: Option<(f32, usize, usize)> = None;
        for (_, i) in candidates {
            let (from, to) = clauses[i];
            let known = self.known(found.iter().filter(|o| o.within(from, to)));
            if known.is_empty() {
                continue;
            }
            let (scores, _) = self.scores_of(&known);
            let p = softmax(&scores, &self.trained_on, self.temperature);
            let (k, pk) = p
                .iter()
                .copied()
                .enumerate()
                .fold((0, f32::MIN), |a, (k, x)| if x > a.1 { (k, x) } else { a });
            if k != winner && pk >= self.second_clause_at && best.is_none_or(|b| pk > b.0) {
                best = Some((pk, k, i));
            }
        }
        best.map(|(_, k, i)| {
            let (from, to) = clauses[i];
            (Category::ALL[k], readable[from..to].to_string())
        })
    }
}

/// The probabilities of `scores` at `temperature` (for calibration).
pub fn probabilities(scores: &[f32; K], temperature: f32) -> [f32; K] {
    let present: [u32; K] = std::array::from_fn(|k| u32::from(scores[k].is_finite()));
    softmax(scores, &present, temperature)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three medical texts both test samples share.
    const MEDICAL: [(&str, Category); 3] = [
        ("父亲发烧咳嗽，社区不安排核酸检测和床位", Category::Medical),
        ("母亲确诊了还住不进医院，求床位", Category::Medical),
        ("奶奶发烧咳嗽，核酸检测排不上，没有床位", Category::Medical),
    ];

    fn model() -> Classifier {
        Classifier::train(MEDICAL.into_iter().chain([
            (
                "滞留武汉无法回家，身上没钱了，住宿怎么办",
                Category::Stranded,
            ),
            ("外地人滞留在汉，酒店不让住，求助回家", Category::Stranded),
            ("滞留在汉的外地人，回不了家，没地方住", Category::Stranded),
            ("家里没有菜了，团购买不到蔬菜和米", Category::Supplies),
            ("小区团购的物资一直送不到，老人买不到菜", Category::Supplies),
            ("团购的菜送不到，家里没有米了", Category::Supplies),
        ]))
    }

    #[test]
    fn each_text_goes_where_its_words_point_with_the_words_shown() {
        let m = model();
        let d = m.classify("我滞留在武汉回不了家，求助");
        assert_eq!(d.category, Category::Stranded, "{d:?}");
        assert!(
            d.because.iter().any(|w| w.feature.contains("滞留")),
            "{d:?}"
        );
        assert!(d.confidence > 0.34 && d.confidence <= 1.0, "{d:?}");
        let d = m.classify("买不到菜，家里没有米了");
        assert_eq!(d.category, Category::Supplies, "{d:?}");
        let d = m.classify("奶奶发烧三天，需要核酸检测");
        assert_eq!(d.category, Category::Medical, "{d:?}");
    }

    /// A long medical story with one clause naming medicine running out, and
    /// a sample that taught no supplies text with the lexicon's words.
    fn story_sample() -> Vec<(&'static str, Category)> {
        MEDICAL
            .into_iter()
            .chain([
                ("爷爷发烧住院了，降压药也在医院开", Category::Medical),
                ("外公高烧不退，胰岛素在医院打，求床位", Category::Medical),
                ("家里没有菜了，团购的米一直没送来", Category::Supplies),
                ("小区的菜送不到，老人没饭吃", Category::Supplies),
            ])
            .collect()
    }

    /// The weight a model gives `feature` for `category`.
    fn weight_of(m: &Classifier, feature: &str, category: Category) -> f32 {
        let col = m.names.iter().position(|n| n == feature).expect(feature);
        m.weights[col * K + category as usize]
    }

    #[test]
    fn a_lexicon_group_the_sample_barely_teaches_keeps_its_prior() {
        let with = Classifier::train_with(story_sample(), &STANDARD);
        let without = Classifier::train_with(
            story_sample(),
            &Training {
                prior: 0.0,
                ..STANDARD
            },
        );
        // No supplies text used the supplies words; two medical texts did.
        let kept = weight_of(&with, "lexicon:supplies", Category::Supplies);
        let learnt = weight_of(&without, "lexicon:supplies", Category::Supplies);
        assert!(kept > STANDARD.prior * 0.5, "{kept}");
        assert!(learnt < 0.5, "{learnt}");
        let text = "父亲发烧，降压药只能管三天了，胰岛素也断了";
        assert_eq!(
            with.classify(text).category,
            Category::Supplies,
            "{:?}",
            with.classify(text)
        );
    }

    #[test]
    fn a_group_the_sample_teaches_learns_from_it_alone() {
        // Four medical texts use the symptom words: below a threshold of 5
        // they have a prior; at 4, none, as with no prior at all.
        let taught = Training {
            prior_below: 4,
            ..STANDARD
        };
        let none = Training {
            prior: 0.0,
            ..STANDARD
        };
        let a = Classifier::train_with(story_sample(), &taught);
        let b = Classifier::train_with(story_sample(), &none);
        let symptom = |m: &Classifier| weight_of(m, "lexicon:symptom", Category::Medical);
        let supplies = |m: &Classifier| weight_of(m, "lexicon:supplies", Category::Supplies);
        assert!(
            supplies(&a) > supplies(&b) + 1.0,
            "{} {}",
            supplies(&a),
            supplies(&b)
        );
        let prior_everywhere = Classifier::train_with(
            story_sample(),
            &Training {
                prior_below: 5,
                ..STANDARD
            },
        );
        assert!(
            symptom(&prior_everywhere) > symptom(&a) + 1.0,
            "{} {}",
            symptom(&prior_everywhere),
            symptom(&a)
        );
    }

    #[test]
    fn a_text_the_model_has_no_feature_for_is_other() {
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
        let s = m.scores("心理压力很大");
        assert_eq!(s[Category::MentalHealth as usize], f32::NEG_INFINITY);
    }

    #[test]
    fn a_text_asking_for_two_things_names_a_second_category() {
        let m = model();
        let d = m.classify("父亲发烧咳嗽没有床位，家里也买不到菜，团购送不到");
        assert!(
            matches!(
                (d.category, d.second),
                (Category::Medical, Some(Category::Supplies))
                    | (Category::Supplies, Some(Category::Medical))
            ),
            "{d:?}"
        );
        let d = m.classify("团购的蔬菜送不到，家里没有米");
        assert_eq!(d.second, None, "{d:?}");
    }

    #[test]
    fn the_same_sample_gives_the_same_model() {
        let a = model().classify("父亲发烧，买不到菜");
        let b = model().classify("父亲发烧，买不到菜");
        assert_eq!(a, b);
    }

    #[test]
    fn a_higher_temperature_lowers_confidence_without_changing_the_decision() {
        let m = model();
        let cold = m.classify("母亲发烧咳嗽，求床位");
        let warm = m
            .clone()
            .with_temperature(3.0)
            .classify("母亲发烧咳嗽，求床位");
        assert_eq!(cold.category, warm.category);
        assert!(warm.confidence < cold.confidence, "{cold:?} {warm:?}");
        let p = probabilities(&m.scores("母亲发烧咳嗽，求床位"), 1.0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert!((p[cold.category as usize] - cold.confidence).abs() < 1e-5);
    }
}
