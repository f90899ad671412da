//! Annotations in: notes on days of a published series that are not epidemic growth.

use std::collections::HashMap;

use fangkong_domain::published::AnnotationKind;
use fangkong_domain::{Annotation, Count, Day, UnitCode};
use fangkong_store::Store;

use super::{CsvInput, Rejected};

/// The annotation CSV's columns.
pub const COLUMNS: [&str; 5] = ["date", "unit_code", "kind", "excluded_from_trend", "note"];

/// What an import of annotations did: added, replaced, unchanged.
#[derive(Debug, Default)]
pub struct AnnotationsImported {
    /// Annotations not stored before.
    pub added: usize,
    /// Annotations stored with another text or figure, now replaced (`--replace`).
    pub replaced: usize,
    /// Annotations already stored as they are.
    pub unchanged: usize,
}

/// Imports annotations, all or nothing.
pub async fn import_annotations(
    store: &Store,
    mut input: CsvInput,
    replace: bool,
) -> anyhow::Result<AnnotationsImported> {
    let columns = input.columns(&COLUMNS)?;
    let col: Vec<Option<usize>> = COLUMNS.iter().map(|c| columns.at(c)).collect();
    let units = store.units().await?;
    let stored: HashMap<(UnitCode, Day, AnnotationKind), Annotation> = store
        .annotations(None)
        .await?
        .into_iter()
        .map(|a| ((a.unit.clone(), a.day, a.kind), a))
        .collect();
    let mut rejected = Rejected::new(input.label());
    let mut seen: HashMap<(UnitCode, Day, AnnotationKind), u64> = HashMap::new();
    let mut summary = AnnotationsImported::default();
    let mut rows = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let day = Day::parse(row.get(col[0]))
            .map_err(|e| rejected.add(line, Some("date"), e.to_string()))
            .ok();
        let unit = UnitCode::parse(row.get(col[1]))
            .map_err(|e| rejected.add(line, Some("unit_code"), e.to_string()))
            .ok();
        let unit_id = unit.as_ref().and_then(|u| {
            let id = units.ids.get(u).copied();
            if id.is_none() {
                rejected.add(line, Some("unit_code"), format!("unknown unit {u}"));
            }
            id
        });
        let kind = AnnotationKind::parse(row.get(col[2]))
            .map_err(|e| rejected.add(line, Some("kind"), e.to_string()))
            .ok();
        let excluded_text = row.get(col[3]).trim();
        let excluded = if excluded_text.is_empty() {
            Some(None)
        } else {
            Count::parse(excluded_text)
                .map(|c| Some(c.get()))
                .map_err(|e| rejected.add(line, Some("excluded_from_trend"), e.to_string()))
                .ok()
        };
        let note = row.get(col[4]).trim().to_string();
        if note.is_empty() {
            rejected.add(line, Some("note"), "the note is empty: say what happened");
        }
        let (Some(day), Some(unit), Some(unit_id), Some(kind), Some(excluded), false) =
            (day, unit, unit_id, kind, excluded, note.is_empty())
        else {
            continue;
        };
        let key = (unit.clone(), day, kind);
        if let Some(first) = seen.insert(key.clone(), row.line) {
            rejected.add(
                line,
                Some("kind"),
                format!("a {kind} note for {unit} on {day} appears twice (first on line {first})"),
            );
            continue;
        }
        let annotation = Annotation {
            day,
            unit,
            kind,
            excluded_from_trend: excluded,
            note,
        };
        match stored.get(&key) {
            Some(old) if *old == annotation => summary.unchanged += 1,
            Some(_) if !replace => rejected.add(
                line,
                Some("note"),
                format!("a different {kind} note for {} on {day} is stored; pass --replace to overwrite it", annotation.unit),
            ),
            Some(_) => {
                summary.replaced += 1;
                rows.push((unit_id, annotation));
            }
            None => {
                summary.added += 1;
                rows.push((unit_id, annotation));
            }
        }
    }
    rejected.into_result()?;
    if !rows.is_empty() {
        store
            .put_annotations(
                &rows,
                crate::clock::now_in(store).await?,
                &crate::actor::cli_actor(),
            )
            .await?;
    }
    Ok(summary)
}
