//! Webhook deliveries signed per Standard Webhooks (checked by its own library in the
//! receiver), scoped exactly as the subscriber's change feed, and rotation signing with
//! both secrets during the overlap.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use ssc_api::auth::Role;
use ssc_api::webhooks::SystemClock;
use uuid::Uuid;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::receiver::Receiver;
use crate::support::{admin, token};
use crate::webhooks::{WEBHOOKS, subscribe, webhook_app};

/// A partner's webhook receives exactly its change feed: the same changes, in the same
/// order, with the same actions (a record leaving its view arrives as a delete); the
/// directorate's receives everything; filters narrow them.
#[actix_web::test]
async fn deliveries_are_signed_and_scoped_as_the_change_feed() {
    let clock = Arc::new(SystemClock::default());
    let app = webhook_app(clock).await;
    let cast = cast(&app).await;
    let mag = Uuid::parse_str(cast.mag.as_str().unwrap()).unwrap();
    let client = app
        .post("/api/v1/clients")
        .bearer(&admin())
        .json(&json!({"name": "Sistema del MAG", "organisation_id": cast.mag, "role": "partner"}))
        .send()
        .await
        .ok(201)["client"]["id"]
        .clone();
    let partner_hook = Receiver::start();
    let (partner_webhook, partner_secret) = subscribe(
        &app,
        json!({"url": partner_hook.url("/mag"), "client_id": client}),
    )
    .await;
    let directorate = Receiver::start();
    let (_, directorate_secret) = subscribe(&app, json!({"url": directorate.url("/all")})).await;
    // Each receiver also tries the other's secret, which must not verify.
    partner_hook.set_secrets(&[&partner_secret, &directorate_secret]);
    directorate.set_secrets(&[&directorate_secret, &partner_secret]);
    let filtered = Receiver::start();
    let (_, filtered_secret) = subscribe(
        &app,
        json!({"url": filtered.url("/projects"), "event_types": ["project.update", "project.delete"],
               "filters": {"kinds": ["project"]}}),
    )
    .await;
    filtered.set_secrets(&[&filtered_secret]);

    // Changes made before the subscriptions may or may not be delivered: only later ones
    // are compared.
    let before = app
        .get("/api/v1/changes?limit=200")
        .bearer(&admin())
        .send()
        .await
        .ok(200)["items"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["seq"]
        .as_i64()
        .unwrap();

    // A public project; a restricted one without MAG; then MAG joins it; then it is made
    // restricted to others again (MAG removed); a public one deleted.
    let public = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&bilateral(&cast, "WH-1"))
        .send()
        .await
        .ok(201);
    let mut restricted = bilateral(&cast, "WH-2");
    restricted["visibility"] = json!("restricted");
    let restricted = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&restricted)
        .send()
        .await
        .ok(201);
    let path = format!("{PROJECTS}/{}", restricted["id"].as_str().unwrap());
    let mut participants = restricted["participants"].as_array().unwrap().clone();
    participants.push(json!({"organisation_id": cast.mag, "role": "implementing"}));
    let joined = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&restricted["version"])
        .body(
            "application/merge-patch+json",
            json!({"participants": participants}).to_string(),
        )
        .send()
        .await
        .ok(200);
    participants.pop();
    let left = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&joined["version"])
        .body(
            "application/merge-patch+json",
            json!({"participants": participants}).to_string(),
        )
        .send()
        .await
        .ok(200);
    assert_eq!(left["version"], 3);
    let public_path = format!("{PROJECTS}/{}", public["id"].as_str().unwrap());
    app.delete(&public_path)
        .bearer(&admin())
        .if_match(&public["version"])
        .send()
        .await
        .ok(204);

    let partner_token = token(Role::Partner, Some(mag));
    let feed_of = |bearer: String| {
        let app = &app;
        async move {
            let page = app
                .get("/api/v1/changes?limit=200")
                .bearer(&bearer)
                .send()
                .await
                .ok(200);
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["seq"].as_i64().unwrap() > before)
                .cloned()
                .collect::<Vec<_>>()
        }
    };
    let partner_feed = feed_of(partner_token).await;
    let admin_feed = feed_of(admin()).await;
    assert!(
        partner_feed.len() < admin_feed.len(),
        "the partner sees less"
    );
    let got = partner_hook
        .wait_for(Duration::from_secs(20), "the partner's feed", {
            let n = partner_feed.len();
            move |r| r.iter().filter(|r| r.seq() > before).count() >= n
        })
        .await;
    let everything = directorate
        .wait_for(Duration::from_secs(20), "the whole feed", {
            let n = admin_feed.len();
            move |r| r.iter().filter(|r| r.seq() > before).count() >= n
        })
        .await;
    let [got, everything] = [got, everything].map(|received| {
        received
            .into_iter()
            .filter(|r| r.seq() > before)
            .collect::<Vec<_>>()
    });
    for (received, feed) in [(&got, &partner_feed), (&everything, &admin_feed)] {
        let mut events: Vec<&crate::receiver::Received> = received.iter().collect();
        events.sort_by_key(|r| r.seq());
        assert_eq!(events.len(), feed.len());
        for (event, change) in events.iter().zip(feed.iter()) {
            assert_eq!(
                event.verified,
                vec![true, false],
                "signed with its own secret only"
            );
            assert!(event.id.starts_with("msg_"));
            let mut data = event.body["data"].clone();
            let link = data.as_object_mut().unwrap().remove("link").unwrap();
            assert_eq!(&data, change, "the event is the feed's change");
            let kind_path = if change["resource"] == "organisation" {
                "/api/v1/organisations"
            } else {
                PROJECTS
            };
            assert_eq!(
                link,
                format!("{kind_path}/{}", change["id"].as_str().unwrap())
            );
            assert_eq!(
                event.body["type"],
                format!(
                    "{}.{}",
                    change["resource"].as_str().unwrap(),
                    change["action"].as_str().unwrap()
                )
            );
            assert_eq!(event.body["timestamp"], change["at"]);
            assert!(
                event.body["data"].get("title").is_none(),
                "never the record"
            );
            // Timestamps are Unix seconds close to now.
            let at: i64 = event.timestamp.parse().unwrap();
            assert!((chrono::Utc::now().timestamp() - at).abs() < 60);
        }
    }
    // The partner learnt of the restricted project when MAG joined (an update), and of
    // MAG's removal as a delete.
    let restricted_id = restricted["id"].as_str().unwrap();
    let seen: Vec<String> = got
        .iter()
        .filter(|r| r.body["data"]["id"] == restricted_id)
        .map(|r| r.body["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, vec!["project.update", "project.delete"]);
    // The filtered subscription: project updates and deletes only.
    let narrow = filtered
        .wait_for(
            Duration::from_secs(20),
            "project updates and deletes",
            |r| r.len() >= 3,
        )
        .await;
    let mut types: Vec<&str> = narrow
        .iter()
        .map(|r| r.body["type"].as_str().unwrap())
        .collect();
    types.sort();
    assert_eq!(
        types,
        vec!["project.delete", "project.update", "project.update"]
    );

    // The client revoked, its webhook is disabled at the next change and gets nothing.
    let client_path = format!("/api/v1/clients/{}/revoke", client.as_str().unwrap());
    app.post(&client_path).bearer(&admin()).send().await.ok(200);
    let taken_before = partner_hook.received().len();
    app.organisation("Agencia de Cooperación Internacional del Japón")
        .await;
    let webhook_path = format!("{WEBHOOKS}/{}", partner_webhook["id"].as_str().unwrap());
    let mut shown = Value::Null;
    for _ in 0..200 {
        shown = app.get(&webhook_path).bearer(&admin()).send().await.ok(200);
        if shown["state"] == "disabled" {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        shown["disabled_reason"], "its API client was revoked",
        "{shown}"
    );
    app.post(&format!("{webhook_path}/enable"))
        .bearer(&admin())
        .send()
        .await
        .problem(409);
    assert_eq!(partner_hook.received().len(), taken_before);
}

/// During a rotation's overlap deliveries carry both signatures, each verifying with its
/// secret; after it only the new secret signs.
#[actix_web::test]
async fn rotation_signs_with_both_secrets_during_the_overlap() {
    let clock = Arc::new(SystemClock::default());
    let app = webhook_app(clock.clone()).await;
    let receiver = Receiver::start();
    let (hook, old) = subscribe(
        &app,
        json!({"url": receiver.url("/"), "event_types": ["organisation.create"]}),
    )
    .await;
    let rotated = app
        .post(&format!(
            "{WEBHOOKS}/{}/rotate",
            hook["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let new = rotated["secret"].as_str().unwrap().to_owned();
    receiver.set_secrets(&[&old, &new]);
    app.organisation("Agencia Uruguaya de Cooperación Internacional")
        .await;
    let during = receiver
        .wait_for(
            Duration::from_secs(20),
            "a delivery during the overlap",
            |r| !r.is_empty(),
        )
        .await;
    assert_eq!(
        during[0].verified,
        vec![true, true],
        "{}",
        during[0].signature
    );
    assert_eq!(during[0].signature.split(' ').count(), 2);
    // Past the overlap (a day later), only the new secret signs.
    clock.advance(Duration::from_secs(25 * 3600));
    app.organisation("Agencia Presidencial de Cooperación Internacional de Colombia")
        .await;
    let after = receiver
        .wait_for(
            Duration::from_secs(20),
            "a delivery after the overlap",
            |r| r.len() >= 2,
        )
        .await;
    assert_eq!(
        after[1].verified,
        vec![false, true],
        "{}",
        after[1].signature
    );
    assert_eq!(after[1].signature.split(' ').count(), 1);
}
