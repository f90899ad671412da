//! The registry's running figures (the domain's `RegistryFigures`) loaded from
//! the database, and kept up to date by reading only what changed: each person
//! whose steps were added since the last look is read again and put back.

use std::collections::HashMap;

use fangkong_domain::registry::compliance::IsolationPolicy;
use fangkong_domain::registry::facility::Bed;
use fangkong_domain::registry::figures::{PersonFlow, RegistryFigures};
use fangkong_domain::registry::{DatedStep, Step};
use fangkong_domain::unit::UnitTree;
use sqlx::Row;

use crate::codec::decode_day;
use crate::truth::index_by_id;
use crate::{Store, StoreError};

/// The figures with the tree they are over and what they were read up to.
#[derive(Debug, Clone)]
pub struct LiveFigures {
    /// The figures.
    pub figures: RegistryFigures,
    /// The current tree (people count where they live in it).
    pub tree: UnitTree,
    policy: IsolationPolicy,
    mark: Mark,
    /// The tree index of every unit key (the tree changes only with a reload).
    homes: HashMap<i64, u32>,
}

/// How far the database had got: the last step, the merges, the last unit
/// version. A merge or a change to the tree reloads everything; new steps reload
/// only their people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    last_step: i64,
    merged: i64,
    last_unit_version: i64,
}

impl Store {
    /// Loads the figures of the whole registry over the current tree.
    pub async fn load_registry_figures(
        &self,
        policy: IsolationPolicy,
    ) -> Result<LiveFigures, StoreError> {
        let mark = self.registry_mark().await?;
        let units = self.units().await?;
        let tree = units
            .history
            .current_tree()
            .map_err(|e| StoreError::Corrupt(format!("the stored tree is invalid: {}", e[0])))?;
        let homes = index_by_id(&units, &tree);
        let people = self.read_flows(&homes).await?;
        let figures = RegistryFigures::build(&tree, policy, people)
            .map_err(|(id, e)| StoreError::Corrupt(format!("person#{id}: {e}")))?;
        Ok(LiveFigures {
            figures,
            tree,
            policy,
            mark,
            homes,
        })
    }

    /// Brings `live` up to date; returns whether anything changed.
    pub async fn refresh_registry_figures(
        &self,
        live: &mut LiveFigures,
    ) -> Result<bool, StoreError> {
        let mark = self.registry_mark().await?;
        if mark == live.mark {
            return Ok(false);
        }
        if mark.merged != live.mark.merged || mark.last_unit_version != live.mark.last_unit_version
        {
            *live = self.load_registry_figures(live.policy).await?;
            return Ok(true);
        }
        // The people with new steps, by the steps' key (a range on the primary
        // key), then their whole flows by the person index: no scan of the registry.
        let touched: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT person_id FROM person_steps WHERE id > $1")
                .bind(live.mark.last_step)
                .fetch_all(self.pool())
                .await?;
        for (id, flow) in self.read_flows_of(&touched, &live.homes).await? {
            live.figures
                .put(id, flow)
                .map_err(|e| StoreError::Corrupt(format!("person#{id}: {e}")))?;
        }
        live.mark = mark;
        Ok(true)
    }

    async fn registry_mark(&self) -> Result<Mark, StoreError> {
        let (last_step, merged, last_unit_version): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT coalesce(max(id), 0) FROM person_steps), \
             (SELECT count(*) FROM persons WHERE merged_into IS NOT NULL), \
             (SELECT coalesce(max(id), 0) FROM unit_versions)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(Mark {
            last_step,
            merged,
            last_unit_version,
        })
    }

    /// The flows of every person not merged away. One row per unit, its steps
    /// packed in text: a million people are a few thousand rows, not millions.
    async fn read_flows(
        &self,
        homes: &HashMap<i64, u32>,
    ) -> Result<Vec<(i64, PersonFlow)>, StoreError> {
        let sql = format!(
            "SELECT p.unit_id, {} FROM person_steps s JOIN persons p ON p.id = s.person_id \
             WHERE p.merged_into IS NULL GROUP BY p.unit_id",
            packed_steps(self.backend())
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?;
        unpack_rows(rows, homes)
    }

    /// The flows of these people (those not merged away).
    async fn read_flows_of(
        &self,
        people: &[i64],
        homes: &HashMap<i64, u32>,
    ) -> Result<Vec<(i64, PersonFlow)>, StoreError> {
        let mut out = Vec::new();
        for chunk in people.chunks(500) {
            let mut q = crate::sql::Sql::new(format!(
                "SELECT p.unit_id, {} FROM persons p JOIN person_steps s ON s.person_id = p.id \
                 WHERE p.merged_into IS NULL AND p.id IN (",
                packed_steps(self.backend())
            ));
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(") GROUP BY p.unit_id");
            out.extend(unpack_rows(
                q.build(self.backend()).fetch_all(self.pool()).await?,
                homes,
            )?);
        }
        Ok(out)
    }
}

/// A person's steps packed in text, `person,id,day,step,detail,bed;…`.
fn packed_steps(backend: crate::Backend) -> String {
    let one = "s.person_id || ',' || s.id || ',' || s.day || ',' || s.step \
         || ',' || coalesce(s.category, s.place, s.exit, '') || ',' || \
         CASE WHEN s.facility_code IS NULL THEN '' ELSE coalesce(s.bed, 'ordinary') END";
    format!("{} AS steps", backend.joined(one, "';'"))
}

/// Rows of (unit key, packed steps) as flows.
fn unpack_rows(
    rows: Vec<sqlx::any::AnyRow>,
    homes: &HashMap<i64, u32>,
) -> Result<Vec<(i64, PersonFlow)>, StoreError> {
    let mut out = Vec::new();
    for r in rows {
        let unit_id: i64 = r.get("unit_id");
        let packed: String = r.get("steps");
        // People living in a unit the current tree no longer has are not
        // counted anywhere (a retired unit's people must be moved first).
        let Some(&home) = homes.get(&unit_id) else {
            continue;
        };
        out.extend(unpack(home, &packed)?);
    }
    Ok(out)
}

/// One unit's packed steps (`person,id,day,step,detail,bed;…`) as flows, each in
/// the order of the day then the step's key.
fn unpack(home: u32, packed: &str) -> Result<Vec<(i64, PersonFlow)>, StoreError> {
    let corrupt =
        |what: &str| StoreError::Corrupt(format!("a registry step is unreadable: {what}"));
    let mut by_person: HashMap<i64, Vec<(DatedStep, i64, Option<Bed>)>> = HashMap::new();
    for item in packed.split(';') {
        let f: Vec<&str> = item.split(',').collect();
        let [person, id, day, step, detail, bed] = f[..] else {
            return Err(corrupt(item));
        };
        let person: i64 = person.parse().map_err(|_| corrupt(item))?;
        let id: i64 = id.parse().map_err(|_| corrupt(item))?;
        let step = Step::from_parts(step, detail, detail, detail).map_err(|(_, m)| corrupt(&m))?;
        let bed = match bed {
            "" => None,
            b => Some(Bed::parse(b).ok_or_else(|| corrupt(item))?),
        };
        by_person.entry(person).or_default().push((
            DatedStep {
                day: decode_day(day)?,
                step,
            },
            id,
            bed,
        ));
    }
    Ok(by_person
        .into_iter()
        .map(|(person, mut steps)| {
            steps.sort_by_key(|(s, id, _)| (s.day, *id));
            let flow = PersonFlow {
                home,
                steps: steps.iter().map(|s| s.0).collect(),
                beds: steps.iter().map(|s| s.2).collect(),
            };
            (person, flow)
        })
        .collect())
}
