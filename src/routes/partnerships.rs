//! `/api/v1/partnerships`: HTTP for partnerships.

use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::RecordWriter;
use crate::domain::partnerships::{
    Partnership, PartnershipExportQuery, PartnershipInput, PartnershipQuery,
};
use crate::routes::record_routes::record_routes;

pub fn configure(cfg: &mut ServiceConfig) {
    standard_routes(cfg);
}

record_routes! {
    kind: Partnership,
    list: list_partnerships {
        summary: "List partnerships",
        description: "Newest first; pages stay consistent while partnerships change between requests.\nRestricted partnerships appear only to callers who may read them.",
        query: PartnershipQuery,
        page: PartnershipPage,
        page_doc: "A page of partnerships.",
        found: "A page of partnerships",
    },
    record: Partnership,
    input: PartnershipInput,
    writer: RecordWriter,
    writes: crate::routes::review::WriteQuery,
    id: "Partnership id",
    create: create_partnership {
        summary: "Create a partnership",
        description: "Admins and coordinators; a partner only with its own organisation among the parties.\nA bilateral partnership joins organisations of exactly two countries; a regional or\ninter-regional one names its space, and its parties' countries were members of it at\nthe signature date; a multilateral one includes a multilateral organisation.",
        location: "URL of the new partnership",
        forbidden: "Viewers cannot write; a partner must be a party",
    },
    read: get_partnership {
        summary: "Get a partnership",
        description: "A restricted partnership that the caller may not read answers 404. Answers 304 when\n`If-None-Match` names the current version.",
        found: "The partnership",
    },
    replace: replace_partnership {
        summary: "Replace a partnership",
        description: "Needs `If-Match`. A partner changes only partnerships its organisation is a party to,\nand cannot remove itself.",
        forbidden: "The caller may not change this partnership this way",
    },
    patch: patch_partnership {
        summary: "Update a partnership with a JSON Merge Patch",
        description: "RFC 7396 over the partnership's fields (arrays are replaced whole). Needs `If-Match`.",
        body: "A JSON Merge Patch over the partnership's fields",
        example: {"status": "expired"},
        forbidden: "The caller may not change this partnership this way",
    },
    delete: delete_partnership {
        summary: "Delete a partnership",
        description: "Admins and coordinators only. Refused with 409, naming them, while projects or policy\nexchanges run under it.",
        forbidden: "Only admins and coordinators delete partnerships",
        conflict: "Projects or policy exchanges still refer to it",
    },
    history: partnership_history {
        summary: "History of a partnership",
        description: "Its change records, oldest first.",
    },
    review: {
        submit: submit_partnership { summary: "Submit a partnership for review" },
        approve: approve_partnership { summary: "Approve a partnership" },
        return: return_partnership { summary: "Return a partnership to its authors" },
    },
    projects: partnership_projects {
        summary: "Projects under a partnership",
        filter: partnership,
    },
    export: export_partnerships { query: PartnershipExportQuery },
}
