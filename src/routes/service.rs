//! Liveness, readiness and the OpenAPI document: the endpoints that need no token.

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::ApiError;

/// The OpenAPI document as served (computed once when the app is built).
#[derive(Clone)]
pub struct OpenApiJson(pub web::Bytes);

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct HealthStatus {
    /// `ok` (process alive) or `ready` (database reachable).
    pub status: &'static str,
}

/// Liveness
///
/// The process is up and serving HTTP; does not touch the database.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Alive", body = HealthStatus))
)]
#[get("/healthz")]
pub async fn healthz() -> web::Json<HealthStatus> {
    web::Json(HealthStatus { status: "ok" })
}

/// Readiness
///
/// The database answers a trivial query through the pool.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus,
            example = json!({"status": "ready"})),
        (status = 503, description = "The database is unreachable", body = crate::error::ProblemDocument,
            content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(db: web::Data<Db>) -> Result<web::Json<HealthStatus>, ApiError> {
    db.read(|conn| {
        conn.batch_execute("SELECT 1")
            .map_err(ApiError::unavailable)
    })
    .await?;
    Ok(web::Json(HealthStatus { status: "ready" }))
}

/// This OpenAPI document
///
/// The contract, as JSON (OpenAPI 3.1). Needs no token.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object,
        content_type = "application/json"))
)]
#[get("/openapi.json")]
pub async fn openapi_json(spec: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(spec.0.clone())
}
