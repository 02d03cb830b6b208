//! Statistics over exactly the records a caller may read, with the lists' filters,
//! computed by the database (`store::stats`).

use std::collections::HashMap;
use std::sync::Arc;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::access::read_scope;
use crate::domain::exchanges::ExchangeDimension;
use crate::domain::kept_answers::AnswersAtSeq;
use crate::domain::projects::query::{ProjectDimension, ProjectFilter};
use crate::error::ApiError;
use crate::store::exchanges::ExchangeFilter;
use crate::store::organisations as org_store;
use crate::store::stats::{self, ExchangeGroupRow, ProjectGroupRow};
use crate::store::visibility::ReadScope;

type ProjectAnswer = (Vec<ProjectGroupRow>, HashMap<String, String>);

/// The kept answers of one database (held by the app state: never shared between two
/// databases, as the tests' many apps in one process would).
#[derive(Default)]
pub struct StatsAnswers {
    projects: AnswersAtSeq<ProjectAnswer>,
    exchanges: AnswersAtSeq<Vec<ExchangeGroupRow>>,
    pub(crate) requests: AnswersAtSeq<crate::domain::request_stats::RequestAnswer>,
    pub(crate) capacities: AnswersAtSeq<crate::domain::capacity_stats::CapacityAnswer>,
    pub(crate) execution: AnswersAtSeq<crate::domain::execution_stats::ExecutionAnswer>,
    /// What execution statistics sum, per project, caught up at each change.
    pub execution_index: crate::domain::execution_index::ExecutionIndex,
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
    let answers = &answers.projects;
    answers.grouped(conn, caller, filter, dimension, compute_project_groups)
}

fn compute_project_groups(
    conn: &mut DbConnection,
    scope: ReadScope,
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
    let rows = stats::project_groups(conn, filter, scope, grouping)?;
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
    let answers = &answers.exchanges;
    answers.grouped(conn, caller, filter, dimension, |conn, scope, filter, _| {
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
