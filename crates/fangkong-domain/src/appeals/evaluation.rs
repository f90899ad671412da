//! How well a classifier does on labelled texts it did not learn from: per
//! category, precision (of the texts it put there, how many belong) and recall
//! (of the texts that belong, how many it put there).

use serde::Serialize;

use super::category::Category;
use super::classifier::Classifier;

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
    for (text, label) in samples {
        let got = classifier.classify(text).category;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_and_recall_count_what_they_say() {
        let m = Classifier::train([
            ("买不到菜 没有米", Category::Supplies),
            ("发烧 核酸 床位", Category::Medical),
        ]);
        let e = evaluate(
            &m,
            [
                ("买不到菜", Category::Supplies),
                ("核酸检测", Category::Medical),
                ("没有米 发烧 发烧 核酸", Category::Supplies),
            ],
        );
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
}
