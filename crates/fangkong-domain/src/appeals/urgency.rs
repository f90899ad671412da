//! How urgent an appeal is, by rules anyone can read: words that mean life or
//! health is at stake now (breathing, critical illness, dialysis or chemotherapy
//! interrupted, childbirth, despair) make it urgent, and the rule says which
//! word did.

use super::category::Urgency;

/// Words that make an appeal urgent, and why.
const URGENT: [(&str, &str); 22] = [
    ("呼吸困难", "breathing"),
    ("喘不上气", "breathing"),
    ("病危", "critical illness"),
    ("危重", "critical illness"),
    ("昏迷", "critical illness"),
    ("抢救", "critical illness"),
    ("快不行", "critical illness"),
    ("救命", "a call for rescue"),
    ("高烧", "high fever"),
    ("透析", "dialysis interrupted"),
    ("化疗", "chemotherapy interrupted"),
    ("胰岛素", "insulin"),
    ("预产期", "childbirth"),
    ("临产", "childbirth"),
    ("孕妇", "pregnancy"),
    ("不想活", "despair"),
    ("自杀", "despair"),
    ("轻生", "despair"),
    ("撑不下去", "despair"),
    ("去世", "a death"),
    ("断粮", "no food left"),
    ("救护车", "an ambulance"),
];

/// The urgency of `text`, and the word and reason that made it urgent.
pub fn urgency(text: &str) -> (Urgency, Option<(&'static str, &'static str)>) {
    match URGENT.iter().find(|(w, _)| text.contains(w)) {
        Some(&(w, why)) => (Urgency::Urgent, Some((w, why))),
        None => (Urgency::Normal, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn life_at_stake_is_urgent_and_says_why() {
        assert_eq!(
            urgency("父亲呼吸困难，打不通电话"),
            (Urgency::Urgent, Some(("呼吸困难", "breathing")))
        );
        assert_eq!(urgency("透析中断三天了").0, Urgency::Urgent);
        assert_eq!(urgency("请问什么时候复工").0, Urgency::Normal);
    }
}
