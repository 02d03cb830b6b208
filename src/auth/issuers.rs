//! External token issuers: a partner whose own identity provider signs tokens (RS256,
//! ES256 or EdDSA) is trusted through a file named by `SSC_TRUSTED_ISSUERS_FILE`:
//!
//! ```json
//! {"issuers": [{
//!   "issuer": "https://login.mag.gov.py",
//!   "audience": "ssc-api",
//!   "organisation_id": "0193a6a0-0001-7000-8000-00000000000c",
//!   "max_role": "partner",
//!   "jwks": {"keys": [{"kty": "RSA", "kid": "mag-2026", "alg": "RS256", "n": "…", "e": "AQAB"}]}
//! }]}
//! ```
//!
//! A token names its issuer (`iss`) and key (`kid`); the algorithm comes from the
//! configured key, never from the token's header. Its tokens act for the configured
//! organisation and may claim at most `max_role`; a token that claims no role gets the
//! entry's `default_role`, or `viewer` when the entry names none.

use std::collections::HashMap;
use std::path::Path;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Role;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerFile {
    issuers: Vec<IssuerEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerEntry {
    issuer: String,
    audience: String,
    organisation_id: Uuid,
    max_role: Role,
    #[serde(default)]
    default_role: Option<Role>,
    jwks: JwkSet,
}

/// One verification key of an issuer.
pub struct IssuerKey {
    pub key: DecodingKey,
    pub validation: Validation,
}

/// A trusted external issuer.
pub struct TrustedIssuer {
    pub organisation_id: Uuid,
    pub max_role: Role,
    /// The role of a token that claims none (never above `max_role`).
    pub default_role: Role,
    /// Keys by `kid`.
    pub keys: HashMap<String, IssuerKey>,
}

/// Every trusted issuer, by `iss`.
#[derive(Default)]
pub struct TrustedIssuers(pub HashMap<String, TrustedIssuer>);

/// The algorithm a key is for: its `alg` when given, else what its type implies. Only
/// RS256, ES256 and EdDSA keys are accepted.
fn key_algorithm(jwk: &Jwk) -> Result<Algorithm, String> {
    let implied = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Algorithm::RS256,
        AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
            Algorithm::ES256
        }
        AlgorithmParameters::OctetKeyPair(okp) if okp.curve == EllipticCurve::Ed25519 => {
            Algorithm::EdDSA
        }
        _ => return Err("only RSA, EC P-256 and Ed25519 keys are accepted".into()),
    };
    match jwk.common.key_algorithm {
        None => Ok(implied),
        Some(alg) => {
            let named =
                Algorithm::try_from(alg).map_err(|_| format!("unsupported key algorithm {alg}"))?;
            if named == implied {
                Ok(named)
            } else {
                Err(format!("key algorithm {named:?} does not fit its key type"))
            }
        }
    }
}

impl TrustedIssuers {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read SSC_TRUSTED_ISSUERS_FILE {}: {e}",
                path.display()
            )
        })?;
        Self::parse(&text).map_err(|e| format!("SSC_TRUSTED_ISSUERS_FILE {}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let file: IssuerFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut issuers = HashMap::new();
        for entry in file.issuers {
            if entry.max_role == Role::Admin {
                return Err(format!(
                    "issuer {}: an external issuer cannot grant admin",
                    entry.issuer
                ));
            }
            let default_role = entry.default_role.unwrap_or(Role::Viewer);
            if default_role.rank() > entry.max_role.rank() {
                return Err(format!(
                    "issuer {}: default_role {default_role} is above max_role {}",
                    entry.issuer, entry.max_role
                ));
            }
            let mut keys = HashMap::new();
            for jwk in &entry.jwks.keys {
                let kid = jwk
                    .common
                    .key_id
                    .clone()
                    .ok_or_else(|| format!("issuer {}: every key needs a kid", entry.issuer))?;
                let algorithm = key_algorithm(jwk)
                    .map_err(|e| format!("issuer {} key {kid}: {e}", entry.issuer))?;
                let key = DecodingKey::from_jwk(jwk)
                    .map_err(|e| format!("issuer {} key {kid}: {e}", entry.issuer))?;
                let mut validation = Validation::new(algorithm);
                validation.set_issuer(&[&entry.issuer]);
                validation.set_audience(&[&entry.audience]);
                validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
                validation.leeway = super::CLOCK_LEEWAY_SECONDS;
                validation.validate_nbf = true;
                keys.insert(kid, IssuerKey { key, validation });
            }
            if keys.is_empty() {
                return Err(format!("issuer {} has no keys", entry.issuer));
            }
            issuers.insert(
                entry.issuer,
                TrustedIssuer {
                    organisation_id: entry.organisation_id,
                    max_role: entry.max_role,
                    default_role,
                    keys,
                },
            );
        }
        Ok(TrustedIssuers(issuers))
    }
}
