//! What a server on a read-only replica of the database cannot answer, and so
//! refuses at the gate before anything is read: a change (any method but GET,
//! HEAD and OPTIONS), and the reads that must write first: a password checked
//! with HTTP Basic (a failure counts towards the lockout), an export of
//! personal data and breaking the glass (each audited before it is shown).
//! The load balancer sends these to the primary's servers.

use axum::http::{HeaderMap, Method, Uri, header};
use fangkong_domain::access::ActionKind;

use crate::doors::{Door, Need, Target};

/// Whether a request to `door` needs a server on the primary.
pub(crate) fn needs_primary(method: &Method, uri: &Uri, headers: &HeaderMap, door: &Door) -> bool {
    !method.is_safe()
        || basic_credentials(headers)
        || matches!(
            door.need,
            Need::Act(ActionKind::ExportPersonalData, _)
                | Need::PublicOr(ActionKind::ExportPersonalData, _)
        )
        || (matches!(door.need, Need::Act(_, Target::Person(_))) && breaks_the_glass(uri))
}

/// An `Authorization: Basic …` header.
fn basic_credentials(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start().get(..6))
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic "))
}

/// A query asking to unmask a person: a purpose or a reason
/// (`glass::GlassQuery`), on a person's door.
fn breaks_the_glass(uri: &Uri) -> bool {
    let Some(query) = uri.query() else {
        return false;
    };
    let given = |name: &str| {
        query.split('&').any(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            key == name && !value.is_empty()
        })
    };
    given("purpose") || given("reason")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn door(need: Need) -> Door {
        Door {
            method: Method::GET,
            path: "/x",
            need,
        }
    }

    fn ask(method: Method, uri: &str, auth: Option<&str>, need: Need) -> bool {
        let mut headers = HeaderMap::new();
        if let Some(a) = auth {
            headers.insert(header::AUTHORIZATION, a.parse().expect("header"));
        }
        needs_primary(&method, &uri.parse().expect("uri"), &headers, &door(need))
    }

    #[test]
    fn reads_are_answered_on_a_replica() {
        let read = Need::Act(ActionKind::ReadFigures, Target::Scope);
        assert!(!ask(Method::GET, "/api/v1/status", None, read));
        assert!(!ask(Method::HEAD, "/", None, Need::Public));
        assert!(!ask(Method::GET, "/x?purpose=", Some("Bearer abc"), read));
    }

    #[test]
    fn changes_and_reads_that_write_first_need_the_primary() {
        let read = Need::Act(ActionKind::ReadFigures, Target::Scope);
        assert!(ask(Method::POST, "/login", None, Need::Public));
        assert!(ask(Method::DELETE, "/x", None, read));
        assert!(ask(Method::GET, "/x", Some("basic d2FuZzp4"), read));
        assert!(ask(
            Method::GET,
            "/x",
            None,
            Need::Act(ActionKind::ExportPersonalData, Target::Scope)
        ));
        let person = Need::Act(ActionKind::ReadRegistry, Target::Person("reference"));
        assert!(ask(
            Method::GET,
            "/people/P1?purpose=treatment&reason=x",
            None,
            person
        ));
        assert!(ask(Method::GET, "/people/P1?reason=x", None, person));
        assert!(!ask(Method::GET, "/people/P1", None, person));
        // A reason elsewhere is a filter, not a glass.
        assert!(!ask(Method::GET, "/audit?reason=x", None, read));
    }
}
