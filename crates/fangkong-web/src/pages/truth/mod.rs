//! The data-truth pages (SPEC §9): quality findings, reconciliation with the
//! published series, completeness and timeliness, the grassroots' burden and the
//! audit log, each showing the answer of [`crate::truth`].

pub mod audit;
pub mod burden;
pub mod completeness;
pub mod quality;
pub mod reconcile;

use fangkong_domain::UnitCode;

use crate::i18n::Lang;

/// The links between the data-truth pages.
pub struct TruthLinks {
    /// (label, href, current).
    pub items: Vec<(&'static str, String, bool)>,
}

impl TruthLinks {
    /// The links for `unit`, `current` marking this page.
    pub fn new(lang: Lang, unit: &UnitCode, current: &str, audit: bool) -> TruthLinks {
        let t = lang.truth();
        let code = lang.messages().code;
        let mut items = vec![
            (
                t.quality,
                format!("/quality?unit={unit}&lang={code}"),
                current == "quality",
            ),
            (
                t.completeness,
                format!("/completeness?unit={unit}&lang={code}"),
                current == "completeness",
            ),
            (
                t.reconcile,
                format!("/reconcile/{unit}?lang={code}"),
                current == "reconcile",
            ),
            (
                t.burden,
                format!("/burden?unit={unit}&lang={code}"),
                current == "burden",
            ),
        ];
        if audit {
            items.push((t.audit, format!("/audit?lang={code}"), current == "audit"));
        }
        TruthLinks { items }
    }
}
