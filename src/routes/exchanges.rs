//! `/api/v1/policy-exchanges`: HTTP for policy exchanges.

use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::RecordWriter;
use crate::domain::exchanges::{ExchangeExportQuery, ExchangeInput, ExchangeQuery, PolicyExchange};
use crate::routes::record_routes::record_routes;

pub fn configure(cfg: &mut ServiceConfig) {
    standard_routes(cfg);
}

record_routes! {
    kind: PolicyExchange,
    list: list_exchanges {
        summary: "List policy exchanges",
        description: "Newest first; pages stay consistent while exchanges change between requests.\nRestricted exchanges appear only to callers who may read them.",
        query: ExchangeQuery,
        page: ExchangePage,
        page_doc: "A page of policy exchanges.",
        found: "A page of policy exchanges",
    },
    record: PolicyExchange,
    input: ExchangeInput,
    writer: RecordWriter,
    writes: crate::routes::review::WriteQuery,
    id: "Policy exchange id",
    create: create_exchange {
        summary: "Create a policy exchange",
        description: "Admins and coordinators; a partner only with its own organisation offering or\nreceiving. Women participants are at most the total; a completed exchange records its\noutcomes.",
        location: "URL of the new exchange",
        forbidden: "Viewers cannot write; a partner must take part",
    },
    read: get_exchange {
        summary: "Get a policy exchange",
        description: "A restricted exchange that the caller may not read answers 404. Answers 304 when\n`If-None-Match` names the current version.",
        found: "The policy exchange",
    },
    replace: replace_exchange {
        summary: "Replace a policy exchange",
        description: "Needs `If-Match`. A partner changes only exchanges its organisation takes part in, and\ncannot remove itself.",
        forbidden: "The caller may not change this exchange this way",
    },
    patch: patch_exchange {
        summary: "Update a policy exchange with a JSON Merge Patch",
        description: "RFC 7396 over the exchange's fields (arrays are replaced whole). Needs `If-Match`.",
        body: "A JSON Merge Patch over the exchange's fields",
        example: {"status": "completed", "outcomes": {"es": "Protocolo de certificación adoptado."}},
        forbidden: "The caller may not change this exchange this way",
    },
    delete: delete_exchange {
        summary: "Delete a policy exchange",
        description: "Admins and coordinators only. Needs `If-Match`.",
        forbidden: "Only admins and coordinators delete policy exchanges",
    },
    history: exchange_history {
        summary: "History of a policy exchange",
        description: "Its change records, oldest first.",
    },
    review: {
        submit: submit_exchange { summary: "Submit a policy exchange for review" },
        approve: approve_exchange { summary: "Approve a policy exchange" },
        return: return_exchange { summary: "Return a policy exchange to its authors" },
    },
    export: export_exchanges { query: ExchangeExportQuery },
}
