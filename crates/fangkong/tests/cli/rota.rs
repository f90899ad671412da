//! Duty rotas from a roster (issue 21, first part).

use crate::support::Sandbox;

const ROSTER: &str = "person_id,name,kind,unit_code,away
s1,李下沉,sent_down_cadre,M,
c1,王社区,community_cadre,M,2020-02-12..2020-02-20
v1,张志愿,volunteer,M,
v2,赵志愿,volunteer,V,
";

#[test]
fn a_rota_keeps_the_a_b_rule_and_names_every_gap_it_cannot_fill() {
    let s = Sandbox::with_small_tree();
    let roster = s.write("roster.csv", ROSTER);
    let run = s.run(&[
        "rota",
        "plan",
        "--roster",
        &roster,
        "--from",
        "2020-02-10",
        "--days",
        "14",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "date,unit_code,pair,post,person_id,name,role");
    // The pair alternates while both are there; the volunteer makes up two.
    assert!(
        lines.contains(&"2020-02-10,M,M-P1,A,s1,李下沉,sent_down_cadre"),
        "{}",
        run.stdout
    );
    assert!(lines.contains(&"2020-02-11,M,M-P1,B,c1,王社区,community_cadre"));
    assert!(lines.contains(&"2020-02-10,M,,,v1,张志愿,volunteer"));
    // c1 away from the 12th: s1 covers six days running (12–17), then rests.
    for d in 12..=17 {
        assert!(
            lines.contains(&format!("2020-02-{d},M,M-P1,A,s1,李下沉,sent_down_cadre").as_str())
                || lines
                    .contains(&format!("2020-02-{d},M,M-P1,B,s1,李下沉,sent_down_cadre").as_str()),
            "day {d}: {}",
            run.stdout
        );
    }
    // The 18th: s1 rests after six, c1 is away: the volunteer stands in on
    // the pair's post, and the unit is one short of two, said so.
    assert!(
        lines.contains(&"2020-02-18,M,M-P1,B,v1,张志愿,volunteer"),
        "a stand-in on the post: {}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("2020-02-18,M,M-P1,A,s1")
            && !run.stdout.contains("2020-02-18,M,M-P1,B,s1"),
        "a day of rest after six"
    );
    assert!(
        run.stderr
            .contains("gap: 2020-02-18 M: 1 on duty, 2 needed"),
        "{}",
        run.stderr
    );
    // The village has one volunteer: short of two every day, and said so.
    assert!(
        run.stderr
            .contains("gap: 2020-02-10 V: 1 on duty, 2 needed"),
        "{}",
        run.stderr
    );
    // --under keeps to one unit's people.
    let village = s.ok(&[
        "rota",
        "plan",
        "--roster",
        &roster,
        "--from",
        "2020-02-10",
        "--days",
        "1",
        "--under",
        "V",
        "--format",
        "csv",
    ]);
    assert_eq!(
        village,
        "date,unit_code,pair,post,person_id,name,role\n2020-02-10,V,,,v2,赵志愿,volunteer\n"
    );
}

#[test]
fn a_bad_roster_is_refused_whole_with_each_line_and_field_named() {
    let s = Sandbox::with_small_tree();
    let roster = s.write(
        "roster.csv",
        "person_id,name,kind,unit_code,away
s1,李下沉,sent_down_cadre,K1,
s1,王社区,cadre,M,2020-02-20..2020-02-12
,张志愿,volunteer,NOPE,
",
    );
    let run = s.run(&["rota", "plan", "--roster", &roster, "--from", "2020-02-10"]);
    assert_ne!(run.code, 0);
    for expected in [
        "roster.csv:2: field unit_code: K1 is a compound: people are rostered in a community or village",
        "roster.csv:3: field person_id: s1 is listed twice",
        "roster.csv:3: field kind: 'cadre' is not one of community_cadre, sent_down_cadre, volunteer, property_staff",
        "roster.csv:3: field away: '2020-02-20..2020-02-12' ends before it begins",
        "roster.csv:4: field person_id: empty",
        "roster.csv:4: field unit_code: unit NOPE is not in the tree",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    assert!(
        run.stdout.is_empty(),
        "no plan from a refused roster: {}",
        run.stdout
    );
}

#[test]
fn a_plan_adjusted_by_hand_is_checked_and_planned_again_without_changing_the_past() {
    let s = Sandbox::with_small_tree();
    let roster = s.write(
        "roster.csv",
        "person_id,name,kind,unit_code,away
s1,李下沉,sent_down_cadre,M,
c1,王社区,community_cadre,M,2020-02-13
v1,张志愿,volunteer,M,
v2,钱志愿,volunteer,M,
",
    );
    let plan = s.ok(&[
        "rota",
        "plan",
        "--roster",
        &roster,
        "--from",
        "2020-02-10",
        "--days",
        "7",
        "--format",
        "csv",
    ]);
    let plan_file = s.write("plan.csv", &plan);
    let clean = s.ok(&["rota", "check", "--roster", &roster, "--plan", &plan_file]);
    assert!(
        clean.contains("the plan keeps every rule (7 days from 2020-02-10)"),
        "{clean}"
    );
    // By hand, c1 takes s1's post on the 13th, a day c1 is away.
    let moved = plan.replace(
        "2020-02-13,M,M-P1,A,s1,李下沉,sent_down_cadre",
        "2020-02-13,M,M-P1,B,c1,王社区,community_cadre",
    );
    assert_ne!(moved, plan, "the 13th was s1's: {plan}");
    let hand = s.write("hand.csv", &moved);
    let run = s.run(&["rota", "check", "--roster", &roster, "--plan", &hand]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("breach: 2020-02-13: c1 (王社区) is on duty on a day away"),
        "{}",
        run.stdout
    );
    // Planned again from the 14th: the days before are printed as kept, hand
    // changes and all, and the whole still holds to the rules past them.
    let again = s.ok(&[
        "rota",
        "plan",
        "--roster",
        &roster,
        "--kept",
        &plan_file,
        "--from",
        "2020-02-14",
        "--days",
        "7",
        "--format",
        "csv",
    ]);
    let before: Vec<&str> = plan
        .lines()
        .filter(|l| l.as_bytes().get(8..10) < Some(b"14".as_slice()))
        .collect();
    let kept: Vec<&str> = again
        .lines()
        .filter(|l| l.as_bytes().get(8..10) < Some(b"14".as_slice()))
        .collect();
    assert_eq!(kept, before, "the past unchanged");
    assert!(
        again.lines().any(|l| l.starts_with("2020-02-20,M,M-P1,")),
        "{again}"
    );
    let whole = s.write("again.csv", &again);
    let checked = s.ok(&["rota", "check", "--roster", &roster, "--plan", &whole]);
    assert!(
        checked.contains("keeps every rule (11 days from 2020-02-10)"),
        "{checked}"
    );
}

#[test]
fn a_stored_roster_is_imported_whole_listed_and_planned_from() {
    let s = Sandbox::with_small_tree();
    let bad = s.write(
        "bad.csv",
        "person_id,name,kind,unit_code\ns1,李下沉,sent_down_cadre,M\ns2,某人,cadre,M\n",
    );
    let refused = s.run(&["staff", "import", &bad]);
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("bad.csv:3: field kind"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        s.ok(&["staff", "list", "--format", "csv"]),
        "person_id,name,kind,unit_code,unit_name,affiliation,skills,phone,away,left_on,pair\n",
        "nothing stored from a refused file"
    );
    let roster = s.write("roster.csv", ROSTER);
    assert!(
        s.ok(&["staff", "import", &roster])
            .contains("4 people added, 0 changed, 0 unchanged")
    );
    let again = s.write(
        "again.csv",
        &ROSTER.replace(
            "c1,王社区,community_cadre,M,2020-02-12..2020-02-20",
            "c1,王社区,community_cadre,M,",
        ),
    );
    assert!(
        s.ok(&["staff", "import", &again])
            .contains("0 people added, 1 changed, 3 unchanged")
    );
    let listed = s.ok(&["staff", "list", "--under", "M", "--format", "csv"]);
    assert!(
        listed.contains("c1,王社区,community_cadre,M,测试社区,,,,,,\n"),
        "{listed}"
    );
    assert!(!listed.contains("v2"), "V is not under M: {listed}");
    // Planned from the stored roster: c1 is no longer away, so the pair
    // alternates throughout.
    let planned = s.ok(&[
        "rota",
        "plan",
        "--from",
        "2020-02-10",
        "--days",
        "14",
        "--under",
        "M",
        "--format",
        "csv",
    ]);
    assert!(
        planned.contains("2020-02-13,M,M-P1,B,c1,王社区,community_cadre"),
        "{planned}"
    );
    assert!(
        planned.contains("2020-02-14,M,M-P1,A,s1,李下沉,sent_down_cadre"),
        "{planned}"
    );
    // The changes are in the audit log, without the names.
    let audit = s.ok(&["audit", "--action", "staff.", "--format", "csv"]);
    assert!(
        audit.contains("staff.put") && audit.contains("c1"),
        "{audit}"
    );
    assert!(!audit.contains("王社区"), "{audit}");
}
