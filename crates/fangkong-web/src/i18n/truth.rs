//! The texts of the data-truth pages (quality, reconciliation, completeness,
//! burden, audit) and of the public page, in both languages.

use super::Lang;

/// Every fixed text of the data-truth and public pages, in one language.
#[derive(Debug, Clone, Copy)]
pub struct TruthMessages {
    /// "Data quality".
    pub quality: &'static str,
    /// "Reconciliation".
    pub reconcile: &'static str,
    /// "Completeness and timeliness".
    pub completeness: &'static str,
    /// "Burden on the grassroots".
    pub burden: &'static str,
    /// "Audit log".
    pub audit: &'static str,
    /// "Public information".
    pub public: &'static str,
    /// "Unit".
    pub unit: &'static str,
    /// "From".
    pub from: &'static str,
    /// "To".
    pub to: &'static str,
    /// "Severity".
    pub severity: &'static str,
    /// "Rule".
    pub rule: &'static str,
    /// "Finding".
    pub finding: &'static str,
    /// "Error".
    pub error: &'static str,
    /// "Warning".
    pub warning: &'static str,
    /// "No findings".
    pub no_findings: &'static str,
    /// "Reports scanned".
    pub scanned: &'static str,
    /// "Sum of reports".
    pub reports_sum: &'static str,
    /// "Published".
    pub published: &'static str,
    /// "Difference".
    pub difference: &'static str,
    /// "Reporting units".
    pub reporting_units: &'static str,
    /// "Registry" (new confirmed in the four-categories registry).
    pub registry: &'static str,
    /// "Reports − registry".
    pub registry_difference: &'static str,
    /// "Only days that differ".
    pub only_differences: &'static str,
    /// Summary sentence parts.
    pub compared: &'static str,
    /// "agree".
    pub agree: &'static str,
    /// "differ".
    pub differ: &'static str,
    /// "Level".
    pub level: &'static str,
    /// "Expected".
    pub expected: &'static str,
    /// "Received".
    pub received: &'static str,
    /// "On time".
    pub on_time: &'static str,
    /// "Missing".
    pub missing: &'static str,
    /// "Late".
    pub late: &'static str,
    /// "Due".
    pub due: &'static str,
    /// "Not reported".
    pub not_reported: &'static str,
    /// "Units whose report is not yet due" (pending, before the deadline).
    pub pending_reports: &'static str,
    /// "Responsible".
    pub responsible: &'static str,
    /// "Arrived".
    pub arrived: &'static str,
    /// "Units".
    pub units: &'static str,
    /// "Unit-days".
    pub unit_days: &'static str,
    /// "Forms".
    pub forms: &'static str,
    /// "Forms per unit and day".
    pub forms_per_day: &'static str,
    /// "Days with corrections".
    pub corrections: &'static str,
    /// "Fields changed from the pre-fill".
    pub fields_changed: &'static str,
    /// "Median seconds to submit".
    pub median_seconds: &'static str,
    /// "The goal: one form per unit and day, under a minute on a phone".
    pub burden_goal: &'static str,
    /// "Units with more than one form a day".
    pub heaviest: &'static str,
    /// "When".
    pub when: &'static str,
    /// "Who".
    pub who: &'static str,
    /// "Action".
    pub action: &'static str,
    /// "Target".
    pub target: &'static str,
    /// "Old value".
    pub old_value: &'static str,
    /// "New value".
    pub new_value: &'static str,
    /// "Reason".
    pub reason: &'static str,
    /// "Outcome".
    pub outcome: &'static str,
    /// "Older entries".
    pub older: &'static str,
    /// "Filter".
    pub filter: &'static str,
    /// "The log is append-only: no one can change or erase an entry".
    pub append_only: &'static str,
    /// "Published figures".
    pub published_figures: &'static str,
    /// "New confirmed".
    pub new_confirmed: &'static str,
    /// "New suspected".
    pub new_suspected: &'static str,
    /// "Deaths".
    pub new_dead: &'static str,
    /// "Recovered".
    pub new_cured: &'static str,
    /// "Epidemic-free units by district".
    pub free_by_district: &'static str,
    /// "Download".
    pub download: &'static str,
    /// "No personal data is shown here; figures are the health commission's".
    pub public_note: &'static str,
    /// "Sign in".
    pub sign_in: &'static str,
}

impl Lang {
    /// The data-truth texts in this language.
    pub fn truth(self) -> TruthMessages {
        match self {
            Lang::Zh => ZH,
            Lang::En => EN,
        }
    }
}

const ZH: TruthMessages = TruthMessages {
    quality: "数据质量",
    reconcile: "数据核对",
    completeness: "上报完整性与及时性",
    burden: "基层负担",
    audit: "审计日志",
    public: "信息公开",
    unit: "单位",
    from: "起",
    to: "止",
    severity: "级别",
    rule: "规则",
    finding: "发现",
    error: "错误",
    warning: "警告",
    no_findings: "未发现问题",
    scanned: "已检查报告",
    reports_sum: "基层报告合计",
    published: "公布数",
    difference: "差异",
    reporting_units: "报告单位数",
    registry: "四类人员登记新增确诊",
    registry_difference: "与登记之差",
    only_differences: "只看有差异的日期",
    compared: "对比天数",
    agree: "一致",
    differ: "不一致",
    level: "层级",
    expected: "应报",
    received: "已报",
    on_time: "按时",
    missing: "未报",
    late: "迟报",
    due: "截止时间",
    not_reported: "未上报的单位",
    pending_reports: "待报单位（截止时间未到，不算缺报）",
    responsible: "责任人",
    arrived: "上报时间",
    units: "单位数",
    unit_days: "单位·天",
    forms: "填表次数",
    forms_per_day: "每单位每天填表",
    corrections: "有更正的天数",
    fields_changed: "改动预填字段（平均）",
    median_seconds: "填表用时中位数（秒）",
    burden_goal: "目标：每个单位每天只填一张表，手机上一分钟内完成",
    heaviest: "一天填表多于一次的单位",
    when: "时间",
    who: "操作人",
    action: "操作",
    target: "对象",
    old_value: "原值",
    new_value: "新值",
    reason: "原因",
    outcome: "结果",
    older: "更早的记录",
    filter: "筛选",
    append_only: "日志只增不改：任何角色都不能修改或删除记录",
    published_figures: "公布数据",
    new_confirmed: "新增确诊",
    new_suspected: "新增疑似",
    new_dead: "新增死亡",
    new_cured: "新增治愈",
    free_by_district: "各区无疫情社区（村）",
    download: "下载",
    public_note: "本页不含任何个人信息；数据为卫生健康委员会公布数及基层上报汇总。",
    sign_in: "登录",
};

const EN: TruthMessages = TruthMessages {
    quality: "Data quality",
    reconcile: "Reconciliation",
    completeness: "Completeness and timeliness",
    burden: "Burden on the grassroots",
    audit: "Audit log",
    public: "Public information",
    unit: "Unit",
    from: "From",
    to: "To",
    severity: "Severity",
    rule: "Rule",
    finding: "Finding",
    error: "error",
    warning: "warning",
    no_findings: "No findings",
    scanned: "Reports scanned",
    reports_sum: "Sum of reports",
    published: "Published",
    difference: "Difference",
    reporting_units: "Reporting units",
    registry: "Registry: new confirmed",
    registry_difference: "Reports − registry",
    only_differences: "Only days that differ",
    compared: "Days compared",
    agree: "agree",
    differ: "differ",
    level: "Level",
    expected: "Expected",
    received: "Received",
    on_time: "On time",
    missing: "Missing",
    late: "Late",
    due: "Due",
    not_reported: "Units not yet reported",
    pending_reports: "Units whose report is not yet due (pending, not missing)",
    responsible: "Responsible",
    arrived: "Arrived",
    units: "Units",
    unit_days: "Unit-days",
    forms: "Forms",
    forms_per_day: "Forms per unit and day",
    corrections: "Days with corrections",
    fields_changed: "Fields changed from the pre-fill (mean)",
    median_seconds: "Median seconds to submit",
    burden_goal: "The goal: one form per unit and day, under a minute on a phone",
    heaviest: "Units with more than one form a day",
    when: "When",
    who: "Who",
    action: "Action",
    target: "Target",
    old_value: "Old value",
    new_value: "New value",
    reason: "Reason",
    outcome: "Outcome",
    older: "Older entries",
    filter: "Filter",
    append_only: "The log is append-only: no role can change or erase an entry",
    published_figures: "Published figures",
    new_confirmed: "New confirmed",
    new_suspected: "New suspected",
    new_dead: "Deaths",
    new_cured: "Recovered",
    free_by_district: "Epidemic-free communities and villages by district",
    download: "Download",
    public_note: "No personal data is shown here; figures are the health commission's published ones and sums of grassroots reports.",
    sign_in: "Sign in",
};

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
