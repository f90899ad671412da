//! Secrets: random tokens for sessions and API clients (only their SHA-256 is
//! stored), and argon2id password hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

use crate::StoreError;

/// A fresh random token: 32 bytes from the operating system, as 64 hex digits.
pub fn random_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness from the system: {e}")))?;
    Ok(hex(&bytes))
}

/// 32 fresh random bytes from the operating system (a signing key's secret).
pub fn random_secret() -> Result<[u8; 32], StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness from the system: {e}")))?;
    Ok(bytes)
}

/// A new reference for a record taken in without one (an appeal, a
/// dispute): `prefix`, a dash and 48 random bits as hex.
pub fn new_reference(prefix: &str) -> Result<String, StoreError> {
    let token = random_token()?;
    Ok(format!("{prefix}-{}", &token[..12]))
}

/// A new appeal reference a person can read over the phone: ten digits, the
/// last a check digit (`fangkong_domain::appeals::reference`).
pub fn new_appeal_reference() -> Result<String, StoreError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness from the system: {e}")))?;
    Ok(fangkong_domain::appeals::reference::numeric(
        u64::from_le_bytes(bytes),
    ))
}

/// The stored form of a token: its SHA-256 as hex. A token has 256 random bits, so
/// a fast hash is enough (a slow one is for guessable passwords).
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes, the
/// OWASP minimum) and a random salt, in PHC string form.
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| StoreError::Corrupt(format!("no randomness from the system: {e}")))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| StoreError::Corrupt(format!("password salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("password hash: {e}")))
}

/// Whether `password` matches the stored PHC `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of no one's password, verified against when the username is unknown so
/// that a wrong name takes as long as a wrong password (no enumeration by timing).
pub(crate) const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$ZmFuZ2tvbmdkZWNveXNhbHQ$O3nxCOzWbqgQtVnZ+q4u2m1qXDM5YAkGZ0MaOnhuc3c";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = random_token().expect("token");
        let b = random_token().expect("token");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let h = hash_password("fangkong-2020").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("fangkong-2020", &h));
        assert!(!verify_password("fangkong-2021", &h));
        assert!(!verify_password("fangkong-2020", "not a hash"));
        assert_ne!(h, hash_password("fangkong-2020").expect("hash"), "salted");
    }

    #[test]
    fn the_decoy_hash_parses() {
        assert!(PasswordHash::new(DECOY_HASH).is_ok());
        assert!(!verify_password("", DECOY_HASH));
    }
}
