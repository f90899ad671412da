//! The disputes register on the command line (issue 7): a dispute recorded
//! with its parties, mediated to an agreement, reopened when it breaks,
//! referred; steps that do not follow refused; the register with the parties
//! masked and the outcome.

use crate::support::Sandbox;

#[test]
fn a_dispute_is_recorded_mediated_and_its_outcome_kept() {
    let s = Sandbox::with_small_tree();
    let out = s.ok(&[
        "disputes",
        "add",
        "--ref",
        "MD-1",
        "--unit",
        "K1",
        "--kind",
        "neighbours",
        "--risk",
        "medium",
        "--summary",
        "楼上漏水，两家争吵",
        "--party",
        "张三,13900000001,complainant",
        "--party",
        "李四,,respondent",
        "--at",
        "2020-03-02 10:00",
    ]);
    assert!(out.contains("dispute MD-1 recorded in K1"), "{out}");
    let again = s.rejected(&[
        "disputes",
        "add",
        "--ref",
        "MD-1",
        "--unit",
        "K1",
        "--kind",
        "family",
        "--summary",
        "x",
    ]);
    assert!(again.contains("a dispute MD-1 exists already"), "{again}");
    let bad = s.rejected(&[
        "disputes",
        "add",
        "--unit",
        "NOPE",
        "--kind",
        "family",
        "--summary",
        "x",
    ]);
    assert!(bad.contains("no unit NOPE"), "{bad}");
    let kind = s.rejected(&[
        "disputes",
        "add",
        "--unit",
        "K1",
        "--kind",
        "noise",
        "--summary",
        "x",
    ]);
    assert!(kind.contains("'noise' is not neighbours"), "{kind}");

    let early = s.rejected(&["disputes", "step", "MD-1", "agreed", "--note", "x"]);
    assert!(
        early.contains("a dispute that is open cannot be agreed"),
        "{early}"
    );
    for (step, note, at) in [
        ("mediated", "社区上门调解", "2020-03-02 15:00"),
        ("agreed", "楼上维修，费用平摊", "2020-03-03 10:00"),
        ("reopened", "楼上没有维修", "2020-03-09 10:00"),
    ] {
        s.ok(&["disputes", "step", "MD-1", step, "--note", note, "--at", at]);
    }
    let to = s.rejected(&["disputes", "step", "MD-1", "referred", "--note", "x"]);
    assert!(to.contains("a referral names whom it goes to"), "{to}");
    s.ok(&[
        "disputes",
        "step",
        "MD-1",
        "referred",
        "--to",
        "人民调解委员会",
        "--note",
        "移交街道人民调解委员会",
        "--at",
        "2020-03-10 09:00",
    ]);
    let list = s.ok(&["disputes", "list", "--format", "csv"]);
    assert!(
        list.starts_with("ref,reported_at,unit,kind,risk,status,parties,steps,last_step,outcome\n"),
        "{list}"
    );
    assert!(
        list.contains("MD-1,2020-03-02T02:00:00Z,K1,neighbours,medium,referred,张* (complainant); 李* (respondent),4,referred,移交街道人民调解委员会"),
        "{list}"
    );
    assert!(
        !list.contains("张三") && !list.contains("13900000001"),
        "masked"
    );
    let open = s.ok(&["disputes", "list", "--open", "--format", "csv"]);
    assert_eq!(open.lines().count(), 1, "referred is not open: {open}");
    let elsewhere = s.ok(&["disputes", "list", "--unit", "V", "--format", "csv"]);
    assert_eq!(elsewhere.lines().count(), 1, "{elsewhere}");
}
