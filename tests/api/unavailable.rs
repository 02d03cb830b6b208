//! When the database cannot be reached, the API answers 503 problem documents that say so
//! without revealing internals, and stays up.

use std::time::Duration;

use actix_web::test;
use ssc_api::app::{self, AppState, ServiceLimits};
use ssc_api::db::{self, DatabaseUrl, Db};

use crate::support::{admin, keys};

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
