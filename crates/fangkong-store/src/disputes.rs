//! The disputes register as stored: a dispute with its parties, written with
//! an audit line; its mediation steps appended after the domain has checked
//! they follow; read back per unit with their whole history.

use std::collections::HashMap;

use fangkong_domain::UnitCode;
use fangkong_domain::disputes::{
    DisputeChange, DisputeError, DisputeKind, DisputeStatus, DisputeStep, Risk, dispute_status,
};
use jiff::Timestamp;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_timestamp, encode_timestamp};
use crate::{Store, StoreError};

/// A party to a dispute (personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The name.
    pub name: String,
    /// The phone, if known.
    pub phone: Option<String>,
    /// Their side: `complainant`, `respondent`, or a word of the recorder's.
    pub role: String,
}

/// A dispute to record.
#[derive(Debug, Clone)]
pub struct NewDispute {
    /// The reference (unique).
    pub reference: String,
    /// The unit where it arose.
    pub unit: UnitCode,
    /// What kind.
    pub kind: DisputeKind,
    /// How likely to escalate.
    pub risk: Risk,
    /// What happened.
    pub summary: String,
    /// When it was reported.
    pub reported_at: Timestamp,
    /// The parties.
    pub parties: Vec<Party>,
}

/// A stored dispute with its history.
#[derive(Debug, Clone)]
pub struct StoredDispute {
    /// The reference.
    pub reference: String,
    /// The unit.
    pub unit: UnitCode,
    /// What kind.
    pub kind: DisputeKind,
    /// How likely to escalate.
    pub risk: Risk,
    /// What happened.
    pub summary: String,
    /// When it was reported.
    pub reported_at: Timestamp,
    /// Who recorded it.
    pub recorded_by: String,
    /// The parties.
    pub parties: Vec<Party>,
    /// Its steps, oldest first.
    pub steps: Vec<DisputeChange>,
}

impl StoredDispute {
    /// Where it stands.
    pub fn status(&self) -> Result<DisputeStatus, DisputeError> {
        dispute_status(&self.steps)
    }
}

/// Why a step was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum DisputeStepError {
    /// Occurs when no dispute has the reference.
    #[error("no dispute {0}")]
    NotFound(String),
    /// Occurs when the step does not follow.
    #[error(transparent)]
    Rules(#[from] DisputeError),
    /// Occurs when the database fails.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Records a dispute and its parties, with an audit line.
    pub async fn add_dispute(
        &self,
        d: &NewDispute,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let unit_id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
            .bind(d.unit.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO disputes (ref, unit_id, kind, risk, summary, reported_at, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&d.reference)
        .bind(unit_id)
        .bind(d.kind.name())
        .bind(d.risk.name())
        .bind(&d.summary)
        .bind(encode_timestamp(d.reported_at))
        .bind(actor)
        .bind(encode_timestamp(at))
        .fetch_one(&mut *tx)
        .await?;
        for p in &d.parties {
            sqlx::query(
                "INSERT INTO dispute_parties (dispute_id, name, phone, role) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&p.name)
            .bind(&p.phone)
            .bind(&p.role)
            .execute(&mut *tx)
            .await?;
        }
        // The audit line names the dispute, never the parties.
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "disputes.add", Outcome::Done)
                .on(format!("dispute {} in {}", d.reference, d.unit)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks `change` against the dispute's steps and appends it; returns
    /// where the dispute stands after.
    pub async fn add_dispute_step(
        &self,
        reference: &str,
        change: &DisputeChange,
    ) -> Result<DisputeStatus, DisputeStepError> {
        let d = self
            .dispute(reference)
            .await?
            .ok_or_else(|| DisputeStepError::NotFound(reference.to_string()))?;
        let mut all = d.steps.clone();
        all.push(change.clone());
        let after = dispute_status(&all)?;
        let to = match &change.step {
            DisputeStep::Referred { to } => Some(to.clone()),
            _ => None,
        };
        let mut tx = self.begin_write().await.map_err(StoreError::from)?;
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM dispute_steps s JOIN disputes d ON d.id = s.dispute_id WHERE d.ref = $1",
        )
        .bind(reference)
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        if count as usize != d.steps.len() {
            return Err(StoreError::Conflict(format!(
                "dispute {reference} was changed meanwhile: look again, then retry"
            ))
            .into());
        }
        sqlx::query(
            "INSERT INTO dispute_steps (dispute_id, at, actor, step, referred_to, note) \
             SELECT id, $2, $3, $4, $5, $6 FROM disputes WHERE ref = $1",
        )
        .bind(reference)
        .bind(encode_timestamp(change.at))
        .bind(&change.actor)
        .bind(change.step.name())
        .bind(to)
        .bind(&change.note)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(after)
    }

    /// Every dispute, oldest first, with its parties and steps.
    pub async fn disputes(&self) -> Result<Vec<StoredDispute>, StoreError> {
        self.fetch_disputes(None).await
    }

    /// The dispute with this reference.
    pub async fn dispute(&self, reference: &str) -> Result<Option<StoredDispute>, StoreError> {
        if !crate::codec::storable(reference) {
            return Ok(None);
        }
        Ok(self
            .fetch_disputes(Some(reference))
            .await?
            .into_iter()
            .next())
    }

    async fn fetch_disputes(
        &self,
        reference: Option<&str>,
    ) -> Result<Vec<StoredDispute>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.id, d.ref, u.code, d.kind, d.risk, d.summary, d.reported_at, d.recorded_by \
             FROM disputes d JOIN units u ON u.id = d.unit_id \
             WHERE $1 IS NULL OR d.ref = $1 ORDER BY d.reported_at, d.id",
        )
        .bind(reference)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut at: HashMap<i64, usize> = HashMap::new();
        for r in rows {
            at.insert(r.get("id"), out.len());
            let corrupt =
                |what: &str, v: &str| StoreError::Corrupt(format!("dispute {what} {v:?}"));
            let kind: String = r.get("kind");
            let risk: String = r.get("risk");
            out.push(StoredDispute {
                reference: r.get("ref"),
                unit: decode_code(r.get("code"))?,
                kind: DisputeKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                risk: Risk::parse(&risk).ok_or_else(|| corrupt("risk", &risk))?,
                summary: r.get("summary"),
                reported_at: decode_timestamp(r.get("reported_at"))?,
                recorded_by: r.get("recorded_by"),
                parties: Vec::new(),
                steps: Vec::new(),
            });
        }
        if out.is_empty() {
            return Ok(out);
        }
        // The register is small (hundreds per district): read its parts whole.
        for r in
            sqlx::query("SELECT dispute_id, name, phone, role FROM dispute_parties ORDER BY id")
                .fetch_all(self.pool())
                .await?
        {
            if let Some(&k) = at.get(&r.get::<i64, _>("dispute_id")) {
                out[k].parties.push(Party {
                    name: r.get("name"),
                    phone: r.get("phone"),
                    role: r.get("role"),
                });
            }
        }
        for r in sqlx::query(
            "SELECT dispute_id, at, actor, step, referred_to, note FROM dispute_steps ORDER BY dispute_id, id",
        )
        .fetch_all(self.pool())
        .await?
        {
            if let Some(&k) = at.get(&r.get::<i64, _>("dispute_id")) {
                let name: String = r.get("step");
                let to: Option<String> = r.get("referred_to");
                let step = DisputeStep::from_parts(&name, to.as_deref())
                    .map_err(|e| StoreError::Corrupt(format!("dispute step: {e}")))?;
                out[k].steps.push(DisputeChange {
                    at: decode_timestamp(r.get("at"))?,
                    actor: r.get("actor"),
                    step,
                    note: r.get("note"),
                });
            }
        }
        Ok(out)
    }
}
