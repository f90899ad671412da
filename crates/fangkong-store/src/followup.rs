//! Close-contact follow-up: schedules and check-ins, each change audited (who,
//! when, what; never the person's name).

use std::collections::HashMap;

use fangkong_domain::Day;
use fangkong_domain::registry::flow::situation_on;
use fangkong_domain::registry::followup::{CheckInState, FollowUpDay, Schedule};
use jiff::Timestamp;
use sqlx::Row;

use crate::Backend;
use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_day, encode_timestamp};
use crate::{Store, StoreError};

/// A follow-up open on a day.
#[derive(Debug, Clone)]
pub struct OpenFollowUp {
    /// The person.
    pub person: crate::StoredPerson,
    /// Where they live.
    pub unit: fangkong_domain::UnitCode,
    /// The schedule.
    pub schedule: Schedule,
    /// What it asks for that day.
    pub on: FollowUpDay,
    /// The team that follows the person up, if one is assigned.
    pub team: Option<String>,
}

/// A stored schedule and its check-ins, by person key.
pub type FollowUps = HashMap<i64, (Schedule, Vec<(Day, CheckInState)>)>;

impl Store {
    /// The key of the person with reference `reference`, if any.
    pub async fn person_key(&self, reference: &str) -> Result<Option<i64>, StoreError> {
        if !crate::codec::storable(reference) {
            return Ok(None);
        }
        Ok(
            sqlx::query_scalar("SELECT id FROM persons WHERE ref = $1 AND merged_into IS NULL")
                .bind(reference)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Starts (or restarts, after a new exposure) a person's follow-up.
    pub async fn start_followup(
        &self,
        person: i64,
        schedule: &Schedule,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let old: Option<(String, String)> =
            sqlx::query_as("SELECT last_exposure, release FROM followups WHERE person_id = $1")
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO followups (person_id, last_exposure, release, recorded_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id) DO UPDATE SET last_exposure = excluded.last_exposure, \
             release = excluded.release, recorded_at = excluded.recorded_at",
        )
        .bind(person)
        .bind(schedule.last_exposure.to_string())
        .bind(schedule.release.to_string())
        .bind(encode_timestamp(at))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "followup.start", Outcome::Done)
                .on(format!("person#{person}"))
                .values(
                    old.map(|(e, r)| format!("exposure {e} release {r}")),
                    Some(format!(
                        "exposure {} release {}",
                        schedule.last_exposure, schedule.release
                    )),
                ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a follow-up's release day later, with a reason.
    pub async fn extend_followup(
        &self,
        person: i64,
        release: Day,
        reason: &str,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let old: Option<String> =
            sqlx::query_scalar("SELECT release FROM followups WHERE person_id = $1")
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(old) = old else {
            return Err(StoreError::NotFound);
        };
        sqlx::query("UPDATE followups SET release = $1 WHERE person_id = $2")
            .bind(release.to_string())
            .bind(person)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "followup.extend", Outcome::Done)
                .on(format!("person#{person}"))
                .values(
                    Some(format!("release {old}")),
                    Some(format!("release {release}")),
                )
                .because(Some(reason.to_string())),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a day's check-in.
    pub async fn check_in(
        &self,
        person: i64,
        day: Day,
        state: CheckInState,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO checkins (person_id, day, state, actor, recorded_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person)
        .bind(day.to_string())
        .bind(state.name())
        .bind(actor)
        .bind(encode_timestamp(at))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "followup.check_in", Outcome::Done)
                .on(format!("person#{person} {day}"))
                .values(None, Some(state.name().to_string())),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records many check-ins at once (an import), with one audit line.
    pub async fn add_check_ins(
        &self,
        rows: &[(i64, Day, CheckInState)],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let recorded = encode_timestamp(at);
        let mut tx = self.begin_write().await?;
        for chunk in rows.chunks(1_000) {
            let mut q = crate::sql::Sql::new(
                "INSERT INTO checkins (person_id, day, state, actor, recorded_at) ",
            );
            q.push_values(chunk, |mut b, (person, day, state)| {
                b.push_bind(*person)
                    .push_bind(day.to_string())
                    .push_bind(state.name())
                    .push_bind(actor.to_string())
                    .push_bind(recorded.clone());
            });
            q.build(Backend::of(&tx)).execute(&mut *tx).await?;
        }
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "followup.check_in", Outcome::Done)
                .values(None, Some(format!("{} check-ins", rows.len()))),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The follow-ups open on `day`: the person is in the registry and has not
    /// left, and the day is after the last exposure. Longest-running first.
    pub async fn followups_on(&self, day: Day) -> Result<Vec<OpenFollowUp>, StoreError> {
        let schedules = self.schedules().await?;
        let teams = self.followup_teams().await?;
        // The open ones first, then the check-ins of those alone: most of a
        // season's follow-ups have ended by any one day, and their check-ins
        // are most of the rows.
        let mut open = Vec::new();
        for (person, unit) in self.registry_people_followed().await? {
            let Some(schedule) = schedules.get(&person.id) else {
                continue;
            };
            let is_open = situation_on(&person.steps, day)
                .ok()
                .flatten()
                .is_some_and(|s| s.is_open());
            if is_open && day > schedule.last_exposure {
                open.push((person, unit, schedule.clone()));
            }
        }
        let ids: Vec<i64> = open.iter().map(|(p, _, _)| p.id).collect();
        let mut check_ins = self.check_ins_of(&ids).await?;
        let mut out = Vec::with_capacity(open.len());
        for (person, unit, schedule) in open {
            let mine = check_ins.remove(&person.id).unwrap_or_default();
            out.push(OpenFollowUp {
                team: teams.get(&person.id).cloned(),
                on: schedule.on(day, &mine),
                schedule,
                person,
                unit,
            });
        }
        out.sort_by(|a, b| {
            (a.schedule.last_exposure, &a.person.reference)
                .cmp(&(b.schedule.last_exposure, &b.person.reference))
        });
        Ok(out)
    }

    /// The team of each follow-up that has one, by person key.
    pub async fn followup_teams(&self) -> Result<HashMap<i64, String>, StoreError> {
        Ok(
            sqlx::query("SELECT person_id, team FROM followups WHERE team IS NOT NULL")
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| (r.get("person_id"), r.get("team")))
                .collect(),
        )
    }

    /// Assigns a person's follow-up to a team (or takes it off any), audited.
    pub async fn assign_team(
        &self,
        person: i64,
        team: Option<&str>,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let old: Option<Option<String>> =
            sqlx::query_scalar("SELECT team FROM followups WHERE person_id = $1")
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(old) = old else {
            return Err(StoreError::NotFound);
        };
        sqlx::query("UPDATE followups SET team = $1 WHERE person_id = $2")
            .bind(team)
            .bind(person)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "followup.team", Outcome::Done)
                .on(format!("person#{person}"))
                .values(old, team.map(str::to_string)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every follow-up's schedule, by person key.
    async fn schedules(&self) -> Result<HashMap<i64, Schedule>, StoreError> {
        let mut out = HashMap::new();
        for r in sqlx::query("SELECT person_id, last_exposure, release FROM followups")
            .fetch_all(self.pool())
            .await?
        {
            out.insert(
                r.get("person_id"),
                Schedule {
                    last_exposure: decode_day(r.get("last_exposure"))?,
                    release: decode_day(r.get("release"))?,
                },
            );
        }
        Ok(out)
    }

    /// The check-ins of the people keyed `ids`, each person's in the order
    /// they were recorded.
    async fn check_ins_of(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<(Day, CheckInState)>>, StoreError> {
        let mut out: HashMap<i64, Vec<(Day, CheckInState)>> = HashMap::new();
        for chunk in ids.chunks(30_000) {
            let mut q = crate::sql::Sql::new(
                "SELECT person_id, day, state FROM checkins WHERE person_id IN (",
            );
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(") ORDER BY id");
            for r in q.build(self.backend).fetch_all(self.pool()).await? {
                out.entry(r.get::<i64, _>("person_id"))
                    .or_default()
                    .push(decode_check_in(&r)?);
            }
        }
        Ok(out)
    }

    /// Every follow-up's schedule with its check-ins, by person key.
    pub async fn followups(&self) -> Result<FollowUps, StoreError> {
        let mut out: FollowUps = self
            .schedules()
            .await?
            .into_iter()
            .map(|(person, schedule)| (person, (schedule, Vec::new())))
            .collect();
        for r in sqlx::query("SELECT person_id, day, state FROM checkins ORDER BY id")
            .fetch_all(self.pool())
            .await?
        {
            if let Some(f) = out.get_mut(&r.get::<i64, _>("person_id")) {
                f.1.push(decode_check_in(&r)?);
            }
        }
        Ok(out)
    }
}

/// One `checkins` row's day and state.
fn decode_check_in(r: &sqlx::any::AnyRow) -> Result<(Day, CheckInState), StoreError> {
    let state: String = r.get("state");
    let state = CheckInState::parse(&state)
        .ok_or_else(|| StoreError::Corrupt(format!("check-in state {state:?}")))?;
    Ok((decode_day(r.get("day"))?, state))
}
