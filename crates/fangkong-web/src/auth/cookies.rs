//! Cookies, by hand: reading one by name from the `Cookie` header, and writing
//! the session and login cookies with the attributes that keep them safe.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The session cookie.
pub const SESSION: &str = "fk_session";
/// The login form's double-submit cookie (against login CSRF).
pub const LOGIN: &str = "fk_login";

/// The value of cookie `name`, if the request carries it.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value: HttpOnly (no script reads it), SameSite=Strict (no other
/// site's page sends it), Secure unless the deployment says otherwise.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A `Set-Cookie` value that removes cookie `name`.
pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", 0, secure)
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; fk_session=abc; b=2"));
        assert_eq!(read(&h, SESSION), Some("abc".into()));
        assert_eq!(read(&h, LOGIN), None);
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure() {
        let c = set(SESSION, "t", 60, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(!set(SESSION, "t", 60, false).contains("Secure"));
        assert!(clear(SESSION, true).contains("Max-Age=0"));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
