//! Webhook subscriptions: admins only, validated (event types, safe targets, API clients),
//! the secret shown once and never kept in the clear (deliveries: `webhook_signatures`,
//! `webhook_deliveries`, `webhook_replicas`). The helpers here start apps with webhooks on.

use std::sync::Arc;
use std::time::Duration;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};
use ssc_api::auth::Role;
use ssc_api::webhooks::secrets::SecretBox;
use ssc_api::webhooks::{SystemClock, WebhookSettings};
use uuid::Uuid;

use crate::support::{TestApp, admin, spawn, spawn_with, token};

pub const WEBHOOKS: &str = "/api/v1/webhooks";
pub const KEY: &[u8] = b"7d1f0c9a2b3e4d5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab";

/// Settings for tests: a key, http and loopback targets allowed, a short timeout, and a
/// clock the test can move.
pub fn settings(clock: Arc<SystemClock>) -> WebhookSettings {
    let mut settings = WebhookSettings::default();
    settings.secrets = Some(Arc::new(SecretBox::from_hex(KEY).unwrap()));
    settings.allow_http = true;
    settings.allow_private = true;
    settings.timeout = Duration::from_secs(1);
    settings.clock = clock;
    settings
}

/// An app with webhooks on and its delivery worker running.
pub async fn webhook_app(
    clock: Arc<SystemClock>,
) -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    let app = spawn_with(|state| {
        state.webhooks = settings(clock);
        state.review_policy = ssc_api::domain::review::ReviewPolicy::Off;
    })
    .await;
    ssc_api::webhooks::worker::start(app.state.db.clone(), app.state.webhooks.clone()).unwrap();
    app
}

/// Subscribe; return (subscription, secret).
pub async fn subscribe<S, B>(app: &TestApp<S>, body: Value) -> (Value, String)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let reply = app.post(WEBHOOKS).bearer(&admin()).json(&body).send().await;
    let created = reply.ok(201);
    let id = created["webhook"]["id"].as_str().unwrap();
    assert_eq!(
        reply.header("location"),
        Some(format!("{WEBHOOKS}/{id}").as_str())
    );
    (
        created["webhook"].clone(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

#[actix_web::test]
async fn subscriptions_are_for_admins_and_validated() {
    let app = spawn_with(|state| state.webhooks = settings(Arc::default())).await;
    let org = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let good = json!({"url": "https://hooks.example.org/ssc"});
    for role in [Role::Coordinator, Role::Partner, Role::Viewer] {
        let org =
            (role == Role::Partner).then(|| Uuid::parse_str(org["id"].as_str().unwrap()).unwrap());
        let caller = token(role, org);
        app.post(WEBHOOKS)
            .bearer(&caller)
            .json(&good)
            .send()
            .await
            .problem(403);
        app.get(WEBHOOKS).bearer(&caller).send().await.problem(403);
    }
    app.post(WEBHOOKS).json(&good).send().await.problem(401);

    // Event types are the change feed's `<resource>.<action>`.
    let reply = app
        .post(WEBHOOKS)
        .bearer(&admin())
        .json(&json!({"url": "http://127.0.0.1:9/", "event_types": ["project.update", "project.explode", "records.create"]}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), vec!["/event_types/1", "/event_types/2"]);
    assert!(
        reply.text().contains("project, partnership"),
        "{}",
        reply.text()
    );
    // Unknown members, unknown kinds and malformed bodies are 400; missing url is 422.
    for body in [
        json!({"url": "http://127.0.0.1:9/", "events": []}),
        json!({"url": "http://127.0.0.1:9/", "filters": {"kinds": ["planet"]}}),
        json!({"url": 7}),
    ] {
        app.post(WEBHOOKS)
            .bearer(&admin())
            .json(&body)
            .send()
            .await
            .problem(400);
    }
    let reply = app
        .post(WEBHOOKS)
        .bearer(&admin())
        .json(&json!({}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), vec!["/url"]);
    // The client must exist and not be revoked.
    let reply = app
        .post(WEBHOOKS)
        .bearer(&admin())
        .json(&json!({"url": "http://127.0.0.1:9/", "client_id": Uuid::now_v7()}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), vec!["/client_id"]);
    let reply = app
        .post(WEBHOOKS)
        .bearer(&admin())
        .json(
            &json!({"url": "http://127.0.0.1:9/", "filters": {"organisation_id": Uuid::now_v7()}}),
        )
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), vec!["/filters/organisation_id"]);
    let client = app
        .post("/api/v1/clients")
        .bearer(&admin())
        .json(&json!({"name": "Sistema", "organisation_id": org["id"], "role": "partner"}))
        .send()
        .await
        .ok(201)["client"]["id"]
        .clone();
    app.post(&format!(
        "/api/v1/clients/{}/revoke",
        client.as_str().unwrap()
    ))
    .bearer(&admin())
    .send()
    .await
    .ok(200);
    let reply = app
        .post(WEBHOOKS)
        .bearer(&admin())
        .json(&json!({"url": "http://127.0.0.1:9/", "client_id": client}))
        .send()
        .await;
    assert!(
        reply.problem(422)["detail"]
            .as_str()
            .unwrap()
            .contains("revoked")
    );

    // Read, list, delete; unknown ids are 404.
    let (created, _) = subscribe(
        &app,
        json!({"url": "http://127.0.0.1:9/hook", "event_types": ["project.update", "project.create", "project.update"],
               "filters": {"organisation_id": org["id"], "kinds": ["project"]}}),
    )
    .await;
    assert_eq!(
        created["event_types"],
        json!(["project.create", "project.update"])
    );
    assert_eq!(
        created["filters"],
        json!({"organisation_id": org["id"], "kinds": ["project"]})
    );
    assert_eq!(created["client_id"], Value::Null);
    assert_eq!(created["state"], "active");
    assert_eq!(created["secret_version"], 1);
    let path = format!("{WEBHOOKS}/{}", created["id"].as_str().unwrap());
    assert_eq!(
        app.get(&path).bearer(&admin()).send().await.ok(200),
        created
    );
    let listed = app.get(WEBHOOKS).bearer(&admin()).send().await.ok(200);
    assert_eq!(listed["items"], json!([created]));
    app.get(&format!("{WEBHOOKS}/{}", Uuid::now_v7()))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.get(&format!("{WEBHOOKS}/nope"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);
    app.delete(&path).bearer(&admin()).send().await.ok(204);
    app.get(&path).bearer(&admin()).send().await.problem(404);
    app.delete(&path).bearer(&admin()).send().await.problem(404);
}

#[actix_web::test]
async fn unsafe_targets_are_refused() {
    let strict = spawn_with(|state| {
        let mut settings = settings(Arc::default());
        settings.allow_http = false;
        settings.allow_private = false;
        state.webhooks = settings;
    })
    .await;
    for (url, why) in [
        ("http://hooks.example.org/", "https"),
        ("ftp://hooks.example.org/", "https"),
        ("https://user:secret@hooks.example.org/", "credentials"),
        ("https://127.0.0.1/hook", "private"),
        ("https://localhost:8443/hook", "private"),
        ("https://10.1.2.3/hook", "private"),
        ("https://192.168.0.10/hook", "private"),
        ("https://169.254.169.254/latest/meta-data/", "private"),
        ("https://[::1]/hook", "private"),
        ("https://[fd00:ec2::254]/hook", "private"),
        ("https://[::ffff:127.0.0.1]/hook", "private"),
        ("https://0.0.0.0/hook", "private"),
        ("https://no-such-host.invalid/hook", "resolve"),
    ] {
        let reply = strict
            .post(WEBHOOKS)
            .bearer(&admin())
            .json(&json!({"url": url}))
            .send()
            .await;
        let problem = reply.problem(422);
        assert_eq!(reply.pointers(), vec!["/url"], "{url}");
        assert!(
            problem["detail"].as_str().unwrap().contains(why),
            "{url}: {problem}"
        );
    }
    // Without a key, webhooks are off.
    let off = spawn().await;
    let reply = off
        .post(WEBHOOKS)
        .bearer(&admin())
        .json(&json!({"url": "https://hooks.example.org/"}))
        .send()
        .await;
    assert!(
        reply.problem(503)["detail"]
            .as_str()
            .unwrap()
            .contains("SSC_WEBHOOK_KEY")
    );
}

#[actix_web::test]
async fn the_secret_is_shown_once_and_never_kept_in_the_clear() {
    let app = spawn_with(|state| state.webhooks = settings(Arc::default())).await;
    let body = json!({"url": "http://127.0.0.1:9/hook"});
    let reply = app
        .post(WEBHOOKS)
        .bearer(&admin())
        .header("idempotency-key", "webhook-1")
        .json(&body)
        .send()
        .await;
    let created = reply.ok(201);
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    // A retry gets no secret.
    let replay = app
        .post(WEBHOOKS)
        .bearer(&admin())
        .header("idempotency-key", "webhook-1")
        .json(&body)
        .send()
        .await;
    assert!(
        replay.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("rotate")
    );
    assert!(!replay.text().contains(&secret));
    let id = created["webhook"]["id"].as_str().unwrap();
    let rotated = app
        .post(&format!("{WEBHOOKS}/{id}/rotate"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let second = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(second, secret);
    assert_eq!(rotated["webhook"]["secret_version"], 2);
    assert!(rotated["webhook"]["previous_secret_expires_at"].is_string());
    // Neither secret, nor its key bytes, is anywhere in the database; GETs never show it.
    for secret in [&secret, &second] {
        let key_part = secret.trim_start_matches("whsec_");
        assert!(
            !app.database_contains(key_part).await,
            "the secret is at rest in the clear"
        );
        assert!(!app.database_contains(&key_part[..16]).await);
        let shown = app
            .get(&format!("{WEBHOOKS}/{id}"))
            .bearer(&admin())
            .send()
            .await;
        assert!(!shown.text().contains(key_part));
    }
}
