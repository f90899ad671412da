//! The registry's figures per unit and day (the four ratios, the people counted,
//! stock and flow), kept the way the certification engine keeps statuses: each
//! person contributes a few dated changes to the unit where they live, a unit's
//! counts on a day are a running sum of them, and a unit above sums its
//! children. Reading every unit's figures for a day is then one pass over the
//! tree, whatever the size of the registry; changing a person's flow takes their
//! old contribution out and puts the new one in, so the figures stay exact
//! without a rebuild.

use std::collections::HashMap;

use serde::Serialize;

use super::compliance::{Coverage, FourRatios, IsolationPolicy, Ratio, coverage};
use super::facility::Bed;
use super::flow::{Category, DatedStep, FlowError, check, situation_of_checked};
use super::stock::CaseStock;
use crate::Day;
use crate::unit::{UnitIndex, UnitTree};

/// One person as the figures know them: where they live and their flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFlow {
    /// The unit where the person lives.
    pub home: UnitIndex,
    /// The steps, in order.
    pub steps: Box<[DatedStep]>,
    /// The bed kind each step's move took, aligned with `steps`.
    pub beds: Box<[Option<Bed>]>,
}

/// A unit's figures on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct UnitFigures {
    /// People in the registry under the unit who have not left.
    pub people: u32,
    /// The four ratios.
    pub ratios: FourRatios,
    /// Confirmed cases: increment, stock, recoveries, deaths, severe, critical.
    pub cases: CaseStock,
}

/// A person one of the four does not cover on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    /// The person's key.
    pub person: i64,
    /// Where they live.
    pub home: UnitIndex,
    /// The category on the day.
    pub category: Category,
    /// When they were identified.
    pub identified: Day,
    /// Which of the four are missing: `admitted`, `treated`, `tested`, `isolated`.
    pub missing: Vec<&'static str>,
}

const N: usize = 15;

/// The counters a person adds to a unit on a day, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Counts([i32; N]);

impl Counts {
    fn of(flow: &PersonFlow, day: Day, policy: IsolationPolicy) -> Counts {
        // Flows are checked when they are put, so the situation is known.
        let situation = situation_of_checked(&flow.steps, day);
        let mut c = [0; N];
        if let Some(s) = situation.filter(|s| s.is_open()) {
            let cov = coverage(&s, policy);
            c[0] = 1;
            for (k, (concerned, covered)) in [cov.admitted, cov.treated, cov.tested, cov.isolated]
                .into_iter()
                .enumerate()
            {
                c[1 + 2 * k] = i32::from(concerned);
                c[2 + 2 * k] = i32::from(concerned && covered);
            }
        }
        let mut stock = CaseStock::default();
        stock.add_with_beds(&flow.steps, &flow.beds, day);
        for (k, v) in [
            stock.new_confirmed,
            stock.confirmed,
            stock.recovered,
            stock.died,
            stock.severe,
            stock.critical,
        ]
        .into_iter()
        .enumerate()
        {
            c[9 + k] = v as i32;
        }
        Counts(c)
    }

    fn add(&mut self, other: &Counts, sign: i32) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += sign * b;
        }
    }

    fn figures(&self) -> UnitFigures {
        // Never negative: every change taken out was put in before.
        let v = |k: usize| self.0[k].max(0) as u32;
        let ratio = |k: usize| Ratio {
            of: v(k),
            covered: v(k + 1),
        };
        UnitFigures {
            people: v(0),
            ratios: FourRatios {
                admitted: ratio(1),
                treated: ratio(3),
                tested: ratio(5),
                isolated: ratio(7),
            },
            cases: CaseStock {
                new_confirmed: v(9),
                confirmed: v(10),
                recovered: v(11),
                died: v(12),
                severe: v(13),
                critical: v(14),
            },
        }
    }
}

/// The registry's figures for every unit of a tree and every day.
#[derive(Debug, Clone)]
pub struct RegistryFigures {
    policy: IsolationPolicy,
    parents: Vec<Option<UnitIndex>>,
    /// Children before parents: the order to sum units up the tree.
    upward: Vec<UnitIndex>,
    /// The first day of the running sums (none before anyone is counted).
    start: Option<Day>,
    /// Per unit where someone lives, the counts of each day from `start` (the
    /// last day's counts hold for every later day).
    homes: HashMap<UnitIndex, Vec<Counts>>,
    /// The number of days every row of `homes` holds.
    width: usize,
    people: HashMap<i64, PersonFlow>,
}

impl RegistryFigures {
    /// Figures over `tree` with no one in them yet.
    pub fn new(tree: &UnitTree, policy: IsolationPolicy) -> RegistryFigures {
        let mut upward = tree.preorder();
        upward.reverse();
        RegistryFigures {
            policy,
            parents: (0..tree.len() as UnitIndex)
                .map(|u| tree.parent(u))
                .collect(),
            upward,
            start: None,
            homes: HashMap::new(),
            width: 0,
            people: HashMap::new(),
        }
    }

    /// Figures over `tree` with every person in `people` (their flows checked).
    /// Builds the running sums in one pass rather than person by person.
    pub fn build(
        tree: &UnitTree,
        policy: IsolationPolicy,
        people: impl IntoIterator<Item = (i64, PersonFlow)>,
    ) -> Result<RegistryFigures, (i64, FlowError)> {
        let mut f = RegistryFigures::new(tree, policy);
        let mut changes: Vec<(UnitIndex, Day, Counts)> = Vec::new();
        for (id, flow) in people {
            check(&flow.steps).map_err(|e| (id, e))?;
            for (day, delta) in contribution(&flow, policy) {
                changes.push((flow.home, day, delta));
            }
            f.people.insert(id, flow);
        }
        let (Some(first), Some(last)) = (
            changes.iter().map(|c| c.1).min(),
            changes.iter().map(|c| c.1).max(),
        ) else {
            return Ok(f);
        };
        f.start = Some(first);
        let days = last.offset_from(first) as usize + 1;
        f.width = days;
        for (home, day, delta) in changes {
            let row = f
                .homes
                .entry(home)
                .or_insert_with(|| vec![Counts::default(); days]);
            row[day.offset_from(first) as usize].add(&delta, 1);
        }
        // From changes to running sums.
        for row in f.homes.values_mut() {
            for k in 1..row.len() {
                let before = row[k - 1];
                row[k].add(&before, 1);
            }
        }
        Ok(f)
    }

    /// Puts a person in (or replaces their flow), after checking it.
    pub fn put(&mut self, id: i64, flow: PersonFlow) -> Result<(), FlowError> {
        check(&flow.steps)?;
        self.remove(id);
        self.apply(&flow, 1);
        self.people.insert(id, flow);
        Ok(())
    }

    /// Takes a person out (merged into another record).
    pub fn remove(&mut self, id: i64) {
        if let Some(old) = self.people.remove(&id) {
            self.apply(&old, -1);
        }
    }

    /// How many people the figures hold.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// Whether the figures hold nobody.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Every unit's figures on `day`, by unit index.
    pub fn on(&self, day: Day) -> Vec<UnitFigures> {
        let mut counts = vec![Counts::default(); self.parents.len()];
        if let Some(start) = self.start.filter(|s| day >= *s) {
            let k = day.offset_from(start) as usize;
            for (&home, row) in &self.homes {
                if let Some(c) = row.get(k).or(row.last()) {
                    counts[home as usize].add(c, 1);
                }
            }
        }
        for &u in &self.upward {
            if let Some(p) = self.parents[u as usize] {
                let child = counts[u as usize];
                counts[p as usize].add(&child, 1);
            }
        }
        counts.iter().map(Counts::figures).collect()
    }

    /// The people under `root` (by `within(home)`) whom one of the four does not
    /// cover on `day`, identified earliest first.
    pub fn uncovered(&self, day: Day, within: impl Fn(UnitIndex) -> bool) -> Vec<Uncovered> {
        let mut out: Vec<Uncovered> = self
            .people
            .iter()
            .filter(|(_, f)| within(f.home))
            .filter_map(|(&person, f)| {
                let s = situation_of_checked(&f.steps, day)?;
                let c: Coverage = coverage(&s, self.policy);
                let missing: Vec<&'static str> = [
                    ("admitted", c.admitted),
                    ("treated", c.treated),
                    ("tested", c.tested),
                    ("isolated", c.isolated),
                ]
                .into_iter()
                .filter(|(_, (concerned, covered))| *concerned && !*covered)
                .map(|(name, _)| name)
                .collect();
                (!missing.is_empty()).then_some(Uncovered {
                    person,
                    home: f.home,
                    category: s.category,
                    identified: s.identified,
                    missing,
                })
            })
            .collect();
        out.sort_by_key(|u| (u.identified, u.person));
        out
    }

    /// Adds (`sign` 1) or takes out (-1) a person's contribution.
    fn apply(&mut self, flow: &PersonFlow, sign: i32) {
        for (day, delta) in contribution(flow, self.policy) {
            let start = self.cover(day);
            let k = day.offset_from(start) as usize;
            let width = self.width;
            let row = self
                .homes
                .entry(flow.home)
                .or_insert_with(|| vec![Counts::default(); width]);
            for c in &mut row[k..] {
                c.add(&delta, sign);
            }
        }
    }

    /// Widens the running sums to include `day`: earlier days start at zero
    /// (nobody counted before their first step), later ones repeat the last.
    /// Returns the first day.
    fn cover(&mut self, day: Day) -> Day {
        let start = match self.start {
            Some(start) if !self.homes.is_empty() => start,
            _ => {
                self.start = Some(day);
                self.width = self.width.max(1);
                return day;
            }
        };
        let start = if day < start {
            let extra = start.offset_from(day) as usize;
            for row in self.homes.values_mut() {
                row.splice(0..0, std::iter::repeat_n(Counts::default(), extra));
            }
            self.start = Some(day);
            self.width += extra;
            day
        } else {
            start
        };
        let need = day.offset_from(start) as usize + 1;
        if need > self.width {
            self.width = need;
            for row in self.homes.values_mut() {
                let last = row.last().copied().unwrap_or_default();
                row.resize(need, last);
            }
        }
        start
    }
}

/// A person's contribution: the days on which their counts change, and by how
/// much. Counts change only on a step's day and the day after (a new case is
/// new for one day).
fn contribution(flow: &PersonFlow, policy: IsolationPolicy) -> Vec<(Day, Counts)> {
    let mut days: Vec<Day> = flow
        .steps
        .iter()
        .flat_map(|s| [Some(s.day), s.day.plus_days(1)])
        .flatten()
        .collect();
    days.sort();
    days.dedup();
    let mut before = Counts::default();
    let mut out = Vec::new();
    for day in days {
        let now = Counts::of(flow, day, policy);
        if now != before {
            let mut delta = now;
            delta.add(&before, -1);
            out.push((day, delta));
            before = now;
        }
    }
    out
}

#[cfg(test)]
mod tests;
