//! `fangkong appeals voices FILE`: online voices (网上民声). A feed of public
//! posts (CSV, or JSON lines) is taken in through the same intake as the
//! hotline's calls: classified, rated for urgency, routed by its place and
//! text, and grouped with the appeals already taken in that it repeats. A post
//! already taken in (the same feed and id) is skipped, so a feed can be taken
//! in again as it grows. All or nothing: a bad line is named with its field.

use std::collections::HashMap;

use fangkong_domain::appeals::Router;
use fangkong_domain::day::instant;
use fangkong_domain::limits::{Limits, TextKind, normalise};
use fangkong_store::{AppealInput, PublicPost, Store};
use jiff::Timestamp;

use crate::import::{CsvInput, Rejected};

/// One post as read, before it is checked.
struct Post {
    line: u64,
    id: String,
    time: String,
    author: String,
    text: String,
    place: String,
}

/// A feed's name in references (`FEED-ID`): letters, digits, `_` and `-`.
fn check_feed(feed: &str) -> Result<(), String> {
    if feed.is_empty()
        || feed.len() > 32
        || !feed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "'{feed}' is not a feed name (1 to 32 letters, digits, _ or -)"
        ));
    }
    Ok(())
}

/// The posts of a CSV file (`id,time,text[,author,place]`).
fn csv_posts(
    file: &std::path::Path,
    limits: &Limits,
    rejected: &mut Rejected,
) -> anyhow::Result<Vec<Post>> {
    let mut input = CsvInput::open(file, limits)?;
    let columns = input.columns(&["id", "time", "text"])?;
    let (id, time, text, author, place) = (
        columns.at("id"),
        columns.at("time"),
        columns.at("text"),
        columns.at("author"),
        columns.at("place"),
    );
    let mut out = Vec::new();
    while let Some(row) = input.next_row(rejected) {
        out.push(Post {
            line: row.line,
            id: row.get(id).trim().to_string(),
            time: row.get(time).trim().to_string(),
            author: row.get(author).trim().to_string(),
            text: row.get(text).to_string(),
            place: row.get(place).trim().to_string(),
        });
    }
    Ok(out)
}

/// The posts of a JSON-lines file: one object per line with `id` (text or
/// number), `time` and `text`, and optionally `author` and `place`.
fn json_posts(
    file: &std::path::Path,
    limits: &Limits,
    rejected: &mut Rejected,
) -> anyhow::Result<Vec<Post>> {
    let body =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", file.display()))?;
    let body = String::from_utf8(body)
        .map_err(|_| anyhow::anyhow!("{}: not UTF-8 text", file.display()))?;
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > limits.field_bytes * 4 {
            rejected.add(Some(n), None, "the line is too long");
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                rejected.add(Some(n), None, format!("not a JSON object: {e}"));
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            rejected.add(Some(n), None, "not a JSON object");
            continue;
        };
        let field = |name: &str, rejected: &mut Rejected| -> String {
            match object.get(name) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Number(x)) if name == "id" => x.to_string(),
                Some(_) => {
                    rejected.add(Some(n), Some(name), "is not text");
                    String::new()
                }
            }
        };
        let post = Post {
            line: n,
            id: field("id", rejected).trim().to_string(),
            time: field("time", rejected).trim().to_string(),
            author: field("author", rejected).trim().to_string(),
            text: field("text", rejected),
            place: field("place", rejected).trim().to_string(),
        };
        out.push(post);
    }
    Ok(out)
}

/// `appeals voices FILE [--feed NAME]`.
pub async fn import(
    store: &Store,
    file: &std::path::Path,
    feed: &str,
    router: &Router,
    limits: &Limits,
) -> anyhow::Result<()> {
    check_feed(feed).map_err(|e| super::rejected_arg("--feed", e))?;
    let label = file.display().to_string();
    let mut rejected = Rejected::new(&label);
    let json = matches!(
        file.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson" | "json")
    );
    let posts = if json {
        json_posts(file, limits, &mut rejected)?
    } else {
        csv_posts(file, limits, &mut rejected)?
    };
    let now = crate::clock::now_in(store).await?;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut batch: Vec<AppealInput> = Vec::new();
    for p in posts {
        let line = Some(p.line);
        if p.id.is_empty() {
            rejected.add(line, Some("id"), "the id is empty");
        } else if p.id.chars().any(char::is_whitespace) || p.id.len() > 64 {
            rejected.add(line, Some("id"), "an id has no spaces and at most 64 bytes");
        } else if let Some(first) = seen.insert(p.id.clone(), p.line) {
            rejected.add(
                line,
                Some("id"),
                format!("{} appears twice (first on line {first})", p.id),
            );
        }
        let received_at: Option<Timestamp> = instant(&p.time)
            .map_err(|e| rejected.add(line, Some("time"), e))
            .ok();
        if let Some(t) = received_at
            && t > now
        {
            rejected.add(line, Some("time"), format!("{t} is in the future"));
        }
        let text = normalise(p.text.trim());
        if text.is_empty() {
            rejected.add(line, Some("text"), "the text is empty");
        }
        let some = |v: &str| Some(v.to_string()).filter(|s| !s.is_empty());
        for (field, e) in limits.fields(&[
            ("text", Some(&text), TextKind::Long),
            ("author", some(&p.author).as_deref(), TextKind::Name),
            ("place", some(&p.place).as_deref(), TextKind::Address),
        ]) {
            rejected.add(line, Some(field), e.to_string());
        }
        let Some(received_at) = received_at else {
            continue;
        };
        batch.push(AppealInput {
            reference: format!("{feed}-{}", p.id),
            channel: "import",
            received_at,
            text,
            name: None,
            phone: None,
            address: None,
            place: p.place.clone(),
            category: None,
            unit: None,
            urgency: None,
            post: Some(PublicPost {
                feed: feed.to_string(),
                id: p.id,
                author: some(&p.author),
            }),
        });
    }
    rejected.into_result()?;
    let references: Vec<String> = batch.iter().map(|a| a.reference.clone()).collect();
    let stored = store.stored_references(&references).await?;
    let read = batch.len();
    batch.retain(|a| !stored.contains(&a.reference));
    let done = if batch.is_empty() {
        None
    } else {
        Some(
            store
                .take_in_appeals(&batch, router, now, &crate::actor::cli_actor())
                .await?,
        )
    };
    let (taken, routed, grouped) = done.map_or((0, 0, 0), |d| (d.appeals, d.routed, d.grouped));
    crate::out!(
        "{read} posts read: {taken} taken in ({routed} routed, {} to the queue), {grouped} of them repeating appeals already taken in; {} taken in before",
        taken - routed,
        read - batch.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_names_are_plain_words() {
        assert!(check_feed("weibo").is_ok());
        assert!(check_feed("cjn_board-2").is_ok());
        for bad in ["", "has space", "微博", "a/b", &"x".repeat(33)] {
            assert!(check_feed(bad).is_err(), "{bad}");
        }
    }
}
