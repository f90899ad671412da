//! The texts of the data-truth pages (quality, reconciliation, completeness,
//! burden, audit) and of the public page, in both languages.

use super::Lang;

crate::catalogue_view! {
    /// Every fixed text of the data-truth and public pages, in one language.
    pub struct TruthMessages ("truth") {
        /// "Data quality".
        quality,
        /// "Reconciliation".
        reconcile,
        /// "Completeness and timeliness".
        completeness,
        /// "Burden on the grassroots".
        burden,
        /// "Audit log".
        audit,
        /// "Public information".
        public,
        /// "Unit".
        unit,
        /// "From".
        from,
        /// "To".
        to,
        /// "Severity".
        severity,
        /// "Rule".
        rule,
        /// "Finding".
        finding,
        /// "Error".
        error,
        /// "Warning".
        warning,
        /// "No findings".
        no_findings,
        /// "Reports scanned".
        scanned,
        /// "Sum of reports".
        reports_sum,
        /// "Published".
        published,
        /// "Difference".
        difference,
        /// "Reporting units".
        reporting_units,
        /// "Registry" (new confirmed in the four-categories registry).
        registry,
        /// "Reports − registry".
        registry_difference,
        /// "Only days that differ".
        only_differences,
        /// Summary sentence parts.
        compared,
        /// "agree".
        agree,
        /// "differ".
        differ,
        /// "Level".
        level,
        /// "Expected".
        expected,
        /// "Received".
        received,
        /// "On time".
        on_time,
        /// "Missing".
        missing,
        /// "Late".
        late,
        /// "Due".
        due,
        /// "Not reported".
        not_reported,
        /// "Units whose report is not yet due" (pending, before the deadline).
        pending_reports,
        /// "Responsible".
        responsible,
        /// "Arrived".
        arrived,
        /// "Units".
        units,
        /// "Unit-days".
        unit_days,
        /// "Forms".
        forms,
        /// "Forms per unit and day".
        forms_per_day,
        /// "Days with corrections".
        corrections,
        /// "Fields changed from the pre-fill".
        fields_changed,
        /// "Median seconds to submit".
        median_seconds,
        /// "The goal: one form per unit and day, under a minute on a phone".
        burden_goal,
        /// "Units with more than one form a day".
        heaviest,
        /// "When".
        when,
        /// "Who".
        who,
        /// "Action".
        action,
        /// "Target".
        target,
        /// "Old value".
        old_value,
        /// "New value".
        new_value,
        /// "Reason".
        reason,
        /// "Outcome".
        outcome,
        /// "Older entries".
        older,
        /// "Filter".
        filter,
        /// "The log is append-only: no one can change or erase an entry".
        append_only,
        /// "Published figures".
        published_figures,
        /// "New confirmed".
        new_confirmed,
        /// "New suspected".
        new_suspected,
        /// "Deaths".
        new_dead,
        /// "Recovered".
        new_cured,
        /// "Epidemic-free units by district".
        free_by_district,
        /// "Download".
        download,
        /// "No personal data is shown here; figures are the health commission's".
        public_note,
        /// "Sign in".
        sign_in,
    }
}

impl Lang {
    /// The data-truth texts in this language.
    pub fn truth(self) -> TruthMessages {
        TruthMessages::of(self)
    }
}

/// The name of a completeness or burden level on the page.
pub fn level_name(level: &str, lang: Lang) -> &'static str {
    match (lang, level) {
        (Lang::Zh, "reporting") => "报告单位（小区/村）",
        (Lang::Zh, "community") => "社区/村",
        (Lang::Zh, "subdistrict") => "街道/乡镇",
        (Lang::Zh, "district") => "区",
        (Lang::Zh, "city") => "市",
        (Lang::Zh, "compound") => "小区",
        (_, "reporting") => "reporting units (compounds, villages)",
        (_, "community") => "communities and villages",
        (_, "subdistrict") => "subdistricts and towns",
        (_, "district") => "districts",
        (_, "city") => "city",
        (_, "compound") => "compounds",
        _ => "",
    }
}

/// A finding in the page's language: the domain words it in English; Chinese is
/// built from the same values (and a configured rule's own description).
pub fn finding_text(
    f: &fangkong_domain::quality::Finding,
    rules: &fangkong_domain::quality::QualityRules,
    lang: Lang,
) -> String {
    if lang == Lang::En {
        return f.message.clone();
    }
    let value = |name: &str| {
        f.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    fn field(name: &str) -> &str {
        match name {
            "new_confirmed" => "新增确诊",
            "new_suspected" => "新增疑似",
            "new_close_contacts" => "新增密接",
            "new_fever" => "新增发热",
            other => other,
        }
    }
    match f.rule.as_str() {
        "outlier" => format!(
            "{} = {}，前期中位数 {}，修正 z 分数 {}（阈值 {}）",
            field(value("field")),
            value("value"),
            value("median"),
            value("z").replace("(constant history)", "（此前各天相同）"),
            rules.outliers.threshold
        ),
        "copied_report" => format!(
            "自 {} 起连续 {} 天上报内容完全相同，而相邻 {} 个单位中有 {} 个数字有变化：疑似照抄",
            value("since"),
            value("days"),
            value("neighbours_reporting"),
            value("neighbours_changing")
        ),
        name => {
            let description = rules
                .rules
                .iter()
                .find(|r| r.name == name)
                .map(|r| r.description.split(" (").next().unwrap_or("").to_string())
                .unwrap_or_default();
            let values = f
                .values
                .iter()
                .map(|(k, v)| format!("{k} = {}", if v == "missing" { "缺失" } else { v }))
                .collect::<Vec<_>>()
                .join("，");
            if description.is_empty() {
                values
            } else {
                format!("{description}：{values}")
            }
        }
    }
}
