//! The one app builder used by the server, the tests and the spec printer.

use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Condition, from_fn};
use actix_web::{App, HttpResponse, web};
use serde_json::Value;
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

use crate::auth::{ClientStatus, TokenKeys};
use crate::db::Db;
use crate::domain::clients::ClientRevocations;
use crate::domain::review::ReviewPolicy;
use crate::http::client_address::TrustedProxies;
use crate::http::extract::{BodyLimit, RequestDeadline};
use crate::http::fallback::{RouteTable, not_routed};
use crate::http::idempotency::IdempotencyTtl;
use crate::http::rate_limit::{self, CallerRateLimiter};
use crate::http::security::HttpsOnly;
use crate::http::token_guard::TokenGuard;
use crate::http::{request_context, security};
use crate::openapi::{self, ApiDoc};
use crate::routes::clients::AccessTokenTtl;
use crate::routes::{
    arrangements, capacities, changes, clients, codelists, cooperation_requests, exchanges,
    organisations, partnerships, projects, results, review, service, stats,
};

pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// What the handlers share: the database, the token keys and the limits.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Arc<TokenKeys>,
    pub limits: ServiceLimits,
    /// Browser origins allowed by CORS; empty: CORS off.
    pub cors_origins: Vec<String>,
    /// Shared by every worker of this process (`None`: no rate limit).
    pub rate_limiter: Option<Arc<CallerRateLimiter>>,
    /// Proxies whose forwarding headers name the client.
    pub trusted_proxies: Arc<TrustedProxies>,
    /// The token endpoint's limits, shared by every worker of this process.
    pub token_guard: Arc<TokenGuard>,
    /// Send `Strict-Transport-Security` (the service is reached over https).
    pub strict_transport_security: bool,
    /// Let Swagger UI keep the pasted token in the browser's storage.
    pub swagger_persist_authorization: bool,
    /// The last readiness probe, shared by every worker.
    pub readiness: Arc<service::Readiness>,
    /// Which partner writes need review (`SSC_REVIEW`).
    pub review_policy: ReviewPolicy,
    /// The reporting organisation and whether the public IATI file is served.
    pub iati: crate::iati::IatiSettings,
    /// Whether the public catalogue (`/catalogue`, no token) is served
    /// (`SSC_CATALOGUE_PUBLIC`).
    pub catalogue_public: bool,
    /// The token `/metrics` answers (`SSC_METRICS_TOKEN`); `None`: `/metrics` is off.
    pub metrics_token: Option<crate::config::Secret>,
    /// Statistics answers kept while no change is made (checked against the database).
    pub stats_answers: Arc<crate::domain::stats::StatsAnswers>,
    /// Webhooks: the key of their secrets, the targets allowed, the timeout.
    pub webhooks: crate::webhooks::WebhookSettings,
}

/// The service's limits; `ServiceLimits::default()` is what the configuration defaults to.
#[derive(Debug, Clone, Copy)]
pub struct ServiceLimits {
    pub max_body_bytes: usize,
    /// The largest IATI file an import over HTTP takes.
    pub max_import_bytes: usize,
    /// Requests per second per caller (bursts of twice that); 0: no limit.
    pub rate_limit: u32,
    pub request_timeout: Duration,
    pub idempotency_ttl: Duration,
    pub access_token_ttl: Duration,
    /// Token requests per minute per client address and per client id; 0: no limit.
    pub token_rate_limit: u32,
}

impl Default for ServiceLimits {
    fn default() -> Self {
        ServiceLimits {
            max_body_bytes: crate::config::DEFAULT_MAX_BODY_BYTES,
            max_import_bytes: crate::config::DEFAULT_MAX_IMPORT_BYTES,
            rate_limit: crate::config::DEFAULT_RATE_LIMIT,
            request_timeout: Duration::from_secs(30),
            idempotency_ttl: Duration::from_secs(24 * 3600),
            access_token_ttl: Duration::from_secs(15 * 60),
            token_rate_limit: crate::config::DEFAULT_TOKEN_RATE_LIMIT,
        }
    }
}

impl AppState {
    pub fn new(db: Db, keys: TokenKeys, limits: ServiceLimits, cors_origins: Vec<String>) -> Self {
        AppState {
            db,
            keys: Arc::new(keys),
            rate_limiter: CallerRateLimiter::new(limits.rate_limit),
            trusted_proxies: Arc::new(TrustedProxies::default()),
            token_guard: Arc::new(TokenGuard::for_this_machine(limits.token_rate_limit)),
            limits,
            cors_origins,
            strict_transport_security: false,
            swagger_persist_authorization: false,
            review_policy: ReviewPolicy::default(),
            iati: crate::iati::IatiSettings::default(),
            catalogue_public: false,
            readiness: Arc::new(service::Readiness::default()),
            metrics_token: None,
            stats_answers: Arc::default(),
            webhooks: crate::webhooks::WebhookSettings::default(),
        }
    }
}

/// Register every documented route. The same registration yields the OpenAPI document.
fn routes() -> utoipa_actix_web::UtoipaApp<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(
            scope::scope("/api/v1")
                .service(service::openapi_json)
                .configure(organisations::configure)
                .configure(projects::configure)
                .configure(results::configure)
                .configure(crate::routes::activities::configure)
                .configure(crate::routes::transactions::configure)
                .configure(crate::routes::execution::configure)
                .configure(crate::routes::rates::configure)
                .configure(crate::routes::reports::configure)
                .configure(partnerships::configure)
                .configure(arrangements::configure)
                .configure(exchanges::configure)
                .configure(capacities::configure)
                .configure(cooperation_requests::configure)
                .configure(crate::routes::iati::configure)
                .configure(stats::configure)
                .configure(crate::routes::demand_stats::configure)
                .configure(crate::routes::execution_stats::configure)
                .configure(codelists::configure)
                .configure(changes::configure)
                .configure(review::configure)
                .configure(clients::configure)
                .configure(crate::routes::webhooks::configure),
        )
        .service(service::healthz)
        .service(service::readyz)
        .service(service::metrics)
        .service(crate::routes::iati::public_file)
        .service(crate::routes::iati::public_organisation_file)
        .service(crate::routes::catalogue::public_catalogue)
}

/// The OpenAPI document, as served at `/api/v1/openapi.json`.
pub fn openapi_document() -> Value {
    let (_, api) = routes().split_for_parts();
    openapi::finish(api)
}

/// Build the application around `state`.
pub fn build(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = routes().split_for_parts();
    let doc = openapi::finish(api);
    let route_table = RouteTable::from_openapi(&doc);
    let spec = web::Bytes::from(serde_json::to_vec(&doc).expect("the document serialises"));
    let limits = state.limits;
    let app = match state.rate_limiter {
        Some(limiter) => app.app_data(web::Data::from(limiter)),
        None => app,
    };
    let clients: Arc<dyn ClientStatus> = Arc::new(ClientRevocations(state.db.clone()));
    app.app_data(web::Data::new(state.db))
        .app_data(web::Data::from(clients))
        .app_data(web::Data::from(state.trusted_proxies))
        .app_data(web::Data::from(state.token_guard))
        .app_data(HttpsOnly(state.strict_transport_security))
        .app_data(web::Data::new(state.keys.cursors().clone()))
        .app_data(web::Data::from(state.keys))
        .app_data(BodyLimit(limits.max_body_bytes))
        .app_data(crate::routes::iati::ImportLimit(limits.max_import_bytes))
        .app_data(web::PayloadConfig::new(limits.max_body_bytes))
        .app_data(IdempotencyTtl(limits.idempotency_ttl))
        .app_data(AccessTokenTtl(limits.access_token_ttl))
        .app_data(RequestDeadline(limits.request_timeout))
        .app_data(web::Data::new(service::OpenApiJson(spec)))
        .app_data(web::Data::from(state.readiness))
        .app_data(web::Data::new(state.review_policy))
        .app_data(web::Data::new(state.iati))
        .app_data(crate::routes::catalogue::CataloguePublic(
            state.catalogue_public,
        ))
        .app_data(web::Data::new(service::MetricsToken(state.metrics_token)))
        .app_data(web::Data::from(state.stats_answers))
        .app_data(web::Data::new(state.webhooks))
        .app_data(web::Data::new(route_table))
        .service(
            SwaggerUi::new("/docs/{_:.*}").config(
                SwaggerConfig::new([OPENAPI_PATH])
                    .persist_authorization(state.swagger_persist_authorization),
            ),
        )
        .route(
            "/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("Location", "/docs/"))
                    .finish()
            }),
        )
        .default_service(web::to(not_routed))
        // Innermost first: the rate limit refuses before any work; every response,
        // refusals included, gets the request id and the security headers from the
        // outermost layer. (No middleware here may keep a clone of the request: routing
        // needs it unshared.)
        .wrap(from_fn(rate_limit::rate_limit))
        .wrap(Condition::new(
            !state.cors_origins.is_empty(),
            security::cors(&state.cors_origins),
        ))
        .wrap(from_fn(request_context::middleware))
}
