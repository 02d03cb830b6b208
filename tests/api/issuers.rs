//! External token issuers (SSC_TRUSTED_ISSUERS_FILE): a partner's own identity provider
//! signs tokens with RS256, ES256 or EdDSA keys made with openssl
//! (tests/fixtures/issuer/make-keys.sh). The key is chosen by `kid`, the algorithm by
//! the configured key, and the token acts for the configured organisation with at most
//! the configured role.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use ssc_api::auth::Role;
use ssc_api::auth::issuers::TrustedIssuers;

use crate::support::{keys, spawn_with};

const ISSUER: &str = "https://login.mag.gov.py";
const AUDIENCE: &str = "ssc-api-mag";
const ORG: &str = "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d";
const JWKS: &str = include_str!("../fixtures/issuer/jwks.json");
const RSA_PEM: &[u8] = include_bytes!("../fixtures/issuer/rsa.pem");
const EC_PEM: &[u8] = include_bytes!("../fixtures/issuer/ec.pem");
const ED_PEM: &[u8] = include_bytes!("../fixtures/issuer/ed.pem");

fn config(max_role: &str) -> String {
    json!({"issuers": [{
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "organisation_id": ORG,
        "max_role": max_role,
        "jwks": serde_json::from_str::<Value>(JWKS).unwrap(),
    }]})
    .to_string()
}

fn trusted() -> TrustedIssuers {
    TrustedIssuers::parse(&config("partner")).expect("the fixture configuration is valid")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The usual claims of the partner's identity provider.
fn claims() -> Value {
    json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "jperez@mag.gov.py", "exp": now() + 600, "role": "partner"})
}

fn sign(alg: Algorithm, kid: Option<&str>, claims: &Value) -> String {
    let key = match alg {
        Algorithm::RS256 => EncodingKey::from_rsa_pem(RSA_PEM).unwrap(),
        Algorithm::ES256 => EncodingKey::from_ec_pem(EC_PEM).unwrap(),
        Algorithm::EdDSA => EncodingKey::from_ed_pem(ED_PEM).unwrap(),
        other => panic!("no fixture key for {other:?}"),
    };
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

#[actix_web::test]
async fn tokens_signed_by_each_key_type_are_accepted_for_the_configured_organisation() {
    let app =
        spawn_with(|state| state.keys = Arc::new(keys().with_trusted_issuers(trusted()))).await;
    for (alg, kid) in [
        (Algorithm::RS256, "mag-rsa"),
        (Algorithm::ES256, "mag-ec"),
        (Algorithm::EdDSA, "mag-ed"),
    ] {
        let token = sign(alg, Some(kid), &claims());
        let verified = app.state.keys.verify(&token).unwrap();
        assert_eq!(verified.caller.role, Role::Partner, "{kid}");
        assert_eq!(verified.caller.org.unwrap().to_string(), ORG, "{kid}");
        assert_eq!(verified.caller.issuer, ISSUER);
        assert_eq!(verified.client_id, None);
        app.get("/api/v1/projects")
            .bearer(&token)
            .send()
            .await
            .ok(200);
        // A partner still cannot do an admin's work.
        app.post("/api/v1/organisations")
            .bearer(&token)
            .json(&json!({"name": "x", "organisation_type": "10"}))
            .send()
            .await
            .problem(403);
    }
    // Without a role claim the token is a viewer's (the entry names no default_role);
    // without org, it acts for the issuer's organisation.
    let mut bare = claims();
    bare.as_object_mut().unwrap().remove("role");
    let bare = sign(Algorithm::EdDSA, Some("mag-ed"), &bare);
    let verified = app.state.keys.verify(&bare).unwrap();
    assert_eq!(verified.caller.role, Role::Viewer);
    assert_eq!(verified.caller.org.unwrap().to_string(), ORG);
    // An entry may name the default role (at most its max_role).
    let mut configured: Value = serde_json::from_str(&config("partner")).unwrap();
    configured["issuers"][0]["default_role"] = json!("partner");
    let defaulted =
        keys().with_trusted_issuers(TrustedIssuers::parse(&configured.to_string()).unwrap());
    assert_eq!(defaulted.verify(&bare).unwrap().caller.role, Role::Partner);
    configured["issuers"][0]["default_role"] = json!("coordinator");
    assert!(
        TrustedIssuers::parse(&configured.to_string()).is_err(),
        "above max_role"
    );
    // A lesser role is kept.
    let mut viewer = claims();
    viewer["role"] = json!("viewer");
    let verified = app
        .state
        .keys
        .verify(&sign(Algorithm::RS256, Some("mag-rsa"), &viewer))
        .unwrap();
    assert_eq!(verified.caller.role, Role::Viewer);
}

#[actix_web::test]
async fn external_tokens_that_overreach_or_do_not_verify_are_401() {
    let app =
        spawn_with(|state| state.keys = Arc::new(keys().with_trusted_issuers(trusted()))).await;
    let with = |change: &dyn Fn(&mut Value)| {
        let mut c = claims();
        change(&mut c);
        c
    };
    // The RSA key's public modulus, as an attacker would use it for an HS256 signature.
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let modulus = jwks["keys"][0]["n"].as_str().unwrap().to_owned();
    let mut confused = Header::new(Algorithm::HS256);
    confused.kid = Some("mag-rsa".into());
    let alg_confusion = jsonwebtoken::encode(
        &confused,
        &claims(),
        &EncodingKey::from_secret(modulus.as_bytes()),
    )
    .unwrap();
    let tampered = {
        let token = sign(Algorithm::ES256, Some("mag-ec"), &claims());
        let parts: Vec<&str> = token.split('.').collect();
        let forged = base64_url(&with(&|c| c["role"] = json!("coordinator")).to_string());
        format!("{}.{forged}.{}", parts[0], parts[2])
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "role above the issuer's",
            sign(
                Algorithm::RS256,
                Some("mag-rsa"),
                &with(&|c| c["role"] = json!("coordinator")),
            ),
            "role its issuer may not grant",
        ),
        (
            "another organisation",
            sign(
                Algorithm::RS256,
                Some("mag-rsa"),
                &with(&|c| c["org"] = json!("0193a6a0-0000-7000-8000-000000000000")),
            ),
            "org is not its issuer's",
        ),
        (
            "no kid",
            sign(Algorithm::RS256, None, &claims()),
            "names no key",
        ),
        (
            "unknown kid",
            sign(Algorithm::RS256, Some("other"), &claims()),
            "not trusted",
        ),
        (
            "signed with another key's algorithm",
            sign(Algorithm::EdDSA, Some("mag-rsa"), &claims()),
            "expected algorithm",
        ),
        (
            "HS256 with the public key as secret",
            alg_confusion,
            "expected algorithm",
        ),
        ("tampered payload", tampered, "signature is invalid"),
        (
            "our own audience",
            sign(
                Algorithm::ES256,
                Some("mag-ec"),
                &with(&|c| c["aud"] = json!("ssc-api")),
            ),
            "another audience",
        ),
        (
            "expired",
            sign(
                Algorithm::ES256,
                Some("mag-ec"),
                &with(&|c| c["exp"] = json!(now() - 3600)),
            ),
            "expired",
        ),
        (
            "not valid yet",
            sign(
                Algorithm::ES256,
                Some("mag-ec"),
                &with(&|c| c["nbf"] = json!(now() + 600)),
            ),
            "not valid yet",
        ),
        (
            "issued in the future",
            sign(
                Algorithm::ES256,
                Some("mag-ec"),
                &with(&|c| c["iat"] = json!(now() + 600)),
            ),
            "issued in the future",
        ),
        (
            "untrusted issuer",
            sign(
                Algorithm::ES256,
                Some("mag-ec"),
                &with(&|c| c["iss"] = json!("https://login.example.org")),
            ),
            "untrusted issuer",
        ),
        (
            "no subject",
            sign(
                Algorithm::EdDSA,
                Some("mag-ed"),
                &with(&|c| {
                    c.as_object_mut().unwrap().remove("sub");
                }),
            ),
            "required claim",
        ),
    ];
    for (case, token, reason) in cases {
        let reply = app.get("/api/v1/projects").bearer(&token).send().await;
        let problem = reply.problem(401);
        assert!(
            problem["detail"].as_str().unwrap().contains(reason),
            "{case}: {problem}"
        );
        assert!(
            reply
                .header("www-authenticate")
                .unwrap()
                .contains("invalid_token"),
            "{case}"
        );
    }
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[test]
fn bad_issuer_configurations_are_refused_with_a_reason() {
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let entry = |max_role: &str, jwks: Value| {
        json!({"issuers": [{"issuer": ISSUER, "audience": AUDIENCE, "organisation_id": ORG, "max_role": max_role, "jwks": jwks}]})
            .to_string()
    };
    let mut no_kid = jwks.clone();
    no_kid["keys"][0].as_object_mut().unwrap().remove("kid");
    let mut wrong_alg = jwks.clone();
    wrong_alg["keys"][1]["alg"] = json!("RS256");
    let secret_key = json!({"keys": [{"kty": "oct", "kid": "s", "k": "c2VjcmV0"}]});
    let cases = [
        (entry("admin", jwks.clone()), "cannot grant admin"),
        (entry("partner", no_kid), "needs a kid"),
        (entry("partner", wrong_alg), "does not fit"),
        (
            entry("partner", secret_key),
            "only RSA, EC P-256 and Ed25519",
        ),
        (entry("partner", json!({"keys": []})), "has no keys"),
        (
            "{\"issuers\": [{\"issuer\": 1}]}".to_owned(),
            "invalid type",
        ),
    ];
    for (text, reason) in cases {
        let error = TrustedIssuers::parse(&text).err().expect("refused");
        assert!(error.contains(reason), "{reason}: {error}");
    }
    assert!(TrustedIssuers::parse(&config("coordinator")).is_ok());
}
