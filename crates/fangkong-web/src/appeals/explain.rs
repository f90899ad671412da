//! Why an appeal stands where it does: the model's category with the features
//! that weighed most, the names that routed it, the urgency rule that fired.
//! The appeal's page and the API show the same.

use fangkong_domain::appeals::Router;
use fangkong_domain::appeals::sample::standard_classifier;
use fangkong_domain::appeals::urgency::urgency;
use serde::Serialize;
use utoipa::ToSchema;

/// One feature's weight in a classification.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeatureWeight {
    /// A word, two words joined by a space, characters in 「」, or a lexicon
    /// group `lexicon:<code>`.
    pub feature: String,
    /// The lexicon group's code, when the feature is one.
    pub lexicon: Option<String>,
    /// How often the text has it.
    pub count: u32,
    /// Its weight for the category over the runner-up.
    pub weight: f32,
}

/// Why the model classified an appeal as it did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Explanation {
    /// The model's category (a person may have set another).
    pub category: String,
    /// The probability the model gives it.
    pub confidence: f32,
    /// The runner-up.
    pub runner_up: String,
    /// The runner-up's probability.
    pub second_confidence: f32,
    /// A second need the text states (the runner-up, when likely enough).
    pub second: Option<String>,
    /// The clause of the text that names the second need, when one clause
    /// does (else the second need is the runner-up's likelihood alone).
    pub second_because: Option<String>,
    /// The features that weigh most.
    pub because: Vec<FeatureWeight>,
    /// The names in the text that routed it, if it was routed by its text.
    pub route_evidence: Vec<String>,
    /// The urgency rule that fired, if any: the rule and the words.
    pub urgent_because: Option<String>,
    /// The urgency rule's reason as a code (`medicine_running_out`…), worded
    /// on the pages.
    pub urgent_reason: Option<String>,
    /// The word in the text that fired it.
    pub urgent_word: Option<String>,
}

/// Why the model and router decided as they did on `text` (and `address`).
pub fn explain(router: &Router, text: &str, address: Option<&str>) -> Explanation {
    let d = standard_classifier().classify(text);
    let route = router.route(&format!("{} {text}", address.unwrap_or("")));
    let urgent = urgency(text).1;
    Explanation {
        category: d.category.name().into(),
        confidence: d.confidence,
        runner_up: d.runner_up.name().into(),
        second_confidence: d.second_confidence,
        second: d.second.map(|c| c.name().into()),
        second_because: d.second_because,
        because: d
            .because
            .into_iter()
            .map(|w| FeatureWeight {
                lexicon: w
                    .feature
                    .strip_prefix(fangkong_domain::appeals::features::LEXICON_PREFIX)
                    .map(str::to_string),
                feature: w.feature,
                count: w.count,
                weight: w.weight,
            })
            .collect(),
        route_evidence: route.map(|r| r.evidence).unwrap_or_default(),
        urgent_because: urgent.map(|(rule, word)| format!("{rule}: {word}")),
        urgent_reason: urgent.map(|(_, why)| format!("urgency-{why}")),
        urgent_word: urgent.map(|(word, _)| word.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, catalogue};
    use fangkong_domain::appeals::lexicon::GROUPS;

    #[test]
    fn every_lexicon_group_is_named_in_both_languages() {
        for group in &GROUPS {
            for lang in [Lang::Zh, Lang::En] {
                let id = format!("lexicon-{}", group.code);
                assert!(catalogue::has(lang, &id), "{id} missing in {lang:?}");
            }
        }
    }
}
