//! Webhook deliveries: retries after 500s and timeouts with the attempts logged, order
//! kept per record, the subscription disabled when the retry window closes (an injected
//! clock), redelivery and enabling again, the test ping, bounded answers, and private
//! addresses refused at delivery time.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use ssc_api::webhooks::SystemClock;

use crate::receiver::{Answer, Receiver};
use crate::support::{admin, spawn_with};
use crate::webhooks::{WEBHOOKS, settings, subscribe, webhook_app};

const ORGANISATIONS: &str = "/api/v1/organisations";

/// Rename an organisation `times` times, one version after another.
async fn rename<S, B>(app: &crate::support::TestApp<S>, org: &Value, times: usize)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let path = format!("{ORGANISATIONS}/{}", org["id"].as_str().unwrap());
    let mut version = org["version"].clone();
    for n in 0..times {
        let renamed = app
            .patch(&path)
            .bearer(&admin())
            .if_match(&version)
            .body(
                "application/merge-patch+json",
                json!({"name": format!("Organismo {n}")}).to_string(),
            )
            .send()
            .await
            .ok(200);
        version = renamed["version"].clone();
    }
}

#[actix_web::test]
async fn failures_are_retried_in_order_per_record_and_logged() {
    let app = webhook_app(Arc::default()).await;
    let receiver = Receiver::start();
    // The first event of each record fails twice (500, then no answer in time), then
    // succeeds; every other event succeeds at once.
    receiver.script(|received, times| {
        let first_version = received.body["data"]["version"] == 1;
        match (first_version, times) {
            (true, 1) => Answer::status(500),
            (true, 2) => Answer {
                status: 500,
                delay: Duration::from_millis(2500),
                body_bytes: 2,
            },
            _ => Answer::status(204),
        }
    });
    let (hook, secret) = subscribe(&app, json!({"url": receiver.url("/hook")})).await;
    receiver.set_secrets(&[&secret]);
    let first = app
        .organisation("Agencia de Cooperación Internacional de Chile")
        .await;
    let second = app
        .organisation("Agencia Mexicana de Cooperación Internacional")
        .await;
    rename(&app, &first, 4).await;
    rename(&app, &second, 4).await;

    let got = receiver
        .wait_for(Duration::from_secs(30), "ten events taken", |r| {
            r.iter()
                .filter(|r| (200..300).contains(&r.answered))
                .count()
                >= 10
        })
        .await;
    for org in [&first, &second] {
        let of_record: Vec<&crate::receiver::Received> = got
            .iter()
            .filter(|r| r.body["data"]["id"] == org["id"])
            .collect();
        let versions: Vec<i64> = of_record
            .iter()
            .map(|r| r.body["data"]["version"].as_i64().unwrap())
            .collect();
        // Version 1 three times (500, timeout, taken), then 2..5 once each, in order.
        assert_eq!(versions, vec![1, 1, 1, 2, 3, 4, 5], "{org}");
        assert!(
            of_record[..3].windows(2).all(|w| w[0].id == w[1].id),
            "the same webhook-id on retries"
        );
        assert!(of_record.iter().all(|r| r.verified == vec![true]));
    }
    // The delivery log: newest first, each attempt with its status and latency.
    let log_path = format!("{WEBHOOKS}/{}/deliveries", hook["id"].as_str().unwrap());
    // (The receiver has them; the worker records the last outcomes a moment later.)
    let mut log = Value::Null;
    for _ in 0..200 {
        log = app.get(&log_path).bearer(&admin()).send().await.ok(200);
        let items = log["items"].as_array().unwrap();
        if items.len() == 10 && items.iter().all(|d| d["state"] == "delivered") {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    assert!(items.iter().all(|d| d["state"] == "delivered"), "{log}");
    let retried = items
        .iter()
        .find(|d| d["seq"].as_i64() == got[0].body["data"]["seq"].as_i64())
        .unwrap();
    assert_eq!(retried["state"], "delivered");
    assert_eq!(retried["attempts"], 3);
    let attempts = retried["attempt_log"].as_array().unwrap();
    assert_eq!(attempts[0]["status"], 500);
    assert_eq!(attempts[0]["error"], "answered 500");
    assert_eq!(attempts[0]["response_excerpt"], "xx");
    assert_eq!(attempts[1]["status"], Value::Null);
    assert!(
        attempts[1]["error"]
            .as_str()
            .unwrap()
            .contains("no answer within"),
        "{}",
        attempts[1]
    );
    assert!(attempts[1]["latency_ms"].as_i64().unwrap() >= 900);
    assert_eq!(attempts[2]["status"], 204);
    assert!(
        items
            .windows(2)
            .all(|w| w[0]["id"].as_str() > w[1]["id"].as_str()),
        "newest first"
    );
    // Paged.
    let page = app
        .get(&format!("{log_path}?limit=4"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(page["items"].as_array().unwrap().len(), 4);
    let next = app
        .get(&format!(
            "{log_path}?limit=4&cursor={}",
            page["next_cursor"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(next["items"][0], items[4]);
    // The metrics count them.
    let metrics = ssc_api::metrics::get().encode();
    for name in [
        "ssc_webhook_deliveries_total",
        "ssc_webhook_failures_total",
        "ssc_webhook_retries_total",
        "ssc_webhook_outbox_age_seconds",
        "ssc_webhook_delivery_latency_seconds_bucket",
    ] {
        assert!(metrics.contains(name), "{name} in {metrics}");
    }
}

/// A receiver that fails for the whole retry window gets its subscription disabled with
/// the reason; enabled again, it gets new events, and a given-up one can be redelivered.
#[actix_web::test]
async fn the_subscription_is_disabled_when_the_retry_window_closes() {
    let clock = Arc::new(SystemClock::default());
    let app = webhook_app(clock.clone()).await;
    let receiver = Receiver::start();
    receiver.script(|_, _| Answer::status(503));
    let (hook, _) = subscribe(&app, json!({"url": receiver.url("/down")})).await;
    let path = format!("{WEBHOOKS}/{}", hook["id"].as_str().unwrap());
    app.organisation("Agencia Brasileña de Cooperación").await;
    receiver
        .wait_for(Duration::from_secs(20), "a first failed attempt", |r| {
            !r.is_empty()
        })
        .await;
    assert_eq!(
        app.get(&path).bearer(&admin()).send().await.ok(200)["state"],
        "active"
    );
    // A day and an hour later the next retry fails too: the window is over.
    clock.advance(Duration::from_secs(25 * 3600));
    let mut shown = Value::Null;
    for _ in 0..200 {
        shown = app.get(&path).bearer(&admin()).send().await.ok(200);
        if shown["state"] == "disabled" {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(shown["state"], "disabled", "{shown}");
    let reason = shown["disabled_reason"].as_str().unwrap();
    assert!(
        reason.contains("24 hours") && reason.contains("answered 503"),
        "{reason}"
    );
    assert!(shown["disabled_at"].is_string());
    let log = app
        .get(&format!("{path}/deliveries"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let given_up = log["items"][0].clone();
    assert_eq!(given_up["state"], "failed");
    let attempts_before = receiver.received().len();

    // Disabled: nothing more is sent; redelivery waits for it to be enabled.
    app.organisation("Agencia Peruana de Cooperación Internacional")
        .await;
    let redeliver = format!(
        "{path}/deliveries/{}/redeliver",
        given_up["id"].as_str().unwrap()
    );
    app.post(&redeliver)
        .bearer(&admin())
        .send()
        .await
        .problem(409);
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), attempts_before);

    receiver.script(|_, _| Answer::status(200));
    let enabled = app
        .post(&format!("{path}/enable"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(enabled["state"], "active");
    assert_eq!(enabled["disabled_reason"], Value::Null);
    let queued = app.post(&redeliver).bearer(&admin()).send().await.ok(202);
    assert_eq!(queued["state"], "pending");
    assert_eq!(queued["id"], given_up["id"]);
    app.organisation("Agencia Uruguaya de Cooperación Internacional")
        .await;
    let got = receiver
        .wait_for(
            Duration::from_secs(20),
            "the redelivery and a new event",
            |r| r.iter().filter(|r| r.answered == 200).count() >= 2,
        )
        .await;
    let taken: Vec<&crate::receiver::Received> = got.iter().filter(|r| r.answered == 200).collect();
    assert!(
        taken.iter().any(|r| r.id == given_up["id"]),
        "redelivered with the same webhook-id"
    );
    assert!(
        taken
            .iter()
            .any(|r| r.body["data"]["resource"] == "organisation")
    );
    // Redelivering an unknown delivery, or with a malformed id, is refused.
    app.post(&format!(
        "{path}/deliveries/msg_{}/redeliver",
        "0".repeat(32)
    ))
    .bearer(&admin())
    .send()
    .await
    .problem(404);
    app.post(&format!("{path}/deliveries/nope/redeliver"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);
}

#[actix_web::test]
async fn a_ping_is_sent_signed_and_logged_and_large_answers_are_not_read() {
    let app = webhook_app(Arc::default()).await;
    let receiver = Receiver::start();
    let (hook, secret) = subscribe(
        &app,
        json!({"url": receiver.url("/ping"), "event_types": ["project.approve"]}),
    )
    .await;
    receiver.set_secrets(&[&secret]);
    let path = format!("{WEBHOOKS}/{}", hook["id"].as_str().unwrap());
    let ping = app
        .post(&format!("{path}/ping"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(ping["state"], "delivered", "{ping}");
    assert_eq!(ping["event_type"], "webhook.ping");
    assert_eq!(ping["seq"], Value::Null);
    assert_eq!(ping["attempt_log"][0]["status"], 200);
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].verified, vec![true]);
    assert_eq!(received[0].body["type"], "webhook.ping");
    assert_eq!(received[0].body["data"]["webhook_id"], hook["id"]);
    assert_eq!(received[0].id, ping["id"].as_str().unwrap());
    // An answer of a megabyte: the status counts, at most 1 KB of it is kept.
    receiver.script(|_, _| Answer {
        status: 500,
        delay: Duration::ZERO,
        body_bytes: 1024 * 1024,
    });
    let failed = app
        .post(&format!("{path}/ping"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(failed["state"], "failed");
    assert_eq!(failed["attempt_log"][0]["status"], 500);
    assert_eq!(
        failed["attempt_log"][0]["response_excerpt"]
            .as_str()
            .unwrap()
            .len(),
        1024
    );
    // A ping is not redelivered; both are in the log.
    app.post(&format!(
        "{path}/deliveries/{}/redeliver",
        failed["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .send()
    .await
    .problem(409);
    let log = app
        .get(&format!("{path}/deliveries"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(log["items"], json!([failed, ping]));
    app.post(&format!("{WEBHOOKS}/{}/ping", uuid::Uuid::now_v7()))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
}

/// A target accepted when it was made (private addresses were allowed then) is checked
/// again at each delivery: a replica that refuses private addresses sends nothing there.
#[actix_web::test]
async fn private_addresses_are_refused_at_delivery_time() {
    let app = spawn_with(|state| state.webhooks = settings(Arc::default())).await;
    let receiver = Receiver::start();
    let (hook, _) = subscribe(&app, json!({"url": receiver.url("/private")})).await;
    let mut strict = settings(Arc::default());
    strict.allow_private = false;
    ssc_api::webhooks::worker::start(app.state.db.clone(), strict).unwrap();
    app.organisation("Agencia Española de Cooperación").await;
    let log_path = format!("{WEBHOOKS}/{}/deliveries", hook["id"].as_str().unwrap());
    let mut log = Value::Null;
    for _ in 0..200 {
        log = app.get(&log_path).bearer(&admin()).send().await.ok(200);
        if log["items"][0]["attempts"].as_i64().unwrap_or(0) >= 1 {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let attempt = &log["items"][0]["attempt_log"][0];
    assert!(
        attempt["error"].as_str().unwrap().contains("private"),
        "{log}"
    );
    assert_eq!(attempt["status"], Value::Null);
    assert!(
        receiver.received().is_empty(),
        "nothing reached the private address"
    );
}

/// With no subscription active, the changes waiting in the outbox are dropped without a
/// delivery; a subscription created afterwards gets the changes made after it, and only
/// those.
#[actix_web::test]
async fn changes_made_while_no_one_subscribes_are_dropped_and_later_ones_delivered() {
    let app = webhook_app(Arc::default()).await;
    let org = app.organisation("Agencia Uruguaya de Cooperación").await;
    rename(&app, &org, 3).await;
    let db = app.state.db.clone();
    let mut waiting = true;
    for _ in 0..400 {
        waiting = db
            .read(|conn| Ok(ssc_api::store::webhook_deliveries::outbox_waiting(conn)?))
            .await
            .unwrap();
        if !waiting {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(
        !waiting,
        "the outbox is emptied with no subscription active"
    );

    let receiver = Receiver::start();
    let (_, secret) = subscribe(&app, json!({"url": receiver.url("/later")})).await;
    receiver.set_secrets(&[&secret]);
    let path = format!("{ORGANISATIONS}/{}", org["id"].as_str().unwrap());
    let current = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(current["version"], 4);
    rename(&app, &current, 1).await;
    let got = receiver
        .wait_for(Duration::from_secs(30), "the later change", |r| {
            !r.is_empty()
        })
        .await;
    // A moment for any stray earlier change to arrive too.
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    let versions: Vec<i64> = receiver
        .received()
        .iter()
        .map(|r| r.body["data"]["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, vec![5], "{got:?}");
}
