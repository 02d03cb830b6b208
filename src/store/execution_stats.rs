//! Execution statistics, computed by the database: the amounts that execution figures and
//! reports read (contributions, activities' costs, transactions: each in its currency's
//! minor units), expert days and activities summed per group and currency, never projects
//! loaded into memory. A group is a column of the project (modality), of a child row of it
//! (recipient country, region, DAC sector category), of the amount itself (the year of an
//! activity or a transaction; the planned start's for contributions), or the role of the
//! organisation that pays it.
//!
//! The sums are kept per project and over every project (`store::execution_sums`, written
//! with what they are made of): without filters a statistic reads the kept totals (for a
//! partner, and its own projects that not everyone counts); with filters, the projects the
//! list's own filters and scope select, as a subquery (`project_id IN (SELECT id ... WHERE
//! filters)`), so that an execution figure counts exactly where the list shows its
//! project. Sums are split as `store::stats` splits budgets (billions of minor units and
//! the remainder) so that none overflows 64 bits.

use std::collections::BTreeMap;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use crate::db::DbConnection;
use crate::schema::{
    execution_sums as totals, project_execution_sums as pes, project_participants as pp, projects,
};
use crate::store::StoreError;
use crate::store::execution_sums;
use crate::store::projects::list::{ProjectFilter, filter_projects};
use crate::store::stats::{self, ProjectGroupRow};
use crate::store::visibility::ReadScope;

/// What execution statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionDimension {
    Modality,
    Country,
    Region,
    SectorCategory,
    /// Of the amount: an activity's year, a transaction's; the planned start for the plan.
    Year,
    /// Of the paying organisation in the project (its first role).
    Role,
}

/// The group of amounts paid by no organisation taking part in the project (a
/// transaction's outside provider, or none named).
pub const OUTSIDE: &str = "outside";

/// What an amount counts as (see `domain::execution`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Pledged,
    PlannedCosts,
    ExecutedCosts,
    /// By IATI TransactionType code.
    Transaction(i32),
}

/// Amounts of one group, currency and measure.
#[derive(Debug, Clone)]
pub struct MoneyRow {
    /// None: over every project.
    pub key: Option<String>,
    pub currency: String,
    pub measure: Measure,
    pub minor: i128,
}

/// Activities of one group and status.
#[derive(Debug, Clone)]
pub struct ActivityRow {
    pub key: Option<String>,
    pub status: String,
    pub activities: i64,
    pub expert_days: i64,
}

/// What the statistics read: projects and budgets per group and budget currency (as
/// project statistics count them), the amounts, the expert days pledged, the activities.
#[derive(Debug, Clone, Default)]
pub struct ExecutionRows {
    pub projects: Vec<ProjectGroupRow>,
    pub money: Vec<MoneyRow>,
    pub pledged_days: Vec<(Option<String>, i64)>,
    pub activities: Vec<ActivityRow>,
}

const BILLION: i128 = 1_000_000_000;

fn sum(high: i64, low: i64) -> i128 {
    i128::from(high) * BILLION + i128::from(low)
}

/// The ids of the projects the filter and scope select, as a subquery.
macro_rules! project_ids {
    ($backend:ty, $filter:expr, $scope:expr) => {
        filter_projects!(projects::table.into_boxed::<$backend>(), $filter, $scope)
            .select(projects::id)
    };
}

/// The sums of `execution_sums::VALUES` as selected (per group and currency).
macro_rules! sums_of {
    ($($value:ident),*) => {
        ($(sql::<BigInt>(concat!("CAST(COALESCE(SUM(", stringify!($value), "), 0) AS BIGINT)")),)*)
    };
}

macro_rules! summed_values {
    () => {
        (
            sums_of!(
                pledged_high,
                pledged_low,
                planned_costs_high,
                planned_costs_low,
                executed_costs_high,
                executed_costs_low,
                committed_high,
                committed_low,
                disbursed_high,
                disbursed_low,
                received_high,
                received_low,
                expended_high,
                expended_low
            ),
            sums_of!(
                pledged_days,
                activities_planned,
                activities_done,
                activities_postponed,
                activities_cancelled,
                days_done,
                days_open
            ),
        )
    };
}

type Money = (
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);
type Others = (i64, i64, i64, i64, i64, i64, i64);
/// A group's key and currency ('' for none: expert days and activities), and its sums.
type Loaded = ((String, String), (Money, Others));

/// The values of one group and currency, in the order of `execution_sums::VALUES`.
type Values = [i64; 21];

fn values((money, others): (Money, Others)) -> Values {
    let (m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13) = money;
    let (o0, o1, o2, o3, o4, o5, o6) = others;
    [
        m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, o0, o1, o2, o3, o4, o5, o6,
    ]
}

/// The sums of the projects' own rows (`project_execution_sums`) of `$dimension` that
/// `$condition` keeps, per group and currency.
macro_rules! project_sums {
    ($conn:expr, $dimension:expr, $condition:expr) => {
        pes::table
            .filter(pes::dimension.eq($dimension))
            .filter($condition)
            .group_by((pes::group_key, pes::currency))
            .select(((pes::group_key, pes::currency), summed_values!()))
            .load::<Loaded>($conn)?
    };
}

/// What a caller's statistics read of `dimension` (a grouping of `execution_sums`, or
/// `ALL`), per group and currency. Without filters, the kept totals over every project
/// (those that count publicly for a reader of public content) and, for a partner, its own
/// projects that do not; with filters, the sums of each project they select.
fn sums(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    dimension: &'static str,
) -> Result<Vec<Loaded>, StoreError> {
    if !filter.is_empty() {
        return Ok(match conn {
            DbConnection::Sqlite(c) => project_sums!(
                c,
                dimension,
                pes::project_id.eq_any(project_ids!(diesel::sqlite::Sqlite, filter, scope))
            ),
            DbConnection::Postgres(c) => project_sums!(
                c,
                dimension,
                pes::project_id.eq_any(project_ids!(diesel::pg::Pg, filter, scope))
            ),
        });
    }
    let counted: &[bool] = match scope {
        ReadScope::All => &[false, true],
        ReadScope::Public | ReadScope::PublicOrParticipant(_) => &[true],
    };
    let mut rows: Vec<Loaded> = totals::table
        .filter(totals::dimension.eq(dimension))
        .filter(totals::counts_publicly.eq_any(counted))
        .group_by((totals::group_key, totals::currency))
        .having(sql::<Bool>("SUM(entries) > 0"))
        .select(((totals::group_key, totals::currency), summed_values!()))
        .load(conn)?;
    if let ReadScope::PublicOrParticipant(org) = scope {
        rows.extend(project_sums!(
            conn,
            dimension,
            pes::counts_publicly.eq(false).and(
                pes::project_id.eq_any(
                    pp::table
                        .filter(pp::organisation_id.eq(org.to_string()))
                        .select(pp::project_id),
                )
            )
        ));
    }
    Ok(rows)
}

/// The money, expert days and activities of `dimension`'s groups (`key`: `Some`), or of
/// all the projects (`None`, read from `ALL`), into `rows`.
fn read_into(
    rows: &mut ExecutionRows,
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    dimension: Option<ExecutionDimension>,
) -> Result<(), StoreError> {
    let name = match dimension {
        None => execution_sums::ALL,
        Some(ExecutionDimension::Modality) => "modality",
        Some(ExecutionDimension::Country) => "country",
        Some(ExecutionDimension::Region) => "region",
        Some(ExecutionDimension::SectorCategory) => "sector_category",
        Some(ExecutionDimension::Year) => "year",
        Some(ExecutionDimension::Role) => "role",
    };
    // A partner's own projects come apart from the public totals: add them up.
    let mut groups: BTreeMap<(String, String), Values> = BTreeMap::new();
    for ((key, currency), sums) in sums(conn, filter, scope, name)? {
        let group = groups.entry((key, currency)).or_insert([0; 21]);
        for (total, value) in group.iter_mut().zip(values(sums)) {
            *total += value;
        }
    }
    const MEASURES: [Measure; 7] = [
        Measure::Pledged,
        Measure::PlannedCosts,
        Measure::ExecutedCosts,
        Measure::Transaction(2),
        Measure::Transaction(3),
        Measure::Transaction(12),
        Measure::Transaction(4),
    ];
    for ((text, currency), v) in groups {
        let key = dimension.map(|_| text);
        rows.pledged_days.push((key.clone(), v[14]));
        if dimension != Some(ExecutionDimension::Role) {
            for (status, activities, expert_days) in [
                ("planned", v[15], v[20]),
                ("done", v[16], v[19]),
                ("postponed", v[17], 0),
                ("cancelled", v[18], 0),
            ] {
                rows.activities.push(ActivityRow {
                    key: key.clone(),
                    status: status.to_owned(),
                    activities,
                    expert_days,
                });
            }
        }
        // '': the expert days and activities, and contributions of days only.
        if currency.is_empty() {
            continue;
        }
        for (i, measure) in MEASURES.into_iter().enumerate() {
            rows.money.push(MoneyRow {
                key: key.clone(),
                currency: currency.clone(),
                measure,
                minor: sum(v[2 * i], v[2 * i + 1]),
            });
        }
    }
    Ok(())
}

/// Projects per role (an organisation of the project holding it), over the filter.
macro_rules! role_projects {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr) => {
        pp::table
            .filter(pp::project_id.eq_any(project_ids!($backend, $filter, $scope)))
            .group_by(pp::role)
            .select((
                pp::role,
                sql::<BigInt>("COUNT(DISTINCT project_participants.project_id)"),
            ))
            .load::<(String, i64)>($conn)?
    };
}

/// The execution figures' rows of the projects matching `filter` (as `scope` may see
/// them), grouped by `dimension` and over all of them (key `None`).
pub fn execution_rows(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    dimension: ExecutionDimension,
) -> Result<ExecutionRows, StoreError> {
    let grouping = match dimension {
        ExecutionDimension::Modality | ExecutionDimension::Role => {
            stats::ProjectDimension::Modality
        }
        ExecutionDimension::Country => stats::ProjectDimension::Country,
        ExecutionDimension::Region => stats::ProjectDimension::Region,
        ExecutionDimension::SectorCategory => stats::ProjectDimension::SectorCategory,
        ExecutionDimension::Year => stats::ProjectDimension::StartYear,
    };
    let mut projects = stats::project_groups(conn, filter, scope, grouping)?;
    let mut rows = ExecutionRows::default();
    read_into(&mut rows, conn, filter, scope, Some(dimension))?;
    read_into(&mut rows, conn, filter, scope, None)?;
    if dimension == ExecutionDimension::Role {
        // A budget is no organisation's: by role, only the totals carry it.
        projects.retain(|row| row.key.is_none());
        let counted: Option<&[bool]> = match scope {
            _ if !filter.is_empty() => None,
            ReadScope::All => Some(&[false, true]),
            ReadScope::Public => Some(&[true]),
            ReadScope::PublicOrParticipant(_) => None,
        };
        let roles = match (counted, conn) {
            // Without filters, through the index of the participants' roles (000028).
            (Some(counted), conn) => {
                let mut roles: BTreeMap<String, i64> = BTreeMap::new();
                let rows: Vec<(String, i64)> = pp::table
                    .filter(pp::counts_publicly.eq_any(counted))
                    .group_by((pp::counts_publicly, pp::role))
                    .select((
                        pp::role,
                        sql::<BigInt>("COUNT(DISTINCT project_participants.project_id)"),
                    ))
                    .load(conn)?;
                for (role, count) in rows {
                    *roles.entry(role).or_default() += count;
                }
                roles.into_iter().collect()
            }
            (None, DbConnection::Sqlite(c)) => {
                role_projects!(c, diesel::sqlite::Sqlite, filter, scope)
            }
            (None, DbConnection::Postgres(c)) => role_projects!(c, diesel::pg::Pg, filter, scope),
        };
        projects.extend(roles.into_iter().map(|(role, count)| ProjectGroupRow {
            key: Some(role),
            currency: None,
            projects: count,
            budget_minor: 0,
        }));
    }
    rows.projects = projects;
    Ok(rows)
}
