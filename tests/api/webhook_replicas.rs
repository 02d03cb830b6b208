//! Webhooks across processes: a server killed (SIGKILL) in the middle of deliveries loses
//! none (its restart, or the lease running out, sends them), and two replicas on one
//! database deliver each event once.

use std::collections::HashMap;
use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::cli::{Server, environment, mint};
use crate::receiver::{Answer, Receiver};
use crate::support::{SECRET, TestDatabase};
use crate::webhooks::KEY;

fn webhook_environment(
    data: &std::path::Path,
    url: &ssc_api::db::DatabaseUrl,
) -> Vec<(&'static str, String)> {
    let mut env = environment(data, url);
    env.retain(|(name, _)| *name != "SSC_JWT_SECRET");
    env.push(("SSC_JWT_SECRET", SECRET.to_owned()));
    env.push(("SSC_WEBHOOK_KEY", String::from_utf8(KEY.to_vec()).unwrap()));
    env.push(("SSC_WEBHOOK_ALLOW_HTTP", "true".to_owned()));
    env.push(("SSC_WEBHOOK_ALLOW_PRIVATE", "true".to_owned()));
    env.push(("SSC_WEBHOOK_TIMEOUT", "2s".to_owned()));
    env
}

fn create_organisations(server: &Server, token: &str, prefix: &str, n: usize) {
    for i in 0..n {
        let (status, body) = server.call(
            "POST",
            "/api/v1/organisations",
            Some(token),
            Some(&json!({"name": format!("{prefix} {i}"), "organisation_type": "10", "country_code": "AR"})),
        );
        assert_eq!(status, 201, "{body}");
    }
}

fn subscribe(server: &Server, token: &str, url: &str) -> String {
    let (status, created) = server.call(
        "POST",
        "/api/v1/webhooks",
        Some(token),
        Some(&json!({"url": url})),
    );
    assert_eq!(status, 201, "{created}");
    created["secret"].as_str().unwrap().to_owned()
}

/// Each taken (2xx) event: how many times it was taken.
fn taken(received: &[crate::receiver::Received]) -> HashMap<i64, usize> {
    let mut counts = HashMap::new();
    for r in received.iter().filter(|r| (200..300).contains(&r.answered)) {
        *counts.entry(r.seq()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn a_server_killed_mid_delivery_loses_nothing() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let env = webhook_environment(data.path(), &url);
    let token = mint(&env, "admin");
    let receiver = Receiver::start();
    // Slow answers, so that the kill finds deliveries in flight.
    receiver.script(|_, _| Answer {
        status: 200,
        delay: Duration::from_millis(400),
        body_bytes: 2,
    });
    let mut env = env;
    env.push(("SSC_WEBHOOK_CONCURRENCY", "4".to_owned()));
    let server = Server::start(&env);
    let secret = subscribe(&server, &token, &receiver.url("/kill"));
    receiver.set_secrets(&[&secret]);
    create_organisations(&server, &token, "Organismo", 30);
    receiver.wait_until(Duration::from_secs(20), "deliveries under way", |r| {
        !r.is_empty()
    });
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .unwrap()
            .success()
    );
    drop(server);
    let before_restart = taken(&receiver.received()).len();
    assert!(
        before_restart < 30,
        "the kill came mid-delivery ({before_restart} taken)"
    );
    receiver.script(|_, _| Answer::status(200));
    let restarted = Server::start(&env);
    // The killed server's leases run out (timeout + 5 s) and the restarted one sends the rest.
    let received = receiver.wait_until(Duration::from_secs(40), "all 30 events", |r| {
        taken(r).len() >= 30
    });
    let counts = taken(&received);
    assert_eq!(counts.len(), 30);
    // At most the deliveries in flight at the kill came twice.
    assert!(counts.values().all(|n| *n <= 2), "{counts:?}");
    assert!(received.iter().all(|r| r.verified == vec![true]));
    restarted.stop();
}

#[test]
fn two_replicas_deliver_each_event_once() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let env = webhook_environment(data.path(), &url);
    let token = mint(&env, "admin");
    let (a, b) = std::thread::scope(|s| {
        let first = s.spawn(|| Server::start(&env));
        let second = s.spawn(|| Server::start(&env));
        (first.join().unwrap(), second.join().unwrap())
    });
    let receiver = Receiver::start();
    let secret = subscribe(&a, &token, &receiver.url("/replicas"));
    receiver.set_secrets(&[&secret]);
    std::thread::scope(|s| {
        s.spawn(|| create_organisations(&a, &token, "Réplica A", 40));
        s.spawn(|| create_organisations(&b, &token, "Réplica B", 40));
    });
    receiver.wait_until(Duration::from_secs(30), "80 events", |r| {
        taken(r).len() >= 80
    });
    // Give a second delivery time to show up, were there one.
    std::thread::sleep(Duration::from_millis(1500));
    let received = receiver.received().into_iter().collect::<Vec<_>>();
    let counts = taken(&received);
    assert_eq!(counts.len(), 80);
    assert!(
        counts.values().all(|n| *n == 1),
        "each event once: {counts:?}"
    );
    assert_eq!(received.len(), 80, "no attempt beyond one per event");
    assert!(received.iter().all(|r| r.verified == vec![true]));
    let ids: std::collections::HashSet<&str> = received.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 80);
    a.stop();
    b.stop();
}
