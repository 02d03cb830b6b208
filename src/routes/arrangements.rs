//! `/api/v1/triangular-arrangements`: HTTP for triangular arrangements.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, RecordWriter};
use crate::db::Db;
use crate::domain::arrangements::{
    self, ArrangementInput, ArrangementQuery, TriangularArrangement,
};
use crate::domain::projects::query::ProjectFilter;
use crate::error::ApiError;
use crate::http::extract::{QueryParams, RecordId};
use crate::http::respond;
use crate::routes::PageQuery;
use crate::routes::projects::{ProjectPage, projects_under};
use crate::routes::record_routes::record_routes;

const TAG: &str = "triangular arrangements";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_arrangements);
    standard_routes(cfg);
    cfg.service(arrangement_projects);
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
    let request = query.0.into_request()?;
    let page = db
        .read(move |conn| arrangements::page(conn, &caller, request))
        .await?;
    Ok(respond::page(&page.items, page.next_cursor.as_deref()))
}

record_routes! {
    record: TriangularArrangement,
    input: ArrangementInput,
    writer: RecordWriter,
    tag: "triangular arrangements",
    collection: "/triangular-arrangements",
    item: "/triangular-arrangements/{id}",
    history_path: "/triangular-arrangements/{id}/history",
    id: "Arrangement id",
    create: create_arrangement {
        summary: "Create a triangular arrangement",
        description: "Admins and coordinators; a partner only with its own organisation among the parties.\nEvery role has at least one organisation and no organisation holds two roles; cost\nsharing names parties only. The response totals the cost sharing by role.",
        location: "URL of the new arrangement",
        forbidden: "Viewers cannot write; a partner must be a party",
    },
    read: get_arrangement {
        summary: "Get a triangular arrangement",
        description: "A restricted arrangement that the caller may not read answers 404. Answers 304 when\n`If-None-Match` names the current version.",
        found: "The arrangement",
    },
    replace: replace_arrangement {
        summary: "Replace a triangular arrangement",
        description: "Needs `If-Match`. A partner changes only arrangements its organisation is a party to,\nand cannot remove itself. Refused with 409 when projects under the arrangement would\nno longer match its parties.",
        forbidden: "The caller may not change this arrangement this way",
        conflict: "Projects under the arrangement would no longer match its parties",
    },
    patch: patch_arrangement {
        summary: "Update a triangular arrangement with a JSON Merge Patch",
        description: "RFC 7396 over the arrangement's fields (arrays are replaced whole). Needs `If-Match`.",
        body: "A JSON Merge Patch over the arrangement's fields",
        example: {"governance": "Comité de gestión trilateral"},
        forbidden: "The caller may not change this arrangement this way",
        conflict: "Projects under the arrangement would no longer match its parties",
    },
    delete: delete_arrangement {
        summary: "Delete a triangular arrangement",
        description: "Admins and coordinators only. Refused with 409, naming them, while projects run under\nit.",
        forbidden: "Only admins and coordinators delete arrangements",
        conflict: "Projects still run under it",
    },
    history: arrangement_history {
        summary: "History of a triangular arrangement",
        description: "Its change records, oldest first.",
    },
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
    let filter = ProjectFilter {
        triangular_arrangement: Some(id.0),
        ..Default::default()
    };
    projects_under::<TriangularArrangement>(&db, caller, id.0, filter, query.0).await
}
