//! What execution statistics read (migration 000028): each project's execution figures
//! summed per grouping, group and currency (`project_execution_sums`), and those rows
//! summed over every project per grouping, group, currency and `counts_publicly`
//! (`execution_sums`), so that an unfiltered statistic reads a few hundred rows instead of
//! joining every contribution, cost and transaction to its project.
//!
//! Both are derived from the rows execution figures are made of (contributions,
//! activities and their costs, transactions) and the project's own columns and child rows
//! (modality, countries, regions, sector categories, participants' roles, planned start,
//! `counts_publicly`), and rewritten by [`refresh`] in the transaction of every write to
//! any of them (a project's columns, its activities, its transactions). A project's
//! delete takes its sums out by trigger.
//!
//! A refresh adds to `execution_sums` the difference between the project's new rows and
//! its stored ones, in one statement, in key order (so that two writers never wait for
//! each other's rows in opposite orders), and touches none of its rows when nothing
//! changed (an edit of a title). On PostgreSQL each group's sums are kept in 16 stripes by
//! the project id's last digit, so that concurrent writers seldom wait for the same row.
//!
//! Money is kept as `store::stats` sums budgets: billions of minor units and the
//! remainder (`_high`, `_low`), so that no sum overflows 64 bits.

use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Text;

use crate::db::DbConnection;
use crate::store::StoreError;

/// The summed columns, in the order of both tables: money (high and low part each) per
/// measure, then expert days pledged, activities per status and their expert days (done,
/// and neither done nor cancelled).
pub const VALUES: [&str; 21] = [
    "pledged_high",
    "pledged_low",
    "planned_costs_high",
    "planned_costs_low",
    "executed_costs_high",
    "executed_costs_low",
    "committed_high",
    "committed_low",
    "disbursed_high",
    "disbursed_low",
    "received_high",
    "received_low",
    "expended_high",
    "expended_low",
    "pledged_days",
    "activities_planned",
    "activities_done",
    "activities_postponed",
    "activities_cancelled",
    "days_done",
    "days_open",
];

/// The groupings a row is summed in: over every project (`all`), then one per dimension.
pub const ALL: &str = "all";

/// Which backend's SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// Where the projects to refresh come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ids {
    /// A JSON array of ids, bound where `\u{1}` stands.
    Bound,
    /// Every project (the migration's backfill).
    Every,
}

fn ids_source(dialect: Dialect, ids: Ids) -> &'static str {
    match (dialect, ids) {
        (_, Ids::Every) => "SELECT id FROM projects",
        (Dialect::Sqlite, Ids::Bound) => "SELECT value FROM json_each(\u{1})",
        (Dialect::Postgres, Ids::Bound) => "SELECT json_array_elements_text(CAST(\u{1} AS json))",
    }
}

/// `column` is among the projects refreshed. On PostgreSQL as `= ANY(ARRAY(...))`, an
/// index condition whatever the planner's statistics say (with `IN (SELECT ...)` a plan
/// made before the tables were analysed scanned whole tables on every write); every
/// project (the backfill): no condition.
fn among(dialect: Dialect, ids: Ids, column: &str) -> String {
    match (dialect, ids) {
        (_, Ids::Every) => "TRUE".to_owned(),
        (Dialect::Sqlite, Ids::Bound) => format!("{column} IN (SELECT id FROM ids)"),
        (Dialect::Postgres, Ids::Bound) => format!("{column} = ANY(ARRAY(SELECT id FROM ids))"),
    }
}

/// The rows of `table` (its project in `column`) to join the facts with. On PostgreSQL
/// those of the projects refreshed, read once by index in a subquery of their own
/// (`OFFSET 0` keeps the planner from folding it into the join): a join it plans from
/// estimates scanned the whole table, or probed the ids' array once per fact.
fn rows_of(dialect: Dialect, ids: Ids, table: &str, column: &str) -> String {
    match (dialect, ids) {
        (Dialect::Postgres, Ids::Bound) => format!(
            "(SELECT * FROM {table} WHERE {} OFFSET 0)",
            among(dialect, ids, column)
        ),
        _ => table.to_owned(),
    }
}

/// The stripe of a project's sums in `execution_sums` (see the module's comment).
fn stripe(dialect: Dialect, project_id: &str) -> String {
    match dialect {
        Dialect::Sqlite => "''".to_owned(),
        Dialect::Postgres => format!("substr({project_id}, 36, 1)"),
    }
}

fn list(prefix: &str) -> String {
    VALUES
        .iter()
        .map(|v| format!("{prefix}{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value columns negated, each named as itself.
fn negated() -> String {
    VALUES
        .iter()
        .map(|v| format!("-{v} AS {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `n` zeros, as value columns.
fn zeros(n: usize) -> String {
    vec!["0"; n].join(", ")
}

/// The high and low parts of `amount` (an expression) when `when` holds.
fn split(amount: &str, when: &str) -> String {
    format!(
        "CASE WHEN {when} THEN {amount} / 1000000000 ELSE 0 END, \
         CASE WHEN {when} THEN {amount} % 1000000000 ELSE 0 END"
    )
}

/// The `WITH` clauses naming `fresh`: the new rows of `project_execution_sums` of the
/// projects `ids`.
fn fresh_rows(dialect: Dialect, ids: Ids) -> String {
    let values = list("");
    let facts_values = list("f.");
    // One row per contribution, cost, transaction and activity: the project, the year the
    // amount counts in, who pays it (`in_roles`: whether it counts by role), currency
    // ('' for none), then the values.
    let contributions = format!(
        "SELECT c.project_id, p.planned_start_year, c.organisation_id, 1, COALESCE(c.currency, ''), \
         COALESCE(c.amount_minor / 1000000000, 0), COALESCE(c.amount_minor % 1000000000, 0), {}, \
         COALESCE(c.expert_days, 0), {} \
         FROM project_contributions c JOIN projects p ON p.id = c.project_id \
         WHERE {}",
        zeros(12),
        zeros(6),
        among(dialect, ids, "c.project_id")
    );
    let costs = format!(
        "SELECT project_id, year, paying_organisation_id, 1, currency, 0, 0, {}, {}, {}, {} \
         FROM project_activity_costs WHERE {}",
        split("amount_minor", "NOT executed"),
        split("amount_minor", "executed"),
        zeros(8),
        zeros(7),
        among(dialect, ids, "project_id")
    );
    // IATI TransactionType codes: 3 disbursement, 12 incoming funds, 4 expenditure, the
    // others commitments (as `domain::execution` counts them).
    let transactions = format!(
        "SELECT project_id, year, provider_organisation_id, 1, currency, {}, {}, {}, {}, {}, {} \
         FROM project_transaction_items WHERE {}",
        zeros(6),
        split("value_minor", "transaction_type NOT IN (3, 4, 12)"),
        split("value_minor", "transaction_type = 3"),
        split("value_minor", "transaction_type = 12"),
        split("value_minor", "transaction_type = 4"),
        zeros(7),
        among(dialect, ids, "project_id")
    );
    let activities = format!(
        "SELECT project_id, year, CAST(NULL AS TEXT), 0, '', {}, \
         CASE WHEN status IN ('done', 'postponed', 'cancelled') THEN 0 ELSE 1 END, \
         CASE WHEN status = 'done' THEN 1 ELSE 0 END, \
         CASE WHEN status = 'postponed' THEN 1 ELSE 0 END, \
         CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END, \
         CASE WHEN status = 'done' THEN expert_days ELSE 0 END, \
         CASE WHEN status IN ('done', 'cancelled') THEN 0 ELSE expert_days END \
         FROM project_activity_items WHERE {}",
        zeros(15),
        among(dialect, ids, "project_id")
    );
    // Each fact under every grouping's keys: a project counts whole in each of its
    // countries, regions and sector categories; by role, in its payer's first role in the
    // project (`outside` for none), activities not at all.
    let keyed = |grouping: &str, key: &str, join: &str| {
        format!(
            "SELECT f.project_id, '{grouping}' AS dimension, {key} AS group_key, f.currency, {facts_values} FROM facts f {join}"
        )
    };
    let keyed = [
        keyed(ALL, "''", ""),
        keyed(
            "modality",
            "p.modality",
            &format!(
                "JOIN {} p ON p.id = f.project_id",
                rows_of(dialect, ids, "projects", "id")
            ),
        ),
        keyed(
            "country",
            "c.country_code",
            &format!(
                "JOIN {} c ON c.project_id = f.project_id",
                rows_of(dialect, ids, "project_countries", "project_id")
            ),
        ),
        keyed(
            "region",
            "r.region_code",
            &format!(
                "JOIN {} r ON r.project_id = f.project_id",
                rows_of(dialect, ids, "project_regions", "project_id")
            ),
        ),
        keyed(
            "sector_category",
            "s.category",
            &format!(
                "JOIN {} s ON s.project_id = f.project_id AND s.first_of_category",
                rows_of(dialect, ids, "project_sectors", "project_id")
            ),
        ),
        keyed("year", "CAST(f.year AS TEXT)", ""),
        keyed(
            "role",
            "COALESCE(pp.role, 'outside')",
            &format!(
                "LEFT JOIN {} pp ON pp.project_id = f.project_id \
                 AND pp.organisation_id = f.payer AND pp.first_of_organisation \
                 WHERE f.in_roles = 1",
                rows_of(dialect, ids, "project_participants", "project_id")
            ),
        ),
    ]
    .join(" UNION ALL ");
    let sums = VALUES
        .iter()
        .map(|v| format!("CAST(SUM(k.{v}) AS BIGINT) AS {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH ids(id) AS ({ids}), \
         facts(project_id, year, payer, in_roles, currency, {values}) AS \
         ({contributions} UNION ALL {costs} UNION ALL {transactions} UNION ALL {activities}), \
         keyed AS ({keyed}), \
         fresh AS (SELECT k.project_id, k.dimension, k.group_key, k.currency, \
         p.visibility = 'public' AND p.approved_version IS NOT NULL AS counts_publicly, {sums} \
         FROM keyed k JOIN {projects} p ON p.id = k.project_id \
         GROUP BY k.project_id, k.dimension, k.group_key, k.currency, p.visibility, p.approved_version)",
        ids = ids_source(dialect, ids),
        projects = rows_of(dialect, ids, "projects", "id"),
    )
}

/// Add `delta`'s rows (named by the `WITH` clauses before, with a sign in `entries` and
/// the values) to `execution_sums`, summed per key, in key order, none that adds nothing.
fn add_to_totals(source: &str) -> String {
    let keys = "dimension, counts_publicly, group_key, currency, stripe";
    let sums = VALUES
        .iter()
        .map(|v| format!("CAST(SUM({v}) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let changed = VALUES
        .iter()
        .map(|v| format!(" OR SUM({v}) <> 0"))
        .collect::<String>();
    let set = VALUES
        .iter()
        .map(|v| format!(", {v} = execution_sums.{v} + excluded.{v}"))
        .collect::<String>();
    format!(
        "INSERT INTO execution_sums ({keys}, entries, {values}) \
         SELECT {keys}, CAST(SUM(entries) AS BIGINT), {sums} FROM {source} WHERE true \
         GROUP BY {keys} HAVING SUM(entries) <> 0{changed} ORDER BY {keys} \
         ON CONFLICT ({keys}) DO UPDATE SET entries = execution_sums.entries + excluded.entries{set}",
        values = list(""),
    )
}

/// The statements of a refresh of the projects `ids`: the difference added to the totals,
/// the project's old rows deleted, its new rows inserted.
fn refresh_sql(dialect: Dialect, ids: Ids) -> [String; 3] {
    let fresh = fresh_rows(dialect, ids);
    let values = list("");
    let negated = negated();
    let delta = format!(
        "{fresh}, delta AS (\
         SELECT dimension, counts_publicly, group_key, currency, {new_stripe} AS stripe, 1 AS entries, {values} FROM fresh \
         UNION ALL \
         SELECT dimension, counts_publicly, group_key, currency, {old_stripe}, -1, {negated} \
         FROM project_execution_sums WHERE {old}) {add}",
        old = among(dialect, ids, "project_id"),
        new_stripe = stripe(dialect, "project_id"),
        old_stripe = stripe(dialect, "project_id"),
        add = add_to_totals("delta"),
    );
    let delete = format!(
        "WITH ids(id) AS ({}) DELETE FROM project_execution_sums WHERE {}",
        ids_source(dialect, ids),
        among(dialect, ids, "project_id")
    );
    let insert = format!(
        "{fresh} INSERT INTO project_execution_sums \
         (project_id, dimension, group_key, currency, counts_publicly, {values}) \
         SELECT project_id, dimension, group_key, currency, counts_publicly, {values} FROM fresh"
    );
    [delta, delete, insert]
}

/// The statement a project's delete runs (by trigger, `old_id` naming the project): its
/// sums taken out of the totals.
pub fn on_delete_sql(dialect: Dialect, old_id: &str) -> String {
    // No `WITH`: SQLite refuses common table expressions in triggers.
    add_to_totals(&format!(
        "(SELECT dimension, counts_publicly, group_key, currency, {stripe} AS stripe, \
         -1 AS entries, {negated} FROM project_execution_sums WHERE project_id = {old_id}) gone",
        stripe = stripe(dialect, "project_id"),
        negated = negated(),
    ))
}

/// The migration's backfill: every project's rows, then the totals.
pub fn backfill_sql(dialect: Dialect) -> String {
    let [delta, _, insert] = refresh_sql(dialect, Ids::Every);
    let _ = delta;
    let keys = "dimension, counts_publicly, group_key, currency, stripe";
    format!(
        "{insert};\n\nINSERT INTO execution_sums ({keys}, entries, {values}) \
         SELECT dimension, counts_publicly, group_key, currency, {stripe}, COUNT(*), {sums} \
         FROM project_execution_sums GROUP BY dimension, counts_publicly, group_key, currency, {stripe};\n",
        values = list(""),
        stripe = stripe(dialect, "project_id"),
        sums = VALUES
            .iter()
            .map(|v| format!("CAST(SUM({v}) AS BIGINT)"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The statements of a refresh, per backend, made once: the SQL before and after the
/// bound ids.
fn statements(dialect: Dialect) -> &'static [(String, String); 3] {
    use std::sync::OnceLock;
    static SQLITE: OnceLock<[(String, String); 3]> = OnceLock::new();
    static POSTGRES: OnceLock<[(String, String); 3]> = OnceLock::new();
    let made = || {
        refresh_sql(dialect, Ids::Bound).map(|sql| {
            let (before, after) = sql.split_once('\u{1}').expect("the ids' place");
            (before.to_owned(), after.to_owned())
        })
    };
    match dialect {
        Dialect::Sqlite => SQLITE.get_or_init(made),
        Dialect::Postgres => POSTGRES.get_or_init(made),
    }
}

/// Statement `N` of a refresh, with the ids bound: a type of its own per statement, so
/// that diesel keeps each one prepared (an `sql_query` is parsed and planned anew on every
/// run).
struct Statement<'a, const N: usize> {
    ids: &'a str,
}

impl<const N: usize> QueryId for Statement<'_, N> {
    type QueryId = Statement<'static, N>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Conn, const N: usize> RunQueryDsl<Conn> for Statement<'_, N> {}

macro_rules! statement_on {
    ($backend:ty, $dialect:expr) => {
        impl<const N: usize> QueryFragment<$backend> for Statement<'_, N> {
            fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, $backend>) -> QueryResult<()> {
                let (before, after) = &statements($dialect)[N];
                out.push_sql(before);
                out.push_bind_param::<Text, str>(self.ids)?;
                out.push_sql(after);
                Ok(())
            }
        }
    };
}

statement_on!(diesel::sqlite::Sqlite, Dialect::Sqlite);
statement_on!(diesel::pg::Pg, Dialect::Postgres);

/// Rewrite the execution sums of the projects `ids` from their rows as they are now. Run
/// in the transaction of every write to what they are made of, after it.
pub fn refresh<S: AsRef<str>>(conn: &mut DbConnection, ids: &[S]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    // A bulk load's projects a few at a time: the statements are planned for a few.
    for chunk in ids.chunks(50) {
        let ids = serde_json::to_string(&chunk.iter().map(AsRef::as_ref).collect::<Vec<&str>>())
            .map_err(|e| StoreError::corrupt(e.to_string()))?;
        let ids = ids.as_str();
        match conn {
            DbConnection::Sqlite(c) => {
                Statement::<0> { ids }.execute(c)?;
                Statement::<1> { ids }.execute(c)?;
                Statement::<2> { ids }.execute(c)?;
            }
            DbConnection::Postgres(c) => {
                // Planned for the ids given: a generic plan (PostgreSQL's choice after five
                // runs of a prepared statement) knows nothing of them, and scanned tables.
                diesel::sql_query("SET LOCAL plan_cache_mode = force_custom_plan").execute(c)?;
                Statement::<0> { ids }.execute(c)?;
                Statement::<1> { ids }.execute(c)?;
                Statement::<2> { ids }.execute(c)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SQL's words, however it is wrapped.
    fn words(sql: &str) -> String {
        let words = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        words.replace("( ", "(").replace(" )", ")")
    }

    /// The migration's backfill and trigger are this module's SQL (written out by
    /// `backfill_sql` and `on_delete_sql`, then wrapped for reading).
    #[test]
    fn the_migration_holds_the_sql_of_a_refresh() {
        for (dialect, migration) in [
            (
                Dialect::Sqlite,
                include_str!("../../migrations/sqlite/2026-12-11-000028_execution_summary/up.sql"),
            ),
            (
                Dialect::Postgres,
                include_str!(
                    "../../migrations/postgres/2026-12-11-000028_execution_summary/up.sql"
                ),
            ),
        ] {
            let migration = words(migration);
            for sql in [backfill_sql(dialect), on_delete_sql(dialect, "OLD.id")] {
                assert!(migration.contains(&words(&sql)), "{dialect:?}: {sql}");
            }
        }
    }
}
