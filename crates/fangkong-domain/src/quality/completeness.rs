//! Completeness and timeliness: which reports were expected, which arrived, and
//! which arrived before the deadline, per level of the tree.
//!
//! A reporting unit (a leaf) is expected to report every day. A unit above it
//! counts as complete for a day when every reporting unit below it has reported,
//! and as on time when every one of them reported before the deadline.

use jiff::Timestamp;
use jiff::civil::Time;
use serde::{Deserialize, Deserializer, Serialize};

use crate::Day;
use crate::unit::{UnitIndex, UnitTree};

/// When a day's report is due: `days_after` days after the day, at `time`
/// (Asia/Shanghai). The default, 10:00 the next morning, is when the command
/// centre's morning meeting needs yesterday's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Deadline {
    /// Days after the report's day.
    pub days_after: u8,
    /// The civil time on that day, `HH:MM`.
    #[serde(deserialize_with = "time_of_day")]
    pub time: Time,
}

impl Default for Deadline {
    fn default() -> Self {
        Deadline {
            days_after: 1,
            time: Time::constant(10, 0, 0, 0),
        }
    }
}

fn time_of_day<'de, D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
    let text = String::deserialize(d)?;
    text.parse::<Time>()
        .map_err(|_| serde::de::Error::custom(format!("'{text}' is not a time of day HH:MM")))
}

impl Deadline {
    /// The instant a report for `day` is due.
    pub fn due(&self, day: Day) -> Option<Timestamp> {
        day.plus_days(i32::from(self.days_after))?
            .at_shanghai(self.time)
    }

    /// The first day whose reports are not yet due at `now`: a report for it
    /// or a later day that has not come in is pending, not missing.
    pub fn pending_from(&self, now: Timestamp) -> Day {
        let today = Day::in_shanghai(now);
        let mut day = today
            .plus_days(-i32::from(self.days_after) - 1)
            .unwrap_or(today);
        while self.due(day).is_some_and(|due| due <= now) {
            match day.plus_days(1) {
                Some(next) => day = next,
                None => break,
            }
        }
        day
    }

    /// How a report for `day` first recorded at `first_recorded` arrived.
    pub fn arrival(&self, day: Day, first_recorded: Timestamp) -> Arrival {
        match self.due(day) {
            Some(due) if first_recorded > due => Arrival::Late,
            _ => Arrival::OnTime,
        }
    }
}

/// How one reporting unit's report of a day arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// Before the deadline.
    OnTime,
    /// After it.
    Late,
    /// Not at all (yet).
    Missing,
}

/// Completeness of one level on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelCompleteness {
    /// `reporting` for the reporting units themselves, else the level's name.
    pub level: &'static str,
    /// Units at the level (in the subtree asked about).
    pub expected: u32,
    /// Units whose reports are all in.
    pub received: u32,
    /// Units whose reports all came before the deadline.
    pub on_time: u32,
    /// `expected − received`.
    pub missing: u32,
}

/// The level names of [`UnitKind::level`](crate::UnitKind::level), top down.
pub const LEVEL_NAMES: [&str; 5] = ["city", "district", "subdistrict", "community", "compound"];

/// Completeness per level under `root`, given how each reporting unit's report
/// arrived (`arrival(index)`). Rows: the reporting units first, then each level
/// above, bottom up, for the levels that have units under `root`.
pub fn by_level(
    tree: &UnitTree,
    root: UnitIndex,
    arrival: impl Fn(UnitIndex) -> Arrival,
) -> Vec<LevelCompleteness> {
    let subtree = tree.subtree(root);
    // Worst arrival below each unit: Missing > Late > OnTime.
    let mut worst: Vec<Option<Arrival>> = vec![None; tree.len()];
    let rank = |a: Arrival| match a {
        Arrival::OnTime => 0,
        Arrival::Late => 1,
        Arrival::Missing => 2,
    };
    let mut leaves = LevelCompleteness {
        level: "reporting",
        expected: 0,
        received: 0,
        on_time: 0,
        missing: 0,
    };
    for &i in &subtree {
        if !tree.is_reporting(i) {
            continue;
        }
        let a = arrival(i);
        tally(&mut leaves, a);
        let mut at = Some(i);
        while let Some(u) = at {
            let w = &mut worst[u as usize];
            if w.is_none_or(|w| rank(a) > rank(w)) {
                *w = Some(a);
            }
            if u == root {
                break;
            }
            at = tree.parent(u);
        }
    }
    let mut levels: Vec<LevelCompleteness> = LEVEL_NAMES
        .iter()
        .map(|&level| LevelCompleteness {
            level,
            expected: 0,
            received: 0,
            on_time: 0,
            missing: 0,
        })
        .collect();
    for &i in &subtree {
        if tree.is_reporting(i) {
            continue;
        }
        let (Some(level), Some(a)) = (tree.unit(i).kind.level(), worst[i as usize]) else {
            continue;
        };
        if let Some(row) = levels.get_mut(usize::from(level)) {
            tally(row, a);
        }
    }
    let mut out = vec![leaves];
    out.extend(levels.into_iter().rev().filter(|l| l.expected > 0));
    out
}

fn tally(row: &mut LevelCompleteness, a: Arrival) {
    row.expected += 1;
    match a {
        Arrival::OnTime => {
            row.received += 1;
            row.on_time += 1;
        }
        Arrival::Late => row.received += 1,
        Arrival::Missing => row.missing += 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::tree::tests::small_city;

    #[test]
    fn the_default_deadline_is_ten_the_next_morning_in_shanghai() {
        let d = Deadline::default();
        let day = Day::parse("2020-03-06").expect("day");
        let due = d.due(day).expect("due");
        assert_eq!(due.to_string(), "2020-03-07T02:00:00Z");
        let before: Timestamp = "2020-03-07T01:59:59Z".parse().expect("ts");
        let after: Timestamp = "2020-03-07T02:00:01Z".parse().expect("ts");
        assert_eq!(d.arrival(day, before), Arrival::OnTime);
        assert_eq!(
            d.arrival(day, due),
            Arrival::OnTime,
            "at the deadline is on time"
        );
        assert_eq!(d.arrival(day, after), Arrival::Late);
    }

    #[test]
    fn a_day_is_pending_until_its_deadline_passes() {
        let d = Deadline::default();
        let at = |t: &str| -> Timestamp { t.parse().expect("instant") };
        // 2020-04-30 20:00 in Shanghai: the 30th is due tomorrow at 10:00.
        assert_eq!(
            d.pending_from(at("2020-04-30T12:00:00Z")),
            Day::parse("2020-04-30").expect("day")
        );
        // 2020-05-01 09:59: still pending; 10:00: due, the 1st is pending.
        assert_eq!(
            d.pending_from(at("2020-05-01T01:59:00Z")),
            Day::parse("2020-04-30").expect("day")
        );
        assert_eq!(
            d.pending_from(at("2020-05-01T02:00:00Z")),
            Day::parse("2020-05-01").expect("day")
        );
    }

    #[test]
    fn a_deadline_time_reads_as_hh_mm() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        let de: StrDeserializer<'_, Error> = "20:30".into_deserializer();
        assert_eq!(time_of_day(de).expect("time"), Time::constant(20, 30, 0, 0));
        let bad: StrDeserializer<'_, Error> = "25:99".into_deserializer();
        let err = time_of_day(bad).expect_err("not a time");
        assert!(err.to_string().contains("25:99"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn every_level_adds_up_and_a_unit_is_complete_only_if_its_leaves_are(
            arrivals in proptest::collection::vec(0u8..3, 3),
        ) {
            let tree = UnitTree::build(small_city()).expect("tree");
            let root = tree.roots().next().expect("root");
            let leaves: Vec<UnitIndex> = tree
                .subtree(root)
                .into_iter()
                .filter(|&i| tree.is_reporting(i))
                .collect();
            let of = |i: UnitIndex| match leaves.iter().position(|&l| l == i).map(|k| arrivals[k]) {
                Some(0) => Arrival::Missing,
                Some(1) => Arrival::Late,
                _ => Arrival::OnTime,
            };
            for row in by_level(&tree, root, of) {
                proptest::prop_assert_eq!(row.received + row.missing, row.expected);
                proptest::prop_assert!(row.on_time <= row.received);
                if row.level == "city" {
                    let all_in = arrivals.iter().all(|&a| a != 0);
                    proptest::prop_assert_eq!(row.received == 1, all_in);
                    proptest::prop_assert_eq!(row.on_time == 1, arrivals.iter().all(|&a| a == 2));
                }
            }
        }
    }

    #[test]
    fn levels_count_a_unit_complete_only_when_every_leaf_below_reported() {
        let tree = UnitTree::build(small_city()).expect("tree");
        let root = tree.roots().next().expect("root");
        let leaves: Vec<UnitIndex> = tree
            .subtree(root)
            .into_iter()
            .filter(|&i| tree.is_reporting(i))
            .collect();
        let first = leaves[0];
        let late = leaves[1];
        let rows = by_level(&tree, root, |i| {
            if i == first {
                Arrival::Missing
            } else if i == late {
                Arrival::Late
            } else {
                Arrival::OnTime
            }
        });
        assert_eq!(rows[0].level, "reporting");
        assert_eq!(rows[0].expected as usize, leaves.len());
        assert_eq!(rows[0].missing, 1);
        assert_eq!(rows[0].received as usize, leaves.len() - 1);
        assert_eq!(rows[0].on_time as usize, leaves.len() - 2);
        let city = rows.last().expect("city");
        assert_eq!(city.level, "city");
        assert_eq!((city.expected, city.received), (1, 0), "one leaf missing");
        let all_in = by_level(&tree, root, |_| Arrival::OnTime);
        assert!(
            all_in
                .iter()
                .all(|r| r.received == r.expected && r.on_time == r.expected)
        );
    }
}
