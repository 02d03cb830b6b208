//! `/api/v1/cooperation-requests`: HTTP for partners' requests, the directorate's
//! pipeline (`assess`, `accept`, `decline`, `formulate`, `close`) and its assessment
//! (consultations and internal notes, for coordinators and admins only).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, RecordWriter};
use crate::db::Db;
use crate::domain::cooperation_requests::{
    self, Assessment, CooperationRequest, CooperationRequestExportQuery, CooperationRequestInput,
    CooperationRequestQuery, Decline, Formulate, Move, NewConsultation, NewNote, Note,
    PipelineComment, RequestMove,
};
use crate::domain::kinds::ResourceKind;
use crate::domain::matching::{self, CapacityMatches, MatchQuery};
use crate::domain::record::ExpectedVersions;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::{JsonBody, QueryParams, RecordId};
use crate::http::idempotency::IdempotencyKey;
use crate::http::respond::{self, Reply};
use crate::request_body::parse_input;
use crate::routes::idempotent::{self, Answer};
use crate::routes::operation::serve_at;
use crate::routes::record_routes::record_routes;

const KIND: ResourceKind = ResourceKind::CooperationRequest;

pub fn configure(cfg: &mut ServiceConfig) {
    standard_routes(cfg);
    cfg.service(assess_cooperation_request)
        .service(accept_cooperation_request)
        .service(decline_cooperation_request)
        .service(formulate_cooperation_request)
        .service(close_cooperation_request)
        .service(cooperation_request_assessment)
        .service(consult_on_cooperation_request)
        .service(note_on_cooperation_request)
        .service(cooperation_request_matches);
}

record_routes! {
    kind: CooperationRequest,
    list: list_cooperation_requests {
        summary: "List cooperation requests",
        description: "Requests newest first; pages stay consistent while requests change between requests.\nRestricted requests appear only to the directorate and their requesting organisation's\npartners; viewers and other partners read approved public ones.",
        query: CooperationRequestQuery,
        page: CooperationRequestPage,
        page_doc: "A page of cooperation requests.",
        found: "A page of cooperation requests",
    },
    record: CooperationRequest,
    input: CooperationRequestInput,
    writer: RecordWriter,
    writes: crate::routes::review::WriteQuery,
    id: "Cooperation request id",
    create: create_cooperation_request {
        summary: "Create a cooperation request",
        description: "Admins and coordinators; a partner only for its own organisation (as\n`requesting_organisation`). It starts `received`; `country` is the requesting\norganisation's. The pipeline's members (`status`, `decline_reason`,\n`comment_to_requester`, `project_id`) and `country` are the server's: what a body says of\nthem is ignored. `priority` is the directorate's: a partner that sets it is refused (403).",
        location: "URL of the new cooperation request",
        forbidden: "Viewers cannot write; a partner asks only for its own organisation and does not set the priority",
    },
    read: get_cooperation_request {
        summary: "Get a cooperation request",
        description: "A restricted request that the caller may not read answers 404. Answers 304 when\n`If-None-Match` names the current version. The directorate's assessment is not part of\nit (see `GET /cooperation-requests/{id}/assessment`).",
        found: "The cooperation request",
    },
    replace: replace_cooperation_request {
        summary: "Replace a cooperation request",
        description: "Needs `If-Match`. A partner changes only its own organisation's requests, and not their\npriority (403). The pipeline's members and `country` are kept whatever the body says:\nthey change by the request's operations.",
        forbidden: "The caller may not change this request this way",
    },
    patch: patch_cooperation_request {
        summary: "Update a cooperation request with a JSON Merge Patch",
        description: "RFC 7396 over the request's fields (arrays are replaced whole). Needs `If-Match`. The\npipeline's members and `country` are kept whatever the patch says; `priority` is the\ndirectorate's.",
        body: "A JSON Merge Patch over the request's fields",
        example: {"priority": "high"},
        forbidden: "The caller may not change this request this way",
    },
    delete: delete_cooperation_request {
        summary: "Delete a cooperation request",
        description: "Admins and coordinators only. Needs `If-Match`. Its assessment goes with it.",
        forbidden: "Only admins and coordinators delete cooperation requests",
    },
    history: cooperation_request_history {
        summary: "History of a cooperation request",
        description: "Its change records, oldest first: edits, review, and each move of its pipeline as its\nown action (`assess`, `accept`, `decline`, `formulate`, `close`) with the comment to the\nrequester. The directorate's assessment is never in it.",
    },
    review: {
        submit: submit_cooperation_request { summary: "Submit a cooperation request for review" },
        approve: approve_cooperation_request { summary: "Approve a cooperation request" },
        return: return_cooperation_request { summary: "Return a cooperation request to its authors" },
    },
    export: export_cooperation_requests { query: CooperationRequestExportQuery },
}

/// Make a move of the pipeline; 200 with the request and its `ETag`.
async fn make_move(
    db: &Db,
    caller: Caller,
    id: uuid::Uuid,
    if_match: IfMatch,
    step: Move,
) -> Result<HttpResponse, ApiError> {
    let expected = ExpectedVersions::any_of(if_match.into_versions());
    let saved = db
        .write(move |conn| cooperation_requests::move_request(conn, &caller, id, &expected, step))
        .await?;
    Ok(respond::record(
        StatusCode::OK,
        saved.record.meta.version,
        saved.representation,
    ))
}

/// A move whose body is an optional comment to the requester.
async fn commented_move(
    db: &Db,
    caller: Caller,
    id: uuid::Uuid,
    if_match: IfMatch,
    kind: RequestMove,
    body: JsonBody<PipelineComment>,
) -> Result<HttpResponse, ApiError> {
    let body = body.read_optional().await?;
    if let Some(body) = &body {
        crate::validation::Violations::of(body).into_result()?;
    }
    let step = Move {
        kind,
        reason: None,
        comment: body.and_then(|b| b.comment),
    };
    make_move(db, caller, id, if_match, step).await
}

/// Declare one move of the pipeline whose body is an optional comment.
macro_rules! commented_move {
    ($operation:ident, $handler:ident, $name:literal, $variant:ident, $summary:literal, $description:literal, $done:literal, $conflict:literal) => {
        #[allow(non_camel_case_types)]
        pub struct $operation;
        serve_at!($operation, Post, $handler);

        #[utoipa::path(
            post,
            path = KIND.operation_path($name),
            impl_for = $operation,
            operation_id = stringify!($operation),
            tag = KIND.tag(),
            summary = $summary,
            description = $description,
            params(
                ("id" = uuid::Uuid, Path, description = "Cooperation request id"),
                ("If-Match" = String, Header, description = "ETag of the version read, e.g. \"3\""),
            ),
            request_body(content = Option<PipelineComment>, content_type = "application/json",
                description = "Optional: a comment addressed to the requester",
                example = json!({"comment": "Hemos iniciado la consulta con las instituciones nacionales."})),
            responses(
                (status = 200, description = $done, body = CooperationRequest,
                    headers(("ETag" = String, description = "The new version"))),
                (status = 403, description = "Only coordinators and admins move a request through its pipeline", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
            )
        )]
        pub async fn $handler(
            RecordWriter(caller): RecordWriter,
            db: web::Data<Db>,
            id: RecordId,
            if_match: IfMatch,
            body: JsonBody<PipelineComment>,
        ) -> Result<HttpResponse, ApiError> {
            commented_move(&db, caller, id.0, if_match, RequestMove::$variant, body).await
        }
    };
}

commented_move!(
    assess_cooperation_request,
    assess,
    "assess",
    Assess,
    "Take a cooperation request into assessment",
    "Admins and coordinators: a `received` request becomes `under_assessment`, when the\ndirectorate consults the institutions that could take it on (`POST …/consultations`).\nNeeds `If-Match`; the body is optional (none, or an empty one whatever its\n`Content-Type`). In the history and the change feed as `assess`.",
    "The request, under assessment",
    "The request is not received, or has a version awaiting review"
);

commented_move!(
    accept_cooperation_request,
    accept,
    "accept",
    Accept,
    "Accept a cooperation request",
    "Admins and coordinators: a `received` or `under_assessment` request becomes `accepted`,\nready to be formulated as a project. Needs `If-Match`; the body is optional. In the\nhistory and the change feed as `accept`.",
    "The request, accepted",
    "The request is not received or under assessment, or has a version awaiting review"
);

commented_move!(
    close_cooperation_request,
    close,
    "close",
    Close,
    "Close a cooperation request",
    "Admins and coordinators: a decided request (`accepted`, `declined` or `formulated`)\nbecomes `closed`, for good. Needs `If-Match`; the body is optional. In the history and\nthe change feed as `close`.",
    "The request, closed",
    "The request is not decided yet (received, under assessment) or already closed, or has a version awaiting review"
);

#[allow(non_camel_case_types)]
pub struct decline_cooperation_request;
serve_at!(decline_cooperation_request, Post, decline);

/// Decline a request.
#[utoipa::path(
    post,
    path = KIND.operation_path("decline"),
    impl_for = decline_cooperation_request,
    operation_id = "decline_cooperation_request",
    tag = KIND.tag(),
    summary = "Decline a cooperation request",
    description = "Admins and coordinators: a `received` or `under_assessment` request becomes `declined`,\nfor a reason (`outside_priorities`, `no_capacity_available`, `duplicate`,\n`insufficient_information`, `other`) and with a comment to the requester (required for\n`other`). Needs `If-Match`. In the history and the change feed as `decline`.",
    params(
        ("id" = uuid::Uuid, Path, description = "Cooperation request id"),
        ("If-Match" = String, Header, description = "ETag of the version read, e.g. \"3\""),
    ),
    request_body(content = Decline, content_type = "application/json"),
    responses(
        (status = 200, description = "The request, declined", body = CooperationRequest,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "Only coordinators and admins move a request through its pipeline", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The request is not received or under assessment, or has a version awaiting review", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn decline(
    RecordWriter(caller): RecordWriter,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    body: JsonBody<Decline>,
) -> Result<HttpResponse, ApiError> {
    let body = body.read().await?;
    crate::validation::Violations::of(&body).into_result()?;
    let step = Move {
        kind: RequestMove::Decline,
        reason: Some(body.reason),
        comment: body.comment,
    };
    make_move(&db, caller, id.0, if_match, step).await
}

#[allow(non_camel_case_types)]
pub struct formulate_cooperation_request;
serve_at!(formulate_cooperation_request, Post, formulate);

/// Formulate a project from a request.
#[utoipa::path(
    post,
    path = KIND.operation_path("formulate"),
    impl_for = formulate_cooperation_request,
    operation_id = "formulate_cooperation_request",
    tag = KIND.tag(),
    summary = "Formulate a project from a cooperation request",
    description = "Admins and coordinators, for an `accepted` request, with the capacities chosen (approved\nones the caller may read). In one transaction: a draft project prefilled from the request\nand the capacities (their offering institutions as providers, the requester as recipient,\nthe request's sectors in equal shares, SDG targets and goals, title, problem statement as\ndescription, expected results as objectives, the requester's country as recipient\ncountry, the desired start as planned start, `capacity_ids`); the request's `project_id`\nnames it and the request becomes `formulated` (in the history and the change feed as\n`formulate`). The project is a draft for the directorate to complete (its code and\nplanned end at least): until then it is an incomplete draft listing what it lacks.\n\nAnswers 201 with the request, its `ETag`, and the project's URL as `Location`. Needs\n`If-Match`. Safe to retry: with the same `Idempotency-Key` the first answer is replayed;\nwithout one, a formulated request is not formulated again (409 naming its project).",
    params(
        ("id" = uuid::Uuid, Path, description = "Cooperation request id"),
        ("If-Match" = String, Header, description = "ETag of the version read, e.g. \"3\""),
    ),
    request_body(content = Formulate, content_type = "application/json"),
    responses(
        (status = 201, description = "The request, formulated; `Location` is the project's", body = CooperationRequest,
            headers(
                ("ETag" = String, description = "The request's new version"),
                ("Location" = String, description = "URL of the project formulated"),
            )),
        (status = 403, description = "Only coordinators and admins formulate", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The request is not accepted (a formulated one names its project), or has a version awaiting review", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn formulate(
    req: HttpRequest,
    RecordWriter(caller): RecordWriter,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: JsonBody<Formulate>,
) -> Result<HttpResponse, ApiError> {
    key.key()?;
    let bytes = body.bytes().await?;
    let body: Formulate = parse_input(&bytes)?;
    crate::validation::Violations::of(&body).into_result()?;
    let expected = ExpectedVersions::any_of(if_match.into_versions());
    let writer = caller.clone();
    let id = id.0;
    idempotent::once(&req, &db, &caller, &key, &bytes, move |conn| {
        let formulated = cooperation_requests::formulate(conn, &writer, id, &expected, body)?;
        Ok(Answer::same(Reply::record(
            StatusCode::CREATED,
            formulated.request.record.meta.version,
            formulated.request.representation,
            Some(format!(
                "{}/{}",
                crate::routes::collection(ResourceKind::Project),
                formulated.project_id
            )),
        )))
    })
    .await
}

#[allow(non_camel_case_types)]
pub struct cooperation_request_assessment;
serve_at!(cooperation_request_assessment, Get, read_assessment);

/// The directorate's assessment of a request.
#[utoipa::path(
    get,
    path = KIND.operation_path("assessment"),
    impl_for = cooperation_request_assessment,
    operation_id = "cooperation_request_assessment",
    tag = KIND.tag(),
    summary = "The directorate's assessment of a cooperation request",
    description = "Admins and coordinators: the institutions consulted (who, when, what they answered) and\nthe internal notes, oldest first. Never shown to partners or viewers (403 when they may\nread the request, else 404), and in no representation, history, change feed or export.",
    params(("id" = uuid::Uuid, Path, description = "Cooperation request id")),
    responses(
        (status = 200, description = "Its consultations and notes", body = Assessment),
        (status = 403, description = "Only coordinators and admins read the assessment", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn read_assessment(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
) -> Result<web::Json<Assessment>, ApiError> {
    db.read(move |conn| cooperation_requests::assessment(conn, &caller, id.0))
        .await
        .map(web::Json)
}

/// Write one entry of the assessment: 201 with it. Honours `Idempotency-Key`.
async fn add_entry<T: crate::request_body::Input + Send + 'static>(
    req: &HttpRequest,
    db: &Db,
    caller: Caller,
    id: uuid::Uuid,
    key: IdempotencyKey,
    body: JsonBody<T>,
    write: fn(&mut crate::db::DbConnection, &Caller, uuid::Uuid, T) -> Result<Note, ApiError>,
) -> Result<HttpResponse, ApiError> {
    key.key()?;
    let bytes = body.bytes().await?;
    let entry: T = parse_input(&bytes)?;
    crate::validation::Violations::of(&entry).into_result()?;
    let writer = caller.clone();
    idempotent::once(req, db, &caller, &key, &bytes, move |conn| {
        let note = write(conn, &writer, id, entry)?;
        Ok(Answer::same(Reply::json(StatusCode::CREATED, &note)?))
    })
    .await
}

#[allow(non_camel_case_types)]
pub struct consult_on_cooperation_request;
serve_at!(consult_on_cooperation_request, Post, add_consultation);

/// Record a consultation.
#[utoipa::path(
    post,
    path = KIND.operation_path("consultations"),
    impl_for = consult_on_cooperation_request,
    operation_id = "consult_on_cooperation_request",
    tag = KIND.tag(),
    summary = "Record a consultation on a cooperation request",
    description = "Admins and coordinators, while the request is `under_assessment`: an institution asked,\nwhen, and its answer once known (`available`, `unavailable`, `needs_information`; an\nanswer that comes later is recorded as a new consultation). Part of the assessment:\nnever shown to partners or viewers.",
    params(("id" = uuid::Uuid, Path, description = "Cooperation request id")),
    request_body(content = NewConsultation, content_type = "application/json"),
    responses(
        (status = 201, description = "The consultation recorded", body = Note),
        (status = 403, description = "Only coordinators and admins consult", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The request is not under assessment", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn add_consultation(
    req: HttpRequest,
    RecordWriter(caller): RecordWriter,
    db: web::Data<Db>,
    id: RecordId,
    key: IdempotencyKey,
    body: JsonBody<NewConsultation>,
) -> Result<HttpResponse, ApiError> {
    add_entry(
        &req,
        &db,
        caller,
        id.0,
        key,
        body,
        cooperation_requests::add_consultation,
    )
    .await
}

#[allow(non_camel_case_types)]
pub struct note_on_cooperation_request;
serve_at!(note_on_cooperation_request, Post, add_note);

/// Write an internal note.
#[utoipa::path(
    post,
    path = KIND.operation_path("notes"),
    impl_for = note_on_cooperation_request,
    operation_id = "note_on_cooperation_request",
    tag = KIND.tag(),
    summary = "Write an internal note on a cooperation request",
    description = "Admins and coordinators, in any status. Part of the assessment: never shown to partners\nor viewers.",
    params(("id" = uuid::Uuid, Path, description = "Cooperation request id")),
    request_body(content = NewNote, content_type = "application/json"),
    responses(
        (status = 201, description = "The note written", body = Note),
        (status = 403, description = "Only coordinators and admins write notes", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn add_note(
    req: HttpRequest,
    RecordWriter(caller): RecordWriter,
    db: web::Data<Db>,
    id: RecordId,
    key: IdempotencyKey,
    body: JsonBody<NewNote>,
) -> Result<HttpResponse, ApiError> {
    add_entry(
        &req,
        &db,
        caller,
        id.0,
        key,
        body,
        cooperation_requests::add_note,
    )
    .await
}

/// The capacities that could answer a request.
#[allow(non_camel_case_types)]
pub struct cooperation_request_matches;
serve_at!(cooperation_request_matches, Get, request_matches);

#[utoipa::path(
    get,
    path = KIND.operation_path("matches"),
    impl_for = cooperation_request_matches,
    operation_id = "cooperation_request_matches",
    tag = KIND.tag(),
    summary = "Capacities that could answer a request",
    description = "The catalogue ranked for the request as the caller reads it (its sectors, SDG targets,\npreferred formats and languages, its country, and its title, problem statement,\nexpected results and target population in every language): active, approved\ncapacities (public ones, and restricted ones for admins and coordinators), each with its\nscore (0 to 100) and the reasons per criterion, as codes and as sentences in the\nlanguage of `Accept-Language` (es, pt, en or fr; English by default). The score adds:\nthe same DAC sector 30 (else the same category 15), the same SDG target 10 (else the\nsame goal 5), a format preferred 10, a language preferred 10, a project delivered in\nthe request's country 10 (else in its region 5; only projects the caller may read\ncount), experts available 5, and up to 20 for the request's key words its texts\nhold (the database's full-text search, accents and case folded: 20 for the candidate\nholding most, the others in proportion). Ties keep the capacities' order of creation. Whoever reads the\nrequest may ask: the reasons are what the directorate shows the requester. 404 when the\ncaller may not read the request; 409 for an incomplete draft.",
    params(("id" = uuid::Uuid, Path, description = "Cooperation request id"), MatchQuery),
    responses(
        (status = 200, description = "The capacities that could answer it, best first", body = CapacityMatches,
            headers(
                ("Content-Language" = String, description = "The language of the reasons' sentences"),
                ("Vary" = String, description = "`Accept-Language`: the sentences depend on it"),
            )),
        (status = 409, description = "The request is an incomplete draft", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn request_matches(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    query: QueryParams<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    // The language the request negotiated (`l10n`), read here: the query runs on
    // another thread.
    let language = crate::l10n::current();
    let matches = db
        .read(move |conn| cooperation_requests::matches(conn, &caller, id.0, &query.0, language))
        .await?;
    Ok(matching::respond(language, &matches))
}
