//! The change feed with writers that really run in parallel (issue 26): on PostgreSQL
//! writes commit in any order, so a change with a larger `seq` is often visible before
//! one with a smaller `seq`. A reader following the feed throughout must still see every
//! change once, in order.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::{Value, json};
use ssc_api::auth::{Caller, Role};
use ssc_api::domain::organisations::{Organisation, OrganisationInput};
use ssc_api::domain::record;

use crate::support::{admin, on_postgres, spawn_sized};

const FEED: &str = "/api/v1/changes";
const WRITERS: usize = 12;
const WRITE_FOR: Duration = Duration::from_millis(1500);

/// Writers that hold each transaction open for a moment after appending its change (so
/// that commits overtake each other), and a follower reading the feed from where it
/// stopped, all at once. The follower sees each `seq` once, in order, and ends with
/// exactly the feed read afterwards; and commits did overtake each other.
#[actix_web::test]
async fn a_follower_misses_no_change_while_writers_commit_out_of_order() {
    let app = spawn_sized(WRITERS as u32 + 4).await;
    let started = Instant::now();
    let finished = std::sync::atomic::AtomicUsize::new(0);
    let writer = |n: usize| {
        let (db, finished) = (app.state.db.clone(), &finished);
        async move {
            let mut committed = Vec::new();
            let mut round = 0u64;
            while started.elapsed() < WRITE_FOR {
                round += 1;
                // Up to 12 ms between the change record and the commit, varying.
                let pause = Duration::from_millis((n as u64 * 7 + round * 5) % 13);
                let id = db
                    .write(move |conn| {
                        let caller = Caller {
                            sub: format!("writer-{n}"),
                            role: Role::Admin,
                            org: None,
                            issuer: "ssc-api".into(),
                        };
                        let input: OrganisationInput = serde_json::from_value(json!({
                            "name": format!("Agencia {n}.{round}"), "organisation_type": "21"
                        }))
                        .unwrap();
                        let saved = record::create::<Organisation>(
                            conn,
                            &caller,
                            input,
                            Default::default(),
                        )?;
                        std::thread::sleep(pause);
                        Ok(saved.record.id.to_string())
                    })
                    .await
                    .expect("a write succeeds");
                committed.push((id, Instant::now()));
            }
            finished.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            committed
        }
    };
    let follower = async {
        let mut seen: Vec<Value> = Vec::new();
        let mut cursor = String::new();
        let mut quiet = 0;
        // Until the writers are done and two reads in a row find nothing new.
        let done = || finished.load(std::sync::atomic::Ordering::SeqCst) == WRITERS;
        while !done() || quiet < 2 {
            let page = app
                .get(&format!("{FEED}?limit=50{cursor}"))
                .bearer(&admin())
                .send()
                .await
                .ok(200);
            cursor = format!("&after={}", page["next_cursor"].as_str().unwrap());
            let items = page["items"].as_array().unwrap().clone();
            if items.is_empty() {
                if done() {
                    quiet += 1;
                }
                actix_web::rt::time::sleep(Duration::from_millis(3)).await;
            } else {
                quiet = 0;
                seen.extend(items);
            }
        }
        seen
    };
    let (commits, seen) =
        futures_util::future::join(join_all((0..WRITERS).map(writer)), follower).await;

    let seqs: Vec<i64> = seen.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "the follower saw each change once, in order"
    );
    let everything = read_whole_feed(&app).await;
    let all: Vec<i64> = everything
        .iter()
        .map(|c| c["seq"].as_i64().unwrap())
        .collect();
    let missed: BTreeSet<i64> = all.iter().copied().filter(|s| !seqs.contains(s)).collect();
    assert!(
        missed.is_empty(),
        "the follower skipped {} of {} changes: {missed:?}",
        missed.len(),
        all.len()
    );
    assert_eq!(seqs, all, "the follower ends with the feed");
    let written: usize = commits.iter().map(Vec::len).sum();
    assert_eq!(
        all.len(),
        written,
        "every acknowledged write has its change"
    );

    // The race was raced: writes were acknowledged in another order than their `seq`s
    // (on PostgreSQL; SQLite's one writer commits in `seq` order).
    let seq_of: HashMap<&str, i64> = everything
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["seq"].as_i64().unwrap()))
        .collect();
    let mut acknowledged: Vec<(Instant, i64)> = commits
        .iter()
        .flatten()
        .map(|(id, at)| (*at, seq_of[id.as_str()]))
        .collect();
    acknowledged.sort();
    let overtaken = acknowledged.windows(2).filter(|w| w[0].1 > w[1].1).count();
    eprintln!(
        "{WRITERS} writers, {written} changes, {overtaken} acknowledged before a smaller seq"
    );
    if on_postgres() {
        assert!(
            overtaken > 0,
            "no commit overtook another: the race was not raced"
        );
    }
}

async fn read_whole_feed<S, B>(app: &crate::support::TestApp<S>) -> Vec<Value>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut all = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app
            .get(&format!("{FEED}?limit=200{cursor}"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        let items = page["items"].as_array().unwrap();
        if items.is_empty() {
            return all;
        }
        cursor = format!("&after={}", page["next_cursor"].as_str().unwrap());
        all.extend(items.iter().cloned());
    }
}

/// Two deployments in one PostgreSQL database (each in its own schema, as each test is)
/// with records of the same ids: a write in one holding a record against deletes and the
/// change order until it commits never makes a write in the other wait. (Advisory locks
/// are one space per database: when their keys did not name the schema, the suite's
/// databases, all seeded with the demo ids, waited for each other and deadlocked.)
#[actix_web::test]
async fn another_schemas_locks_never_hold_a_write_back() {
    use ssc_api::store::changes::{self, NewChange};
    use ssc_api::store::visibility::Audience;
    let (first, second) = (spawn_sized(2).await, spawn_sized(2).await);
    let id = uuid::Uuid::now_v7();
    let change = move |record_id| NewChange {
        resource: "organisation",
        record_id,
        action: "update",
        version: 2,
        actor: "tester",
        actor_organisation_id: None,
        at: chrono::Utc::now().naive_utc(),
        changed_fields: vec!["name".into()],
        audience: Audience::public(),
        previous_audience: None,
        comment: None,
    };
    let (held, until_held) = std::sync::mpsc::channel::<()>();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = first.state.db.clone();
    let holding = actix_web::rt::spawn(async move {
        holder
            .write(move |conn| {
                // Two changes: the transaction keeps the change order until it ends.
                changes::append_many(conn, &[change(id), change(uuid::Uuid::now_v7())])?;
                changes::hold_unreferenced(conn, id)?;
                held.send(()).unwrap();
                released.recv_timeout(Duration::from_secs(20)).ok();
                Ok(())
            })
            .await
    });
    actix_web::web::block(move || until_held.recv_timeout(Duration::from_secs(20)))
        .await
        .unwrap()
        .expect("the first database holds the record");

    let writer = second.state.db.clone();
    let other = actix_web::rt::time::timeout(
        Duration::from_secs(3),
        writer.write(move |conn| {
            changes::hold_reference(conn, id)?;
            changes::append_many(conn, &[change(id), change(uuid::Uuid::now_v7())])?;
            Ok(())
        }),
    )
    .await;
    release.send(()).unwrap();
    holding.await.unwrap().expect("the holding write commits");
    other
        .expect("the second database's write waited for the first's locks")
        .expect("the second database's write commits");
}

/// A first page of a list is read in one statement when nothing lies beyond the feed's
/// horizon (issue 26). While a transaction that appended a change is still in progress,
/// a later write committed meanwhile lies beyond it: the page is then the one at the
/// horizon, the record that later write changed placed where it stood (as a next page
/// would place it), not where it stands now; once the transaction ends, where it stands.
/// Fails when the one-statement read ignores what lies beyond the horizon.
#[actix_web::test]
async fn a_first_page_is_the_one_at_the_horizon_while_an_earlier_change_is_in_progress() {
    use crate::fixtures::{PROJECTS, bilateral, cast};
    use ssc_api::store::changes::{self, NewChange};
    use ssc_api::store::visibility::Audience;
    if !on_postgres() {
        // One writer at a time on SQLite: nothing is ever beyond the horizon.
        return;
    }
    let app = spawn_sized(4).await;
    let cast = cast(&app).await;
    let older = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&bilateral(&cast, "HZ-OLDER"))
        .send()
        .await
        .ok(201);
    app.post(PROJECTS)
        .bearer(&admin())
        .json(&bilateral(&cast, "HZ-NEWER"))
        .send()
        .await
        .ok(201);
    let codes = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .filter(|code| code.starts_with("HZ-"))
            .collect()
    };

    // A write that appended its change and has not committed.
    let (held, until_held) = std::sync::mpsc::channel::<()>();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = app.state.db.clone();
    let holding = actix_web::rt::spawn(async move {
        holder
            .write(move |conn| {
                changes::append(
                    conn,
                    NewChange {
                        resource: "organisation",
                        record_id: uuid::Uuid::now_v7(),
                        action: "update",
                        version: 2,
                        actor: "tester",
                        actor_organisation_id: None,
                        at: chrono::Utc::now().naive_utc(),
                        changed_fields: vec!["name".into()],
                        audience: Audience::public(),
                        previous_audience: None,
                        comment: None,
                    },
                )?;
                held.send(()).unwrap();
                released.recv_timeout(Duration::from_secs(20)).ok();
                Ok(())
            })
            .await
    });
    actix_web::web::block(move || until_held.recv_timeout(Duration::from_secs(20)))
        .await
        .unwrap()
        .expect("the write appended its change");

    // The older project changes after it, and commits first.
    let id = older["id"].as_str().unwrap();
    app.patch(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&older["version"])
        .json(&json!({"status": 3}))
        .send()
        .await
        .ok(200);
    let during = app.get(PROJECTS).bearer(&admin()).send().await.ok(200);
    release.send(()).unwrap();
    holding.await.unwrap().expect("the holding write commits");
    let after = app.get(PROJECTS).bearer(&admin()).send().await.ok(200);

    assert_eq!(codes(&during), ["HZ-NEWER", "HZ-OLDER"], "at the horizon");
    assert_eq!(codes(&after), ["HZ-OLDER", "HZ-NEWER"], "once it ended");
}
