//! The four-categories registry: people and their dated steps, written in one
//! transaction with one audit line (which names how many, never who).

use std::collections::HashMap;

use fangkong_domain::registry::facility::Bed;
use fangkong_domain::registry::followup::Schedule;
use fangkong_domain::registry::{DatedStep, ResidentId, Step};
use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;
use sqlx::Row;

use crate::Backend;
use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_day, encode_timestamp};
use crate::sql::Sql;
use crate::{Store, StoreError};

/// A person to add.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// The source system's reference (unique).
    pub reference: String,
    /// The resident ID, if known.
    pub resident_id: Option<ResidentId>,
    /// The name.
    pub name: String,
    /// The phone, if known.
    pub phone: Option<String>,
    /// The birth date, if known.
    pub birth_date: Option<Day>,
    /// The address, if known.
    pub address: Option<String>,
    /// The unit where the person lives (its key).
    pub unit_id: i64,
}

/// A step to add: the person's reference, the step, and the facility and bed a
/// move goes into (if it names one).
pub type NewStep = (String, DatedStep, Option<(String, Bed)>);

/// A stored person with the steps of their flow, in order.
#[derive(Debug, Clone)]
pub struct StoredPerson {
    /// The database key.
    pub id: i64,
    /// The source system's reference.
    pub reference: String,
    /// The resident ID, if known.
    pub resident_id: Option<String>,
    /// The name.
    pub name: String,
    /// The phone, if known.
    pub phone: Option<String>,
    /// The unit's key.
    pub unit_id: i64,
    /// The steps, in order.
    pub steps: Vec<DatedStep>,
    /// The facility and bed each step names (moves into a facility), aligned
    /// with `steps`.
    pub facilities: Vec<Option<(String, Bed)>>,
}

/// A stored person an incoming one matches, and on what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The stored person's reference.
    pub reference: String,
    /// `resident_id`, or `name, phone and birth date`.
    pub on: &'static str,
}

impl Store {
    /// The stored people that `people` would duplicate, by the index of each
    /// incoming person: the same resident ID, or the same name, phone and birth
    /// date (persons merged away are not matched).
    pub async fn registry_matches(
        &self,
        people: &[NewPerson],
    ) -> Result<HashMap<usize, Match>, StoreError> {
        let mut out = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            if let Some(id) = &p.resident_id {
                let found: Option<String> = sqlx::query_scalar(
                    "SELECT ref FROM persons WHERE resident_id = $1 AND merged_into IS NULL",
                )
                .bind(id.as_str())
                .fetch_optional(self.pool())
                .await?;
                if let Some(reference) = found {
                    out.insert(
                        i,
                        Match {
                            reference,
                            on: "resident_id",
                        },
                    );
                    continue;
                }
            }
            if let (Some(phone), Some(birth)) = (&p.phone, p.birth_date) {
                let found: Option<String> = sqlx::query_scalar(
                    "SELECT ref FROM persons WHERE name = $1 AND phone = $2 AND birth_date = $3 \
                     AND merged_into IS NULL",
                )
                .bind(&p.name)
                .bind(phone)
                .bind(birth.to_string())
                .fetch_optional(self.pool())
                .await?;
                if let Some(reference) = found {
                    out.insert(
                        i,
                        Match {
                            reference,
                            on: "name, phone and birth date",
                        },
                    );
                }
            }
        }
        Ok(out)
    }

    /// Adds people and steps (steps name their person by reference, new or
    /// stored) in one transaction, with one audit line. Returns the keys of the
    /// new people in order.
    pub async fn registry_add(
        &self,
        people: &[NewPerson],
        steps: &[NewStep],
        followups: &[(String, Schedule)],
        at: Timestamp,
        actor: &str,
    ) -> Result<Vec<i64>, StoreError> {
        self.registry_add_with_teams(people, steps, followups, &[], at, actor)
            .await
    }

    /// As [`Store::registry_add`], and assigns follow-ups to teams (by the
    /// person's reference), in the same transaction.
    pub async fn registry_add_with_teams(
        &self,
        people: &[NewPerson],
        steps: &[NewStep],
        followups: &[(String, Schedule)],
        teams: &[(String, String)],
        at: Timestamp,
        actor: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let recorded = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        // Many rows per statement: a demo's 30,000 people in 30 statements.
        for chunk in people.chunks(1_000) {
            let mut q = Sql::new(
                "INSERT INTO persons (ref, resident_id, name, phone, birth_date, address, unit_id, recorded_at) ",
            );
            q.push_values(chunk, |mut b, p| {
                b.push_bind(p.reference.clone())
                    .push_bind(p.resident_id.as_ref().map(|id| id.as_str().to_string()))
                    .push_bind(p.name.clone())
                    .push_bind(p.phone.clone())
                    .push_bind(p.birth_date.map(|d| d.to_string()))
                    .push_bind(p.address.clone())
                    .push_bind(p.unit_id)
                    .push_bind(recorded.clone());
            });
            q.build(Backend::of(&tx)).execute(&mut *tx).await?;
        }
        // The keys of the people named, new or stored (not the whole registry).
        let mut named: Vec<&str> = people
            .iter()
            .map(|p| p.reference.as_str())
            .chain(steps.iter().map(|s| s.0.as_str()))
            .chain(followups.iter().map(|f| f.0.as_str()))
            .chain(teams.iter().map(|t| t.0.as_str()))
            .collect();
        named.sort_unstable();
        named.dedup();
        let mut refs: HashMap<String, i64> = HashMap::with_capacity(named.len());
        for chunk in named.chunks(500) {
            let mut q = Sql::new("SELECT ref, id FROM persons WHERE ref IN (");
            let mut list = q.separated(", ");
            for r in chunk {
                list.push_bind(*r);
            }
            q.push(")");
            for r in q.build(Backend::of(&tx)).fetch_all(&mut *tx).await? {
                refs.insert(r.get("ref"), r.get("id"));
            }
        }
        let ids: Vec<i64> = people
            .iter()
            .filter_map(|p| refs.get(&p.reference).copied())
            .collect();
        for chunk in steps.chunks(1_000) {
            let mut q = Sql::new(
                "INSERT INTO person_steps (person_id, day, step, category, place, exit, recorded_at, actor, \
                 facility_code, bed) ",
            );
            let mut missing = None;
            q.push_values(chunk, |mut b, (reference, s, facility)| {
                let person = refs.get(reference).copied();
                if person.is_none() {
                    missing = Some(reference.clone());
                }
                let (c, p, e) = s.step.parts();
                b.push_bind(person)
                    .push_bind(s.day.to_string())
                    .push_bind(s.step.name())
                    .push_bind(c.map(|c| c.name()))
                    .push_bind(p.map(|p| p.name()))
                    .push_bind(e.map(|e| e.name()))
                    .push_bind(recorded.clone())
                    .push_bind(actor.to_string())
                    .push_bind(facility.as_ref().map(|(f, _)| f.clone()))
                    .push_bind(facility.as_ref().map(|(_, b)| b.name()));
            });
            if let Some(reference) = missing {
                return Err(StoreError::Corrupt(format!(
                    "no person with reference {reference}"
                )));
            }
            q.build(Backend::of(&tx)).execute(&mut *tx).await?;
        }
        for (reference, s) in followups {
            let person = refs.get(reference).ok_or_else(|| {
                StoreError::Corrupt(format!("no person with reference {reference}"))
            })?;
            sqlx::query(
                "INSERT INTO followups (person_id, last_exposure, release, recorded_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(person)
            .bind(s.last_exposure.to_string())
            .bind(s.release.to_string())
            .bind(&recorded)
            .execute(&mut *tx)
            .await?;
        }
        for (reference, team) in teams {
            let person = refs.get(reference).ok_or_else(|| {
                StoreError::Corrupt(format!("no person with reference {reference}"))
            })?;
            sqlx::query("UPDATE followups SET team = $1 WHERE person_id = $2")
                .bind(team)
                .bind(person)
                .execute(&mut *tx)
                .await?;
        }
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "registry.add", Outcome::Done).values(
                None,
                Some(format!(
                    "{} people, {} steps, {} follow-ups",
                    people.len(),
                    steps.len(),
                    followups.len()
                )),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Every person not merged away, with their steps, and the code of their unit.
    pub async fn registry_people(&self) -> Result<Vec<(StoredPerson, UnitCode)>, StoreError> {
        self.people_with_steps(None).await
    }

    /// As [`Store::registry_people`], only the people who are followed up.
    pub async fn registry_people_followed(
        &self,
    ) -> Result<Vec<(StoredPerson, UnitCode)>, StoreError> {
        self.people_with_steps(Some("SELECT person_id FROM followups"))
            .await
    }

    /// As [`Store::registry_people`], only the people ever counted as
    /// confirmed cases (identified or recategorised so).
    pub async fn registry_people_ever_confirmed(
        &self,
    ) -> Result<Vec<(StoredPerson, UnitCode)>, StoreError> {
        self.people_with_steps(Some(
            "SELECT person_id FROM person_steps WHERE category = 'confirmed'",
        ))
        .await
    }

    /// The units of the people not merged away, each once.
    pub async fn registry_units(&self) -> Result<Vec<UnitCode>, StoreError> {
        sqlx::query_scalar::<_, String>(
            "SELECT DISTINCT u.code FROM persons p JOIN units u ON u.id = p.unit_id \
             WHERE p.merged_into IS NULL ORDER BY u.code",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|code| crate::codec::decode_code(code))
        .collect()
    }

    /// The people not merged away, with their steps; only those whose key
    /// `among` selects, if given (a constant subquery, never user input).
    async fn people_with_steps(
        &self,
        among: Option<&'static str>,
    ) -> Result<Vec<(StoredPerson, UnitCode)>, StoreError> {
        let (people_among, steps_among) = match among {
            Some(keys) => (
                format!(" AND p.id IN ({keys})"),
                format!(" WHERE person_id IN ({keys})"),
            ),
            None => (String::new(), String::new()),
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.ref, p.resident_id, p.name, p.phone, p.unit_id, u.code \
             FROM persons p JOIN units u ON u.id = p.unit_id WHERE p.merged_into IS NULL\
             {people_among} ORDER BY p.id"
        )))
        .fetch_all(self.pool())
        .await?;
        let mut people: Vec<(StoredPerson, UnitCode)> = Vec::with_capacity(rows.len());
        let mut at: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.get("id");
            at.insert(id, people.len());
            people.push((
                StoredPerson {
                    id,
                    reference: r.get("ref"),
                    resident_id: r.get("resident_id"),
                    name: r.get("name"),
                    phone: r.get("phone"),
                    unit_id: r.get("unit_id"),
                    steps: Vec::new(),
                    facilities: Vec::new(),
                },
                crate::codec::decode_code(r.get("code"))?,
            ));
        }
        let steps = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT person_id, day, step, category, place, exit, facility_code, bed FROM person_steps\
             {steps_among} ORDER BY person_id, day, id"
        )))
        .fetch_all(self.pool())
        .await?;
        for r in steps {
            let Some(&k) = at.get(&r.get::<i64, _>("person_id")) else {
                continue;
            };
            let (step, facility) = decode_step(&r)?;
            people[k].0.steps.push(step);
            people[k].0.facilities.push(facility);
        }
        Ok(people)
    }

    /// Pairs of records that may be one person entered twice: the same name and
    /// the same birth date or phone (records with the same resident ID cannot
    /// both exist). References, and what matches.
    pub async fn registry_duplicates(
        &self,
    ) -> Result<Vec<(String, String, &'static str)>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.ref AS a, b.ref AS b, CASE WHEN a.birth_date = b.birth_date THEN 1 ELSE 0 END AS same_birth \
             FROM persons a JOIN persons b ON a.name = b.name AND a.id < b.id \
             WHERE a.merged_into IS NULL AND b.merged_into IS NULL \
             AND (a.birth_date = b.birth_date OR a.phone = b.phone) ORDER BY a.id, b.id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let on = if crate::codec::flag(r, "same_birth") {
                    "name and birth date"
                } else {
                    "name and phone"
                };
                (r.get("a"), r.get("b"), on)
            })
            .collect())
    }

    /// Merges the record `other` into `keep` (one person entered twice): the
    /// other's steps but its identification join the kept record, its follow-up
    /// and check-ins move there, missing particulars are filled in from it, and it
    /// stays readable, marked as merged. One transaction, one audit line with the
    /// reason. The caller has checked the merged flow.
    pub async fn merge_persons(
        &self,
        keep: i64,
        other: i64,
        reason: &str,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let recorded = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO person_steps (person_id, day, step, category, place, exit, recorded_at, actor, facility_code, bed) \
             SELECT $1, day, step, category, place, exit, $2, $3, facility_code, bed FROM person_steps \
             WHERE person_id = $4 AND step != 'identified' ORDER BY day, id",
        )
        .bind(keep)
        .bind(&recorded)
        .bind(actor)
        .bind(other)
        .execute(&mut *tx)
        .await?;
        let particulars: (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = sqlx::query_as(
            "SELECT resident_id, phone, birth_date, address FROM persons WHERE id = $1",
        )
        .bind(other)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE persons SET merged_into = $1, resident_id = NULL WHERE id = $2")
            .bind(keep)
            .bind(other)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE persons SET resident_id = coalesce(resident_id, $1), phone = coalesce(phone, $2), \
             birth_date = coalesce(birth_date, $3), address = coalesce(address, $4) WHERE id = $5",
        )
        .bind(particulars.0)
        .bind(particulars.1)
        .bind(particulars.2)
        .bind(particulars.3)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE followups SET person_id = $1 WHERE person_id = $2 \
             AND NOT EXISTS (SELECT 1 FROM followups WHERE person_id = $1)",
        )
        .bind(keep)
        .bind(other)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE checkins SET person_id = $1 WHERE person_id = $2")
            .bind(keep)
            .bind(other)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "registry.merge", Outcome::Done)
                .on(format!("person#{keep} <- person#{other}"))
                .because(Some(reason.to_string())),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A stored step (columns `day, step, category, place, exit, facility_code,
/// bed`) and the facility and bed a move took.
pub(crate) fn decode_step(
    r: &sqlx::any::AnyRow,
) -> Result<(DatedStep, Option<(String, Bed)>), StoreError> {
    let part = |c: &str| r.get::<Option<String>, _>(c).unwrap_or_default();
    let step = Step::from_parts(
        r.get("step"),
        &part("category"),
        &part("place"),
        &part("exit"),
    )
    .map_err(|(_, m)| StoreError::Corrupt(m))?;
    let facility: Option<String> = r.get("facility_code");
    let bed = Bed::parse(&part("bed")).unwrap_or(Bed::Ordinary);
    Ok((
        DatedStep {
            day: decode_day(r.get("day"))?,
            step,
        },
        facility.map(|f| (f, bed)),
    ))
}
