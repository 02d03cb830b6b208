//! A project's results as a part of it with versions of its own
//! (`domain::project_parts`): what is special to them, their progress, a bulk load's
//! first results and the span they bound the project by.

use super::progress::*;
use super::rules::*;
use super::*;
use crate::domain::project_parts::{self, ProjectPart};
use crate::store::project_parts::{PartWrite, StoredPart};

impl ProjectPart for ProjectResults {
    const KIND: ResourceKind = ResourceKind::ProjectResults;
    const NOUN: &'static str = "results";
    type Item = ProjectResult;
    type Input = ResultsInput;
    type Rows = Vec<IndicatorRow>;

    fn document(
        project_id: Uuid,
        version: i64,
        updated_at: Option<DateTime<Utc>>,
        updated_by: Option<String>,
        results: Vec<ProjectResult>,
    ) -> Self {
        ProjectResults {
            project_id,
            version,
            updated_at,
            updated_by,
            results,
        }
    }

    fn items(&self) -> &[ProjectResult] {
        &self.results
    }

    fn input_items(input: &ResultsInput) -> &[ProjectResult] {
        &input.results
    }

    fn into_items(input: ResultsInput) -> Vec<ProjectResult> {
        input.results
    }

    fn check(
        input: &mut ResultsInput,
        counted: &Project,
        _current: &Project,
        span: (NaiveDate, NaiveDate),
    ) -> Violations {
        check_within(input, &counted.default_language, span)
    }

    fn rows(results: &[ProjectResult]) -> Result<Vec<IndicatorRow>, ApiError> {
        Ok(indicator_rows(results))
    }

    fn find(
        conn: &mut DbConnection,
        project_id: Uuid,
    ) -> Result<Option<StoredPart>, crate::store::StoreError> {
        result_store::find(conn, project_id)
    }

    fn find_many(
        conn: &mut DbConnection,
        project_ids: &[String],
    ) -> Result<Vec<(String, String)>, crate::store::StoreError> {
        result_store::find_many(conn, project_ids)
    }

    fn save(
        conn: &mut DbConnection,
        write: &PartWrite<'_>,
        indicators: &Vec<IndicatorRow>,
    ) -> Result<bool, crate::store::StoreError> {
        result_store::save(conn, write, indicators)
    }

    fn insert_many(
        conn: &mut DbConnection,
        parts: &[(String, StoredPart, Vec<IndicatorRow>)],
        at: chrono::NaiveDateTime,
        by: &str,
    ) -> Result<(), crate::store::StoreError> {
        result_store::insert_many(conn, parts, at, by)
    }
}

/// The progress of each indicator of the project's results.
pub fn progress(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<ResultsProgress, ApiError> {
    let stored = project_parts::read::<ProjectResults>(conn, caller, project_id)?;
    let results: ProjectResults =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let mut indicators = Vec::new();
    for (r, result) in results.results.iter().enumerate() {
        for (i, indicator) in result.indicators.iter().enumerate() {
            indicators.push(indicator_progress(r, i, result.result_type, indicator));
        }
    }
    Ok(ResultsProgress {
        project_id,
        version: results.version,
        indicators,
    })
}

/// Save the first results of projects created in this transaction (a bulk load): the
/// checks and change records of `replace`, written with a statement per table for them
/// all (`project_parts::create_many`). Empty results save nothing, as in `replace`. The
/// first that fails a check fails them all, its errors pointing into the list
/// (`/3/...`). The caller vouches that the projects are the ones it just created (nothing
/// is read back), each once.
pub fn create_many(
    conn: &mut DbConnection,
    caller: &Caller,
    items: Vec<(&Project, ResultsInput)>,
) -> Result<(), ApiError> {
    project_parts::create_many::<ProjectResults>(conn, caller, items)
}

/// The first start and last end of the periods the project's results report, if any: a
/// project's dates may not move past them. (A write that relies on it holds the project
/// first, `change_store::hold_dates`, so that it sees the last results saved.)
pub fn reported_span(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<Option<(NaiveDate, NaiveDate)>, ApiError> {
    let Some(results) = project_parts::saved::<ProjectResults>(conn, project_id)? else {
        return Ok(None);
    };
    let periods = results
        .results
        .iter()
        .flat_map(|r| &r.indicators)
        .flat_map(|i| &i.periods);
    Ok(periods.fold(None, |span, p| match span {
        None => Some((p.start, p.end)),
        Some((first, last)) => Some((first.min(p.start), last.max(p.end))),
    }))
}
