//! Diesel queries over rows and plain values, one module per table (or family of tables);
//! nothing here knows the domain's types. Functions take `&mut DbConnection` so they run
//! the same inside and outside a transaction. `records` holds what every cooperation
//! record table shares, `visibility` the read rule, `snapshot` consistent pages.

pub mod arrangements;
pub mod changes;
pub mod clients;
pub mod exchanges;
pub mod idempotency;
pub mod organisations;
pub mod partnerships;
pub mod projects;
pub mod records;
pub mod results;
pub mod snapshot;
pub mod stats;
pub mod visibility;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use uuid::Uuid;

use crate::error::ApiError;

/// Now, truncated to microseconds: PostgreSQL keeps microseconds and SQLite would keep
/// nanoseconds, and both backends must return the same value.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

pub fn to_utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// Ids are stored as text; a stored id that does not parse is a bug, not a client error.
pub fn parse_uuid(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text)
        .map_err(|_| ApiError::internal(format!("stored id {text:?} is not a UUID")))
}

/// Refresh the query planner's statistics after a bulk load (`seed`), as an operator
/// would: plans chosen on the statistics of an empty database read whole tables.
/// PostgreSQL: `VACUUM (ANALYZE)` (also marks pages all-visible, for index-only scans;
/// autovacuum may be off or late), outside a transaction and without the pool's statement
/// timeout. SQLite: `ANALYZE` (run it through the writer).
pub fn refresh_planner_statistics(conn: &mut crate::db::DbConnection) -> Result<(), ApiError> {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        statement_timeout: String,
    }
    match conn {
        crate::db::DbConnection::Postgres(pg) => {
            let Setting { statement_timeout } =
                diesel::sql_query("SHOW statement_timeout").get_result(pg)?;
            pg.batch_execute("SET statement_timeout = 0")?;
            let vacuumed = pg.batch_execute("VACUUM (ANALYZE)");
            pg.batch_execute(&format!(
                "SET statement_timeout = '{}'",
                statement_timeout.replace('\'', "")
            ))?;
            Ok(vacuumed?)
        }
        crate::db::DbConnection::Sqlite(sqlite) => Ok(sqlite.batch_execute("ANALYZE")?),
    }
}
