//! `/api/v1/partnerships`: HTTP for partnerships.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, RecordWriter};
use crate::db::Db;
use crate::domain::partnerships::{self, Partnership, PartnershipInput, PartnershipQuery};
use crate::domain::projects::query::ProjectFilter;
use crate::error::ApiError;
use crate::http::extract::{QueryParams, RecordId};
use crate::http::respond;
use crate::routes::PageQuery;
use crate::routes::projects::{ProjectPage, projects_under};
use crate::routes::record_routes::record_routes;

const TAG: &str = "partnerships";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_partnerships);
    standard_routes(cfg);
    cfg.service(partnership_projects);
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
    let request = query.0.into_request()?;
    let page = db
        .read(move |conn| partnerships::page(conn, &caller, request))
        .await?;
    Ok(respond::page(&page.items, page.next_cursor.as_deref()))
}

record_routes! {
    record: Partnership,
    input: PartnershipInput,
    writer: RecordWriter,
    tag: "partnerships",
    collection: "/partnerships",
    item: "/partnerships/{id}",
    history_path: "/partnerships/{id}/history",
    id: "Partnership id",
    create: create_partnership {
        summary: "Create a partnership",
        description: "Admins and coordinators; a partner only with its own organisation among the parties.\nA bilateral partnership joins organisations of exactly two countries; a regional or\ninter-regional one names its space, and its parties' countries were members of it at\nthe signature date; a multilateral one includes a multilateral organisation.",
        location: "URL of the new partnership",
        forbidden: "Viewers cannot write; a partner must be a party",
    },
    read: get_partnership {
        summary: "Get a partnership",
        description: "A restricted partnership that the caller may not read answers 404. Answers 304 when\n`If-None-Match` names the current version.",
        found: "The partnership",
    },
    replace: replace_partnership {
        summary: "Replace a partnership",
        description: "Needs `If-Match`. A partner changes only partnerships its organisation is a party to,\nand cannot remove itself.",
        forbidden: "The caller may not change this partnership this way",
    },
    patch: patch_partnership {
        summary: "Update a partnership with a JSON Merge Patch",
        description: "RFC 7396 over the partnership's fields (arrays are replaced whole). Needs `If-Match`.",
        body: "A JSON Merge Patch over the partnership's fields",
        example: {"status": "expired"},
        forbidden: "The caller may not change this partnership this way",
    },
    delete: delete_partnership {
        summary: "Delete a partnership",
        description: "Admins and coordinators only. Refused with 409, naming them, while projects or policy\nexchanges run under it.",
        forbidden: "Only admins and coordinators delete partnerships",
        conflict: "Projects or policy exchanges still refer to it",
    },
    history: partnership_history {
        summary: "History of a partnership",
        description: "Its change records, oldest first.",
    },
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
    let filter = ProjectFilter {
        partnership: Some(id.0),
        ..Default::default()
    };
    projects_under::<Partnership>(&db, caller, id.0, filter, query.0).await
}
