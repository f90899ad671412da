//! The interface's two languages: Simplified Chinese by default, English on request
//! (`?lang=en`). Every template receives one `Messages`.

pub mod access;
pub mod appeals;
pub mod forms;
pub mod truth;

use serde::{Deserialize, Deserializer};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

// Read leniently: `en` (any case) is English, anything else (an empty or unknown
// value in a hand-typed link) is the default, never an error page.
impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let text = String::deserialize(d)?;
        Ok(if text.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Zh
        })
    }
}

/// Every fixed text of the pages, in one language.
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    /// The `lang` attribute.
    pub html_lang: &'static str,
    /// The query value of this language.
    pub code: &'static str,
    /// The query value of the other language, for the switch.
    pub other_code: &'static str,
    /// The other language's name, on the switch.
    pub other_name: &'static str,
    /// The product's title.
    pub title: &'static str,
    /// "Date".
    pub date: &'static str,
    /// "Show".
    pub show: &'static str,
    /// "Trend of daily new confirmed cases".
    pub trend: &'static str,
    /// "Epidemic-free units".
    pub epidemic_free: &'static str,
    /// "Kind".
    pub kind: &'static str,
    /// "Units".
    pub units: &'static str,
    /// "Share".
    pub share: &'static str,
    /// "Gained the status".
    pub gained: &'static str,
    /// "Lost the status".
    pub lost: &'static str,
    /// "Reports received".
    pub completeness: &'static str,
    /// "Special places with a case".
    pub special_alerts: &'static str,
    /// "None".
    pub none: &'static str,
    /// "Districts".
    pub drill_down: &'static str,
    /// "Code".
    pub code_col: &'static str,
    /// "Name".
    pub name: &'static str,
    /// "Status".
    pub status: &'static str,
    /// "Clean days".
    pub zero_days: &'static str,
    /// "Earliest free".
    pub earliest_free: &'static str,
    /// "Reason".
    pub reason: &'static str,
    /// "Yes" (epidemic-free).
    pub free_yes: &'static str,
    /// "No".
    pub free_no: &'static str,
    /// "Pending" (reports not yet due).
    pub pending: &'static str,
    /// "Up".
    pub up: &'static str,
    /// "Units under it".
    pub children: &'static str,
    /// "Policy".
    pub policy: &'static str,
    /// "Phases".
    pub phases: &'static str,
    /// "Reports of the day".
    pub reports_of_day: &'static str,
    /// "Status, last 14 days".
    pub history: &'static str,
    /// "Confirmed / suspected / contacts / fever".
    pub counts: &'static str,
    /// "Measures not in place".
    pub measures_missing: &'static str,
    /// "Reporter".
    pub reporter: &'static str,
    /// "Revision".
    pub revision: &'static str,
}

impl Lang {
    /// The language a request asks for: `?lang=` first; then, for the API and
    /// Open311 (machine clients, English by default), `Accept-Language`; pages
    /// are in Simplified Chinese unless asked otherwise.
    pub fn of_request(
        uri: &axum::http::Uri,
        headers: &axum::http::HeaderMap,
        face: crate::doors::Face,
    ) -> Lang {
        let asked = uri.query().and_then(|q| {
            q.split('&')
                .filter_map(|pair| pair.strip_prefix("lang="))
                .next_back()
        });
        if let Some(code) = asked {
            return if code.trim().eq_ignore_ascii_case("en") {
                Lang::En
            } else {
                Lang::Zh
            };
        }
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim_start().to_ascii_lowercase());
        match (face, accept) {
            (crate::doors::Face::Page, Some(a)) if a.starts_with("en") => Lang::En,
            (crate::doors::Face::Page, _) => Lang::Zh,
            (_, Some(a)) if a.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The texts of this language.
    pub fn messages(self) -> Messages {
        match self {
            Lang::Zh => Messages {
                html_lang: "zh-Hans",
                code: "zh",
                other_code: "en",
                other_name: "English",
                title: "防控 · 指挥部数据平台",
                date: "日期",
                show: "查看",
                trend: "每日新增确诊趋势",
                epidemic_free: "无疫情单位",
                kind: "类别",
                units: "单位数",
                share: "占比",
                gained: "当日达标",
                lost: "当日失去",
                completeness: "当日上报",
                special_alerts: "有病例的特殊场所",
                none: "无",
                drill_down: "下级单位",
                code_col: "代码",
                name: "名称",
                status: "状态",
                zero_days: "连续零发生天数",
                earliest_free: "最早达标日",
                reason: "原因",
                free_yes: "无疫情",
                free_no: "未达标",
                pending: "待报",
                up: "上级",
                children: "下级单位",
                policy: "管控措施",
                phases: "走势分期",
                reports_of_day: "当日报告",
                history: "近14天状态",
                counts: "确诊 / 疑似 / 密接 / 发热",
                measures_missing: "未落实措施",
                reporter: "填报人",
                revision: "版本",
            },
            Lang::En => Messages {
                html_lang: "en",
                code: "en",
                other_code: "zh",
                other_name: "中文",
                title: "fangkong · command centre",
                date: "Date",
                show: "Show",
                trend: "Daily new confirmed cases",
                epidemic_free: "Epidemic-free units",
                kind: "Kind",
                units: "Units",
                share: "Share",
                gained: "Gained the status",
                lost: "Lost the status",
                completeness: "Reports received",
                special_alerts: "Special places with a case",
                none: "None",
                drill_down: "Units under it",
                code_col: "Code",
                name: "Name",
                status: "Status",
                zero_days: "Clean days",
                earliest_free: "Earliest free",
                reason: "Reason",
                free_yes: "epidemic-free",
                free_no: "not yet",
                pending: "pending",
                up: "Up",
                children: "Units under it",
                policy: "Policy",
                phases: "Phases",
                reports_of_day: "Reports of the day",
                history: "Status, last 14 days",
                counts: "Confirmed / suspected / contacts / fever",
                measures_missing: "Measures not in place",
                reporter: "Reporter",
                revision: "Revision",
            },
        }
    }
}

/// The Chinese name of a unit kind, for the pages.
pub fn kind_name(kind: fangkong_domain::UnitKind, lang: Lang) -> &'static str {
    use fangkong_domain::UnitKind as K;
    if lang == Lang::En {
        return kind.name();
    }
    match kind {
        K::City => "市",
        K::District => "区",
        K::Subdistrict => "街道",
        K::Town => "镇",
        K::Township => "乡",
        K::SpecialZone => "功能区",
        K::Community => "社区",
        K::Village => "村",
        K::Other => "其他",
        K::Compound => "小区",
        K::SpecialPlace => "特殊场所",
    }
}
