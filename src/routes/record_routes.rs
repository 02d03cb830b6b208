//! The HTTP side of every kind of record, written once: list, create, read, replace,
//! patch, delete, history, review and export. `record_routes!` declares the operations of
//! one kind with their OpenAPI descriptions, at the paths the registry gives it (the
//! kind's route module gives only its texts and examples); each handler turns its HTTP
//! input into plain values and calls the functions here, which call the shared pipeline
//! in `domain::record`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::changes::ChangePage;
use crate::domain::list_query::{Filtered, Paging};
use crate::domain::lists;
use crate::domain::record::draft::{self, Change, Written};
use crate::domain::record::{self, CooperationKind, ExpectedVersions, RecordStorage};
use crate::domain::review::{ReviewComment, Transition, WriteReview};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::JsonBody;
use crate::http::idempotency::IdempotencyKey;
use crate::http::respond::{self, Reply};
use crate::json::parse_json;
use crate::pagination::Cursors;
use crate::request_body::parse_input;
use crate::routes::PageQuery;
use crate::routes::idempotent::{self, Answer};
use serde_json::{Map, Value};

/// A page of projects.
#[derive(Serialize, ToSchema)]
pub struct ProjectPage {
    pub items: Vec<crate::domain::projects::Project>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// The projects under record `id` of kind `R` (a partnership, a triangular arrangement)
/// that the caller may read, most recently changed first; 404 when the caller may not
/// read the record itself.
pub async fn projects_under<R: RecordStorage>(
    db: &Db,
    cursors: &Cursors,
    caller: Caller,
    id: Uuid,
    filter: crate::domain::projects::query::ProjectFilter,
    query: PageQuery,
) -> Result<HttpResponse, ApiError> {
    let request = crate::domain::projects::query::ProjectListRequest::new(
        cursors,
        filter,
        None,
        query.limit,
        query.cursor.as_deref(),
    )?;
    let page = db
        .read(move |conn| {
            record::read::<R>(conn, &caller, id)?;
            request.serve(conn, &caller)
        })
        .await?;
    Ok(respond::page(&page.items, page.next_cursor.as_deref()))
}

/// A newest-first page of cooperation records of kind `K`, as `query` asks.
pub async fn list<K: CooperationKind>(
    db: &Db,
    cursors: &Cursors,
    caller: Caller,
    query: Filtered<Paging, K::Filters>,
) -> Result<HttpResponse, ApiError> {
    let request = lists::newest_first_request::<K>(cursors, &query)?;
    let page = db
        .read(move |conn| lists::newest_first::<K>(conn, &caller, request))
        .await?;
    Ok(respond::page(&page.items, page.next_cursor.as_deref()))
}

/// Create a record; 201 with its representation, `ETag` and `Location` (where the
/// registry puts records of its kind). Honours `Idempotency-Key`.
pub async fn create<R: RecordStorage>(
    db: &Db,
    caller: Caller,
    req: &HttpRequest,
    key: IdempotencyKey,
    body: JsonBody<R::Input>,
    review: WriteReview,
) -> Result<HttpResponse, ApiError> {
    let collection = crate::routes::collection(R::KIND);
    key.key()?;
    let bytes = body.bytes().await?;
    // A draft may be incomplete: its body is judged once read, in the transaction.
    let body = match review.draft {
        true => NewBody::Document(parse_json(&bytes)?),
        false => NewBody::Input(parse_input(&bytes)?),
    };
    let writer = caller.clone();
    idempotent::once(req, db, &caller, &key, &bytes, move |conn| {
        let written: Written = match body {
            NewBody::Document(document) => draft::create::<R>(conn, &writer, document, review)?,
            NewBody::Input(input) => record::create::<R>(conn, &writer, input, review)?.into(),
        };
        Ok(Answer::same(Reply::record(
            StatusCode::CREATED,
            written.version,
            written.representation,
            Some(format!("{collection}/{}", written.id)),
        )))
    })
    .await
}

/// Read a record the caller may see (404 otherwise); 304 when `If-None-Match` names the
/// current version.
pub async fn read<R: RecordStorage>(
    db: &Db,
    caller: Caller,
    id: Uuid,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    // On PostgreSQL, with the reads by id arriving together; what they leave (nothing
    // found, a version the caller does not see in full) is read on its own.
    if let (Some(reads), Some((group, read))) = (db.point_reads(), R::read_many(&caller))
        && let Some((version, representation, _)) =
            reads.read(db, group, id.to_string(), read).await?
    {
        return Ok(respond::read(req, version, representation));
    }
    let stored = db
        .read_point(move |conn| record::read::<R>(conn, &caller, id))
        .await?;
    Ok(respond::read(req, stored.version, stored.representation))
}

/// A body as a write takes it: the kind's input, or a draft's fields as given.
enum NewBody<I> {
    Input(I),
    Document(Map<String, Value>),
}

/// The new content of a `PUT`: complete, unless `?review=draft` lets it be a draft's.
pub async fn replacement<I: crate::request_body::Input>(
    body: JsonBody<I>,
    review: WriteReview,
) -> Result<Change<I>, ApiError> {
    Ok(match review.draft {
        true => Change::ReplaceDocument(parse_json(&body.bytes().await?)?),
        false => Change::Replace(Box::new(body.read().await?)),
    })
}

/// Replace or patch a record (or an incomplete draft); 200 with the new representation
/// and `ETag`.
pub async fn update<R: RecordStorage>(
    db: &Db,
    caller: Caller,
    id: Uuid,
    if_match: IfMatch,
    change: Change<R::Input>,
    review: WriteReview,
) -> Result<HttpResponse, ApiError> {
    let expected = ExpectedVersions::any_of(if_match.into_versions());
    let written = db
        .write(move |conn| draft::update::<R>(conn, &caller, id, &expected, change, review))
        .await?;
    Ok(respond::record(
        StatusCode::OK,
        written.version,
        written.representation,
    ))
}

/// Make a review transition; 200 with the new representation and `ETag`.
pub async fn review<R: RecordStorage>(
    db: &Db,
    caller: Caller,
    id: Uuid,
    if_match: IfMatch,
    transition: Transition,
    body: JsonBody<ReviewComment>,
) -> Result<HttpResponse, ApiError> {
    let expected = ExpectedVersions::any_of(if_match.into_versions());
    let body = body.read_optional().await?;
    // The body is checked before the precondition (RFC 9110 13.2.1): a bad comment is a
    // 422 whatever the If-Match.
    if let Some(body) = &body {
        crate::validation::Violations::of(body).into_result()?;
    }
    let comment = body.and_then(|body| body.comment);
    let saved = db
        .write(move |conn| record::review::<R>(conn, &caller, id, &expected, transition, comment))
        .await?;
    Ok(respond::record(
        StatusCode::OK,
        saved.record.meta().version,
        saved.representation,
    ))
}

/// Delete a record; 204.
pub async fn delete<R: RecordStorage>(
    db: &Db,
    caller: Caller,
    id: Uuid,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let expected = ExpectedVersions::any_of(if_match.into_versions());
    db.write(move |conn| draft::delete::<R>(conn, &caller, id, &expected))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A page of a record's change records, for callers who may see them.
pub async fn history<R: RecordStorage>(
    db: &Db,
    cursors: &Cursors,
    caller: Caller,
    id: Uuid,
    query: PageQuery,
) -> Result<web::Json<ChangePage>, ApiError> {
    let cursors = cursors.clone();
    db.read(move |conn| {
        let cursor = query.cursor.as_deref();
        lists::history::<R>(conn, &caller, id, query.limit, cursor, &cursors)
    })
    .await
    .map(web::Json)
}

/// Declare the standard operations of one kind of record, at the paths the registry gives
/// it (`kind`): `$list` (`GET` its collection, newest first, when its list is the standard
/// one; with its page schema `$page`), `$create` (`POST` its collection), `$read`,
/// `$replace`, `$patch` and `$delete` (one record), `$history`, the review transitions
/// (`submit`, `approve`, `return`) for reviewed kinds, `$projects` (the projects under
/// the record, filtered by their `$projects_filter`, when projects run under this kind),
/// its export (`$export`, for kinds the registry gives export columns), and
/// `standard_routes` to register them. The kind gives its texts and examples. `$writer` is
/// the extractor of the callers whose role may write (`RecordWriter` or `Admin`). A
/// `conflict` text declares the operation's own 409.
macro_rules! record_routes {
    (
        kind: $kind:ident,
        $(list: $list:ident {
            summary: $list_summary:tt,
            description: $list_description:tt,
            query: $query:ident,
            page: $page:ident,
            page_doc: $page_doc:tt,
            found: $list_found:tt,
        },)?
        record: $record:ident,
        input: $input:ident,
        writer: $writer:ident,
        writes: $writes:ty,
        id: $id:tt,
        create: $create:ident {
            summary: $create_summary:tt,
            description: $create_description:tt,
            location: $location:tt,
            forbidden: $create_forbidden:tt,
            $(conflict: $create_conflict:tt,)?
        },
        read: $read:ident {
            summary: $read_summary:tt,
            description: $read_description:tt,
            found: $found:tt,
        },
        replace: $replace:ident {
            summary: $replace_summary:tt,
            description: $replace_description:tt,
            forbidden: $replace_forbidden:tt,
            $(conflict: $replace_conflict:tt,)?
        },
        patch: $patch:ident {
            summary: $patch_summary:tt,
            description: $patch_description:tt,
            body: $patch_body:tt,
            example: $patch_example:tt,
            forbidden: $patch_forbidden:tt,
            $(conflict: $patch_conflict:tt,)?
        },
        delete: $delete:ident {
            summary: $delete_summary:tt,
            description: $delete_description:tt,
            forbidden: $delete_forbidden:tt,
            $(conflict: $delete_conflict:tt,)?
        },
        history: $history:ident {
            summary: $history_summary:tt,
            description: $history_description:tt,
        }
        $(, review: {
            submit: $submit:ident { summary: $submit_summary:tt },
            approve: $approve:ident { summary: $approve_summary:tt },
            return: $return_op:ident { summary: $return_summary:tt },
        })?
        $(, projects: $projects:ident {
            summary: $projects_summary:tt,
            filter: $projects_filter:ident,
        })?
        $(, export: $export:ident { query: $export_query:ident })? $(,)?
    ) => {
        /// Register the standard operations, in the order the document lists them (its
        /// export before the record's `{id}`, which would take `export` for an id).
        fn standard_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
            $(cfg.service(standard::$export::Operation);)?
            $(cfg.service(standard::$list);)?
            cfg.service(standard::$create)
                .service(standard::$read)
                .service(standard::$replace)
                .service(standard::$patch)
                .service(standard::$delete)
                .service(standard::$history);
            $(cfg.service(standard::$submit)
                .service(standard::$approve)
                .service(standard::$return_op);)?
            $(cfg.service(standard::$projects);)?
        }

        /// The standard operations: each a unit struct that registers its handler and
        /// carries its documentation (read by the OpenAPI document).
        #[allow(non_camel_case_types)]
        pub mod standard {
            use super::*;
            use crate::domain::kinds::ResourceKind;
            use crate::routes::operation::serve_at;

            const KIND: ResourceKind = ResourceKind::$kind;
            /// What its writes and reads answer (the record, or an incomplete draft).
            pub type Answer = <$record as crate::domain::record::Answered>::Answer;

            $(
            #[doc = $page_doc]
            #[derive(serde::Serialize, utoipa::ToSchema)]
            pub struct $page {
                pub items: Vec<$record>,
                /// Pass as `cursor` to get the next page; null on the last page.
                #[schema(required = true)]
                pub next_cursor: Option<String>,
            }

            pub struct $list;
            serve_at!($list, Get, handlers::$list);
            )?
            pub struct $create;
            serve_at!($create, Post, handlers::$create);
            pub struct $read;
            serve_at!($read, Get, handlers::$read);
            pub struct $replace;
            serve_at!($replace, Put, handlers::$replace);
            pub struct $patch;
            serve_at!($patch, Patch, handlers::$patch);
            pub struct $delete;
            serve_at!($delete, Delete, handlers::$delete);
            pub struct $history;
            serve_at!($history, Get, handlers::$history);
            $(
            pub struct $submit;
            serve_at!($submit, Post, handlers::$submit);
            pub struct $approve;
            serve_at!($approve, Post, handlers::$approve);
            pub struct $return_op;
            serve_at!($return_op, Post, handlers::$return_op);
            )?
            $(
            pub struct $projects;
            serve_at!($projects, Get, handlers::$projects);
            )?
            $(
            crate::routes::exports::export_operation!($export, $export_query, |query| {
                crate::routes::exports::newest_first::<$input>(query.checked()?)
            });
            )?

            /// The handlers, named as their operations (the documentation is implemented
            /// for the unit structs of the same names one module up).
            pub mod handlers {
                use super::*;

                $(
                #[utoipa::path(
                    get,
                    path = KIND.collection(),
                    impl_for = $list,
                    operation_id = stringify!($list),
                    tag = KIND.tag(),
                    summary = $list_summary,
                    description = $list_description,
                    params($query),
                    responses((status = 200, description = $list_found, body = $page))
                )]
                pub async fn $list(
                    caller: crate::auth::Caller,
                    db: actix_web::web::Data<crate::db::Db>,
                    cursors: actix_web::web::Data<crate::pagination::Cursors>,
                    query: $query,
                ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                    crate::routes::record_routes::list::<$input>(&db, &cursors, caller, query).await
                }
                )?

                #[utoipa::path(
                    post,
                    path = KIND.collection(),
                    impl_for = $create,
                    operation_id = stringify!($create),
                    tag = KIND.tag(),
                    summary = $create_summary,
                    description = $create_description,
                    params($writes),
                    request_body = $input,
                    responses(
                        (status = 201, description = "Created", body = Answer,
                            headers(("ETag" = String, description = "The record's version"),
                                    ("Location" = String, description = $location))),
                        (status = 403, description = $create_forbidden, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                        $((status = 409, description = $create_conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),)?
                    )
                )]
                pub async fn $create(
                    $writer(caller): $writer,
                    db: actix_web::web::Data<crate::db::Db>,
                    req: actix_web::HttpRequest,
                    key: crate::http::idempotency::IdempotencyKey,
                    writes: crate::http::extract::QueryParams<$writes>,
                    policy: actix_web::web::Data<crate::domain::review::ReviewPolicy>,
                    body: crate::http::extract::JsonBody<$input>,
                ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                    crate::routes::record_routes::create::<$record>(
                        &db,
                        caller,
                        &req,
                        key,
                        body,
                        crate::routes::review::write_review(&writes.0, **policy),
                    )
                    .await
                }

                #[utoipa::path(
                    get,
                    path = KIND.item_path(),
                    impl_for = $read,
                    operation_id = stringify!($read),
                    tag = KIND.tag(),
                    summary = $read_summary,
                    description = $read_description,
                    params(("id" = uuid::Uuid, Path, description = $id)),
                    responses(
                        (status = 200, description = $found, body = Answer,
                            headers(("ETag" = String, description = "The record's version, for If-Match"))),
                        (status = 304, description = "Not modified since the version named by If-None-Match"),
                    )
                )]
                pub async fn $read(
                    caller: crate::auth::Caller,
                    db: actix_web::web::Data<crate::db::Db>,
                    id: crate::http::extract::RecordId,
                    req: actix_web::HttpRequest,
                ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                    crate::routes::record_routes::read::<$record>(&db, caller, id.0, &req).await
                }

                #[utoipa::path(
                    put,
                    path = KIND.item_path(),
                    impl_for = $replace,
                    operation_id = stringify!($replace),
                    tag = KIND.tag(),
                    summary = $replace_summary,
                    description = $replace_description,
                    params(
                        ("id" = uuid::Uuid, Path, description = $id),
                        ("If-Match" = String, Header, description = "ETag of the version being replaced, e.g. \"3\""),
                        $writes,
                    ),
                    request_body = $input,
                    responses(
                        (status = 200, description = "Replaced", body = Answer,
                            headers(("ETag" = String, description = "The new version"))),
                        (status = 403, description = $replace_forbidden, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                        $((status = 409, description = $replace_conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),)?
                    )
                )]
                pub async fn $replace(
                    $writer(caller): $writer,
                    db: actix_web::web::Data<crate::db::Db>,
                    id: crate::http::extract::RecordId,
                    if_match: crate::http::etag::IfMatch,
                    writes: crate::http::extract::QueryParams<$writes>,
                    policy: actix_web::web::Data<crate::domain::review::ReviewPolicy>,
                    body: crate::http::extract::JsonBody<$input>,
                ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                    let review = crate::routes::review::write_review(&writes.0, **policy);
                    let change = crate::routes::record_routes::replacement(body, review).await?;
                    crate::routes::record_routes::update::<$record>(
                        &db, caller, id.0, if_match, change, review,
                    )
                    .await
                }

                #[utoipa::path(
                    patch,
                    path = KIND.item_path(),
                    impl_for = $patch,
                    operation_id = stringify!($patch),
                    tag = KIND.tag(),
                    summary = $patch_summary,
                    description = $patch_description,
                    params(
                        ("id" = uuid::Uuid, Path, description = $id),
                        ("If-Match" = String, Header, description = "ETag of the version being changed, e.g. \"3\""),
                        $writes,
                    ),
                    request_body(content = serde_json::Value, content_type = "application/merge-patch+json",
                        description = $patch_body,
                        example = json!($patch_example)),
                    responses(
                        (status = 200, description = "Updated", body = Answer,
                            headers(("ETag" = String, description = "The new version"))),
                        (status = 403, description = $patch_forbidden, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                        $((status = 409, description = $patch_conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),)?
                    )
                )]
                pub async fn $patch(
                    $writer(caller): $writer,
                    db: actix_web::web::Data<crate::db::Db>,
                    id: crate::http::extract::RecordId,
                    if_match: crate::http::etag::IfMatch,
                    writes: crate::http::extract::QueryParams<$writes>,
                    policy: actix_web::web::Data<crate::domain::review::ReviewPolicy>,
                    patch: crate::http::extract::MergePatch,
                ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                    crate::routes::record_routes::update::<$record>(
                        &db,
                        caller,
                        id.0,
                        if_match,
                        crate::domain::record::draft::Change::Patch(patch.read().await?),
                        crate::routes::review::write_review(&writes.0, **policy),
                    )
                    .await
                }

                #[utoipa::path(
                    delete,
                    path = KIND.item_path(),
                    impl_for = $delete,
                    operation_id = stringify!($delete),
                    tag = KIND.tag(),
                    summary = $delete_summary,
                    description = $delete_description,
                    params(
                        ("id" = uuid::Uuid, Path, description = $id),
                        ("If-Match" = String, Header, description = "ETag of the version being deleted, e.g. \"3\""),
                    ),
                    responses(
                        (status = 204, description = "Deleted"),
                        (status = 403, description = $delete_forbidden, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                        $((status = 409, description = $delete_conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),)?
                    )
                )]
                pub async fn $delete(
                    $writer(caller): $writer,
                    db: actix_web::web::Data<crate::db::Db>,
                    id: crate::http::extract::RecordId,
                    if_match: crate::http::etag::IfMatch,
                ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                    crate::routes::record_routes::delete::<$record>(&db, caller, id.0, if_match).await
                }

                #[utoipa::path(
                    get,
                    path = KIND.history_path(),
                    impl_for = $history,
                    operation_id = stringify!($history),
                    tag = KIND.tag(),
                    summary = $history_summary,
                    description = $history_description,
                    params(("id" = uuid::Uuid, Path, description = $id), crate::routes::PageQuery),
                    responses((status = 200, description = "A page of change records", body = crate::domain::changes::ChangePage))
                )]
                pub async fn $history(
                    caller: crate::auth::Caller,
                    db: actix_web::web::Data<crate::db::Db>,
                    cursors: actix_web::web::Data<crate::pagination::Cursors>,
                    id: crate::http::extract::RecordId,
                    query: crate::http::extract::QueryParams<crate::routes::PageQuery>,
                ) -> Result<actix_web::web::Json<crate::domain::changes::ChangePage>, crate::error::ApiError>
                {
                    crate::routes::record_routes::history::<$record>(&db, &cursors, caller, id.0, query.0)
                        .await
                }

                $(
                crate::routes::record_routes::review_operation! {
                    $id, $record, $writer, $submit, "submit", Submit,
                    summary: $submit_summary,
                    description: "Hands a draft (or a returned record) to the directorate for review: admins, coordinators\nand partners taking part. Needs `If-Match`; the body is optional (none, or an empty one\nwhatever its `Content-Type`). Its status becomes `submitted`.\n\nA coordinator's or admin's own write is approved on save, so there is nothing to submit\n(409): to ask another reviewer to approve it, write it with `?review=requested` (the\ncreate, `PUT` or `PATCH` saves it as `submitted`).",
                    body: "Optional: a comment for the reviewers",
                    done: "Submitted",
                    forbidden: "Viewers cannot submit; a partner must take part",
                    conflict: "Only a draft or a returned record can be submitted",
                }
                crate::routes::record_routes::review_operation! {
                    $id, $record, $writer, $approve, "approve", Approve,
                    summary: $approve_summary,
                    description: "Admins and coordinators. The current version becomes the one that counts: viewers,\nother partners, lists, statistics and the change feed see it from now on. Needs `If-Match`\nwith the version reviewed; the body is optional (none, or an empty one whatever its\n`Content-Type`). A reviewer does not approve a version they wrote: another one does.",
                    body: "Optional: a comment for the record's authors",
                    done: "Approved",
                    forbidden: "Only admins and coordinators approve",
                    conflict: "Only a submitted record can be approved, and its references must still hold",
                }
                crate::routes::record_routes::review_operation! {
                    $id, $record, $writer, $return_op, "return", Return,
                    summary: $return_summary,
                    description: "Admins and coordinators. Sends a submitted record back to its authors with a comment\n(required) saying what to change; they edit it and submit it again. The approved version,\nif any, still counts meanwhile. Needs `If-Match`.",
                    body: "The comment (required) for the record's authors",
                    done: "Returned",
                    forbidden: "Only admins and coordinators return records",
                    conflict: "Only a submitted record can be returned",
                }
                )?

                $(
                #[utoipa::path(
                    get,
                    path = KIND.operation_path("projects"),
                    impl_for = $projects,
                    operation_id = stringify!($projects),
                    tag = KIND.tag(),
                    summary = $projects_summary,
                    description = "The projects that reference it and that the caller may read, most recently changed\nfirst.",
                    params(("id" = uuid::Uuid, Path, description = $id), crate::routes::PageQuery),
                    responses((status = 200, description = "A page of projects", body = crate::routes::record_routes::ProjectPage))
                )]
                pub async fn $projects(
                    caller: crate::auth::Caller,
                    db: actix_web::web::Data<crate::db::Db>,
                    cursors: actix_web::web::Data<crate::pagination::Cursors>,
                    id: crate::http::extract::RecordId,
                    query: crate::http::extract::QueryParams<crate::routes::PageQuery>,
                ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                    let filter = crate::domain::projects::query::ProjectFilter {
                        $projects_filter: Some(id.0),
                        ..Default::default()
                    };
                    crate::routes::record_routes::projects_under::<$record>(&db, &cursors, caller, id.0, filter, query.0)
                        .await
                }
                )?
            }
        }
    };
}

pub(crate) use record_routes;

/// One review transition (`submit`, `approve` or `return`) of a kind, with its OpenAPI
/// description; declared by `record_routes!` for the kinds that are reviewed.
macro_rules! review_operation {
    (
        $id:tt, $record:ident, $writer:ident, $name:ident, $operation:literal, $variant:ident,
        summary: $summary:tt,
        description: $description:tt,
        body: $body:tt,
        done: $done:tt,
        forbidden: $forbidden:tt,
        conflict: $conflict:tt,
    ) => {
        #[utoipa::path(
            post,
            path = KIND.operation_path($operation),
            impl_for = $name,
            operation_id = stringify!($name),
            tag = KIND.tag(),
            summary = $summary,
            description = $description,
            params(
                ("id" = uuid::Uuid, Path, description = $id),
                ("If-Match" = String, Header, description = "ETag of the version reviewed, e.g. \"3\""),
            ),
            request_body(content = Option<crate::domain::review::ReviewComment>, content_type = "application/json",
                description = $body,
                example = json!({"comment": "Budget lines checked against the signed agreement."})),
            responses(
                (status = 200, description = $done, body = $record,
                    headers(("ETag" = String, description = "The new version"))),
                (status = 403, description = $forbidden, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
            )
        )]
        pub async fn $name(
            $writer(caller): $writer,
            db: actix_web::web::Data<crate::db::Db>,
            id: crate::http::extract::RecordId,
            if_match: crate::http::etag::IfMatch,
            body: crate::http::extract::JsonBody<crate::domain::review::ReviewComment>,
        ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
            crate::routes::record_routes::review::<$record>(
                &db, caller, id.0, if_match, crate::domain::review::Transition::$variant, body,
            )
            .await
        }
    };
}

pub(crate) use review_operation;
