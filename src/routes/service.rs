//! Liveness, readiness and the OpenAPI document: the endpoints that need no token.

use std::collections::BTreeMap;
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
    /// `ok` (process alive) or `ready` (every dependency answers).
    pub status: &'static str,
    /// Readiness only: each dependency checked and its state (`ok`): `database` (a query
    /// through the pool), and on SQLite `sqlite_writer` (the thread every write goes
    /// through).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = json!({"database": "ok", "sqlite_writer": "ok"}))]
    pub checks: Option<BTreeMap<&'static str, &'static str>>,
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
    web::Json(HealthStatus {
        status: "ok",
        checks: None,
    })
}

/// How long a readiness answer stands, so that however often `/readyz` is called, it
/// takes the database's time at most once in that while.
const READINESS_TTL: Duration = Duration::from_secs(1);

/// What a probe found: ready, or the dependency that failed.
type Probe = Result<(), &'static str>;

/// The last readiness probe; registered as app data (one per process).
#[derive(Default)]
pub struct Readiness {
    last: Mutex<Option<(Instant, Probe)>>,
    probing: AtomicBool,
}

impl Readiness {
    /// The last answer, when it is fresh enough; or, while another request probes, the
    /// last answer whatever its age.
    fn cached(&self, fresh_only: bool) -> Option<Probe> {
        let last = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.filter(|(at, _)| !fresh_only || at.elapsed() < READINESS_TTL)
            .map(|(_, probe)| probe)
    }

    fn record(&self, probe: Probe) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), probe));
    }
}

/// What readiness says of a failed dependency (its name only: the probe is public, the
/// log has the error).
fn not_ready(dependency: &str) -> ApiError {
    let what = match dependency {
        "sqlite_writer" => "writer",
        _ => "database",
    };
    ApiError::new(
        crate::error::Problem::ServiceUnavailable,
        crate::msg!("not-ready", dependency = dependency, what = what),
    )
    .with_header(actix_web::http::header::RETRY_AFTER, "1")
}

/// Check each dependency in turn; the first that fails is named.
async fn probe(db: &Db) -> Probe {
    if let Err(error) = db
        .read(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(ApiError::unavailable)
        })
        .await
    {
        log::warn!("readiness: the database failed: {}", error.detail);
        return Err("database");
    }
    if db.writer_running() == Some(false) {
        log::warn!("readiness: the SQLite writer thread has stopped");
        return Err("sqlite_writer");
    }
    Ok(())
}

/// Readiness
///
/// Each dependency answers: the database (a trivial query through the pool) and, on
/// SQLite, the writer thread. A 503 names the dependency that failed. The answer is kept
/// for a second: a flood of probes takes no more of the database than one.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus,
            example = json!({"status": "ready", "checks": {"database": "ok", "sqlite_writer": "ok"}})),
        (status = 503, description = "A dependency failed; `detail` names it", body = crate::error::ProblemDocument,
            content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(
    db: web::Data<Db>,
    readiness: web::Data<Readiness>,
) -> Result<web::Json<HealthStatus>, ApiError> {
    let has_writer = db.writer_running().is_some();
    let answer = |probe: Probe| match probe {
        Ok(()) => {
            let mut checks = BTreeMap::from([("database", "ok")]);
            if has_writer {
                checks.insert("sqlite_writer", "ok");
            }
            Ok(web::Json(HealthStatus {
                status: "ready",
                checks: Some(checks),
            }))
        }
        Err(dependency) => Err(not_ready(dependency)),
    };
    if let Some(probe) = readiness.cached(true) {
        return answer(probe);
    }
    // One probe at a time; the others answer what was last known.
    if readiness
        .probing
        .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        return answer(readiness.cached(false).unwrap_or(Err("database")));
    }
    let probed = probe(&db).await;
    readiness.record(probed);
    readiness.probing.store(false, Ordering::Release);
    answer(probed)
}

/// The token `/metrics` answers; `None`: off.
pub struct MetricsToken(pub Option<crate::config::Secret>);

/// Where Prometheus scrapes.
pub const METRICS_PATH: &str = "/metrics";

/// Prometheus metrics
///
/// This process's metrics in the Prometheus text exposition format: requests by route
/// template, method and status (`ssc_http_requests_total`) with their latency
/// (`ssc_http_request_duration_seconds`), the database pool's connections in use and idle
/// and the requests waiting for one, SQLite's writer queue and batch sizes, rate-limit
/// refusals by limit, idempotent replays and refused credentials. Each replica answers
/// for itself. Only with `Authorization: Bearer <SSC_METRICS_TOKEN>` (the operator's
/// setting, not a JWT, and not one of the API's security schemes: Prometheus sends it,
/// Swagger UI's Authorize does not); without that setting the endpoint is off (404).
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "The metrics", body = String, content_type = "text/plain; version=0.0.4",
            example = json!("# HELP ssc_http_requests HTTP requests answered, by route template, method and status\n# TYPE ssc_http_requests counter\nssc_http_requests_total{route=\"/api/v1/projects/{id}\",method=\"GET\",status=\"200\"} 1027\n")),
        (status = 401, description = "Not the metrics token", body = crate::error::ProblemDocument,
            content_type = "application/problem+json"),
        (status = 404, description = "Metrics are off (no SSC_METRICS_TOKEN)", body = crate::error::ProblemDocument,
            content_type = "application/problem+json"),
    )
)]
#[get("/metrics")]
pub async fn metrics(
    req: actix_web::HttpRequest,
    db: web::Data<Db>,
    token: web::Data<MetricsToken>,
) -> Result<HttpResponse, ApiError> {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    let Some(expected) = &token.0 else {
        return Err(ApiError::not_found(crate::msg!("metrics-off")));
    };
    let presented = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Digests of equal length, compared in constant time: neither the token nor its
    // length leaks through timing.
    let matches: bool = Sha256::digest(presented.as_bytes())
        .ct_eq(&Sha256::digest(expected.expose()))
        .into();
    if !matches {
        return Err(ApiError::new(
            crate::error::Problem::Unauthorized,
            crate::msg!("metrics-needs-token"),
        )
        .with_header(
            actix_web::http::header::WWW_AUTHENTICATE,
            "Bearer realm=\"metrics\"",
        ));
    }
    let metrics = crate::metrics::get();
    let state = db.pool().state();
    let idle = i64::from(state.idle_connections);
    let labels = |state| crate::metrics::PoolLabels { state };
    metrics
        .pool_connections
        .get_or_create(&labels("in_use"))
        .set(i64::from(state.connections) - idle);
    metrics
        .pool_connections
        .get_or_create(&labels("idle"))
        .set(idle);
    metrics
        .writer_queue
        .set(db.writes_waiting().unwrap_or(0) as i64);
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.encode()))
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
