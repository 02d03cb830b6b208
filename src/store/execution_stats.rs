//! Execution statistics, computed by the database: the rows that execution figures and
//! reports read (contributions, activities' costs and items, transactions: each amount in
//! its currency's minor units) summed per group and currency, never projects loaded into
//! memory. A group is a column of the project (modality, planned start year), of a child
//! row of it (recipient country, region, DAC sector category), of the amount itself (the
//! year of an activity or a transaction), or the role of the organisation that pays it.
//!
//! The projects counted are the project list's own filters and scope as a subquery
//! (`project_id IN (SELECT id ... WHERE filters)`), so an execution figure counts exactly
//! where the list shows its project. Sums are split as `store::stats` splits budgets
//! (billions of minor units and the remainder) so that none overflows 64 bits.

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::DbConnection;
use crate::schema::{
    project_activity_costs as costs, project_activity_items as items,
    project_contributions as contributions, project_countries as pc, project_participants as pp,
    project_regions as pr, project_sectors as ps, project_transaction_items as transactions,
    projects,
};
use crate::store::StoreError;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// The two parts of a sum of `column` (qualified: the queries join).
fn high(column: &str) -> String {
    format!("CAST(COALESCE(SUM({column} / 1000000000), 0) AS BIGINT)")
}

fn low(column: &str) -> String {
    format!("CAST(COALESCE(SUM({column} % 1000000000), 0) AS BIGINT)")
}

fn sum(high: i64, low: i64) -> i128 {
    i128::from(high) * BILLION + i128::from(low)
}

/// A group's key as text (a year, a code; a role, or `OUTSIDE` for none).
trait KeyText {
    fn text(self) -> String;
}

impl KeyText for String {
    fn text(self) -> String {
        self
    }
}

impl KeyText for i32 {
    fn text(self) -> String {
        self.to_string()
    }
}

impl KeyText for Option<String> {
    fn text(self) -> String {
        self.unwrap_or_else(|| OUTSIDE.to_owned())
    }
}

/// The ids of the projects the filter and scope select, as a subquery.
macro_rules! project_ids {
    ($backend:ty, $filter:expr, $scope:expr) => {
        filter_projects!(projects::table.into_boxed::<$backend>(), $filter, $scope)
            .select(projects::id)
    };
}

/// Run `$run!($($args)*; source, key => type, [grouped columns])` with the rows of `$t`
/// joined to what `$dimension` groups by (`None`: no group, a constant key). `$year`:
/// whether `$t` has a year of its own (`own`) or counts in its project's planned start
/// (`project`); `$payer`: its paying organisation column (`none`: no group by role).
macro_rules! keyed {
    (@year $t:ident, own, $run:ident!($($args:tt)*)) => {
        $run!($($args)*; $t::table, $t::year => i32, [$t::year])
    };
    (@year $t:ident, project, $run:ident!($($args:tt)*)) => {
        $run!($($args)*;
            $t::table.inner_join(projects::table.on(projects::id.eq($t::project_id))),
            projects::planned_start_year => i32, [projects::planned_start_year])
    };
    (@role $t:ident, none, $run:ident!($($args:tt)*)) => {
        Vec::new()
    };
    // The organisation's first role in the project (an organisation may hold two), so
    // that an amount counts in one group.
    (@role $t:ident, $payer:ident, $run:ident!($($args:tt)*)) => {
        $run!($($args)*;
            $t::table.left_join(pp::table.on(pp::project_id.eq($t::project_id)
                .and(pp::organisation_id.nullable().eq($t::$payer.nullable()))
                .and(pp::first_of_organisation.eq(true)))),
            pp::role.nullable() => Option<String>, [pp::role])
    };
    ($dimension:expr, $t:ident, $year:ident, $payer:ident, $run:ident!($($args:tt)*)) => {
        match $dimension {
            None => $run!($($args)*; $t::table, sql::<Text>("''") => String, []),
            Some(ExecutionDimension::Modality) => $run!($($args)*;
                $t::table.inner_join(projects::table.on(projects::id.eq($t::project_id))),
                projects::modality => String, [projects::modality]),
            Some(ExecutionDimension::Year) => keyed!(@year $t, $year, $run!($($args)*)),
            Some(ExecutionDimension::Country) => $run!($($args)*;
                $t::table.inner_join(pc::table.on(pc::project_id.eq($t::project_id))),
                pc::country_code => String, [pc::country_code]),
            Some(ExecutionDimension::Region) => $run!($($args)*;
                $t::table.inner_join(pr::table.on(pr::project_id.eq($t::project_id))),
                pr::region_code => String, [pr::region_code]),
            // One row per project and category (a project may have two sectors of one).
            Some(ExecutionDimension::SectorCategory) => $run!($($args)*;
                $t::table.inner_join(ps::table.on(
                    ps::project_id.eq($t::project_id).and(ps::first_of_category.eq(true)))),
                ps::category => String, [ps::category]),
            Some(ExecutionDimension::Role) => keyed!(@role $t, $payer, $run!($($args)*)),
        }
    };
}

/// Contributions: pledged amounts and expert days, per key and currency.
macro_rules! pledged {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr; $source:expr, $key:expr => $key_ty:ty, [$($group:expr),*]) => {
        $source
            .filter(contributions::project_id.eq_any(project_ids!($backend, $filter, $scope)))
            .group_by(($($group,)* contributions::currency))
            .select((
                $key,
                contributions::currency,
                sql::<BigInt>(&high("project_contributions.amount_minor")),
                sql::<BigInt>(&low("project_contributions.amount_minor")),
                sql::<BigInt>("CAST(COALESCE(SUM(project_contributions.expert_days), 0) AS BIGINT)"),
            ))
            .load::<($key_ty, Option<String>, i64, i64, i64)>($conn)?
            .into_iter()
            .map(|(key, currency, high, low, days)| (key.text(), currency, sum(high, low), days))
            .collect::<Vec<_>>()
    };
}

/// Activities' costs, per key, currency and stage.
macro_rules! cost_sums {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr; $source:expr, $key:expr => $key_ty:ty, [$($group:expr),*]) => {
        $source
            .filter(costs::project_id.eq_any(project_ids!($backend, $filter, $scope)))
            .group_by(($($group,)* costs::currency, costs::executed))
            .select((
                $key,
                costs::currency,
                costs::executed,
                sql::<BigInt>(&high("project_activity_costs.amount_minor")),
                sql::<BigInt>(&low("project_activity_costs.amount_minor")),
            ))
            .load::<($key_ty, String, bool, i64, i64)>($conn)?
            .into_iter()
            .map(|(key, currency, executed, high, low)| {
                let measure = if executed { Measure::ExecutedCosts } else { Measure::PlannedCosts };
                (key.text(), currency, measure, sum(high, low))
            })
            .collect::<Vec<_>>()
    };
}

/// Transactions, per key, currency and type.
macro_rules! transaction_sums {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr; $source:expr, $key:expr => $key_ty:ty, [$($group:expr),*]) => {
        $source
            .filter(transactions::project_id.eq_any(project_ids!($backend, $filter, $scope)))
            .group_by(($($group,)* transactions::currency, transactions::transaction_type))
            .select((
                $key,
                transactions::currency,
                transactions::transaction_type,
                sql::<BigInt>(&high("project_transaction_items.value_minor")),
                sql::<BigInt>(&low("project_transaction_items.value_minor")),
            ))
            .load::<($key_ty, String, i32, i64, i64)>($conn)?
            .into_iter()
            .map(|(key, currency, kind, high, low)| {
                (key.text(), currency, Measure::Transaction(kind), sum(high, low))
            })
            .collect::<Vec<_>>()
    };
}

/// Activities and their expert days, per key and status.
macro_rules! activity_counts {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr; $source:expr, $key:expr => $key_ty:ty, [$($group:expr),*]) => {
        $source
            .filter(items::project_id.eq_any(project_ids!($backend, $filter, $scope)))
            .group_by(($($group,)* items::status))
            .select((
                $key,
                items::status,
                count_star(),
                sql::<BigInt>("CAST(COALESCE(SUM(project_activity_items.expert_days), 0) AS BIGINT)"),
            ))
            .load::<($key_ty, String, i64, i64)>($conn)?
            .into_iter()
            .map(|(key, status, activities, days)| (key.text(), status, activities, days))
            .collect::<Vec<_>>()
    };
}

/// The rows of one grouping (`None`: the totals), keys as given.
macro_rules! execution_rows {
    ($conn:expr, $backend:ty, $filter:expr, $scope:expr, $dimension:expr) => {{
        let key = |text: String| $dimension.map(|_| text);
        let mut rows = ExecutionRows::default();
        for (text, currency, minor, days) in keyed!(
            $dimension,
            contributions,
            project,
            organisation_id,
            pledged!($conn, $backend, $filter, $scope)
        ) {
            if let Some(currency) = currency {
                rows.money.push(MoneyRow {
                    key: key(text.clone()),
                    currency,
                    measure: Measure::Pledged,
                    minor,
                });
            }
            rows.pledged_days.push((key(text), days));
        }
        let cost_rows = keyed!(
            $dimension,
            costs,
            own,
            paying_organisation_id,
            cost_sums!($conn, $backend, $filter, $scope)
        );
        let transaction_rows = keyed!(
            $dimension,
            transactions,
            own,
            provider_organisation_id,
            transaction_sums!($conn, $backend, $filter, $scope)
        );
        for (text, currency, measure, minor) in cost_rows.into_iter().chain(transaction_rows) {
            rows.money.push(MoneyRow {
                key: key(text),
                currency,
                measure,
                minor,
            });
        }
        let activity_rows: Vec<(String, String, i64, i64)> = keyed!(
            $dimension,
            items,
            own,
            none,
            activity_counts!($conn, $backend, $filter, $scope)
        );
        for (text, status, activities, expert_days) in activity_rows {
            rows.activities.push(ActivityRow {
                key: key(text),
                status,
                activities,
                expert_days,
            });
        }
        rows
    }};
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
    // By modality and by year every amount is in exactly one group: the totals are the
    // groups' sum, not queries of their own.
    let single_valued = matches!(
        dimension,
        ExecutionDimension::Modality | ExecutionDimension::Year
    );
    let groupings: &[Option<ExecutionDimension>] = if single_valued {
        &[Some(dimension)]
    } else {
        &[Some(dimension), None]
    };
    let mut rows = ExecutionRows::default();
    for &grouping in groupings {
        let more = match conn {
            DbConnection::Sqlite(c) => {
                execution_rows!(c, diesel::sqlite::Sqlite, filter, scope, grouping)
            }
            DbConnection::Postgres(c) => {
                execution_rows!(c, diesel::pg::Pg, filter, scope, grouping)
            }
        };
        rows.money.extend(more.money);
        rows.pledged_days.extend(more.pledged_days);
        rows.activities.extend(more.activities);
    }
    if single_valued {
        let totals = ExecutionRows {
            projects: Vec::new(),
            money: rows
                .money
                .iter()
                .map(|row| MoneyRow {
                    key: None,
                    ..row.clone()
                })
                .collect(),
            pledged_days: rows
                .pledged_days
                .iter()
                .map(|(_, days)| (None, *days))
                .collect(),
            activities: (rows.activities.iter())
                .map(|row| ActivityRow {
                    key: None,
                    ..row.clone()
                })
                .collect(),
        };
        rows.money.extend(totals.money);
        rows.pledged_days.extend(totals.pledged_days);
        rows.activities.extend(totals.activities);
    }
    if dimension == ExecutionDimension::Role {
        // A budget is no organisation's: by role, only the totals carry it.
        projects.retain(|row| row.key.is_none());
        let roles = match conn {
            DbConnection::Sqlite(c) => role_projects!(c, diesel::sqlite::Sqlite, filter, scope),
            DbConnection::Postgres(c) => role_projects!(c, diesel::pg::Pg, filter, scope),
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
