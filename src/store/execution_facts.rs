//! The rows execution statistics are made of, read per project (all of them, or the ones
//! named), for the statistics' in-memory index (`domain::execution_index`): a project's
//! own columns and the child rows it is grouped by, its contributions, its activities'
//! costs and items, its transactions. Plain rows; the index puts them together.
//!
//! Also which projects changed after a change `seq`: every write to any of these rows
//! (a project, its review, its activities, its transactions, its delete) records a change
//! with the project's id in the same transaction (`store::changes`).

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{
    changes, project_activity_costs as costs, project_activity_items as items,
    project_contributions as contributions, project_countries as pc, project_participants as pp,
    project_regions as pr, project_sectors as ps, project_transaction_items as transactions,
    projects,
};
use crate::store::StoreError;
use crate::store::batch::MAX_BIND_PARAMETERS;
use crate::store::projects::list::{ProjectFilter, filter_projects};
use crate::store::visibility::ReadScope;

/// The kinds of change whose record id is a project whose execution rows may have changed.
const RESOURCES: [&str; 3] = ["project", "project_activities", "project_transactions"];

/// A project's own columns: id, modality, planned start year, budget amount and currency,
/// visibility, approved version.
pub type ProjectRow = (
    String,
    String,
    i32,
    Option<i64>,
    Option<String>,
    String,
    Option<i64>,
);
/// (project, code): a country, a region, a sector category (first of its category).
pub type KeyRow = (String, String);
/// (project, organisation, role, first_of_organisation).
pub type ParticipantRow = (String, String, String, bool);
/// (project, organisation, amount, currency, expert days).
pub type ContributionRow = (String, String, Option<i64>, Option<String>, Option<i32>);
/// (project, executed, amount, currency, paying organisation, year).
pub type CostRow = (String, bool, i64, String, String, i32);
/// (project, type, year, value, currency, provider).
pub type TransactionRow = (String, i32, i32, i64, String, Option<String>);
/// (project, status, year, expert days).
pub type ItemRow = (String, String, i32, i32);

/// Every row execution statistics read, of some projects.
#[derive(Debug, Default)]
pub struct FactRows {
    pub projects: Vec<ProjectRow>,
    pub countries: Vec<KeyRow>,
    pub regions: Vec<KeyRow>,
    pub sectors: Vec<KeyRow>,
    pub participants: Vec<ParticipantRow>,
    pub contributions: Vec<ContributionRow>,
    pub costs: Vec<CostRow>,
    pub transactions: Vec<TransactionRow>,
    pub items: Vec<ItemRow>,
}

/// Which projects to read the rows of.
#[derive(Debug, Clone, Copy)]
pub enum Projects<'a> {
    /// Those whose id is between these two, both included (read as index ranges).
    Between(&'a str, &'a str),
    /// These (those deleted have no rows).
    Named(&'a [String]),
}

/// Load the rows of `$t` with `$select`, of the projects `$ids` ([`Projects`]).
macro_rules! rows_of {
    ($conn:expr, $ids:expr, $t:ident, $column:expr, $select:expr $(, $extra:expr)?) => {{
        match $ids {
            Projects::Between(first, last) => $t::table
                .filter($column.between(first, last))
                $(.filter($extra))?
                .select($select)
                .load($conn)?,
            Projects::Named(ids) => {
                let mut rows = Vec::new();
                for chunk in ids.chunks(MAX_BIND_PARAMETERS) {
                    rows.extend(
                        $t::table
                            .filter($column.eq_any(chunk))
                            $(.filter($extra))?
                            .select($select)
                            .load($conn)?,
                    );
                }
                rows
            }
        }
    }};
}

/// The rows of the projects `ids`.
pub fn load(conn: &mut DbConnection, ids: Projects<'_>) -> Result<FactRows, StoreError> {
    Ok(FactRows {
        projects: rows_of!(
            conn,
            ids,
            projects,
            projects::id,
            (
                projects::id,
                projects::modality,
                projects::planned_start_year,
                projects::budget_amount_minor,
                projects::budget_currency,
                projects::visibility,
                projects::approved_version,
            )
        ),
        countries: rows_of!(
            conn,
            ids,
            pc,
            pc::project_id,
            (pc::project_id, pc::country_code)
        ),
        regions: rows_of!(
            conn,
            ids,
            pr,
            pr::project_id,
            (pr::project_id, pr::region_code)
        ),
        sectors: rows_of!(
            conn,
            ids,
            ps,
            ps::project_id,
            (ps::project_id, ps::category),
            ps::first_of_category.eq(true)
        ),
        participants: rows_of!(
            conn,
            ids,
            pp,
            pp::project_id,
            (
                pp::project_id,
                pp::organisation_id,
                pp::role,
                pp::first_of_organisation
            )
        ),
        contributions: rows_of!(
            conn,
            ids,
            contributions,
            contributions::project_id,
            (
                contributions::project_id,
                contributions::organisation_id,
                contributions::amount_minor,
                contributions::currency,
                contributions::expert_days,
            )
        ),
        costs: rows_of!(
            conn,
            ids,
            costs,
            costs::project_id,
            (
                costs::project_id,
                costs::executed,
                costs::amount_minor,
                costs::currency,
                costs::paying_organisation_id,
                costs::year,
            )
        ),
        transactions: rows_of!(
            conn,
            ids,
            transactions,
            transactions::project_id,
            (
                transactions::project_id,
                transactions::transaction_type,
                transactions::year,
                transactions::value_minor,
                transactions::currency,
                transactions::provider_organisation_id,
            )
        ),
        items: rows_of!(
            conn,
            ids,
            items,
            items::project_id,
            (
                items::project_id,
                items::status,
                items::year,
                items::expert_days
            )
        ),
    })
}

/// The projects whose execution rows changed after change `after` (as far as this
/// transaction sees), at most `limit` changes' worth: `None` when there were more.
pub fn changed_projects(
    conn: &mut DbConnection,
    after: i64,
    limit: i64,
) -> Result<Option<Vec<String>>, StoreError> {
    let ids: Vec<String> = changes::table
        .filter(changes::seq.gt(after))
        .filter(changes::resource.eq_any(RESOURCES))
        .select(changes::record_id)
        .limit(limit + 1)
        .load(conn)?;
    if ids.len() as i64 > limit {
        return Ok(None);
    }
    Ok(Some(ids))
}

/// The id of every project, in order.
pub fn every_project(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    Ok(projects::table
        .select(projects::id)
        .order(projects::id)
        .load(conn)?)
}

/// The ids of the projects matching `filter` that `scope` may read.
pub fn project_ids(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
) -> Result<Vec<String>, StoreError> {
    Ok(match conn {
        DbConnection::Sqlite(c) => filter_projects!(
            projects::table.into_boxed::<diesel::sqlite::Sqlite>(),
            filter,
            scope
        )
        .select(projects::id)
        .load(c)?,
        DbConnection::Postgres(c) => filter_projects!(
            projects::table.into_boxed::<diesel::pg::Pg>(),
            filter,
            scope
        )
        .select(projects::id)
        .load(c)?,
    })
}
