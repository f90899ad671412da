//! What a person reads when a door refuses: not signed in, a role that never
//! does this, a unit outside the account's scope, a request that cannot be
//! read; in Simplified Chinese and English.

use fangkong_domain::UnitCode;
use fangkong_domain::access::Denied;

use super::Lang;

/// A refusal by the access rule, in `lang`.
pub fn denied(d: &Denied, lang: Lang) -> String {
    match (d, lang) {
        (Denied::Role { .. }, Lang::En) => d.to_string(),
        (Denied::Role { role, action }, Lang::Zh) => {
            format!("{}账号不能{}", role_zh(*role), action_zh(action))
        }
        (Denied::Scope { .. }, Lang::En) => d.to_string(),
        (Denied::Scope { unit, scope }, Lang::Zh) => {
            format!("{unit} 不在本账号的管辖范围（{scope}）内")
        }
        (Denied::ScopeGone(_), Lang::En) => d.to_string(),
        (Denied::ScopeGone(scope), Lang::Zh) => {
            format!("本账号的管辖范围 {scope} 已不在单位树中")
        }
    }
}

/// A role's name in Chinese.
pub fn role_zh(role: fangkong_domain::access::Role) -> &'static str {
    use fangkong_domain::access::Role as R;
    match role {
        R::CommandCentre => "指挥部",
        R::District => "区指挥部",
        R::Subdistrict => "街道",
        R::CommunityWorker => "社区工作者",
        R::HotlineOperator => "热线话务员",
        R::Medical => "医疗机构",
        R::Administrator => "系统管理员",
    }
}

/// The Chinese words of an action, from its English description.
fn action_zh(described: &str) -> &'static str {
    fangkong_domain::access::ActionKind::ALL
        .into_iter()
        .find(|k| k.describe() == described)
        .map_or("执行此操作", |k| k.describe_zh())
}

/// An audit line's action in `lang`: a refusal names what was refused, other
/// actions have their label in the catalogue; an action without one is shown
/// as its code.
pub fn audit_action(action: &str, lang: Lang) -> String {
    use fangkong_domain::access::ActionKind;
    if let Some(what) = action.strip_prefix("access.") {
        let kind = ActionKind::ALL.into_iter().find(|k| k.name() == what);
        let words = match (kind, lang) {
            (Some(k), Lang::Zh) => k.describe_zh().to_string(),
            (Some(k), Lang::En) => k.describe().to_string(),
            (None, _) => super::catalogue::label(lang, "audit-what", what).to_string(),
        };
        return super::catalogue::format(lang, "audit-refused", &[("what", words.into())]);
    }
    let id = action.replace('.', "-");
    let said = super::catalogue::label(lang, "audit", &id);
    if said == id {
        action.to_string()
    } else {
        said.to_string()
    }
}

/// An audit line's recorded reason in `lang`: a refusal recorded in the access
/// rule's words is said again in the reader's language; any other reason is
/// shown as it was recorded.
pub fn audit_reason(text: &str, lang: Lang) -> String {
    recorded_denial(text).map_or_else(|| text.to_string(), |d| denied(&d, lang))
}

/// The refusal an audit reason records, read back from the rule's own words.
fn recorded_denial(text: &str) -> Option<Denied> {
    use fangkong_domain::access::{ActionKind, Role};
    if let Some(rest) = text.strip_prefix("the role ") {
        let (role, action) = rest.split_once(" may not ")?;
        let kind = ActionKind::ALL
            .into_iter()
            .find(|k| k.describe() == action)?;
        return Some(Denied::Role {
            role: role.parse::<Role>().ok()?,
            action: kind.describe(),
        });
    }
    if let Some(rest) = text.strip_prefix("this account's scope ") {
        let scope = rest.strip_suffix(" is not in the unit tree of this day")?;
        return Some(Denied::ScopeGone(UnitCode::parse(scope).ok()?));
    }
    let (unit, rest) = text.split_once(" is outside the scope of this account (")?;
    let scope = rest.strip_suffix(')')?;
    Some(Denied::Scope {
        unit: UnitCode::parse(unit).ok()?,
        scope: UnitCode::parse(scope).ok()?,
    })
}

/// No session or token.
pub fn sign_in(lang: Lang) -> String {
    match lang {
        Lang::Zh => "请先登录（会话 Cookie），或发送 `Authorization: Bearer 令牌`".into(),
        Lang::En => "sign in (session cookie) or send `Authorization: Bearer TOKEN`".into(),
    }
}

/// Open311 without a key.
pub fn api_key_required(lang: Lang) -> String {
    match lang {
        Lang::Zh => "需要 api_key（fangkong 的 API 令牌）".into(),
        Lang::En => "an api_key is required (a fangkong API token)".into(),
    }
}

/// Open311 with a key nobody holds.
pub fn bad_api_key(lang: Lang) -> String {
    match lang {
        Lang::Zh => "api_key 无效、已过期或已吊销".into(),
        Lang::En => "invalid api_key: unknown, expired or revoked".into(),
    }
}

/// A unit code that names no unit.
pub fn no_unit(code: &UnitCode, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("单位 {code} 不在单位树中"),
        Lang::En => format!("unit {code} is not in the tree"),
    }
}

/// A body over the door's limit.
pub fn body_too_large(limit: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("请求内容过大：最多 {limit} 字节"),
        Lang::En => format!("the request body is too large: at most {limit} bytes"),
    }
}

/// A request the framework could not read, with its own words.
pub fn rejected(status: u16, detail: &str, lang: Lang) -> String {
    let detail = detail.trim();
    match (status, lang) {
        (404, Lang::Zh) => "没有这个页面或接口".into(),
        (404, Lang::En) => "no such page or endpoint".into(),
        (405, Lang::Zh) => "此地址不接受这种请求方法".into(),
        (405, Lang::En) => "this address does not take that method".into(),
        (413, Lang::Zh) => "请求内容过大".into(),
        (413, Lang::En) => "the request body is too large".into(),
        (415, Lang::Zh) => format!("请求内容的类型不对：{detail}"),
        (_, Lang::Zh) => format!("无法读取请求：{detail}"),
        (_, Lang::En) if detail.is_empty() => "the request cannot be read".into(),
        (_, Lang::En) => format!("the request cannot be read: {detail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::access::{ActionKind, Role};

    #[test]
    fn every_refusal_by_role_reads_in_chinese() {
        for kind in ActionKind::ALL {
            let d = Denied::Role {
                role: Role::HotlineOperator,
                action: kind.describe(),
            };
            let zh = denied(&d, Lang::Zh);
            assert!(zh.starts_with("热线话务员账号不能"), "{zh}");
            assert!(!zh.contains("执行此操作"), "{kind:?} has no Chinese words");
        }
    }
}
