//! Published series and annotations in: the official figures for a unit, kept
//! apart from the grassroots reports.

use std::collections::HashMap;

use fangkong_domain::{Day, PublishedDay, UnitCode};
use fangkong_store::Store;

use super::{CsvInput, Rejected};

/// The figures a published series may carry; other columns are ignored.
pub const FIGURES: [&str; 7] = PublishedDay::FIGURES;

/// What an import of a published series did.
#[derive(Debug, Default)]
pub struct PublishedImported {
    /// Days not stored before.
    pub added: usize,
    /// Days stored with other figures, now replaced (only with `--replace`).
    pub replaced: usize,
    /// Days already stored with the same figures.
    pub unchanged: usize,
}

/// Imports one unit's published series.
pub async fn import_published(
    store: &Store,
    mut input: CsvInput,
    unit: &str,
    replace: bool,
    filters: &[(String, String)],
) -> anyhow::Result<PublishedImported> {
    let required: Vec<&str> = std::iter::once("date")
        .chain(filters.iter().map(|(c, _)| c.as_str()))
        .collect();
    let columns = input.columns(&required)?;
    let filter_cols: Vec<(Option<usize>, &str)> = filters
        .iter()
        .map(|(c, v)| (columns.at(c), v.as_str()))
        .collect();
    let mut rejected = Rejected::new(input.label());
    let code = UnitCode::parse(unit).map_err(|e| anyhow::anyhow!("--unit: {e}"))?;
    let units = store.units().await?;
    let Some(&unit_id) = units.ids.get(&code) else {
        rejected.add(None, Some("--unit"), format!("unknown unit {code}"));
        return Err(rejected.into());
    };
    let stored: HashMap<Day, PublishedDay> = store
        .published_series(&code)
        .await?
        .into_iter()
        .map(|d| (d.day, d))
        .collect();
    let date_col = columns.at("date");
    let figure_cols: Vec<Option<usize>> = FIGURES.iter().map(|f| columns.at(f)).collect();
    let mut seen: HashMap<Day, u64> = HashMap::new();
    let mut summary = PublishedImported::default();
    let mut days = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        if filter_cols
            .iter()
            .any(|(col, value)| row.get(*col).trim() != *value)
        {
            continue;
        }
        let day = match Day::parse(row.get(date_col)) {
            Ok(d) => d,
            Err(e) => {
                rejected.add(line, Some("date"), e.to_string());
                continue;
            }
        };
        if let Some(first) = seen.insert(day, row.line) {
            rejected.add(
                line,
                Some("date"),
                format!("{day} appears twice (first on line {first})"),
            );
            continue;
        }
        let mut figures = [None; FIGURES.len()];
        for (i, (name, col)) in FIGURES.iter().zip(&figure_cols).enumerate() {
            let text = row.get(*col).trim();
            if text.is_empty() {
                continue; // blank: missing, not zero
            }
            match text.parse::<i64>() {
                Ok(n) => figures[i] = Some(n),
                Err(_) => rejected.add(line, Some(name), format!("'{text}' is not a whole number")),
            }
        }
        let published = PublishedDay::of_figures(day, figures);
        match stored.get(&day) {
            Some(old) if *old == published => summary.unchanged += 1,
            Some(_) if !replace => rejected.add(
                line,
                Some("date"),
                format!("{code} already has other published figures for {day}; pass --replace to overwrite them"),
            ),
            Some(_) => {
                summary.replaced += 1;
                days.push(published);
            }
            None => {
                summary.added += 1;
                days.push(published);
            }
        }
    }
    rejected.into_result()?;
    if !days.is_empty() {
        store
            .put_published(
                unit_id,
                &days,
                crate::clock::now_in(store).await?,
                &crate::actor::cli_actor(),
            )
            .await?;
    }
    Ok(summary)
}
