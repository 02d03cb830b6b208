//! `/api/v1/projects/{id}/transactions…`: a project's transactions (IATI's commitments,
//! disbursements, expenditures and incoming funds), with versions of their own.

use actix_web::{get, put};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::domain::transactions::{ProjectTransactions, TransactionsInput};
use crate::routes::project_parts::project_part_routes;

const TAG: &str = "transactions";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_transactions)
        .service(replace_transactions)
        .service(transactions_history);
}

project_part_routes! {
    tag: TAG,
    part: ProjectTransactions,
    input: TransactionsInput,
    path: "/projects/{id}/transactions",
    /// Get a project's transactions
    ///
    /// Its transactions, shaped as IATI's: commitments made (`outgoing_commitment`, IATI
    /// 2) and received (`incoming_commitment`, 11), disbursements (3), expenditures (4) and
    /// incoming funds (12), with their own version: `ETag` and `If-None-Match` work as on
    /// records. Version 0, with no transactions, until some are saved. Whoever may read the
    /// project may read them (404 otherwise).
    read: get_transactions {
        found: "The project's transactions",
        etag: "The transactions' version",
    },
    /// Replace a project's transactions
    ///
    /// The whole set of transactions, as they happen, without re-sending the project. Needs
    /// `If-Match` with the transactions' `ETag` (`"0"` before any were saved). Admins and
    /// coordinators write any project's transactions, partners those of projects their
    /// organisation takes part in. Rules, every violation at its pointer: `date` not after
    /// today (UTC; what is foreseen is the budget and the contributions); `value` above
    /// zero, in an active currency with at most its minor-unit digits; `provider` and
    /// `receiver` (each optional) name exactly one of `organisation_id` (a participant or
    /// contributor of the project, who then stays one) and `name` (an organisation outside
    /// the service, with its `iati_identifier` if it has one); descriptions per language.
    /// Transactions are not bounded by the project's dates. Saving the same transactions
    /// again keeps the version. Each new version is in the transactions' history and the
    /// change feed (kind `project_transactions`, with the project's id). Transactions
    /// count once saved: they are not reviewed. The IATI export writes them as
    /// `transaction` elements, and the import reads them back.
    replace: replace_transactions {
        if_match: "ETag of the transactions' version being replaced, e.g. \"0\" or \"3\"",
        new_etag: "The transactions' new version",
        conflict: "The project is an incomplete draft: it has transactions until it is complete",
    },
    /// History of a project's transactions
    ///
    /// Their change records, oldest first, for callers who may read the project; empty while
    /// no transactions were saved.
    history: transactions_history {
        path: "/projects/{id}/transactions/history",
    },
}
