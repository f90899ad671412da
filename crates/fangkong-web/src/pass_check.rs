//! Passes end to end, for every surface (the CLI, the guard's page, the
//! API): issuing one (checked against the unit's level, signed with the
//! current key, kept) and verifying one (signature, the pass kept and not
//! revoked, its period, the level in force for its unit that day).

use fangkong_domain::Day;
use fangkong_domain::movement::{MovementLevel, Purpose};
use fangkong_domain::pass::{IssueError, Pass, Refusal, check, may_issue};
use fangkong_domain::registry::mask;
use fangkong_exchange::pass_token::{self, TokenError};
use fangkong_store::{SigningKey, Store, StoreError};
use jiff::Timestamp;

/// What a verification found.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The pass, once its signature holds.
    pub pass: Option<Pass>,
    /// Valid, or why not.
    pub result: Result<(), Refusal>,
    /// The level in force for its unit that day, if it has one.
    pub level: Option<MovementLevel>,
    /// The day checked.
    pub day: Day,
}

/// A token read: its pass, once the signature holds, and the pass as kept.
#[derive(Debug, Clone)]
pub struct Read {
    /// The pass the token carries.
    pub pass: Pass,
    /// The pass as kept by this server, if it is.
    pub stored: Option<fangkong_store::StoredPass>,
}

/// Reads `token` (or a URL ending in one): checks its signature against the
/// keys kept and finds the pass it names. A refusal here is final.
pub async fn read(store: &Store, token: &str) -> Result<Result<Read, Refusal>, StoreError> {
    let keys = store.signing_keys().await?;
    let pass = match pass_token::verify(token, |kid| {
        keys.iter().find(|k| k.kid == kid).map(|k| k.public)
    }) {
        Ok(pass) => pass,
        Err(TokenError::Unreadable(_)) => return Ok(Err(Refusal::Unreadable)),
        Err(TokenError::UnknownKey(_) | TokenError::BadSignature) => {
            return Ok(Err(Refusal::BadSignature));
        }
    };
    let stored = store.pass(&pass.id).await?;
    Ok(Ok(Read { pass, stored }))
}

/// Judges a pass read on `day`, given the level in force for its unit that day.
pub fn judge(read: &Read, day: Day, level: Option<&MovementLevel>) -> Result<(), Refusal> {
    match &read.stored {
        // Signed by our key yet not kept (a database restored from before
        // it was issued), or kept otherwise: not to be trusted blindly.
        None => Err(Refusal::Unknown),
        Some(s) if s.pass != read.pass => Err(Refusal::Unknown),
        Some(s) => check(&read.pass, day, s.revoked_on, level),
    }
}

/// Verifies `token` (or a URL ending in one) on `day`; `level_of` gives the
/// level in force for a unit code that day.
pub async fn verify(
    store: &Store,
    token: &str,
    day: Day,
    level_of: impl Fn(&str) -> Option<MovementLevel>,
) -> Result<Verdict, StoreError> {
    Ok(match read(store, token).await? {
        Err(refusal) => Verdict {
            pass: None,
            result: Err(refusal),
            level: None,
            day,
        },
        Ok(r) => {
            let level = level_of(&r.pass.unit);
            Verdict {
                result: judge(&r, day, level.as_ref()),
                pass: Some(r.pass),
                level,
                day,
            }
        }
    })
}

/// Why a pass could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueFailure {
    /// The request breaks a rule.
    #[error(transparent)]
    Refused(#[from] IssueError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The token could not be made.
    #[error(transparent)]
    Token(#[from] TokenError),
}

/// An issued pass: what it says and its token.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The pass.
    pub pass: Pass,
    /// Its signed token.
    pub token: String,
}

/// The key that signs now, made (and kept) on first use.
pub async fn signing_key(
    store: &Store,
    at: Timestamp,
    actor: &str,
) -> Result<SigningKey, StoreError> {
    if let Some(k) = store.current_signing_key().await? {
        return Ok(k);
    }
    rotate_key(store, at, actor).await
}

/// Makes a new signing key the current one; older keys are retired (they
/// verify what they signed, and sign no more).
pub async fn rotate_key(
    store: &Store,
    at: Timestamp,
    actor: &str,
) -> Result<SigningKey, StoreError> {
    let secret = fangkong_store::random_secret()?;
    let public = pass_token::public_key(&secret);
    let suffix = fangkong_store::random_token()?;
    let kid = format!("fk-{}-{}", Day::in_shanghai(at), &suffix[..6]);
    store
        .add_signing_key(&kid, &secret, &public, at, actor)
        .await?;
    store.retire_signing_keys_but(&kid, at, actor).await?;
    store
        .current_signing_key()
        .await?
        .ok_or(StoreError::NotFound)
}

/// What a pass request holds.
#[derive(Debug, Clone)]
pub struct PassRequest<'a> {
    /// The unit's code.
    pub unit: &'a str,
    /// The holder's full name.
    pub holder: &'a str,
    /// The purpose.
    pub purpose: Purpose,
    /// The first day.
    pub from: Day,
    /// Days it runs.
    pub days: i64,
    /// The longest a pass may run.
    pub max_days: u32,
}

/// Issues a pass where the unit's level on its first day (`level`) allows
/// its purpose: signs it with the current key and keeps it.
pub async fn issue(
    store: &Store,
    request: &PassRequest<'_>,
    level: Option<&MovementLevel>,
    at: Timestamp,
    actor: &str,
) -> Result<Issued, IssueFailure> {
    let until = may_issue(
        request.from,
        request.days,
        request.max_days,
        request.holder,
        request.purpose,
        level,
    )?;
    let key = signing_key(store, at, actor).await?;
    let id = fangkong_store::random_token()?[..16].to_string();
    let pass = Pass {
        id,
        unit: request.unit.to_string(),
        holder: mask::name(request.holder),
        purpose: request.purpose,
        from: request.from,
        until,
    };
    let token = pass_token::sign(&pass, &key.kid, &key.secret)?;
    store
        .put_pass(&pass, request.holder.trim(), &key.kid, at, actor)
        .await?;
    Ok(Issued { pass, token })
}

/// A refusal in the reader's language.
pub fn refusal_text(
    r: &Refusal,
    lang: crate::i18n::Lang,
    level_shown: Option<&MovementLevel>,
) -> String {
    match r {
        Refusal::NotYet { from } => crate::i18n::catalogue::format(
            lang,
            "pass-refused-not-yet",
            &[("from", from.to_string().into())],
        ),
        Refusal::Expired { until } => crate::i18n::catalogue::format(
            lang,
            "pass-refused-expired",
            &[("until", until.to_string().into())],
        ),
        Refusal::Revoked { on } => crate::i18n::catalogue::format(
            lang,
            "pass-refused-revoked",
            &[("on", on.to_string().into())],
        ),
        Refusal::LevelDisallows { level, purpose } => crate::i18n::catalogue::format(
            lang,
            "pass-refused-level",
            &[
                (
                    "level",
                    match level_shown {
                        Some(l) if l.name == *level => match lang {
                            crate::i18n::Lang::Zh => l.label_zh.clone(),
                            crate::i18n::Lang::En => l.label_en.clone(),
                        }
                        .into(),
                        _ => level.clone().into(),
                    },
                ),
                (
                    "purpose",
                    lang.messages()
                        .label("pass-purpose", purpose.name())
                        .to_string()
                        .into(),
                ),
            ],
        ),
        other => lang
            .messages()
            .t(&format!("pass-refused-{}", other.name().replace('_', "-")))
            .to_string(),
    }
}
