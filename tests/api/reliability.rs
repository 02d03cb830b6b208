//! Reliability under concurrency and crashes: many writers at once produce no server
//! error and lose no update; of two writes from the same version exactly one wins; and a
//! server killed outright (SIGKILL) in the middle of a stream of writes keeps every write
//! it acknowledged, with an intact database.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::Text;
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::cli::{Server, environment, mint};
use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{RACE_LOST, TestDatabase, admin, on_postgres, spawn};

const ORGANISATIONS: &str = "/api/v1/organisations";
const WRITERS: usize = 32;
/// Appends each writer makes (however long the machine takes: a count, not a time).
const APPENDS_EACH: usize = 3;
/// A bound on the run, far beyond what it takes, so that a lost write fails rather
/// than hangs.
const RUN_AT_MOST: Duration = Duration::from_secs(120);

/// 32 writers at once: each appends its mark to one shared project's objectives three
/// times (read, then PATCH with If-Match, rereading on 412) and creates organisations.
/// No 5xx; every acknowledged append is in the final text; the version counts exactly
/// the acknowledged updates; every acknowledged create exists.
#[actix_web::test]
async fn concurrent_writers_lose_nothing() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let shared = app.create(PROJECTS, &bilateral(&cast, "SHARED")).await;
    let path = format!("{PROJECTS}/{}", shared["id"].as_str().unwrap());
    let started = Instant::now();

    let writer = |n: usize| {
        let (app, path) = (&app, &path);
        async move {
            let token = admin();
            let (mut appended, mut created, mut conflicts, mut guarded) =
                (Vec::new(), Vec::new(), 0, 0);
            let mut round = 0;
            while appended.len() < APPENDS_EACH && started.elapsed() < RUN_AT_MOST {
                round += 1;
                let current = app.get(path).bearer(&token).send().await.ok(200);
                let mark = format!("[{n}.{round}]");
                let objectives = format!("{}{mark}", current["objectives"]["es"].as_str().unwrap());
                let reply = app
                    .patch(path)
                    .bearer(&token)
                    .if_match(&current["version"])
                    .body(
                        "application/merge-patch+json",
                        json!({ "objectives": {"es": objectives} }).to_string(),
                    )
                    .send()
                    .await;
                match reply.status.as_u16() {
                    200 => appended.push(mark),
                    412 => {
                        conflicts += 1;
                        if reply.problem(412)["detail"]
                            .as_str()
                            .unwrap()
                            .contains(RACE_LOST)
                        {
                            guarded += 1;
                        }
                    }
                    other => panic!("writer {n}: PATCH answered {other}: {}", reply.text()),
                }
                let reply = app
                    .post(ORGANISATIONS)
                    .bearer(&token)
                    .json(&json!({"name": format!("Organización {n}.{round}"), "organisation_type": "21"}))
                    .send()
                    .await;
                assert_eq!(reply.status, 201, "writer {n}: {}", reply.text());
                created.push(reply.json()["id"].as_str().unwrap().to_owned());
            }
            (appended, created, conflicts, guarded)
        }
    };
    let results = join_all((0..WRITERS).map(writer)).await;

    let last = app.get(&path).bearer(&admin()).send().await.ok(200);
    let text = last["objectives"]["es"].as_str().unwrap();
    let appended: Vec<&String> = results.iter().flat_map(|r| &r.0).collect();
    for mark in &appended {
        assert_eq!(
            text.matches(mark.as_str()).count(),
            1,
            "{mark} is kept once"
        );
    }
    assert_eq!(
        last["version"].as_i64().unwrap(),
        shared["version"].as_i64().unwrap() + appended.len() as i64,
        "every acknowledged update, and only those, made a version"
    );
    let conflicts: usize = results.iter().map(|r| r.2).sum();
    assert_eq!(
        appended.len(),
        WRITERS * APPENDS_EACH,
        "every writer made its appends"
    );
    assert!(conflicts > 0, "the writers really did overlap");
    let guarded: usize = results.iter().map(|r| r.3).sum();
    eprintln!(
        "{WRITERS} writers, {:?}: {} updates, {conflicts} refused with 412 ({guarded} by the write guard), {} creates",
        started.elapsed(),
        appended.len(),
        results.iter().map(|r| r.1.len()).sum::<usize>()
    );
    if on_postgres() {
        assert!(
            guarded > 0,
            "no two writes passed the version check together"
        );
    }

    let created: BTreeSet<&String> = results.iter().flat_map(|r| &r.1).collect();
    let mut stored = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{ORGANISATIONS}?organisation_type=21&limit=200&cursor={c}"),
            None => format!("{ORGANISATIONS}?organisation_type=21&limit=200"),
        };
        let page = app.get(&url).bearer(&admin()).send().await.ok(200);
        for item in page["items"].as_array().unwrap() {
            stored.insert(item["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(stored.iter().collect::<BTreeSet<_>>(), created);
}

#[actix_web::test]
async fn of_two_writes_from_one_version_exactly_one_wins() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create(PROJECTS, &bilateral(&cast, "RACE")).await;
    let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let mut guarded = 0;
    for round in 0..30 {
        let current = app.get(&path).bearer(&admin()).send().await.ok(200);
        let bodies: Vec<Value> = ["A", "B"]
            .iter()
            .map(|side| {
                let mut body = bilateral(&cast, "RACE");
                body["title"] = json!({"es": format!("Versión {side} {round}")});
                body
            })
            .collect();
        let replies = join_all(bodies.iter().map(|body| {
            app.put(&path)
                .bearer(&admin())
                .if_match(&current["version"])
                .json(body)
                .send()
        }))
        .await;
        let mut statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
        statuses.sort();
        assert_eq!(statuses, [200, 412], "round {round}");
        let winner = replies.iter().find(|r| r.status == 200).unwrap().json();
        let loser = replies.iter().find(|r| r.status == 412).unwrap();
        if loser.problem(412)["detail"]
            .as_str()
            .unwrap()
            .contains(RACE_LOST)
        {
            guarded += 1;
        }
        let stored = app.get(&path).bearer(&admin()).send().await.ok(200);
        assert_eq!(
            stored, winner,
            "round {round}: the winner's write is the one kept"
        );
        assert_eq!(
            stored["version"].as_i64().unwrap(),
            current["version"].as_i64().unwrap() + 1
        );
    }
    // On PostgreSQL both writes pass the version check together, and the conditional
    // update is what stops the second (on SQLite, one writer runs them in turn).
    eprintln!("racing writes stopped by the write guard: {guarded} of 30");
    if on_postgres() {
        assert!(
            guarded > 0,
            "the write guard never ran: the race was not raced"
        );
    }
}

/// An update and a delete from the same version at the same moment: never both. The
/// delete removes the record only where its version is still the one checked, so an
/// acknowledged update is never erased by a delete that did not see it.
#[actix_web::test]
async fn a_stale_delete_never_erases_an_acknowledged_update() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let (mut updates_won, mut deletes_won, mut guarded) = (0, 0, 0);
    for round in 0..30 {
        let project = app
            .create(PROJECTS, &bilateral(&cast, &format!("DEL-{round}")))
            .await;
        let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
        let patch = app
            .patch(&path)
            .bearer(&admin())
            .if_match(&project["version"])
            .body(
                "application/merge-patch+json",
                json!({"objectives": {"es": format!("Actualizado {round}")}}).to_string(),
            )
            .send();
        let delete = app
            .delete(&path)
            .bearer(&admin())
            .if_match(&project["version"])
            .send();
        let (updated, deleted) = tokio::join!(patch, delete);
        let stored = app.get(&path).bearer(&admin()).send().await;
        match (updated.status.as_u16(), deleted.status.as_u16()) {
            (200, 412) => {
                updates_won += 1;
                if deleted.problem(412)["detail"]
                    .as_str()
                    .unwrap()
                    .contains(RACE_LOST)
                {
                    guarded += 1;
                }
                assert_eq!(stored.ok(200), updated.json(), "round {round}");
            }
            (412 | 404, 204) => {
                deletes_won += 1;
                if updated.status == 412
                    && updated.problem(412)["detail"]
                        .as_str()
                        .unwrap()
                        .contains(RACE_LOST)
                {
                    guarded += 1;
                }
                stored.problem(404);
            }
            other => panic!("round {round}: update and delete answered {other:?}"),
        }
    }
    eprintln!(
        "update against delete: the update won {updates_won}, the delete {deletes_won}; the write guard decided {guarded}"
    );
    if on_postgres() {
        assert!(
            guarded > 0,
            "the write guard never ran: the race was not raced"
        );
    }
}

#[derive(QueryableByName)]
struct IntegrityCheck {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// What a client knew of one create when the server died.
enum Sent {
    /// Answered 201 with this representation.
    Acknowledged(Value),
    /// Sent (with this body), never answered.
    InFlight(Value),
}

/// Kill the server (SIGKILL, no shutdown) three times while four clients stream creates,
/// each with its own `Idempotency-Key`. After each restart every create that was answered
/// 201 is there as it was answered; a retry of each create still in flight at the kill,
/// with its key, finishes it exactly once (a replay if it had committed, the write if not,
/// once its claim counts as abandoned); and SQLite's integrity check passes.
#[test]
fn acknowledged_writes_survive_crashes_and_retries_finish_the_rest_once() {
    let (_database, url) = TestDatabase::create();
    // The server's PostgreSQL sessions carry a name, so that the crash can end them too.
    let sessions = format!("crash-{}", uuid::Uuid::now_v7().simple());
    let url = match url {
        ssc_api::db::DatabaseUrl::Postgres(url) => {
            ssc_api::db::DatabaseUrl::Postgres(format!("{url}&application_name={sessions}"))
        }
        sqlite => sqlite,
    };
    let data = tempfile::tempdir().unwrap();
    let env = environment(data.path(), &url);
    // The database the server runs on (on SQLite, the file in its data directory).
    let served = match &url {
        ssc_api::db::DatabaseUrl::Sqlite(_) => {
            ssc_api::db::DatabaseUrl::Sqlite(data.path().join("ssc.db"))
        }
        postgres => postgres.clone(),
    };
    let token = mint(&env, "admin");
    let (mut acknowledged_total, mut replays, mut finished) = (0, 0, 0);
    for round in 0..3 {
        let server = Server::start(&env);
        let address = server.address.clone();
        let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let clients: Vec<_> = (0..4)
            .map(|n| {
                let (token, address) = (token.clone(), address.clone());
                let answered = answered.clone();
                std::thread::spawn(move || {
                    let client = Server::client(&address);
                    let mut sent = Vec::new();
                    for i in 0.. {
                        let key = format!("crash-{round}-{n}-{i}");
                        let body = json!({"name": format!("Organización {key}"), "organisation_type": "21"});
                        let reply = client.exchange(
                            "POST",
                            ORGANISATIONS,
                            Some(&token),
                            Some(&body),
                            &[("Idempotency-Key", &key)],
                        );
                        match reply {
                            Some(reply) if reply.status == 201 => {
                                answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                sent.push((key, Sent::Acknowledged(reply.body)))
                            }
                            Some(reply) => panic!("unexpected {}: {}", reply.status, reply.body),
                            // The server is gone.
                            None => {
                                sent.push((key, Sent::InFlight(body)));
                                return sent;
                            }
                        }
                    }
                    unreachable!()
                })
            })
            .collect();
        // Kill it in full flow: once writes are being acknowledged, a moment later.
        let deadline = Instant::now() + Duration::from_secs(30);
        while answered.load(std::sync::atomic::Ordering::Relaxed) < 50 && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(200));
        drop(server); // SIGKILL
        // A PostgreSQL session outlives its killed client until it next reads from it: a
        // claim or a write sent just before the kill would otherwise commit after the
        // claims are aged below, and its retry meet a claim still "being processed". The
        // machine going down takes them with it.
        crate::broken_connections::terminate(&sessions);
        let sent: Vec<(String, Sent)> = clients
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        let acknowledged = sent
            .iter()
            .filter(|(_, s)| matches!(s, Sent::Acknowledged(_)))
            .count();
        assert!(acknowledged > 10, "round {round}: writes were under way");
        acknowledged_total += acknowledged;

        // Time passes: claims of requests that died count as abandoned.
        let mut conn = served.connect().unwrap();
        {
            use ssc_api::schema::idempotency_keys as keys;
            diesel::update(keys::table.filter(keys::state.eq("in_progress")))
                .set(keys::created_at.eq(ssc_api::store::now() - chrono::Duration::minutes(3)))
                .execute(&mut conn)
                .unwrap();
        }
        let server = Server::start(&env);
        let client = Server::client(&server.address);
        for (key, sent) in &sent {
            match sent {
                Sent::Acknowledged(created) => {
                    let id = created["id"].as_str().unwrap();
                    let (status, stored) =
                        server.call("GET", &format!("{ORGANISATIONS}/{id}"), Some(&token), None);
                    assert_eq!(status, 200, "acknowledged write {key} survived");
                    assert_eq!(&stored, created, "{key} is as it was acknowledged");
                }
                Sent::InFlight(body) => {
                    let retry = client
                        .exchange(
                            "POST",
                            ORGANISATIONS,
                            Some(&token),
                            Some(body),
                            &[("Idempotency-Key", key)],
                        )
                        .expect("the restarted server answers");
                    assert_eq!(retry.status, 201, "{key}: {}", retry.body);
                    if retry.headers.contains("idempotent-replayed: true") {
                        replays += 1; // it had committed before the kill
                    } else {
                        finished += 1; // it had not: the retry wrote it
                    }
                    let name = body["name"].as_str().unwrap();
                    let (_, found) = server.call(
                        "GET",
                        &format!("{ORGANISATIONS}?q={key}"),
                        Some(&token),
                        None,
                    );
                    let same: Vec<&Value> = found["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|o| o["name"] == name)
                        .collect();
                    assert_eq!(same.len(), 1, "{key} was written exactly once");
                    assert_eq!(same[0]["id"], retry.body["id"], "{key}");
                }
            }
        }
        server.stop();
    }
    eprintln!(
        "{acknowledged_total} acknowledged creates over three crashes; of the creates in \
         flight at a kill, {replays} had committed (replayed) and {finished} were written by \
         their retry"
    );

    if let ssc_api::db::DatabaseUrl::Sqlite(path) = &served {
        assert!(
            path.exists(),
            "the integrity check reads the served database"
        );
        let mut conn = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
        let result: Vec<IntegrityCheck> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut conn)
            .unwrap();
        let report: Vec<&str> = result.iter().map(|r| r.integrity_check.as_str()).collect();
        assert_eq!(report, ["ok"]);
    }
}
