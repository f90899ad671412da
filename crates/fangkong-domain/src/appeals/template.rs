//! Help posts written on Weibo's template (【姓名】【年龄】【所在城市】
//! 【所在小区、社区】【患病时间】【联系方式】【其他紧急联系人】【病情描述】…):
//! what of them the classifier reads. Nearly every post of every kind carries
//! the template, so its field names say nothing of what the post asks and are
//! never read (a model that learned them would call anything on the template
//! medical); the values of personal fields (names, phones, ID numbers) are
//! dropped; every other value is read as text. The super-topic's hashtag and
//! the template's own instructions are dropped too: they give the source away,
//! not the need.

/// Fields whose values are personal and never read.
const PERSONAL: [&str; 11] = [
    "姓名",
    "联系方式",
    "其他紧急联系人",
    "其他紧急联系",
    "紧急联系人",
    "紧急联系方式",
    "联系人",
    "联系电话",
    "电话",
    "身份证号码",
    "联系人以及电话",
];

/// Boilerplate of the template and the platform, dropped wherever it appears.
const NOISE: [&str; 9] = [
    "求助人信息（若有相关化验单，请上传图片）",
    "（若有相关化验单，请上传图片）",
    "若有相关化验单，请上传图片",
    "求助人信息",
    "肺炎患者求助[超话]",
    "#肺炎患者求助#",
    "肺炎患者求助",
    "[超话]",
    "...全文",
];

/// The text of `post` the classifier reads: every field's value but the
/// personal ones, without field names or boilerplate. A text without the
/// template comes back as it is, boilerplate removed.
pub fn readable(post: &str) -> String {
    let mut text = post.to_string();
    for noise in NOISE {
        if text.contains(noise) {
            text = text.replace(noise, " ");
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut skipping = false;
    while let Some(open) = rest.find('【') {
        if !skipping {
            out.push_str(&rest[..open]);
        }
        let after = &rest[open + '【'.len_utf8()..];
        let Some(close) = after.find('】') else {
            rest = after;
            skipping = false;
            break;
        };
        let field =
            after[..close].trim_matches(|c: char| c == '：' || c == ':' || c.is_whitespace());
        skipping = PERSONAL.contains(&field);
        out.push(' ');
        rest = after[close + '】'.len_utf8()..].trim_start_matches(['：', ':']);
    }
    if !skipping {
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_personal_values_and_boilerplate_are_not_read() {
        let post = "求助人信息（若有相关化验单，请上传图片）【姓名】王某【年龄】65【所在城市】武汉\
                    【联系方式】13800000000【病情描述】发烧五天，买不到降压药#肺炎患者求助#";
        let r = readable(post);
        assert!(r.contains("发烧五天，买不到降压药"), "{r}");
        assert!(r.contains("65") && r.contains("武汉"), "{r}");
        for gone in [
            "姓名",
            "王某",
            "联系方式",
            "138",
            "病情描述",
            "化验单",
            "肺炎患者求助",
            "【",
            "】",
        ] {
            assert!(!r.contains(gone), "{gone} in {r}");
        }
    }

    #[test]
    fn a_text_without_the_template_is_read_as_it_is() {
        assert_eq!(readable("小区团购的菜三天没送到"), "小区团购的菜三天没送到");
    }

    #[test]
    fn an_unclosed_field_name_loses_nothing_after_it() {
        let r = readable("【病情描述 父亲咳嗽");
        assert!(r.contains("父亲咳嗽"), "{r}");
    }
}
