//! Links the server writes into pages and redirects: a query value typed by a
//! person, or a path to come back to, percent-encoded.

/// Percent-encodes a query value (a `next` path, a filter typed by a person).
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
