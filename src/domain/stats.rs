//! Statistics over exactly the records a caller may read, with the lists' filters,
//! computed by the database (`store::stats`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::auth::Caller;
use crate::db::{DbConnection, Transaction, transaction};
use crate::domain::access::read_scope;
use crate::domain::exchanges::ExchangeDimension;
use crate::domain::projects::query::{ProjectDimension, ProjectFilter};
use crate::error::ApiError;
use crate::store::changes as change_store;
use crate::store::exchanges::ExchangeFilter;
use crate::store::organisations as org_store;
use crate::store::stats::{self, ExchangeGroupRow, ProjectGroupRow};

/// Answers computed at one change (`seq`), reused while it is still the latest change
/// (the change feed's horizon and the changes seen beyond it, `change_store::Horizon`):
/// every write to what statistics count (records, their review, results, organisations)
/// records a change in the same transaction, so an answer kept for the latest `seq` is
/// exactly what the database holds now, on every replica (each keeps its own, checked
/// against the database on every request). Dashboards ask the same questions over and
/// over between writes; the first after a write pays for the queries.
pub(crate) struct AnswersAtSeq<T> {
    entries: Mutex<HashMap<String, (change_store::Horizon, Arc<T>)>>,
    /// Held while an answer is computed: requests that miss meanwhile wait for it and
    /// take its answer (32 dashboards asking at once cost one computation, not 32
    /// competing for the database).
    computing: Mutex<()>,
}

/// Questions kept per kind of answer (a few kilobytes each); past it, forgotten at once.
const KEPT_ANSWERS: usize = 512;

impl<T> AnswersAtSeq<T> {
    pub(crate) fn new() -> Self {
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
    pub(crate) fn answer(
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
}

type ProjectAnswer = (Vec<ProjectGroupRow>, HashMap<String, String>);

/// The kept answers of one database (held by the app state: never shared between two
/// databases, as the tests' many apps in one process would).
pub struct StatsAnswers {
    projects: AnswersAtSeq<ProjectAnswer>,
    exchanges: AnswersAtSeq<Vec<ExchangeGroupRow>>,
    pub(crate) requests: AnswersAtSeq<crate::domain::request_stats::RequestAnswer>,
    pub(crate) capacities: AnswersAtSeq<crate::domain::capacity_stats::CapacityAnswer>,
    pub(crate) execution: AnswersAtSeq<crate::domain::execution_stats::ExecutionAnswer>,
}

impl Default for StatsAnswers {
    fn default() -> Self {
        StatsAnswers {
            projects: AnswersAtSeq::new(),
            exchanges: AnswersAtSeq::new(),
            requests: AnswersAtSeq::new(),
            capacities: AnswersAtSeq::new(),
            execution: AnswersAtSeq::new(),
        }
    }
}

/// Projects grouped by `dimension` and budget currency (key `None`: the totals), and the
/// names of the organisations among the keys when grouped by organisation.
pub fn project_groups(
    conn: &mut DbConnection,
    answers: &StatsAnswers,
    caller: &Caller,
    filter: &ProjectFilter,
    dimension: ProjectDimension,
) -> Result<Arc<ProjectAnswer>, ApiError> {
    let question = format!("{dimension:?}|{:?}|{filter:?}", read_scope(caller));
    answers.projects.answer(conn, question, |conn| {
        compute_project_groups(conn, caller, filter, dimension)
    })
}

fn compute_project_groups(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: &ProjectFilter,
    dimension: ProjectDimension,
) -> Result<ProjectAnswer, ApiError> {
    let grouping = match dimension {
        ProjectDimension::Modality => stats::ProjectDimension::Modality,
        ProjectDimension::Status => stats::ProjectDimension::Status,
        ProjectDimension::Country => stats::ProjectDimension::Country,
        ProjectDimension::Region => stats::ProjectDimension::Region,
        ProjectDimension::SectorCategory => stats::ProjectDimension::SectorCategory,
        ProjectDimension::Sdg => stats::ProjectDimension::Sdg,
        ProjectDimension::StartYear => stats::ProjectDimension::StartYear,
        ProjectDimension::Organisation => stats::ProjectDimension::Organisation,
    };
    let rows = stats::project_groups(conn, filter, read_scope(caller), grouping)?;
    let names = if dimension == ProjectDimension::Organisation {
        org_store::names(conn, rows.iter().filter_map(|r| r.key.clone()).collect())?
    } else {
        HashMap::new()
    };
    Ok((rows, names))
}

/// Policy exchanges grouped by `dimension` (key `None`: the total).
pub fn exchange_groups(
    conn: &mut DbConnection,
    answers: &StatsAnswers,
    caller: &Caller,
    filter: &ExchangeFilter,
    dimension: ExchangeDimension,
) -> Result<Arc<Vec<ExchangeGroupRow>>, ApiError> {
    let grouping = match dimension {
        ExchangeDimension::Format => stats::ExchangeDimension::Format,
        ExchangeDimension::Year => stats::ExchangeDimension::Year,
    };
    let scope = read_scope(caller);
    let question = format!("{dimension:?}|{scope:?}|{filter:?}");
    answers.exchanges.answer(conn, question, |conn| {
        Ok(stats::exchange_groups(conn, filter, scope, grouping)?)
    })
}

/// The indicators of the projects matching `filter` that the caller may read, grouped by
/// result type.
pub fn indicator_groups(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: &ProjectFilter,
    result_type: Option<i32>,
) -> Result<Vec<crate::store::results::IndicatorGroupRow>, ApiError> {
    Ok(crate::store::results::indicator_groups(
        conn,
        filter,
        read_scope(caller),
        result_type,
    )?)
}
