//! Pooled connections broken under load (a database restart, an operator terminating
//! sessions): the requests in flight at that moment may fail; every request after it is
//! served, on new connections. The pool no longer checks each connection with a query
//! when it is taken (issue 26): it looks whether the server closed it.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::json;
use ssc_api::db::DatabaseUrl;

use crate::support::{admin, on_postgres, spawn_named};

const ORGANISATIONS: &str = "/api/v1/organisations";
const CLIENTS: usize = 8;

/// One request as a client saw it.
struct Outcome {
    started: Instant,
    ended: Instant,
    status: u16,
}

/// Eight clients read and write for a while; meanwhile every connection of the app's
/// pool is terminated by the server. Every request that failed was in flight when the
/// connections went; every request started after they were gone succeeded.
#[actix_web::test]
async fn only_requests_in_flight_fail_when_the_connections_are_killed() {
    let name = format!("ssc_kill_{}", uuid::Uuid::now_v7().simple());
    let app = spawn_named(CLIENTS as u32, &name).await;
    let id = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .json(&json!({"name": "Agencia leída", "organisation_type": "21"}))
        .send()
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = Instant::now();
    let run_for = Duration::from_millis(2000);
    let client = |n: usize| {
        let (app, id) = (&app, &id);
        async move {
            let mut outcomes = Vec::new();
            let mut round = 0;
            while started.elapsed() < run_for {
                round += 1;
                let began = Instant::now();
                let status = if round % 2 == 0 {
                    app.get(&format!("{ORGANISATIONS}/{id}"))
                        .bearer(&admin())
                        .send()
                        .await
                        .status
                } else {
                    app.post(ORGANISATIONS)
                        .bearer(&admin())
                        .json(&json!({"name": format!("Agencia {n}.{round}"), "organisation_type": "21"}))
                        .send()
                        .await
                        .status
                };
                outcomes.push(Outcome {
                    started: began,
                    ended: Instant::now(),
                    status: status.as_u16(),
                });
            }
            outcomes
        }
    };
    let kill = async {
        actix_web::rt::time::sleep(Duration::from_millis(600)).await;
        let killed_at = Instant::now();
        let name = name.clone();
        let (killed, gone_at) = actix_web::web::block(move || terminate(&name))
            .await
            .unwrap();
        (killed, killed_at, gone_at)
    };
    let (outcomes, (killed, killed_at, gone_at)) =
        futures_util::future::join(join_all((0..CLIENTS).map(client)), kill).await;
    let outcomes: Vec<Outcome> = outcomes.into_iter().flatten().collect();
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.status >= 300).collect();
    let after: Vec<&Outcome> = outcomes.iter().filter(|o| o.started > gone_at).collect();
    eprintln!(
        "{} requests, {} failed, {killed} connections killed; {} started after they were gone",
        outcomes.len(),
        failed.len(),
        after.len()
    );
    for outcome in &failed {
        assert!(
            outcome.started <= gone_at && outcome.ended >= killed_at,
            "a request that was not in flight failed ({}): started {:?} after the kill began",
            outcome.status,
            outcome.started.saturating_duration_since(killed_at)
        );
        assert_eq!(outcome.status, 503, "a failure is a 503 (retry)");
    }
    assert!(after.len() > CLIENTS, "the clients went on after the kill");
    if on_postgres() {
        assert!(killed > 0, "the app's connections were killed");
    }
}

/// Terminate every session of the application `name` and wait until their processes
/// have gone; returns how many there were and when the last was gone (and its socket
/// closed). SQLite: nothing to kill.
pub fn terminate(name: &str) -> (usize, Instant) {
    use diesel::prelude::*;
    use diesel::sql_types::{Array, Integer, Text};
    #[derive(QueryableByName)]
    struct Pids {
        #[diesel(sql_type = Array<Integer>)]
        pids: Vec<i32>,
    }
    let Ok(base) = std::env::var("SSC_TEST_DATABASE_URL") else {
        return (0, Instant::now());
    };
    let Ok(ssc_api::db::DbConnection::Postgres(mut pg)) =
        DatabaseUrl::parse(&base).unwrap().connect()
    else {
        panic!("the test database accepts a connection");
    };
    // The sessions first, then only those terminated (in one statement the planner may
    // evaluate the termination before the filter).
    let killed: Vec<i32> = diesel::sql_query(
        "SELECT coalesce(array_agg(pid), '{}') AS pids FROM pg_stat_activity \
         WHERE application_name = $1",
    )
    .bind::<Text, _>(name)
    .get_result::<Pids>(&mut pg)
    .unwrap()
    .pids;
    diesel::sql_query("SELECT pg_terminate_backend(pid) FROM unnest($1) AS pid")
        .bind::<Array<Integer>, _>(&killed)
        .execute(&mut pg)
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left: Vec<i32> = diesel::sql_query(
            "SELECT coalesce(array_agg(pid), '{}') AS pids FROM pg_stat_activity \
             WHERE pid = ANY($1)",
        )
        .bind::<Array<Integer>, _>(&killed)
        .get_result::<Pids>(&mut pg)
        .unwrap()
        .pids;
        if left.is_empty() {
            // The closed sockets reach this process at once (loopback); a margin.
            std::thread::sleep(Duration::from_millis(20));
            return (killed.len(), Instant::now());
        }
        assert!(Instant::now() < deadline, "sessions {left:?} lingered");
        std::thread::sleep(Duration::from_millis(2));
    }
}
