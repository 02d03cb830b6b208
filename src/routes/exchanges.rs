//! `/api/v1/policy-exchanges`: HTTP for policy exchanges.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, RecordWriter};
use crate::db::Db;
use crate::domain::exchanges::{self, ExchangeInput, ExchangeQuery, PolicyExchange};
use crate::error::ApiError;
use crate::http::extract::QueryParams;
use crate::http::respond;
use crate::routes::record_routes::record_routes;

const TAG: &str = "policy exchanges";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_exchanges);
    standard_routes(cfg);
}

/// A page of policy exchanges.
#[derive(Serialize, ToSchema)]
pub struct ExchangePage {
    pub items: Vec<PolicyExchange>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// List policy exchanges
///
/// Newest first; pages stay consistent while exchanges change between requests.
/// Restricted exchanges appear only to callers who may read them.
#[utoipa::path(
    tag = TAG,
    params(ExchangeQuery),
    responses((status = 200, description = "A page of policy exchanges", body = ExchangePage))
)]
#[get("/policy-exchanges")]
pub async fn list_exchanges(
    caller: Caller,
    db: web::Data<Db>,
    query: QueryParams<ExchangeQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = query.0.into_request()?;
    let page = db
        .read(move |conn| exchanges::page(conn, &caller, request))
        .await?;
    Ok(respond::page(&page.items, page.next_cursor.as_deref()))
}

record_routes! {
    record: PolicyExchange,
    input: ExchangeInput,
    writer: RecordWriter,
    tag: "policy exchanges",
    collection: "/policy-exchanges",
    item: "/policy-exchanges/{id}",
    history_path: "/policy-exchanges/{id}/history",
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
        example: {"status": "completed", "outcomes": "Protocolo de certificación adoptado."},
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
}
