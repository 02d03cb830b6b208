//! The one app builder used by the server, the tests and the spec printer.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, web};
use serde_json::Value;
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

use crate::auth::TokenKeys;
use crate::db::Db;
use crate::extract::BodyLimit;
use crate::fallback::{RouteTable, not_routed};
use crate::openapi::{self, ApiDoc};
use crate::request_context;
use crate::routes::{
    arrangements, codelists, exchanges, operations, organisations, partnerships, projects, stats,
};

pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// What the handlers share: the database, the token keys and the limits.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Arc<TokenKeys>,
    pub max_body_bytes: usize,
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
                .service(operations::openapi_json)
                .configure(organisations::configure)
                .configure(projects::configure)
                .configure(partnerships::configure)
                .configure(arrangements::configure)
                .configure(exchanges::configure)
                .configure(stats::configure)
                .configure(codelists::configure),
        )
        .service(operations::healthz)
        .service(operations::readyz)
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
    app.app_data(web::Data::new(state.db))
        .app_data(web::Data::from(state.keys))
        .app_data(BodyLimit(state.max_body_bytes))
        .app_data(web::PayloadConfig::new(state.max_body_bytes))
        .app_data(web::Data::new(operations::OpenApiJson(spec)))
        .app_data(web::Data::new(route_table))
        .service(
            SwaggerUi::new("/docs/{_:.*}")
                .config(SwaggerConfig::new([OPENAPI_PATH]).persist_authorization(true)),
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
        .wrap(from_fn(request_context::middleware))
}
