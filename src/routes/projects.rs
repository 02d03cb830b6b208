//! `/api/v1/projects`: HTTP for projects.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, RecordWriter};
use crate::db::Db;
use crate::domain::kinds::ResourceKind;
use crate::domain::projects::query::{ProjectExportQuery, ProjectListRequest, ProjectQuery};
use crate::domain::projects::{Project, ProjectInput};
use crate::error::ApiError;
use crate::http::respond;
use crate::pagination::Cursors;
use crate::routes::record_routes::{ProjectPage, record_routes};

const TAG: &str = "projects";

/// The project list and export have their own order (`sort`).
const KIND: ResourceKind = ResourceKind::Project;

pub fn configure(cfg: &mut ServiceConfig) {
    // Before the record's `{id}`, which would take `export` for an id.
    cfg.service(export_projects::Operation)
        .service(list_projects);
    standard_routes(cfg);
}

crate::routes::exports::export_operation!(export_projects, ProjectExportQuery, |query| {
    let (filter, sort) = (query.checked()?, query.own.sort);
    std::sync::Arc::new(
        move |conn: &mut crate::db::DbConnection,
              caller: &Caller,
              cursors: &Cursors,
              cursor: Option<&str>| {
            ProjectListRequest::bulk(cursors, filter.clone(), sort, cursor)?.serve(conn, caller)
        },
    )
});

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
    cursors: web::Data<Cursors>,
    query: ProjectQuery,
) -> Result<HttpResponse, ApiError> {
    let request = ProjectListRequest::new(
        &cursors,
        query.checked()?,
        query.own.sort,
        query.own.limit,
        query.own.cursor.as_deref(),
    )?;
    let page = db.read(move |conn| request.serve(conn, &caller)).await?;
    Ok(respond::page(&page.items, page.next_cursor.as_deref()))
}

record_routes! {
    kind: Project,
    record: Project,
    input: ProjectInput,
    writer: RecordWriter,
    writes: crate::routes::review::WriteQuery,
    id: "Project id",
    create: create_project {
        summary: "Create a project",
        description: "Admins and coordinators create any project; a partner only one in which its own\norganisation participates. The code (and the IATI identifier, when given) must be\nunique.",
        location: "URL of the new project",
        forbidden: "Viewers cannot write; a partner must be a participant",
        conflict: "The code or IATI identifier is already used",
    },
    read: get_project {
        summary: "Get a project",
        description: "A restricted project that the caller may not read answers 404. Answers 304 when\n`If-None-Match` names the current version.",
        found: "The project",
    },
    replace: replace_project {
        summary: "Replace a project",
        description: "Needs `If-Match` with the current ETag. A partner changes only projects in which its\norganisation participates, and cannot remove that participation.",
        forbidden: "The caller may not change this project this way",
        conflict: "The code or IATI identifier is already used",
    },
    patch: patch_project {
        summary: "Update a project with a JSON Merge Patch",
        description: "RFC 7396 over the project's fields: members present replace the project's (arrays\nare replaced whole), `null` clears an optional member. Needs `If-Match`.",
        body: "A JSON Merge Patch over the project's fields",
        example: {"status": 3, "actual_end": "2026-06-30"},
        forbidden: "The caller may not change this project this way",
        conflict: "The code or IATI identifier is already used",
    },
    delete: delete_project {
        summary: "Delete a project",
        description: "Admins and coordinators only. Needs `If-Match`. The history stays. Refused with\n409, naming them, while policy exchanges refer to the project.",
        forbidden: "Only admins and coordinators delete projects",
        conflict: "Policy exchanges still refer to it",
    },
    history: project_history {
        summary: "History of a project",
        description: "Its change records, oldest first. Only callers who may read the project see it; the\nhistory of a deleted project is for admins and coordinators.",
    },
    review: {
        submit: submit_project { summary: "Submit a project for review" },
        approve: approve_project { summary: "Approve a project" },
        return: return_project { summary: "Return a project to its authors" },
    },
}
