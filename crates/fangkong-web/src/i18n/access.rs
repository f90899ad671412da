//! What a person reads when a door refuses: not signed in, a role that never
//! does this, a unit outside the account's scope, a request that cannot be
//! read; in Simplified Chinese and English.

use fangkong_domain::UnitCode;
use fangkong_domain::access::Denied;

use super::Lang;
use super::catalogue::{format, text};

/// A refusal by the access rule, in `lang`.
pub fn denied(d: &Denied, lang: Lang) -> String {
    match d {
        Denied::Role { role, action } => format(
            lang,
            "access-denied-role",
            &[
                (
                    "role",
                    text(lang, &std::format!("role-{}", role.name())).into(),
                ),
                ("action", action_words(action, lang).into()),
            ],
        ),
        Denied::Scope { unit, scope } => format(
            lang,
            "access-denied-scope",
            &[
                ("unit", unit.to_string().into()),
                ("scope", scope.to_string().into()),
            ],
        ),
        Denied::ScopeGone(scope) => format(
            lang,
            "access-denied-scope-gone",
            &[("scope", scope.to_string().into())],
        ),
    }
}

/// An action in words, from the rule's own description of it.
fn action_words(described: &str, lang: Lang) -> String {
    fangkong_domain::access::ActionKind::ALL
        .into_iter()
        .find(|k| k.describe() == described)
        .map_or_else(
            || described.to_string(),
            |k| text(lang, &std::format!("action-{}", k.name())).to_string(),
        )
}

/// An audit line's action in `lang`: a refusal names what was refused, other
/// actions have their label in the catalogue; an action without one is shown
/// as its code.
pub fn audit_action(action: &str, lang: Lang) -> String {
    use fangkong_domain::access::ActionKind;
    if let Some(what) = action.strip_prefix("access.") {
        let kind = ActionKind::ALL.into_iter().find(|k| k.name() == what);
        let words = match kind {
            Some(k) => text(lang, &std::format!("action-{}", k.name())).to_string(),
            None => super::catalogue::label(lang, "audit-what", what).to_string(),
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
    text(lang, "access-sign-in").to_string()
}

/// Open311 without a key.
pub fn api_key_required(lang: Lang) -> String {
    text(lang, "access-api-key-required").to_string()
}

/// Open311 with a key nobody holds.
pub fn bad_api_key(lang: Lang) -> String {
    text(lang, "access-bad-api-key").to_string()
}

/// A unit code that names no unit.
pub fn no_unit(code: &UnitCode, lang: Lang) -> String {
    format(lang, "access-no-unit", &[("unit", code.to_string().into())])
}

/// A body over the door's limit.
pub fn body_too_large(limit: usize, lang: Lang) -> String {
    format(lang, "access-body-too-large", &[("limit", limit.into())])
}

/// A change sent to a server that reads from a replica.
pub fn read_only(lang: Lang) -> String {
    format(lang, "access-read-only", &[])
}

/// A request the framework could not read, with its own words.
pub fn rejected(status: u16, detail: &str, lang: Lang) -> String {
    let detail = detail.trim();
    let id = match status {
        404 => "access-rejected-404",
        405 => "access-rejected-405",
        413 => "access-rejected-413",
        415 => "access-rejected-415",
        _ if detail.is_empty() => "access-rejected-unreadable",
        _ => "access-rejected-unreadable-detail",
    };
    format(lang, id, &[("detail", detail.into())])
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
            assert!(zh.starts_with("热线接线员账号不能"), "{zh}");
            assert!(!zh.contains("action-"), "{kind:?} has no Chinese words");
        }
    }
}
