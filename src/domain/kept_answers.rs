//! Answers kept while nothing changed: what statistics reuse between writes.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use crate::auth::Caller;
use crate::db::{DbConnection, Transaction, transaction};
use crate::domain::access::read_scope;
use crate::error::ApiError;
use crate::store::changes as change_store;
use crate::store::visibility::ReadScope;

/// Answers computed at one change (`seq`), reused while it is still the latest change
/// (the change feed's horizon and the changes seen beyond it, `change_store::Horizon`):
/// every write to what statistics count (records, their review, results, organisations)
/// records a change in the same transaction, so an answer kept for the latest `seq` is
/// exactly what the database holds now, on every replica (each keeps its own, checked
/// against the database on every request). Dashboards ask the same questions over and
/// over between writes; the first after a write pays for the queries.
pub struct AnswersAtSeq<T> {
    entries: Mutex<HashMap<String, (change_store::Horizon, Arc<T>)>>,
    /// Held while an answer is computed: requests that miss meanwhile wait for it and
    /// take its answer (32 dashboards asking at once cost one computation, not 32
    /// competing for the database).
    computing: Mutex<()>,
}

/// Questions kept per kind of answer (a few kilobytes each); past it, forgotten at once.
const KEPT_ANSWERS: usize = 512;

impl<T> Default for AnswersAtSeq<T> {
    fn default() -> Self {
        AnswersAtSeq::new()
    }
}

impl<T> AnswersAtSeq<T> {
    pub fn new() -> Self {
        AnswersAtSeq {
            entries: Mutex::new(HashMap::new()),
            computing: Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (change_store::Horizon, Arc<T>)>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The answer to `question` as of the latest change: kept, or computed by `compute`
    /// in the same read transaction as the change it is kept for.
    pub fn answer(
        &self,
        conn: &mut DbConnection,
        question: String,
        compute: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
    ) -> Result<Arc<T>, ApiError> {
        transaction(conn, Transaction::Read, |conn| {
            let seq = change_store::horizon(conn)?;
            let kept = |this: &Self| {
                this.lock()
                    .get(&question)
                    .filter(|(at, _)| *at == seq)
                    .map(|(_, answer)| answer.clone())
            };
            if let Some(answer) = kept(self) {
                return Ok(answer);
            }
            let _turn = self
                .computing
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(answer) = kept(self) {
                return Ok(answer);
            }
            let answer = Arc::new(compute(conn)?);
            let mut entries = self.lock();
            if entries.len() >= KEPT_ANSWERS {
                entries.clear();
            }
            entries.insert(question, (seq, answer.clone()));
            Ok(answer)
        })
    }

    /// The statistics `caller` asks for: the records matching `filter` that it may read,
    /// grouped by `dimension`, as `compute` counts them in the caller's scope. The question
    /// names the scope, not the caller, so callers reading the same records share it.
    pub fn grouped<F: Debug, D: Debug + Copy>(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        filter: &F,
        dimension: D,
        compute: impl FnOnce(&mut DbConnection, ReadScope, &F, D) -> Result<T, ApiError>,
    ) -> Result<Arc<T>, ApiError> {
        let scope = read_scope(caller);
        let question = format!("{dimension:?}|{scope:?}|{filter:?}");
        self.answer(conn, question, |conn| {
            compute(conn, scope, filter, dimension)
        })
    }
}
