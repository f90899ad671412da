//! The texts of the data-truth pages (quality, reconciliation, completeness,
//! burden, audit) and of the public page, in both languages.

use super::Lang;
use super::catalogue::{Arg, format, text};

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
    match level {
        "reporting" | "community" | "subdistrict" | "district" | "city" | "compound" => {
            text(lang, &std::format!("level-{level}"))
        }
        _ => "",
    }
}

/// A finding in the page's language: the built-in checks are worded by the
/// catalogue from their values; a configured rule by its own description and
/// values (in English, the domain's own sentence).
pub fn finding_text(
    f: &fangkong_domain::quality::Finding,
    rules: &fangkong_domain::quality::QualityRules,
    lang: Lang,
) -> String {
    let value = |name: &str| -> Arg {
        f.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
            .into()
    };
    match f.rule.as_str() {
        "outlier" => {
            let field = f
                .values
                .iter()
                .find(|(k, _)| k == "field")
                .map_or("", |(_, v)| v.as_str());
            let z = f
                .values
                .iter()
                .find(|(k, _)| k == "z")
                .map_or(String::new(), |(_, v)| v.clone());
            let z = z.replace("(constant history)", text(lang, "finding-constant-history"));
            format(
                lang,
                "finding-outlier",
                &[
                    ("field", text(lang, &std::format!("form-{field}")).into()),
                    ("value", value("value")),
                    ("median", value("median")),
                    ("z", z.into()),
                    ("threshold", rules.outliers.threshold.to_string().into()),
                ],
            )
        }
        "copied_report" => format(
            lang,
            "finding-copied",
            &[
                ("since", value("since")),
                ("days", value("days")),
                ("changing", value("neighbours_changing")),
                ("reporting", value("neighbours_reporting")),
            ],
        ),
        "inspection" => {
            let measures: Vec<&str> = f
                .values
                .iter()
                .find(|(k, _)| k == "not_found")
                .map(|(_, v)| {
                    v.split(';')
                        .map(|m| crate::i18n::catalogue::label(lang, "measure", m))
                        .collect()
                })
                .unwrap_or_default();
            format(
                lang,
                "finding-inspection",
                &[(
                    "measures",
                    measures.join(text(lang, "list-separator")).into(),
                )],
            )
        }
        _ if lang == Lang::En => f.message.clone(),
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
                .map(|(k, v)| {
                    let v = if v == "missing" {
                        text(lang, "finding-missing")
                    } else {
                        v
                    };
                    std::format!("{k} = {v}")
                })
                .collect::<Vec<_>>()
                .join(text(lang, "list-separator"));
            if description.is_empty() {
                values
            } else {
                std::format!("{description}：{values}")
            }
        }
    }
}
