//! `/api/v1/capacities`: HTTP for the catalogue of capacities, and a capacity's track
//! record.

use actix_web::{HttpResponse, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, RecordWriter};
use crate::db::Db;
use crate::domain::capacities::{
    self, Capacity, CapacityExportQuery, CapacityInput, CapacityQuery, TrackRecord,
};
use crate::domain::kinds::ResourceKind;
use crate::domain::matching::requests::{self, RequestMatchQuery, RequestMatches};
use crate::domain::matching::{self, CapacityMatches, DemandInput, MatchQuery};
use crate::error::ApiError;
use crate::http::extract::{JsonBody, QueryParams, RecordId};
use crate::routes::operation::kind_operation;
use crate::routes::ranked::ranked;
use crate::routes::record_routes::record_routes;

const KIND: ResourceKind = ResourceKind::Capacity;

pub fn configure(cfg: &mut ServiceConfig) {
    standard_routes(cfg);
    cfg.service(capacity_track_record);
    cfg.service(match_capacities);
    cfg.service(capacity_matches);
}

record_routes! {
    kind: Capacity,
    list: list_capacities {
        summary: "List capacities",
        description: "The catalogue, newest first; pages stay consistent while capacities change between\nrequests. Restricted capacities appear only to callers who may read them; viewers and\nother organisations' partners read approved versions.",
        query: CapacityQuery,
        page: CapacityPage,
        page_doc: "A page of capacities.",
        found: "A page of capacities",
    },
    record: Capacity,
    input: CapacityInput,
    writer: RecordWriter,
    writes: crate::routes::review::WriteQuery,
    id: "Capacity id",
    create: create_capacity {
        summary: "Create a capacity",
        description: "Admins and coordinators; a partner only with its own organisation offering it. Sectors\nare DAC 5-digit codes; formats and languages at least one each.",
        location: "URL of the new capacity",
        forbidden: "Viewers cannot write; a partner must offer it",
    },
    read: get_capacity {
        summary: "Get a capacity",
        description: "A restricted capacity that the caller may not read answers 404. Answers 304 when\n`If-None-Match` names the current version.",
        found: "The capacity",
    },
    replace: replace_capacity {
        summary: "Replace a capacity",
        description: "Needs `If-Match`. A partner changes only capacities its organisation offers, and cannot\nremove itself.",
        forbidden: "The caller may not change this capacity this way",
    },
    patch: patch_capacity {
        summary: "Update a capacity with a JSON Merge Patch",
        description: "RFC 7396 over the capacity's fields (arrays are replaced whole). Needs `If-Match`.",
        body: "A JSON Merge Patch over the capacity's fields",
        example: {"status": "paused", "experts_available": 2},
        forbidden: "The caller may not change this capacity this way",
    },
    delete: delete_capacity {
        summary: "Delete a capacity",
        description: "Admins and coordinators only. Needs `If-Match`. Refused with 409, naming them, while\nprojects draw on it (retire it instead: `status` `retired`).",
        forbidden: "Only admins and coordinators delete capacities",
        conflict: "Projects draw on it",
    },
    history: capacity_history {
        summary: "History of a capacity",
        description: "Its change records, oldest first.",
    },
    review: {
        submit: submit_capacity { summary: "Submit a capacity for review" },
        approve: approve_capacity { summary: "Approve a capacity" },
        return: return_capacity { summary: "Return a capacity to its authors" },
    },
    export: export_capacities { query: CapacityExportQuery },
}

// The track record of a capacity.
// The projects that drew on a capacity (those naming it in `capacity_ids` that the
// caller may read, as the caller reads them), with their recipient countries: computed
// when asked, read-only. 404 when the caller may not read the capacity.
kind_operation! {
    get KIND item "track-record", capacity_track_record {
        summary = "Track record of a capacity",
        description = "The projects that drew on the capacity (those naming it in `capacity_ids` that the\ncaller may read, as the caller reads them), by code, with their recipient countries:\ncomputed when asked, read-only. 404 when the caller may not read the capacity.",
        params(("id" = uuid::Uuid, Path, description = "Capacity id")),
        responses((status = 200, description = "The projects that delivered it", body = TrackRecord))
    }
    pub async fn track_record(
        caller: Caller,
        db: web::Data<Db>,
        id: RecordId,
    ) -> Result<web::Json<TrackRecord>, ApiError> {
        db.read(move |conn| capacities::track_record(conn, &caller, id.0))
            .await
            .map(web::Json)
    }
}

// Search the catalogue for a demand not yet recorded.
kind_operation! {
    post KIND collection "matches", match_capacities {
        summary = "Find capacities for a demand",
        description = "The capacities that could answer a demand not yet recorded as a cooperation request,\nranked and explained as a request's matches are: active, approved capacities (public\nones, and restricted ones for admins and coordinators), each with its score (0 to 100)\nand the reasons per criterion, as codes and as sentences in the language of\n`Accept-Language` (es, pt, en or fr; English by default). The score adds: the same DAC\nsector 30 (else the same category 15), the same SDG target 10 (else the same goal 5), a\nformat preferred 10, a language preferred 10, a project delivered in the country 10\n(else in its region 5; only projects the caller may read count), experts available 5,\nand up to 20 for the key words of `text` its texts hold (the database's full-text\nsearch, accents and case folded: 20 for the candidate holding most, the others in\nproportion). Ties keep the capacities'\norder of creation. A search changes nothing: it is safe to repeat. 422 when the demand\nnames no sector, SDG target or text, or an unknown code.",
        params(MatchQuery),
        request_body(content = DemandInput, description = "What is needed"),
        responses((status = 200, description = "The capacities that could answer it, best first", body = CapacityMatches,
            headers(
                ("Content-Language" = String, description = "The language of the reasons' sentences"),
                ("Vary" = String, description = "`Accept-Language`: the sentences depend on it"),
            )))
    }
    pub async fn find_matches(
        caller: Caller,
        db: web::Data<Db>,
        query: QueryParams<MatchQuery>,
        body: JsonBody<DemandInput>,
    ) -> Result<HttpResponse, ApiError> {
        let demand = body.read().await?.check()?;
        ranked(&db, move |conn, language| {
            matching::rank_capacities(conn, &caller, &demand, &query.0, language)
        })
        .await
    }
}

// The open requests a capacity could serve.
kind_operation! {
    get KIND item "matches", capacity_matches {
        summary = "Open requests a capacity could serve",
        description = "Matching in reverse: the open cooperation requests (`received`, `under_assessment` or\n`accepted`) that the capacity could serve, ranked with the same score as a request's\nmatches, each criterion read from the request's side: the request asks for one of the\ncapacity's DAC sectors 30 (else one of the same category 15), pursues one of its SDG\ntargets 10 (else one of its goals 5), prefers a format it offers 10, prefers a language\nits experts work in 10, comes from a country where the capacity was delivered 10 (else\nfrom that country's region 5; only projects the caller may read count), the capacity\nhas experts available 5 (the same for every request: kept so that a pair scores the\nsame from either side), and up to 20 for the capacity's key words the request's texts\nhold (the database's full-text search over requests, accents and case folded: 20 for\nthe candidate holding most, the others in proportion). Reasons come as codes and as sentences in the language\nof `Accept-Language` (es, pt, en or fr; English by default). Only requests the caller\nmay read are ranked, as `GET /cooperation-requests` lists them (the directorate every\none, a partner the approved public ones and its own organisation's, a viewer the\napproved public ones), by the version that counts; the directorate's assessment is\nnever read. Ties keep the requests' ids in order. The capacity is read as the caller\nreads it, whatever its status or review state (a draft its institution has not\nsubmitted yet may ask what it would meet): 404 when the caller may not read it, 409 for\nan incomplete draft.",
        params(("id" = uuid::Uuid, Path, description = "Capacity id"), RequestMatchQuery),
        responses(
            (status = 200, description = "The open requests it could serve, best first", body = RequestMatches,
                headers(
                    ("Content-Language" = String, description = "The language of the reasons' sentences"),
                    ("Vary" = String, description = "`Accept-Language`: the sentences depend on it"),
                )),
            (status = 409, description = "The capacity is an incomplete draft", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        )
    }
    pub async fn requests_for_capacity(
        caller: Caller,
        db: web::Data<Db>,
        id: RecordId,
        query: QueryParams<RequestMatchQuery>,
    ) -> Result<HttpResponse, ApiError> {
        ranked(&db, move |conn, language| {
            requests::capacity_matches(conn, &caller, id.0, &query.0, language)
        })
        .await
    }
}
