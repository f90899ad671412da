//! Units in: the platform's own CSV or the national division file, checked as a
//! whole tree together with what is stored, and written in one transaction.

use std::collections::{BTreeMap, HashMap};

use fangkong_domain::unit::{UnitHistory, UnitRecord, UnitTree, UnitVersion};
use fangkong_domain::{Count, Day, UnitCode, UnitKind};
use fangkong_store::Store;

use super::{CsvInput, Rejected};

/// What an import of units did.
#[derive(Debug, Default)]
pub struct UnitsImported {
    /// New units, by kind.
    pub added: BTreeMap<UnitKind, usize>,
    /// Units already stored exactly as in the file.
    pub unchanged: usize,
}

/// Which of the two accepted layouts a file has.
enum Layout {
    /// `code,name,kind,parent_code,population`.
    Platform,
    /// The national division file: the kind is in `unit_type`.
    Divisions,
}

/// Imports units from `input`. `effective` is the first day they exist (`None`:
/// since before any record).
pub async fn import_units(
    store: &Store,
    mut input: CsvInput,
    effective: Option<Day>,
) -> anyhow::Result<UnitsImported> {
    let stored = store.units().await?;
    let records = read_records(&mut input)?;
    let (new, summary) = plan(&stored.history, records, effective, input.label())?;
    if !new.is_empty() {
        store
            .add_units(
                &new,
                crate::clock::now_in(store).await?,
                &crate::actor::cli_actor(),
            )
            .await?;
    }
    Ok(summary)
}

/// Reads and parses every row; bad fields are listed with their lines.
fn read_records(input: &mut CsvInput) -> Result<Vec<(u64, UnitRecord)>, Rejected> {
    let probe = input.columns(&["code", "name", "parent_code"])?;
    let layout = if probe.has("kind") {
        Layout::Platform
    } else if probe.has("unit_type") {
        Layout::Divisions
    } else {
        let mut r = Rejected::new(input.label());
        r.add(
            Some(1),
            Some("kind"),
            "missing column 'kind' (or 'unit_type', as in the national division file)",
        );
        return Err(r);
    };
    let (code, name, parent, population) = (
        probe.at("code"),
        probe.at("name"),
        probe.at("parent_code"),
        probe.at("population"),
    );
    let kind_col = match layout {
        Layout::Platform => probe.at("kind"),
        Layout::Divisions => probe.at("unit_type"),
    };
    let mut rejected = Rejected::new(input.label());
    let mut out = Vec::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let code = UnitCode::parse(row.get(code))
            .map_err(|e| rejected.add(line, Some("code"), e.to_string()))
            .ok();
        let name_text = row.get(name).trim();
        if name_text.is_empty() {
            rejected.add(line, Some("name"), "the name is empty");
        }
        let kind_text = row.get(kind_col);
        let kind = match layout {
            Layout::Platform => UnitKind::parse(kind_text),
            Layout::Divisions => UnitKind::from_division_type(kind_text),
        }
        .map_err(|e| {
            let field = match layout {
                Layout::Platform => "kind",
                Layout::Divisions => "unit_type",
            };
            rejected.add(line, Some(field), e.to_string())
        })
        .ok();
        let parent_text = row.get(parent).trim();
        let parent = if parent_text.is_empty() {
            Some(None)
        } else {
            UnitCode::parse(parent_text)
                .map(Some)
                .map_err(|e| rejected.add(line, Some("parent_code"), e.to_string()))
                .ok()
        };
        let pop_text = row.get(population).trim();
        let population = if pop_text.is_empty() {
            Some(None)
        } else {
            Count::parse(pop_text)
                .map(|c| Some(c.get()))
                .map_err(|e| rejected.add(line, Some("population"), e.to_string()))
                .ok()
        };
        if let (Some(code), Some(kind), Some(parent), Some(population), false) =
            (code, kind, parent, population, name_text.is_empty())
        {
            out.push((
                row.line,
                UnitRecord {
                    code,
                    name: name_text.to_string(),
                    kind,
                    parent,
                    population,
                    from_address_list: false,
                },
            ));
        }
    }
    rejected.into_result()?;
    Ok(out)
}

/// Compares the file with what is stored and checks the resulting tree. Returns the
/// versions to add, or every problem with its line.
fn plan(
    history: &UnitHistory,
    records: Vec<(u64, UnitRecord)>,
    effective: Option<Day>,
    label: &str,
) -> Result<(Vec<(UnitCode, UnitVersion)>, UnitsImported), Rejected> {
    let mut rejected = Rejected::new(label);
    let mut summary = UnitsImported::default();
    let mut line_of: HashMap<UnitCode, u64> = HashMap::new();
    let mut new: Vec<(u64, UnitRecord)> = Vec::new();
    for (line, record) in records {
        if let Some(first) = line_of.insert(record.code.clone(), line) {
            rejected.add(
                Some(line),
                Some("code"),
                format!("duplicate code {} (first on line {first})", record.code),
            );
            continue;
        }
        match history.latest(&record.code) {
            None => new.push((line, record)),
            Some(v) if !v.retired && v.record(&record.code) == record => summary.unchanged += 1,
            Some(v) => rejected.add(
                Some(line),
                Some("code"),
                format!(
                    "unit {} is already stored as '{}' ({}, under {}{}); to change a unit use \
                     `fangkong unit rename|move|population`, which keep its history",
                    record.code,
                    v.name,
                    v.kind,
                    v.parent.as_ref().map(UnitCode::as_str).unwrap_or("nothing"),
                    if v.retired { ", retired" } else { "" }
                ),
            ),
        }
    }
    // The whole tree, stored and new together, must be valid.
    let current = history
        .current_tree()
        .map(|t| t.units().to_vec())
        .unwrap_or_default();
    let all: Vec<UnitRecord> = current
        .into_iter()
        .chain(new.iter().map(|(_, r)| r.clone()))
        .collect();
    if let Err(errors) = UnitTree::build(all) {
        for e in errors {
            let line = line_of.get(e.code()).copied();
            let field = match e {
                fangkong_domain::unit::TreeError::DuplicateCode { .. } => "code",
                fangkong_domain::unit::TreeError::KindNotAllowed { .. } => "kind",
                _ => "parent_code",
            };
            rejected.add(line, Some(field), e.to_string());
        }
    }
    rejected.into_result()?;
    let versions = new
        .into_iter()
        .map(|(_, r)| {
            *summary.added.entry(r.kind).or_default() += 1;
            let version = UnitVersion::first(&r, effective);
            (r.code, version)
        })
        .collect();
    Ok((versions, summary))
}
