//! The headings of exported columns in Chinese, with the column's code in
//! brackets so that a workbook read back finds its columns by code:
//! `新增确诊（new_confirmed）`. A column without a Chinese heading is its code.

/// The heading of column `code` in an exported workbook.
pub fn heading(code: &str) -> String {
    match label(code) {
        Some(zh) => format!("{zh}（{code}）"),
        None => code.to_string(),
    }
}

/// The code of a heading read from a workbook or CSV: the text in its last
/// brackets (full-width or not) when it ends with them, else the heading.
pub fn code_of(heading: &str) -> &str {
    let h = heading.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = h.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
        {
            let code = inner[at + open.len_utf8()..].trim();
            if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return code;
            }
        }
    }
    h
}

fn label(code: &str) -> Option<&'static str> {
    Some(match code {
        "date" | "day" => "日期",
        "unit_code" | "unit" | "code" => "单位代码",
        "name" | "unit_name" => "名称",
        "kind" => "类别",
        "parent_code" | "parent" => "上级代码",
        "population" => "常住人口",
        "new_confirmed" => "新增确诊",
        "new_suspected" => "新增疑似",
        "new_close_contacts" => "新增密切接触者",
        "new_fever" => "新增发热病人",
        "new_dead" => "新增死亡",
        "new_cured" => "新增治愈",
        "closed_management" => "封闭管理",
        "screening" => "排查摸底",
        "disinfection" => "卫生消杀",
        "supplies" => "生活保障",
        "stability" => "维护稳定",
        "publicity" => "宣传发动",
        "reporter" => "填报人",
        "remark" => "备注",
        "revision" => "版本",
        "backlog" => "积压病例",
        "epidemic_free" => "无疫情",
        "pending" => "待报",
        "reason" => "原因",
        "status" => "状态",
        "category" => "类别",
        "reference" => "编号",
        "severity" => "严重程度",
        "why" => "原因",
        "state" => "处理状态",
        "note" => "备注",
        "expected" => "应报",
        "received" => "已报",
        "on_time" => "按时",
        "level" => "层级",
        "start" | "window_start" => "开始",
        "end" | "window_end" => "结束",
        "band" => "分期",
        "days" => "天数",
        "mean" => "均值",
        "median" => "中位数",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_carries_its_code_and_gives_it_back() {
        assert_eq!(heading("new_confirmed"), "新增确诊（new_confirmed）");
        assert_eq!(code_of("新增确诊（new_confirmed）"), "new_confirmed");
        assert_eq!(code_of("New confirmed (new_confirmed)"), "new_confirmed");
        assert_eq!(code_of("new_confirmed"), "new_confirmed");
        assert_eq!(heading("x_unknown"), "x_unknown");
        // Brackets that are not a code are part of the heading.
        assert_eq!(code_of("备注（选填）"), "备注（选填）");
    }
}
