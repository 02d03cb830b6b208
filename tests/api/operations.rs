//! Liveness, readiness, Swagger UI and the served OpenAPI document.

use crate::support::spawn;

#[actix_web::test]
async fn health_and_readiness_need_no_token() {
    let app = spawn().await;
    let health = app.get("/healthz").send().await.ok(200);
    assert_eq!(health["status"], "ok");
    let ready = app.get("/readyz").send().await.ok(200);
    assert_eq!(ready["status"], "ready");
    let mut checks = serde_json::json!({"database": "ok"});
    if !crate::support::on_postgres() {
        checks["sqlite_writer"] = "ok".into();
    }
    assert_eq!(ready["checks"], checks, "each dependency checked");
    assert!(health.get("checks").is_none());
}

#[actix_web::test]
async fn swagger_ui_is_served_at_docs() {
    let app = spawn().await;
    let redirect = app.get("/docs").send().await;
    assert_eq!(redirect.status.as_u16(), 308);
    assert_eq!(redirect.header("location"), Some("/docs/"));
    let page = app.get("/docs/").send().await;
    assert_eq!(page.status.as_u16(), 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let config = app.get("/docs/swagger-initializer.js").send().await;
    assert_eq!(config.status.as_u16(), 200);
    assert!(
        config.text().contains("/api/v1/openapi.json"),
        "Swagger UI loads our document"
    );
}

#[actix_web::test]
async fn the_openapi_document_is_served_without_a_token() {
    let app = spawn().await;
    let response = app.get("/api/v1/openapi.json").send().await;
    let served = response.ok(200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(served, ssc_api::app::openapi_document());
    assert_eq!(served["openapi"], "3.1.0");
}

/// A flood of readiness probes takes no more of the database than one probe a second:
/// with every pooled connection busy, `/readyz` still answers from its last probe.
#[actix_web::test]
async fn a_flood_of_readiness_probes_takes_no_connections() {
    let app = spawn().await;
    app.get("/readyz").send().await.ok(200);
    let pool = app.state.db.pool().clone();
    let held: Vec<_> = (0..pool.max_size())
        .map(|_| pool.get().expect("a pooled connection"))
        .collect();
    // Were a probe to need a connection now, it would wait for one and fail with 503.
    let replies = futures_util::future::join_all((0..200).map(|_| app.get("/readyz").send())).await;
    for reply in replies {
        assert_eq!(reply.ok(200)["status"], "ready");
    }
    drop(held);
    // API requests get connections as usual.
    app.get("/api/v1/organisations")
        .bearer(&crate::support::admin())
        .send()
        .await
        .ok(200);
}
