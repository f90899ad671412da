//! The words of the appeals, alerts and disputes pages: the stable codes of
//! statuses, steps, urgencies, channels, categories, promises, alert kinds and
//! disputes, said in the page's language.

use fangkong_domain::appeals::Category;
use fangkong_domain::disputes::DisputeKind;

/// A category's label in `lang`.
pub fn category_label(lang: super::Lang) -> fn(Category) -> &'static str {
    match lang {
        super::Lang::Zh => Category::label_zh,
        super::Lang::En => Category::label_en,
    }
}

/// `code` in words: Chinese when `zh`, else English; an unknown code as it is.
pub fn word(code: &str, zh: bool) -> &str {
    if let Some(c) = Category::parse(code) {
        return if zh { c.label_zh() } else { c.label_en() };
    }
    let (z, e) = match code {
        "received" => ("已受理", "received"),
        "assigned" => ("已分派", "assigned"),
        "in_progress" => ("办理中", "in progress"),
        "answered" => ("已答复", "answered"),
        "closed" => ("已办结", "closed"),
        "started" => ("开始办理", "started"),
        "rated" => ("回访评价", "rated"),
        "reopened" => ("重新办理", "reopened"),
        "recategorised" => ("已改分类", "recategorised"),
        "urgent" => ("紧急", "urgent"),
        "normal" => ("一般", "normal"),
        "hotline" => ("市长热线", "hotline"),
        "message_board" => ("网上留言板", "message board"),
        "api" => ("接口", "API"),
        "import" => ("导入", "import"),
        "kept" => ("已兑现", "kept"),
        "broken" => ("未兑现", "broken"),
        "pending" => ("未到期", "pending"),
        "open" => ("未处理", "open"),
        "acknowledged" => ("已确认", "acknowledged"),
        "high" => ("高", "high"),
        "medium" => ("中", "medium"),
        "low" => ("低", "low"),
        "resurgence" => ("疫情反弹", "Cases again"),
        "lost_status" => ("失去无疫状态", "Lost epidemic-free status"),
        "silence" => ("停报", "Stopped reporting"),
        "appeal_surge" => ("诉求激增", "Appeal surge"),
        "special_place" => ("特殊场所病例", "Case in a special place"),
        _ => return code,
    };
    if zh { z } else { e }
}

/// A dispute's code in words (its kind, status, step or risk), where the
/// words differ from an appeal's (`open` is 待调解 here).
pub fn dispute_word(code: &str, zh: bool) -> &str {
    if let Some(k) = DisputeKind::parse(code) {
        return if zh { k.label_zh() } else { k.name() };
    }
    let z = match code {
        "open" => "待调解",
        "mediating" => "调解中",
        "resolved" => "已化解",
        "referred" => "已移交",
        "withdrawn" => "已撤回",
        "mediated" => "调解",
        "agreed" => "达成协议",
        "reopened" => "重新调解",
        _ => return word(code, zh),
    };
    if zh { z } else { code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_said_in_the_pages_language_and_unknown_ones_kept() {
        assert_eq!(word("in_progress", true), "办理中");
        assert_eq!(word("in_progress", false), "in progress");
        assert_eq!(word("supplies", true), "生活物资供应");
        assert_eq!(word("supplies", false), "Daily supplies");
        assert_eq!(word("K1", true), "K1");
        assert_eq!(word("appeal_surge", true), "诉求激增");
        assert_eq!(
            dispute_word("open", true),
            "待调解",
            "not an appeal's 未处理"
        );
        assert_eq!(dispute_word("high", true), "高");
        assert_eq!(dispute_word("measures", true), "防控措施引发的纠纷");
    }
}
