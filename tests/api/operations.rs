//! Liveness, readiness, Swagger UI and the served OpenAPI document.

use crate::support::spawn;

#[actix_web::test]
async fn health_and_readiness_need_no_token() {
    let app = spawn().await;
    let health = app.get("/healthz").send().await.ok(200);
    assert_eq!(health["status"], "ok");
    let ready = app.get("/readyz").send().await.ok(200);
    assert_eq!(ready["status"], "ready");
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
