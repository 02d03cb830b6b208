//! Two server processes on one database, started at the same moment (migrations take
//! turns), written through at once: a retry is honoured by the other replica, the change
//! feed read from either is the same strict order with nothing missing, a write accepted
//! by one is read by the other with the same ETag, and kept statistics follow writes made
//! through the other replica. On the PostgreSQL run they share the PostgreSQL database,
//! as replicas do in production; on the SQLite run, one SQLite file.

use std::collections::BTreeSet;
use std::thread;

use serde_json::{Value, json};

use crate::cli::{Client, Server, environment, mint};
use crate::support::{SECRET, TestDatabase};

fn organisation(name: &str) -> Value {
    json!({"name": name, "country_code": "AR", "organisation_type": "10"})
}

/// Every change the feed holds, read page by page through `client`.
fn whole_feed(client: &Client, token: &str) -> Vec<Value> {
    let mut changes = Vec::new();
    let mut path = "/api/v1/changes?limit=200".to_owned();
    loop {
        let (status, page) = client
            .try_call("GET", &path, Some(token), None)
            .expect("the feed answers");
        assert_eq!(status, 200, "{page}");
        changes.extend(page["items"].as_array().unwrap().iter().cloned());
        if !page["has_more"].as_bool().unwrap() {
            return changes;
        }
        path = format!(
            "/api/v1/changes?limit=200&after={}",
            page["next_cursor"].as_str().unwrap()
        );
    }
}

fn header<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

#[test]
fn two_replicas_share_one_database() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let mut env = environment(data.path(), &url);
    // Replicas share their signing secret by configuration.
    env.push(("SSC_JWT_SECRET", SECRET.to_owned()));
    let token = mint(&env, "admin");

    // Both start at once on an empty database: one migrates, the other waits its turn.
    let (a, b) = thread::scope(|s| {
        let first = s.spawn(|| Server::start(&env));
        let second = s.spawn(|| Server::start(&env));
        (first.join().unwrap(), second.join().unwrap())
    });
    let (a_client, b_client) = (Server::client(&a.address), Server::client(&b.address));
    for client in [&a_client, &b_client] {
        let (status, ready) = client.try_call("GET", "/readyz", None, None).unwrap();
        assert_eq!((status, ready["status"].as_str()), (200, Some("ready")));
    }

    // Kept statistics of replica B, before writes through A.
    let count_projects = |client: &Client| {
        let (status, stats) = client
            .try_call(
                "GET",
                "/api/v1/stats/projects?group_by=modality",
                Some(&token),
                None,
            )
            .unwrap();
        assert_eq!(status, 200, "{stats}");
        stats["total"]["projects"].as_i64().unwrap()
    };
    assert_eq!(count_projects(&b_client), 0);
    assert_eq!(count_projects(&b_client), 0);

    // Writes through both at once.
    let created: Vec<String> = thread::scope(|s| {
        let writers: Vec<_> = (0..2)
            .flat_map(|replica| (0..4).map(move |thread| (replica, thread)))
            .map(|(replica, thread)| {
                let client = Server::client(if replica == 0 { &a.address } else { &b.address });
                let token = &token;
                s.spawn(move || {
                    (0..10)
                        .map(|n| {
                            let body = organisation(&format!("Organismo {replica}-{thread}-{n}"));
                            let (status, created) = client
                                .try_call("POST", "/api/v1/organisations", Some(token), Some(&body))
                                .unwrap();
                            assert_eq!(status, 201, "{created}");
                            created["id"].as_str().unwrap().to_owned()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(created.len(), 80);

    // A retry on the other replica replays the first answer.
    let body = organisation("Agencia reintentada");
    let first = a_client
        .exchange(
            "POST",
            "/api/v1/organisations",
            Some(&token),
            Some(&body),
            &[("Idempotency-Key", "replica-retry")],
        )
        .unwrap();
    assert_eq!(first.status, 201, "{}", first.body);
    let retry = b_client
        .exchange(
            "POST",
            "/api/v1/organisations",
            Some(&token),
            Some(&body),
            &[("Idempotency-Key", "replica-retry")],
        )
        .unwrap();
    assert_eq!(retry.status, 201, "{}", retry.body);
    assert_eq!(header(&retry.headers, "idempotent-replayed"), Some("true"));
    assert_eq!(retry.body["id"], first.body["id"]);
    // The same key sent to both at the same moment creates one record.
    let body = organisation("Agencia simultánea");
    let answers: Vec<_> = thread::scope(|s| {
        [&a.address, &b.address]
            .map(|address| {
                let (client, body, token) = (Server::client(address), &body, &token);
                s.spawn(move || {
                    client
                        .exchange(
                            "POST",
                            "/api/v1/organisations",
                            Some(token),
                            Some(body),
                            &[("Idempotency-Key", "replica-race")],
                        )
                        .unwrap()
                })
            })
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect()
    });
    let ids: BTreeSet<String> = answers
        .iter()
        .filter(|e| e.status == 201)
        .map(|e| e.body["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids.len(),
        1,
        "one record, whoever answered: {:?}",
        answers.iter().map(|e| e.status).collect::<Vec<_>>()
    );
    assert!(
        answers.iter().all(|e| e.status == 201 || e.status == 409),
        "a 201 or a 409 while the first runs"
    );

    // A write through A is read through B, with the same ETag; B's update is A's.
    let id = first.body["id"].as_str().unwrap();
    let read = b_client
        .exchange(
            "GET",
            &format!("/api/v1/organisations/{id}"),
            Some(&token),
            None,
            &[],
        )
        .unwrap();
    assert_eq!(read.status, 200);
    let etag = header(&read.headers, "etag").unwrap().to_owned();
    assert_eq!(header(&first.headers, "etag"), Some(etag.as_str()));
    let mut changed = read.body.clone();
    for member in [
        "id",
        "version",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ] {
        changed.as_object_mut().unwrap().remove(member);
    }
    changed["name"] = json!("Agencia reintentada y renombrada");
    let replaced = b_client
        .exchange(
            "PUT",
            &format!("/api/v1/organisations/{id}"),
            Some(&token),
            Some(&changed),
            &[("If-Match", &etag)],
        )
        .unwrap();
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    let new_etag = header(&replaced.headers, "etag").unwrap().to_owned();
    let read = a_client
        .exchange(
            "GET",
            &format!("/api/v1/organisations/{id}"),
            Some(&token),
            None,
            &[],
        )
        .unwrap();
    assert_eq!(header(&read.headers, "etag"), Some(new_etag.as_str()));
    assert_eq!(read.body["name"], "Agencia reintentada y renombrada");
    // The old ETag is stale on A too.
    let stale = a_client
        .exchange(
            "PUT",
            &format!("/api/v1/organisations/{id}"),
            Some(&token),
            Some(&changed),
            &[("If-Match", &etag)],
        )
        .unwrap();
    assert_eq!(stale.status, 412, "{}", stale.body);
    let unchanged = b_client
        .exchange(
            "GET",
            &format!("/api/v1/organisations/{id}"),
            Some(&token),
            None,
            &[("If-None-Match", &new_etag)],
        )
        .unwrap();
    assert_eq!(unchanged.status, 304);

    // A project written through A counts at once in B's kept statistics.
    let organisations: Vec<&str> = created.iter().take(2).map(String::as_str).collect();
    let project = json!({
        "code": "REPLICA-1",
        "title": {"es": "Proyecto escrito por la réplica A"},
        "modality": "bilateral_ssc",
        "instrument": "project",
        "status": 2,
        "visibility": "public",
        "planned_start": "2026-01-01",
        "planned_end": "2026-12-31",
        "recipient_countries": [{"country_code": "BO", "percentage": "100"}],
        "sectors": [{"code": "31166", "percentage": "100"}],
        "participants": [
            {"organisation_id": organisations[0], "role": "provider"},
            {"organisation_id": organisations[1], "role": "recipient"}
        ]
    });
    let (status, written) = a_client
        .try_call("POST", "/api/v1/projects", Some(&token), Some(&project))
        .unwrap();
    assert_eq!(status, 201, "{written}");
    assert_eq!(
        count_projects(&b_client),
        1,
        "no kept answer outlives a write on another replica"
    );

    // The feed, read from either replica: the same strict order, nothing missing.
    let from_a = whole_feed(&a_client, &token);
    let from_b = whole_feed(&b_client, &token);
    assert_eq!(from_a, from_b);
    let seqs: Vec<i64> = from_a.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "strictly increasing");
    let fed: BTreeSet<&str> = from_a.iter().map(|c| c["id"].as_str().unwrap()).collect();
    for id in created
        .iter()
        .map(String::as_str)
        .chain([id, written["id"].as_str().unwrap()])
    {
        assert!(fed.contains(id), "{id} is in the feed");
    }
    assert_eq!(
        from_a.len(),
        80 + 2 + 1 + 1,
        "80 organisations, two retried ones, a rename and a project"
    );
    a.stop();
    b.stop();
}
