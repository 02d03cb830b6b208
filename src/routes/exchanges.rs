//! `/api/v1/policy-exchanges`: HTTP for policy exchanges.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Writer};
use crate::db::Db;
use crate::domain::access::ReadScope;
use crate::domain::exchanges::{ExchangeInput, ExchangeQuery, PolicyExchange};
use crate::domain::record::Update;
use crate::error::{ApiError, ProblemDocument};
use crate::extract::{JsonBody, MergePatch, QueryParams, RecordId};
use crate::routes::common::snapshot_page;
use crate::routes::history::{ChangePage, HistoryQuery};
use crate::routes::records;
use crate::store::exchanges as store;
use crate::versioning::IfMatch;

const COLLECTION: &str = "/api/v1/policy-exchanges";
const TAG: &str = "policy exchanges";
const CURSOR_KIND: &str = "policy-exchanges";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_exchanges)
        .service(create_exchange)
        .service(get_exchange)
        .service(replace_exchange)
        .service(patch_exchange)
        .service(delete_exchange)
        .service(exchange_history);
}

/// A page of policy exchanges.
#[derive(Serialize, ToSchema)]
pub struct ExchangePage {
    pub items: Vec<PolicyExchange>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// List policy exchanges
///
/// Newest first; pages stay consistent while exchanges change between requests.
/// Restricted exchanges appear only to callers who may read them.
#[utoipa::path(
    tag = TAG,
    params(ExchangeQuery),
    responses((status = 200, description = "A page of policy exchanges", body = ExchangePage))
)]
#[get("/policy-exchanges")]
pub async fn list_exchanges(
    caller: Caller,
    db: web::Data<Db>,
    query: QueryParams<ExchangeQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.0.filter()?;
    let scope = ReadScope::of(&caller);
    snapshot_page(
        &db,
        CURSOR_KIND,
        query.0.limit,
        query.0.cursor.as_deref(),
        move |conn, cursor, limit| store::page(conn, &filter, scope, cursor, limit),
    )
    .await
}

/// Create a policy exchange
///
/// Admins and coordinators; a partner only with its own organisation offering or
/// receiving. Women participants are at most the total; a completed exchange records its
/// outcomes.
#[utoipa::path(
    tag = TAG,
    request_body = ExchangeInput,
    responses(
        (status = 201, description = "Created", body = PolicyExchange,
            headers(("ETag" = String, description = "The record's version"),
                    ("Location" = String, description = "URL of the new exchange"))),
        (status = 403, description = "Viewers cannot write; a partner must take part", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/policy-exchanges")]
pub async fn create_exchange(
    Writer(caller): Writer,
    db: web::Data<Db>,
    body: JsonBody<ExchangeInput>,
) -> Result<HttpResponse, ApiError> {
    records::create::<PolicyExchange>(&db, caller, body.0, COLLECTION).await
}

/// Get a policy exchange
///
/// A restricted exchange that the caller may not read answers 404. Answers 304 when
/// `If-None-Match` names the current version.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Policy exchange id")),
    responses(
        (status = 200, description = "The policy exchange", body = PolicyExchange,
            headers(("ETag" = String, description = "The record's version, for If-Match"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
    )
)]
#[get("/policy-exchanges/{id}")]
pub async fn get_exchange(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    records::read::<PolicyExchange>(&db, caller, id.0, &req).await
}

/// Replace a policy exchange
///
/// Needs `If-Match`. A partner changes only exchanges its organisation takes part in, and
/// cannot remove itself.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Policy exchange id"),
        ("If-Match" = String, Header, description = "ETag of the version being replaced, e.g. \"3\""),
    ),
    request_body = ExchangeInput,
    responses(
        (status = 200, description = "Replaced", body = PolicyExchange,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this exchange this way", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[put("/policy-exchanges/{id}")]
pub async fn replace_exchange(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    body: JsonBody<ExchangeInput>,
) -> Result<HttpResponse, ApiError> {
    records::update::<PolicyExchange>(
        &db,
        caller,
        id.0,
        if_match,
        Update::Replace(Box::new(body.0)),
    )
    .await
}

/// Update a policy exchange with a JSON Merge Patch
///
/// RFC 7396 over the exchange's fields (arrays are replaced whole). Needs `If-Match`.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Policy exchange id"),
        ("If-Match" = String, Header, description = "ETag of the version being changed, e.g. \"3\""),
    ),
    request_body(content = serde_json::Value, content_type = "application/merge-patch+json",
        description = "A JSON Merge Patch over the exchange's fields",
        example = json!({"status": "completed", "outcomes": "Protocolo de certificación adoptado."})),
    responses(
        (status = 200, description = "Updated", body = PolicyExchange,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this exchange this way", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[patch("/policy-exchanges/{id}")]
pub async fn patch_exchange(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    patch: MergePatch,
) -> Result<HttpResponse, ApiError> {
    records::update::<PolicyExchange>(&db, caller, id.0, if_match, Update::Patch(patch)).await
}

/// Delete a policy exchange
///
/// Admins and coordinators only. Needs `If-Match`.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Policy exchange id"),
        ("If-Match" = String, Header, description = "ETag of the version being deleted, e.g. \"3\""),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admins and coordinators delete policy exchanges", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[delete("/policy-exchanges/{id}")]
pub async fn delete_exchange(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    records::delete::<PolicyExchange>(&db, caller, id.0, if_match).await
}

/// History of a policy exchange
///
/// Its change records, oldest first.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Policy exchange id"), HistoryQuery),
    responses((status = 200, description = "A page of change records", body = ChangePage))
)]
#[get("/policy-exchanges/{id}/history")]
pub async fn exchange_history(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<HistoryQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    records::history::<PolicyExchange>(&db, caller, id.0, query.0).await
}
