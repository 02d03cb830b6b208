//! Safe retries with `Idempotency-Key`: a replay repeats the first response without a
//! second write, a different request with the same key is 422, a duplicate while the
//! first runs is 409, and keys are per caller and expire.

use std::time::Duration;

use futures_util::future::join_all;
use serde_json::{Value, json};
use ssc_api::auth::Role;
use ssc_api::http::idempotency::fingerprint;
use ssc_api::store::idempotency::{Claim, claim};

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn, spawn_with, token};

const ORGANISATIONS: &str = "/api/v1/organisations";

fn inta() -> Value {
    json!({"name": "Instituto Nacional de Tecnología Agropecuaria", "acronym": "INTA", "organisation_type": "10", "country_code": "AR"})
}

#[actix_web::test]
async fn a_retry_replays_the_first_response_without_writing_again() {
    let app = spawn().await;
    let first = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "create-inta-1")
        .json(&inta())
        .send()
        .await;
    let created = first.ok(201);
    assert_eq!(first.header("idempotent-replayed"), None);
    let retry = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "create-inta-1")
        .json(&inta())
        .send()
        .await;
    assert_eq!(retry.ok(201), created);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    for name in ["location", "etag", "content-type"] {
        assert_eq!(retry.header(name), first.header(name), "{name}");
    }
    // The replay still gets this request's own id and the security headers.
    assert_ne!(retry.header("x-request-id"), first.header("x-request-id"));
    assert_eq!(retry.header("x-content-type-options"), Some("nosniff"));

    let list = app.get(ORGANISATIONS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let history = app
        .get(&format!(
            "{ORGANISATIONS}/{}/history",
            created["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(history["items"].as_array().unwrap().len(), 1);

    // Without a key, the same body is a new request (and here a duplicate-free create).
    app.post(ORGANISATIONS)
        .bearer(&admin())
        .json(&inta())
        .send()
        .await
        .ok(201);
}

#[actix_web::test]
async fn the_same_key_with_a_different_request_is_422_and_changes_nothing() {
    let app = spawn().await;
    app.post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "k1")
        .json(&inta())
        .send()
        .await
        .ok(201);
    let mut other = inta();
    other["name"] = json!("Instituto Nacional de Tecnología Industrial");
    let problem = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "k1")
        .json(&other)
        .send()
        .await
        .problem(422);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("different request")
    );
    // The same body to another endpoint is a different request too.
    app.post(PROJECTS)
        .bearer(&admin())
        .header("idempotency-key", "k1")
        .json(&inta())
        .send()
        .await
        .problem(422);
    let list = app.get(ORGANISATIONS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn keys_are_scoped_by_caller() {
    let app = spawn().await;
    let other_admin = ssc_api_token("another-admin");
    for bearer in [admin(), other_admin] {
        app.post(ORGANISATIONS)
            .bearer(&bearer)
            .header("idempotency-key", "shared-key")
            .json(&json!({"name": format!("Org of {}", &bearer[bearer.len() - 6..]), "organisation_type": "10", "country_code": "AR"}))
            .send()
            .await
            .ok(201);
    }
    let list = app.get(ORGANISATIONS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
}

fn ssc_api_token(sub: &str) -> String {
    crate::support::keys()
        .mint(sub, Role::Admin, None, Duration::from_secs(600))
        .unwrap()
}

#[actix_web::test]
async fn a_duplicate_while_the_first_still_runs_is_409() {
    let app = spawn().await;
    let body = serde_json::to_vec(&inta()).unwrap();
    let print = fingerprint("POST", ORGANISATIONS, &body);
    // The first request has claimed the key and is still running.
    let claimed = app
        .state
        .db
        .write(move |conn| {
            let now = ssc_api::store::now();
            claim(
                conn,
                "ssc-api|admin-user",
                "slow-one",
                &print,
                now,
                now + chrono::Duration::hours(1),
                now - chrono::Duration::minutes(2),
            )
        })
        .await
        .unwrap();
    assert!(matches!(claimed, Claim::Proceed));
    let reply = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "slow-one")
        .body("application/json", body)
        .send()
        .await;
    reply.problem(409);
    assert_eq!(reply.header("retry-after"), Some("1"));
    let list = app.get(ORGANISATIONS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"], json!([]));
}

#[actix_web::test]
async fn fifty_parallel_posts_with_one_key_create_one_record() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let body = bilateral(&cast, "PAR-1");
    let replies = join_all((0..50).map(|_| {
        app.post(PROJECTS)
            .bearer(&admin())
            .header("idempotency-key", "parallel")
            .json(&body)
            .send()
    }))
    .await;
    let mut created = None;
    for reply in &replies {
        match reply.status.as_u16() {
            201 => {
                let id = reply.json()["id"].clone();
                assert_eq!(created.get_or_insert(id.clone()), &id, "one record");
            }
            409 => {
                reply.problem(409);
            }
            other => panic!("unexpected {other}: {}", reply.text()),
        }
    }
    let firsts = replies
        .iter()
        .filter(|r| r.status == 201 && r.header("idempotent-replayed").is_none())
        .count();
    assert_eq!(firsts, 1, "exactly one request did the work");
    let list = app.get(PROJECTS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // Once the first is done, every retry replays it.
    let retry = app
        .post(PROJECTS)
        .bearer(&admin())
        .header("idempotency-key", "parallel")
        .json(&body)
        .send()
        .await;
    assert_eq!(retry.ok(201)["id"], created.unwrap());
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
}

#[actix_web::test]
async fn refusals_are_replayed_and_unauthenticated_calls_are_not_kept() {
    let app = spawn().await;
    // A 422 is the answer to that request: a retry gets it again.
    // The replay is the first response exactly, so its request_id names the first
    // request (the X-Request-Id header names this one).
    let invalid = json!({"name": "", "organisation_type": "10"});
    let call = || {
        app.post(ORGANISATIONS)
            .bearer(&admin())
            .header("idempotency-key", "bad")
            .json(&invalid)
            .send()
    };
    let first = call().await;
    first.problem(422);
    let replay = call().await;
    assert_eq!(replay.status, 422);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.json(), first.json());
    assert_eq!(
        replay.header("content-type"),
        Some("application/problem+json")
    );
    // Without a valid token the key is not looked at.
    app.post(ORGANISATIONS)
        .header("idempotency-key", "anon")
        .json(&inta())
        .send()
        .await
        .problem(401);
    // A partner's 403 is replayed as a 403, not turned into a write later.
    let partner = token(Role::Partner, Some(uuid::Uuid::now_v7()));
    let call = || {
        app.post(ORGANISATIONS)
            .bearer(&partner)
            .header("idempotency-key", "p")
            .json(&inta())
            .send()
    };
    call().await.problem(403);
    let replay = call().await;
    assert_eq!(replay.status, 403);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    let list = app.get(ORGANISATIONS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"], json!([]));
}

#[actix_web::test]
async fn malformed_keys_are_400() {
    let app = spawn().await;
    for key in ["x".repeat(256), "with space".to_owned(), String::new()] {
        let reply = app
            .post(ORGANISATIONS)
            .bearer(&admin())
            .header("idempotency-key", &key)
            .json(&inta())
            .send()
            .await;
        let problem = reply.problem(400);
        assert_eq!(problem["errors"][0]["parameter"], "Idempotency-Key");
    }
    let list = app.get(ORGANISATIONS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"], json!([]));
}

#[actix_web::test]
async fn keys_expire_after_their_ttl() {
    let app = spawn_with(|state| state.limits.idempotency_ttl = Duration::from_millis(300)).await;
    app.post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "short-lived")
        .json(&inta())
        .send()
        .await
        .ok(201);
    actix_web::rt::time::sleep(Duration::from_millis(400)).await;
    let mut other = inta();
    other["name"] = json!("Otra organización");
    let reply = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "short-lived")
        .json(&other)
        .send()
        .await;
    assert_eq!(reply.ok(201)["name"], "Otra organización");
    assert_eq!(reply.header("idempotent-replayed"), None);
    let purged = app
        .state
        .db
        .write(|conn| {
            ssc_api::store::idempotency::purge_expired(
                conn,
                ssc_api::store::now() + chrono::Duration::seconds(1),
            )
        })
        .await
        .unwrap();
    assert_eq!(purged, 1);
}

#[actix_web::test]
async fn an_oversized_body_with_a_key_is_413_and_the_key_stays_free() {
    let app = spawn_with(|state| state.limits.max_body_bytes = 256).await;
    let mut big = inta();
    big["name"] = json!("x".repeat(300));
    let reply = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "big")
        .json(&big)
        .send()
        .await;
    reply.problem(413);
    // Nothing was kept for the key: the same key works for a proper request.
    app.post(ORGANISATIONS)
        .bearer(&admin())
        .header("idempotency-key", "big")
        .json(&inta())
        .send()
        .await
        .ok(201);
}
