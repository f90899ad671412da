//! `fangkong user`: accounts from the command line, with every bad input named.

use crate::support::Sandbox;

#[test]
fn accounts_are_added_listed_and_disabled() {
    let s = Sandbox::with_small_tree();
    let run = s.run_with_input(
        &[
            "user",
            "add",
            "wangfang",
            "--role",
            "community_worker",
            "--scope",
            "M",
            "--name",
            "王芳",
        ],
        "a-long-password\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("added wangfang (community_worker, scope M)")
    );
    let list = s.ok(&["user", "list", "--format", "csv"]);
    assert!(
        list.starts_with("username,name,role,scope,created_at,disabled_at,may_export_personal\n"),
        "{list}"
    );
    assert!(list.contains("wangfang,王芳,community_worker,M,"), "{list}");
    assert!(
        list.trim_end().ends_with(",no"),
        "no export without a grant: {list}"
    );
    assert!(
        s.ok(&["user", "grant-export", "wangfang"])
            .contains("wangfang may export personal data")
    );
    let list = s.ok(&["user", "list", "--format", "csv"]);
    assert!(list.trim_end().ends_with(",yes"), "{list}");
    assert!(
        s.ok(&["user", "grant-export", "wangfang", "--withdraw"])
            .contains("may no longer")
    );
    let audit = s.ok(&[
        "audit",
        "--action",
        "account.export_grant",
        "--format",
        "csv",
    ]);
    assert_eq!(audit.lines().count(), 3, "granted and withdrawn: {audit}");
    let token = s.ok(&["user", "token", "wangfang", "--days", "1"]);
    assert_eq!(
        token.trim().len(),
        64,
        "one token, on its own line: {token}"
    );
    assert!(
        s.ok(&["user", "disable", "wangfang"])
            .contains("disabled wangfang")
    );
    let list = s.ok(&["user", "list", "--format", "json"]);
    assert!(!list.contains(r#""disabled_at":null"#), "{list}");
    let again = s.run(&["user", "token", "wangfang"]);
    assert_eq!(
        again.code, 3,
        "a disabled account gets no token: {}",
        again.stderr
    );
}

#[test]
fn bad_accounts_are_refused_naming_the_argument() {
    let s = Sandbox::with_small_tree();
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &[
                "user",
                "add",
                "w",
                "--role",
                "community_worker",
                "--scope",
                "M",
            ],
            "a-long-password\n",
            "USERNAME",
        ),
        (
            &["user", "add", "wang", "--role", "mayor", "--scope", "M"],
            "a-long-password\n",
            "--role",
        ),
        (
            &[
                "user", "add", "wang", "--role", "district", "--scope", "NOPE",
            ],
            "a-long-password\n",
            "scope NOPE is not a known unit",
        ),
        (
            &["user", "add", "wang", "--role", "district", "--scope", "D"],
            "short\n",
            "at least 10 characters",
        ),
        (
            &["user", "disable", "nobody"],
            "",
            "no account named nobody",
        ),
    ];
    for (args, input, expected) in cases {
        let run = s.run_with_input(args, input);
        assert_ne!(run.code, 0, "{args:?}");
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    s.run_with_input(
        &["user", "add", "wang", "--role", "district", "--scope", "D"],
        "a-long-password\n",
    );
    let dup = s.run_with_input(
        &["user", "add", "wang", "--role", "district", "--scope", "D"],
        "a-long-password\n",
    );
    assert_eq!(dup.code, 3);
    assert!(
        dup.stderr.contains("the username wang is taken"),
        "{}",
        dup.stderr
    );
}

#[test]
fn a_token_is_revoked_alone_or_with_all_of_its_account() {
    // See: issue 15 (a token could not be revoked alone, only the whole account).
    let s = Sandbox::with_small_tree();
    s.run_with_input(
        &[
            "user",
            "add",
            "wangfang",
            "--role",
            "community_worker",
            "--scope",
            "M",
        ],
        "a-long-password\n",
    );
    let first = s.ok(&["user", "token", "wangfang"]).trim().to_string();
    let second = s.ok(&["user", "token", "wangfang"]).trim().to_string();
    let third = s.ok(&["user", "token", "wangfang"]).trim().to_string();
    assert!(
        s.ok(&["user", "token", "revoke", &first])
            .contains("revoked the token")
    );
    let again = s.run(&["user", "token", "revoke", &first]);
    assert_eq!(again.code, 3, "already revoked: {}", again.stderr);
    assert!(again.stderr.contains("no such token"), "{}", again.stderr);
    assert!(
        s.ok(&["user", "token", "revoke", "--all", "wangfang"])
            .contains("revoked 2 token(s) of wangfang"),
        "the second and third"
    );
    let _ = (second, third);
    let audit = s.ok(&["audit", "--action", "token.", "--format", "csv"]);
    assert!(
        audit.contains("token.revoke,") && audit.contains("token.revoke_all,"),
        "{audit}"
    );
    assert!(!audit.contains(&first), "no token in the audit log");
}
