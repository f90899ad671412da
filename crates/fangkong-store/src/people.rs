//! Finding people in the registry by index, never by reading it whole: a
//! reference or name prefix is a range on an index, a phone or resident ID an
//! exact match; the caller's scope narrows the units searched.

use fangkong_domain::UnitCode;
use sqlx::Row;

use crate::codec::decode_code;
use crate::sql::Sql;
use crate::{Store, StoreError};

/// A person's particulars, as a search or a timeline shows them (before masking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    /// The database key.
    pub id: i64,
    /// The source system's reference.
    pub reference: String,
    /// The name.
    pub name: String,
    /// The resident ID, if known.
    pub resident_id: Option<String>,
    /// The phone, if known.
    pub phone: Option<String>,
    /// The address, if known.
    pub address: Option<String>,
    /// Where the person lives.
    pub unit: UnitCode,
}

/// What a search looks at.
#[derive(Debug, Clone, Copy)]
pub struct PeopleSearch<'a> {
    /// The text: a reference prefix; with `personal`, also a name prefix, a
    /// phone or a resident ID.
    pub text: &'a str,
    /// Whether to match on personal data (name, phone, resident ID).
    pub personal: bool,
    /// Only people living in these units (by code); `None`: everywhere.
    pub units: Option<&'a [UnitCode]>,
    /// At most this many.
    pub limit: usize,
}

const COLUMNS: &str = "SELECT p.id, p.ref, p.name, p.resident_id, p.phone, p.address, u.code \
     FROM persons p JOIN units u ON u.id = p.unit_id WHERE p.merged_into IS NULL";

impl Store {
    /// The people matching a search, by reference.
    pub async fn find_people(&self, s: PeopleSearch<'_>) -> Result<Vec<PersonRow>, StoreError> {
        let text = s.text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        // Everything that starts with `text` sorts before `text` + the last
        // character there is.
        let upper = format!("{text}\u{10FFFF}");
        let mut q = Sql::new(COLUMNS);
        q.push(" AND ((p.ref >= ")
            .push_bind(text)
            .push(" AND p.ref < ")
            .push_bind(upper.clone())
            .push(")");
        if s.personal {
            q.push(" OR (p.name >= ")
                .push_bind(text)
                .push(" AND p.name < ")
                .push_bind(upper)
                .push(")");
            q.push(" OR p.phone = ").push_bind(text);
            q.push(" OR p.resident_id = ")
                .push_bind(text.to_uppercase());
        }
        q.push(")");
        if let Some(units) = s.units {
            if units.is_empty() {
                return Ok(Vec::new());
            }
            q.push(" AND u.code IN (");
            let mut list = q.separated(", ");
            for u in units {
                list.push_bind(u.as_str());
            }
            q.push(")");
        }
        q.push(" LIMIT ").push_bind(s.limit as i64);
        let mut out = q
            .build(self.backend())
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(decode_person)
            .collect::<Result<Vec<_>, _>>()?;
        out.sort_by(|a, b| a.reference.cmp(&b.reference));
        Ok(out)
    }

    /// The person with this reference (not merged away), if any.
    pub async fn person(&self, reference: &str) -> Result<Option<PersonRow>, StoreError> {
        if !crate::codec::storable(reference) {
            return Ok(None);
        }
        let mut q = Sql::new(COLUMNS);
        q.push(" AND p.ref = ").push_bind(reference);
        let row = q.build(self.backend()).fetch_optional(self.pool()).await?;
        row.as_ref().map(decode_person).transpose()
    }

    /// Where each of these people lives, by reference (references that name
    /// nobody are left out): what a change is authorized against before it
    /// is checked.
    pub async fn units_of_people(
        &self,
        references: &[&str],
    ) -> Result<std::collections::HashMap<String, UnitCode>, StoreError> {
        let mut out = std::collections::HashMap::new();
        // A reference no store can hold names nobody.
        let references: Vec<&str> = references
            .iter()
            .copied()
            .filter(|r| crate::codec::storable(r))
            .collect();
        for chunk in references.chunks(500) {
            let mut q = Sql::new(
                "SELECT p.ref, u.code FROM persons p JOIN units u ON u.id = p.unit_id WHERE p.ref IN (",
            );
            let mut list = q.separated(", ");
            for r in chunk {
                list.push_bind(*r);
            }
            q.push(")");
            for r in q.build(self.backend()).fetch_all(self.pool()).await? {
                let code: &str = r.get("code");
                out.insert(r.get("ref"), decode_code(code)?);
            }
        }
        Ok(out)
    }

    /// Everyone (not merged away) living in these units, by reference: an
    /// export's rows.
    pub async fn people_in(&self, units: &[UnitCode]) -> Result<Vec<PersonRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in units.chunks(500) {
            let mut q = Sql::new(COLUMNS);
            q.push(" AND u.code IN (");
            let mut list = q.separated(", ");
            for u in chunk {
                list.push_bind(u.as_str());
            }
            q.push(")");
            for r in q.build(self.backend()).fetch_all(self.pool()).await? {
                out.push(decode_person(&r)?);
            }
        }
        out.sort_by(|a, b| a.reference.cmp(&b.reference));
        Ok(out)
    }
}

fn decode_person(r: &sqlx::any::AnyRow) -> Result<PersonRow, StoreError> {
    Ok(PersonRow {
        id: r.get("id"),
        reference: r.get("ref"),
        name: r.get("name"),
        resident_id: r.get("resident_id"),
        phone: r.get("phone"),
        address: r.get("address"),
        unit: decode_code(r.get("code"))?,
    })
}
