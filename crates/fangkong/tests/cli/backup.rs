//! `fangkong backup`: a consistent copy, checked, that serves as the database.

use crate::support::Sandbox;

#[test]
fn a_backup_restores_to_the_same_reports_and_never_overwrites() {
    let s = Sandbox::with_small_tree();
    s.ok(&[
        "import",
        "reports",
        &s.reports_file(
            "r.csv",
            &[
                "2020-03-01,K1,1,0,2,0,1,1,1,1,1,1,王芳,",
                "2020-03-01,K2,0,0,0,1,1,1,1,1,1,1,李明,复核",
            ],
        ),
    ]);
    let copy = s.path("backup.db");
    if s.on_postgres() {
        let err = s.rejected(&["backup", &copy]);
        assert!(err.contains("pg_basebackup"), "{err}");
        return;
    }
    let said = s.ok(&["backup", &copy]);
    assert!(said.contains("integrity checked"), "{said}");
    assert!(said.contains("2 report revisions"), "{said}");
    // Restored: the copy is a database of its own, with the same reports.
    let original = s.ok(&["reports", "--format", "csv"]);
    let restored = s.ok(&["--db", &copy, "reports", "--format", "csv"]);
    assert_eq!(restored, original);
    // A second backup to the same file is refused; the first stays.
    let err = s.rejected(&["backup", &copy]);
    assert!(err.contains("exists"), "{err}");
    assert_eq!(
        s.ok(&["--db", &copy, "reports", "--format", "csv"]),
        original
    );
}
