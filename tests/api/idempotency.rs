//! Safe retries with `Idempotency-Key`: a replay repeats the first response without a
//! second write, a different request with the same key is 422, a duplicate while the
//! first runs is 409, and keys are per caller and expire.

use std::time::Duration;

use futures_util::future::join_all;
use serde_json::{Value, json};
use ssc_api::auth::Caller;
use ssc_api::auth::Role;
use ssc_api::domain::idempotency::{KeyedRequest, claim, complete};
use ssc_api::http::idempotency::fingerprint;
use ssc_api::store::idempotency::Claim;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, on_postgres, spawn, spawn_with, token, with_writes_held};

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

/// A retry is answered as the first request was, even when its record has been deleted
/// since: the replay is the same 201 (naming a record that is gone), never a second
/// record. (The contract run gives its keys unique suffixes because of this.)
#[actix_web::test]
async fn a_retry_after_the_record_was_deleted_replays_and_creates_nothing() {
    let app = spawn().await;
    let create = || {
        app.post(ORGANISATIONS)
            .bearer(&admin())
            .header("idempotency-key", "create-inta-gone")
            .json(&inta())
    };
    let first = create().send().await;
    let created = first.ok(201);
    let path = first.header("location").unwrap().to_owned();
    app.delete(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .send()
        .await
        .ok(204);

    let retry = create().send().await;
    assert_eq!(retry.ok(201), created);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(retry.header("location"), Some(path.as_str()));
    app.get(&path).bearer(&admin()).send().await.problem(404);
    let list = app.get(ORGANISATIONS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"], json!([]), "the retry wrote nothing");
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
    // A request to another endpoint is a different request too.
    app.post("/api/v1/clients")
        .bearer(&admin())
        .header("idempotency-key", "k1")
        .json(
            &json!({"name": "Sistema", "organisation_id": uuid::Uuid::now_v7(), "role": "partner"}),
        )
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
            let caller = Caller {
                sub: "admin-user".into(),
                role: Role::Admin,
                org: None,
                issuer: "ssc-api".into(),
            };
            let request = KeyedRequest::new(&caller, "slow-one".into(), print);
            claim(conn, &request, Duration::from_secs(3600))
        })
        .await
        .unwrap();
    assert!(matches!(claimed, Claim::Proceed(_)));
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
    let requests = join_all((0..50).map(|_| {
        app.post(PROJECTS)
            .bearer(&admin())
            .header("idempotency-key", "parallel")
            .json(&body)
            .send()
    }));
    // Every claim waits until many are racing: on SQLite all fifty (they then run in one
    // batch), on PostgreSQL as many as the test pool has connections besides the gate's.
    let racing = if on_postgres() { 2 } else { 50 };
    let replies = with_writes_held(&app.state.db, "idempotency_keys", racing, requests).await;
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
    // They did run at the same time: some found the first still running.
    let running = replies.iter().filter(|r| r.status == 409).count();
    assert!(running >= 1, "no request saw another in progress");
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
    let mut refused = first.problem(422);
    let replay = call().await;
    let mut replayed = replay.problem(422);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    // The same answer, naming the retry's own request id.
    assert_ne!(replayed["request_id"], refused["request_id"]);
    replayed["request_id"] = json!(null);
    refused["request_id"] = json!(null);
    assert_eq!(replayed, refused);
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
    // A caller whose role may not make the request is refused before its key is looked
    // at: nothing is kept for it, and nothing it sends is replayed to it.
    let partner = token(Role::Partner, Some(uuid::Uuid::now_v7()));
    let call = || {
        app.post(ORGANISATIONS)
            .bearer(&partner)
            .header("idempotency-key", "p")
            .json(&inta())
            .send()
    };
    call().await.problem(403);
    let again = call().await;
    again.problem(403);
    assert_eq!(again.header("idempotent-replayed"), None);
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
            Ok(ssc_api::store::idempotency::purge_expired(
                conn,
                ssc_api::store::now() + chrono::Duration::seconds(1),
            )?)
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

/// A client's secret is shown once and never kept: a retry of its creation (or of a
/// rotation) with the same key gets a 409 naming the client, never the secret, and the
/// secret is nowhere in the database.
#[actix_web::test]
async fn credentials_are_never_kept_for_a_retry() {
    let app = spawn().await;
    let org = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let body = json!({"name": "Sistema de proyectos del MAG", "organisation_id": org["id"], "role": "partner"});
    let create = || {
        app.post("/api/v1/clients")
            .bearer(&admin())
            .header("idempotency-key", "client-1")
            .json(&body)
            .send()
    };
    let first = create().await;
    let created = first.ok(201);
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    let location = first.header("location").unwrap().to_owned();
    let retry = create().await;
    let problem = retry.problem(409);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(retry.header("location"), Some(location.as_str()));
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains(created["client"]["id"].as_str().unwrap()),
        "{detail}"
    );
    assert!(detail.contains("rotate"), "{detail}");
    assert!(!retry.text().contains(&secret));

    let rotate = || {
        app.post(&format!("{location}/rotate"))
            .bearer(&admin())
            .header("idempotency-key", "rotate-1")
            .send()
    };
    let rotated = rotate().await.ok(200);
    let new_secret = rotated["client_secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    let retry = rotate().await;
    retry.problem(409);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert!(!retry.text().contains(&new_secret));

    // The scan finds what is there (the client's name), and no secret.
    assert!(app.database_contains("Sistema de proyectos del MAG").await);
    assert!(
        !app.database_contains(&secret).await,
        "the first secret is at rest"
    );
    assert!(
        !app.database_contains(&new_secret).await,
        "the rotated secret is at rest"
    );
    // The new secret works, the old one does not.
    let token = |secret: String| {
        let client_id = created["client"]["id"].as_str().unwrap().to_owned();
        app.post("/api/v1/auth/token")
            .json(&json!({"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}))
            .send()
    };
    token(new_secret).await.ok(200);
    token(secret).await.problem(401);
}

/// A key is the caller's as a whole: the same subject with another role (or
/// organisation) is another caller, and never gets the first one's answer.
#[actix_web::test]
async fn a_replay_never_reaches_another_role_of_the_same_subject() {
    let app = spawn().await;
    let org = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let mint = |role| {
        crate::support::keys()
            .mint("ana", role, None, Duration::from_secs(600))
            .unwrap()
    };
    let body = json!({"name": "Sistema", "organisation_id": org["id"], "role": "viewer"});
    let as_admin = app
        .post("/api/v1/clients")
        .bearer(&mint(Role::Admin))
        .header("idempotency-key", "k1")
        .json(&body)
        .send()
        .await;
    let secret = as_admin.ok(201)["client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    // The same subject as a viewer: refused by its role, and never replayed to.
    let as_viewer = app
        .post("/api/v1/clients")
        .bearer(&mint(Role::Viewer))
        .header("idempotency-key", "k1")
        .json(&body)
        .send()
        .await;
    as_viewer.problem(403);
    assert_eq!(as_viewer.header("idempotent-replayed"), None);
    assert!(!as_viewer.text().contains(&secret));
    // The same subject as a coordinator, on a route it may use: its own request.
    let cast = cast(&app).await;
    let project = bilateral(&cast, "ANA-1");
    for role in [Role::Admin, Role::Coordinator] {
        let reply = app
            .post(PROJECTS)
            .bearer(&mint(role))
            .header("idempotency-key", "k2")
            .json(&project)
            .send()
            .await;
        match role {
            Role::Admin => assert_eq!(reply.status, 201),
            // Not a replay of the admin's 201: a new request, whose code is taken.
            _ => {
                reply.problem(409);
                assert_eq!(reply.header("idempotent-replayed"), None);
            }
        }
    }
}

/// Exemptions follow the route, not the spelling of the path: a token request written
/// with an escaped letter is still the token endpoint, and nothing of it is kept.
#[actix_web::test]
async fn the_token_endpoint_is_never_kept_however_its_path_is_spelled() {
    let app = spawn().await;
    let org = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let created = app
        .post("/api/v1/clients")
        .bearer(&admin())
        .json(&json!({"name": "Sistema", "organisation_id": org["id"], "role": "partner"}))
        .send()
        .await
        .ok(201);
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        created["client"]["id"].as_str().unwrap(),
        created["client_secret"].as_str().unwrap()
    );
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let reply = app
            .post("/api/v1/auth/%74oken")
            .header("idempotency-key", "token-1")
            .body("application/x-www-form-urlencoded", form.clone())
            .send()
            .await;
        assert_eq!(reply.header("idempotent-replayed"), None);
        tokens.push(reply.ok(200)["access_token"].as_str().unwrap().to_owned());
    }
    for token in &tokens {
        assert!(!app.database_contains(token).await, "a token is at rest");
    }
}

/// A claim is its holder's: of two retries that find an abandoned claim, one takes it
/// over; the request that held it can no longer complete it (its write rolls back).
#[actix_web::test]
async fn an_abandoned_claim_is_taken_over_once() {
    let app = spawn().await;
    let caller = Caller {
        sub: "admin-user".into(),
        role: Role::Admin,
        org: None,
        issuer: "ssc-api".into(),
    };
    let request = KeyedRequest::new(&caller, "abandoned".into(), "print".into());
    let (taken, second, old_completes, new_completes) = app
        .state
        .db
        .write(move |conn| {
            let Claim::Proceed(first) = claim(conn, &request, Duration::from_secs(3600))? else {
                panic!("a new key is claimed")
            };
            // The first request died more than the abandonment window ago.
            use diesel::prelude::*;
            use ssc_api::schema::idempotency_keys as keys;
            diesel::update(keys::table)
                .set(keys::created_at.eq(ssc_api::store::now() - chrono::Duration::minutes(3)))
                .execute(conn)?;
            let taken = claim(conn, &request, Duration::from_secs(3600))?;
            let second = claim(conn, &request, Duration::from_secs(3600))?;
            let Claim::Proceed(token) = &taken else {
                return Ok((false, second, Ok(()), Ok(())));
            };
            let response = ssc_api::store::idempotency::StoredResponse {
                status: 201,
                headers: Vec::new(),
                body: b"{}".to_vec(),
            };
            let old = complete(conn, &request, &first, &response);
            let new = complete(conn, &request, token, &response);
            Ok((true, second, old, new))
        })
        .await
        .unwrap();
    assert!(taken, "the abandoned claim is taken over");
    assert!(matches!(second, Claim::InProgress), "only once: {second:?}");
    assert_eq!(old_completes.unwrap_err().problem.status().as_u16(), 409);
    new_completes.unwrap();
}

/// Authentication and the route's role check come before the key and the body: no token
/// is 401 whatever the key, and a viewer is 403 whatever its body (too large, or never
/// arriving), also when authentication itself has to ask the database (API clients).
#[actix_web::test]
async fn authentication_and_roles_come_before_keys_and_bodies() {
    let app = spawn_with(|state| state.limits.max_body_bytes = 1024).await;
    app.post(ORGANISATIONS)
        .header("idempotency-key", "with space")
        .json(&inta())
        .send()
        .await
        .problem(401);
    let viewer = token(Role::Viewer, None);
    let large = json!({"name": "x".repeat(4096), "organisation_type": "10"});
    for key in ["big", "with space"] {
        app.post(PROJECTS)
            .bearer(&viewer)
            .header("idempotency-key", key)
            .json(&large)
            .send()
            .await
            .problem(403);
    }
    // An API client's token is checked against the database (revocation) before its
    // body is read.
    let org = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let client = app
        .post("/api/v1/clients")
        .bearer(&admin())
        .json(&json!({"name": "Lector", "organisation_id": org["id"], "role": "viewer"}))
        .send()
        .await
        .ok(201);
    let issued = app
        .post("/api/v1/auth/token")
        .json(&json!({"grant_type": "client_credentials",
            "client_id": client["client"]["id"], "client_secret": client["client_secret"]}))
        .send()
        .await
        .ok(200);
    let client_token = issued["access_token"].as_str().unwrap().to_owned();
    app.post(PROJECTS)
        .bearer(&client_token)
        .header("idempotency-key", "big")
        .json(&large)
        .send()
        .await
        .problem(403);
    app.post(&format!(
        "/api/v1/clients/{}/revoke",
        client["client"]["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .send()
    .await
    .ok(200);
    app.post(PROJECTS)
        .bearer(&client_token)
        .header("idempotency-key", "big")
        .json(&large)
        .send()
        .await
        .problem(401);
}

/// A viewer whose body never arrives is refused at once, not after the body deadline.
#[actix_web::test]
async fn a_viewer_with_a_slow_body_is_refused_at_once() {
    use std::io::{Read, Write};
    let app = spawn_with(|state| state.limits.request_timeout = Duration::from_secs(3)).await;
    let state = app.state.clone();
    let server = actix_web::HttpServer::new(move || ssc_api::app::build(state.clone()))
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
    let address = server.addrs()[0];
    let running = server.run();
    let handle = running.handle();
    actix_web::rt::spawn(running);
    let viewer = token(Role::Viewer, None);
    let (response, elapsed) = actix_web::rt::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "POST /api/v1/projects HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {viewer}\r\n\
             Idempotency-Key: slow\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"code\": "
        )
        .unwrap();
        let started = std::time::Instant::now();
        let mut response = String::new();
        let mut buffer = [0u8; 4096];
        while !response.contains("\"request_id\"") {
            let n = stream.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            response.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        (response, started.elapsed())
    })
    .await
    .unwrap();
    handle.stop(false).await;
    assert!(response.starts_with("HTTP/1.1 403"), "{response}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}
