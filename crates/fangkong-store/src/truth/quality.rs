//! The quality scan of one day under one unit.

use std::collections::HashMap;

use fangkong_domain::quality::copies::Series;
use fangkong_domain::quality::scan::scan;
use fangkong_domain::quality::{Finding, QualityRules};
use fangkong_domain::unit::UnitIndex;
use fangkong_domain::{DailyReport, Day, UnitCode};
use serde::Serialize;

use super::tree_and_root;

/// Up to this many reporting units, a scan selects their reports by key; above
/// it, it reads whole days.
const SMALL_SUBTREE: usize = 500;
use crate::{Store, StoreError};

/// What the scan found, with the names a reader needs.
#[derive(Debug, Clone, Serialize)]
pub struct QualityReport {
    /// The unit scanned under.
    pub unit: UnitCode,
    /// The day.
    pub day: Day,
    /// Reports of the day scanned.
    pub reports: usize,
    /// The findings, errors first.
    pub findings: Vec<NamedFinding>,
    /// The reporting units with a report that day (to count a part of the scan).
    #[serde(skip)]
    pub reported: Vec<UnitCode>,
}

/// A finding with the unit's name and its parent's.
#[derive(Debug, Clone, Serialize)]
pub struct NamedFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// The unit's name.
    pub name: String,
    /// Its parent's name.
    pub parent: String,
}

impl Store {
    /// Every rule over every report of `day` under `unit`.
    pub async fn quality_scan(
        &self,
        rules: &QualityRules,
        unit: &UnitCode,
        day: Day,
    ) -> Result<QualityReport, StoreError> {
        let units = self.units().await?;
        let (tree, root) = tree_and_root(&units, unit, day)?;
        let from = day
            .plus_days(-(rules.outliers.window_days.max(rules.copies.min_days) as i32))
            .unwrap_or(day);
        // Only the reporting units under the unit: a small subtree's scan reads
        // its own reports; a large one reads the days whole, packed.
        let leaves: Vec<(i64, UnitIndex)> = tree
            .subtree(root)
            .into_iter()
            .filter(|&i| tree.is_reporting(i))
            .filter_map(|i| units.ids.get(&tree.unit(i).code).map(|&id| (id, i)))
            .collect();
        let by_id: HashMap<i64, UnitIndex> = leaves.iter().copied().collect();
        let latest: Vec<(i64, DailyReport)> = if leaves.len() <= SMALL_SUBTREE {
            let ids: Vec<i64> = leaves.iter().map(|(id, _)| *id).collect();
            self.latest_reports_of(&ids, from, day)
                .await?
                .into_iter()
                .map(|(id, r)| (id, r.report))
                .collect()
        } else {
            let codes: HashMap<i64, UnitCode> = leaves
                .iter()
                .map(|&(id, i)| (id, tree.unit(i).code.clone()))
                .collect();
            self.latest_reports_packed(from, day, &codes).await?
        };
        let mut owned: HashMap<UnitIndex, Vec<DailyReport>> = HashMap::new();
        for (id, report) in latest {
            if let Some(&i) = by_id.get(&id) {
                owned.entry(i).or_default().push(report);
            }
        }
        let series: HashMap<UnitIndex, Series> = owned
            .iter()
            .map(|(i, reports)| (*i, reports.iter().map(|r| (r.day, r)).collect()))
            .collect();
        let reported: Vec<UnitCode> = series
            .iter()
            .filter(|(_, s)| s.contains_key(&day))
            .map(|(i, _)| tree.unit(*i).code.clone())
            .collect();
        let reports = reported.len();
        // An inspection that did not find what the day's report attests is a
        // data-truth finding of that report too.
        let contradicted = self
            .inspections(day, day)
            .await?
            .into_iter()
            .filter(|i| !i.contradicted.is_empty())
            .filter(|i| {
                tree.index_of(&i.unit)
                    .is_some_and(|u| tree.is_within(u, root))
            })
            .map(|i| Finding {
                rule: "inspection".into(),
                severity: fangkong_domain::quality::Severity::Warning,
                unit: i.unit.clone(),
                day,
                message: format!(
                    "the report attests {} in place; an inspection at {} found it not",
                    i.contradicted
                        .iter()
                        .map(|m| m.field())
                        .collect::<Vec<_>>()
                        .join(", "),
                    fangkong_domain::Day::shanghai_time(i.at).strftime("%H:%M")
                ),
                values: vec![
                    (
                        "not_found".into(),
                        i.contradicted
                            .iter()
                            .map(|m| m.field())
                            .collect::<Vec<_>>()
                            .join(";"),
                    ),
                    ("inspection".into(), i.id.to_string()),
                ],
            });
        let findings = scan(rules, &tree, root, day, &series)
            .into_iter()
            .chain(contradicted)
            .map(|finding| {
                let i = tree.index_of(&finding.unit);
                NamedFinding {
                    name: i.map(|i| tree.unit(i).name.clone()).unwrap_or_default(),
                    parent: i
                        .and_then(|i| tree.parent(i))
                        .map(|p| tree.unit(p).name.clone())
                        .unwrap_or_default(),
                    finding,
                }
            })
            .collect();
        Ok(QualityReport {
            unit: unit.clone(),
            day,
            reports,
            findings,
            reported,
        })
    }
}
