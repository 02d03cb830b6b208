//! `/api/v1/triangular-arrangements`: HTTP for triangular arrangements.

use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::RecordWriter;
use crate::domain::arrangements::{
    ArrangementExportQuery, ArrangementInput, ArrangementQuery, TriangularArrangement,
};
use crate::routes::record_routes::record_routes;

pub fn configure(cfg: &mut ServiceConfig) {
    standard_routes(cfg);
}

record_routes! {
    kind: TriangularArrangement,
    list: list_arrangements {
        summary: "List triangular arrangements",
        description: "Newest first; pages stay consistent while arrangements change between requests.\nRestricted arrangements appear only to callers who may read them.",
        query: ArrangementQuery,
        page: ArrangementPage,
        page_doc: "A page of triangular arrangements.",
        found: "A page of triangular arrangements",
    },
    record: TriangularArrangement,
    input: ArrangementInput,
    writer: RecordWriter,
    writes: crate::routes::review::WriteQuery,
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
        example: {"governance": {"es": "Comité de gestión trilateral"}},
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
    review: {
        submit: submit_arrangement { summary: "Submit a triangular arrangement for review" },
        approve: approve_arrangement { summary: "Approve a triangular arrangement" },
        return: return_arrangement { summary: "Return a triangular arrangement to its authors" },
    },
    projects: arrangement_projects {
        summary: "Projects under a triangular arrangement",
        filter: triangular_arrangement,
    },
    export: export_arrangements { query: ArrangementExportQuery },
}
