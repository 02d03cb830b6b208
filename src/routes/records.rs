//! The HTTP side of every cooperation record (projects, partnerships, triangular
//! arrangements, policy exchanges): each resource's handlers carry their own OpenAPI
//! description and call these for the work, which is the same for all of them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::record::{self, CooperationRecord, Update};
use crate::error::ApiError;
use crate::routes::common::{saved_response, stored_response};
use crate::routes::history::{ChangePage, HistoryQuery, history_page};
use crate::versioning::{IfMatch, etag, not_modified};

/// Create a record; 201 with its representation, `ETag` and `Location` under `collection`.
pub async fn create<R>(
    db: &Db,
    caller: Caller,
    input: R::Input,
    collection: &'static str,
) -> Result<HttpResponse, ApiError>
where
    R: CooperationRecord + Send + 'static,
    R::Input: Send + 'static,
{
    let saved = db
        .write(move |conn| record::create::<R>(conn, &caller, input))
        .await?;
    let location = format!("{collection}/{}", saved.record.id());
    let version = saved.record.version();
    Ok(saved_response(
        StatusCode::CREATED,
        version,
        saved,
        Some(location),
    ))
}

/// Read a record the caller may see (404 otherwise); 304 when `If-None-Match` names the
/// current version.
pub async fn read<R>(
    db: &Db,
    caller: Caller,
    id: uuid::Uuid,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError>
where
    R: CooperationRecord + 'static,
{
    let stored = db
        .read(move |conn| record::read::<R>(conn, &caller, id))
        .await?;
    if not_modified(req, stored.version) {
        return Ok(HttpResponse::NotModified()
            .insert_header(("ETag", etag(stored.version)))
            .finish());
    }
    Ok(stored_response(stored.version, stored.representation))
}

/// Replace or patch a record; 200 with the new representation and `ETag`.
pub async fn update<R>(
    db: &Db,
    caller: Caller,
    id: uuid::Uuid,
    if_match: IfMatch,
    update: Update<R::Input>,
) -> Result<HttpResponse, ApiError>
where
    R: CooperationRecord + Send + 'static,
    R::Input: Send + 'static,
{
    let saved = db
        .write(move |conn| record::update::<R>(conn, &caller, id, &if_match, update))
        .await?;
    let version = saved.record.version();
    Ok(saved_response(StatusCode::OK, version, saved, None))
}

/// Delete a record; 204.
pub async fn delete<R>(
    db: &Db,
    caller: Caller,
    id: uuid::Uuid,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError>
where
    R: CooperationRecord + 'static,
{
    db.write(move |conn| record::delete::<R>(conn, &caller, id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A page of a record's change records, for callers who may read it.
pub async fn history<R>(
    db: &Db,
    caller: Caller,
    id: uuid::Uuid,
    query: HistoryQuery,
) -> Result<web::Json<ChangePage>, ApiError>
where
    R: CooperationRecord + 'static,
{
    history_page(db, R::KIND, id, query, move |conn, id| {
        record::check_history_access::<R>(conn, &caller, id)
    })
    .await
    .map(web::Json)
}
