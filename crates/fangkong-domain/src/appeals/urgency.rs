//! How urgent an appeal is, by rules anyone can read: words that mean life or
//! health is at stake now (breathing, critical illness, dialysis or chemotherapy
//! interrupted, childbirth, despair) make it urgent, and the rule says which
//! word did. Some needs are urgent only together, as a call centre reads them:
//! an elderly or chronically ill person whose medicine is running out, a child
//! left alone; the rule then names both.

use super::category::Urgency;

/// Words that make an appeal urgent, and why (a code the pages word in the
/// reader's language, `word-<code>` in the catalogue).
const URGENT: [(&str, &str); 22] = [
    ("呼吸困难", "breathing"),
    ("喘不上气", "breathing"),
    ("病危", "critical_illness"),
    ("危重", "critical_illness"),
    ("昏迷", "critical_illness"),
    ("抢救", "critical_illness"),
    ("快不行", "critical_illness"),
    ("救命", "rescue"),
    ("高烧", "high_fever"),
    ("透析", "dialysis"),
    ("化疗", "chemotherapy"),
    ("胰岛素", "insulin"),
    ("预产期", "childbirth"),
    ("临产", "childbirth"),
    ("孕妇", "pregnancy"),
    ("不想活", "despair"),
    ("自杀", "despair"),
    ("轻生", "despair"),
    ("撑不下去", "despair"),
    ("去世", "death"),
    ("断粮", "no_food"),
    ("救护车", "ambulance"),
];

/// Who is at risk without their medicine: old age and chronic illness.
const ELDERLY_OR_CHRONIC: [&str; 14] = [
    "老人",
    "老年人",
    "老母亲",
    "老父亲",
    "爷爷",
    "奶奶",
    "外婆",
    "外公",
    "高血压",
    "糖尿病",
    "心脏病",
    "慢性病",
    "血压药",
    "降压药",
];

/// Medicine running out.
const MEDICINE_RUNNING_OUT: [&str; 14] = [
    "药吃完",
    "药快吃完",
    "药没了",
    "没有药",
    "没药了",
    "断药",
    "药只剩",
    "买不到药",
    "配不到药",
    "药快没",
    // As the Weibo training posts say it: 降压药只能管3天了, 药只够吃两天, 药都停了.
    "药只能管",
    "药只够",
    "药都停了",
    "保证药物",
];

/// A child.
const CHILD: [&str; 5] = ["孩子", "小孩", "儿童", "婴儿", "宝宝"];

/// Left alone.
const ALONE: [&str; 7] = [
    "独自",
    "一个人在家",
    "无人照顾",
    "没人照顾",
    "无人看护",
    "父母都被隔离",
    "父母确诊",
];

/// Needs urgent only together: who, what, and why.
const TOGETHER: [(&[&str], &[&str], &str); 2] = [
    (
        &ELDERLY_OR_CHRONIC,
        &MEDICINE_RUNNING_OUT,
        "medicine_running_out",
    ),
    (&CHILD, &ALONE, "child_alone"),
];

/// The word standing for an age of 65 or more written as digits and 岁.
const OLD_AGE: &str = "65岁以上";

/// Whether `text` gives an age of 65 or more (`78岁`).
fn gives_old_age(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        if *c != '岁' {
            return false;
        }
        let digits: String = chars[..i]
            .iter()
            .rev()
            .take_while(|d| d.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits
            .parse::<u32>()
            .is_ok_and(|age| (65..130).contains(&age))
    })
}

/// The urgency of `text`, and the word and reason that made it urgent (for a
/// need urgent only together, the first of its two words).
pub fn urgency(text: &str) -> (Urgency, Option<(&'static str, &'static str)>) {
    if let Some(&(w, why)) = URGENT.iter().find(|(w, _)| text.contains(w)) {
        return (Urgency::Urgent, Some((w, why)));
    }
    for (k, (who, what, why)) in TOGETHER.into_iter().enumerate() {
        // The first rule's person may also be said by an age (`78岁`).
        let person = who
            .iter()
            .find(|w| text.contains(**w))
            .copied()
            .or_else(|| (k == 0 && gives_old_age(text)).then_some(OLD_AGE));
        if let (Some(person), true) = (person, what.iter().any(|w| text.contains(w))) {
            return (Urgency::Urgent, Some((person, why)));
        }
    }
    (Urgency::Normal, None)
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

    #[test]
    fn medicine_running_out_as_crisis_posts_say_it() {
        assert_eq!(
            urgency("我爸爸的降压药只能管3天了，这里的工作人员说不给我们保证药物的供应").0,
            Urgency::Urgent
        );
        assert_eq!(urgency("奶奶有糖尿病，药只够吃两天").0, Urgency::Urgent);
        assert_eq!(
            urgency("药只够吃两天").0,
            Urgency::Normal,
            "nobody at risk named"
        );
    }

    #[test]
    fn medicine_running_out_is_urgent_for_the_old_and_the_chronically_ill() {
        assert_eq!(
            urgency("我父亲78岁，降压药只剩两天的了，药快吃完了，小区封闭出不去"),
            (Urgency::Urgent, Some(("降压药", "medicine_running_out")))
        );
        assert_eq!(
            urgency("母亲82岁，药吃完了，社区说要等").1.map(|r| r.0),
            Some(OLD_AGE),
            "the age read from the digits"
        );
        assert_eq!(
            urgency("我30岁，药吃完了，想问哪里能买").0,
            Urgency::Normal,
            "a young adult's medicine is not by itself urgent"
        );
        assert_eq!(urgency("家里老人想知道什么时候能出门").0, Urgency::Normal);
    }

    #[test]
    fn a_child_left_alone_is_urgent() {
        assert_eq!(
            urgency("父母都被隔离了，孩子一个人在家，才9岁")
                .1
                .map(|r| r.1),
            Some("child_alone")
        );
        assert_eq!(urgency("孩子的网课怎么上").0, Urgency::Normal);
    }
}
