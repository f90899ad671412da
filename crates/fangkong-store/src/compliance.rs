//! The four "alls" per unit and day (SPEC §5), from the registry's running
//! figures: each person counts in the unit where they live and in every unit
//! above it, over the current tree.

use std::collections::HashMap;

use fangkong_domain::registry::compliance::FourRatios;
use fangkong_domain::registry::stock::CaseStock;
use fangkong_domain::registry::{Category, mask};
use fangkong_domain::{Day, UnitCode, UnitKind};
use serde::Serialize;
use sqlx::Row;

use crate::registry_figures::LiveFigures;
use crate::sql::Sql;
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
    /// The four ratios on `day` for every unit under `unit`, from the running
    /// figures, and (if asked) the people not covered with their names.
    pub async fn compliance(
        &self,
        live: &LiveFigures,
        day: Day,
        unit: &UnitCode,
        with_gaps: bool,
    ) -> Result<ComplianceReport, StoreError> {
        let tree = &live.tree;
        let root = tree.index_of(unit).ok_or(StoreError::NotFound)?;
        let figures = live.figures.on(day);
        let rows = tree
            .subtree(root)
            .into_iter()
            .map(|i| {
                let f = figures[i as usize];
                UnitCompliance {
                    code: tree.unit(i).code.clone(),
                    name: tree.unit(i).name.clone(),
                    kind: tree.unit(i).kind,
                    people: f.people,
                    ratios: f.ratios,
                    cases: f.cases,
                }
            })
            .collect();
        let uncovered = if with_gaps {
            live.figures
                .uncovered(day, |home| tree.is_within(home, root))
        } else {
            Vec::new()
        };
        let ids: Vec<i64> = uncovered.iter().map(|u| u.person).collect();
        let names = self.person_names(&ids).await?;
        let gaps = uncovered
            .into_iter()
            .filter_map(|u| {
                let (reference, name) = names.get(&u.person)?;
                Some(Gap {
                    reference: reference.clone(),
                    name: mask::name(name),
                    full_name: name.clone(),
                    unit: tree.unit(u.home).code.clone(),
                    category: u.category,
                    identified: u.identified,
                    missing: u.missing,
                })
            })
            .collect();
        Ok(ComplianceReport {
            day,
            unit: unit.clone(),
            rows,
            gaps,
        })
    }

    /// The reference and name of each person key.
    async fn person_names(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, (String, String)>, StoreError> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let mut q = Sql::new("SELECT id, ref, name FROM persons WHERE id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(id);
            }
            q.push(")");
            for r in q.build(self.backend()).fetch_all(self.pool()).await? {
                out.insert(r.get("id"), (r.get("ref"), r.get("name")));
            }
        }
        Ok(out)
    }
}
