//! Prometheus metrics at `/metrics`: off without `SSC_METRICS_TOKEN`, only for that token,
//! and counting what the service does (requests by route template, refused credentials,
//! replays, rate-limit refusals, the pool and SQLite's writer).

use serde_json::json;
use ssc_api::config::Secret;
use ssc_api::http::rate_limit::CallerRateLimiter;

use crate::support::{TestApp, admin, on_postgres, spawn, spawn_with};

const SCRAPE_TOKEN: &str = "scrape-token-of-the-test";

/// The value of the sample `name{labels}` (labels exactly as exposed), 0 when absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0.0)
}

async fn scrape<S, B>(app: &TestApp<S>) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let reply = app.get("/metrics").bearer(SCRAPE_TOKEN).send().await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    reply.text()
}

#[actix_web::test]
async fn metrics_are_off_without_their_token_setting() {
    let app = spawn().await;
    app.get("/metrics").send().await.problem(404);
    app.get("/metrics")
        .bearer(&admin())
        .send()
        .await
        .problem(404);
}

#[actix_web::test]
async fn metrics_answer_only_their_token() {
    let app = spawn_with(|state| state.metrics_token = Some(Secret::new(SCRAPE_TOKEN))).await;
    let refused = app.get("/metrics").send().await;
    refused.problem(401);
    assert_eq!(
        refused.header("www-authenticate"),
        Some("Bearer realm=\"metrics\"")
    );
    app.get("/metrics")
        .bearer("scrape-token-of-the-tesT")
        .send()
        .await
        .problem(401);
    app.get("/metrics")
        .bearer(&format!("{SCRAPE_TOKEN}x"))
        .send()
        .await
        .problem(401);
    // A JWT, even an admin's, is not the metrics token.
    app.get("/metrics")
        .bearer(&admin())
        .send()
        .await
        .problem(401);
    app.get("/metrics")
        .header("authorization", &format!("Basic {SCRAPE_TOKEN}"))
        .send()
        .await
        .problem(401);
    scrape(&app).await;
}

#[actix_web::test]
async fn metrics_count_requests_failures_replays_and_the_database() {
    let app = spawn_with(|state| state.metrics_token = Some(Secret::new(SCRAPE_TOKEN))).await;
    let missing = "/api/v1/projects/0192e4a0-0000-7000-8000-000000000000";
    let not_found =
        r#"ssc_http_requests_total{route="/api/v1/projects/{id}",method="GET",status="404"}"#;
    let unmatched = r#"ssc_http_requests_total{route="unmatched",method="GET",status="404"}"#;
    let bearer = r#"ssc_token_failures_total{kind="bearer"}"#;
    let credentials = r#"ssc_token_failures_total{kind="client_credentials"}"#;
    let replays = "ssc_idempotency_replays_total";
    let before = scrape(&app).await;

    app.get(missing).bearer(&admin()).send().await.problem(404);
    app.get("/no/such/route").send().await.problem(404);
    app.get("/api/v1/projects")
        .bearer("not-a-jwt")
        .send()
        .await
        .problem(401);
    app.post("/api/v1/auth/token")
        .body(
            "application/x-www-form-urlencoded",
            "grant_type=client_credentials&client_id=0192e4a0-0000-7000-8000-000000000000&client_secret=wrong",
        )
        .send()
        .await
        .problem(401);
    let organisation =
        json!({"name": "Agencia de métricas", "country_code": "AR", "organisation_type": "10"});
    for _ in 0..2 {
        let reply = app
            .post("/api/v1/organisations")
            .bearer(&admin())
            .header("idempotency-key", "metrics-replay")
            .json(&organisation)
            .send()
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text());
    }

    let after = scrape(&app).await;
    for series in [not_found, unmatched, bearer, credentials, replays] {
        assert!(
            sample(&after, series) >= sample(&before, series) + 1.0,
            "{series} counted:\n{after}"
        );
    }
    assert!(
        after.contains(r#"ssc_http_request_duration_seconds_bucket{le="0.00025",route="/api/v1/projects/{id}",method="GET"}"#)
            || after.contains(r#"ssc_http_request_duration_seconds_bucket{route="/api/v1/projects/{id}",method="GET",le="0.00025"}"#),
        "a latency histogram per route:\n{after}"
    );
    // No raw path ever becomes a label.
    assert!(!after.contains("0192e4a0-0000"), "{after}");
    assert!(!after.contains("/no/such/route"), "{after}");
    assert!(
        after.contains(r#"ssc_db_pool_connections{state="in_use"}"#),
        "{after}"
    );
    assert!(
        after.contains(r#"ssc_db_pool_connections{state="idle"}"#),
        "{after}"
    );
    assert!(after.contains("ssc_db_pool_waiting 0"), "{after}");
    assert!(after.contains("ssc_sqlite_writer_queue 0"), "{after}");
    if !on_postgres() {
        assert!(
            sample(&after, "ssc_sqlite_writer_batch_size_count")
                >= sample(&before, "ssc_sqlite_writer_batch_size_count") + 1.0,
            "the organisation's write went through the writer:\n{after}"
        );
    }
}

#[actix_web::test]
async fn metrics_count_rate_limit_refusals() {
    let app = spawn_with(|state| {
        state.metrics_token = Some(Secret::new(SCRAPE_TOKEN));
        state.rate_limiter = CallerRateLimiter::new(1);
    })
    .await;
    let series = r#"ssc_rate_limited_total{limit="caller"}"#;
    let before = sample(&scrape(&app).await, series);
    let mut refused = 0;
    for _ in 0..6 {
        let reply = app
            .get("/api/v1/organisations")
            .bearer(&admin())
            .send()
            .await;
        if reply.status == 429 {
            refused += 1;
        }
    }
    assert!(refused >= 1, "the limit refused some");
    // The scraper itself is never limited.
    let after = sample(&scrape(&app).await, series);
    assert!(after >= before + f64::from(refused), "{before} -> {after}");
}
