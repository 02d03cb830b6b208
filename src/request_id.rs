//! The id of the request being handled, kept in a task-local so that problem documents
//! and log lines written anywhere below the HTTP layer can carry it.

use std::future::Future;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled on this task, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Run `work` as the handling of request `id`.
pub async fn scope<F: Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}
