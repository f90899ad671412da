//! The language crawl (issue 16): every page, as every role, in both
//! languages, starting from every page door of the application and following
//! the links each page offers. A Chinese page may hold no English word and an
//! English page no Chinese one, outside codes, abbreviations and the city's own
//! data (names of units and people, texts citizens wrote). What a user reads
//! includes tooltips, placeholders, labels for screen readers and the error
//! pages.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::{Method, StatusCode};
use fangkong_web::doors::Face;
use fangkong_web::routes::list;

use crate::attack::{Attacker, City, attempts, city, send_as};

/// Words allowed on a Chinese page: abbreviations and names a Chinese reader
/// reads as they are. Everything else in Latin letters must be a code (holding
/// a digit or in capitals) or the city's data.
const ALLOWED_ON_ZH: &[&str] = &[
    "English",
    "fangkong",
    "canghailan",
    "GitHub",
    "Rt",
    "R",
    "CSV",
    "JSON",
    "API",
    "ID",
    "CT",
    "SVG",
    "Excel",
    "DHIS",
    "Open",
    "CV",
    "PCR",
    "IgM",
    "IgG",
    "QR",
    "Bearer",
    "Cookie",
    "api_key",
    "km",
    "SI",
    "sd",
    // Keys, as printed on the keyboard.
    "Ctrl",
    "Alt",
    "Enter",
    "Tab",
];

/// Chinese allowed on an English page: the switch to Chinese.
const ALLOWED_ON_EN: &[&str] = &["中文"];

/// How many pages the crawl reads per account and language at most: enough
/// for every page door and the links of each kind, not every day of a season.
const PAGES_PER_ROUND: usize = 90;

/// How many different queries of one path it follows.
const QUERIES_PER_PATH: usize = 3;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    Zh,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// A page's visible text: text nodes, and the attributes a person reads
/// (tooltips, placeholders, screen-reader labels, button values).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let tail = &rest[open..];
        let lower = tail.get(..8).unwrap_or(tail).to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            tail.find("</script>").map(|i| i + 9)
        } else if lower.starts_with("<style") {
            tail.find("</style>").map(|i| i + 8)
        } else if lower.starts_with("<td")
            && tail[..tail.find('>').unwrap_or(0)].contains(" translate=\"no\"")
        {
            // A record shown as it was written (the audit log's values),
            // which the page says it does not translate.
            tail.find("</td>").map(|i| i + 5)
        } else if lower.starts_with("<!--") {
            tail.find("-->").map(|i| i + 3)
        } else {
            None
        };
        if let Some(end) = skip_to {
            rest = &tail[end..];
            continue;
        }
        let Some(close) = tail.find('>') else {
            break;
        };
        let tag = &tail[..close];
        for attribute in ["title", "alt", "aria-label", "placeholder"] {
            for value in attribute_values(tag, attribute) {
                out.push(' ');
                out.push_str(&value);
                out.push(' ');
            }
        }
        let submit = tag.contains("type=\"submit\"") || tag.contains("type=\"button\"");
        if tag.starts_with("<input") && submit {
            for value in attribute_values(tag, "value") {
                out.push(' ');
                out.push_str(&value);
            }
        }
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    decode(&out)
}

fn attribute_values(tag: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = tag[from..].find(&needle) {
        let start = from + i + needle.len();
        let Some(len) = tag[start..].find('"') else {
            break;
        };
        found.push(tag[start..start + len].to_string());
        from = start + len;
    }
    found
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The links of a page the crawl follows: this application's pages (not the
/// API, Open311, downloads or signing out), without the fragment and the
/// language, which the crawl sets itself.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for piece in html.split("href=\"").skip(1) {
        let Some(end) = piece.find('"') else { continue };
        let href = decode(&piece[..end]);
        if !href.starts_with('/') || href.starts_with("//") {
            continue;
        }
        let href = href.split('#').next().unwrap_or_default().to_string();
        let (path, query) = href.split_once('?').unwrap_or((&href, ""));
        let skipped = ["/api", "/open311", "/logout", "/favicon"];
        if skipped.iter().any(|p| path.starts_with(p))
            || query.contains("format=")
            || path.ends_with(".csv")
        {
            continue;
        }
        found.push(with_lang(path, query, None));
    }
    found
}

/// `path?query` with `lang` set to `lang` (or removed).
fn with_lang(path: &str, query: &str, lang: Option<Lang>) -> String {
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let set = lang.map(|l| format!("lang={}", l.code()));
    if let Some(s) = &set {
        pairs.push(s);
    }
    if pairs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The words of the other language in `text`, outside what is allowed.
fn foreign_words(text: &str, lang: Lang, data: &Data) -> Vec<String> {
    let mut found = Vec::new();
    match lang {
        Lang::Zh => {
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '\''))
            {
                let word = word.trim_matches('\'');
                let letters = word.chars().filter(char::is_ascii_alphabetic).count();
                if letters < 2 || word.chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                // A code or an abbreviation: capitals only (K1, JA-F, PCR).
                if word.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                    continue;
                }
                if ALLOWED_ON_ZH.contains(&word) || data.latin.contains(word) {
                    continue;
                }
                found.push(word.to_string());
            }
        }
        Lang::En => {
            let mut run = String::new();
            for c in text.chars().chain(std::iter::once(' ')) {
                if is_han(c) {
                    run.push(c);
                    continue;
                }
                if !run.is_empty() {
                    let allowed = ALLOWED_ON_EN.contains(&run.as_str())
                        || data.han.iter().any(|d| d.contains(&run));
                    if !allowed {
                        found.push(std::mem::take(&mut run));
                    }
                    run.clear();
                }
            }
        }
    }
    found
}

/// The city's own data, which a page shows as it is in either language.
struct Data {
    /// Texts holding Chinese: names of units and people, addresses, texts.
    han: Vec<String>,
    /// Latin tokens that are data: account names, references.
    latin: BTreeSet<String>,
}

fn data_of(c: &City) -> Data {
    let mut han: Vec<String> = c.tree.units().iter().map(|u| u.name.clone()).collect();
    han.extend(
        [
            "张三丰",
            "测试社区1栋101",
            "欧阳锋",
            "第二社区7栋707",
            "令狐冲",
            "测试社区5栋301",
            "任盈盈",
            "第二社区6栋602",
            "家里老人的药吃完了，请回电",
            "岳不群",
            "左冷禅",
            "楼上漏水，邻里争执",
            "攻击者",
            "测试员",
            // The reporter of the fixture's reports, and a policy's name as
            // the rules file configures it.
            "王芳",
            "社区封闭管理",
            // What the worker typed into a count, shown back beside its error.
            "两个",
            // The people on duty in the fixture's rota.
            "值班员zb01",
            "值班员zb02",
        ]
        .map(str::to_string),
    );
    let latin = [
        "setup_medical",
        "setup_hotline",
        "setup_district",
        "centre",
        "district",
        "subdistrict",
        "worker",
        "hotline",
        "medical",
        "admin",
        // The account the fixture's setup writes as.
        "test",
        // The roster ids of the people on duty.
        "zb01",
        "zb02",
    ]
    .map(str::to_string)
    .into_iter()
    .collect();
    Data { han, latin }
}

/// One page that broke the rule, and the words.
struct Finding {
    account: &'static str,
    uri: String,
    words: BTreeSet<String>,
}

async fn crawl(c: &City, who: &Attacker, lang: Lang, data: &Data) -> (usize, Vec<Finding>) {
    let mut queue: VecDeque<String> = VecDeque::new();
    let doors = list();
    for door in doors.iter().filter(|d| d.method == Method::GET) {
        if Face::of(door.path) != Face::Page {
            continue;
        }
        for a in attempts(door, c).unwrap_or_default() {
            let (path, query) = a.uri.split_once('?').unwrap_or((&a.uri, ""));
            queue.push_back(with_lang(path, query, None));
        }
    }
    queue.push_back("/no-such-page".into());
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut per_path: BTreeMap<String, usize> = BTreeMap::new();
    let mut findings = Vec::new();
    let get = doors
        .iter()
        .find(|d| d.method == Method::GET && d.path == "/")
        .expect("the home door");
    while let Some(link) = queue.pop_front() {
        if seen.len() >= PAGES_PER_ROUND || !seen.insert(link.clone()) {
            continue;
        }
        let path = link.split('?').next().unwrap_or_default().to_string();
        let n = per_path.entry(path.clone()).or_default();
        if *n >= QUERIES_PER_PATH {
            continue;
        }
        *n += 1;
        let (p, q) = link.split_once('?').unwrap_or((&link, ""));
        let uri = with_lang(p, q, Some(lang));
        let attempt = crate::attack::Attempt::page(&uri);
        let answer = send_as(c, Some(who), get, &attempt).await;
        let html = answer
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        if !html || answer.status == StatusCode::SEE_OTHER {
            continue;
        }
        let words: BTreeSet<String> = foreign_words(&visible_text(&answer.body), lang, data)
            .into_iter()
            .collect();
        if !words.is_empty() {
            findings.push(Finding {
                account: who.name,
                uri,
                words,
            });
        }
        for l in links(&answer.body) {
            if !seen.contains(&l) {
                queue.push_back(l);
            }
        }
    }
    (seen.len(), findings)
}

#[tokio::test]
async fn every_page_as_every_role_reads_in_one_language() {
    let c = city().await;
    let data = data_of(&c);
    let mut findings = Vec::new();
    let mut pages = 0;
    for who in &c.attackers {
        for lang in [Lang::Zh, Lang::En] {
            let (read, found) = crawl(&c, who, lang, &data).await;
            pages += read;
            findings.extend(found);
        }
    }
    assert!(pages > 200, "the crawl read only {pages} pages");
    let report: Vec<String> = findings
        .iter()
        .map(|f| {
            let words: Vec<&str> = f.words.iter().map(String::as_str).collect();
            format!("{} {}: {}", f.account, f.uri, words.join(" "))
        })
        .collect();
    assert!(
        findings.is_empty(),
        "{} pages of {pages} hold words of the other language:\n{}",
        findings.len(),
        report.join("\n")
    );
}

/// The report form refused: every field's message must read in the page's
/// language (a negative count, an empty one, a word, a backlog above the
/// confirmed, a date before the epidemic, a reporter left empty).
#[tokio::test]
async fn the_report_form_s_refusals_read_in_the_page_s_language() {
    let c = city().await;
    let data = data_of(&c);
    let worker = c
        .attackers
        .iter()
        .find(|a| a.name == "worker")
        .expect("worker");
    let doors = list();
    let post = doors
        .iter()
        .find(|d| d.method == Method::POST && d.path == "/report/{code}")
        .expect("the report door");
    let cases: [&[(&'static str, &str)]; 3] = [
        &[
            ("date", "2020-03-21"),
            ("new_confirmed", "-1"),
            ("new_suspected", ""),
            ("new_close_contacts", "两个"),
            ("new_fever", "99999999999"),
            ("reporter", ""),
        ],
        &[
            ("date", "2019-01-01"),
            ("new_confirmed", "1"),
            ("new_suspected", "0"),
            ("new_close_contacts", "0"),
            ("new_fever", "0"),
            ("reporter", "王芳"),
            ("backlog", "5"),
        ],
        &[
            ("date", "2020-03-29"),
            ("new_confirmed", "0"),
            ("new_suspected", "0"),
            ("new_close_contacts", "0"),
            ("new_fever", "0"),
            ("reporter", "王芳"),
        ],
    ];
    let mut findings = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for fields in cases {
            let uri = format!("/report/K1?lang={}", lang.code());
            let mut with_lang = fields.to_vec();
            with_lang.push(("lang", lang.code()));
            let attempt = crate::attack::Attempt::form_of(&uri, &with_lang);
            let answer = send_as(&c, Some(worker), post, &attempt).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                answer.body
            );
            let words = foreign_words(&visible_text(&answer.body), lang, &data);
            if !words.is_empty() {
                findings.push(format!("{uri} {fields:?}: {}", words.join(" ")));
            }
        }
    }
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

#[test]
fn the_crawl_sees_tooltips_and_finds_a_word_of_the_other_language() {
    let data = Data {
        han: vec!["江岸区".into()],
        latin: BTreeSet::new(),
    };
    let page =
        "<p>江岸区 <span title=\"too few cases\">无</span> K1 PCR</p><script>var x='word'</script>";
    let words = foreign_words(&visible_text(page), Lang::Zh, &data);
    assert_eq!(words, ["too", "few", "cases"]);
    let page = "<tr><td translate=\"no\">2 appeals</td><td>done</td></tr>";
    assert_eq!(
        foreign_words(&visible_text(page), Lang::Zh, &data),
        ["done"]
    );
    let page = "<p lang=en>江岸区 status <a title=\"无疫情\">x</a> 中文</p>";
    assert_eq!(
        foreign_words(&visible_text(page), Lang::En, &data),
        ["无疫情"]
    );
}

/// A refused or unknown page is a page of the application: its heading in
/// the reader's language, the reason, and the ways back (where the reader
/// came from, and the start page).
#[tokio::test]
async fn error_pages_are_styled_in_the_reader_s_language_with_a_way_back() {
    let c = city().await;
    let worker = c
        .attackers
        .iter()
        .find(|a| a.name == "worker")
        .expect("worker");
    let send = |uri: &'static str| {
        let request = axum::http::Request::builder()
            .uri(uri)
            .header("cookie", format!("fk_session={}", worker.session_token()))
            .header("referer", "http://localhost:8080/units/M?lang=en")
            .body(axum::body::Body::empty())
            .expect("request");
        crate::support::send(&c.state, request)
    };
    let missing = send("/no-such-page?lang=en").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("<h1>Page not found</h1>"),
        "{}",
        missing.body
    );
    assert!(
        missing
            .body
            .contains(r#"<a href="/units/M?lang=en">Back to the previous page</a>"#),
        "{}",
        missing.body
    );
    assert!(
        missing
            .body
            .contains(r#"<a href="/?lang=en">Go to the start page</a>"#)
    );
    let refused = send("/units/K3").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("<h1>没有权限</h1>"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("不在本账号的管辖范围"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("回到首页"));
    // Another site's address is never offered as the way back.
    let request = axum::http::Request::builder()
        .uri("/no-such-page")
        .header("referer", "https://evil.example//phish")
        .body(axum::body::Body::empty())
        .expect("request");
    let anonymous = crate::support::send(&c.state, request).await;
    assert!(
        !anonymous.body.contains("evil.example") && !anonymous.body.contains(r#"href="//"#),
        "{}",
        anonymous.body
    );
}
