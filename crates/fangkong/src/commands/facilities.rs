//! `fangkong facilities import|board`: hospitals and isolation sites, their beds,
//! and the beds in use on a day (from the registry's moves).

use fangkong_domain::registry::Place;
use fangkong_domain::registry::facility::Bed;
use fangkong_domain::{Count, UnitCode};
use fangkong_store::{Store, StoredFacility};

use super::date_or_today;
use crate::cli::FacilitiesCommand;
use crate::import::{CsvInput, Rejected};
use crate::output::{Format, Table};

/// The columns of a facilities file.
const COLUMNS: [&str; 7] = [
    "code",
    "name",
    "kind",
    "unit_code",
    "beds_ordinary",
    "beds_severe",
    "beds_critical",
];

/// Runs one facilities command.
pub async fn run(
    store: &Store,
    cmd: FacilitiesCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let limits = crate::derive::rules::load(rules_path)?.limits;
    match cmd {
        FacilitiesCommand::Import { file } => {
            let mut input = CsvInput::open(&file, &limits)?;
            let columns = input.columns(&COLUMNS)?;
            let col: Vec<Option<usize>> = COLUMNS.iter().map(|c| columns.at(c)).collect();
            let units = store.units().await?;
            let mut rejected = Rejected::new(input.label());
            let mut rows = Vec::new();
            while let Some(row) = input.next_row(&mut rejected) {
                let line = Some(row.line);
                let get = |k: usize| row.get(col[k]).trim().to_string();
                let code = get(0);
                if code.is_empty() {
                    rejected.add(line, Some("code"), "the code is empty");
                }
                let name = get(1);
                if name.is_empty() {
                    rejected.add(line, Some("name"), "the name is empty");
                }
                let kind = match Place::parse(&get(2)) {
                    Some(
                        p @ (Place::DesignatedHospital
                        | Place::ShelterHospital
                        | Place::IsolationSite),
                    ) => Some(p),
                    _ => {
                        rejected.add(line, Some("kind"), format!("'{}' is not designated_hospital, shelter_hospital or isolation_site", get(2)));
                        None
                    }
                };
                let unit = UnitCode::parse(&get(3))
                    .ok()
                    .and_then(|u| units.ids.get(&u).map(|id| (u, *id)));
                if unit.is_none() {
                    rejected.add(
                        line,
                        Some("unit_code"),
                        format!("unknown unit '{}'", get(3)),
                    );
                }
                let mut beds = [0u32; 3];
                let mut beds_ok = true;
                for (k, field) in [
                    (4, "beds_ordinary"),
                    (5, "beds_severe"),
                    (6, "beds_critical"),
                ] {
                    match Count::parse(&get(k)) {
                        Ok(c) => beds[k - 4] = c.get(),
                        Err(e) => {
                            beds_ok = false;
                            rejected.add(line, Some(field), e.to_string());
                        }
                    }
                }
                if let (Some(kind), Some((unit, unit_id)), true, false, false) =
                    (kind, unit, beds_ok, code.is_empty(), name.is_empty())
                {
                    rows.push((
                        StoredFacility {
                            code,
                            name,
                            kind,
                            unit,
                            beds,
                        },
                        unit_id,
                    ));
                }
            }
            rejected.into_result()?;
            store
                .put_facilities(
                    &rows,
                    crate::clock::now_in(store).await?,
                    &crate::actor::cli_actor(),
                )
                .await?;
            crate::out!("{} facilities stored", rows.len());
            Ok(())
        }
        FacilitiesCommand::Board { date, format } => {
            let day = date_or_today(store, date.as_deref()).await?;
            let (facilities, series) = store.occupancy(day, day).await?;
            let in_use = series
                .into_iter()
                .next()
                .map(|(_, u)| u)
                .unwrap_or_default();
            let mut table = Table::new(&[
                "code",
                "name",
                "kind",
                "unit",
                "ordinary_used",
                "ordinary_free",
                "severe_used",
                "severe_free",
                "critical_used",
                "critical_free",
            ]);
            for f in &facilities {
                let mut row = vec![
                    f.code.clone().into(),
                    f.name.clone().into(),
                    f.kind.name().into(),
                    f.unit.to_string().into(),
                ];
                for bed in Bed::ALL {
                    let used = in_use.get(&(f.code.clone(), bed)).copied().unwrap_or(0);
                    let total = f.beds[bed as usize];
                    row.push(used.into());
                    // More in use than beds is shown as it is (a negative free
                    // count), never clipped: it is a fact to act on.
                    row.push((i64::from(total) - i64::from(used)).into());
                }
                table.push(row);
            }
            if format == Format::Table {
                crate::out!("beds on {day}");
            }
            table.print(format)
        }
        FacilitiesCommand::Occupancy { from, to, format } => {
            let to = date_or_today(store, to.as_deref()).await?;
            let from = match from.as_deref() {
                Some(text) => fangkong_domain::Day::parse(text)
                    .map_err(|e| super::rejected_arg("--from", e.to_string()))?,
                None => to.plus_days(-13).unwrap_or(to),
            };
            if from > to {
                return Err(
                    super::rejected_arg("--from", format!("{from} is after --to {to}")).into(),
                );
            }
            let (facilities, series) = store.occupancy(from, to).await?;
            let mut table = Table::new(&[
                "date",
                "code",
                "ordinary_used",
                "severe_used",
                "critical_used",
                "used",
                "beds",
                "free",
            ]);
            for (day, in_use) in &series {
                for f in &facilities {
                    let used: Vec<u32> = Bed::ALL
                        .iter()
                        .map(|b| in_use.get(&(f.code.clone(), *b)).copied().unwrap_or(0))
                        .collect();
                    let total_used: u32 = used.iter().sum();
                    let beds: u32 = f.beds.iter().sum();
                    table.push(vec![
                        day.to_string().into(),
                        f.code.clone().into(),
                        used[0].into(),
                        used[1].into(),
                        used[2].into(),
                        total_used.into(),
                        beds.into(),
                        (i64::from(beds) - i64::from(total_used)).into(),
                    ]);
                }
            }
            table.print(format)
        }
    }
}
