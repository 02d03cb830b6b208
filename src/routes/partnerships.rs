//! `/api/v1/partnerships`: HTTP for partnerships.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Writer};
use crate::db::Db;
use crate::domain::access::ReadScope;
use crate::domain::partnerships::{Partnership, PartnershipInput, PartnershipQuery};
use crate::domain::projects::query::ProjectFilter;
use crate::domain::record::{self, Update};
use crate::error::{ApiError, ProblemDocument};
use crate::extract::{JsonBody, MergePatch, QueryParams, RecordId};
use crate::routes::common::{PageQuery, snapshot_page};
use crate::routes::history::{ChangePage, HistoryQuery};
use crate::routes::projects::{ProjectPage, project_page};
use crate::routes::records;
use crate::store::partnerships as store;
use crate::versioning::IfMatch;

const COLLECTION: &str = "/api/v1/partnerships";
const TAG: &str = "partnerships";
const CURSOR_KIND: &str = "partnerships";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_partnerships)
        .service(create_partnership)
        .service(get_partnership)
        .service(replace_partnership)
        .service(patch_partnership)
        .service(delete_partnership)
        .service(partnership_history)
        .service(partnership_projects);
}

/// A page of partnerships.
#[derive(Serialize, ToSchema)]
pub struct PartnershipPage {
    pub items: Vec<Partnership>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// List partnerships
///
/// Newest first; pages stay consistent while partnerships change between requests.
/// Restricted partnerships appear only to callers who may read them.
#[utoipa::path(
    tag = TAG,
    params(PartnershipQuery),
    responses((status = 200, description = "A page of partnerships", body = PartnershipPage))
)]
#[get("/partnerships")]
pub async fn list_partnerships(
    caller: Caller,
    db: web::Data<Db>,
    query: QueryParams<PartnershipQuery>,
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

/// Create a partnership
///
/// Admins and coordinators; a partner only with its own organisation among the parties.
/// A bilateral partnership joins organisations of exactly two countries; a regional or
/// inter-regional one names its space, and its parties' countries were members of it at
/// the signature date; a multilateral one includes a multilateral organisation.
#[utoipa::path(
    tag = TAG,
    request_body = PartnershipInput,
    responses(
        (status = 201, description = "Created", body = Partnership,
            headers(("ETag" = String, description = "The record's version"),
                    ("Location" = String, description = "URL of the new partnership"))),
        (status = 403, description = "Viewers cannot write; a partner must be a party", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/partnerships")]
pub async fn create_partnership(
    Writer(caller): Writer,
    db: web::Data<Db>,
    body: JsonBody<PartnershipInput>,
) -> Result<HttpResponse, ApiError> {
    records::create::<Partnership>(&db, caller, body.0, COLLECTION).await
}

/// Get a partnership
///
/// A restricted partnership that the caller may not read answers 404. Answers 304 when
/// `If-None-Match` names the current version.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Partnership id")),
    responses(
        (status = 200, description = "The partnership", body = Partnership,
            headers(("ETag" = String, description = "The record's version, for If-Match"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
    )
)]
#[get("/partnerships/{id}")]
pub async fn get_partnership(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    records::read::<Partnership>(&db, caller, id.0, &req).await
}

/// Replace a partnership
///
/// Needs `If-Match`. A partner changes only partnerships its organisation is a party to,
/// and cannot remove itself.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Partnership id"),
        ("If-Match" = String, Header, description = "ETag of the version being replaced, e.g. \"3\""),
    ),
    request_body = PartnershipInput,
    responses(
        (status = 200, description = "Replaced", body = Partnership,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this partnership this way", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[put("/partnerships/{id}")]
pub async fn replace_partnership(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    body: JsonBody<PartnershipInput>,
) -> Result<HttpResponse, ApiError> {
    records::update::<Partnership>(
        &db,
        caller,
        id.0,
        if_match,
        Update::Replace(Box::new(body.0)),
    )
    .await
}

/// Update a partnership with a JSON Merge Patch
///
/// RFC 7396 over the partnership's fields (arrays are replaced whole). Needs `If-Match`.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Partnership id"),
        ("If-Match" = String, Header, description = "ETag of the version being changed, e.g. \"3\""),
    ),
    request_body(content = serde_json::Value, content_type = "application/merge-patch+json",
        description = "A JSON Merge Patch over the partnership's fields",
        example = json!({"status": "expired"})),
    responses(
        (status = 200, description = "Updated", body = Partnership,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this partnership this way", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[patch("/partnerships/{id}")]
pub async fn patch_partnership(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    patch: MergePatch,
) -> Result<HttpResponse, ApiError> {
    records::update::<Partnership>(&db, caller, id.0, if_match, Update::Patch(patch)).await
}

/// Delete a partnership
///
/// Admins and coordinators only. Refused with 409, naming them, while projects or policy
/// exchanges run under it.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Partnership id"),
        ("If-Match" = String, Header, description = "ETag of the version being deleted, e.g. \"3\""),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admins and coordinators delete partnerships", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Projects or policy exchanges still refer to it", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[delete("/partnerships/{id}")]
pub async fn delete_partnership(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    records::delete::<Partnership>(&db, caller, id.0, if_match).await
}

/// History of a partnership
///
/// Its change records, oldest first.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Partnership id"), HistoryQuery),
    responses((status = 200, description = "A page of change records", body = ChangePage))
)]
#[get("/partnerships/{id}/history")]
pub async fn partnership_history(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<HistoryQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    records::history::<Partnership>(&db, caller, id.0, query.0).await
}

/// Projects under a partnership
///
/// The projects that reference it and that the caller may read, most recently changed
/// first.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Partnership id"), PageQuery),
    responses((status = 200, description = "A page of projects", body = ProjectPage))
)]
#[get("/partnerships/{id}/projects")]
pub async fn partnership_projects(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let reader = caller.clone();
    db.read(move |conn| record::read::<Partnership>(conn, &reader, id.0))
        .await?;
    let filter = ProjectFilter {
        partnership: Some(id.0),
        ..Default::default()
    };
    project_page(&db, &caller, filter, None, query.0.limit, query.0.cursor).await
}
