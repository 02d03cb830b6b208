//! Issuing and verifying bearer tokens.
//!
//! The API's own tokens are HS256, signed with the configured secret: minted by
//! `ssc-api token` for people and by `POST /api/v1/auth/token` for API clients. Tokens of
//! trusted external issuers are verified with their configured keys. Either way the
//! algorithm is pinned by the verifier (a token whose header names another one, `none`
//! included, is refused), and `exp`, `iss`, `aud` and `sub` are required.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::issuers::TrustedIssuers;
use crate::auth::{CLOCK_LEEWAY_SECONDS, Caller, Role, unauthorized_invalid};
use crate::error::ApiError;
use crate::l10n::Message;
use crate::msg;
use crate::pagination::Cursors;
use crate::secret::Secret;

const MAX_SUBJECT_LEN: usize = 256;

/// The claims of the API's own tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// The API client the token was issued to (client-credentials tokens only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cid: Option<Uuid>,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub iat: u64,
}

/// What a verified token says.
#[derive(Debug, Clone)]
pub struct Verified {
    pub caller: Caller,
    /// Set for tokens issued to an API client, whose revocation is checked per request.
    pub client_id: Option<Uuid>,
}

/// Key material and rules for issuing and verifying tokens.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    external: TrustedIssuers,
    /// Signs list cursors, with a key derived from the same secret.
    cursors: Cursors,
    /// The API's own tokens verified lately.
    verified: VerifiedTokens,
}

/// The API's own tokens that passed every check lately, with the last second they stay
/// valid: a client sends the same token with every request, and checking its signature
/// and claims again is about a fifth of a point read's work (measured with callgrind).
/// Only a token that verified is kept, so a caller without a valid token cannot fill it;
/// its size is bounded (cleared when full). What can change while a token is kept is
/// checked per request elsewhere: API clients' revocation (`authenticate`). Tokens of
/// external issuers are not kept (their keys may be withdrawn).
#[derive(Default)]
struct VerifiedTokens(Mutex<HashMap<Box<str>, (Verified, u64)>>);

/// Tokens kept at most (a few hundred bytes each).
const VERIFIED_TOKENS: usize = 4096;

impl VerifiedTokens {
    fn get(&self, token: &str, now: u64) -> Option<Verified> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(token)
            .filter(|(_, valid_until)| now <= *valid_until)
            .map(|(verified, _)| verified.clone())
    }

    fn keep(&self, token: &str, verified: &Verified, valid_until: u64) {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= VERIFIED_TOKENS {
            kept.clear();
        }
        kept.insert(token.into(), (verified.clone(), valid_until));
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl TokenKeys {
    pub fn new(secret: &Secret, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = CLOCK_LEEWAY_SECONDS;
        validation.validate_nbf = true;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret.expose()),
            decoding: DecodingKey::from_secret(secret.expose()),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            external: TrustedIssuers::default(),
            cursors: Cursors::new(secret.expose()),
            verified: VerifiedTokens::default(),
        }
    }

    /// The cursor signer of this service (every replica has the same secret).
    pub fn cursors(&self) -> &Cursors {
        &self.cursors
    }

    /// Trust tokens from these external issuers too.
    pub fn with_trusted_issuers(mut self, issuers: TrustedIssuers) -> Self {
        self.external = issuers;
        self
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Mint a token for `sub` with `role` (and `org`), valid for `ttl`.
    pub fn mint(
        &self,
        sub: &str,
        role: Role,
        org: Option<Uuid>,
        ttl: Duration,
    ) -> Result<String, String> {
        self.mint_claims(sub, role, org, None, ttl)
    }

    /// Mint a token for an API client.
    pub fn mint_for_client(
        &self,
        client: Uuid,
        role: Role,
        org: Uuid,
        ttl: Duration,
    ) -> Result<String, String> {
        self.mint_claims(
            &format!("client:{client}"),
            role,
            Some(org),
            Some(client),
            ttl,
        )
    }

    fn mint_claims(
        &self,
        sub: &str,
        role: Role,
        org: Option<Uuid>,
        cid: Option<Uuid>,
        ttl: Duration,
    ) -> Result<String, String> {
        if role == Role::Partner && org.is_none() {
            return Err("a partner token needs an organisation (--org)".into());
        }
        let now = now();
        let claims = Claims {
            sub: sub.to_owned(),
            role,
            org,
            cid,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now,
            exp: now + ttl.as_secs(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| e.to_string())
    }

    /// Verify a bearer token (signature, algorithm, issuer, audience, expiry) and turn
    /// it into a caller. Revocation of API clients is checked by the caller of this.
    pub fn verify(&self, token: &str) -> Result<Verified, ApiError> {
        #[derive(Deserialize)]
        struct TokenClaims {
            // Absent or empty: refused below with a clear reason.
            #[serde(default)]
            sub: String,
            #[serde(default)]
            role: Option<Role>,
            #[serde(default)]
            org: Option<Uuid>,
            #[serde(default)]
            cid: Option<Uuid>,
            /// Checked when present: a token may not be issued in the future.
            #[serde(default)]
            iat: Option<u64>,
            /// Required and checked by `jsonwebtoken`; read here to know how long a
            /// verified token may be kept.
            #[serde(default)]
            exp: Option<u64>,
        }
        // Without external issuers every token must be ours: no need to look inside first.
        let issuer = if self.external.0.is_empty() {
            self.issuer.clone()
        } else {
            peek_issuer(token)?
        };
        let verified = if issuer == self.issuer {
            let now = now();
            if let Some(verified) = self.verified.get(token, now) {
                return Ok(verified);
            }
            let claims =
                jsonwebtoken::decode::<TokenClaims>(token, &self.decoding, &self.validation)
                    .map_err(|e| unauthorized_invalid(describe_jwt_error(&e, token)))?
                    .claims;
            check_issued_at(claims.iat)?;
            let role = claims
                .role
                .ok_or_else(|| unauthorized_invalid(msg!("token-no-role")))?;
            if role == Role::Partner && claims.org.is_none() {
                return Err(unauthorized_invalid(msg!("token-partner-without-org")));
            }
            let verified = Verified {
                caller: Caller {
                    sub: claims.sub,
                    role,
                    org: claims.org,
                    issuer,
                },
                client_id: claims.cid,
            };
            check_subject(&verified)?;
            // Valid until `exp` plus the clock leeway, as `jsonwebtoken` judges it
            // (`exp < now - leeway` is expired); `nbf` and `iat` cannot turn false later.
            if let Some(exp) = claims.exp {
                self.verified
                    .keep(token, &verified, exp.saturating_add(CLOCK_LEEWAY_SECONDS));
            }
            verified
        } else if let Some(trusted) = self.external.0.get(&issuer) {
            let header = jsonwebtoken::decode_header(token)
                .map_err(|e| unauthorized_invalid(describe_jwt_error(&e, token)))?;
            let kid = header
                .kid
                .ok_or_else(|| unauthorized_invalid(msg!("token-no-kid")))?;
            let key = trusted
                .keys
                .get(&kid)
                .ok_or_else(|| unauthorized_invalid(msg!("token-kid-untrusted")))?;
            let claims = jsonwebtoken::decode::<TokenClaims>(token, &key.key, &key.validation)
                .map_err(|e| unauthorized_invalid(describe_jwt_error(&e, token)))?
                .claims;
            check_issued_at(claims.iat)?;
            // An external token may name a role (at most the issuer's); without one it
            // gets the issuer's default (viewer unless configured).
            let role = claims.role.unwrap_or(trusted.default_role);
            if role.rank() > trusted.max_role.rank() {
                return Err(unauthorized_invalid(msg!("token-role-beyond-issuer")));
            }
            if claims.org.is_some_and(|org| org != trusted.organisation_id) {
                return Err(unauthorized_invalid(msg!("token-org-not-issuers")));
            }
            Verified {
                caller: Caller {
                    sub: claims.sub,
                    role,
                    org: Some(trusted.organisation_id),
                    issuer,
                },
                client_id: None,
            }
        } else {
            return Err(unauthorized_invalid(msg!("token-untrusted-issuer")));
        };
        check_subject(&verified)?;
        Ok(verified)
    }
}

/// A subject is present and not longer than `MAX_SUBJECT_LEN`.
fn check_subject(verified: &Verified) -> Result<(), ApiError> {
    let sub = &verified.caller.sub;
    if sub.is_empty() || sub.len() > MAX_SUBJECT_LEN {
        return Err(unauthorized_invalid(msg!("token-subject-length")));
    }
    Ok(())
}

/// A token issued (`iat`) later than now, beyond the clock skew tolerated, is refused.
fn check_issued_at(iat: Option<u64>) -> Result<(), ApiError> {
    match iat {
        Some(iat) if iat > now() + CLOCK_LEEWAY_SECONDS => {
            Err(unauthorized_invalid(msg!("token-issued-in-future")))
        }
        _ => Ok(()),
    }
}

/// The `iss` claim of a token, read before its signature is checked to choose the key
/// that checks it (nothing else is trusted before that).
fn peek_issuer(token: &str) -> Result<String, ApiError> {
    #[derive(Deserialize)]
    struct Issuer {
        iss: Option<String>,
    }
    let malformed = || unauthorized_invalid(msg!("token-malformed"));
    let mut parts = token.split('.');
    let payload = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(payload), Some(_), None) => payload,
        _ => return Err(malformed()),
    };
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| malformed())?;
    let claims: Issuer = serde_json::from_slice(&bytes).map_err(|_| malformed())?;
    claims
        .iss
        .ok_or_else(|| unauthorized_invalid(msg!("token-missing-claim")))
}

/// Whether the token's header and payload are both base64url JSON objects.
fn has_json_parts(token: &str) -> bool {
    let mut parts = token.split('.');
    [parts.next(), parts.next()].into_iter().all(|part| {
        part.and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
            .and_then(|bytes| {
                serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes).ok()
            })
            .is_some()
    })
}

fn describe_jwt_error(error: &jsonwebtoken::errors::Error, token: &str) -> Message {
    use jsonwebtoken::errors::ErrorKind;
    match error.kind() {
        ErrorKind::ExpiredSignature => msg!("token-expired"),
        ErrorKind::InvalidSignature => msg!("token-bad-signature"),
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
            msg!("token-wrong-algorithm")
        }
        ErrorKind::InvalidIssuer => msg!("token-untrusted-issuer"),
        ErrorKind::InvalidAudience => msg!("token-wrong-audience"),
        ErrorKind::MissingRequiredClaim(_) => msg!("token-missing-claim"),
        ErrorKind::ImmatureSignature => msg!("token-not-yet-valid"),
        // Claims of the wrong shape in a token's shape; anything else is not a token.
        ErrorKind::Json(_) if has_json_parts(token) => msg!(
            "token-claims-malformed",
            roles = crate::l10n::or_list(Role::ALL.iter().map(|r| r.as_str()))
        ),
        _ => msg!("token-malformed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(
            &Secret::new("a-test-secret-long-enough-for-hs256-tokens"),
            "ssc-api",
            "ssc-api",
        )
    }

    /// A token whose `exp` is `exp`, signed with the keys' secret.
    fn token_expiring(keys: &TokenKeys, exp: u64) -> String {
        let claims = Claims {
            sub: "someone".into(),
            role: Role::Viewer,
            org: None,
            cid: None,
            iss: "ssc-api".into(),
            aud: "ssc-api".into(),
            iat: now() - 10,
            exp,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap()
    }

    #[test]
    fn a_kept_token_is_valid_until_its_expiry_and_leeway() {
        let kept = VerifiedTokens::default();
        let verified = keys().verify(&token_expiring(&keys(), now() + 60)).unwrap();
        kept.keep("t", &verified, 100);
        assert!(kept.get("t", 100).is_some());
        assert!(kept.get("t", 101).is_none());
        assert!(kept.get("other", 50).is_none());
    }

    #[test]
    fn a_verified_token_is_kept_and_only_while_it_is_valid() {
        let keys = keys();
        let token = token_expiring(&keys, now() + 3600);
        assert_eq!(keys.verify(&token).unwrap().caller.sub, "someone");
        assert!(keys.verified.get(&token, now()).is_some());
        assert!(
            keys.verified
                .get(&token, now() + 3600 + CLOCK_LEEWAY_SECONDS + 1)
                .is_none()
        );
        // Expired beyond the leeway: refused, and never kept.
        let expired = token_expiring(&keys, now() - CLOCK_LEEWAY_SECONDS - 5);
        assert!(keys.verify(&expired).is_err());
        assert!(keys.verified.get(&expired, now() - 3600).is_none());
    }

    #[test]
    fn a_token_with_another_signature_is_refused_though_its_claims_are_kept() {
        let keys = keys();
        let token = token_expiring(&keys, now() + 3600);
        keys.verify(&token).unwrap();
        let (signed, _signature) = token.rsplit_once('.').unwrap();
        let forged = format!("{signed}.{}", URL_SAFE_NO_PAD.encode([7u8; 32]));
        assert!(keys.verify(&forged).is_err());
        assert!(keys.verified.get(&forged, now()).is_none());
    }

    #[test]
    fn the_kept_tokens_are_bounded() {
        let kept = VerifiedTokens::default();
        let verified = keys().verify(&token_expiring(&keys(), now() + 60)).unwrap();
        for i in 0..VERIFIED_TOKENS + 10 {
            kept.keep(&format!("token-{i}"), &verified, u64::MAX);
        }
        assert!(kept.0.lock().unwrap().len() <= VERIFIED_TOKENS);
    }
}
