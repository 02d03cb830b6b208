//! The operations of a project's part with versions of its own (`/projects/{id}/results`,
//! `/projects/{id}/activities`): read, replace and history, written once. A part's route
//! module binds their names, paths and texts with `project_part_routes!`, which keeps
//! each operation's contract (its doc comment and `#[utoipa::path]`) in that module.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::changes::ChangePage;
use crate::domain::project_parts::{self, ProjectPart};
use crate::domain::record::ExpectedVersions;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::{QueryParams, RecordId};
use crate::http::respond;
use crate::pagination::Cursors;
use crate::routes::PageQuery;

/// `GET /projects/{id}/<part>`: the part as stored, with its version as `ETag`.
pub async fn read<P: ProjectPart>(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let stored = db
        .read(move |conn| project_parts::read::<P>(conn, &caller, id.0))
        .await?;
    Ok(respond::read(&req, stored.version, stored.representation))
}

/// `PUT /projects/{id}/<part>`: replace the part over the version `If-Match` names.
pub async fn replace<P: ProjectPart>(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    input: P::Input,
) -> Result<HttpResponse, ApiError> {
    let expected = ExpectedVersions::any_of(if_match.into_versions());
    let saved = db
        .write(move |conn| project_parts::replace::<P>(conn, &caller, id.0, &expected, input))
        .await?;
    Ok(respond::record(
        StatusCode::OK,
        saved.version,
        saved.representation,
    ))
}

/// `GET /projects/{id}/<part>/history`: a page of the part's change records.
pub async fn history<P: ProjectPart>(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    id: RecordId,
    query: QueryParams<PageQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    let cursors = cursors.get_ref().clone();
    let query = query.0;
    db.read(move |conn| {
        project_parts::history::<P>(
            conn,
            &caller,
            id.0,
            query.limit,
            query.cursor.as_deref(),
            &cursors,
        )
    })
    .await
    .map(web::Json)
}

/// The three handlers of part `$part` (written as `$input`), each with its doc comment
/// (summary and description) and the texts its responses name; the rest of each contract
/// is the same for every part. The calling module imports `actix_web::{get, put}`: utoipa
/// finds the operation's method and path by those attributes' names.
macro_rules! project_part_routes {
    (
        tag: $tag:tt,
        part: $part:ident,
        input: $input:ident,
        path: $path:tt,
        $(#[$read_doc:meta])*
        read: $read:ident {
            found: $found:tt,
            etag: $etag:tt,
        },
        $(#[$replace_doc:meta])*
        replace: $replace:ident {
            if_match: $if_match:tt,
            new_etag: $new_etag:tt,
            conflict: $conflict:tt,
        },
        $(#[$history_doc:meta])*
        history: $history:ident {
            path: $history_path:tt,
        },
    ) => {
        $(#[$read_doc])*
        #[utoipa::path(
            tag = $tag,
            params(("id" = uuid::Uuid, Path, description = "Project id")),
            responses(
                (status = 200, description = $found, body = $part,
                    headers(("ETag" = String, description = $etag))),
                (status = 304, description = "Not modified since the version named by If-None-Match"),
            )
        )]
        #[get($path)]
        pub async fn $read(
            caller: crate::auth::Caller,
            db: actix_web::web::Data<crate::db::Db>,
            id: crate::http::extract::RecordId,
            req: actix_web::HttpRequest,
        ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
            crate::routes::project_parts::read::<$part>(caller, db, id, req).await
        }

        $(#[$replace_doc])*
        #[utoipa::path(
            tag = $tag,
            params(
                ("id" = uuid::Uuid, Path, description = "Project id"),
                ("If-Match" = String, Header, description = $if_match),
            ),
            request_body = $input,
            responses(
                (status = 200, description = "Saved", body = $part,
                    headers(("ETag" = String, description = $new_etag))),
                (status = 403, description = "Viewers cannot write; a partner must take part in the project", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
            )
        )]
        #[put($path)]
        pub async fn $replace(
            crate::auth::RecordWriter(caller): crate::auth::RecordWriter,
            db: actix_web::web::Data<crate::db::Db>,
            id: crate::http::extract::RecordId,
            if_match: crate::http::etag::IfMatch,
            body: crate::http::extract::JsonBody<$input>,
        ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
            let input = body.read().await?;
            crate::routes::project_parts::replace::<$part>(caller, db, id, if_match, input).await
        }

        $(#[$history_doc])*
        #[utoipa::path(
            tag = $tag,
            params(("id" = uuid::Uuid, Path, description = "Project id"), crate::routes::PageQuery),
            responses((status = 200, description = "A page of change records", body = crate::domain::changes::ChangePage))
        )]
        #[get($history_path)]
        pub async fn $history(
            caller: crate::auth::Caller,
            db: actix_web::web::Data<crate::db::Db>,
            cursors: actix_web::web::Data<crate::pagination::Cursors>,
            id: crate::http::extract::RecordId,
            query: crate::http::extract::QueryParams<crate::routes::PageQuery>,
        ) -> Result<actix_web::web::Json<crate::domain::changes::ChangePage>, crate::error::ApiError> {
            crate::routes::project_parts::history::<$part>(caller, db, cursors, id, query).await
        }
    };
}

pub(crate) use project_part_routes;
