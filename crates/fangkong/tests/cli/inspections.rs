//! Inspections, movement levels and passes through the command line (issue
//! 22): a plan reproducible by seed and weighted by risk, inspectors never
//! of the unit, findings that contradict the day's attestation and hold the
//! status back until a passing re-inspection, the levels that follow, and
//! passes read by an independent QR decoder that verify, refuse a tampered
//! copy, lapse when the unit files a case, expire and can be revoked.

use crate::support::Sandbox;

/// Reads the QR code of a PNG with an independent decoder.
pub fn decode_qr(path: &str) -> String {
    let bytes = std::fs::read(path).expect("png");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {path}");
    grids[0].decode().expect("a readable QR code").1
}

/// A token altered in one character of its payload.
pub fn tampered(url: &str) -> String {
    let (base, token) = url.rsplit_once('/').expect("a pass URL");
    let mut chars: Vec<char> = token.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    format!("{base}/{}", chars.into_iter().collect::<String>())
}

/// Thirty days of clean reports for K1, K2 and V, with a case in K2 on 03-10.
fn season(s: &Sandbox) {
    let mut rows = Vec::new();
    for d in 1..=30 {
        for unit in ["K1", "K2", "V"] {
            let case = u32::from(unit == "K2" && d == 10);
            rows.push(format!(
                "2020-03-{d:02},{unit},{case},0,0,0,是,是,是,是,是,是,王芳,"
            ));
        }
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = s.reports_file("season.csv", &refs);
    s.ok(&["import", "reports", &file]);
}

/// A minimal JPEG whose EXIF block names a GPS position.
fn jpeg_with_location() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    let exif = b"Exif\0\0MM\0*GPSLatitude30.5928N";
    v.extend([0xFF, 0xE1]);
    v.extend(((exif.len() + 2) as u16).to_be_bytes());
    v.extend(exif);
    v.extend([0xFF, 0xDA, 0x00, 0x02, 0x11, 0xFF, 0xD9]);
    v
}

#[test]
fn a_plan_is_drawn_by_seed_and_risk_and_a_failed_inspection_holds_the_status_back() {
    let s = Sandbox::with_small_tree();
    season(&s);
    // The roster: all or nothing.
    let bad = s.write(
        "bad-inspectors.csv",
        "code,name,unit_code\nI1,李督查,M\nI9,某,NOWHERE\n",
    );
    let refused = s.rejected_unchanged(&["inspections", "inspectors", "import", &bad]);
    assert!(refused.contains(":3: field unit_code"), "{refused}");
    let roster = s.write(
        "inspectors.csv",
        "code,name,unit_code\nI1,李督查,M\nI2,赵督查,V\nI3,钱督查,\n",
    );
    assert!(
        s.ok(&["inspections", "inspectors", "import", &roster])
            .contains("3 inspectors")
    );

    // The same seed, the same plan; weights rise with the days with events.
    let plan = |seed: &str| {
        s.ok(&[
            "inspections",
            "plan",
            "--date",
            "2020-03-20",
            "--count",
            "3",
            "--seed",
            seed,
            "--format",
            "csv",
        ])
    };
    let a = plan("5");
    assert_eq!(a, plan("5"), "a seed redraws its plan");
    assert!(
        a.starts_with("unit_code,name,kind,weight,why,drawn,inspector,inspector_name"),
        "{a}"
    );
    let weight = |unit: &str| -> f64 {
        a.lines()
            .find(|l| l.starts_with(&format!("{unit},")))
            .and_then(|l| l.split(',').nth(3))
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("{unit} in {a}"))
    };
    assert!(weight("K2") > weight("K1"), "{a}");
    assert!(a.contains("1 days with events"), "{a}");
    for line in a.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let (unit, inspector) = (cols[0], cols[6]);
        assert!(!inspector.is_empty(), "an inspector for {line}");
        if unit.starts_with('K') {
            assert_ne!(inspector, "I1", "I1 belongs to M: {line}");
        }
        if unit == "V" {
            assert_ne!(inspector, "I2", "I2 belongs to V: {line}");
        }
    }
    let plans: Vec<String> = (0..8).map(|k| plan(&format!("{}", 100 + k))).collect();
    assert!(plans.iter().any(|p| *p != a), "another seed, another draw");

    // Findings: refused whole with every bad field named.
    let bad = s.write(
        "bad-findings.csv",
        "unit_code,date,inspector,closed_management,screening,disinfection,supplies,stability,publicity\n\
         K1,2020-03-25,I9,否,是,是,是,是,是\n\
         M,2020-03-25,I3,是,是,是,是,是,maybe\n\
         K2,2020-03-25,I1,是,是,是,是,是,是\n",
    );
    let refused = s.rejected_unchanged(&["inspections", "record", &bad]);
    for needle in [
        ":2: field inspector",
        ":3: field unit_code",
        ":3: field publicity",
    ] {
        assert!(refused.contains(needle), "{needle} in {refused}");
    }
    std::fs::write(s.dir().join("gate.jpg"), jpeg_with_location()).expect("photo");
    let findings = s.write(
        "findings.csv",
        "unit_code,date,time,inspector,closed_management,screening,disinfection,supplies,stability,publicity,note,photo\n\
         K1,2020-03-25,09:40,I3,否,是,是,是,是,是,门岗无人值守,gate.jpg\n",
    );
    let recorded = s.ok(&["inspections", "record", &findings]);
    assert!(recorded.contains("1 failed, 1 contradict"), "{recorded}");
    let listed = s.ok(&[
        "inspections",
        "list",
        "--to",
        "2020-03-31",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&listed).expect("json");
    assert_eq!(rows[0]["outcome"], "failed", "{listed}");
    assert_eq!(
        rows[0]["attested_not_found"], "closed_management",
        "{listed}"
    );
    assert_eq!(rows[0]["photo"], true, "{listed}");

    // The unit is held back from the failing day; its community above too.
    let held = s.ok(&["explain", "K1", "--date", "2020-03-26"]);
    assert!(
        held.contains("epidemic-free: no") && held.contains("inspection"),
        "{held}"
    );
    let before = s.ok(&["explain", "K1", "--date", "2020-03-24"]);
    assert!(before.contains("epidemic-free: yes"), "{before}");
    let moving = s.ok(&[
        "movement",
        "--date",
        "2020-03-26",
        "--under",
        "M",
        "--format",
        "csv",
    ]);
    assert!(
        moving
            .lines()
            .any(|l| l.starts_with("K1,") && l.contains(",closed,")),
        "{moving}"
    );
    assert!(
        moving
            .lines()
            .any(|l| l.starts_with("K2,") && l.contains(",compound,")),
        "{moving}"
    );
    let village = s.ok(&[
        "movement",
        "--date",
        "2020-03-26",
        "--under",
        "V",
        "--format",
        "csv",
    ]);
    assert!(village.contains(",farm,"), "villages move first: {village}");

    // A passing re-inspection lifts the hold from its day.
    let again = s.write(
        "again.csv",
        "unit_code,date,inspector,closed_management,screening,disinfection,supplies,stability,publicity\n\
         K1,2020-03-28,I2,是,是,是,是,是,是\n",
    );
    assert!(
        s.ok(&["inspections", "record", &again])
            .contains("0 failed")
    );
    let lifted = s.ok(&["explain", "K1", "--date", "2020-03-28"]);
    assert!(lifted.contains("epidemic-free: yes"), "{lifted}");
    let still = s.ok(&["explain", "K1", "--date", "2020-03-27"]);
    assert!(still.contains("epidemic-free: no"), "{still}");

    // With revoke_on_failure off, a failure is a finding and nothing more.
    let rules = s.write("rules.toml", "[inspections]\nrevoke_on_failure = false\n");
    let kept = s.ok(&["--rules", &rules, "explain", "K1", "--date", "2020-03-26"]);
    assert!(kept.contains("epidemic-free: yes"), "{kept}");
}

#[test]
fn a_pass_verifies_from_its_qr_code_and_lapses_expires_and_is_revoked() {
    let s = Sandbox::with_small_tree();
    season(&s);
    let out = s.path("v.png");
    let url = s.ok(&[
        "pass",
        "issue",
        "--unit",
        "V",
        "--holder",
        "张三丰",
        "--from",
        "2020-03-26",
        "--days",
        "3",
        "--purpose",
        "farm",
        "--out",
        &out,
        "--base",
        "https://fk.example",
    ]);
    let url = url.trim().to_string();
    assert!(url.starts_with("https://fk.example/pass/"), "{url}");
    assert_eq!(decode_qr(&out), url, "the QR code carries the URL");
    let ok = s.ok(&["pass", "verify", &url, "--date", "2020-03-26"]);
    assert!(
        ok.contains("true") && ok.contains("张**") && !ok.contains("张三丰"),
        "{ok}"
    );

    let forged = s.run(&["pass", "verify", &tampered(&url), "--date", "2020-03-26"]);
    assert_eq!(forged.code, 3, "{}", forged.stderr);
    assert!(
        forged.stderr.contains("bad_signature") || forged.stderr.contains("unreadable"),
        "{}",
        forged.stderr
    );
    let early = s.run(&["pass", "verify", &url, "--date", "2020-03-25"]);
    assert!(
        early.code == 3 && early.stderr.contains("not_yet"),
        "{}",
        early.stderr
    );
    let late = s.run(&["pass", "verify", &url, "--date", "2020-03-29"]);
    assert!(
        late.code == 3 && late.stderr.contains("expired"),
        "{}",
        late.stderr
    );

    // A case in the village: the pass lapses that day, back when it is free again.
    let case = s.reports_file(
        "case.csv",
        &["2020-03-27,V,1,0,2,0,是,是,是,是,是,是,王芳,"],
    );
    s.ok(&[
        "import",
        "reports",
        &case,
        "--correct",
        "--reason",
        "补报病例",
    ]);
    let lapsed = s.run(&["pass", "verify", &url, "--date", "2020-03-27"]);
    assert_eq!(lapsed.code, 3, "{}", lapsed.stdout);
    assert!(
        lapsed.stderr.contains("level_disallows") && lapsed.stderr.contains("closed"),
        "{}",
        lapsed.stderr
    );
    assert_eq!(
        s.run(&["pass", "verify", &url, "--date", "2020-03-26"])
            .code,
        0
    );

    // Where the level does not allow the purpose, no pass is issued.
    let refused = s.run(&[
        "pass",
        "issue",
        "--unit",
        "K1",
        "--holder",
        "李四",
        "--from",
        "2020-03-26",
        "--purpose",
        "work",
    ]);
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("does not allow"),
        "{}",
        refused.stderr
    );

    // A new key signs; the old one still verifies what it signed.
    s.ok(&["pass", "keys", "rotate"]);
    let keys: serde_json::Value =
        serde_json::from_str(&s.ok(&["pass", "keys", "public"])).expect("json");
    assert_eq!(keys.as_object().map(|o| o.len()), Some(2), "{keys}");
    assert_eq!(
        s.run(&["pass", "verify", &url, "--date", "2020-03-26"])
            .code,
        0
    );

    // Revoked: from its day on.
    let id = s.ok(&["pass", "list", "--format", "csv"]);
    let id = id
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .expect("a pass")
        .to_string();
    s.ok(&[
        "pass",
        "revoke",
        &id,
        "--on",
        "2020-03-26",
        "--reason",
        "搬离",
    ]);
    let revoked = s.run(&["pass", "verify", &url, "--date", "2020-03-26"]);
    assert!(
        revoked.code == 3 && revoked.stderr.contains("revoked"),
        "{}",
        revoked.stderr
    );
}
