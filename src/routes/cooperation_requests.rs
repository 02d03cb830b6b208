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
use crate::domain::matching::{CapacityMatches, MatchQuery};
use crate::domain::record::ExpectedVersions;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::{JsonBody, QueryParams, RecordId};
use crate::http::idempotency::IdempotencyKey;
use crate::http::respond::{self, Reply};
use crate::request_body::parse_input;
use crate::routes::idempotent::{self, Answer};
use crate::routes::operation::kind_operation;
use crate::routes::ranked::ranked;
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

/// The move of kind `kind` whose body is an optional comment to the requester.
async fn commented(kind: RequestMove, body: JsonBody<PipelineComment>) -> Result<Move, ApiError> {
    let body = body.read_optional().await?;
    if let Some(body) = &body {
        crate::validation::Violations::of(body).into_result()?;
    }
    Ok(Move {
        kind,
        reason: None,
        comment: body.and_then(|b| b.comment),
    })
}

/// The decline a body gives: its reason and comment to the requester.
async fn declined(body: JsonBody<Decline>) -> Result<Move, ApiError> {
    let body = body.read().await?;
    crate::validation::Violations::of(&body).into_result()?;
    Ok(Move {
        kind: RequestMove::Decline,
        reason: Some(body.reason),
        comment: body.comment,
    })
}

/// Declare one move of the pipeline: `POST …/{id}/$name` with `If-Match`, its body (a
/// `$body_type`) read into the `Move` by `$step`, answered with the request moved; a
/// `commented` move's body is an optional comment to the requester. Only the texts, the
/// body and what it is read into differ from move to move.
macro_rules! pipeline_move {
    (
        $operation:ident => $handler:ident, $name:literal, commented $variant:ident,
        summary: $summary:literal,
        description: $description:literal,
        done: $done:literal,
        conflict: $conflict:literal $(,)?
    ) => {
        pipeline_move! {
            $operation => $handler, $name,
            summary: $summary,
            description: $description,
            request_body(content = Option<PipelineComment>, content_type = "application/json",
                description = "Optional: a comment addressed to the requester",
                example = json!({"comment": "Hemos iniciado la consulta con las instituciones nacionales."})),
            done: $done,
            conflict: $conflict,
            step: |body: PipelineComment| commented(RequestMove::$variant, body),
        }
    };
    (
        $operation:ident => $handler:ident, $name:literal,
        summary: $summary:literal,
        description: $description:literal,
        request_body($($request_body:tt)*),
        done: $done:literal,
        conflict: $conflict:literal,
        step: |$body:ident: $body_type:ty| $step:expr $(,)?
    ) => {
        kind_operation! {
            post KIND item $name, $operation {
                summary = $summary,
                description = $description,
                params(
                    ("id" = uuid::Uuid, Path, description = "Cooperation request id"),
                    ("If-Match" = String, Header, description = "ETag of the version read, e.g. \"3\""),
                ),
                request_body($($request_body)*),
                responses(
                    (status = 200, description = $done, body = CooperationRequest,
                        headers(("ETag" = String, description = "The new version"))),
                    (status = 403, description = "Only coordinators and admins move a request through its pipeline", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                    (status = 409, description = $conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                )
            }
            pub async fn $handler(
                RecordWriter(caller): RecordWriter,
                db: web::Data<Db>,
                id: RecordId,
                if_match: IfMatch,
                $body: JsonBody<$body_type>,
            ) -> Result<HttpResponse, ApiError> {
                let step = $step.await?;
                make_move(&db, caller, id.0, if_match, step).await
            }
        }
    };
}

pipeline_move! {
    assess_cooperation_request => assess, "assess", commented Assess,
    summary: "Take a cooperation request into assessment",
    description: "Admins and coordinators: a `received` request becomes `under_assessment`, when the\ndirectorate consults the institutions that could take it on (`POST …/consultations`).\nNeeds `If-Match`; the body is optional (none, or an empty one whatever its\n`Content-Type`). In the history and the change feed as `assess`.",
    done: "The request, under assessment",
    conflict: "The request is not received, or has a version awaiting review",
}

pipeline_move! {
    accept_cooperation_request => accept, "accept", commented Accept,
    summary: "Accept a cooperation request",
    description: "Admins and coordinators: a `received` or `under_assessment` request becomes `accepted`,\nready to be formulated as a project. Needs `If-Match`; the body is optional. In the\nhistory and the change feed as `accept`.",
    done: "The request, accepted",
    conflict: "The request is not received or under assessment, or has a version awaiting review",
}

pipeline_move! {
    close_cooperation_request => close, "close", commented Close,
    summary: "Close a cooperation request",
    description: "Admins and coordinators: a decided request (`accepted`, `declined` or `formulated`)\nbecomes `closed`, for good. Needs `If-Match`; the body is optional. In the history and\nthe change feed as `close`.",
    done: "The request, closed",
    conflict: "The request is not decided yet (received, under assessment) or already closed, or has a version awaiting review",
}

pipeline_move! {
    decline_cooperation_request => decline, "decline",
    summary: "Decline a cooperation request",
    description: "Admins and coordinators: a `received` or `under_assessment` request becomes `declined`,\nfor a reason (`outside_priorities`, `no_capacity_available`, `duplicate`,\n`insufficient_information`, `other`) and with a comment to the requester (required for\n`other`). Needs `If-Match`. In the history and the change feed as `decline`.",
    request_body(content = Decline, content_type = "application/json"),
    done: "The request, declined",
    conflict: "The request is not received or under assessment, or has a version awaiting review",
    step: |body: Decline| declined(body),
}

// Formulate a project from a request.
kind_operation! {
    post KIND item "formulate", formulate_cooperation_request {
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
    }
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
}

// The directorate's assessment of a request.
kind_operation! {
    get KIND item "assessment", cooperation_request_assessment {
        summary = "The directorate's assessment of a cooperation request",
        description = "Admins and coordinators: the institutions consulted (who, when, what they answered) and\nthe internal notes, oldest first. Never shown to partners or viewers (403 when they may\nread the request, else 404), and in no representation, history, change feed or export.",
        params(("id" = uuid::Uuid, Path, description = "Cooperation request id")),
        responses(
            (status = 200, description = "Its consultations and notes", body = Assessment),
            (status = 403, description = "Only coordinators and admins read the assessment", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        )
    }
    pub async fn read_assessment(
        caller: Caller,
        db: web::Data<Db>,
        id: RecordId,
    ) -> Result<web::Json<Assessment>, ApiError> {
        db.read(move |conn| cooperation_requests::assessment(conn, &caller, id.0))
            .await
            .map(web::Json)
    }
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

/// Declare the operation that writes one kind of entry of the assessment (a `$body`,
/// written by `$write`): `POST …/{id}/$name`, 201 with the entry, for coordinators and
/// admins only.
macro_rules! assessment_entry {
    (
        $operation:ident => $handler:ident, $name:literal, $body:ident, $write:path,
        summary: $summary:literal,
        description: $description:literal,
        created: $created:literal,
        forbidden: $forbidden:literal,
        $(conflict: $conflict:literal,)?
    ) => {
        kind_operation! {
            post KIND item $name, $operation {
                summary = $summary,
                description = $description,
                params(("id" = uuid::Uuid, Path, description = "Cooperation request id")),
                request_body(content = $body, content_type = "application/json"),
                responses(
                    (status = 201, description = $created, body = Note),
                    (status = 403, description = $forbidden, body = crate::error::ProblemDocument, content_type = "application/problem+json"),
                    $((status = 409, description = $conflict, body = crate::error::ProblemDocument, content_type = "application/problem+json"),)?
                )
            }
            pub async fn $handler(
                req: HttpRequest,
                RecordWriter(caller): RecordWriter,
                db: web::Data<Db>,
                id: RecordId,
                key: IdempotencyKey,
                body: JsonBody<$body>,
            ) -> Result<HttpResponse, ApiError> {
                add_entry(&req, &db, caller, id.0, key, body, $write).await
            }
        }
    };
}

assessment_entry! {
    consult_on_cooperation_request => add_consultation, "consultations", NewConsultation,
        cooperation_requests::add_consultation,
    summary: "Record a consultation on a cooperation request",
    description: "Admins and coordinators, while the request is `under_assessment`: an institution asked,\nwhen, and its answer once known (`available`, `unavailable`, `needs_information`; an\nanswer that comes later is recorded as a new consultation). Part of the assessment:\nnever shown to partners or viewers.",
    created: "The consultation recorded",
    forbidden: "Only coordinators and admins consult",
    conflict: "The request is not under assessment",
}

assessment_entry! {
    note_on_cooperation_request => add_note, "notes", NewNote, cooperation_requests::add_note,
    summary: "Write an internal note on a cooperation request",
    description: "Admins and coordinators, in any status. Part of the assessment: never shown to partners\nor viewers.",
    created: "The note written",
    forbidden: "Only coordinators and admins write notes",
}

// The capacities that could answer a request.
kind_operation! {
    get KIND item "matches", cooperation_request_matches {
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
    }
    pub async fn request_matches(
        caller: Caller,
        db: web::Data<Db>,
        id: RecordId,
        query: QueryParams<MatchQuery>,
    ) -> Result<HttpResponse, ApiError> {
        ranked(&db, move |conn, language| {
            cooperation_requests::matches(conn, &caller, id.0, &query.0, language)
        })
        .await
    }
}
