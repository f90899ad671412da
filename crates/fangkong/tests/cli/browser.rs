//! End to end in a real browser: `fangkong serve` on a loopback port, Debian's
//! headless Chromium loading the dashboard at a phone's width. Screenshots are
//! saved under `target/screenshots/` for people to look at.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::support::Sandbox;

const CHROMIUM: &str = "/usr/bin/chromium";

/// The server, stopped when dropped. Its standard output stays open for its life.
struct Server(
    Child,
    #[allow(dead_code)] BufReader<std::process::ChildStdout>,
);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(s: &Sandbox) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fangkong"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("FANGKONG_DB", s.db_path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start fangkong serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line).expect("the address line");
    let address = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("serve prints its address")
        .trim_end_matches('/')
        .to_string();
    (Server(child, reader), address)
}

fn chromium(args: &[&str], url: &str) -> String {
    assert!(
        std::path::Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: install Debian's chromium (.ci/run does)"
    );
    // A cold first start (font caches being built right after the fonts were
    // installed) has been seen to exit with nothing on a loaded machine: one retry,
    // and both attempts' errors if it fails again.
    let mut failures = Vec::new();
    for _ in 0..2 {
        let profile = tempfile::tempdir().expect("profile");
        let out = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                &format!("--user-data-dir={}", profile.path().display()),
            ])
            .args(args)
            .arg(url)
            .output()
            .expect("run chromium");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success()
            && (stdout.contains("<html") || args.iter().any(|a| a.starts_with("--screenshot")))
        {
            return stdout;
        }
        failures.push(format!(
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    panic!(
        "chromium {args:?} {url} failed twice:\n{}",
        failures.join("\n---\n")
    );
}

#[test]
fn the_dashboard_loads_in_headless_chromium_at_a_phone_s_width() {
    let s = Sandbox::with_small_tree();
    let mut rows = Vec::new();
    for d in 1..=20 {
        for unit in ["K1", "K2", "V"] {
            let contacts = if unit == "K1" && d == 10 { 2 } else { 0 };
            rows.push(format!(
                "2020-03-{d:02},{unit},0,0,{contacts},0,1,1,1,1,1,1,王芳,"
            ));
        }
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    s.ok(&["import", "reports", &s.reports_file("season.csv", &refs)]);
    let (_server, address) = serve(&s);

    let dom = chromium(
        &["--window-size=360,800", "--dump-dom"],
        &format!("{address}/?date=2020-03-20"),
    );
    assert!(dom.contains("无疫情单位"), "the page rendered: {dom}");
    assert!(
        dom.contains(r#"<p id="completeness"><strong>3</strong> / 3</p>"#),
        "{dom}"
    );
    assert!(
        dom.contains("<svg") && dom.contains("class=\"bar\""),
        "the trend chart is in the page"
    );

    let unit = chromium(
        &["--dump-dom"],
        &format!("{address}/units/M?date=2020-03-20&lang=en"),
    );
    assert!(
        unit.contains("new case or contact on 2020-03-10 in 一号小区"),
        "{unit}"
    );

    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots dir");
    let phone = shots.join("dashboard-360px.png");
    let _ = std::fs::remove_file(&phone);
    chromium(
        &[
            "--window-size=360,1400",
            &format!("--screenshot={}", phone.display()),
        ],
        &format!("{address}/?date=2020-03-20"),
    );
    assert!(phone.exists(), "chromium wrote {}", phone.display());
}
