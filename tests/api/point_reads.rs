//! Reads by id that arrive together go to PostgreSQL as one statement per kind and scope
//! (`db::point_reads`). Gathered with other callers' reads, each caller still reads
//! exactly what it reads alone: the current version, the approved one, or nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use futures_util::future::join_all;
use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{EXCHANGES, PROJECTS, bilateral, cast, exchange, triangular};
use crate::support::{TestApp, admin, on_postgres, spawn_bounded, spawn_sized, token};

fn org(id: &Value) -> Option<Uuid> {
    id.as_str().map(|s| s.parse().unwrap())
}

fn item_of(path: &str, record: &Value) -> String {
    format!("{path}/{}", record["id"].as_str().unwrap())
}

/// Status, ETag and body of `caller`'s GET of `item` (a problem's request id left out).
async fn read_as<S, B>(app: &TestApp<S>, caller: &str, item: &str) -> (u16, Option<String>, Value)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let reply = app.get(item).bearer(caller).send().await;
    let mut body = reply.json();
    if let Some(problem) = body.as_object_mut()
        && problem.contains_key("status")
    {
        problem.remove("request_id");
    }
    (
        reply.status.as_u16(),
        reply.header("etag").map(str::to_owned),
        body,
    )
}

#[actix_web::test]
async fn reads_gathered_together_answer_each_caller_as_it_reads_alone() {
    // One connection: while a read holds it, every other read waits in the queue.
    let app = spawn_sized(1).await;
    let cast = cast(&app).await;
    let participant = token(Role::Partner, org(&cast.mag));
    let outsider = token(Role::Partner, org(&cast.mdryt));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);

    // An approved project with an edit awaiting review: the participant and the
    // directorate read the edit, everyone else the approved version.
    let approved = app.create_project(&triangular(&cast, "GATHER-1")).await;
    app.patch(&item_of(PROJECTS, &approved))
        .bearer(&participant)
        .if_match(&approved["version"])
        .json(&json!({"title": {"es": "Segunda fase"}}))
        .send()
        .await
        .ok(200);
    // A restricted project the outsider and the viewer may not read at all.
    let mut body = triangular(&cast, "GATHER-2");
    body["visibility"] = json!("restricted");
    let restricted = app.create_project(&body).await;
    let public = app.create_project(&bilateral(&cast, "GATHER-3")).await;
    let exchange = app
        .post(EXCHANGES)
        .bearer(&admin())
        .json(&exchange(&cast))
        .send()
        .await
        .ok(201);
    let items = [
        item_of(PROJECTS, &approved),
        item_of(PROJECTS, &restricted),
        item_of(PROJECTS, &public),
        item_of(EXCHANGES, &exchange),
        format!("{PROJECTS}/0190a1b2-0000-7000-8000-000000000000"),
    ];
    let callers = [admin(), coordinator, participant, outsider, viewer];
    let reads: Vec<(&String, &String)> = callers
        .iter()
        .flat_map(|caller| items.iter().map(move |item| (caller, item)))
        .collect();

    let mut alone = Vec::new();
    for &pair in &reads {
        alone.push(read_as(&app, pair.0, pair.1).await);
    }

    let together = match app.state.db.point_reads().cloned() {
        None => {
            join_all(
                reads
                    .iter()
                    .map(|(caller, item)| read_as(&app, caller, item)),
            )
            .await
        }
        Some(gathered) => {
            let (batches_before, answered_before) = gathered.batches();
            // Hold the only connection until the reads wait in the queue (all of them, or
            // all but a first batch waiting for the connection), then let them go.
            let held = Arc::new(AtomicBool::new(false));
            let (release, released) = std::sync::mpsc::channel::<()>();
            let holding = held.clone();
            let db = app.state.db.clone();
            let gate = actix_web::rt::spawn(async move {
                db.read(move |_| {
                    holding.store(true, Ordering::SeqCst);
                    released.recv().ok();
                    Ok(())
                })
                .await
            });
            let deadline = Instant::now() + Duration::from_secs(20);
            while !held.load(Ordering::SeqCst) {
                assert!(Instant::now() < deadline, "the connection was never held");
                actix_web::rt::time::sleep(Duration::from_millis(2)).await;
            }
            let controller = async {
                while gathered.waiting() < reads.len() - 1 {
                    assert!(Instant::now() < deadline, "the reads never queued");
                    actix_web::rt::time::sleep(Duration::from_millis(2)).await;
                }
                release.send(()).unwrap();
            };
            let (together, ()) = futures_util::future::join(
                join_all(
                    reads
                        .iter()
                        .map(|(caller, item)| read_as(&app, caller, item)),
                ),
                controller,
            )
            .await;
            gate.await.unwrap().unwrap();
            let (batches, answered) = gathered.batches();
            // At most the first read alone (if its batch started before the others
            // queued), then all the others in one batch.
            assert!(
                batches - batches_before <= 2,
                "{} batches",
                batches - batches_before
            );
            assert_eq!(answered - answered_before, reads.len() as u64);
            together
        }
    };

    for ((pair, alone), together) in reads.iter().zip(&alone).zip(&together) {
        assert_eq!(alone, together, "{pair:?}");
    }
    // What each caller reads alone is what its role may read.
    let statuses: Vec<u16> = alone.iter().map(|(status, _, _)| *status).collect();
    assert_eq!(
        statuses,
        [
            200, 200, 200, 200, 404, // admin
            200, 200, 200, 200, 404, // coordinator
            200, 200, 200, 200, 404, // participant (MAG takes part in both triangulars)
            200, 404, 200, 200, 404, // outsider
            200, 404, 200, 200, 404, // viewer
        ]
    );
    let version = |at: usize| alone[at].1.clone().unwrap();
    assert_eq!(version(0), "\"2\"", "the directorate reads the edit");
    assert_eq!(version(10), "\"2\"", "the participant reads the edit");
    assert_eq!(
        version(15),
        "\"1\"",
        "the outsider reads the approved version"
    );
    assert_eq!(
        version(20),
        "\"1\"",
        "the viewer reads the approved version"
    );
}

/// A read by id that the database does not answer in time is 503 with `Retry-After`, once
/// per caller: on PostgreSQL the gathered batch's error is every gathered read's answer
/// (read again one by one, each caller would wait a second time). On SQLite a transaction
/// holding the write lock does not stop reads at all (WAL). Once the lock goes, the same
/// reads answer.
#[actix_web::test]
async fn reads_the_database_does_not_answer_in_time_are_503_once() {
    use diesel::connection::SimpleConnection;
    const BOUND: Duration = Duration::from_millis(300);
    let app = spawn_bounded(Some(BOUND), |_| {}).await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "GATHER-LOCK")).await;
    let item = item_of(PROJECTS, &project);
    let callers = [admin(), token(Role::Viewer, None), admin()];

    let mut holder = app.state.db.pool().get().unwrap();
    holder
        .batch_execute(if on_postgres() {
            "BEGIN; LOCK TABLE projects IN ACCESS EXCLUSIVE MODE"
        } else {
            "BEGIN EXCLUSIVE"
        })
        .unwrap();
    let failed_before = app.state.db.point_reads().map(|reads| reads.failed());
    let started = Instant::now();
    let replies = join_all(
        callers
            .iter()
            .map(|caller| app.get(&item).bearer(caller).send()),
    )
    .await;
    let took = started.elapsed();
    for reply in &replies {
        if on_postgres() {
            let problem = reply.problem(503);
            assert_eq!(problem["type"], "urn:ssc-api:problem:service-unavailable");
            assert_eq!(reply.header("retry-after"), Some("1"));
        } else {
            assert_eq!(reply.ok(200)["code"], "GATHER-LOCK");
        }
    }
    if let Some(reads) = app.state.db.point_reads() {
        // One batch, its error answered to all three, in one wait for the database.
        assert_eq!(reads.failed() - failed_before.unwrap(), 1);
        assert!(took < BOUND * 2, "{took:?}");
    }

    holder.batch_execute("ROLLBACK").unwrap();
    drop(holder);
    for caller in &callers {
        assert_eq!(
            app.get(&item).bearer(caller).send().await.ok(200)["code"],
            "GATHER-LOCK"
        );
    }
}
