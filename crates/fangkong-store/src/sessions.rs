//! Browser sessions (with their CSRF token) and bearer tokens for machine
//! clients. Only SHA-256 hashes of the secrets are stored.

use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

use crate::accounts::{Account, account_columns, decode_account};
use crate::codec::encode_timestamp;
use crate::secret::{random_token, token_hash};
use crate::{AuditEntry, Outcome};
use crate::{Store, StoreError};

/// A new session's secrets, handed to the browser once.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value.
    pub token: String,
    /// The token every form and every state-changing request must carry.
    pub csrf_token: String,
    /// When the session ends.
    pub expires_at: Timestamp,
}

/// A live session: whose, and its CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    /// The signed-in account.
    pub account: Account,
    /// The session's CSRF token.
    pub csrf_token: String,
}

impl Store {
    /// Opens a session for `user_id` lasting `ttl` from `at`.
    pub async fn open_session(
        &self,
        user_id: i64,
        at: Timestamp,
        ttl: SignedDuration,
    ) -> Result<NewSession, StoreError> {
        let token = random_token()?;
        let csrf_token = random_token()?;
        let expires_at = at
            .checked_add(ttl)
            .map_err(|e| StoreError::Corrupt(format!("session expiry: {e}")))?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(&csrf_token)
        .bind(encode_timestamp(at))
        .bind(encode_timestamp(expires_at))
        .execute(self.pool())
        .await?;
        Ok(NewSession {
            token,
            csrf_token,
            expires_at,
        })
    }

    /// The live session of `token` at `now`: `None` if unknown, expired, or its
    /// account disabled.
    pub async fn session(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            ", s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL"
        ))
        .bind(token_hash(token))
        .bind(encode_timestamp(now))
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(Session {
                account: decode_account(&row)?,
                csrf_token: row.get("csrf_token"),
            })
        })
        .transpose()
    }

    /// Ends the session of `token` (logout).
    pub async fn close_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Issues a bearer token for `user_id`, valid until `expires_at`; returns the
    /// token, which is shown once and never stored.
    pub async fn issue_token(
        &self,
        user_id: i64,
        label: &str,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<String, StoreError> {
        let token = random_token()?;
        sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(label)
        .bind(encode_timestamp(at))
        .bind(encode_timestamp(expires_at))
        .execute(self.pool())
        .await?;
        Ok(token)
    }

    /// Revokes one bearer token, given the token itself; `false` if no
    /// token is that one. Audited.
    pub async fn revoke_token(
        &self,
        token: &str,
        at: Timestamp,
        actor: Option<&str>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "DELETE FROM api_tokens WHERE token_hash = $1 \
             RETURNING (SELECT username FROM users WHERE id = api_tokens.user_id) AS username, label",
        )
        .bind(token_hash(token))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let username: String = row.get("username");
        let label: String = row.get("label");
        crate::audit::append(
            &mut tx,
            &AuditEntry::new(at, actor, "token.revoke", Outcome::Done)
                .on(username)
                .because(Some(format!("token labelled {label:?}"))),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Revokes every bearer token of account `user_id`; returns how many.
    /// Audited.
    pub async fn revoke_tokens_of(
        &self,
        user_id: i64,
        at: Timestamp,
        actor: Option<&str>,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let username: String = sqlx::query("SELECT username FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?
            .get("username");
        crate::audit::append(
            &mut tx,
            &AuditEntry::new(at, actor, "token.revoke_all", Outcome::Done)
                .on(username)
                .because(Some(format!("{done} token(s)"))),
        )
        .await?;
        tx.commit().await?;
        Ok(done)
    }

    /// The account of bearer `token` at `now`: `None` if unknown, expired, or its
    /// account disabled.
    pub async fn token_account(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            " FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND u.disabled_at IS NULL"
        ))
        .bind(token_hash(token))
        .bind(encode_timestamp(now))
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(decode_account).transpose()
    }
}
