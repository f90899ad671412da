//! Accounts: who can sign in, with which role and over which subtree.

use fangkong_domain::UnitCode;
use fangkong_domain::access::{Password, Principal, Role, Username};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_code, decode_timestamp, encode_timestamp};
use crate::secret::{DECOY_HASH, hash_password, verify_password};
use crate::{Store, StoreError};

/// A stored account (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The database key.
    pub id: i64,
    /// The login name.
    pub username: Username,
    /// The name shown on pages.
    pub display_name: String,
    /// What the account is.
    pub role: Role,
    /// The root of its subtree.
    pub scope: UnitCode,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was disabled, if it was.
    pub disabled_at: Option<Timestamp>,
    /// Whether it may export personal data (granted apart from the role).
    pub may_export_personal: bool,
}

impl Account {
    /// The account as the access rules see it.
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: self.id,
            username: self.username.clone(),
            role: self.role,
            scope: self.scope.clone(),
            may_export_personal: self.may_export_personal,
        }
    }
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// The login name.
    pub username: Username,
    /// The name shown on pages.
    pub display_name: String,
    /// What the account is.
    pub role: Role,
    /// The root of its subtree.
    pub scope: UnitCode,
    /// The first password.
    pub password: Password,
}

/// The columns of an account, for `concat!` into static SQL.
macro_rules! account_columns {
    () => {
        "u.id, u.username, u.display_name, u.role, u.scope_code, u.created_at, u.disabled_at, u.may_export_personal"
    };
}
pub(crate) use account_columns;

pub(crate) fn decode_account(row: &AnyRow) -> Result<Account, StoreError> {
    let username: &str = row.get("username");
    let role: &str = row.get("role");
    Ok(Account {
        id: row.get("id"),
        username: Username::parse(username)
            .map_err(|e| StoreError::Corrupt(format!("username {username:?}: {e}")))?,
        display_name: row.get("display_name"),
        role: role
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("{e}")))?,
        scope: decode_code(row.get("scope_code"))?,
        created_at: decode_timestamp(row.get("created_at"))?,
        disabled_at: row
            .get::<Option<&str>, _>("disabled_at")
            .map(decode_timestamp)
            .transpose()?,
        may_export_personal: crate::codec::flag(row, "may_export_personal"),
    })
}

impl Store {
    /// Creates an account, audited as the work of `actor`; `Conflict` if the
    /// username is taken. The scope must be a stored unit.
    pub async fn add_account(
        &self,
        new: &NewAccount,
        at: Timestamp,
        actor: Option<&str>,
    ) -> Result<Account, StoreError> {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
            .bind(new.scope.as_str())
            .fetch_optional(self.pool())
            .await?;
        if known.is_none() {
            return Err(StoreError::Conflict(format!(
                "scope {} is not a known unit",
                new.scope
            )));
        }
        let hash =
            off_the_workers(|p| hash_password(&p), new.password.expose().to_string()).await??;
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, role, scope_code, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.username.as_str())
        .bind(&new.display_name)
        .bind(new.role.name())
        .bind(new.scope.as_str())
        .bind(hash)
        .bind(encode_timestamp(at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("the username {} is taken", new.username))
            }
            other => other,
        })?;
        let entry = AuditEntry::new(at, actor, "account.add", Outcome::Done)
            .on(new.username.as_str())
            .values(
                None,
                Some(format!("{} {} {}", new.role, new.scope, new.display_name)),
            );
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        self.account(id).await
    }

    /// The account with key `id`.
    pub async fn account(&self, id: i64) -> Result<Account, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            " FROM users u WHERE u.id = $1"
        ))
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        decode_account(&row)
    }

    /// The account named `username`.
    pub async fn account_named(&self, username: &Username) -> Result<Account, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            " FROM users u WHERE u.username = $1"
        ))
        .bind(username.as_str())
        .fetch_one(self.pool())
        .await?;
        decode_account(&row)
    }

    /// Every account, by username.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            " FROM users u ORDER BY u.username"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(decode_account).collect()
    }

    /// Disables an account and ends its sessions and tokens at once, audited as the
    /// work of `actor`.
    pub async fn disable_account(
        &self,
        username: &Username,
        at: Timestamp,
        actor: Option<&str>,
    ) -> Result<Account, StoreError> {
        let account = self.account_named(username).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET disabled_at = COALESCE(disabled_at, $1) WHERE id = $2")
            .bind(encode_timestamp(at))
            .bind(account.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(account.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
            .bind(account.id)
            .execute(&mut *tx)
            .await?;
        let entry = AuditEntry::new(at, actor, "account.disable", Outcome::Done)
            .on(username.as_str())
            .values(Some("enabled".into()), Some("disabled".into()));
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        self.account(account.id).await
    }

    /// Grants or withdraws the export of personal data, audited.
    pub async fn grant_export(
        &self,
        username: &Username,
        granted: bool,
        at: Timestamp,
        actor: Option<&str>,
    ) -> Result<Account, StoreError> {
        let account = self.account_named(username).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET may_export_personal = $1 WHERE id = $2")
            .bind(i64::from(granted))
            .bind(account.id)
            .execute(&mut *tx)
            .await?;
        let word = |g: bool| {
            if g {
                "may export personal data"
            } else {
                "may not export personal data"
            }
        };
        let entry = AuditEntry::new(at, actor, "account.export_grant", Outcome::Done)
            .on(username.as_str())
            .values(
                Some(word(account.may_export_personal).into()),
                Some(word(granted).into()),
            );
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        self.account(account.id).await
    }

    /// The enabled account named `username` if `password` is its password. An
    /// unknown name costs the same hashing time as a wrong password.
    pub async fn check_password(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            ", u.password_hash FROM users u WHERE u.username = $1"
        ))
        .bind(username.trim())
        .fetch_optional(self.pool())
        .await?;
        let hash: String = row
            .as_ref()
            .map(|r| r.get("password_hash"))
            .unwrap_or_else(|| DECOY_HASH.to_string());
        let password = password.to_string();
        let matches = off_the_workers(move |p| verify_password(&p, &hash), password).await?;
        match row {
            Some(row) if matches => {
                let account = decode_account(&row)?;
                Ok(account.disabled_at.is_none().then_some(account))
            }
            _ => Ok(None),
        }
    }
}

/// Runs argon2 (tens of milliseconds of CPU) on tokio's blocking pool, so that a
/// burst of logins never stalls the requests being served beside it.
async fn off_the_workers<T: Send + 'static>(
    f: impl FnOnce(String) -> T + Send + 'static,
    input: String,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(move || f(input))
        .await
        .map_err(|e| StoreError::Corrupt(format!("password hashing stopped: {e}")))
}
