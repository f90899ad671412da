//! Pass tokens: a pass ([`fangkong_domain::pass::Pass`]) as a COSE_Sign1
//! message (RFC 9052, the signed-CBOR envelope of the EU Digital COVID
//! Certificate), signed with Ed25519 (`alg` EdDSA, -8) by a key named in the
//! protected header (`kid`), tagged (CBOR tag 18) and base64url-encoded
//! without padding. The payload is the pass as a CBOR map with text keys
//! (`id`, `unit`, `holder`, `purpose`, `from`, `until`), nothing personal but
//! the masked name. Anyone with the public key verifies a token offline.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use coset::{
    CborSerializable, CoseSign1, CoseSign1Builder, HeaderBuilder, TaggedCborSerializable, iana,
};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use fangkong_domain::pass::Pass;

/// Why a token is not a valid pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not base64url, not COSE_Sign1, or its payload is not a pass.
    #[error("the token cannot be read as a pass: {0}")]
    Unreadable(String),
    /// Signed by a key the verifier does not know.
    #[error("the token is signed by an unknown key {0:?}")]
    UnknownKey(String),
    /// The signature does not hold: the token was altered or forged.
    #[error("the token's signature does not hold")]
    BadSignature,
}

/// The public key of a 32-byte Ed25519 secret.
pub fn public_key(secret: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret).verifying_key().to_bytes()
}

/// Signs `pass` with the key `kid` whose secret is `secret`.
pub fn sign(pass: &Pass, kid: &str, secret: &[u8; 32]) -> Result<String, TokenError> {
    let mut payload = Vec::new();
    coset::cbor::into_writer(pass, &mut payload)
        .map_err(|e| TokenError::Unreadable(e.to_string()))?;
    let key = SigningKey::from_bytes(secret);
    let protected = HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .key_id(kid.as_bytes().to_vec())
        .build();
    let message = CoseSign1Builder::new()
        .protected(protected)
        .payload(payload)
        .create_signature(b"", |data| key.sign(data).to_bytes().to_vec())
        .build();
    let bytes = message
        .to_tagged_vec()
        .map_err(|e| TokenError::Unreadable(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The token in a pass URL (`…/pass/{token}`) or the token itself.
pub fn token_of(text: &str) -> &str {
    let t = text.trim();
    let t = t.split(['?', '#']).next().unwrap_or(t);
    t.rsplit('/').next().unwrap_or(t)
}

/// Reads a token without checking its signature: the key id and the message.
fn open(token: &str) -> Result<(String, CoseSign1), TokenError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(token_of(token))
        .map_err(|e| TokenError::Unreadable(format!("not base64url: {e}")))?;
    let message = CoseSign1::from_tagged_slice(&bytes)
        .or_else(|_| CoseSign1::from_slice(&bytes))
        .map_err(|e| TokenError::Unreadable(format!("not COSE_Sign1: {e}")))?;
    let kid = String::from_utf8(message.protected.header.key_id.clone())
        .map_err(|_| TokenError::Unreadable("the key id is not text".into()))?;
    Ok((kid, message))
}

/// The key id a token names, signature unchecked (to find the key).
pub fn key_id(token: &str) -> Result<String, TokenError> {
    open(token).map(|(kid, _)| kid)
}

/// Verifies a token against the public key its `kid` names (`keys`), and
/// reads the pass it carries.
pub fn verify(token: &str, keys: impl Fn(&str) -> Option<[u8; 32]>) -> Result<Pass, TokenError> {
    let (kid, message) = open(token)?;
    let public = keys(&kid).ok_or_else(|| TokenError::UnknownKey(kid.clone()))?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| TokenError::UnknownKey(kid))?;
    if message.protected.header.alg != Some(coset::Algorithm::Assigned(iana::Algorithm::EdDSA)) {
        return Err(TokenError::BadSignature);
    }
    message.verify_signature(b"", |sig, data| {
        let sig = Signature::from_slice(sig).map_err(|_| TokenError::BadSignature)?;
        key.verify_strict(data, &sig)
            .map_err(|_| TokenError::BadSignature)
    })?;
    let payload = message
        .payload
        .ok_or_else(|| TokenError::Unreadable("no payload".into()))?;
    coset::cbor::from_reader(payload.as_slice())
        .map_err(|e| TokenError::Unreadable(format!("the payload is not a pass: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::Day;
    use fangkong_domain::movement::Purpose;

    fn pass() -> Pass {
        Pass {
            id: "0011223344556677".into(),
            unit: "420102002003-02".into(),
            holder: "王*".into(),
            purpose: Purpose::Essential,
            from: Day::parse("2020-03-20").expect("day"),
            until: Day::parse("2020-03-26").expect("day"),
        }
    }

    const SECRET: [u8; 32] = [7; 32];

    fn keys(kid: &str) -> Option<[u8; 32]> {
        (kid == "k1").then(|| public_key(&SECRET))
    }

    #[test]
    fn a_signed_pass_verifies_and_reads_back() {
        let token = sign(&pass(), "k1", &SECRET).expect("signed");
        assert_eq!(verify(&token, keys), Ok(pass()));
        assert_eq!(key_id(&token), Ok("k1".into()));
        // From a URL too.
        let url = format!("https://fk.example/pass/{token}");
        assert_eq!(verify(&url, keys), Ok(pass()));
    }

    #[test]
    fn any_altered_byte_fails_the_signature_or_the_reading() {
        let token = sign(&pass(), "k1", &SECRET).expect("signed");
        let bytes = URL_SAFE_NO_PAD.decode(&token).expect("b64");
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x01;
            let r = verify(&URL_SAFE_NO_PAD.encode(&bad), keys);
            assert!(r.is_err(), "byte {i} altered still verifies");
        }
    }

    #[test]
    fn a_changed_payload_does_not_verify() {
        let token = sign(&pass(), "k1", &SECRET).expect("signed");
        let bytes = URL_SAFE_NO_PAD.decode(&token).expect("b64");
        let mut message = CoseSign1::from_tagged_slice(&bytes).expect("cose");
        let mut longer = pass();
        longer.until = Day::parse("2020-12-31").expect("day");
        let mut payload = Vec::new();
        coset::cbor::into_writer(&longer, &mut payload).expect("cbor");
        message.payload = Some(payload);
        let forged = URL_SAFE_NO_PAD.encode(message.to_tagged_vec().expect("cbor"));
        assert_eq!(verify(&forged, keys), Err(TokenError::BadSignature));
    }

    #[test]
    fn another_key_or_an_unknown_kid_is_refused() {
        let token = sign(&pass(), "k1", &[9; 32]).expect("signed");
        assert_eq!(verify(&token, keys), Err(TokenError::BadSignature));
        let token = sign(&pass(), "k2", &SECRET).expect("signed");
        assert_eq!(
            verify(&token, keys),
            Err(TokenError::UnknownKey("k2".into()))
        );
        assert!(matches!(
            verify("!!!", keys),
            Err(TokenError::Unreadable(_))
        ));
        assert!(matches!(
            verify("AAAA", keys),
            Err(TokenError::Unreadable(_))
        ));
    }

    #[test]
    fn the_token_is_tagged_cose_sign1_with_eddsa_and_the_kid_protected() {
        let token = sign(&pass(), "k1", &SECRET).expect("signed");
        let bytes = URL_SAFE_NO_PAD.decode(&token).expect("b64");
        assert_eq!(bytes[0], 0xd2, "CBOR tag 18");
        let message = CoseSign1::from_tagged_slice(&bytes).expect("cose");
        assert_eq!(message.protected.header.key_id, b"k1");
        assert_eq!(
            message.protected.header.alg,
            Some(coset::Algorithm::Assigned(iana::Algorithm::EdDSA))
        );
    }
}
