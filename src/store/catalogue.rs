//! The public catalogue's one query of its own: where each capacity of a page was
//! delivered (matching asks it too). The page itself is `record_table`'s list of
//! capacities.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{project_capacities, project_countries, projects};
use crate::store::StoreError;
use crate::store::batch::MAX_BIND_PARAMETERS;
use crate::store::visibility::{ReadScope, readable_by};

/// The recipient countries of the projects `scope` may read that drew on each of `ids`
/// (their approved versions' links), by capacity, each once, in code order; only those
/// among `countries` when given. The catalogue asks it of a page; matching, of its
/// candidates (or of the one capacity it finds requests for).
pub fn delivered_to(
    conn: &mut DbConnection,
    ids: &[String],
    countries: Option<&[String]>,
    scope: ReadScope,
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_capacity: HashMap<String, Vec<String>> = HashMap::new();
    if countries.is_some_and(<[String]>::is_empty) {
        return Ok(by_capacity);
    }
    // What is left of the statement's parameters once the countries and the
    // visibility's (at most 8) are bound.
    let per_statement = MAX_BIND_PARAMETERS - countries.map_or(0, <[String]>::len) - 8;
    for chunk in ids.chunks(per_statement) {
        let mut query = project_capacities::table
            .inner_join(projects::table.on(projects::id.eq(project_capacities::project_id)))
            .inner_join(
                project_countries::table
                    .on(project_countries::project_id.eq(project_capacities::project_id)),
            )
            .filter(project_capacities::capacity_id.eq_any(chunk))
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
        if let Some(countries) = countries {
            query = query.filter(project_countries::country_code.eq_any(countries));
        }
        let query = readable_by!(query, scope, projects, project_participants.project_id);
        let rows: Vec<(String, String)> = query.load(conn)?;
        for (id, country) in rows {
            by_capacity.entry(id).or_default().push(country);
        }
    }
    Ok(by_capacity)
}
