//! Passes (出入证) and the keys that sign them. A key's secret stays in the
//! database; the newest unretired key signs, and every key, retired or not,
//! still verifies what it signed (rotation: add a key, retire the old one
//! once its passes have run out).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fangkong_domain::movement::Purpose;
use fangkong_domain::pass::Pass;
use fangkong_domain::{Day, UnitCode};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_day, decode_timestamp, encode_timestamp};
use crate::{Store, StoreError};

/// A signing key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKey {
    /// Its key id (`kid` in each token's protected header).
    pub kid: String,
    /// The Ed25519 secret.
    pub secret: [u8; 32],
    /// The Ed25519 public key.
    pub public: [u8; 32],
    /// When it was made.
    pub created_at: Timestamp,
    /// When it stopped signing, if it has.
    pub retired_at: Option<Timestamp>,
}

/// A pass as stored: the signed content, its holder's full name (shown only
/// to those who see personal data), and its revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPass {
    /// What the token carries.
    pub pass: Pass,
    /// The holder's name in full.
    #[serde(skip)]
    pub holder: String,
    /// The key that signed it.
    pub kid: String,
    /// When it was issued.
    pub issued_at: Timestamp,
    /// Who issued it.
    pub issued_by: String,
    /// The day it was revoked, if it was.
    pub revoked_on: Option<Day>,
    /// Why.
    pub revoke_reason: Option<String>,
}

fn bytes32(text: &str, what: &str) -> Result<[u8; 32], StoreError> {
    STANDARD
        .decode(text)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("{what} is not 32 bytes of base64")))
}

fn decode_key(r: &sqlx::any::AnyRow) -> Result<SigningKey, StoreError> {
    let retired: Option<String> = r.get("retired_at");
    Ok(SigningKey {
        kid: r.get("kid"),
        secret: bytes32(r.get("secret"), "a signing key's secret")?,
        public: bytes32(r.get("public"), "a signing key's public key")?,
        created_at: decode_timestamp(r.get("created_at"))?,
        retired_at: retired.map(|t| decode_timestamp(&t)).transpose()?,
    })
}

fn decode_pass(r: &sqlx::any::AnyRow) -> Result<StoredPass, StoreError> {
    let purpose: String = r.get("purpose");
    let revoked: Option<String> = r.get("revoked_on");
    Ok(StoredPass {
        pass: Pass {
            id: r.get("id"),
            unit: r.get("code"),
            holder: r.get("holder_masked"),
            purpose: Purpose::parse(&purpose)
                .ok_or_else(|| StoreError::Corrupt(format!("pass purpose {purpose:?}")))?,
            from: decode_day(r.get("from_day"))?,
            until: decode_day(r.get("until_day"))?,
        },
        holder: r.get("holder"),
        kid: r.get("kid"),
        issued_at: decode_timestamp(r.get("issued_at"))?,
        issued_by: r.get("issued_by"),
        revoked_on: revoked.map(|d| decode_day(&d)).transpose()?,
        revoke_reason: r.get("revoke_reason"),
    })
}

const PASS_COLUMNS: &str = "p.id, u.code, p.holder, p.holder_masked, p.purpose, p.from_day, p.until_day, \
     p.kid, p.issued_at, p.issued_by, p.revoked_on, p.revoke_reason";

impl Store {
    /// Adds a signing key (the newest unretired key signs from now on).
    pub async fn add_signing_key(
        &self,
        kid: &str,
        secret: &[u8; 32],
        public: &[u8; 32],
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO signing_keys (kid, secret, public, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(kid)
        .bind(STANDARD.encode(secret))
        .bind(STANDARD.encode(public))
        .bind(encode_timestamp(at))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "pass_key.add", Outcome::Done).on(kid.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Retires every key but `keep`: they verify, and sign no more.
    pub async fn retire_signing_keys_but(
        &self,
        keep: &str,
        at: Timestamp,
        actor: &str,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE signing_keys SET retired_at = $1 WHERE kid <> $2 AND retired_at IS NULL",
        )
        .bind(encode_timestamp(at))
        .bind(keep)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "pass_key.retire", Outcome::Done)
                .values(None, Some(format!("{n} keys retired, {keep} signs"))),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Every signing key, oldest first.
    pub async fn signing_keys(&self) -> Result<Vec<SigningKey>, StoreError> {
        sqlx::query("SELECT kid, secret, public, created_at, retired_at FROM signing_keys ORDER BY created_at, kid")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(decode_key)
            .collect()
    }

    /// The key that signs now: the newest unretired one.
    pub async fn current_signing_key(&self) -> Result<Option<SigningKey>, StoreError> {
        Ok(self
            .signing_keys()
            .await?
            .into_iter()
            .rev()
            .find(|k| k.retired_at.is_none()))
    }

    /// Keeps an issued pass; one audit entry naming the pass and unit, no name.
    pub async fn put_pass(
        &self,
        pass: &Pass,
        holder: &str,
        kid: &str,
        at: Timestamp,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "INSERT INTO passes (id, unit_id, holder, holder_masked, purpose, from_day, until_day, kid, issued_at, issued_by) \
             SELECT $1, u.id, $2, $3, $4, $5, $6, $7, $8, $9 FROM units u WHERE u.code = $10",
        )
        .bind(&pass.id)
        .bind(holder)
        .bind(&pass.holder)
        .bind(pass.purpose.name())
        .bind(pass.from.to_string())
        .bind(pass.until.to_string())
        .bind(kid)
        .bind(encode_timestamp(at))
        .bind(actor)
        .bind(&pass.unit)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(format!(
                "unit {} is not in the tree",
                pass.unit
            )));
        }
        audit::append(
            &mut tx,
            &AuditEntry::new(at, Some(actor), "pass.issue", Outcome::Done)
                .on(format!("pass {} of unit {}", pass.id, pass.unit))
                .values(
                    None,
                    Some(format!(
                        "{} from {} until {}",
                        pass.purpose, pass.from, pass.until
                    )),
                ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One pass by its id.
    pub async fn pass(&self, id: &str) -> Result<Option<StoredPass>, StoreError> {
        if !crate::codec::storable(id) {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {PASS_COLUMNS} FROM passes p JOIN units u ON u.id = p.unit_id WHERE p.id = $1"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(decode_pass)
            .transpose()
    }

    /// Every pass of the units whose codes are given (all passes if none), newest first.
    pub async fn passes(&self, units: Option<&[UnitCode]>) -> Result<Vec<StoredPass>, StoreError> {
        let sql = format!(
            "SELECT {PASS_COLUMNS} FROM passes p JOIN units u ON u.id = p.unit_id ORDER BY p.issued_at DESC, p.id"
        );
        let all = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(decode_pass)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(match units {
            None => all,
            Some(codes) => all
                .into_iter()
                .filter(|p| codes.iter().any(|c| c.as_str() == p.pass.unit))
                .collect(),
        })
    }

    /// Revokes a pass from `on`; a pass already revoked keeps its first revocation.
    pub async fn revoke_pass(
        &self,
        id: &str,
        on: Day,
        reason: &str,
        at: Timestamp,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE passes SET revoked_on = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND revoked_on IS NULL",
        )
        .bind(on.to_string())
        .bind(actor)
        .bind(reason)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            audit::append(
                &mut tx,
                &AuditEntry::new(at, Some(actor), "pass.revoke", Outcome::Done)
                    .on(format!("pass {id}"))
                    .because(Some(reason.to_string())),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }
}
