//! `/api/v1/triangular-arrangements`: HTTP for triangular arrangements.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Writer};
use crate::db::Db;
use crate::domain::access::ReadScope;
use crate::domain::arrangements::{ArrangementInput, ArrangementQuery, TriangularArrangement};
use crate::domain::projects::query::ProjectFilter;
use crate::domain::record::{self, Update};
use crate::error::{ApiError, ProblemDocument};
use crate::extract::{JsonBody, MergePatch, QueryParams, RecordId};
use crate::routes::common::{PageQuery, snapshot_page};
use crate::routes::history::{ChangePage, HistoryQuery};
use crate::routes::projects::{ProjectPage, project_page};
use crate::routes::records;
use crate::store::arrangements as store;
use crate::versioning::IfMatch;

const COLLECTION: &str = "/api/v1/triangular-arrangements";
const TAG: &str = "triangular arrangements";
const CURSOR_KIND: &str = "triangular-arrangements";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_arrangements)
        .service(create_arrangement)
        .service(get_arrangement)
        .service(replace_arrangement)
        .service(patch_arrangement)
        .service(delete_arrangement)
        .service(arrangement_history)
        .service(arrangement_projects);
}

/// A page of triangular arrangements.
#[derive(Serialize, ToSchema)]
pub struct ArrangementPage {
    pub items: Vec<TriangularArrangement>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// List triangular arrangements
///
/// Newest first; pages stay consistent while arrangements change between requests.
/// Restricted arrangements appear only to callers who may read them.
#[utoipa::path(
    tag = TAG,
    params(ArrangementQuery),
    responses((status = 200, description = "A page of triangular arrangements", body = ArrangementPage))
)]
#[get("/triangular-arrangements")]
pub async fn list_arrangements(
    caller: Caller,
    db: web::Data<Db>,
    query: QueryParams<ArrangementQuery>,
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

/// Create a triangular arrangement
///
/// Admins and coordinators; a partner only with its own organisation among the parties.
/// Every role has at least one organisation and no organisation holds two roles; cost
/// sharing names parties only. The response totals the cost sharing by role.
#[utoipa::path(
    tag = TAG,
    request_body = ArrangementInput,
    responses(
        (status = 201, description = "Created", body = TriangularArrangement,
            headers(("ETag" = String, description = "The record's version"),
                    ("Location" = String, description = "URL of the new arrangement"))),
        (status = 403, description = "Viewers cannot write; a partner must be a party", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/triangular-arrangements")]
pub async fn create_arrangement(
    Writer(caller): Writer,
    db: web::Data<Db>,
    body: JsonBody<ArrangementInput>,
) -> Result<HttpResponse, ApiError> {
    records::create::<TriangularArrangement>(&db, caller, body.0, COLLECTION).await
}

/// Get a triangular arrangement
///
/// A restricted arrangement that the caller may not read answers 404. Answers 304 when
/// `If-None-Match` names the current version.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Arrangement id")),
    responses(
        (status = 200, description = "The arrangement", body = TriangularArrangement,
            headers(("ETag" = String, description = "The record's version, for If-Match"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
    )
)]
#[get("/triangular-arrangements/{id}")]
pub async fn get_arrangement(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    records::read::<TriangularArrangement>(&db, caller, id.0, &req).await
}

/// Replace a triangular arrangement
///
/// Needs `If-Match`. A partner changes only arrangements its organisation is a party to,
/// and cannot remove itself. Refused with 409 when projects under the arrangement would
/// no longer match its parties.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Arrangement id"),
        ("If-Match" = String, Header, description = "ETag of the version being replaced, e.g. \"3\""),
    ),
    request_body = ArrangementInput,
    responses(
        (status = 200, description = "Replaced", body = TriangularArrangement,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this arrangement this way", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Projects under the arrangement would no longer match its parties", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[put("/triangular-arrangements/{id}")]
pub async fn replace_arrangement(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    body: JsonBody<ArrangementInput>,
) -> Result<HttpResponse, ApiError> {
    records::update::<TriangularArrangement>(
        &db,
        caller,
        id.0,
        if_match,
        Update::Replace(Box::new(body.0)),
    )
    .await
}

/// Update a triangular arrangement with a JSON Merge Patch
///
/// RFC 7396 over the arrangement's fields (arrays are replaced whole). Needs `If-Match`.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Arrangement id"),
        ("If-Match" = String, Header, description = "ETag of the version being changed, e.g. \"3\""),
    ),
    request_body(content = serde_json::Value, content_type = "application/merge-patch+json",
        description = "A JSON Merge Patch over the arrangement's fields",
        example = json!({"governance": "Comité de gestión trilateral"})),
    responses(
        (status = 200, description = "Updated", body = TriangularArrangement,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this arrangement this way", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Projects under the arrangement would no longer match its parties", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[patch("/triangular-arrangements/{id}")]
pub async fn patch_arrangement(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    patch: MergePatch,
) -> Result<HttpResponse, ApiError> {
    records::update::<TriangularArrangement>(&db, caller, id.0, if_match, Update::Patch(patch))
        .await
}

/// Delete a triangular arrangement
///
/// Admins and coordinators only. Refused with 409, naming them, while projects run under
/// it.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Arrangement id"),
        ("If-Match" = String, Header, description = "ETag of the version being deleted, e.g. \"3\""),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admins and coordinators delete arrangements", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Projects still run under it", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[delete("/triangular-arrangements/{id}")]
pub async fn delete_arrangement(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    records::delete::<TriangularArrangement>(&db, caller, id.0, if_match).await
}

/// History of a triangular arrangement
///
/// Its change records, oldest first.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Arrangement id"), HistoryQuery),
    responses((status = 200, description = "A page of change records", body = ChangePage))
)]
#[get("/triangular-arrangements/{id}/history")]
pub async fn arrangement_history(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<HistoryQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    records::history::<TriangularArrangement>(&db, caller, id.0, query.0).await
}

/// Projects under a triangular arrangement
///
/// The projects that reference it and that the caller may read, most recently changed
/// first.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Arrangement id"), PageQuery),
    responses((status = 200, description = "A page of projects", body = ProjectPage))
)]
#[get("/triangular-arrangements/{id}/projects")]
pub async fn arrangement_projects(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let reader = caller.clone();
    db.read(move |conn| record::read::<TriangularArrangement>(conn, &reader, id.0))
        .await?;
    let filter = ProjectFilter {
        triangular_arrangement: Some(id.0),
        ..Default::default()
    };
    project_page(&db, &caller, filter, None, query.0.limit, query.0.cursor).await
}
