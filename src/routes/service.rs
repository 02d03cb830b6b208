//! Liveness, readiness and the OpenAPI document: the endpoints that need no token.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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

/// How long a readiness answer stands, so that however often `/readyz` is called, it
/// takes the database's time at most once in that while.
const READINESS_TTL: Duration = Duration::from_secs(1);

/// The last readiness probe; registered as app data (one per process).
#[derive(Default)]
pub struct Readiness {
    last: Mutex<Option<(Instant, bool)>>,
    probing: AtomicBool,
}

impl Readiness {
    /// The last answer, when it is fresh enough; or, while another request probes, the
    /// last answer whatever its age.
    fn cached(&self, fresh_only: bool) -> Option<bool> {
        let last = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.filter(|(at, _)| !fresh_only || at.elapsed() < READINESS_TTL)
            .map(|(_, ready)| ready)
    }

    fn record(&self, ready: bool) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), ready));
    }
}

fn not_ready() -> ApiError {
    ApiError::unavailable("the readiness probe failed")
}

/// Readiness
///
/// The database answers a trivial query through the pool. The answer is kept for a
/// second: a flood of probes takes no more of the database than one.
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
pub async fn readyz(
    db: web::Data<Db>,
    readiness: web::Data<Readiness>,
) -> Result<web::Json<HealthStatus>, ApiError> {
    let answer = |ready| {
        if ready {
            Ok(web::Json(HealthStatus { status: "ready" }))
        } else {
            Err(not_ready())
        }
    };
    if let Some(ready) = readiness.cached(true) {
        return answer(ready);
    }
    // One probe at a time; the others answer what was last known.
    if readiness
        .probing
        .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        return answer(readiness.cached(false).unwrap_or(false));
    }
    let probed = db
        .read(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(ApiError::unavailable)
        })
        .await;
    readiness.record(probed.is_ok());
    readiness.probing.store(false, Ordering::Release);
    probed?;
    answer(true)
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
