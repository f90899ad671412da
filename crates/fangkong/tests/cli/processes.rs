//! Several server processes on one PostgreSQL database: what one files, the
//! other shows within a second (LISTEN/NOTIFY), and sessions live in the
//! database, not in a process.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::browser::serve_on;
use crate::support::Sandbox;

/// One HTTP/1.1 exchange: the status and the body.
fn http(address: &str, method: &str, path: &str, token: &str, body: &str) -> (u16, String) {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("answer");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        crate::webdriver::dechunk(rest)
    } else {
        rest.to_string()
    };
    (status, body)
}

#[test]
fn a_report_filed_through_one_process_shows_on_the_other_within_a_second() {
    let s = Sandbox::on_postgres_server().holding_small_tree();
    let mut rows = Vec::new();
    for d in 1..=20 {
        for unit in ["K1", "K2", "V"] {
            rows.push(format!("2020-03-{d:02},{unit},0,0,0,0,1,1,1,1,1,1,王芳,"));
        }
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    s.ok(&["import", "reports", &s.reports_file("season.csv", &refs)]);
    let run = s.run_with_input(
        &[
            "user",
            "add",
            "wangfang",
            "--role",
            "community_worker",
            "--scope",
            "M",
        ],
        "fangkong-e2e\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let token = s.ok(&["user", "token", "wangfang"]);
    let token = token.split_whitespace().last().expect("a token");

    let (_a, a) = serve_on(&s, Some("2020-03-21"));
    let (_b, b) = serve_on(&s, Some("2020-03-21"));
    let status = "/api/v1/status?date=2020-03-20";
    let (code, before) = http(&b, "GET", status, token, "");
    assert_eq!(code, 200, "{before}");

    // A close contact in K2 on 03-20, a correction filed through A.
    let (code, filed) = http(
        &a,
        "POST",
        "/api/v1/reports",
        token,
        r#"{"unit": "K2", "date": "2020-03-20", "new_confirmed": 0, "new_suspected": 0,
            "new_close_contacts": 1, "new_fever": 0, "reporter": "王芳",
            "correction_reason": "漏报密接"}"#,
    );
    assert_eq!(code, 201, "{filed}");
    let (_, on_a) = http(&a, "GET", status, token, "");
    assert_ne!(on_a, before, "the filing process shows the report at once");
    let filed_at = Instant::now();
    let on_b = loop {
        let (code, body) = http(&b, "GET", status, token, "");
        assert_eq!(code, 200, "{body}");
        if body == on_a || filed_at.elapsed() > Duration::from_secs(5) {
            break body;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = filed_at.elapsed();
    assert_eq!(on_b, on_a, "the other process shows what the first does");
    assert!(took < Duration::from_secs(1), "shown after {took:?}");

    // The history of the day, read through B, has the correction.
    let (code, history) = http(&b, "GET", "/api/v1/reports/K2/2020-03-20", token, "");
    assert_eq!(code, 200, "{history}");
    assert!(history.contains("漏报密接"), "{history}");
}
