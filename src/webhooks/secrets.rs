//! Signing secrets: made (`whsec_` and 32 random bytes in base64, as Standard Webhooks
//! writes them), kept encrypted at rest (XChaCha20-Poly1305 under `SSC_WEBHOOK_KEY`, the
//! subscription's id bound in as associated data so a ciphertext moved to another row
//! does not open), and used to sign (`v1,` and base64 of HMAC-SHA256 over
//! `id.timestamp.body`).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::ApiError;

const PREFIX: &str = "whsec_";
/// Stored ciphertexts start with this, so that a later format can be told apart.
const FORMAT: &str = "v1.";
const NONCE_BYTES: usize = 24;

/// A signing secret in the clear: lives in memory only while it is shown or used, and
/// never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningSecret(String);

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSecret(***)")
    }
}

impl SigningSecret {
    /// A new random secret.
    pub fn generate() -> Result<Self, ApiError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
        Ok(SigningSecret(format!("{PREFIX}{}", STANDARD.encode(bytes))))
    }

    /// The `whsec_…` text, to show once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn key(&self) -> Result<Vec<u8>, ApiError> {
        STANDARD
            .decode(self.0.trim_start_matches(PREFIX))
            .map_err(|_| ApiError::internal("a stored signing secret is not base64"))
    }

    /// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> Result<String, ApiError> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key()?)
            .map_err(|_| ApiError::internal("HMAC takes keys of any length"))?;
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        Ok(format!(
            "v1,{}",
            STANDARD.encode(mac.finalize().into_bytes())
        ))
    }
}

/// The `webhook-signature` header: one signature per secret, space-separated (during a
/// rotation's overlap, the new secret's and the previous one's).
pub fn signature_header(
    secrets: &[SigningSecret],
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<String, ApiError> {
    let signatures: Vec<String> = secrets
        .iter()
        .map(|s| s.sign(id, timestamp, body))
        .collect::<Result<_, _>>()?;
    Ok(signatures.join(" "))
}

/// Encrypts and decrypts signing secrets with the configured key.
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

impl SecretBox {
    /// From `SSC_WEBHOOK_KEY`: 32 bytes written as 64 hexadecimal digits.
    pub fn from_hex(key: &[u8]) -> Result<Self, String> {
        let text = std::str::from_utf8(key)
            .map_err(|_| "not text".to_owned())?
            .trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "must be 32 bytes written as 64 hexadecimal digits (openssl rand -hex 32), got {} characters",
                text.len()
            ));
        }
        let bytes: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("checked hex"))
            .collect();
        Ok(SecretBox {
            cipher: XChaCha20Poly1305::new_from_slice(&bytes).expect("32 bytes"),
        })
    }

    /// Without `SSC_WEBHOOK_KEY`: a key derived from the JWT secret (HMAC-SHA256 of a
    /// fixed label under it), so that it is never the signing key itself.
    pub fn derived_from(jwt_secret: &[u8]) -> Self {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(jwt_secret)
            .expect("HMAC takes keys of any length");
        mac.update(b"ssc-api webhook secrets at rest v1");
        SecretBox {
            cipher: XChaCha20Poly1305::new_from_slice(&mac.finalize().into_bytes())
                .expect("32 bytes"),
        }
    }

    /// The secret of subscription `owner`, encrypted, as stored.
    pub fn seal(&self, owner: &str, secret: &SigningSecret) -> Result<String, ApiError> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce)
            .map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
        let sealed = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: secret.0.as_bytes(),
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| ApiError::internal("encrypting a signing secret failed"))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(format!("{FORMAT}{}", STANDARD.encode(out)))
    }

    /// The secret of subscription `owner` from its stored form. Fails when the key is not
    /// the one it was sealed with (`SSC_WEBHOOK_KEY` changed) or the row is not `owner`'s.
    pub fn open(&self, owner: &str, stored: &str) -> Result<SigningSecret, ApiError> {
        let unreadable = || {
            ApiError::internal(format!(
                "the signing secret of webhook {owner} does not decrypt: was SSC_WEBHOOK_KEY changed?"
            ))
        };
        let bytes = stored
            .strip_prefix(FORMAT)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .filter(|b| b.len() > NONCE_BYTES)
            .ok_or_else(unreadable)?;
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| unreadable())?;
        let clear = self
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| unreadable())?;
        String::from_utf8(clear)
            .map(SigningSecret)
            .map_err(|_| unreadable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn sealed_secrets_open_only_for_their_owner_and_key() {
        let sealed_box = SecretBox::from_hex(KEY).unwrap();
        let secret = SigningSecret::generate().unwrap();
        assert!(secret.expose().starts_with("whsec_"));
        let stored = sealed_box.seal("a", &secret).unwrap();
        assert!(!stored.contains(secret.expose().trim_start_matches(PREFIX)));
        assert_eq!(sealed_box.open("a", &stored).unwrap(), secret);
        assert!(sealed_box.open("b", &stored).is_err(), "bound to its row");
        let other = SecretBox::from_hex(&[b'f'; 64]).unwrap();
        assert!(other.open("a", &stored).is_err(), "bound to its key");
        assert!(SecretBox::from_hex(b"short").is_err());
        // Derived from the JWT secret: the same for every replica, another for another.
        let derived = SecretBox::derived_from(b"a jwt secret of thirty-two bytes!");
        let stored = derived.seal("a", &secret).unwrap();
        let again = SecretBox::derived_from(b"a jwt secret of thirty-two bytes!");
        assert_eq!(again.open("a", &stored).unwrap(), secret);
        assert!(
            SecretBox::derived_from(b"another secret")
                .open("a", &stored)
                .is_err()
        );
        assert_eq!(format!("{secret:?}"), "SigningSecret(***)");
    }

    #[test]
    fn signs_as_standard_webhooks_does() {
        // The specification's own example.
        let secret = SigningSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned());
        let signed = secret
            .sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                br#"{"test": 2432232314}"#,
            )
            .unwrap();
        assert_eq!(signed, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
