//! `/api/v1/projects`: HTTP for projects. Reads follow each project's visibility;
//! writes follow `domain::projects::access`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Writer};
use crate::db::{Db, read_transaction};
use crate::domain::access::ReadScope;
use crate::domain::projects::query::{ProjectCursor, ProjectFilter, ProjectQuery, ProjectSort};
use crate::domain::projects::{Project, ProjectInput};
use crate::domain::record::Update;
use crate::error::{ApiError, ProblemDocument};
use crate::extract::{JsonBody, MergePatch, QueryParams, RecordId};
use crate::pagination::page_size;
use crate::routes::common::page_response;
use crate::routes::history::{ChangePage, HistoryQuery};
use crate::routes::records;
use crate::store::changes::latest_seq;
use crate::store::projects::list;
use crate::versioning::IfMatch;

const COLLECTION: &str = "/api/v1/projects";
const TAG: &str = "projects";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_projects)
        .service(create_project)
        .service(get_project)
        .service(replace_project)
        .service(patch_project)
        .service(delete_project)
        .service(project_history);
}

/// A page of projects.
#[derive(Serialize, ToSchema)]
pub struct ProjectPage {
    pub items: Vec<Project>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// List projects
///
/// Filters combine with AND. Keyset-paginated: pages stay consistent while projects are
/// created or changed between requests (a project that existed when the first page was
/// served is returned exactly once, where it stood then). Restricted projects appear only
/// to callers who may read them.
#[utoipa::path(
    tag = TAG,
    params(ProjectQuery),
    responses((status = 200, description = "A page of projects", body = ProjectPage))
)]
#[get("/projects")]
pub async fn list_projects(
    caller: Caller,
    db: web::Data<Db>,
    query: QueryParams<ProjectQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.0.filter()?;
    project_page(
        &db,
        &caller,
        filter,
        query.0.sort,
        query.0.limit,
        query.0.cursor,
    )
    .await
}

/// One page of the projects matching `filter` that the caller may read (also serves the
/// project lists of partnerships and triangular arrangements).
pub async fn project_page(
    db: &Db,
    caller: &Caller,
    filter: ProjectFilter,
    sort: Option<ProjectSort>,
    limit: Option<u32>,
    cursor: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let limit = page_size(limit)?;
    let scope = ReadScope::of(caller);
    let cursor = match &cursor {
        Some(cursor) => Some(ProjectCursor::decode(cursor, sort)?),
        None => None,
    };
    let sort = sort.unwrap_or_default();
    let (mut rows, cursor) = db
        .read(move |conn| {
            read_transaction(conn, |conn| {
                let cursor = match cursor {
                    Some(cursor) => cursor,
                    None => ProjectCursor {
                        sort,
                        snapshot: latest_seq(conn)?,
                        after: None,
                    },
                };
                let rows = list::page(conn, &filter, scope, &cursor, limit)?;
                Ok((rows, cursor))
            })
        })
        .await?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|(_, key)| {
            ProjectCursor {
                sort: cursor.sort,
                snapshot: cursor.snapshot,
                after: Some(key.clone()),
            }
            .encode()
        })
    } else {
        None
    };
    let items: Vec<String> = rows
        .into_iter()
        .map(|(representation, _)| representation)
        .collect();
    Ok(page_response(&items, next_cursor))
}

/// Create a project
///
/// Admins and coordinators create any project; a partner only one in which its own
/// organisation participates. The code (and the IATI identifier, when given) must be
/// unique.
#[utoipa::path(
    tag = TAG,
    request_body = ProjectInput,
    responses(
        (status = 201, description = "Created", body = Project,
            headers(("ETag" = String, description = "The record's version"),
                    ("Location" = String, description = "URL of the new project"))),
        (status = 403, description = "Viewers cannot write; a partner must be a participant", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The code or IATI identifier is already used", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/projects")]
pub async fn create_project(
    Writer(caller): Writer,
    db: web::Data<Db>,
    body: JsonBody<ProjectInput>,
) -> Result<HttpResponse, ApiError> {
    records::create::<Project>(&db, caller, body.0, COLLECTION).await
}

/// Get a project
///
/// A restricted project that the caller may not read answers 404. Answers 304 when
/// `If-None-Match` names the current version.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = Project,
            headers(("ETag" = String, description = "The record's version, for If-Match"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
    )
)]
#[get("/projects/{id}")]
pub async fn get_project(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    records::read::<Project>(&db, caller, id.0, &req).await
}

/// Replace a project
///
/// Needs `If-Match` with the current ETag. A partner changes only projects in which its
/// organisation participates, and cannot remove that participation.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Project id"),
        ("If-Match" = String, Header, description = "ETag of the version being replaced, e.g. \"3\""),
    ),
    request_body = ProjectInput,
    responses(
        (status = 200, description = "Replaced", body = Project,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this project this way", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The code or IATI identifier is already used", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[put("/projects/{id}")]
pub async fn replace_project(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    body: JsonBody<ProjectInput>,
) -> Result<HttpResponse, ApiError> {
    records::update::<Project>(
        &db,
        caller,
        id.0,
        if_match,
        Update::Replace(Box::new(body.0)),
    )
    .await
}

/// Update a project with a JSON Merge Patch
///
/// RFC 7396 over the project's fields: members present replace the project's (arrays
/// are replaced whole), `null` clears an optional member. Needs `If-Match`.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Project id"),
        ("If-Match" = String, Header, description = "ETag of the version being changed, e.g. \"3\""),
    ),
    request_body(content = serde_json::Value, content_type = "application/merge-patch+json",
        description = "A JSON Merge Patch over the project's fields",
        example = json!({"status": 3, "actual_end": "2026-06-30"})),
    responses(
        (status = 200, description = "Updated", body = Project,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "The caller may not change this project this way", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The code or IATI identifier is already used", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[patch("/projects/{id}")]
pub async fn patch_project(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    patch: MergePatch,
) -> Result<HttpResponse, ApiError> {
    records::update::<Project>(&db, caller, id.0, if_match, Update::Patch(patch)).await
}

/// Delete a project
///
/// Admins and coordinators only. Needs `If-Match`. The history stays.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Project id"),
        ("If-Match" = String, Header, description = "ETag of the version being deleted, e.g. \"3\""),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admins and coordinators delete projects", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[delete("/projects/{id}")]
pub async fn delete_project(
    Writer(caller): Writer,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    records::delete::<Project>(&db, caller, id.0, if_match).await
}

/// History of a project
///
/// Its change records, oldest first. Only callers who may read the project see it; the
/// history of a deleted project is for admins and coordinators.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Project id"), HistoryQuery),
    responses((status = 200, description = "A page of change records", body = ChangePage))
)]
#[get("/projects/{id}/history")]
pub async fn project_history(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<HistoryQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    records::history::<Project>(&db, caller, id.0, query.0).await
}
