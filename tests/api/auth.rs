//! Bearer authentication: every way a token can be wrong is a 401 problem with a Bearer
//! challenge; a valid token with the wrong role is a 403.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::support::{AUDIENCE, ISSUER, SECRET, admin, spawn, token};

const ORGS: &str = "/api/v1/organisations";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims() -> Value {
    json!({"sub": "tester", "role": "admin", "iss": ISSUER, "aud": AUDIENCE, "iat": now(), "exp": now() + 600})
}

fn sign(claims: &Value, algorithm: Algorithm, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn without(mut claims: Value, key: &str) -> Value {
    claims.as_object_mut().unwrap().remove(key);
    claims
}

/// An unsigned token (`alg: none`), as an attacker would forge it.
fn unsigned(claims: &Value) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = engine.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = engine.encode(serde_json::to_vec(claims).unwrap());
    format!("{header}.{payload}.")
}

#[actix_web::test]
async fn a_valid_token_is_accepted() {
    let app = spawn().await;
    let response = app
        .get(ORGS)
        .bearer(&sign(&claims(), Algorithm::HS256, SECRET))
        .send()
        .await;
    response.ok(200);
    // The scheme name is case-insensitive.
    app.get(ORGS)
        .header("authorization", &format!("bearer {}", admin()))
        .send()
        .await
        .ok(200);
}

#[actix_web::test]
async fn missing_or_malformed_credentials_are_401_with_a_bearer_challenge() {
    let app = spawn().await;
    let response = app.get(ORGS).send().await;
    response.problem(401);
    assert_eq!(
        response.header("www-authenticate"),
        Some("Bearer realm=\"ssc-api\"")
    );

    for header in [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer not.a.jwt",
        "Bearer ",
        "Token abc",
    ] {
        let response = app.get(ORGS).header("authorization", header).send().await;
        response.problem(401);
        let challenge = response.header("www-authenticate").unwrap();
        assert!(
            challenge.starts_with("Bearer realm=\"ssc-api\""),
            "{header}: {challenge}"
        );
    }
}

#[actix_web::test]
async fn every_invalid_token_is_refused() {
    let app = spawn().await;
    let expired = with(
        with(claims(), "exp", json!(now() - 3600)),
        "iat",
        json!(now() - 7200),
    );
    let cases: Vec<(&str, String)> = vec![
        ("expired", sign(&expired, Algorithm::HS256, SECRET)),
        (
            "wrong signature",
            sign(
                &claims(),
                Algorithm::HS256,
                "another-secret-that-is-also-long-enough",
            ),
        ),
        (
            "wrong issuer",
            sign(
                &with(claims(), "iss", json!("someone-else")),
                Algorithm::HS256,
                SECRET,
            ),
        ),
        (
            "wrong audience",
            sign(
                &with(claims(), "aud", json!("another-api")),
                Algorithm::HS256,
                SECRET,
            ),
        ),
        (
            "missing aud",
            sign(&without(claims(), "aud"), Algorithm::HS256, SECRET),
        ),
        (
            "missing iss",
            sign(&without(claims(), "iss"), Algorithm::HS256, SECRET),
        ),
        (
            "missing exp",
            sign(&without(claims(), "exp"), Algorithm::HS256, SECRET),
        ),
        (
            "missing sub",
            sign(&without(claims(), "sub"), Algorithm::HS256, SECRET),
        ),
        ("alg none", unsigned(&claims())),
        ("HS512", sign(&claims(), Algorithm::HS512, SECRET)),
        ("HS384", sign(&claims(), Algorithm::HS384, SECRET)),
        (
            "unknown role",
            sign(
                &with(claims(), "role", json!("superuser")),
                Algorithm::HS256,
                SECRET,
            ),
        ),
        (
            "partner without org",
            sign(
                &with(claims(), "role", json!("partner")),
                Algorithm::HS256,
                SECRET,
            ),
        ),
        (
            "org not a UUID",
            sign(
                &with(claims(), "org", json!("INTA")),
                Algorithm::HS256,
                SECRET,
            ),
        ),
        (
            "empty sub",
            sign(&with(claims(), "sub", json!("")), Algorithm::HS256, SECRET),
        ),
        (
            "missing role",
            sign(&without(claims(), "role"), Algorithm::HS256, SECRET),
        ),
        (
            "expired beyond the leeway",
            sign(
                &with(claims(), "exp", json!(now() - 45)),
                Algorithm::HS256,
                SECRET,
            ),
        ),
        (
            "not valid yet",
            sign(
                &with(claims(), "nbf", json!(now() + 300)),
                Algorithm::HS256,
                SECRET,
            ),
        ),
        (
            "issued in the future",
            sign(
                &with(claims(), "iat", json!(now() + 300)),
                Algorithm::HS256,
                SECRET,
            ),
        ),
    ];
    for (case, token) in cases {
        let response = app.get(ORGS).bearer(&token).send().await;
        let problem = response.problem(401);
        assert_eq!(
            problem["type"], "urn:ssc-api:problem:unauthorized",
            "{case}"
        );
        let challenge = response.header("www-authenticate").unwrap_or_default();
        assert!(
            challenge.contains("error=\"invalid_token\""),
            "{case}: {challenge}"
        );
    }
}

#[actix_web::test]
async fn a_token_just_past_expiry_is_within_the_leeway() {
    // 30 seconds of clock skew are tolerated, and no more (45 s past is refused above).
    let app = spawn().await;
    for late in [5, 25] {
        let recent = with(claims(), "exp", json!(now() - late));
        app.get(ORGS)
            .bearer(&sign(&recent, Algorithm::HS256, SECRET))
            .send()
            .await
            .ok(200);
    }
    let slightly_early = with(claims(), "nbf", json!(now() + 10));
    app.get(ORGS)
        .bearer(&sign(&slightly_early, Algorithm::HS256, SECRET))
        .send()
        .await
        .ok(200);
}

#[actix_web::test]
async fn wrong_role_is_403_not_401() {
    let app = spawn().await;
    let body = json!({"name": "X", "organisation_type": "10", "country_code": "AR"});
    for role in [Role::Viewer, Role::Coordinator] {
        let response = app
            .post(ORGS)
            .bearer(&token(role, None))
            .json(&body)
            .send()
            .await;
        let problem = response.problem(403);
        assert!(problem["detail"].as_str().unwrap().contains("admin"));
        assert!(response.header("www-authenticate").is_none());
    }
    let partner = token(Role::Partner, Some(Uuid::now_v7()));
    app.post(ORGS)
        .bearer(&partner)
        .json(&body)
        .send()
        .await
        .problem(403);
}

#[actix_web::test]
async fn authentication_comes_before_input_checks() {
    let app = spawn().await;
    // A bad body from an unauthenticated client learns nothing about the body.
    app.post(ORGS)
        .body("application/json", "{not json")
        .send()
        .await
        .problem(401);
    app.get(&format!("{ORGS}/not-a-uuid"))
        .send()
        .await
        .problem(401);
}

#[actix_web::test]
async fn the_role_is_checked_before_the_body_is_read() {
    let app = spawn().await;
    let viewer = token(Role::Viewer, None);
    app.post(ORGS)
        .bearer(&viewer)
        .body("application/json", "{not json")
        .send()
        .await
        .problem(403);
    app.post(ORGS)
        .bearer(&viewer)
        .body("text/plain", "x")
        .send()
        .await
        .problem(403);
}
