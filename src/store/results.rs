//! Storage of project results: one row per project holding the results' representation
//! and version, and one row per indicator for statistics.

use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConnection;
use crate::schema::{project_indicators, project_results, projects};
use crate::store::StoreError;
use crate::store::batch::insert_children;
use crate::store::project_parts::{PartWrite, StoredPart, part_table};
use crate::store::projects::list::{ProjectFilter, filter_projects};
use crate::store::visibility::ReadScope;

/// What statistics keep of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub result_type: i32,
    pub measure: i32,
    /// From baseline to target, in hundredths of a percent.
    pub progress: Option<i64>,
}

part_table!(project_results);

/// Save `write`'s results with their indicators; false when a concurrent write saved
/// another version first. Call inside the write's transaction.
pub fn save(
    conn: &mut DbConnection,
    write: &PartWrite<'_>,
    indicators: &[IndicatorRow],
) -> Result<bool, StoreError> {
    let id = write.project_id.to_string();
    if !save_document(conn, &id, write)? {
        return Ok(false);
    }
    diesel::delete(project_indicators::table.filter(project_indicators::project_id.eq(&id)))
        .execute(conn)?;
    insert_indicators(conn, [(id.as_str(), indicators)])?;
    Ok(true)
}

/// The rows statistics read of each project's indicators.
fn insert_indicators<'a>(
    conn: &mut DbConnection,
    projects: impl IntoIterator<Item = (&'a str, &'a [IndicatorRow])>,
) -> Result<usize, diesel::result::Error> {
    insert_children!(conn, project_indicators.project_id,
    for (id, indicators) in projects => indicators,
    |row| {
        result_type: row.result_type,
        measure: row.measure,
        progress: row.progress,
    })
}

/// Insert the first results of projects (a bulk load: the projects were created in this
/// transaction), each `(project id, results, indicators)`.
pub fn insert_many(
    conn: &mut DbConnection,
    rows: &[(String, StoredPart, Vec<IndicatorRow>)],
    at: NaiveDateTime,
    by: &str,
) -> Result<(), StoreError> {
    insert_documents(
        conn,
        rows.iter().map(|(id, results, _)| (id.as_str(), results)),
        at,
        by,
    )?;
    insert_indicators(
        conn,
        rows.iter()
            .map(|(id, _, indicators)| (id.as_str(), indicators.as_slice())),
    )?;
    Ok(())
}

/// Indicators of one result type over the matching projects.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorGroupRow {
    pub result_type: i32,
    pub indicators: i64,
    /// Those with a progress.
    pub measured: i64,
    /// The sum of their progress, each within 0-100 %, in hundredths of a percent.
    pub progress_sum: i64,
    /// Those whose progress reached 100 %.
    pub met: i64,
}

/// IATI ResultType codes.
const ALL_RESULT_TYPES: [i32; 4] = [1, 2, 3, 9];

/// Each indicator counts at most as one met target and at least as nothing: its
/// progress is taken within 0-100 % (the progress a project shows stays as computed).
/// One indicator's wild values (a baseline of -9999999999999.999999) cannot then move
/// a mean across projects beyond what its share allows.
const PROGRESS_SUM: &str = "CAST(COALESCE(SUM(CASE WHEN project_indicators.progress < 0 THEN 0 WHEN project_indicators.progress > 10000 THEN 10000 ELSE project_indicators.progress END), 0) AS BIGINT)";
const MET: &str = "CAST(COALESCE(SUM(CASE WHEN project_indicators.progress >= 10000 THEN 1 ELSE 0 END), 0) AS BIGINT)";

macro_rules! indicator_groups {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, $result_type:expr) => {{
        let ids = filter_projects!(projects::table.into_boxed::<$backend>(), $filter, $scope)
            .select(projects::id);
        project_indicators::table
            .filter(project_indicators::project_id.eq_any(ids))
            .filter(project_indicators::result_type.eq_any($result_type))
            .group_by(project_indicators::result_type)
            .select((
                project_indicators::result_type,
                count_star(),
                count(project_indicators::progress),
                sql::<BigInt>(PROGRESS_SUM),
                sql::<BigInt>(MET),
            ))
            .order(project_indicators::result_type)
            .load::<(i32, i64, i64, i64, i64)>($conn)?
    }};
}

/// The indicators of the projects matching `filter` (as `scope` may see them), grouped by
/// result type (only `result_type` when given).
pub fn indicator_groups(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    result_type: Option<i32>,
) -> Result<Vec<IndicatorGroupRow>, StoreError> {
    let result_types: Vec<i32> = match result_type {
        Some(code) => vec![code],
        None => ALL_RESULT_TYPES.to_vec(),
    };
    let rows = match conn {
        DbConnection::Sqlite(c) => {
            indicator_groups!(c, diesel::sqlite::Sqlite, filter, scope, &result_types)
        }
        DbConnection::Postgres(c) => {
            indicator_groups!(c, diesel::pg::Pg, filter, scope, &result_types)
        }
    };
    Ok(rows
        .into_iter()
        .map(
            |(result_type, indicators, measured, progress_sum, met)| IndicatorGroupRow {
                result_type,
                indicators,
                measured,
                progress_sum,
                met,
            },
        )
        .collect())
}
