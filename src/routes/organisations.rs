//! `/api/v1/organisations`: HTTP for organisations. Admins write; every role reads.

use actix_web::{get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Admin, Caller};
use crate::db::Db;
use crate::domain::organisations::{
    self as orgs, Organisation, OrganisationInput, OrganisationPage, OrganisationQuery,
};
use crate::error::ApiError;
use crate::http::extract::QueryParams;
use crate::pagination::Cursors;
use crate::routes::record_routes::record_routes;

const TAG: &str = "organisations";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_organisations);
    standard_routes(cfg);
}

/// List organisations
///
/// Ordered by name (case and accents ignored), then id. Keyset-paginated: pass the
/// `next_cursor` of a page as `cursor` to get the next one.
#[utoipa::path(
    tag = TAG,
    params(OrganisationQuery),
    responses(
        (status = 200, description = "A page of organisations", body = OrganisationPage),
    )
)]
#[get("/organisations")]
async fn list_organisations(
    _caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<OrganisationQuery>,
) -> Result<web::Json<OrganisationPage>, ApiError> {
    let page = db
        .read(move |conn| orgs::list(conn, &query.0, &cursors))
        .await?;
    Ok(web::Json(page))
}

record_routes! {
    kind: Organisation,
    record: Organisation,
    input: OrganisationInput,
    writer: Admin,
    writes: crate::routes::review::NoReview,
    id: "Organisation id",
    create: create_organisation {
        summary: "Create an organisation",
        description: "Admins only. The IATI organisation identifier, when given, must be unique.",
        location: "URL of the new organisation",
        forbidden: "Only admins create organisations",
        conflict: "The IATI identifier belongs to another organisation",
    },
    read: get_organisation {
        summary: "Get an organisation",
        description: "Answers 304 when `If-None-Match` names the current version.",
        found: "The organisation",
    },
    replace: replace_organisation {
        summary: "Replace an organisation",
        description: "Admins only. Needs `If-Match` with the current ETag.",
        forbidden: "Only admins change organisations",
        conflict: "The IATI identifier belongs to another organisation",
    },
    patch: patch_organisation {
        summary: "Update an organisation with a JSON Merge Patch",
        description: "Admins only. RFC 7396: members present in the patch replace the record's, `null`\nclears an optional member. Needs `If-Match` with the current ETag.",
        body: "A JSON Merge Patch over the organisation's fields",
        example: {"acronym": "INTI", "parent_id": null},
        forbidden: "Only admins change organisations",
        conflict: "The IATI identifier belongs to another organisation",
    },
    delete: delete_organisation {
        summary: "Delete an organisation",
        description: "Admins only. Refused with 409 while another record references the organisation.",
        forbidden: "Only admins delete organisations",
        conflict: "Still referenced by other records",
    },
    history: organisation_history {
        summary: "History of an organisation",
        description: "Its change records, oldest first; kept after the organisation is deleted.",
    },
}
