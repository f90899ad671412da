//! The store's conformance suite: one scenario of writes and reads run on a
//! fresh SQLite file and on a fresh PostgreSQL database, every answer compared.
//! The two backends must hold the same data and say the same things about it,
//! in the same order, refusals included.
//!
//! PostgreSQL is the server `FANGKONG_CONFORMANCE_POSTGRES` names, else the
//! machine's `postgres://postgres@127.0.0.1:5432` (scripts/test.sh starts it).

use std::fmt::Debug;

use fangkong_domain::access::{Password, Role, Username};
use fangkong_domain::alerts::AlertState;
use fangkong_domain::registry::flow::{Category, DatedStep, Place, Step};
use fangkong_domain::registry::followup::{CheckInState, Schedule};
use fangkong_domain::report::{Measure, Submission};
use fangkong_domain::unit::{UnitRecord, UnitVersion};
use fangkong_domain::{
    Annotation, AnnotationKind, Count, DailyReport, Day, MeasuresInPlace, PublishedDay, UnitCode,
    UnitKind,
};
use fangkong_store::{
    AuditFilter, Backend, Channel, Filing, Location, NewAccount, NewPerson, NewRevision,
    Provenance, Store,
};
use jiff::Timestamp;

/// Everything the scenario read, one line per answer, in order.
#[derive(Default)]
struct Transcript(Vec<String>);

impl Transcript {
    fn say(&mut self, what: &str, answer: impl Debug) {
        self.0.push(format!("{what}: {answer:?}"));
    }
}

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).expect("code")
}

fn day(s: &str) -> Day {
    Day::parse(s).expect("day")
}

fn at(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

fn report(unit: &str, d: &str, contacts: u32, measures: MeasuresInPlace) -> DailyReport {
    DailyReport {
        day: day(d),
        unit: code(unit),
        new_confirmed: Count::new(u32::from(contacts > 2)),
        new_suspected: Count::ZERO,
        new_close_contacts: Count::new(contacts),
        new_fever: Count::new(1),
        measures,
        reporter: "王芳".into(),
        remark: (contacts > 0).then(|| "复核 ✓".to_string()),
        backlog: Count::ZERO,
    }
}

/// A unit of the scenario's tree: code, name, kind, parent, population.
type Row = (
    &'static str,
    &'static str,
    UnitKind,
    Option<&'static str>,
    Option<u32>,
);

const TREE: [Row; 7] = [
    ("C", "测试市", UnitKind::City, None, None),
    ("D", "测试区", UnitKind::District, Some("C"), None),
    ("S", "测试街道", UnitKind::Subdistrict, Some("D"), None),
    ("M", "测试社区", UnitKind::Community, Some("S"), None),
    ("K1", "一号小区", UnitKind::Compound, Some("M"), Some(500)),
    ("K2", "Zwei", UnitKind::Compound, Some("M"), None),
    ("V", "测试村", UnitKind::Village, Some("S"), Some(800)),
];

/// The scenario: every kind of write, each followed by the reads it affects.
async fn scenario(store: &Store) -> Transcript {
    let mut t = Transcript::default();
    let t0 = at("2020-03-01T08:00:00Z");

    // Units, a dated version, a refused duplicate.
    let units: Vec<(UnitCode, UnitVersion)> = TREE
        .iter()
        .map(|(c, n, k, p, pop)| {
            let r = UnitRecord {
                code: code(c),
                name: n.to_string(),
                kind: *k,
                parent: p.map(code),
                population: *pop,
                from_address_list: false,
            };
            (r.code.clone(), UnitVersion::first(&r, None))
        })
        .collect();
    let version = store.data_version().await.expect("version");
    store.add_units(&units, t0, "loader").await.expect("units");
    // The number itself differs (SQLite moves it per row, PostgreSQL per
    // statement); that it moves, and when, is the behaviour.
    let moved = store.data_version().await.expect("version");
    t.say("units move the data version", moved > version);
    let dup = store.add_units(&units[..1], t0, "loader").await;
    t.say(
        "duplicate unit refused",
        dup.map_err(|e| matches!(e, fangkong_store::StoreError::Conflict(_))),
    );
    let mut renamed = units[5].1.clone();
    renamed.valid_from = Some(day("2020-03-05"));
    renamed.name = "二号小区".into();
    store
        .add_unit_version(&code("K2"), &renamed, t0, "loader")
        .await
        .expect("version");
    let stored = store.units().await.expect("units");
    let mut ids: Vec<(String, i64)> = stored
        .ids
        .iter()
        .map(|(c, i)| (c.as_str().to_string(), *i))
        .collect();
    ids.sort();
    t.say("unit ids", &ids);
    let mut history: Vec<String> = stored
        .history
        .current_tree()
        .expect("tree")
        .units()
        .iter()
        .map(|u| format!("{u:?}"))
        .collect();
    history.sort();
    t.say("current tree", history);
    let id = |c: &str| stored.ids[&code(c)];

    // Reports in bulk, then through the filer: new, a correction, a replay.
    let mut rows = Vec::new();
    for d in 1..=6 {
        for unit in ["K1", "K2", "V"] {
            let contacts = u32::from(unit == "K1" && d == 3) * 3;
            let measures = if unit == "V" && d == 6 {
                MeasuresInPlace::NONE
            } else {
                MeasuresInPlace::ALL
            };
            let mut report = report(unit, &format!("2020-03-{d:02}"), contacts, measures);
            if unit == "K2" && d == 2 {
                // What a bulk import must carry through unchanged.
                report.remark = Some("门岗\t复核\n\\ ✓".into());
            }
            rows.push(NewRevision {
                unit_id: id(unit),
                revision: 1,
                reason: None,
                provenance: Provenance::from(Channel::Import),
                report,
            });
        }
    }
    let before_reports = store.data_version().await.expect("version");
    let mut batch = store.begin_reports(t0).await.expect("batch");
    batch.insert(rows).await.expect("insert");
    t.say("committed", batch.commit().await.expect("commit"));
    t.say(
        "reports leave the data version (the engine follows them)",
        store.data_version().await.expect("version") == before_reports,
    );
    let filing = |unit: &str, d: &str, contacts: u32, submission: Submission, key: &str| Filing {
        unit_id: id(unit),
        report: report(unit, d, contacts, MeasuresInPlace::ALL),
        submission,
        submission_id: Some(key.to_string()),
        actor: "wangfang".into(),
        provenance: Provenance {
            channel: Channel::Form,
            recorded_at: None,
            opened_at: Some(at("2020-03-07T09:00:00Z")),
            fields_changed: Some(2),
        },
    };
    let t1 = at("2020-03-07T09:05:00Z");
    let filed = store
        .file_reports(
            &[
                filing("K1", "2020-03-07", 0, Submission::New, "a"),
                filing(
                    "K1",
                    "2020-03-03",
                    1,
                    Submission::Correction {
                        reason: "重复计数".into(),
                    },
                    "b",
                ),
            ],
            t1,
        )
        .await;
    t.say("filed", filed.map(|f| format!("{f:?}")));
    let replay = store
        .file_reports(&[filing("K1", "2020-03-07", 0, Submission::New, "a")], t1)
        .await;
    t.say("replayed", replay.map(|f| format!("{f:?}")));
    let again = store
        .file_reports(&[filing("K1", "2020-03-07", 0, Submission::New, "c")], t1)
        .await;
    t.say("filed twice", again.map(|f| format!("{f:?}")));

    let mut latest: Vec<String> = store
        .latest_reports(day("2020-03-01"), day("2020-03-07"))
        .await
        .expect("latest")
        .into_iter()
        .map(|(k, r)| format!("{k:?} {r:?}"))
        .collect();
    latest.sort();
    t.say("latest reports", latest);
    t.say(
        "history K1 03-03",
        store
            .report_history(&code("K1"), day("2020-03-03"))
            .await
            .expect("history"),
    );
    t.say("totals", store.totals().await.expect("totals"));
    t.say("span", store.report_span().await.expect("span"));
    let codes = stored.ids.iter().map(|(c, i)| (*i, c.clone())).collect();
    let mut packed: Vec<String> = store
        .latest_reports_packed(day("2020-03-01"), day("2020-03-07"), &codes)
        .await
        .expect("packed")
        .into_iter()
        .map(|r| format!("{r:?}"))
        .collect();
    packed.sort();
    t.say("packed", packed);
    let confirmed: Vec<String> = store
        .confirmed_counts(day("2020-03-01"), day("2020-03-07"))
        .await
        .expect("confirmed")
        .into_iter()
        .map(|(d, m)| {
            let mut m: Vec<_> = m.into_iter().collect();
            m.sort();
            format!("{d} {m:?}")
        })
        .collect();
    t.say("confirmed counts", confirmed);
    // The last cell of each unit and day is what counts (PostgreSQL may hand
    // a corrected day on twice, the later one last).
    let mut last = std::collections::BTreeMap::new();
    store
        .for_each_report_cell(Some(t0), |c| {
            last.insert((c.unit_id, c.day), format!("{c:?}"));
        })
        .await
        .expect("cells");
    let cells: Vec<String> = last.into_values().collect();
    t.say("cells as of the import", cells);
    let mut last = std::collections::BTreeMap::new();
    store
        .for_each_report_cell(None, |c| {
            last.insert((c.unit_id, c.day), format!("{c:?}"));
        })
        .await
        .expect("cells");
    let cells: Vec<String> = last.into_values().collect();
    t.say("cells now (a correction's cell last)", cells);
    t.say(
        "epidemic free by SQL",
        store
            .epidemic_free_by_sql(day("2020-03-06"), 3)
            .await
            .expect("sql"),
    );
    let mut forms: Vec<String> = store
        .forms(day("2020-03-01"), day("2020-03-07"))
        .await
        .expect("forms")
        .into_iter()
        .map(|f| format!("{f:?}"))
        .collect();
    forms.sort();
    t.say("forms", forms);

    // Published series and annotations; an update of a day keeps one row.
    let published = |d: &str, n: Option<i64>| PublishedDay {
        day: day(d),
        new_confirmed: n,
        new_suspected: None,
        new_dead: Some(0),
        new_cured: Some(-1),
        cum_confirmed: n.map(|n| n + 30_000),
        cum_dead: None,
        cum_cured: Some(1_234),
    };
    store
        .put_published(
            id("C"),
            &[
                published("2020-02-12", Some(13436)),
                published("2020-02-13", None),
            ],
            t0,
            "loader",
        )
        .await
        .expect("published");
    store
        .put_published(
            id("C"),
            &[published("2020-02-13", Some(3910))],
            t1,
            "loader",
        )
        .await
        .expect("published again");
    t.say(
        "published",
        store.published_series(&code("C")).await.expect("series"),
    );
    store
        .put_annotations(
            &[(
                id("C"),
                Annotation {
                    day: day("2020-02-12"),
                    unit: code("C"),
                    kind: AnnotationKind::DefinitionChange,
                    excluded_from_trend: Some(13332),
                    note: "临床诊断病例".into(),
                },
            )],
            t0,
            "loader",
        )
        .await
        .expect("annotations");
    t.say(
        "annotations",
        store.annotations(None).await.expect("annotations"),
    );

    // Accounts, sessions and tokens, logins, settings.
    let account = store
        .add_account(
            &NewAccount {
                username: Username::parse("wangfang").expect("name"),
                display_name: "王芳".into(),
                role: Role::CommunityWorker,
                scope: code("M"),
                password: Password::new("correct horse battery").expect("password"),
            },
            t0,
            Some("admin"),
        )
        .await
        .expect("account");
    t.say(
        "account",
        (
            &account.username,
            &account.display_name,
            account.role,
            &account.scope,
        ),
    );
    let name = Username::parse("wangfang").expect("name");
    let granted = store.grant_export(&name, true, t1, Some("admin")).await;
    t.say(
        "granted",
        granted
            .map(|a| a.may_export_personal)
            .map_err(|e| e.to_string()),
    );
    t.say(
        "password checks",
        (
            store
                .check_password("wangfang", "correct horse battery")
                .await
                .map(|a| a.map(|a| a.id == account.id))
                .map_err(|e| e.to_string()),
            store
                .check_password("wangfang", "wrong")
                .await
                .map(|a| a.is_some())
                .map_err(|e| e.to_string()),
        ),
    );
    let session = store
        .open_session(account.id, t1, jiff::SignedDuration::from_hours(8))
        .await
        .expect("session");
    let seen = store.session(&session.token, t1).await.expect("session");
    t.say("session", seen.map(|s| s.account.username.to_string()));
    let late = store
        .session(&session.token, at("2020-03-08T09:05:00Z"))
        .await
        .expect("late");
    t.say("expired session", late.is_some());
    let token = store
        .issue_token(account.id, "script", t1, at("2020-04-01T00:00:00Z"))
        .await
        .expect("token");
    t.say(
        "token",
        store
            .token_account(&token, t1)
            .await
            .expect("token")
            .map(|a| a.id == account.id),
    );
    t.say(
        "revoked",
        store
            .revoke_token(&token, t1, Some("admin"))
            .await
            .expect("revoke"),
    );
    t.say(
        "revoked token",
        store
            .token_account(&token, t1)
            .await
            .expect("token")
            .is_some(),
    );
    store
        .record_login_failure(&["user:x", "ip:1"], t1, 900)
        .await
        .expect("failure");
    store
        .record_login_failure(&["user:x"], t1, 900)
        .await
        .expect("failure");
    let mut failures: Vec<String> = store
        .login_failures(&["user:x", "ip:1", "ip:2"], t1)
        .await
        .expect("failures")
        .into_iter()
        .map(|f| format!("{f:?}"))
        .collect();
    failures.sort();
    t.say("login failures", failures);
    store
        .set_setting("clock_day", "2020-03-07", t1, Some("demo"))
        .await
        .expect("setting");
    store
        .set_setting("clock_day", "2020-03-08", t1, Some("demo"))
        .await
        .expect("setting");
    t.say(
        "setting",
        store.setting("clock_day").await.expect("setting"),
    );
    let disabled = store
        .disable_account(&name, t1, Some("admin"))
        .await
        .expect("disable");
    t.say("disabled", disabled.disabled_at.is_some());

    // Alert notes: acknowledged, handed to someone, closed by a note that
    // hands it to nobody new (the hand is kept).
    for (state, note, to) in [
        (AlertState::Acknowledged, "在查", None),
        (AlertState::Acknowledged, "请王芳核实", Some("wangfang")),
        (AlertState::Closed, "已复核", None),
    ] {
        store
            .add_alert_note(
                day("2020-03-03"),
                "contacts",
                "K1",
                state,
                note,
                t1,
                "jiangan",
                to,
            )
            .await
            .expect("note");
    }
    let mut notes: Vec<String> = store
        .alert_notes(day("2020-03-03"))
        .await
        .expect("notes")
        .into_iter()
        .map(|n| format!("{n:?}"))
        .collect();
    notes.sort();
    assert!(
        notes.iter().any(|n| n.contains("Closed")
            && n.contains("已复核")
            && n.contains("Some(\"wangfang\")")),
        "the closing note keeps the hand it was given: {notes:?}"
    );
    t.say("alert notes", notes);

    // The registry: people, steps, a follow-up, check-ins, duplicates.
    let person = |r: &str, name: &str, phone: &str| NewPerson {
        reference: r.into(),
        resident_id: None,
        name: name.into(),
        phone: Some(phone.into()),
        birth_date: Some(day("1950-01-02")),
        address: Some("幸福小区3栋".into()),
        unit_id: id("K1"),
    };
    let step =
        |r: &str, d: &str, step: Step| (r.to_string(), DatedStep { day: day(d), step }, None);
    let keys = store
        .registry_add(
            &[
                person("p1", "陈小明", "13812345678"),
                person("p2", "陈小明", "13812345679"),
                person("p3", "李四", "13812345678"),
            ],
            &[
                step(
                    "p1",
                    "2020-03-02",
                    Step::Identified {
                        category: Category::CloseContact,
                    },
                ),
                step(
                    "p1",
                    "2020-03-02",
                    Step::Moved {
                        place: Place::IsolationSite,
                    },
                ),
                step(
                    "p2",
                    "2020-03-03",
                    Step::Identified {
                        category: Category::Suspected,
                    },
                ),
                step(
                    "p3",
                    "2020-03-03",
                    Step::Identified {
                        category: Category::Fever,
                    },
                ),
                step(
                    "p2",
                    "2020-03-05",
                    Step::Recategorised {
                        category: Category::Confirmed,
                    },
                ),
            ],
            &[(
                "p1".to_string(),
                Schedule {
                    last_exposure: day("2020-03-01"),
                    release: day("2020-03-15"),
                },
            )],
            t1,
            "jiangan",
        )
        .await
        .expect("registry");
    t.say("registry keys", keys.len());
    // A reference no store can hold (PostgreSQL's text holds no NUL) names
    // nobody, on either backend, rather than failing the request.
    assert!(store.person("p1").await.expect("person").is_some());
    assert!(store.person("p1\0").await.expect("person").is_none());
    assert!(store.person_key("p1\0").await.expect("key").is_none());
    assert!(
        store
            .units_of_people(&["p1\0", "p1"])
            .await
            .expect("units")
            .keys()
            .eq(["p1"].iter()),
    );
    assert!(store.dispute("d\0").await.expect("dispute").is_none());
    store
        .check_in(
            keys[0],
            day("2020-03-04"),
            CheckInState::SeenWell,
            t1,
            "wangfang",
        )
        .await
        .expect("check-in");
    t.say("people", store.registry_people().await.expect("people"));
    t.say(
        "registry units",
        store.registry_units().await.expect("units"),
    );
    t.say(
        "ever confirmed",
        store
            .registry_people_ever_confirmed()
            .await
            .expect("confirmed"),
    );
    t.say(
        "reconciliation with the registry",
        fangkong_store::truth::reconciliation(
            store,
            &code("C"),
            day("2020-03-01"),
            day("2020-03-07"),
        )
        .await
        .map(|r| format!("{r:?}")),
    );
    t.say(
        "followed",
        store.registry_people_followed().await.expect("followed"),
    );
    t.say(
        "duplicates",
        store.registry_duplicates().await.expect("duplicates"),
    );
    t.say(
        "follow-ups",
        store
            .followups_on(day("2020-03-05"))
            .await
            .expect("followups"),
    );

    // Zone events: a case-address list and the reports' latest revisions;
    // a correction that withdraws K1's contact of 03-03 withdraws its event.
    let listed = UnitRecord {
        code: code("L1"),
        name: "蒙自路1号".into(),
        kind: UnitKind::Compound,
        parent: Some(code("D")),
        population: None,
        from_address_list: true,
    };
    store
        .import_address_list(
            &[(listed.code.clone(), UnitVersion::first(&listed, None))],
            &[(code("L1"), day("2020-03-04"), 2)],
            t0,
            "loader",
        )
        .await
        .expect("address list");
    let event_days = async || {
        let stored = store.units().await.expect("units");
        let tree = stored.history.current_tree().expect("tree");
        let keys = fangkong_store::TreeKeys::new(&stored, &tree);
        let named = |days: Vec<Vec<Day>>| -> Vec<String> {
            days.iter()
                .enumerate()
                .filter(|(_, d)| !d.is_empty())
                .map(|(i, d)| format!("{} {d:?}", tree.unit(i as u32).code))
                .collect()
        };
        (
            named(store.listed_days(&keys, tree.len()).await.expect("listed")),
            named(store.event_days(&keys, tree.len()).await.expect("events")),
        )
    };
    let (listed_days, before) = event_days().await;
    assert!(
        before
            .iter()
            .any(|d| d.starts_with("K1 ") && d.contains("2020-03-03")),
        "{before:?}"
    );
    t.say("listed days", listed_days);
    t.say("event days", before);
    store
        .file_reports(
            &[filing(
                "K1",
                "2020-03-03",
                0,
                Submission::Correction {
                    reason: "误报".into(),
                },
                "zones",
            )],
            at("2020-03-08T09:00:00Z"),
        )
        .await
        .expect("withdrawn");
    let (_, after) = event_days().await;
    assert!(
        !after
            .iter()
            .any(|d| d.starts_with("K1 ") && d.contains("2020-03-03")),
        "{after:?}"
    );
    t.say("event days after a withdrawn contact", after);

    // The roster: written, written again with a change, read back.
    use fangkong_domain::rota::{CareKind, CareRecord, Duty, Post, Profile, Rostered, StaffKind};
    let worker = |id: &str, kind: StaffKind, away: &[&str]| Rostered {
        staff: fangkong_domain::rota::Staff {
            id: id.into(),
            name: format!("人员{id}"),
            kind,
            unit: code("M"),
            away: away.iter().map(|d| day(d)).collect(),
            left_on: None,
            pair: None,
        },
        profile: Profile {
            phone: Some("13912345678".into()),
            email: Some(format!("{id}@example.org")),
            affiliation: (kind == StaffKind::SentDownCadre).then(|| "市财政局".to_string()),
            skills: vec!["驾驶".into(), "急救".into()],
            account: (id == "c1").then(|| "wangfang".to_string()),
        },
    };
    let roster = vec![
        (worker("s1", StaffKind::SentDownCadre, &[]), id("M")),
        (
            worker(
                "c1",
                StaffKind::CommunityCadre,
                &["2020-03-02", "2020-03-03"],
            ),
            id("M"),
        ),
    ];
    t.say(
        "roster written",
        store
            .put_staff(&roster, day("2020-03-01"), t0, "loader")
            .await
            .expect("roster"),
    );
    let mut changed = roster.clone();
    changed[1].0.staff.away.remove(&day("2020-03-03"));
    changed[0].0.staff.left_on = Some(day("2020-03-20"));
    let again = store
        .put_staff(&changed, day("2020-03-05"), t0, "loader")
        .await
        .expect("roster");
    assert_eq!((again.added, again.changed, again.unchanged), (0, 2, 0));
    t.say("roster written again", again);
    let read = store.roster().await.expect("roster");
    assert_eq!(
        read,
        changed
            .iter()
            .map(|(s, _)| s.clone())
            .rev()
            .collect::<Vec<_>>(),
        "by person_id: c1, s1"
    );
    t.say("roster", &read);
    let postings = store.postings("s1").await.expect("postings");
    assert_eq!(postings.len(), 1);
    assert_eq!(postings[0].until, Some(day("2020-03-20")), "left: closed");
    t.say("postings of s1", postings);

    // The rota kept, then kept again from a day: the days before stay.
    let staff: Vec<_> = read.iter().map(|r| r.staff.clone()).collect();
    let duty = |d: &str, person: usize, post: Post| Duty {
        day: day(d),
        unit: code("M"),
        pair: Some("M-P1".into()),
        post: Some(post),
        person,
    };
    let first = [
        duty("2020-03-01", 1, Post::A),
        duty("2020-03-02", 0, Post::B),
        duty("2020-03-03", 1, Post::A),
    ];
    store
        .put_rota(
            &staff,
            &first,
            day("2020-03-01"),
            day("2020-03-03"),
            t0,
            "loader",
        )
        .await
        .expect("rota");
    store
        .put_rota(
            &staff,
            &[duty("2020-03-03", 0, Post::B)],
            day("2020-03-03"),
            day("2020-03-03"),
            t0,
            "loader",
        )
        .await
        .expect("rota again");
    let kept = store
        .kept_rota(&staff, day("2020-03-01"), day("2020-03-31"))
        .await
        .expect("kept");
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[2].person, 0, "the third day planned again");
    t.say("kept rota", &kept);
    let on = store.on_duty(day("2020-03-02")).await.expect("on duty");
    assert_eq!(on.len(), 1);
    t.say("on duty", on);
    t.say(
        "shifts of wangfang",
        store
            .shifts_of("wangfang", day("2020-03-01"), day("2020-03-31"))
            .await
            .expect("shifts"),
    );

    // Care, and the outbox: a key written twice is one message.
    store
        .put_care(
            &[CareRecord {
                person: "c1".into(),
                day: day("2020-03-02"),
                kind: CareKind::Rest,
                amount: Some(2),
                note: "轮休".into(),
            }],
            t0,
            "loader",
        )
        .await
        .expect("care");
    t.say(
        "care",
        store
            .care(day("2020-03-01"), day("2020-03-31"))
            .await
            .expect("care"),
    );
    let message = fangkong_store::NewMessage {
        key: "late:K1:2020-03-02:c1".into(),
        kind: "report_late".into(),
        person_id: "c1".into(),
        unit: code("K1"),
        day: day("2020-03-02"),
        subject: "催报".into(),
        body: "请填报".into(),
    };
    assert_eq!(
        store
            .enqueue(std::slice::from_ref(&message), t0)
            .await
            .expect("enqueue"),
        1
    );
    assert_eq!(
        store.enqueue(&[message], t0).await.expect("enqueue"),
        0,
        "never twice"
    );
    let unsent = store.unsent(10).await.expect("unsent");
    assert_eq!(unsent.len(), 1);
    store
        .mark_failed(unsent[0].id, "refused")
        .await
        .expect("failed");
    store
        .mark_sent(unsent[0].id, "webhook", t0)
        .await
        .expect("sent");
    assert!(store.unsent(10).await.expect("unsent").is_empty());
    t.say(
        "messages of wangfang",
        store.messages_for("wangfang", 10).await.expect("messages"),
    );

    // Inspections: the roster, a failed then a passing inspection, what they
    // contradict, the holds they make; passes and their keys.
    let inspectors = [
        fangkong_store::NewInspector {
            code: "I1".into(),
            name: "李督查".into(),
            unit: Some(code("M")),
            account: None,
        },
        fangkong_store::NewInspector {
            code: "I2".into(),
            name: "赵督查".into(),
            unit: None,
            account: Some("zhihuibu".into()),
        },
    ];
    store
        .put_inspectors(&inspectors, t0, "admin")
        .await
        .expect("inspectors");
    store
        .put_inspectors(&inspectors[..1], t0, "admin")
        .await
        .expect("again");
    t.say("inspectors", store.inspectors().await.expect("inspectors"));
    let visit = |d: &str, found: MeasuresInPlace, photo: bool| fangkong_store::NewInspection {
        unit: code("K1"),
        day: day(d),
        at: at(&format!("{d}T02:00:00Z")),
        inspector: Some("I2".into()),
        announced: false,
        found,
        note: "门岗无人".into(),
        photo: photo.then(|| fangkong_store::Photo {
            bytes: vec![0xFF, 0xD8, 0xFF, 0xD9],
            media_type: "image/jpeg".into(),
        }),
    };
    let failed = store
        .record_inspections(
            &[visit(
                "2020-03-05",
                MeasuresInPlace::ALL.with(Measure::ClosedManagement, false),
                true,
            )],
            t0,
            "zhihuibu",
        )
        .await
        .expect("recorded");
    t.say("failed inspection", &failed);
    t.say(
        "its photo",
        store
            .inspection_photo(failed[0].id)
            .await
            .expect("photo")
            .map(|p| p.bytes),
    );
    let unknown = fangkong_store::NewInspection {
        inspector: Some("nobody".into()),
        ..visit("2020-03-06", MeasuresInPlace::ALL, false)
    };
    t.say(
        "an unknown inspector refuses the list",
        store
            .record_inspections(&[unknown], t0, "zhihuibu")
            .await
            .map_err(|e| e.to_string()),
    );
    store
        .record_inspections(
            &[visit("2020-03-08", MeasuresInPlace::ALL, false)],
            t0,
            "zhihuibu",
        )
        .await
        .expect("recorded");
    t.say("holds", store.inspection_holds(None).await.expect("holds"));
    t.say(
        "holds as of before",
        store
            .inspection_holds(Some(at("2020-01-01T00:00:00Z")))
            .await
            .expect("holds"),
    );
    t.say(
        "inspections",
        store
            .inspections(day("2020-03-01"), day("2020-03-31"))
            .await
            .expect("inspections"),
    );
    let mut last: Vec<_> = store
        .last_inspections(day("2020-03-31"))
        .await
        .expect("last")
        .into_values()
        .collect();
    last.sort_by_key(|l| l.day);
    t.say("last inspections", format!("{last:?}"));
    store
        .add_signing_key("k1", &[1; 32], &[2; 32], t0, "admin")
        .await
        .expect("key");
    store
        .add_signing_key("k2", &[3; 32], &[4; 32], t1, "admin")
        .await
        .expect("key");
    store
        .retire_signing_keys_but("k2", t1, "admin")
        .await
        .expect("retire");
    t.say(
        "current key",
        store
            .current_signing_key()
            .await
            .expect("key")
            .map(|k| k.kid),
    );
    let pass = fangkong_domain::pass::Pass {
        id: "00aa".into(),
        unit: "K1".into(),
        holder: "王*".into(),
        purpose: fangkong_domain::movement::Purpose::Essential,
        from: day("2020-03-20"),
        until: day("2020-03-26"),
    };
    store
        .put_pass(&pass, "王芳", "k2", t1, "jiangan")
        .await
        .expect("pass");
    assert!(
        store
            .revoke_pass("00aa", day("2020-03-22"), "搬离", t1, "jiangan")
            .await
            .expect("revoke")
    );
    assert!(
        !store
            .revoke_pass("00aa", day("2020-03-23"), "again", t1, "jiangan")
            .await
            .expect("revoke")
    );
    let stored = store.pass("00aa").await.expect("pass").expect("kept");
    t.say("pass", (&stored, &stored.holder));
    t.say(
        "passes of K2",
        store
            .passes(Some(&[code("K2")]))
            .await
            .expect("passes")
            .len(),
    );

    // The audit of it all, and what each table holds.
    let audit: Vec<String> = store
        .audit_entries(&AuditFilter::default())
        .await
        .expect("audit")
        .into_iter()
        .map(|e| format!("{e:?}"))
        .collect();
    t.say("audit", audit);
    t.say("tables", store.table_counts().await.expect("counts"));
    t
}

async fn fresh(backend: Backend, dir: &tempfile::TempDir) -> Store {
    fresh_named(backend, dir, "conformance.db").await
}

async fn fresh_named(backend: Backend, dir: &tempfile::TempDir, file: &str) -> Store {
    let location = match backend {
        Backend::Sqlite => Location::Sqlite(dir.path().join(file)),
        Backend::Postgres => {
            let server = std::env::var("FANGKONG_CONFORMANCE_POSTGRES")
                .ok()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".into());
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            Location::Postgres(format!(
                "{}/fk_c_{}_{nanos}_{}",
                server.trim_end_matches('/'),
                std::process::id(),
                file.replace('.', "_")
            ))
        }
    };
    Store::connect(&location)
        .await
        .unwrap_or_else(|e| panic!("opening {location}: {e}"))
}

#[tokio::test]
async fn sqlite_and_postgresql_answer_the_same_scenario_alike() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = fresh(Backend::Sqlite, &dir).await;
    let postgres = fresh(Backend::Postgres, &dir).await;
    let a = scenario(&sqlite).await;
    let b = scenario(&postgres).await;
    if std::env::var_os("CONFORMANCE_SHOW").is_some() {
        eprintln!("{:#?}", a.0);
    }
    // The scenario itself must have said something of substance.
    assert!(a.0.len() > 30, "{}", a.0.len());
    assert!(a.0.iter().any(|l| l.starts_with("filed: Ok")), "{:#?}", a.0);
    for (x, y) in a.0.iter().zip(&b.0) {
        assert_eq!(x, y, "SQLite and PostgreSQL differ");
    }
    assert_eq!(a.0.len(), b.0.len());
    let path = dir.path().join("conformance.db");
    sqlite.close().await;
    postgres.close().await;
    Store::erase(&Location::Sqlite(path.clone()))
        .await
        .expect("erase");
    assert!(!path.exists());
}

/// A store copied SQLite → PostgreSQL → SQLite arrives whole: every table's
/// rows and checksum match at each step, the copy's keys go on (a row added
/// after the copy gets a fresh key), and a copy into a store that holds data
/// is refused before anything is written.
#[tokio::test]
async fn a_copy_between_backends_keeps_every_row_and_key() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = fresh(Backend::Sqlite, &dir).await;
    scenario(&sqlite).await;
    let postgres = fresh_named(Backend::Postgres, &dir, "copy.db").await;
    let mut seen = Vec::new();
    let copied = sqlite
        .copy_into(&postgres, |table, _| seen.push(table.to_string()))
        .await
        .expect("copy to PostgreSQL");
    assert!(seen.contains(&"report_revisions".to_string()), "{seen:?}");
    assert_eq!(postgres.digests().await.expect("digests"), copied);
    assert_eq!(sqlite.digests().await.expect("digests"), copied);
    let revisions = copied
        .iter()
        .find(|d| d.table == "report_revisions")
        .expect("revisions");
    assert_eq!(revisions.rows, 21);
    // The copy answers as the original did.
    assert_eq!(
        postgres.totals().await.expect("totals"),
        sqlite.totals().await.expect("totals")
    );
    let back = fresh_named(Backend::Sqlite, &dir, "back.db").await;
    let again = postgres
        .copy_into(&back, |_, _| {})
        .await
        .expect("copy back");
    assert_eq!(again, copied);
    // Keys go on after the largest one copied.
    let at: Timestamp = "2020-03-09T00:00:00Z".parse().expect("at");
    let new_unit = UnitRecord {
        code: code("K3"),
        name: "三号小区".into(),
        kind: UnitKind::Compound,
        parent: Some(code("M")),
        population: None,
        from_address_list: false,
    };
    for store in [&sqlite, &postgres] {
        store
            .add_units(
                &[(code("K3"), UnitVersion::first(&new_unit, None))],
                at,
                "t",
            )
            .await
            .expect("a unit after the copy");
        assert_eq!(store.units().await.expect("units").ids[&code("K3")], 9);
    }
    // Not into a store that holds data: refused, and nothing written.
    let before = back.digests().await.expect("digests");
    let refused = sqlite.copy_into(&back, |_, _| {}).await;
    assert!(
        matches!(refused, Err(fangkong_store::StoreError::Conflict(ref m)) if m.contains("already holds")),
        "{refused:?}"
    );
    assert_eq!(back.digests().await.expect("digests"), before);
}
