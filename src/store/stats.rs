//! Statistics, computed by the database: grouped counts and sums, never records loaded
//! into memory. Budgets are summed per currency as two parts (billions of minor units,
//! and the remainder) so that no sum overflows a 64-bit integer on either backend; the
//! caller recombines them exactly.
//!
//! Each query selects the matching records with the list's own filters as a subquery
//! (`id IN (SELECT id ... WHERE filters)`) and groups over them. diesel cannot put a
//! boxed subquery into a GROUP BY query through its multi-backend connection, so the
//! queries are written once (as macros) and run on the concrete SQLite or PostgreSQL
//! connection.

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::schema::{
    policy_exchanges, project_countries, project_participants, project_regions, project_sdg_goals,
    project_sectors, projects,
};
use crate::store::exchanges::{ExchangeFilter, filter_exchanges};
use crate::store::projects::list::{ProjectFilter, filter_projects};
use crate::store::visibility::ReadScope;

/// What project statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectDimension {
    Modality,
    Status,
    Country,
    Region,
    SectorCategory,
    Sdg,
    StartYear,
    Organisation,
}

/// What policy exchange statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeDimension {
    Format,
    Year,
}

const BILLION: i128 = 1_000_000_000;
const BUDGET_HIGH: &str =
    "CAST(COALESCE(SUM(projects.budget_amount_minor / 1000000000), 0) AS BIGINT)";
const BUDGET_LOW: &str = "CAST(COALESCE(SUM(projects.budget_amount_minor - (projects.budget_amount_minor / 1000000000) * 1000000000), 0) AS BIGINT)";

/// Projects of one group with one budget currency (or none).
#[derive(Debug, Clone)]
pub struct ProjectGroupRow {
    /// None: the total over all projects.
    pub key: Option<String>,
    pub currency: Option<String>,
    pub projects: i64,
    /// The budgets' sum in minor units.
    pub budget_minor: i128,
}

type Rows<K> = Vec<(K, Option<String>, i64, i64, i64)>;

fn rows<K: ToString>(rows: Rows<K>) -> Vec<ProjectGroupRow> {
    rows.into_iter()
        .map(|(key, currency, projects, high, low)| ProjectGroupRow {
            key: Some(key.to_string()),
            currency,
            projects,
            budget_minor: i128::from(high) * BILLION + i128::from(low),
        })
        .collect()
}

/// Group the projects matching `filter` by `$key` (a column of `$source`, which joins
/// `projects`) and budget currency.
macro_rules! project_groups_by {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, $source:expr, $key:expr => $key_ty:ty $(, $extra:expr)?) => {{
        let ids = filter_projects!(projects::table.into_boxed::<$backend>(), $filter, $scope).select(projects::id);
        rows(
            $source
                .filter(projects::id.eq_any(ids))
                $(.filter($extra))?
                .group_by(($key, projects::budget_currency))
                .select((
                    $key,
                    projects::budget_currency,
                    count_star(),
                    sql::<BigInt>(BUDGET_HIGH),
                    sql::<BigInt>(BUDGET_LOW),
                ))
                .load::<($key_ty, Option<String>, i64, i64, i64)>($conn)?,
        )
    }};
}

macro_rules! project_groups {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, $dimension:expr) => {{
        let mut groups = match $dimension {
            ProjectDimension::Modality => project_groups_by!($conn, $backend, $filter, $scope, projects::table, projects::modality => String),
            ProjectDimension::Status => project_groups_by!($conn, $backend, $filter, $scope, projects::table, projects::status => i32),
            ProjectDimension::StartYear => project_groups_by!($conn, $backend, $filter, $scope, projects::table, projects::planned_start_year => i32),
            ProjectDimension::Country => project_groups_by!(
                $conn, $backend, $filter, $scope,
                project_countries::table.inner_join(projects::table),
                project_countries::country_code => String
            ),
            ProjectDimension::Region => project_groups_by!(
                $conn, $backend, $filter, $scope,
                project_regions::table.inner_join(projects::table),
                project_regions::region_code => String
            ),
            // One row per project and category (a project may have two sectors of one).
            ProjectDimension::SectorCategory => project_groups_by!(
                $conn, $backend, $filter, $scope,
                project_sectors::table.inner_join(projects::table),
                project_sectors::category => String,
                project_sectors::first_of_category.eq(true)
            ),
            ProjectDimension::Sdg => project_groups_by!(
                $conn, $backend, $filter, $scope,
                project_sdg_goals::table.inner_join(projects::table),
                project_sdg_goals::goal => i32
            ),
            // One row per project and organisation (an organisation may hold two roles).
            ProjectDimension::Organisation => project_groups_by!(
                $conn, $backend, $filter, $scope,
                project_participants::table.inner_join(projects::table),
                project_participants::organisation_id => String,
                project_participants::first_of_organisation.eq(true)
            ),
        };
        let ids = filter_projects!(projects::table.into_boxed::<$backend>(), $filter, $scope).select(projects::id);
        let totals: Vec<(Option<String>, i64, i64, i64)> = projects::table
            .filter(projects::id.eq_any(ids))
            .group_by(projects::budget_currency)
            .select((projects::budget_currency, count_star(), sql::<BigInt>(BUDGET_HIGH), sql::<BigInt>(BUDGET_LOW)))
            .load($conn)?;
        groups.extend(totals.into_iter().map(|(currency, projects, high, low)| ProjectGroupRow {
            key: None,
            currency,
            projects,
            budget_minor: i128::from(high) * BILLION + i128::from(low),
        }));
        groups
    }};
}

/// Group the projects matching `filter` (as `scope` may see them) by `dimension` and
/// budget currency; also the totals (key `None`).
pub fn project_groups(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    dimension: ProjectDimension,
) -> Result<Vec<ProjectGroupRow>, ApiError> {
    Ok(match conn {
        DbConnection::Sqlite(c) => {
            project_groups!(c, diesel::sqlite::Sqlite, filter, scope, dimension)
        }
        DbConnection::Postgres(c) => project_groups!(c, diesel::pg::Pg, filter, scope, dimension),
    })
}

/// Exchanges of one group (key `None`: all of them).
#[derive(Debug, Clone)]
pub struct ExchangeGroupRow {
    pub key: Option<String>,
    pub exchanges: i64,
    pub participants_total: i64,
    pub participants_women: i64,
    pub expert_days: i64,
}

const SUM_TOTAL: &str = "CAST(COALESCE(SUM(policy_exchanges.participants_total), 0) AS BIGINT)";
const SUM_WOMEN: &str = "CAST(COALESCE(SUM(policy_exchanges.participants_women), 0) AS BIGINT)";
const SUM_DAYS: &str = "CAST(COALESCE(SUM(policy_exchanges.expert_days), 0) AS BIGINT)";

fn exchange_rows<K: ToString>(rows: Vec<(K, i64, i64, i64, i64)>) -> Vec<ExchangeGroupRow> {
    rows.into_iter()
        .map(|(key, exchanges, total, women, days)| ExchangeGroupRow {
            key: Some(key.to_string()),
            exchanges,
            participants_total: total,
            participants_women: women,
            expert_days: days,
        })
        .collect()
}

macro_rules! exchange_groups_by {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, $key:expr => $key_ty:ty) => {{
        let ids = filter_exchanges!(
            policy_exchanges::table.into_boxed::<$backend>(),
            $filter,
            $scope
        )
        .select(policy_exchanges::id);
        exchange_rows(
            policy_exchanges::table
                .filter(policy_exchanges::id.eq_any(ids))
                .group_by($key)
                .select((
                    $key,
                    count_star(),
                    sql::<BigInt>(SUM_TOTAL),
                    sql::<BigInt>(SUM_WOMEN),
                    sql::<BigInt>(SUM_DAYS),
                ))
                .load::<($key_ty, i64, i64, i64, i64)>($conn)?,
        )
    }};
}

macro_rules! exchange_groups {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, $dimension:expr) => {{
        let mut groups = match $dimension {
            ExchangeDimension::Format => exchange_groups_by!($conn, $backend, $filter, $scope, policy_exchanges::format => String),
            ExchangeDimension::Year => exchange_groups_by!($conn, $backend, $filter, $scope, policy_exchanges::start_year => i32),
        };
        let (exchanges, total, women, days): (i64, i64, i64, i64) =
            filter_exchanges!(policy_exchanges::table.into_boxed::<$backend>(), $filter, $scope)
                .select((count_star(), sql::<BigInt>(SUM_TOTAL), sql::<BigInt>(SUM_WOMEN), sql::<BigInt>(SUM_DAYS)))
                .first($conn)?;
        groups.push(ExchangeGroupRow {
            key: None,
            exchanges,
            participants_total: total,
            participants_women: women,
            expert_days: days,
        });
        groups
    }};
}

/// Group the policy exchanges matching `filter` by `dimension`; also the total (key
/// `None`).
pub fn exchange_groups(
    conn: &mut DbConnection,
    filter: &ExchangeFilter,
    scope: ReadScope,
    dimension: ExchangeDimension,
) -> Result<Vec<ExchangeGroupRow>, ApiError> {
    Ok(match conn {
        DbConnection::Sqlite(c) => {
            exchange_groups!(c, diesel::sqlite::Sqlite, filter, scope, dimension)
        }
        DbConnection::Postgres(c) => exchange_groups!(c, diesel::pg::Pg, filter, scope, dimension),
    })
}
