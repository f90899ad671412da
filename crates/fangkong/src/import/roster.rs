//! A roster in: the people working in each community or village, with the
//! days each is away (leave, sickness, agreed rest). Read whole or refused
//! whole, every bad line and field named.

use std::collections::{BTreeSet, HashSet};

use fangkong_domain::rota::{Duty, Post, Profile, Rostered, Staff, StaffKind};
use fangkong_domain::unit::UnitTree;
use fangkong_domain::{Day, UnitCode, UnitKind};

use super::{CsvInput, Rejected};

/// The roster's columns; `away` and those of [`OPTIONAL`] may be left out.
pub const COLUMNS: [&str; 4] = ["person_id", "name", "kind", "unit_code"];

/// The roster's optional columns beside `away`: how to reach each person,
/// where they come from, what they can do (`;` between skills), the account
/// they sign in with, the day they left, and an A/B pair made by hand (a
/// label exactly two people of the unit share).
pub const OPTIONAL: [&str; 7] = [
    "phone",
    "email",
    "affiliation",
    "skills",
    "account",
    "left_on",
    "pair",
];

/// The most days one `away` range may span.
const LONGEST_AWAY: i32 = 366;

/// Reads a roster for the units of `tree` (each person in a community or
/// village of it). `away` lists days and ranges separated by `;`
/// (`2020-02-12;2020-02-20..2020-02-24`).
pub fn read_roster(mut input: CsvInput, tree: &UnitTree) -> Result<Vec<Rostered>, Rejected> {
    let columns = input.columns(&COLUMNS)?;
    let col: Vec<Option<usize>> = COLUMNS.iter().map(|c| columns.at(c)).collect();
    let away_col = columns.at("away");
    let opt: Vec<Option<usize>> = OPTIONAL.iter().map(|c| columns.at(c)).collect();
    let mut rejected = Rejected::new(input.label());
    let mut ids: HashSet<String> = HashSet::new();
    let mut staff = Vec::new();
    // The line of each person read, for a problem found across lines.
    let mut lines = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let id = row.get(col[0]).trim().to_string();
        if id.is_empty() {
            rejected.add(line, Some("person_id"), "empty: every person needs an id");
        } else if !ids.insert(id.clone()) {
            rejected.add(line, Some("person_id"), format!("{id} is listed twice"));
        }
        let name = row.get(col[1]).trim().to_string();
        if name.is_empty() {
            rejected.add(line, Some("name"), "empty: every person needs a name");
        }
        let kind_text = row.get(col[2]).trim();
        let kind = StaffKind::parse(kind_text);
        if kind.is_none() {
            rejected.add(
                line,
                Some("kind"),
                format!(
                    "'{kind_text}' is not one of {}",
                    StaffKind::ALL.map(StaffKind::name).join(", ")
                ),
            );
        }
        let unit = match UnitCode::parse(row.get(col[3]).trim()) {
            Err(e) => {
                rejected.add(line, Some("unit_code"), e.to_string());
                None
            }
            Ok(code) => match tree.index_of(&code) {
                None => {
                    rejected.add(
                        line,
                        Some("unit_code"),
                        format!("unit {code} is not in the tree"),
                    );
                    None
                }
                Some(i)
                    if !matches!(tree.unit(i).kind, UnitKind::Community | UnitKind::Village) =>
                {
                    rejected.add(
                        line,
                        Some("unit_code"),
                        format!(
                            "{code} is a {}: people are rostered in a community or village",
                            tree.unit(i).kind
                        ),
                    );
                    None
                }
                Some(_) => Some(code),
            },
        };
        let away = match away_col.map(|c| row.get(Some(c)).trim()) {
            None | Some("") => Some(BTreeSet::new()),
            Some(text) => match away_days(text) {
                Ok(days) => Some(days),
                Err(message) => {
                    rejected.add(line, Some("away"), message);
                    None
                }
            },
        };
        let text = |k: usize| {
            Some(row.get(opt[k]).trim())
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let phone = text(0);
        if let Some(p) = &phone
            && !p
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' '))
        {
            rejected.add(
                line,
                Some("phone"),
                format!("'{p}' is not a phone number (digits, -, + and spaces)"),
            );
        }
        let email = text(1);
        if let Some(e) = &email
            && !e.split_once('@').is_some_and(|(a, b)| {
                !a.is_empty() && b.contains('.') && !e.contains(char::is_whitespace)
            })
        {
            rejected.add(
                line,
                Some("email"),
                format!("'{e}' is not an email address"),
            );
        }
        let left_on = match text(5) {
            None => Some(None),
            Some(t) => match Day::parse(&t) {
                Ok(d) => Some(Some(d)),
                Err(e) => {
                    rejected.add(line, Some("left_on"), format!("'{t}': {e}"));
                    None
                }
            },
        };
        if let (Some(kind), Some(unit), Some(away), Some(left_on), false, false) =
            (kind, unit, away, left_on, id.is_empty(), name.is_empty())
        {
            lines.push(row.line);
            staff.push(Rostered {
                staff: Staff {
                    id,
                    name,
                    kind,
                    unit,
                    away,
                    left_on,
                    pair: text(6),
                },
                profile: Profile {
                    phone,
                    email,
                    affiliation: text(2),
                    skills: text(3)
                        .map(|t| {
                            t.split(';')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default(),
                    account: text(4),
                },
            });
        }
    }
    // A pair made by hand is two people of one unit: a label held by one,
    // or by three, is named at each line that holds it.
    let mut held: std::collections::HashMap<(&UnitCode, &str), Vec<usize>> =
        std::collections::HashMap::new();
    for (k, r) in staff.iter().enumerate() {
        if let Some(label) = r.staff.pair.as_deref() {
            held.entry((&r.staff.unit, label)).or_default().push(k);
        }
    }
    let mut odd: Vec<(usize, String)> = held
        .iter()
        .filter(|(_, members)| members.len() != 2)
        .flat_map(|((unit, label), members)| {
            members.iter().map(move |&k| {
                (
                    k,
                    format!(
                        "pair '{label}' of {unit} is held by {} people: a pair is two",
                        members.len()
                    ),
                )
            })
        })
        .collect();
    odd.sort();
    for (k, message) in odd {
        rejected.add(lines.get(k).copied(), Some("pair"), message);
    }
    rejected.into_result()?;
    Ok(staff)
}

/// A plan's columns, as `rota plan` writes them (`name` and `role` are
/// read back as the roster has them).
pub const PLAN_COLUMNS: [&str; 5] = ["date", "unit_code", "pair", "post", "person_id"];

/// Reads a plan (one `rota plan` wrote, perhaps adjusted by hand) for the
/// people of `staff`: every person must be on the roster, every post A, B or
/// empty (outside a pair).
pub fn read_plan(mut input: CsvInput, staff: &[Staff]) -> Result<Vec<Duty>, Rejected> {
    let columns = input.columns(&PLAN_COLUMNS)?;
    let col: Vec<Option<usize>> = PLAN_COLUMNS.iter().map(|c| columns.at(c)).collect();
    let mut rejected = Rejected::new(input.label());
    let mut duties = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let day = Day::parse(row.get(col[0]).trim())
            .map_err(|e| rejected.add(line, Some("date"), e.to_string()))
            .ok();
        let unit = UnitCode::parse(row.get(col[1]).trim())
            .map_err(|e| rejected.add(line, Some("unit_code"), e.to_string()))
            .ok();
        let pair = Some(row.get(col[2]).trim())
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let post = match row.get(col[3]).trim() {
            "" => Some(None),
            "A" => Some(Some(Post::A)),
            "B" => Some(Some(Post::B)),
            other => {
                rejected.add(
                    line,
                    Some("post"),
                    format!("'{other}' is not A, B or empty"),
                );
                None
            }
        };
        let id = row.get(col[4]).trim();
        let person = staff.iter().position(|s| s.id == id);
        if person.is_none() {
            rejected.add(
                line,
                Some("person_id"),
                format!("{id} is not on the roster"),
            );
        }
        if let (Some(day), Some(unit), Some(post), Some(person)) = (day, unit, post, person) {
            duties.push(Duty {
                day,
                unit,
                pair,
                post,
                person,
            });
        }
    }
    rejected.into_result()?;
    Ok(duties)
}

/// The days of an `away` field (or `--away` argument): days and `FROM..TO` ranges separated by `;`.
pub fn away_days(text: &str) -> Result<BTreeSet<Day>, String> {
    let mut days = BTreeSet::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once("..") {
            None => {
                days.insert(Day::parse(part).map_err(|e| format!("'{part}': {e}"))?);
            }
            Some((a, b)) => {
                let from = Day::parse(a.trim()).map_err(|e| format!("'{part}': {e}"))?;
                let to = Day::parse(b.trim()).map_err(|e| format!("'{part}': {e}"))?;
                let span = to.offset_from(from);
                if span < 0 {
                    return Err(format!("'{part}' ends before it begins"));
                }
                if span >= LONGEST_AWAY {
                    return Err(format!("'{part}' spans more than {LONGEST_AWAY} days"));
                }
                days.extend((0..=span).filter_map(|d| from.plus_days(d)));
            }
        }
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_away_are_read_as_days_and_ranges() {
        let days = away_days("2020-02-12; 2020-02-20..2020-02-22").expect("days");
        let shown: Vec<String> = days.iter().map(Day::to_string).collect();
        assert_eq!(
            shown,
            ["2020-02-12", "2020-02-20", "2020-02-21", "2020-02-22"]
        );
        assert!(away_days("2020-02-22..2020-02-20").is_err());
        assert!(away_days("2020-02-30").is_err());
        assert!(
            away_days("2020-01-01..2022-01-01").is_err(),
            "a range of years is a typing error"
        );
        assert!(away_days("").expect("none").is_empty());
    }
}
