//! Published case-address lists in (Shanghai 2022: "本市各区确诊病例、无症状感染者
//! 居住地信息"): the city and its districts by name, one compound per distinct
//! normalised address in a district, and one event per compound and listed day.
//!
//! Codes (letters, digits and `-`, like every unit code): the city's is given
//! (`310000000000`, the national division code), a district's is the city's
//! followed by 8 hex digits of a hash of its name, a compound's the district's
//! followed by 16 hex digits of a hash of its normalised address (addresses
//! run to 764 characters; codes stay short and stable).

use std::collections::{BTreeMap, HashMap};

use fangkong_domain::address::normalize_address;
use fangkong_domain::unit::{UnitRecord, UnitVersion};
use fangkong_domain::{Day, UnitCode, UnitKind};
use fangkong_store::Store;

use super::{CsvInput, Rejected};

/// The columns of a case-address list.
pub const COLUMNS: [&str; 3] = ["date", "district", "address"];

/// What an import of a case-address list did.
#[derive(Debug, Default)]
pub struct AddressesImported {
    /// Rows read.
    pub rows: usize,
    /// New districts.
    pub districts: usize,
    /// New compounds.
    pub compounds: usize,
    /// Compound-days (events) written.
    pub events: usize,
    /// Lines whose entry is only separators (e.g. a lone `、` left by the post's
    /// layout): skipped, not an address.
    pub skipped_lines: Vec<u64>,
}

/// FNV-1a, 64 bits: a stable hash for compound codes (stable across Rust versions,
/// unlike the standard hasher).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Imports a case-address list for the city named `city` with code
/// `city_code`, all in one transaction.
pub async fn import_case_addresses(
    store: &Store,
    mut input: CsvInput,
    city: &str,
    city_code: &str,
) -> anyhow::Result<AddressesImported> {
    let columns = input.columns(&COLUMNS)?;
    let (date_col, district_col, address_col) = (
        columns.at("date"),
        columns.at("district"),
        columns.at("address"),
    );
    let mut rejected = Rejected::new(input.label());
    let city_code = UnitCode::parse(city_code).map_err(|e| {
        let mut r = Rejected::new("the command line");
        r.add(None, Some("--city-code"), e.to_string());
        r
    })?;
    let stored = store.units().await?;
    let mut summary = AddressesImported::default();
    // (district name) -> (normalised address) -> day -> entries
    let mut lists: BTreeMap<String, BTreeMap<String, BTreeMap<Day, u32>>> = BTreeMap::new();
    while let Some(row) = input.next_row(&mut rejected) {
        summary.rows += 1;
        let line = Some(row.line);
        let day = Day::parse(row.get(date_col))
            .map_err(|e| rejected.add(line, Some("date"), e.to_string()))
            .ok();
        let district = normalize_address(row.get(district_col));
        if district.is_empty() {
            rejected.add(line, Some("district"), "the district is empty");
        }
        let raw = row.get(address_col);
        let address = normalize_address(raw);
        if raw.trim().is_empty() {
            rejected.add(line, Some("address"), "the address is empty");
        } else if address.is_empty() {
            summary.skipped_lines.push(row.line);
            continue;
        }
        if let (Some(day), false, false) = (day, district.is_empty(), address.is_empty()) {
            *lists
                .entry(district)
                .or_default()
                .entry(address)
                .or_default()
                .entry(day)
                .or_default() += 1;
        }
    }
    rejected.into_result()?;

    let mut new_units: Vec<UnitRecord> = Vec::new();
    match stored.history.latest(&city_code) {
        Some(v) if v.kind == UnitKind::City && !v.retired => {}
        Some(v) => anyhow::bail!(
            "unit {city_code} exists as a {} and cannot hold an address list",
            v.kind
        ),
        None => new_units.push(UnitRecord {
            code: city_code.clone(),
            name: city.to_string(),
            kind: UnitKind::City,
            parent: None,
            population: None,
            from_address_list: true,
        }),
    }
    let mut events = Vec::new();
    let mut seen_codes: HashMap<UnitCode, String> = HashMap::new();
    for (district, addresses) in &lists {
        let district_code = UnitCode::parse(&format!("{city_code}-{:08x}", fnv1a(district) >> 32))?;
        if stored.history.latest(&district_code).is_none() {
            summary.districts += 1;
            new_units.push(UnitRecord {
                code: district_code.clone(),
                name: district.clone(),
                kind: UnitKind::District,
                parent: Some(city_code.clone()),
                population: None,
                from_address_list: true,
            });
        }
        for (address, days) in addresses {
            let code = UnitCode::parse(&format!("{district_code}-{:016x}", fnv1a(address)))?;
            if let Some(other) = seen_codes.insert(code.clone(), address.clone()) {
                anyhow::bail!("two addresses hash to one code {code}: '{other}' and '{address}'");
            }
            if stored.history.latest(&code).is_none() {
                summary.compounds += 1;
                new_units.push(UnitRecord {
                    code: code.clone(),
                    name: address.clone(),
                    kind: UnitKind::Compound,
                    parent: Some(district_code.clone()),
                    population: None,
                    from_address_list: true,
                });
            }
            for (&day, &entries) in days {
                events.push((code.clone(), day, entries));
            }
        }
    }
    summary.events = events.len();
    let versions: Vec<(UnitCode, UnitVersion)> = stored
        .history
        .plan_adds(&new_units, None)?
        .into_iter()
        .zip(&new_units)
        .map(|(v, r)| (r.code.clone(), v))
        .collect();
    store
        .import_address_list(
            &versions,
            &events,
            crate::clock::now_in(store).await?,
            &crate::actor::cli_actor(),
        )
        .await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_hash_is_stable() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
