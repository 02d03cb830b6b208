//! `/api/v1/organisations`: HTTP for organisations. Admins write; every role reads.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Admin, Caller};
use crate::db::Db;
use crate::domain::changes::ResourceKind;
use crate::domain::organisations::{
    self as orgs, Organisation, OrganisationInput, OrganisationPage, OrganisationQuery, Update,
};
use crate::error::{ApiError, ProblemDocument};
use crate::extract::{JsonBody, MergePatch, QueryParams, RecordId};
use crate::pagination::{decode_cursor, page_size, paginate};
use crate::routes::history::{HistoryQuery, history_page};
use crate::store::organisations as org_store;
use crate::versioning::{IfMatch, not_modified, record_response};

const TAG: &str = "organisations";
const CURSOR_KIND: &str = "organisations:name";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_organisations)
        .service(create_organisation)
        .service(get_organisation)
        .service(replace_organisation)
        .service(patch_organisation)
        .service(delete_organisation)
        .service(organisation_history);
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
    query: QueryParams<OrganisationQuery>,
) -> Result<web::Json<OrganisationPage>, ApiError> {
    let query = query.0;
    let limit = page_size(query.limit)?;
    let filter = query.filter()?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| decode_cursor::<org_store::OrganisationKey>(CURSOR_KIND, c))
        .transpose()?;
    let rows = db
        .read(move |conn| org_store::list(conn, &filter, after.as_ref(), limit))
        .await?;
    let (rows, next_cursor) = paginate(rows, limit, CURSOR_KIND, |(_, key)| key.clone());
    Ok(web::Json(OrganisationPage {
        items: rows.into_iter().map(|(org, _)| org).collect(),
        next_cursor,
    }))
}

/// Create an organisation
///
/// Admins only. The IATI organisation identifier, when given, must be unique.
#[utoipa::path(
    tag = TAG,
    request_body = OrganisationInput,
    responses(
        (status = 201, description = "Created", body = Organisation,
            headers(("ETag" = String, description = "The record's version"),
                    ("Location" = String, description = "URL of the new organisation"))),
        (status = 403, description = "Only admins create organisations", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The IATI identifier belongs to another organisation", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/organisations")]
async fn create_organisation(
    Admin(caller): Admin,
    db: web::Data<Db>,
    body: JsonBody<OrganisationInput>,
) -> Result<HttpResponse, ApiError> {
    let org = db
        .write(move |conn| orgs::create(conn, &caller, body.0))
        .await?;
    let mut response = record_response(StatusCode::CREATED, org.version, &org);
    response.headers_mut().insert(
        header::LOCATION,
        header::HeaderValue::from_str(&format!("/api/v1/organisations/{}", org.id))
            .expect("a UUID path is a valid header"),
    );
    Ok(response)
}

/// Get an organisation
///
/// Answers 304 when `If-None-Match` names the current version.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = Organisation,
            headers(("ETag" = String, description = "The record's version, for If-Match"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
    )
)]
#[get("/organisations/{id}")]
async fn get_organisation(
    _caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let org = db.read(move |conn| orgs::find(conn, id.0)).await?;
    if not_modified(&req, org.version) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, crate::versioning::etag(org.version)))
            .finish());
    }
    Ok(record_response(StatusCode::OK, org.version, &org))
}

/// Replace an organisation
///
/// Admins only. Needs `If-Match` with the current ETag.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "ETag of the version being replaced, e.g. \"3\""),
    ),
    request_body = OrganisationInput,
    responses(
        (status = 200, description = "Replaced", body = Organisation,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "Only admins change organisations", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The IATI identifier belongs to another organisation", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[put("/organisations/{id}")]
async fn replace_organisation(
    Admin(caller): Admin,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    body: JsonBody<OrganisationInput>,
) -> Result<HttpResponse, ApiError> {
    let org = db
        .write(move |conn| orgs::update(conn, &caller, id.0, &if_match, Update::Replace(body.0)))
        .await?;
    Ok(record_response(StatusCode::OK, org.version, &org))
}

/// Update an organisation with a JSON Merge Patch
///
/// Admins only. RFC 7396: members present in the patch replace the record's, `null`
/// clears an optional member. Needs `If-Match` with the current ETag.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "ETag of the version being changed, e.g. \"3\""),
    ),
    request_body(content = serde_json::Value, content_type = "application/merge-patch+json",
        description = "A JSON Merge Patch over the organisation's fields",
        example = json!({"acronym": "INTI", "parent_id": null})),
    responses(
        (status = 200, description = "Updated", body = Organisation,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "Only admins change organisations", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The IATI identifier belongs to another organisation", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[patch("/organisations/{id}")]
async fn patch_organisation(
    Admin(caller): Admin,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    patch: MergePatch,
) -> Result<HttpResponse, ApiError> {
    let org = db
        .write(move |conn| orgs::update(conn, &caller, id.0, &if_match, Update::Patch(patch)))
        .await?;
    Ok(record_response(StatusCode::OK, org.version, &org))
}

/// Delete an organisation
///
/// Admins only. Refused with 409 while another record references the organisation.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "ETag of the version being deleted, e.g. \"3\""),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admins delete organisations", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Still referenced by other records", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[delete("/organisations/{id}")]
async fn delete_organisation(
    Admin(caller): Admin,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    db.write(move |conn| orgs::delete(conn, &caller, id.0, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// History of an organisation
///
/// Its change records, oldest first; kept after the organisation is deleted.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Organisation id"), HistoryQuery),
    responses(
        (status = 200, description = "A page of change records", body = crate::routes::history::ChangePage),
    )
)]
#[get("/organisations/{id}/history")]
async fn organisation_history(
    _caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<HistoryQuery>,
) -> Result<web::Json<crate::routes::history::ChangePage>, ApiError> {
    // Organisations are public to every role: no per-record check.
    history_page(
        &db,
        ResourceKind::Organisation,
        id.0,
        query.0,
        |_, _| Ok(()),
    )
    .await
    .map(web::Json)
}
