//! Case-address lists and zone tiers (issue #3).

use crate::support::{Sandbox, data};

const LIST: &str = "date,district,seq,address
2022-04-01,浦东新区,1,上南路３５２０弄、
2022-04-01,浦东新区,2,北艾路1077弄
2022-04-03,浦东新区,1,上南路 3520弄
2022-04-03,黄浦区,1,蒙自路１号（公寓）
2022-04-12,浦东新区,1,北艾路1077弄
2022-04-12,浦东新区,2,、
";

fn tiers(s: &Sandbox, day: &str) -> String {
    s.ok(&[
        "zones",
        "--date",
        day,
        "--policy",
        "shanghai-2022",
        "--format",
        "csv",
    ])
}

#[test]
fn an_address_list_creates_districts_and_normalised_compounds_under_them() {
    let s = Sandbox::new();
    let file = s.write("list.csv", LIST);
    let out = s.ok(&[
        "import",
        "case-addresses",
        &file,
        "--city",
        "上海市",
        "--city-code",
        "310000000000",
    ]);
    assert!(
        out.contains("6 rows; 2 new districts, 3 new compounds; 5 compound-days"),
        "{out}"
    );
    assert!(
        out.contains("skipped 1 entries that are only separators") && out.contains("lines 7"),
        "{out}"
    );
    let units = s.ok(&["units", "--kind", "compound", "--format", "csv"]);
    assert!(
        units.contains(",上南路3520弄,compound,310000000000-b46a5574,,true"),
        "full-width digits, spaces and the trailing 、 are normalised: {units}"
    );
    assert!(
        units.contains(",蒙自路1号(公寓),compound,310000000000-ef2d57d0,"),
        "{units}"
    );
    let again = s.ok(&[
        "import",
        "case-addresses",
        &file,
        "--city",
        "上海市",
        "--city-code",
        "310000000000",
    ]);
    assert!(
        again.contains("0 new districts, 0 new compounds"),
        "{again}"
    );
    assert_eq!(
        s.ok(&["units", "--kind", "compound", "--format", "csv"]),
        units,
        "re-importing changes nothing"
    );
}

#[test]
fn tiers_follow_the_days_since_each_compounds_last_listing() {
    let s = Sandbox::new();
    s.ok(&[
        "import",
        "case-addresses",
        &s.write("list.csv", LIST),
        "--city",
        "上海市",
        "--city-code",
        "310000000000",
    ]);
    let t = tiers(&s, "2022-04-10");
    assert_eq!(
        t,
        "date,code,name,tier,units\n\
         2022-04-10,310000000000-b46a5574,浦东新区,sealed,0\n\
         2022-04-10,310000000000-b46a5574,浦东新区,controlled,2\n\
         2022-04-10,310000000000-b46a5574,浦东新区,precaution,0\n\
         2022-04-10,310000000000-ef2d57d0,黄浦区,sealed,0\n\
         2022-04-10,310000000000-ef2d57d0,黄浦区,controlled,1\n\
         2022-04-10,310000000000-ef2d57d0,黄浦区,precaution,0\n"
    );
    // 北艾路 is listed again on 04-12: sealed that day, while 上南路 (last listed
    // 04-03) is 9 days out.
    let relisted = tiers(&s, "2022-04-12");
    assert!(
        relisted.contains("2022-04-12,310000000000-b46a5574,浦东新区,sealed,1"),
        "{relisted}"
    );
    assert!(
        relisted.contains("2022-04-12,310000000000-b46a5574,浦东新区,controlled,1"),
        "{relisted}"
    );
    let later = tiers(&s, "2022-04-20");
    assert!(
        later.contains("2022-04-20,310000000000-b46a5574,浦东新区,controlled,1"),
        "{later}"
    );
    assert!(
        later.contains("2022-04-20,310000000000-b46a5574,浦东新区,precaution,1"),
        "17 days since 04-03: {later}"
    );
    assert!(
        later.contains("2022-04-20,310000000000-ef2d57d0,黄浦区,precaution,1"),
        "{later}"
    );
    let series = s.ok(&[
        "zones",
        "--date",
        "2022-04-10",
        "--to",
        "2022-04-12",
        "--format",
        "csv",
    ]);
    assert_eq!(series.lines().count(), 1 + 3 * 6);
}

#[test]
fn a_registry_compound_still_cannot_stand_under_a_district() {
    let s = Sandbox::new();
    s.ok(&[
        "import",
        "case-addresses",
        &s.write("list.csv", LIST),
        "--city",
        "上海市",
        "--city-code",
        "310000000000",
    ]);
    let file = s.write(
        "u.csv",
        "code,name,kind,parent_code\nX1,某小区,compound,310000000000-ef2d57d0\n",
    );
    let err = s.rejected_unchanged(&["import", "units", &file]);
    assert!(err.contains("cannot stand under a district"), "{err}");
}

#[test]
fn the_real_shanghai_lists_import_whole() {
    let s = Sandbox::new();
    let file = data("shanghai-2022-case-addresses.csv");
    let out = s.ok(&[
        "import",
        "case-addresses",
        file.to_str().expect("path"),
        "--city",
        "上海市",
        "--city-code",
        "310000000000",
    ]);
    assert!(
        out.contains("165680 rows; 16 new districts, 35137 new compounds"),
        "{out}"
    );
    let t = tiers(&s, "2022-04-10");
    let total: i64 = t
        .lines()
        .skip(1)
        .map(|l| {
            l.rsplit(',')
                .next()
                .expect("n")
                .parse::<i64>()
                .expect("count")
        })
        .sum();
    assert_eq!(total, 35137, "every compound is in exactly one tier");
}
