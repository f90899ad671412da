//! The four "alls" per unit and day (SPEC §5), from the registry: each person
//! counts in the unit where they live and in every unit above it.

use fangkong_domain::registry::compliance::{Coverage, FourRatios, IsolationPolicy, coverage};
use fangkong_domain::registry::flow::situation_on;
use fangkong_domain::registry::stock::CaseStock;
use fangkong_domain::registry::{Category, mask};
use fangkong_domain::{Day, UnitCode, UnitKind};
use serde::Serialize;

use crate::truth::tree_and_root;
use crate::{Store, StoreError};

/// One unit's four ratios.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCompliance {
    /// The unit.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: UnitKind,
    /// People in the registry under it on the day who have not left.
    pub people: u32,
    /// The four ratios.
    pub ratios: FourRatios,
    /// Confirmed cases: increment, stock, recoveries, deaths.
    pub cases: CaseStock,
}

/// A person one of the four does not cover yet (masked: this list goes to every
/// role that reads the unit's figures).
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// The source system's reference.
    pub reference: String,
    /// The name, masked.
    pub name: String,
    /// The full name, for the roles that may see it (never serialised).
    #[serde(skip)]
    pub full_name: String,
    /// Where the person lives.
    pub unit: UnitCode,
    /// The category on the day.
    pub category: Category,
    /// When the person was identified.
    pub identified: Day,
    /// Which of the four are missing: `admitted`, `treated`, `tested`, `isolated`.
    pub missing: Vec<&'static str>,
}

/// The four ratios of every unit under one unit on one day, and the people not
/// covered, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceReport {
    /// The day.
    pub day: Day,
    /// The unit asked about.
    pub unit: UnitCode,
    /// One row per unit of the subtree, in tree order.
    pub rows: Vec<UnitCompliance>,
    /// The people not yet covered, identified earliest first.
    pub gaps: Vec<Gap>,
}

impl Store {
    /// The four ratios on `day` for every unit under `unit`.
    pub async fn compliance(
        &self,
        day: Day,
        unit: &UnitCode,
        policy: IsolationPolicy,
    ) -> Result<ComplianceReport, StoreError> {
        let units = self.units().await?;
        let (tree, root) = tree_and_root(&units, unit, day)?;
        let mut ratios = vec![FourRatios::default(); tree.len()];
        let mut people = vec![0u32; tree.len()];
        let mut cases = vec![CaseStock::default(); tree.len()];
        let mut gaps = Vec::new();
        for (person, code) in self.registry_people().await? {
            let Some(home) = tree.index_of(&code) else {
                continue;
            };
            if !tree.is_within(home, root) {
                continue;
            }
            let Some(s) = situation_on(&person.steps, day)
                .map_err(|e| StoreError::Corrupt(format!("person {}: {e}", person.reference)))?
            else {
                continue;
            };
            // Cases count whether or not the person has left (recoveries and
            // deaths are part of the stock's arithmetic).
            let mut one = CaseStock::default();
            one.add(&person.steps, day);
            let mut at = Some(home);
            while let Some(u) = at {
                cases[u as usize].merge(&one);
                if u == root {
                    break;
                }
                at = tree.parent(u);
            }
            if !s.is_open() {
                continue;
            }
            let c: Coverage = coverage(&s, policy);
            let mut at = Some(home);
            while let Some(u) = at {
                ratios[u as usize].add(&c);
                people[u as usize] += 1;
                if u == root {
                    break;
                }
                at = tree.parent(u);
            }
            if c.has_gap() {
                let missing = [
                    ("admitted", c.admitted),
                    ("treated", c.treated),
                    ("tested", c.tested),
                    ("isolated", c.isolated),
                ]
                .into_iter()
                .filter(|(_, (concerned, covered))| *concerned && !*covered)
                .map(|(name, _)| name)
                .collect();
                gaps.push(Gap {
                    reference: person.reference,
                    name: mask::name(&person.name),
                    full_name: person.name.clone(),
                    unit: code,
                    category: s.category,
                    identified: s.identified,
                    missing,
                });
            }
        }
        gaps.sort_by(|a, b| (a.identified, &a.reference).cmp(&(b.identified, &b.reference)));
        let rows = tree
            .subtree(root)
            .into_iter()
            .map(|i| UnitCompliance {
                code: tree.unit(i).code.clone(),
                name: tree.unit(i).name.clone(),
                kind: tree.unit(i).kind,
                people: people[i as usize],
                ratios: ratios[i as usize],
                cases: cases[i as usize],
            })
            .collect();
        Ok(ComplianceReport {
            day,
            unit: unit.clone(),
            rows,
            gaps,
        })
    }
}
