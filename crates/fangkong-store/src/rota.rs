//! The rota as kept: planned, adjusted by hand, planned again from a day with
//! the days before it left as they were; and who is on duty where on a day.

use std::collections::{BTreeSet, HashMap};

use fangkong_domain::rota::{Duty, Post, Staff};
use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;

use crate::Backend;
use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_day};
use crate::sql::Sql;
use crate::{Store, StoreError};

/// Duties per INSERT (five values each).
const CHUNK: usize = 2_000;

/// A duty as written: day, staff key, unit key, pair, post.
type DutyRow = (String, i64, i64, Option<String>, Option<&'static str>);

/// One person on duty on one day, with how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnDuty {
    /// The day.
    pub day: Day,
    /// The community or village.
    pub unit: UnitCode,
    /// Their roster id.
    pub person_id: String,
    /// Their name.
    pub name: String,
    /// Their phone (unmasked: the surface masks it by role).
    pub phone: Option<String>,
    /// The account they sign in with.
    pub account: Option<String>,
    /// Their pair, if on an A/B post.
    pub pair: Option<String>,
    /// Their post, if on an A/B post.
    pub post: Option<Post>,
}

impl Store {
    /// Keeps `duties` (people as indexes into `staff`) as the rota of the
    /// units of `staff` from `from` through `through`: what was kept for
    /// those units and days is replaced, every other day and unit is left as
    /// it was. Returns the duties written.
    pub async fn put_rota(
        &self,
        staff: &[Staff],
        duties: &[Duty],
        from: Day,
        through: Day,
        at: Timestamp,
        actor: &str,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let keys = crate::staff::staff_keys(&mut tx).await?;
        let units: BTreeSet<i64> = staff
            .iter()
            .filter_map(|s| keys.get(&s.id).map(|k| k.1))
            .collect();
        let unit_ids: HashMap<String, i64> = sqlx::query("SELECT id, code FROM units")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| (r.get("code"), r.get("id")))
            .collect();
        for chunk in units.iter().collect::<Vec<_>>().chunks(500) {
            let mut q = Sql::new("DELETE FROM duties WHERE day >= ");
            q.push_bind(from.to_string())
                .push(" AND day <= ")
                .push_bind(through.to_string())
                .push(" AND unit_id IN (");
            let mut list = q.separated(", ");
            for &&u in chunk {
                list.push_bind(u);
            }
            q.push(")");
            q.build(Backend::of(&tx)).execute(&mut *tx).await?;
        }
        let rows: Vec<DutyRow> = duties
            .iter()
            .filter(|d| d.day >= from && d.day <= through)
            .map(|d| {
                let person = staff.get(d.person).ok_or_else(|| {
                    StoreError::Conflict(format!("duty for person #{} not on the roster", d.person))
                })?;
                let (staff_id, _) = keys.get(&person.id).ok_or_else(|| {
                    StoreError::Conflict(format!("{} is not on the stored roster", person.id))
                })?;
                let unit_id = unit_ids
                    .get(d.unit.as_str())
                    .ok_or_else(|| StoreError::Conflict(format!("unit {} is unknown", d.unit)))?;
                Ok((
                    d.day.to_string(),
                    *staff_id,
                    *unit_id,
                    d.pair.clone(),
                    d.post.map(Post::name),
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        for chunk in rows.chunks(CHUNK) {
            let mut q = Sql::new("INSERT INTO duties (day, staff_id, unit_id, pair, post) ");
            q.push_values(chunk, |mut b, (day, staff_id, unit_id, pair, post)| {
                b.push_bind(day.clone())
                    .push_bind(*staff_id)
                    .push_bind(*unit_id)
                    .push_bind(pair.clone())
                    .push_bind(post.map(str::to_string));
            });
            q.build(Backend::of(&tx)).execute(&mut *tx).await?;
        }
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "rota.put", Outcome::Done).values(
                None,
                Some(format!(
                    "{} duties in {} units from {from} through {through}",
                    rows.len(),
                    units.len()
                )),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(rows.len())
    }

    /// The kept duties from `from` through `through`, people as indexes into
    /// `staff` (duties of people not in it are left out), by day and unit.
    pub async fn kept_rota(
        &self,
        staff: &[Staff],
        from: Day,
        through: Day,
    ) -> Result<Vec<Duty>, StoreError> {
        let index: HashMap<&str, usize> = staff
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let rows = sqlx::query(
            "SELECT d.day, u.code, s.person_id, d.pair, d.post FROM duties d \
             JOIN staff s ON s.id = d.staff_id JOIN units u ON u.id = d.unit_id \
             WHERE d.day >= $1 AND d.day <= $2 ORDER BY d.day, u.code, d.pair, s.person_id",
        )
        .bind(from.to_string())
        .bind(through.to_string())
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let person: String = r.get("person_id");
            let Some(&person) = index.get(person.as_str()) else {
                continue;
            };
            out.push(Duty {
                day: decode_day(r.get("day"))?,
                unit: decode_code(r.get("code"))?,
                pair: r.get("pair"),
                post: decode_post(r.get("post"))?,
                person,
            });
        }
        Ok(out)
    }

    /// Who is on duty on `day` in every unit, by unit then post.
    pub async fn on_duty(&self, day: Day) -> Result<Vec<OnDuty>, StoreError> {
        self.duties_where("d.day = $1", &day.to_string(), day, day)
            .await
    }

    /// The kept duties of the person signed in as `account`, from `from`
    /// through `through`.
    pub async fn shifts_of(
        &self,
        account: &str,
        from: Day,
        through: Day,
    ) -> Result<Vec<OnDuty>, StoreError> {
        self.duties_where("s.account = $1", account, from, through)
            .await
    }

    /// The kept duties of the person `person_id`, from `from` through `through`.
    pub async fn shifts_of_person(
        &self,
        person_id: &str,
        from: Day,
        through: Day,
    ) -> Result<Vec<OnDuty>, StoreError> {
        self.duties_where("s.person_id = $1", person_id, from, through)
            .await
    }

    async fn duties_where(
        &self,
        condition: &str,
        value: &str,
        from: Day,
        through: Day,
    ) -> Result<Vec<OnDuty>, StoreError> {
        let text = format!(
            "SELECT d.day, u.code, s.person_id, s.name, s.phone, s.account, d.pair, d.post \
             FROM duties d JOIN staff s ON s.id = d.staff_id JOIN units u ON u.id = d.unit_id \
             WHERE {condition} AND d.day >= $2 AND d.day <= $3 \
             ORDER BY d.day, u.code, d.post IS NULL, d.post, s.person_id"
        );
        sqlx::query(sqlx::AssertSqlSafe(text))
            .bind(value)
            .bind(from.to_string())
            .bind(through.to_string())
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(OnDuty {
                    day: decode_day(r.get("day"))?,
                    unit: decode_code(r.get("code"))?,
                    person_id: r.get("person_id"),
                    name: r.get("name"),
                    phone: r.get("phone"),
                    account: r.get("account"),
                    pair: r.get("pair"),
                    post: decode_post(r.get("post"))?,
                })
            })
            .collect()
    }
}

fn decode_post(text: Option<String>) -> Result<Option<Post>, StoreError> {
    match text.as_deref() {
        None => Ok(None),
        Some("A") => Ok(Some(Post::A)),
        Some("B") => Ok(Some(Post::B)),
        Some(other) => Err(StoreError::Corrupt(format!("post {other:?}"))),
    }
}
