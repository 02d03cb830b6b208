//! Statistics, computed by the database: grouped counts and sums, never records loaded
//! into memory. Budgets are summed per currency as two parts (billions of minor units,
//! and the remainder) so that no sum overflows a 64-bit integer on either backend; the
//! caller recombines them exactly.
//!
//! Project statistics group the narrow child rows (countries, sectors, participants, ...)
//! that carry a copy of their project's budget and `counts_publicly`, each read through
//! an index in the order of its grouping (migration 000010), never the wide project rows.
//! Without filters the scope reads that copy; with any, the matching projects are the
//! list's own filters as a subquery (`project_id IN (SELECT id ... WHERE filters)`).
//! diesel cannot put a boxed subquery into a GROUP BY query through its multi-backend
//! connection, so the queries are written once (as macros) and run on the concrete
//! SQLite or PostgreSQL connection.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConnection;
use crate::schema::{policy_exchanges, projects};
use crate::store::StoreError;
use crate::store::exchanges::{ExchangeFilter, filter_exchanges};
use crate::store::projects::list::{ProjectFilter, filter_projects};
use crate::store::visibility::{PUBLIC, RESTRICTED, ReadScope};

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
// Unqualified: summed over `projects` or over a child row's copy of the budget.
const BUDGET_HIGH: &str = "CAST(COALESCE(SUM(budget_amount_minor / 1000000000), 0) AS BIGINT)";
// `/` and `%` truncate toward zero on both backends: high * 10^9 + low is the sum.
const BUDGET_LOW: &str = "CAST(COALESCE(SUM(budget_amount_minor % 1000000000), 0) AS BIGINT)";

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

/// A budget sum from its two parts (see `BUDGET_HIGH` and `BUDGET_LOW`).
fn budget(high: i64, low: i64) -> i128 {
    i128::from(high) * BILLION + i128::from(low)
}

/// A group as loaded: `(currency, projects, high, low)` under `key`.
fn group(
    key: Option<String>,
    (currency, projects, high, low): (Option<String>, i64, i64, i64),
) -> ProjectGroupRow {
    ProjectGroupRow {
        key,
        currency,
        projects,
        budget_minor: budget(high, low),
    }
}

/// The groups of rows loaded as `(key, currency, projects, high, low)`.
fn rows<K: ToString>(rows: Rows<K>) -> Vec<ProjectGroupRow> {
    merged(
        rows.into_iter()
            .map(|(key, currency, projects, high, low)| {
                group(Some(key.to_string()), (currency, projects, high, low))
            }),
    )
}

/// Rows of one key and currency added up: the queries group by `counts_publicly` (or
/// `visibility`) first, the order of their indexes, so each group may come as two rows.
fn merged(rows: impl IntoIterator<Item = ProjectGroupRow>) -> Vec<ProjectGroupRow> {
    let mut groups: Vec<ProjectGroupRow> = Vec::new();
    let mut at: HashMap<(Option<String>, Option<String>), usize> = HashMap::new();
    for row in rows {
        match at.entry((row.key.clone(), row.currency.clone())) {
            Entry::Occupied(seen) => {
                let group = &mut groups[*seen.get()];
                group.projects += row.projects;
                group.budget_minor += row.budget_minor;
            }
            Entry::Vacant(new) => {
                new.insert(groups.len());
                groups.push(row);
            }
        }
    }
    groups
}

/// The totals per currency (key `None`) of groups in which each project is once.
fn totals_of(groups: &[ProjectGroupRow]) -> Vec<ProjectGroupRow> {
    merged(groups.iter().map(|group| ProjectGroupRow {
        key: None,
        ..group.clone()
    }))
}

/// Which rows of `$table` (a child table of projects, with `project_id` and its copy of
/// `counts_publicly`, or `projects` itself) count for the filter and scope. Without
/// filters, the scope reads the row's own columns (an index range); with any, the
/// projects the filters and scope select, as a subquery.
///
/// Each condition first names every value of the index's leading column (`counts_publicly
/// IN (false, true)`, `visibility IN ('public', 'restricted')`): true of every row, it has
/// SQLite read the index in its order whatever its statistics say (a scan of the table
/// and a sort cost ten times more).
macro_rules! counted_rows {
    ($backend:ty, $filter:expr, $scope:expr, projects) => {
        counted_rows!(@ $backend, $filter, $scope, projects . id,
            every_row: projects::visibility.eq_any([PUBLIC, RESTRICTED]),
            public: projects::visibility.eq(PUBLIC).and(projects::approved_version.is_not_null()))
    };
    ($backend:ty, $filter:expr, $scope:expr, $table:ident) => {
        counted_rows!(@ $backend, $filter, $scope, $table . project_id,
            every_row: $crate::schema::$table::counts_publicly.eq_any([false, true]),
            public: $crate::schema::$table::counts_publicly.eq(true))
    };
    (@ $backend:ty, $filter:expr, $scope:expr, $table:ident . $project_id:ident, every_row: $every_row:expr, public: $public:expr) => {{
        use diesel::sql_types::Bool;
        use $crate::schema::{$table as t, project_participants as pp};
        // The partner's projects, under another name (the organisation statistics read
        // `project_participants` itself).
        let theirs = diesel::alias!(pp as their_projects);
        type Condition<'f> = Box<dyn BoxableExpression<t::table, $backend, SqlType = Bool> + 'f>;
        let filter: &ProjectFilter = $filter;
        let condition: Condition<'_> = if filter.is_empty() {
            match $scope {
                ReadScope::All => Box::new($every_row),
                ReadScope::Public => Box::new($public),
                ReadScope::PublicOrParticipant(org) => Box::new($every_row.and(
                    $public.or(t::$project_id.eq_any(
                        theirs
                            .filter(theirs.field(pp::organisation_id).eq(org.to_string()))
                            .select(theirs.field(pp::project_id)),
                    )),
                )),
            }
        } else {
            Box::new(t::$project_id.eq_any(
                filter_projects!(projects::table.into_boxed::<$backend>(), filter, $scope)
                    .select(projects::id),
            ))
        };
        condition
    }};
}

/// Group the projects matching the filter by `$key`, a column of `$table` (a child
/// table, grouped first by its `counts_publicly`, or `projects`, grouped first by
/// `visibility`: each the order of its index).
macro_rules! project_groups_by {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, projects, $key:ident => $key_ty:ty) => {
        project_groups_by!(@ $conn, $backend, $filter, $scope, projects, projects::visibility, $key => $key_ty)
    };
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, $table:ident, $key:ident => $key_ty:ty $(, $extra:ident)?) => {
        project_groups_by!(@ $conn, $backend, $filter, $scope, $table, $crate::schema::$table::counts_publicly, $key => $key_ty $(, $extra)?)
    };
    (@ $conn:expr, $backend:ty, $filter:expr, $scope:expr, $table:ident, $first:expr, $key:ident => $key_ty:ty $(, $extra:ident)?) => {{
        use $crate::schema::$table as t;
        rows(
            t::table
                .filter(counted_rows!($backend, $filter, $scope, $table))
                $(.filter(t::$extra.eq(true)))?
                .group_by(($first, t::$key, t::budget_currency))
                .select((
                    t::$key,
                    t::budget_currency,
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
        // A project is in exactly one group of its own columns: the totals are their sum.
        let own = |groups: Vec<ProjectGroupRow>| {
            let totals = totals_of(&groups);
            groups.into_iter().chain(totals).collect::<Vec<_>>()
        };
        let children = |mut groups: Vec<ProjectGroupRow>, conn: &mut _| -> Result<Vec<ProjectGroupRow>, StoreError> {
            let totals: Vec<(Option<String>, i64, i64, i64)> = projects::table
                .filter(counted_rows!($backend, $filter, $scope, projects))
                .group_by((projects::visibility, projects::budget_currency))
                .select((
                    projects::budget_currency,
                    count_star(),
                    sql::<BigInt>(BUDGET_HIGH),
                    sql::<BigInt>(BUDGET_LOW),
                ))
                .load(conn)?;
            groups.extend(merged(totals.into_iter().map(|total| group(None, total))));
            Ok(groups)
        };
        match $dimension {
            ProjectDimension::Modality => own(project_groups_by!($conn, $backend, $filter, $scope, projects, modality => String)),
            ProjectDimension::Status => own(project_groups_by!($conn, $backend, $filter, $scope, projects, status => i32)),
            ProjectDimension::StartYear => own(project_groups_by!($conn, $backend, $filter, $scope, projects, planned_start_year => i32)),
            ProjectDimension::Country => children(project_groups_by!($conn, $backend, $filter, $scope, project_countries, country_code => String), $conn)?,
            ProjectDimension::Region => children(project_groups_by!($conn, $backend, $filter, $scope, project_regions, region_code => String), $conn)?,
            // One row per project and category (a project may have two sectors of one).
            ProjectDimension::SectorCategory => children(project_groups_by!($conn, $backend, $filter, $scope, project_sectors, category => String, first_of_category), $conn)?,
            ProjectDimension::Sdg => children(project_groups_by!($conn, $backend, $filter, $scope, project_sdg_goals, goal => i32), $conn)?,
            // One row per project and organisation (an organisation may hold two roles).
            ProjectDimension::Organisation => children(project_groups_by!($conn, $backend, $filter, $scope, project_participants, organisation_id => String, first_of_organisation), $conn)?,
        }
    }};
}

/// Group the projects matching `filter` (as `scope` may see them) by `dimension` and
/// budget currency; also the totals (key `None`).
pub fn project_groups(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    dimension: ProjectDimension,
) -> Result<Vec<ProjectGroupRow>, StoreError> {
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
) -> Result<Vec<ExchangeGroupRow>, StoreError> {
    Ok(match conn {
        DbConnection::Sqlite(c) => {
            exchange_groups!(c, diesel::sqlite::Sqlite, filter, scope, dimension)
        }
        DbConnection::Postgres(c) => exchange_groups!(c, diesel::pg::Pg, filter, scope, dimension),
    })
}
