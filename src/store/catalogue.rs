//! The public catalogue's one query of its own: where each capacity of a page was
//! delivered. The page itself is `record_table`'s list of capacities.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{project_capacities, project_countries, projects};
use crate::store::StoreError;
use crate::store::visibility::{ReadScope, readable_by};

/// The recipient countries of the projects `scope` may read that drew on each of `ids`
/// (their approved versions' links), by capacity, each once, in code order. `ids` is a
/// page: a few dozen.
pub fn delivered_to(
    conn: &mut DbConnection,
    ids: &[String],
    scope: ReadScope,
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_capacity: HashMap<String, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_capacity);
    }
    let query = project_capacities::table
        .inner_join(projects::table.on(projects::id.eq(project_capacities::project_id)))
        .inner_join(
            project_countries::table
                .on(project_countries::project_id.eq(project_capacities::project_id)),
        )
        .filter(project_capacities::capacity_id.eq_any(ids))
        .select((
            project_capacities::capacity_id,
            project_countries::country_code,
        ))
        .distinct()
        .order((
            project_capacities::capacity_id,
            project_countries::country_code,
        ))
        .into_boxed();
    let query = readable_by!(query, scope, projects, project_participants.project_id);
    let rows: Vec<(String, String)> = query.load(conn)?;
    for (id, country) in rows {
        by_capacity.entry(id).or_default().push(country);
    }
    Ok(by_capacity)
}
