//! When the database cannot be reached, the API answers 503 problem documents that say so
//! without revealing internals, and stays up.

use std::time::Duration;

use actix_web::test;
use ssc_api::app::{self, AppState, ServiceLimits};
use ssc_api::db::{self, DatabaseUrl, Db};

use serde_json::json;

use crate::support::{admin, keys, on_postgres, spawn_bounded};

#[actix_web::test]
async fn an_unreachable_database_is_503_with_retry_after() {
    let url = DatabaseUrl::Postgres("postgres://postgres:secret@127.0.0.1:1/nowhere".into());
    let state = AppState::new(
        Db::pooled(db::lazy_pool(&url, 1, Duration::from_millis(300))),
        keys(),
        ServiceLimits::default(),
        Vec::new(),
    );
    let service = test::init_service(app::build(state)).await;
    for (path, token) in [("/readyz", None), ("/api/v1/organisations", Some(admin()))] {
        let mut request = test::TestRequest::get().uri(path);
        if let Some(token) = token {
            request = request.insert_header(("authorization", format!("Bearer {token}")));
        }
        let response = test::call_service(&service, request.to_request()).await;
        assert_eq!(response.status().as_u16(), 503, "{path}");
        assert_eq!(response.headers().get("retry-after").unwrap(), "1");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
        let body: serde_json::Value = test::read_body_json(response).await;
        assert_eq!(body["type"], "urn:ssc-api:problem:service-unavailable");
        if path == "/readyz" {
            assert_eq!(
                body["detail"], "not ready: database failed (the database does not answer)",
                "readiness names the dependency"
            );
        }
        let text = body.to_string();
        assert!(
            !text.contains("127.0.0.1") && !text.contains("secret") && !text.contains("refused"),
            "{text}"
        );
    }
    // The process itself is alive.
    let response = test::call_service(
        &service,
        test::TestRequest::get().uri("/healthz").to_request(),
    )
    .await;
    assert_eq!(response.status().as_u16(), 200);
}

const BOUND: Duration = Duration::from_millis(300);

/// A statement that runs far longer than `BOUND` on this backend (seconds, not forever:
/// should the bound break, the test fails instead of hanging).
fn endless_query(on_postgres: bool) -> &'static str {
    if on_postgres {
        "SELECT pg_sleep(20)"
    } else {
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000000) \
         SELECT max(x) FROM n"
    }
}

/// A read's database time is bounded on SQLite as on PostgreSQL: past the request timeout
/// its statement is interrupted and the caller gets 503; the connection serves the next
/// request.
#[actix_web::test]
async fn a_read_past_the_request_timeout_is_interrupted_with_503() {
    use diesel::RunQueryDsl;
    let app = spawn_bounded(Some(BOUND), |_| {}).await;
    let started = std::time::Instant::now();
    let endless = app.state.db.read(move |conn| {
        diesel::sql_query(endless_query(on_postgres())).execute(conn)?;
        Ok(())
    });
    let error = endless
        .await
        .expect_err("the statement was never interrupted");
    assert_eq!(error.problem.status().as_u16(), 503);
    assert_eq!(
        error.document().detail,
        "the database did not answer in time; retry shortly"
    );
    let took = started.elapsed();
    assert!(took >= BOUND && took < BOUND * 5, "{took:?}");
    // Every pooled connection still answers.
    for _ in 0..6 {
        app.get("/api/v1/organisations")
            .bearer(&admin())
            .send()
            .await
            .ok(200);
    }
}

/// A write that cannot get the database in time is 503 with `Retry-After`, and changes
/// nothing; once the database is free the same request succeeds. On SQLite another
/// connection holds the write lock (the writer thread waits out its busy timeout); on
/// PostgreSQL a transaction holds the table (the statement is cancelled at the request
/// timeout).
#[actix_web::test]
async fn a_write_blocked_past_its_time_is_503_and_changes_nothing() {
    use diesel::connection::SimpleConnection;
    let app = spawn_bounded(Some(BOUND), |_| {}).await;
    let mut holder = app.state.db.pool().get().unwrap();
    holder
        .batch_execute(if on_postgres() {
            "BEGIN; LOCK TABLE organisations IN ACCESS EXCLUSIVE MODE"
        } else {
            "BEGIN EXCLUSIVE"
        })
        .unwrap();
    let body =
        json!({"name": "Agencia bloqueada", "organisation_type": "10", "country_code": "PE"});
    let refused = app
        .post("/api/v1/organisations")
        .bearer(&admin())
        .json(&body)
        .send()
        .await;
    let problem = refused.problem(503);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(problem["type"], "urn:ssc-api:problem:service-unavailable");
    holder.batch_execute("ROLLBACK").unwrap();
    drop(holder);
    let list = app
        .get("/api/v1/organisations")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(list["items"], json!([]));
    app.post("/api/v1/organisations")
        .bearer(&admin())
        .json(&body)
        .send()
        .await
        .ok(201);
}

/// A write's database time is bounded too. SQLite's writer thread does not start a write
/// whose time ran out while it waited in the queue (503, nothing run); PostgreSQL cancels
/// a write's statement at the timeout and rolls the write back (503).
#[actix_web::test]
async fn a_write_past_its_time_is_503_and_not_done() {
    use diesel::RunQueryDsl;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = spawn_bounded(Some(BOUND), |_| {}).await;
    let db = app.state.db.clone();
    if on_postgres() {
        let outcome = db
            .write(|conn| {
                diesel::sql_query("CREATE TABLE deadline_probe (x int)").execute(conn)?;
                diesel::sql_query(endless_query(true)).execute(conn)?;
                Ok(())
            })
            .await;
        assert_eq!(outcome.unwrap_err().problem.status().as_u16(), 503);
        #[derive(diesel::QueryableByName)]
        struct Found {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            found: bool,
        }
        let found = db
            .read(|conn| {
                Ok(
                    diesel::sql_query("SELECT to_regclass('deadline_probe') IS NOT NULL AS found")
                        .get_result::<Found>(conn)?,
                )
            })
            .await
            .unwrap();
        assert!(!found.found, "the cancelled write was rolled back");
        return;
    }
    // Keep the writer thread busy, queue a write behind it, let its time run out.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let gate = actix_web::rt::spawn({
        let db = db.clone();
        async move {
            db.write(move |_| {
                released.recv().ok();
                Ok(())
            })
            .await
        }
    });
    while db.writes_waiting() != Some(0) {
        actix_web::rt::time::sleep(Duration::from_millis(2)).await;
    }
    let ran = Arc::new(AtomicBool::new(false));
    let late = actix_web::rt::spawn({
        let (db, ran) = (db.clone(), ran.clone());
        async move {
            db.write(move |_| {
                ran.store(true, Ordering::SeqCst);
                Ok(())
            })
            .await
        }
    });
    actix_web::rt::time::sleep(BOUND * 2).await;
    release.send(()).unwrap();
    gate.await.unwrap().unwrap();
    let error = late.await.unwrap().unwrap_err();
    assert_eq!(error.problem.status().as_u16(), 503);
    assert!(!ran.load(Ordering::SeqCst), "the late write did not run");
    // A write in time runs.
    db.write(|_| Ok(())).await.unwrap();
}
